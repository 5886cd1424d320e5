"""The rich-text tree every engine's output becomes, and every output format writes.

A rendered citation or bibliography entry is a ``RichText`` container of inline nodes:
``Text`` (characters, with the ``Source`` that produced them where the engine knows
it), ``Styled`` (italic, bold, small caps, super/subscript, underline), ``Quoted``
(the locale's quote marks around their content), ``Link`` (an http(s) address),
``Block`` (a CSL display block: a block, the left-margin label, the right-inline
text, an indent).  refkit's CSL processor builds it directly; the citeproc-py and
pybtex adapters read their HTML into it (``refkit.cite.richtext.html_reader``).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = [
    "Block",
    "Container",
    "Display",
    "Inline",
    "Link",
    "Quoted",
    "RichText",
    "Source",
    "SourceKind",
    "Style",
    "Styled",
    "Text",
    "plain_text",
]


class SourceKind(enum.Enum):
    """What produced a run of text: a CSL variable (names, dates and numbers included)
    or a locale term."""

    VARIABLE = "variable"
    TERM = "term"


@dataclass(frozen=True, slots=True)
class Source:
    """The CSL variable or term a run of text comes from; ``part`` names the date part
    (``year``, ``month``, ``day``) or name part (``family``, ``given``) within it."""

    kind: SourceKind
    name: str
    part: str = ""

    def __str__(self) -> str:
        base = self.name if self.kind is SourceKind.VARIABLE else f"term:{self.name}"
        return f"{base}.{self.part}" if self.part else base


class Style(enum.Enum):
    """Character formatting a backend can write."""

    ITALIC = "italic"
    BOLD = "bold"
    SMALL_CAPS = "smallcaps"
    SUPERSCRIPT = "sup"
    SUBSCRIPT = "sub"
    UNDERLINE = "underline"


class Display(enum.Enum):
    """CSL ``display`` values (CSL 1.0.2, "Display")."""

    BLOCK = "block"
    LEFT_MARGIN = "left-margin"
    RIGHT_INLINE = "right-inline"
    INDENT = "indent"


class Container(enum.Enum):
    """What a ``RichText`` holds."""

    ENTRY = "entry"
    CITATION = "citation"


@dataclass(frozen=True, slots=True)
class Text:
    """Characters as they are to be read (never escaped for any format)."""

    text: str
    source: Source | None = None


@dataclass(frozen=True, slots=True)
class Styled:
    style: Style
    children: tuple[Inline, ...] = ()


@dataclass(frozen=True, slots=True)
class Quoted:
    """Content between quote marks (the marks are the locale's, already chosen)."""

    open: str
    close: str
    children: tuple[Inline, ...] = ()


@dataclass(frozen=True, slots=True)
class Link:
    """A link: ``href`` is an http(s) address (see ``refkit.cite.richtext.links``)."""

    href: str
    children: tuple[Inline, ...] = ()


@dataclass(frozen=True, slots=True)
class Block:
    display: Display
    children: tuple[Inline, ...] = ()


Inline = Text | Styled | Quoted | Link | Block


@dataclass(frozen=True, slots=True)
class RichText:
    """One rendered bibliography entry or citation."""

    children: tuple[Inline, ...] = ()
    kind: Container = Container.ENTRY
    key: str = field(default="", compare=False)


def texts(node: Inline | RichText) -> Iterator[Text]:
    """Every ``Text`` under ``node`` in reading order (quote marks as unsourced Text)."""
    match node:
        case Text():
            yield node
        case Quoted():
            yield Text(node.open)
            for child in node.children:
                yield from texts(child)
            yield Text(node.close)
        case _:
            for child in node.children:
                yield from texts(child)


def plain_text(node: Inline | RichText) -> str:
    """The characters of ``node`` without formatting (quote marks included)."""
    return "".join(text.text for text in texts(node))
