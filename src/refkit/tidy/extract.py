"""A paper's own bibliography cut from a master file: the cited entries and what they need.

Chosen: every entry the paper cites (``\\nocite{*}``: all), the ``crossref``, ``xref``
and ``xdata`` parents of chosen entries (and theirs), the members of a chosen ``@set``,
the ``@string`` macros chosen entries use (and the macros those use), and every
``@preamble``.  Blocks are written in the master's order with their exact bytes, one
blank line apart.  Keys are matched exactly; a key that matches only ignoring case is
taken (BibTeX compares keys so) and reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from refkit.bib.model import Bibliography, Delimiter, Entry, PreambleBlock, StringBlock, value_parts
from refkit.core.encoding import decode
from refkit.core.errors import InputError
from refkit.manuscript import find_citations
from refkit.manuscript.latex import find_aux_citations
from refkit.manuscript.model import ManuscriptKind

__all__ = ["Extracted", "cited_keys", "extract"]

_PARENTS = ("crossref", "xref", "xdata")
_AUX_INPUT = re.compile(r"\\@input\{(?P<file>[^{}]+)\}")


@dataclass
class Extracted:
    text: str
    #: Cited keys with no entry in any master file.
    missing: list[str] = field(default_factory=list)
    #: ``(cited, found)`` keys matched only when case is ignored.
    case_matched: list[tuple[str, str]] = field(default_factory=list)
    entries: int = 0
    strings: int = 0


def _read(path: Path, encoding: str | None) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(error.strerror or str(error), path=str(path)) from None
    return decode(data, encoding, str(path)).text


def _aux_keys(path: Path, encoding: str | None) -> list[str]:
    keys: list[str] = []
    pending, seen = [path], set()
    while pending:
        current = pending.pop(0)
        if current in seen or not current.is_file():
            continue
        seen.add(current)
        text = _read(current, encoding)
        keys.extend(item.key for item in find_aux_citations(text) if item.key)
        pending.extend(path.parent / match.group("file") for match in _AUX_INPUT.finditer(text))
    return keys


def cited_keys(path: str, encoding: str | None = None) -> list[str]:
    """The keys a .tex, .md or .aux file cites, in order, once each (``*``: all)."""
    where = Path(path)
    if where.suffix.lower() == ".aux":
        keys = _aux_keys(where, encoding)
        if not where.is_file():
            raise InputError("no such file", path=path)
    else:
        kind = ManuscriptKind.from_path(path)
        if kind is ManuscriptKind.PROSE:
            raise InputError("extract reads .tex, .md or .aux files", path=path)
        text = _read(where, encoding)
        keys = [item.key for item in find_citations(text, kind) if item.key]
        if kind is ManuscriptKind.LATEX:
            keys.extend(_aux_keys(where.with_suffix(".aux"), encoding))
    return list(dict.fromkeys(keys))


def _macros(raws: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for raw in raws:
        if raw[:1] in '{"' and "#" not in raw:
            continue
        found.update(
            content.lower()
            for kind, content in value_parts(raw)
            if kind is Delimiter.BARE and not content.isdigit()
        )
    return found


def _links(entry: Entry) -> list[str]:
    found: list[str] = []
    for name in _PARENTS:
        item = entry.field(name)
        if item is not None:
            found.extend(part.strip() for part in item.value.split(",") if part.strip())
    if entry.type == "set":
        item = entry.field("entryset")
        if item is not None:
            found.extend(part.strip() for part in item.value.split(",") if part.strip())
    return found


def extract(bibliographies: Sequence[Bibliography], keys: Sequence[str]) -> Extracted:
    """The extracted file's text, and the cited keys that were not found."""
    result = Extracted("")
    exact: dict[str, Entry] = {}
    folded: dict[str, Entry] = {}
    for bibliography in bibliographies:
        for entry in bibliography.entries:
            exact.setdefault(entry.key, entry)
            folded.setdefault(entry.key.lower(), entry)
    chosen: set[int] = set()
    if "*" in keys:
        chosen.update(id(entry) for bib in bibliographies for entry in bib.entries)
    pending = [key for key in keys if key != "*"]
    seen: set[str] = set()
    while pending:
        key = pending.pop(0)
        if key in seen:
            continue
        seen.add(key)
        found = exact.get(key)
        if found is None and key.lower() in folded:
            found = folded[key.lower()]
            result.case_matched.append((key, found.key))
        if found is None:
            result.missing.append(key)
            continue
        chosen.add(id(found))
        pending.extend(_links(found))
    used: set[str] = set()
    for bibliography in bibliographies:
        for entry in bibliography.entries:
            if id(entry) in chosen:
                used |= _macros(entry.field_texts()[1])
    definitions = {
        block.name.lower(): block
        for bibliography in bibliographies
        for block in bibliography.blocks
        if isinstance(block, StringBlock)
    }
    frontier = list(used)
    while frontier:
        name = frontier.pop()
        definition = definitions.get(name)
        if definition is not None:
            for inner in _macros([definition.field.raw]) - used:
                used.add(inner)
                frontier.append(inner)
    pieces: list[str] = []
    for bibliography in bibliographies:
        for block in bibliography.blocks:
            if isinstance(block, Entry) and id(block) in chosen:
                pieces.append(block.raw)
                result.entries += 1
            elif isinstance(block, StringBlock) and block.name.lower() in used:
                pieces.append(block.raw)
                result.strings += 1
            elif isinstance(block, PreambleBlock):
                pieces.append(block.raw)
    newline = bibliographies[0].newline if bibliographies else "\n"
    result.text = (newline * 2).join(pieces) + (newline if pieces else "")
    return result
