"""Whitespace tokenisation with character offsets.

A token is a maximal run of non-space characters; the labelled spans of the
development data fall on these boundaries, so a field value is always the
input text from the first to the last character of a run of tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN_RE = re.compile(r"\S+")


@dataclass(frozen=True)
class Token:
    """One whitespace-delimited token and its position in the source string."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into whitespace-delimited tokens with offsets."""
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]
