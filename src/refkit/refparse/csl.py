"""Parsed references as CSL items, read through the core.

The labels of a parsed reference are CSL variables already; its spans are cleaned
(``refkit.refparse.cleaning``) and then read the way refkit reads a bibliography: a
name span becomes a BibTeX name that ``refkit.bib.names`` parses and
``refkit.cite.csljson`` turns into a CSL name, and a date span's year, month word and
day become a CSL date through ``csljson.date_from_parts``.  BibTeX and CSL-JSON are
then written from the item by the core (see ``refkit.refparse.export``).
"""

from __future__ import annotations

import re
from typing import Any

from refkit.bib.months import MONTH_MACROS
from refkit.bib.names import parse_names
from refkit.cite.csljson import csl_name, csl_pages, date_from_parts
from refkit.cite.latex_text import latex_escape
from refkit.refparse.cleaning import clean_value, has_et_al, name_text, one, spans, trim
from refkit.refparse.names import is_organisation
from refkit.refparse.normalise import apply_normalised
from refkit.refparse.types import NAME_LABELS, ParsedReference

__all__ = ["bibtex_name", "csl_item"]

CslItem = dict[str, Any]

#: Labels whose value is a CSL variable of another name.
_VARIABLE_OF = {
    "location": "publisher-place",
    "doi": "DOI",
    "url": "URL",
    "isbn": "ISBN",
    "pages": "page",
}
#: The CSL text variables an item takes from the labels.
_TEXT_VARIABLES = frozenset(
    {
        "title",
        "container-title",
        "publisher",
        "publisher-place",
        "edition",
        "genre",
        "number",
        "authority",
        "DOI",
        "URL",
        "ISBN",
        "note",
        "volume",
        "issue",
        "page",
        "collection-title",
    }
)
_NOT_TEXT = NAME_LABELS | {"date", "accessed", "citation-number"}
_VOLUME_ISSUE = re.compile(
    r"^(?P<vol>[\w.]+?)\s*(?:\((?P<iss>[^()]+)\)|(?:[,.]\s*)?(?:no|nr|issue|n°)\.?\s*"
    r"(?P<iss2>[\w\-–/]+))\s*(?::\s*(?P<pages>\S+))?$",
    re.I,
)
_RANGE_HYPHEN = re.compile(r"(?<=\d)-(?=[A-Za-z]{0,2}\d)")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_DAY = re.compile(r"(?<!\d)([0-3]?\d)(?!\d)")
_INITIALS = re.compile(r"^(?:[A-Z]\.?-?){1,3}$")
_AND = re.compile(r"\band\b", re.IGNORECASE)
_MONTH_WORD = re.compile(r"[a-zé]+")
_ACCESSED_WORD = re.compile(r"^[\[(]?\s*(?:accessed|viewed|retrieved|consulted)\s*:?", re.I)


def csl_item(ref: ParsedReference) -> CslItem:
    """A parsed reference as a CSL-JSON item (``id`` is its key)."""
    item: CslItem = {"id": ref.key or "ref", "type": ref.type}
    for role in ("author", "editor", "translator"):
        read = ref.normalised.names.get(role)
        if read is not None and read.names:
            continue  # the rules read these names already (applied below)
        names = [name for span in spans(ref, role) for name in _csl_names(span) if name]
        if names and has_et_al(spans(ref, role)):
            names.append({"literal": "others"})  # et al., as csljson.to_csl writes it
        if names:
            item[role] = names
    for label in ref.fields:
        if label in _NOT_TEXT:
            continue
        variable = _VARIABLE_OF.get(label, label)
        value = one(ref, label)
        if value and variable in _TEXT_VARIABLES:
            item[variable] = csl_pages(value) if variable == "page" else value
    volume = _VOLUME_ISSUE.match(item.get("volume", ""))
    if volume:
        item["volume"] = volume.group("vol")
        item.setdefault("issue", volume.group("iss") or volume.group("iss2"))
        if volume.group("pages"):
            item.setdefault("page", csl_pages(clean_value("pages", volume.group("pages"))))
    for variable, label in (("issued", "date"), ("accessed", "accessed")):
        for span in spans(ref, label):
            date = _date(span)
            if date:
                item[variable] = date
                break
        else:
            if label == "date" and spans(ref, label):
                item[variable] = {"literal": clean_value("date", spans(ref, label)[0])}
            elif label == "accessed" and spans(ref, label):
                # No date in it: kept as a note, as a reader would write it.
                seen = clean_value("note", _ACCESSED_WORD.sub("", " ".join(spans(ref, label))))
                notes = [part for part in ("Accessed " + seen, item.get("note", "")) if part]
                item["note"] = "; ".join(notes)
    if "citation-number" in ref.fields:
        item["citation-number"] = one(ref, "citation-number")
    # the rules after tagging decide what a span alone cannot: a DOI in a resolver URL,
    # "1996;73:1006-12" split, editions and report numbers out of titles, names read
    apply_normalised(item, ref.normalised)
    if "page" in ref.normalised.variables:
        # the rules write "1006-1012"; a CSL item's ranges are en-dashed, as above
        item["page"] = _RANGE_HYPHEN.sub("–", item["page"])
    return item


def _csl_names(span: str) -> list[dict[str, str]]:
    bibtex = bibtex_name(span)
    return [csl_name(name) for name in parse_names(bibtex)] if bibtex else []


def bibtex_name(span: str) -> str | None:
    """A name span as one BibTeX name (LaTeX), for the core's name parser; None if empty.

    An organisation is one brace group; "Family, Given" and "Given Family" are BibTeX's
    own forms; "Skinner R" (family, then initials: Vancouver) is turned around.
    """
    text = name_text(span)
    if not text:
        return None
    if is_organisation(text):
        return "{" + latex_escape(trim(text)) + "}"
    if "," in text:
        family, given = text.split(",", 1)
        return f"{_name_part(family.strip())}, {_name_part(given.strip().rstrip(','))}"
    parts = text.split()
    if (
        len(parts) >= 2
        and _INITIALS.match(parts[-1].rstrip("."))
        and not _INITIALS.match(parts[0].rstrip("."))
    ):
        return f"{_name_part(' '.join(parts[:-1]))}, {_name_part(parts[-1])}"
    return _name_part(text)


def _name_part(text: str) -> str:
    """Escaped, and braced when a comma or an "and" in it would split the name."""
    escaped = latex_escape(text)
    if "," in text or _AND.search(text):
        return "{" + escaped + "}"
    return escaped


def _date(span: str) -> dict[str, Any] | None:
    """The CSL date in a date span: its year, and the month and day when a month word
    (``Mar``, ``March``, ``Sept.``, ``Januar``) is in it; None without a year."""
    year = _YEAR.search(span)
    if year is None:
        return None
    month = next((word for word in _MONTH_WORD.findall(span.lower()) if _is_month(word)), None)
    day = None
    if month is not None:
        found = _DAY.search(_YEAR.sub(" ", span))
        if found and 1 <= int(found.group(1)) <= 31:
            day = found.group(1)
    return date_from_parts(year.group(1), month, day)


def _is_month(word: str) -> bool:
    """A month's three-letter abbreviation, or a word that starts as its name does."""
    name = MONTH_MACROS.get(word[:3])
    return name is not None and (len(word) == 3 or word.startswith(name[:4].lower()))
