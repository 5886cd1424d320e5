"""Citation keys renamed in manuscripts, through cite-check's own citation parsers.

Only the characters of each key are replaced, at the offsets the LaTeX and Pandoc
Markdown parsers report; comments, verbatim and code are skipped as cite-check skips
them, so ``% \\cite{old}`` and ```@old``` stay.  Plain prose (author-year) has no keys.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from refkit.bib.io import write_text
from refkit.core.encoding import decode
from refkit.core.errors import InputError, UsageError
from refkit.manuscript import find_citations
from refkit.manuscript.model import ManuscriptKind

__all__ = [
    "Rewritten",
    "key_map_text",
    "rewrite_citations",
    "rewrite_manuscripts",
    "write_rewritten",
]


@dataclass(frozen=True)
class Rewritten:
    """A manuscript's new text and how many citations changed."""

    path: str
    text: str
    replaced: int
    encoding: str = "utf-8"
    bom: bytes = b""


def rewrite_citations(
    text: str, kind: ManuscriptKind, renames: Mapping[str, str]
) -> tuple[str, int]:
    """``text`` with every cited key in ``renames`` replaced; and how many were."""
    if kind is ManuscriptKind.PROSE:
        raise UsageError("only LaTeX and Markdown manuscripts cite by key")
    pieces: list[str] = []
    position = 0
    replaced = 0
    for citation in sorted(find_citations(text, kind), key=lambda item: item.start):
        new = renames.get(citation.key or "")
        if (
            new is None
            or citation.start < position
            or text[citation.start : citation.end] != citation.key
        ):
            continue
        pieces.append(text[position : citation.start])
        pieces.append(new)
        position = citation.end
        replaced += 1
    pieces.append(text[position:])
    return "".join(pieces), replaced


def rewrite_manuscripts(paths: Sequence[str], renames: Mapping[str, str]) -> list[Rewritten]:
    """Each manuscript rewritten in memory (nothing written yet: see ``write_rewritten``)."""
    done: list[Rewritten] = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise InputError(error.strerror or str(error), path=path) from None
        decoded = decode(data, None, path)
        kind = ManuscriptKind.from_path(path)
        if kind is ManuscriptKind.PROSE:
            raise UsageError(f"{path}: --manuscript takes .tex or .md files (keys are cited there)")
        text, count = rewrite_citations(decoded.text, kind, renames)
        done.append(Rewritten(path, text, count, decoded.encoding, decoded.bom))
    return done


def write_rewritten(items: Sequence[Rewritten]) -> None:
    """Write the manuscripts that changed, each atomically."""
    for item in items:
        if item.replaced:
            write_text(item.path, item.text, item.encoding, item.bom)


def key_map_text(changes: Sequence[tuple[str, str, str | None]], path: str) -> str:
    """The old -> new key map as JSON (``.json``) or CSV (anything else)."""
    if path.lower().endswith(".json"):
        items = [{"old": old, "new": new, "file": file} for old, new, file in changes]
        return json.dumps({"version": "1.0", "keys": items}, indent=2, ensure_ascii=False) + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["old", "new", "file"])
    for old, new, file in changes:
        writer.writerow([old, new, file or ""])
    return buffer.getvalue()
