"""Readers shared by the registry modules: names, dates, text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from refkit.lookup.normalize import collapse
from refkit.lookup.records import Person

_SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv)\.?$", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_DBLP_NUMBER = re.compile(r"(?<!\s)\s+\d{4}$")
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le"}
)


def first_text(value: Any) -> str:
    """A string, or the first string of a list (Crossref gives titles as lists)."""
    if isinstance(value, str):
        return collapse(value)
    if isinstance(value, list):
        for item in value:
            if isinstance(item, str) and item.strip():
                return collapse(item)
    return ""


def all_texts(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (collapse(value),) if value.strip() else ()
    if isinstance(value, list):
        return tuple(collapse(item) for item in value if isinstance(item, str) and item.strip())
    return ()


def split_full_name(name: str) -> Person:
    """``Caprice Stanley`` to family Stanley; ``Ludwig van Beethoven`` to van Beethoven.

    For registries that give one string per person (arXiv, DBLP, Open Library).
    """
    text = _DBLP_NUMBER.sub("", collapse(name))
    if "," in text:
        family, _, given = text.partition(",")
        return Person(family=family.strip(), given=given.strip())
    parts = text.split()
    if not parts:
        return Person(family="")
    while len(parts) > 1 and _SUFFIX.match(parts[-1]):
        parts.pop()
    start = len(parts) - 1
    while start > 1 and parts[start - 1].lower() in _PARTICLES:
        start -= 1
    return Person(family=" ".join(parts[start:]), given=" ".join(parts[:start]))


def csl_people(value: Any) -> tuple[Person, ...]:
    """CSL-style names (``family``/``given`` or ``name``/``literal``), as Crossref gives them."""
    people: list[Person] = []
    if not isinstance(value, list):
        return ()
    for item in value:
        if not isinstance(item, Mapping):
            continue
        family = str(item.get("family") or "").strip()
        given = str(item.get("given") or "").strip()
        literal = str(item.get("name") or item.get("literal") or "").strip()
        if family:
            particle = str(item.get("non-dropping-particle") or "").strip()
            people.append(Person(family=f"{particle} {family}".strip(), given=given))
        elif literal:
            people.append(Person(family=literal))
    return tuple(people)


def date_year(value: Any) -> int | None:
    """The year of a CSL/Crossref date (``{"date-parts": [[2012, 3]]}``) or a date string."""
    if isinstance(value, Mapping):
        parts = value.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            first = parts[0][0]
            if isinstance(first, int):
                return first
            if isinstance(first, str) and first.isdigit():
                return int(first)
        return date_year(value.get("raw") or value.get("date-time"))
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        match = _YEAR.search(value)
        return int(match.group(1)) if match else None
    return None


def years(values: Iterable[Any]) -> frozenset[int]:
    found = {date_year(value) for value in values}
    return frozenset(year for year in found if year is not None)


def string(value: Any) -> str:
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return collapse(str(value))
    return ""
