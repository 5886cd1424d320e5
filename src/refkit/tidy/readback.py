"""Whether written text reads back as meant, without scanning the whole file again.

A laid-out entry is its type, key and field names as the scanner read them, joined by
fixed punctuation, with each value re-delimited.  The one thing that could read back
differently is where a value ends, so each written value is checked with the scanner's
own delimiter rules (braces and quotes not counted after a backslash, a line that starts
an entry ends any value): a braced or quoted part must close exactly at its end.  What
could still interact across blocks (unparsable blocks, which run up to the next line
starting with "@"; text that begins on an entry's last line; entries that moved) makes
``format`` scan the whole result again instead (``needs_full_read_back``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from refkit.bib.model import raw_value_problem

__all__ = ["text_starts_on_a_line_in_use", "value_reads_back"]

_BRACE_MARKS = re.compile(r"(?<!\\)[{}]|\n[ \t]*@[ \t]*[A-Za-z][\w\-:.+]*[ \t]*[{(]")
_QUOTE_MARKS = re.compile(r"(?<!\\)[{}\"]|\n[ \t]*@[ \t]*[A-Za-z][\w\-:.+]*[ \t]*[{(]")
_BARE = re.compile(r"[^\s=,{}()\"#%]+")
_BRACES = re.compile(r"[{}]")
_ENTRY_LINE = re.compile(r"\n[ \t]*@[ \t]*[A-Za-z][\w\-:.+]*[ \t]*[{(]")


def _closes_at_end(value: str, marks: re.Pattern[str], final: str) -> bool:
    depth = 0
    for mark in marks.finditer(value, 1):
        char = mark.group()
        if char[0] == "\n":
            return False
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return final == "}" and mark.end() == len(value)
            depth -= 1
        elif depth == 0:  # a quote at depth 0 closes a quoted value
            return mark.end() == len(value)
    return False


def value_reads_back(value: str) -> bool:
    """Whether the scanner reads ``value`` (a field's value expression) as exactly it."""
    if _single_part(value):
        return True
    # a concatenation (or something wrong): the model's full check, which scans it
    return "#" in value and raw_value_problem(value) is None


def _nested(inner: str) -> bool | None:
    """Whether the braces of ``inner`` pair off (innermost pairs removed until none are
    left) and no line in it starts an entry; None when an escaped brace makes the
    mark-by-mark walk necessary."""
    if "\\" in inner and ("\\{" in inner or "\\}" in inner or inner.endswith("\\")):
        return None  # an escaped brace is no brace to the scanner
    if "\n" in inner and _ENTRY_LINE.search(inner):
        return False
    opened = inner.count("{")
    if opened != inner.count("}"):
        return False
    if not opened:
        return True
    # One walk over the braces (removing innermost pairs until none are left was
    # quadratic in the depth: 25,000 nested braces took 4 s).
    depth = 0
    for mark in _BRACES.finditer(inner):
        depth += 1 if mark.group() == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def _single_part(value: str) -> bool:
    if len(value) < 2:
        return _BARE.fullmatch(value) is not None
    first = value[0]
    if first == "{":
        if value[-1] != "}":
            return False
        nested = _nested(value[1:-1])
        if nested is not None:
            return nested
        return _closes_at_end(value, _BRACE_MARKS, "}")
    if first == '"':
        if value[-1] != '"':
            return False
        inner = value[1:-1]
        if '"' not in inner:
            nested = _nested(inner)
            if nested is not None:
                return nested
        return _closes_at_end(value, _QUOTE_MARKS, '"')
    return _BARE.fullmatch(value) is not None


def text_starts_on_a_line_in_use(texts: Sequence[str | None]) -> bool:
    """Whether any of these texts between blocks has something on its first line: text
    that goes on after a block's last character, where a '%' or '@' could read otherwise
    next to a rewritten entry."""
    for text in texts:
        if not text:
            continue
        first_line = text.split("\n", 1)[0]
        if first_line.strip():
            return True
    return False
