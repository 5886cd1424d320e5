"""Plain text, and plain text labelled with where each run of it comes from.

Plain text is the tree's characters with whitespace collapsed (one space for any run
of spaces, tabs and line breaks; none at either end), a left-margin label followed by
one space, and no-break spaces written as spaces.  ``labelled_spans`` gives the same
text cut into runs, each with the ``Source`` (CSL variable, date part or term) that
produced it: joined, the spans are exactly ``write_text``'s output.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .tree import Block, Display, Inline, Quoted, RichText, Source, Text

__all__ = ["LabelledSpan", "labelled_spans", "write_text"]

_SPACES = re.compile(r"[ \t\r\n]+")
_ASCII_SPACE = " \t\r\n"


@dataclass(frozen=True, slots=True)
class LabelledSpan:
    """A run of output text and what produced it (None: punctuation, affixes, literal
    text of the style, quote marks, spaces)."""

    text: str
    source: Source | None = None

    @property
    def label(self) -> str:
        """``str(source)``: ``title``, ``issued.year``, ``term:edition``; "" for none."""
        return "" if self.source is None else str(self.source)


def write_text(tree: RichText) -> str:
    """``tree`` as plain text."""
    return "".join(span.text for span in labelled_spans(tree))


def labelled_spans(tree: RichText) -> tuple[LabelledSpan, ...]:
    """``tree`` as plain text in runs, each with its source (adjacent runs from the same
    source joined)."""
    pieces = _collapse(list(_pieces(tree.children)))
    _strip(pieces)
    spans: list[LabelledSpan] = []
    for text, source in pieces:
        if not text:
            continue
        text = text.replace("\u00a0", " ")
        if spans and spans[-1].source == source:
            spans[-1] = LabelledSpan(spans[-1].text + text, source)
        else:
            spans.append(LabelledSpan(text, source))
    return tuple(spans)


def _pieces(children: tuple[Inline, ...]) -> Iterator[tuple[str, Source | None]]:
    for child in children:
        match child:
            case Text():
                yield child.text, child.source
            case Quoted():
                yield child.open, None
                yield from _pieces(child.children)
                yield child.close, None
            case Block(display=Display.LEFT_MARGIN):
                label = list(_pieces(child.children))
                _strip(label)
                yield from label
                yield " ", None
            case _:
                yield from _pieces(child.children)


def _collapse(pieces: list[tuple[str, Source | None]]) -> list[tuple[str, Source | None]]:
    """Each run of ASCII whitespace, across pieces too, as one space (in the piece
    where the run starts)."""
    out: list[tuple[str, Source | None]] = []
    after_space = False
    for text, source in pieces:
        if after_space:
            text = text.lstrip(_ASCII_SPACE)
        text = _SPACES.sub(" ", text)
        if text:
            after_space = text[-1] == " "
        out.append((text, source))
    return out


def _strip(pieces: list[tuple[str, Source | None]]) -> None:
    """``str.strip()`` of the pieces' joined text, done on the pieces in place."""
    for index, (text, source) in enumerate(pieces):
        stripped = text.lstrip()
        pieces[index] = (stripped, source)
        if stripped:
            break
    for index in range(len(pieces) - 1, -1, -1):
        text, source = pieces[index]
        stripped = text.rstrip()
        pieces[index] = (stripped, source)
        if stripped:
            break
