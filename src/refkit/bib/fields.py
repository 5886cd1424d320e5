"""Fields: one ``name = value`` of an entry, exactly as written, with decoded views.

A field read from a file keeps its number in the scanner's offset table and the file's
``SourceContext``, so its spans are found without storing them, and an entry can tell an
edited field from the one it was read as.
"""

from __future__ import annotations

import sys
from array import array
from dataclasses import dataclass, field

from refkit.bib.latex import TextSegment, segments, to_unicode
from refkit.bib.names import Name, parse_names
from refkit.bib.scanner import FIELD_WIDTH, RawField
from refkit.bib.values import Delimiter, MacroExpander, value_parts
from refkit.core.spans import SourceMap, Span

__all__ = ["Field", "FieldSlots", "SourceContext", "read_field", "read_fields"]


@dataclass
class SourceContext:
    """What the blocks of one file share: its text, the scanner's offsets and its macros.

    Built by the reader (``refkit.bib.io``); blocks read their text through it lazily.
    """

    source: SourceMap
    offsets: array[int] = field(default_factory=lambda: array("q"))
    macros: dict[str, str] = field(default_factory=dict)
    path: str | None = None
    _expander: MacroExpander | None = field(default=None, repr=False, compare=False)

    def resolve(self, raw: str) -> str:
        """``raw`` with this file's macros expanded, each macro expanded once per file
        (the reader fills ``macros`` before any value is resolved)."""
        if self._expander is None:
            self._expander = MacroExpander(self.macros)
        return self._expander.resolve(raw)

    def raw_field(self, number: int) -> RawField:
        base = number * FIELD_WIDTH
        offsets = self.offsets
        return (
            offsets[base],
            offsets[base + 1],
            offsets[base + 2],
            offsets[base + 3],
            offsets[base + 4],
        )



class Field:
    """One ``name = value`` of an entry, exactly as written, with decoded views."""

    __slots__ = ("_context", "_origin", "_text", "name", "raw")

    def __init__(
        self,
        name: str,
        raw: str,
        *,
        origin: int | None = None,
        context: SourceContext | None = None,
    ) -> None:
        self.name = name
        #: The value expression exactly as written, delimiters included.
        self.raw = raw
        self._origin = origin
        self._context = context
        self._text: str | None = None

    @classmethod
    def braced(cls, name: str, content: str) -> Field:
        """A new field whose value is written in braces."""
        return cls(name, "{" + content + "}")

    @property
    def key(self) -> str:
        """The field name in lower case, as BibTeX compares it."""
        return self.name.lower()

    @property
    def delimiter(self) -> Delimiter:
        parts = value_parts(self.raw)
        if len(parts) != 1:
            return Delimiter.CONCATENATION
        return parts[0][0]

    @property
    def value(self) -> str:
        """The raw value as written, without its outer braces or quotes."""
        parts = value_parts(self.raw)
        if len(parts) == 1 and parts[0][0] != Delimiter.BARE:
            return parts[0][1]
        return self.raw

    @property
    def resolved(self) -> str:
        """The LaTeX value with ``@string`` macros expanded and parts concatenated."""
        if self._context is None:
            return MacroExpander({}).resolve(self.raw)
        return self._context.resolve(self.raw)

    @property
    def text(self) -> str:
        """Decoded plain text: macros resolved, LaTeX to Unicode, braces stripped."""
        if self._text is None:
            self._text = to_unicode(self.resolved)
        return self._text

    @property
    def segments(self) -> list[TextSegment]:
        """The decoded text as case-protected and unprotected runs."""
        return segments(self.resolved)

    @property
    def names(self) -> list[Name]:
        """Parsed names (first/von/last/jr, or one literal for an organisation)."""
        return parse_names(self.resolved)

    @property
    def origin(self) -> int | None:
        """The field's number in its file's offset table, or None for a new field."""
        return self._origin

    @property
    def context(self) -> SourceContext | None:
        """The file the field was read from (None for a new field)."""
        return self._context

    @property
    def span(self) -> Span | None:
        """From the first character of the name to the last of the value."""
        return self._span(0, 3)

    @property
    def name_span(self) -> Span | None:
        return self._span(0, 1)

    @property
    def value_span(self) -> Span | None:
        return self._span(2, 3)

    @property
    def offsets(self) -> tuple[int, int, SourceMap] | None:
        """Start and end offsets of ``span`` with its source, without building a Span."""
        if self._origin is None or self._context is None:
            return None
        base = self._origin * FIELD_WIDTH
        offsets = self._context.offsets
        return offsets[base], offsets[base + 3], self._context.source

    def _span(self, start: int, end: int) -> Span | None:
        if self._origin is None or self._context is None:
            return None
        base = self._origin * FIELD_WIDTH
        offsets = self._context.offsets
        return Span(offsets[base + start], offsets[base + end], self._context.source)

    def with_value(self, content: str) -> Field:
        """A copy with a new value, written with this field's delimiters where possible."""
        if self.delimiter == Delimiter.QUOTES and '"' not in content:
            raw = '"' + content + '"'
        else:
            raw = "{" + content + "}"
        return Field(self.name, raw, origin=self._origin, context=self._context)

    def with_raw(self, raw: str) -> Field:
        return Field(self.name, raw, origin=self._origin, context=self._context)

    def with_name(self, name: str) -> Field:
        return Field(name, self.raw, origin=self._origin, context=self._context)

    def __repr__(self) -> str:
        return f"Field({self.name!r}, {self.raw!r})"



def read_fields(context: SourceContext, first: int, count: int) -> list[Field]:
    """Fields ``first`` to ``first + count - 1`` of a file, from the scanner's offsets.

    ``read_field`` for a whole entry, with the offsets fetched in one slice: a quarter
    faster than a call per field when every field of every entry is read.
    """
    text = context.source.text
    bounds = context.offsets[first * FIELD_WIDTH : (first + count) * FIELD_WIDTH].tolist()
    intern = sys.intern
    new = object.__new__
    made: list[Field] = []
    number = first
    for base in range(0, len(bounds), FIELD_WIDTH):
        item = new(Field)
        item.name = intern(text[bounds[base] : bounds[base + 1]])
        item.raw = text[bounds[base + 2] : bounds[base + 3]]
        item._origin = number
        item._context = context
        item._text = None
        made.append(item)
        number += 1
    return made


def read_field(context: SourceContext, number: int) -> Field:
    """Field ``number`` of a file, from the scanner's offsets.

    On the hot path of every whole-file check (a million fields): slots are set
    directly because ``Field.__init__`` with keywords costs a third more.
    """
    text = context.source.text
    offsets = context.offsets
    base = number * FIELD_WIDTH
    item = object.__new__(Field)
    item.name = sys.intern(text[offsets[base] : offsets[base + 1]])
    item.raw = text[offsets[base + 2] : offsets[base + 3]]
    item._origin = number
    item._context = context
    item._text = None
    return item


class FieldSlots:
    """An entry's fields, each made from the source only when first asked for.

    ``refkit check`` reads every field's name and raw text (``Entry.field_texts``) but
    asks for only some as ``Field`` objects; building the rest would cost a third of
    the check.  The list is shared with the entry, so a field is made once and stays
    the same object (rules locate fixes by identity).
    """

    __slots__ = ("_context", "_first", "items")

    def __init__(
        self, context: SourceContext | None, first: int, items: list[Field | None]
    ) -> None:
        self._context = context
        self._first = first
        self.items = items

    def __getitem__(self, position: int) -> Field:
        item = self.items[position]
        if item is None:
            assert self._context is not None
            item = self.items[position] = read_field(self._context, self._first + position)
        return item

    def complete(self) -> list[Field]:
        """Every field, made where missing; the same list object from now on."""
        items = self.items
        for position, item in enumerate(items):
            if item is None:
                self[position]
        return items  # type: ignore[return-value]  # no None is left

