"""A given name's trailing lower-case words ("Ludwig van"), split off in linear time."""

from __future__ import annotations

import re

__all__ = ["trailing_lowercase"]

#: The start of a word that does not begin with a lower-case ASCII letter.
_OTHER_WORD = re.compile(r"(?<!\S)[^\sa-z]")
_RUN = re.compile(r"\s+")


def trailing_lowercase(given: str) -> tuple[str, str] | None:
    r"""``(head, words)`` as ``re.fullmatch(r"(.*?)\s+((?:[a-z]\S*\s*)+)", given)``
    gives its two groups, or None where that does not match.

    That pattern is cubic on a long run of white space; here the words after the last
    word that is not lower-case are found with two linear scans: the head ends at the
    first run of white space after that word, and may not hold a line break.
    """
    start = 0
    for other in _OTHER_WORD.finditer(given):
        start = other.end()
    run = _RUN.search(given, start)
    if run is None or run.end() == len(given):
        return None
    head = given[: run.start()]
    if "\n" in head:
        return None
    return head, given[run.end() :]
