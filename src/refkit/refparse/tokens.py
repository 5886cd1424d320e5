"""Whitespace tokenisation with character offsets.

A token is a maximal run of non-space characters (a year glued to the word after
it, "2019;Available", is cut in two); the labelled spans of the development data
fall on these boundaries, so a field value is always the input text from the
first to the last character of a run of tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN_RE = re.compile(r"\S+")
# "2019;Available", "2016.https://...", "1998,‘Stability": a year and its punctuation
# glued to the next word (a space lost in copying or rendering) are two tokens
_GLUED_YEAR_RE = re.compile(r"^\(?(?:1[5-9]\d\d|20\d\d)[a-z]?\)?[.,;:](?=[^\W\d_]|[‘“\"'])")


@dataclass(frozen=True)
class Token:
    """One whitespace-delimited token and its position in the source string."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into whitespace-delimited tokens with offsets."""
    out: list[Token] = []
    for m in _TOKEN_RE.finditer(text):
        word, start = m.group(), m.start()
        glued = _GLUED_YEAR_RE.match(word)
        if glued:
            cut = glued.end()
            out.append(Token(word[:cut], start, start + cut))
            out.append(Token(word[cut:], start + cut, m.end()))
        else:
            out.append(Token(word, start, m.end()))
    return out
