"""CSL dates from biblatex's ISO 8601/EDTF ``date`` fields and BibTeX's year/month/day."""

from __future__ import annotations

import re
from typing import Any

from refkit.bib.months import month_number

__all__ = ["date_from_parts", "parse_date"]

_DATE_PART = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?:T[\d:]+Z?)?([~?%]*)$")


def date_from_parts(
    year: str, month: str | None = None, day: str | None = None
) -> dict[str, Any] | None:
    """A CSL date from BibTeX's ``year``, ``month`` and ``day`` texts.

    The year may be a range (``2001--2003``) or a literal; the month a macro, a name or
    a number (``mar``, ``March``, ``Sept.``, ``3``).  A month that names no month leaves
    the year's own date as it is, and the day counts only after a month.
    """
    parsed = parse_date(re.sub(r"(?:(?<!\s)\s*)?(?:--|–|/)\s*", "/", year))
    if parsed is None or "literal" in parsed or len(parsed["date-parts"]) != 1:
        return parsed
    parts: list[int] = parsed["date-parts"][0][:1]
    if month is not None:
        number = _month_number(month)
        if number is None:
            return parsed
        parts.append(number)
        if day is not None and day.strip().isdigit():
            parts.append(int(day))
    return {"date-parts": [parts]}


def _month_number(text: str) -> int | None:
    cleaned = text.strip().rstrip(".").lower()
    if cleaned.isdigit() and 1 <= int(cleaned) <= 12:
        return int(cleaned)
    return month_number(cleaned) or month_number(cleaned[:3])


def parse_date(text: str) -> dict[str, Any] | None:
    """A biblatex (ISO 8601/EDTF level 1) date or range as a CSL date; else a literal."""
    text = text.strip()
    if not text:
        return None
    ends = text.split("/")
    if len(ends) > 2:
        return {"literal": text}
    parts: list[list[int]] = []
    circa = False
    for end in ends:
        end = end.strip()
        if end in {"", ".."}:
            continue
        match = _DATE_PART.match(end)
        if match is None:
            return {"literal": text}
        numbers = [int(group) for group in match.groups()[:3] if group is not None]
        if len(numbers) > 1 and not 1 <= numbers[1] <= 12:
            return {"literal": text}
        if len(numbers) > 2 and not 1 <= numbers[2] <= 31:
            return {"literal": text}
        circa = circa or "~" in match.group(4) or "%" in match.group(4)
        parts.append(numbers)
    if not parts:
        return {"literal": text}
    result: dict[str, Any] = {"date-parts": parts}
    if circa:
        result["circa"] = True
    return result
