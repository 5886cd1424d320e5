"""Writing parsed references: JSON lines (exact spans), CSL-JSON, BibTeX, biblatex.

JSON lines show the spans as found.  The other formats go through the core: each
reference becomes a CSL item (``refkit.refparse.csl``), CSL-JSON is that item as
``refkit.cite.csljson`` writes it, and BibTeX or biblatex is the ``Entry`` that
``csljson.csl_to_entry`` makes of it, written by ``Entry.format``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from refkit.cite.csljson import csl_to_entry, dumps_json
from refkit.refparse.cleaning import has_et_al, spans
from refkit.refparse.csl import csl_item
from refkit.refparse.types import ParsedReference

__all__ = [
    "FORMATS",
    "bibtex_entry",
    "csl_item",
    "jsonl_record",
    "render",
    "to_bibtex",
    "to_csljson",
    "to_jsonl",
]

# internal labels written under another CSL name in the span (JSONL) view
_JSONL_LABEL = {"accessed": "note"}


def jsonl_record(ref: ParsedReference) -> dict[str, Any]:
    """The span view of one reference: ``{"text", "type", "fields"}``."""
    fields: dict[str, Any] = {}
    for label, value in ref.fields.items():
        name = _JSONL_LABEL.get(label, label)
        if name in fields:
            prev = fields[name]
            prev_list = prev if isinstance(prev, list) else [prev]
            new_list = value if isinstance(value, list) else [value]
            fields[name] = prev_list + new_list
        else:
            fields[name] = list(value) if isinstance(value, list) else value
    return {"text": ref.text, "type": ref.type, "fields": fields}


def to_jsonl(refs: Iterable[ParsedReference]) -> str:
    """One JSON object per line."""
    return "".join(json.dumps(jsonl_record(r), ensure_ascii=False) + "\n" for r in refs)


def bibtex_entry(ref: ParsedReference, *, biblatex: bool = False) -> str:
    """One BibTeX (or biblatex) entry, after its problems as ``%`` comments."""
    key = ref.key or "ref"
    entry = csl_to_entry(csl_item(ref), "biblatex" if biblatex else "bibtex", key)
    for role in ("author", "editor", "translator"):
        # CSL has no way to say "et al."; BibTeX says "and others".
        names = entry.field(role)
        if (
            names is not None
            and has_et_al(spans(ref, role))
            and not names.value.endswith(" and others")
        ):
            entry.set(role, names.value + " and others")
    comments = "".join(f"% refkit: {key}: {p.code}: {p.message}\n" for p in ref.problems)
    return comments + entry.format() + "\n"


def to_bibtex(refs: Iterable[ParsedReference], *, biblatex: bool = False) -> str:
    """A .bib file of the references."""
    return "\n".join(bibtex_entry(r, biblatex=biblatex) for r in refs)


def to_csljson(refs: Iterable[ParsedReference]) -> str:
    """A CSL-JSON array."""
    return dumps_json([csl_item(r) for r in refs])


FORMATS = ("bibtex", "biblatex", "csljson", "jsonl")


def render(refs: Sequence[ParsedReference], fmt: str) -> str:
    """The references in one of :data:`FORMATS`."""
    if fmt == "bibtex":
        return to_bibtex(refs)
    if fmt == "biblatex":
        return to_bibtex(refs, biblatex=True)
    if fmt == "csljson":
        return to_csljson(refs)
    if fmt == "jsonl":
        return to_jsonl(refs)
    raise ValueError(f"unknown format: {fmt}")
