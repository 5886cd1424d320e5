"""A .bib file from the classic BibTeX data model to biblatex's, or back, keeping every field.

Only entry types, field names and dates change; every value is spliced in as it was
written (math, ``\\url``, ``\\href``, macros, concatenations), and fields the target does
not know stay under their own name (BibTeX ignores them, biber carries them).  The maps
are biblatex's own BibTeX compatibility source map (``lint.biblatex_datamodel``:
``@techreport`` -> ``@report`` with ``type = {techreport}``, ``@phdthesis`` -> ``@thesis``
with ``type = {phdthesis}``, ``journal`` -> ``journaltitle``, ``archivePrefix`` ->
``eprinttype``, ...), applied in refkit so that the file says what biber would read.
BibTeX's ``@inbook`` (its ``title`` is the book's) is biblatex's ``@book`` with a
``chapter``/``pages``, as the biblatex manual advises; biblatex's ``@inbook`` (a part with
its own title in a ``booktitle``) is BibTeX's ``@incollection``.  Dates become ISO 8601
(biblatex) or year/month (BibTeX); what cannot be converted is reported as a ``Loss``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from refkit.bib.entrytypes import STANDARD_BIBTEX_TYPES
from refkit.bib.io import loads
from refkit.bib.model import Bibliography, Entry
from refkit.bib.months import month_macro, month_number
from refkit.core.losses import Loss
from refkit.lint.biblatex_datamodel import (
    BIBTEX_FIELD_MAP,
    BIBTEX_TYPE_MAP,
    ENTRY_TYPES,
    SKIPOUT_ENTRY_TYPES,
)

__all__ = ["BIBTEX_TYPES", "Conversion", "DataModel", "convert", "iso_date"]

DataModel = Literal["biblatex", "bibtex"]

#: The entry types of BibTeX's standard styles (plain, unsrt, alpha, abbrv).
BIBTEX_TYPES = STANDARD_BIBTEX_TYPES

#: biblatex types to BibTeX's, where BibTeX has a type that prints the same work.
_TO_BIBTEX_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "report": "techreport",
        "online": "misc",
        "www": "misc",
        "electronic": "misc",
        "collection": "book",
        "mvbook": "book",
        "mvcollection": "book",
        "reference": "book",
        "mvreference": "book",
        "bookinbook": "incollection",
        "suppbook": "incollection",
        "suppcollection": "incollection",
        "inreference": "incollection",
        "mvproceedings": "proceedings",
        "suppperiodical": "article",
        "review": "article",
    }
)
#: biblatex field names back to BibTeX's (biber's map reversed, for fields styles read).
_TO_BIBTEX_FIELDS: Mapping[str, str] = MappingProxyType(
    {
        "journaltitle": "journal",
        "location": "address",
        "annotation": "annote",
        "eprinttype": "archiveprefix",
        "eprintclass": "primaryclass",
    }
)
#: The ``type`` values biber's map sets, which say no more than the BibTeX type did.
_MAPPED_TYPE_VALUES = frozenset({"techreport", "phdthesis", "mathesis"})
#: EDTF level 1 seasons, as biblatex reads them (21 spring ... 24 winter).
_SEASONS: Mapping[int, str] = MappingProxyType(
    {21: "Spring", 22: "Summer", 23: "Autumn", 24: "Winter"}
)
#: biblatex's date fields (each may hold an ISO 8601/EDTF date or range).
_DATE_FIELDS = ("date", "urldate", "eventdate", "origdate")
_ISO = re.compile(
    r"(?:-?\d{4}|\.\.)?(?:-\d{2}){0,2}(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?[~?%]?"
)
_NUMERIC = re.compile(r"(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})")
#: "15 March 2020", "March 15, 2020"; the day's white space and the year's are one run, so
#: ``\s*`` and ``\s+`` never split a long run between them (quadratic).
_WORDS = re.compile(
    r"(?:(\d{1,2})(?:st|nd|rd|th)?\.?\s+)?([A-Za-z]+)\.?(?:\s*(\d{1,2}),?|\s*,)?\s+(\d{4})"
)


@dataclass(frozen=True)
class Conversion:
    """The converted text and what could not be kept."""

    text: str
    losses: tuple[Loss, ...]


def convert(bib: Bibliography, target: DataModel) -> Conversion:
    """``bib`` in the ``target`` data model (``bib`` itself is not changed)."""
    copy = loads(bib.dumps(), path=bib.path)
    losses: list[Loss] = []
    for entry in copy.entries:
        if target == "biblatex":
            _to_biblatex(entry, losses)
        else:
            _to_bibtex(entry, losses)
    return Conversion(copy.dumps(), tuple(losses))


def iso_date(text: str) -> str | None:
    """A date as ISO 8601/EDTF (``2020-03-05``), or None if it is not clearly one date.

    Accepts ISO forms (a slash for ranges), ``2020/3/5``, ``5.3.2020``, ``March 5, 2020``,
    ``5 March 2020``, ``Mar. 2020``; ``03/05/2020`` only where the day is over 12.
    """
    text = text.strip()
    if "/" in text and not _NUMERIC.fullmatch(text):
        ends = [iso_date(end) if end.strip() not in {"", ".."} else end for end in text.split("/")]
        return None if None in ends or len(ends) != 2 else "/".join(str(end) for end in ends)
    if _ISO.fullmatch(text) and text:
        parts = re.match(r"-?\d{4}(?:-(\d{2}))?(?:-(\d{2}))?", text)
        month, day = parts.groups() if parts else (None, None)
        if (month and not 1 <= int(month) <= 12) or (day and not 1 <= int(day) <= 31):
            return None
        return text
    match = _NUMERIC.fullmatch(text)
    if match:
        first, second, third = (int(group) for group in match.groups())
        if len(match.group(1)) == 4:
            return _valid(first, second, third)
        if len(match.group(3)) != 4:
            return None
        if "/" in text:  # month/day/year or day/month/year: only when the day says which
            if first > 12 >= second:
                return _valid(third, second, first)
            return _valid(third, first, second) if second > 12 >= first else None
        return _valid(third, second, first)  # 5.3.2020, 5-3-2020: day first
    match = _WORDS.fullmatch(text)
    if match:
        month = month_number(match.group(2).lower()) or month_number(match.group(2)[:3].lower())
        day = match.group(1) or match.group(3)
        if month is None or (match.group(1) and match.group(3)):
            return None
        year = int(match.group(4))
        return _valid(year, month, int(day)) if day else f"{year:04d}-{month:02d}"
    return None


def _valid(year: int, month: int, day: int) -> str | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _line(entry: Entry, name: str) -> int | None:
    found = entry.field(name)
    span = found.span if found is not None else None
    return span.start_line if span is not None else None


#: Field names as BibTeX users spell them.
_SPELLING: Mapping[str, str] = MappingProxyType(
    {"archiveprefix": "archivePrefix", "primaryclass": "primaryClass"}
)


def _rename(entry: Entry, names: Mapping[str, str]) -> None:
    for index, field in enumerate(list(entry.fields)):
        target = names.get(field.key)
        if target is not None and target not in entry:
            entry.rename_field_at(index, _SPELLING.get(target, target))


def _to_biblatex(entry: Entry, losses: list[Loss]) -> None:
    kind = entry.type
    if kind == "inbook" and "booktitle" not in entry:
        entry.set_type("book")
    elif kind in BIBTEX_TYPE_MAP:
        mapping = BIBTEX_TYPE_MAP[kind]
        entry.set_type(mapping.target)
        for name, value in mapping.sets:
            if name not in entry:
                entry.set(name, value)
    elif kind not in ENTRY_TYPES and kind not in SKIPOUT_ENTRY_TYPES:
        losses.append(Loss(entry.key, "", f"@{kind} is not a biblatex type", _line(entry, "")))
    _rename(entry, BIBTEX_FIELD_MAP)
    _fold_day(entry, losses)
    for name in _DATE_FIELDS:
        found = entry.field(name)
        if found is None:
            continue
        iso = iso_date(found.text)
        if iso is None:
            message = f"{found.text!r} is not an ISO 8601 date (biber drops it)"
            losses.append(Loss(entry.key, name, message, _line(entry, name)))
        elif iso != found.text.strip():
            entry.set_at(entry.position_of(found), iso)


def _fold_day(entry: Entry, losses: list[Loss]) -> None:
    """biber ignores a BibTeX ``day``: year, month and day become one ``date``."""
    day = entry.field("day")
    if day is None:
        return
    year, month = entry.field("year"), entry.field("month")
    number = _month(month.text) if month is not None else None
    if (
        "date" in entry
        or year is None
        or number is None
        or not year.text.strip().isdigit()
        or not day.text.strip().isdigit()
    ):
        message = "biblatex has no day field, and year, month and day make no date here"
        losses.append(Loss(entry.key, "day", message, _line(entry, "day")))
        return
    iso = _valid(int(year.text), number, int(day.text))
    if iso is None:
        losses.append(Loss(entry.key, "day", f"day {day.text!r} is no day", _line(entry, "day")))
        return
    index = entry.position_of(year)
    entry.set_at(index, iso)
    entry.rename_field_at(index, "date")
    entry.remove("month")
    entry.remove("day")


def _month(text: str) -> int | None:
    cleaned = text.strip().rstrip(".").lower()
    if cleaned.isdigit():
        return int(cleaned) if 1 <= int(cleaned) <= 12 else None
    return month_number(cleaned) or month_number(cleaned[:3])


def _to_bibtex(entry: Entry, losses: list[Loss]) -> None:
    kind = entry.type
    type_value = (entry.get("type") or "").strip().lower()
    if kind == "thesis":
        master = type_value in {"mathesis", "mastersthesis"} or "master" in type_value
        entry.set_type("mastersthesis" if master else "phdthesis")
    elif kind == "inbook" and "booktitle" in entry:
        entry.set_type("incollection")
    elif kind == "book" and "booktitle" not in entry and ("chapter" in entry or "pages" in entry):
        entry.set_type("inbook")
    elif kind in _TO_BIBTEX_TYPES:
        entry.set_type(_TO_BIBTEX_TYPES[kind])
        url = entry.field("url")
        if entry.type == "misc" and url is not None and "howpublished" not in entry:
            entry.set("howpublished", "\\url{" + url.value + "}")
    elif kind not in BIBTEX_TYPES:
        entry.set_type("misc")
        message = f"@{kind} has no BibTeX type: written as @misc"
        losses.append(Loss(entry.key, "", message, _line(entry, "")))
    if type_value in _MAPPED_TYPE_VALUES and entry.type in {
        "techreport",
        "phdthesis",
        "mastersthesis",
    }:
        entry.remove("type")
    if entry.type in {"phdthesis", "mastersthesis"} and "school" not in entry:
        _rename(entry, {"institution": "school"})
    _rename(entry, _TO_BIBTEX_FIELDS)
    _join_subtitle(entry, "title", "subtitle")
    _join_subtitle(entry, "booktitle", "booksubtitle")
    _split_date(entry, losses)


def _join_subtitle(entry: Entry, title: str, subtitle: str) -> None:
    """BibTeX styles print no subtitle: it joins the title, as biblatex prints it."""
    main, extra = entry.field(title), entry.field(subtitle)
    if main is None or extra is None:
        return
    joint = " " if re.search(r"[.?!:]\}*$", main.value.strip()) else ": "
    entry.set_at(entry.position_of(main), f"{main.value.strip()}{joint}{extra.value.strip()}")
    entry.remove(subtitle)


def _split_date(entry: Entry, losses: list[Loss]) -> None:
    date = entry.field("date")
    if date is None or "year" in entry:
        return
    text = date.text.strip()
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text)
    index = entry.position_of(date)
    if match is None:
        range_match = re.fullmatch(r"(\d{4})(?:-\d{2}){0,2}/(\d{4})(?:-\d{2}){0,2}", text)
        if range_match is None:
            message = f"date {text!r} has no BibTeX year form"
            losses.append(Loss(entry.key, "date", message, _line(entry, "date")))
            return
        entry.set_at(index, f"{range_match.group(1)}--{range_match.group(2)}")
        entry.rename_field_at(index, "year")
        return
    month_number = int(match.group(2) or 1)
    season = _SEASONS.get(month_number)
    if not 1 <= month_number <= 12 and (season is None or match.group(3)):
        message = f"date {text!r} has no month {month_number} (BibTeX has no form for it)"
        losses.append(Loss(entry.key, "date", message, _line(entry, "date")))
        return
    entry.set_at(index, match.group(1))
    entry.rename_field_at(index, "year")
    if match.group(2) and "month" not in entry:
        # an EDTF season (2019-22, summer) is printed as BibTeX styles print a month
        entry.set("month", season or match.group(2))
        month = entry.field("month")
        assert month is not None
        if season is None:
            entry.set_raw_at(entry.position_of(month), month_macro(month_number))
    if match.group(3) and "day" not in entry:
        entry.set("day", str(int(match.group(3))))
