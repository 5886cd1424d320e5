"""Dates: CSL-JSON parsing, localized / non-localized rendering and ranges."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

__all__ = ["DateValue", "date_sort_key", "parse_date"]


class DateValue(NamedTuple):
    """A parsed date (a named tuple: cheap to build, one per date of every item)."""

    start: tuple[int, int, int] = (0, 0, 0)
    end: tuple[int, int, int] | None = None
    season: int = 0
    end_season: int = 0
    circa: bool = False
    literal: str = ""
    has_year: bool = True
    season_text: str = ""
    open_end: bool = False


def _int(x: Any) -> int:
    if isinstance(x, int):
        return x
    if isinstance(x, float):
        return int(x)
    s = str(x).strip()
    m = re.match(r"^-?\d+", s)
    return int(m.group(0)) if m else 0


def _triple(parts: Any) -> tuple[int, int, int, int]:
    vals = [_int(p) for p in list(parts)[:3]] if isinstance(parts, (list, tuple)) else []
    while len(vals) < 3:
        vals.append(0)
    y, m, d = vals
    season = 0
    if 13 <= m <= 20:
        season, m, d = (m - 13) % 4 + 1, 0, 0
    elif 21 <= m <= 24:
        season, m, d = m - 20, 0, 0
    if m > 12 or m < 0:
        m, d = 0, 0
    if d > 31 or d < 0:
        d = 0
    return y, m, d, season


_RAW_RE = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def _parse_raw(raw: str) -> DateValue | None:
    raw = raw.strip()
    parts = raw.split("/")
    tri: list[tuple[int, int, int]] = []
    for p in parts:
        m = _RAW_RE.match(p.strip())
        if not m:
            return None
        tri.append((int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)))
    if not tri:
        return None
    return DateValue(start=tri[0], end=tri[1] if len(tri) > 1 else None)


def parse_date(value: Any) -> DateValue | None:
    """Parse a CSL-JSON date object (or a raw ISO-like string)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        got = _parse_raw(value)
        return got if got is not None else DateValue(literal=value, has_year=False)
    if not isinstance(value, dict):
        return None
    circa = bool(value.get("circa"))
    season_field = value.get("season")
    dp = value.get("date-parts")
    if dp and isinstance(dp, list) and dp[0] and isinstance(dp[0], list) and str(dp[0][0]).strip():
        y, m, d, season = _triple(dp[0])
        end = None
        end_season = 0
        open_end = False
        if len(dp) > 1 and dp[1]:
            y2, m2, d2, end_season = _triple(dp[1])
            if y2 or m2 or d2 or end_season:
                end = (y2, m2, d2)
            else:
                open_end = True
        season_text = ""
        if season_field and not season:
            s = _int(season_field)
            if 1 <= s <= 4:
                season = s
            elif isinstance(season_field, str) and not s:
                season_text = season_field
        if y == 0 and m == 0 and d == 0 and not season:
            lit = value.get("literal") or value.get("raw")
            if lit:
                return (
                    parse_date(str(lit))
                    if value.get("raw") and not value.get("literal")
                    else DateValue(literal=str(lit), has_year=False)
                )
            return None
        return DateValue(
            start=(y, m, d),
            end=end,
            season=season,
            end_season=end_season,
            circa=circa,
            season_text=season_text,
            open_end=open_end,
        )
    if value.get("literal"):
        return DateValue(literal=str(value["literal"]), has_year=False, circa=circa)
    if value.get("raw"):
        got = _parse_raw(str(value["raw"]))
        if got is not None:
            return DateValue(start=got.start, end=got.end, circa=circa)
        return DateValue(literal=str(value["raw"]), has_year=False, circa=circa)
    return None


def date_sort_key(d: DateValue | None, parts: str = "year-month-day") -> str:
    """A sortable string; missing dates are handled by the caller."""
    if d is None:
        return ""
    if d.literal and not d.has_year:
        # no year, no key (sorts last), as citeproc-js dateAsSortKey
        return ""
    y, m, dd = d.start
    if "month" not in parts:
        m = 0
    if "day" not in parts:
        dd = 0
    # a season is not sorted on (citeproc-js keys only years, months and days)
    base = f"{y + 50000:06d}{m:02d}{dd:02d}"
    # every key has an end block (zeros for a single date, which so sorts before a
    # range from the same start): keys of one length compare alike as text and under
    # the collation's digit-run-as-number comparison (citeproc-js dateAsSortKey)
    y2, m2, d2 = d.end if d.end is not None else (-50000, 0, 0)
    if "month" not in parts:
        m2 = 0
    if "day" not in parts:
        d2 = 0
    return base + f"{y2 + 50000:06d}{m2:02d}{d2:02d}"
