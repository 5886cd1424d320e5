"""Numbers: numeric tests, ordinals, roman numerals and page-range formats."""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "format_page_range",
    "is_numeric",
    "plural_count",
    "roman",
    "split_numbers",
]

_NUM_TOKEN = re.compile(r"^[a-zA-Z]*\d+[a-zA-Z]*$")
_SPLIT = re.compile(r"(?:(?<!\s)\s*)?([,&\-\u2013]|\band\b)\s*")


def _as_str(value: Any) -> str:
    if isinstance(value, bool):
        return ""
    if isinstance(value, (int, float)):
        return str(int(value)) if float(value).is_integer() else str(value)
    return str(value)


def is_numeric(value: Any) -> bool:
    """CSL is-numeric: digits, optionally with letter affixes, joined by , - & (a hyphen
    escaped with a backslash is literal but still joins numbers)."""
    s = _as_str(value).strip().replace("\\-", "-")
    if not s:
        return False
    parts = _SPLIT.split(s)
    for i, p in enumerate(parts):
        if i % 2 == 1:
            continue
        if not _NUM_TOKEN.match(p.strip()):
            return False
    return True


def split_numbers(value: Any) -> list[str]:
    """Tokens alternating number, separator, number ..."""
    return list(_SPLIT.split(_as_str(value).strip()))


#: a roman numeral is a word of its own ("ISO 9001" is no "I" and "9001")
_NUMLIKE = r"(?:[0-9]+[a-zA-Z]*|[a-zA-Z]*[0-9]+|[ivxlcdmIVXLCDM]+(?![a-zA-Z]))"
#: a comma right before a digit joins ("5,123,456", "12,14": citeproc-js labels them
#: in the singular); only ", " separates numbers
_JOINED_COMMA = re.compile(r"(?<=\d),(?=\d)")
_PLURAL_RE = re.compile(
    rf"(?<![\w\\]){_NUMLIKE}(?:\s*(?<!\\)[\-\u2013&]\s*|\s*,?\s*[^\W\d]{{1,5}}\s+|\s*,\s*)"
    rf"{_NUMLIKE}(?!\w)"
)


def plural_count(value: Any) -> int:
    """How many numbers a value holds (for contextual label plurals)."""
    s = _as_str(value).strip()
    if not s:
        return 0
    if "," in s:
        s = _JOINED_COMMA.sub("", s)
    if _PLURAL_RE.search(s):
        return 2
    return 1


_ROMAN = [
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
]  # fmt: skip


def roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for v, s in _ROMAN:
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def _expand(first: str, last: str) -> str:
    if len(last) < len(first):
        return first[: len(first) - len(last)] + last
    return last


def _minimal(first: str, last: str, min_digits: int) -> str:
    if len(first) != len(last):
        return last
    i = 0
    while i < len(first) - 1 and first[i] == last[i]:
        i += 1
    out = last[i:]
    if len(out) < min_digits:
        out = last[-min_digits:] if len(last) >= min_digits else last
    return out


def _chicago(first: str, last: str, sixteen: bool) -> str:
    f = int(first)
    if f < 100 or f % 100 == 0:
        return last
    if sixteen:
        return _minimal(first, last, 1 if f % 100 < 10 else 2)
    if f % 100 < 10:
        return _minimal(first, last, 1)
    if len(first) == 4 and len(last) == 4:
        changed = sum(1 for a, b in zip(first, last, strict=False) if a != b)
        if changed >= 3:
            return last
    return _minimal(first, last, 2)


_RANGE_PART = re.compile(r"^(\s*)([A-Za-z]*)(\d+)\s*(?:-|\u2013)\s*([A-Za-z]*)(\d+)(\s*)$")
_ROMAN_RANGE = re.compile(
    r"^\s*[ivxlcdm]+\s*-\s*[ivxlcdm]+\s*$|^\s*[IVXLCDM]+\s*-\s*[IVXLCDM]+\s*$"
)
_SEP = re.compile(r"((?:(?<!\s)\s*)?[,&]\s*)")


def format_page_range(value: str, fmt: str, delimiter: str = "\u2013", en_dash: bool = True) -> str:
    """Apply ``page-range-format`` to every ``a-b`` range in ``value``.

    As citeproc-js: ``--`` marks no range, and in a locator (``en_dash`` false) only a
    hyphen does: a locator written with an en dash is printed as it was typed.
    """
    out: list[str] = []
    for i, part in enumerate(_SEP.split(value)):
        if i % 2 == 1:
            out.append(part)
            continue
        m = _RANGE_PART.match(part)
        if m is not None and not en_dash and "\u2013" in part:
            m = None
        if m is None and _ROMAN_RANGE.match(part):
            out.append(re.sub(r"(?:(?<!\s)\s*)?-\s*", delimiter, part))
            continue
        if m is None or m.group(2) != m.group(4):
            out.append(re.sub(r"(?<!\s)\s+-\s+", "-", part) if "-" in part else part)
            continue
        lead, pre, a, b, trail = m.group(1), m.group(2), m.group(3), m.group(5), m.group(6)
        full = _expand(a, b)
        if int(full) <= int(a) or not fmt:
            out.append(f"{lead}{pre}{a}{delimiter}{m.group(4)}{b}{trail}")
            continue
        if fmt == "expanded":
            last = pre + full
        elif fmt == "minimal":
            last = _minimal(a, full, 1)
        elif fmt == "minimal-two":
            last = _minimal(a, full, 2)
        elif fmt in ("chicago", "chicago-15", "chicago-16"):
            last = _chicago(a, full, fmt == "chicago-16")
        else:
            last = b
        out.append(f"{lead}{pre}{a}{delimiter}{last}{trail}")
    return "".join(out)
