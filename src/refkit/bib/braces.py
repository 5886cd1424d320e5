"""Brace groups in BibTeX text, counted the one way refkit reads a .bib file.

A brace right after a backslash (``\\{``, ``\\}``) is a character, not a delimiter:
that is how bibtexparser splits a file, and so how refkit's scanner does (``\\\\{`` is
no exception, as in bibtexparser).  Every walk over a field value's brace groups goes
through this module, so a value that balances here is read back as one value.

The functions are small and run at C speed where they can (regular expressions, string
methods): they sit on the paths of whole-file checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["BRACE", "find_closer", "is_balanced", "top_level_groups"]

#: A brace that counts: one not preceded by a backslash.
BRACE = re.compile(r"(?<!\\)[{}]")
_BRACE_OR_QUOTE = re.compile(r"(?<!\\)[{}\"]")
_ESCAPED_BRACE = re.compile(r"\\[{}]")
_NOT_BRACE = re.compile(r"[^{}]+")


def find_closer(text: str, start: int = 0, end: int | None = None, *, quoted: bool = False) -> int:
    """The index of the first ``}`` at brace depth 0 in ``text[start:end]``, or -1.

    ``start`` is just after an opening ``{``, so the index found is that of its closing
    brace.  With ``quoted``, the walk is inside a ``"..."`` string (``start`` just after
    the opening quote): a ``"`` at depth 0 ends it, and a ``}`` at depth 0 is returned
    too, since it cannot be in a quoted string; the caller tells them apart by
    ``text[index]``.
    """
    marks = (_BRACE_OR_QUOTE if quoted else BRACE).finditer(
        text, start, len(text) if end is None else end
    )
    depth = 0
    for mark in marks:
        char = mark.group()
        if char == "{":
            depth += 1
        elif char == "}":
            if not depth:
                return mark.start()
            depth -= 1
        elif not depth:
            return mark.start()
    return -1


def is_balanced(text: str, *, escapes: bool = True) -> bool:
    """Whether every ``}`` closes an earlier ``{`` and none is left open.

    ``escapes=False`` counts ``\\{`` and ``\\}`` too, as BibTeX itself and pybtex do
    (``refkit.bib.names`` predicts pybtex's name splitting with it).
    """
    if "{" not in text and "}" not in text:
        return True
    if escapes and "\\" in text:
        text = _ESCAPED_BRACE.sub("", text)
    braces = _NOT_BRACE.sub("", text)
    while "{}" in braces:
        braces = braces.replace("{}", "")
    return not braces


def top_level_groups(text: str) -> Iterator[tuple[int, int]]:
    """The ``(start, end)`` of each brace group at depth 0, ``end`` just past its ``}``.

    A ``}`` that closes nothing is text.  A group still open at the end of ``text`` is
    yielded last with ``end`` -1.
    """
    depth = 0
    start = 0
    for mark in BRACE.finditer(text):
        if mark.group() == "{":
            if not depth:
                start = mark.start()
            depth += 1
        elif depth:
            depth -= 1
            if not depth:
                yield start, mark.end()
    if depth:
        yield start, -1
