"""Entries: type, key and ordered fields (duplicates kept), edited with minimal diffs.

An entry read from a file makes its fields only when they are asked for (see
``FieldSlots``).  An edited entry is re-emitted by splicing only its changed parts into
its original text, so a fix produces a minimal diff; a new entry is written afresh.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping

from refkit.bib.blocks import Block, newline_of
from refkit.bib.fields import Field, FieldSlots, SourceContext, read_fields
from refkit.bib.scanner import FIELD_WIDTH, BlockKind, RawField
from refkit.bib.values import Delimiter, raw_value_problem
from refkit.core.errors import UsageError
from refkit.core.spans import Span

__all__ = ["Entry"]


class Entry(Block):
    """A bibliographic entry: type, key and ordered fields (duplicates kept)."""

    kind = BlockKind.ENTRY
    __slots__ = (
        "_dirty",
        "_field_count",
        "_field_start",
        "_fields",
        "_key",
        "_key_span",
        "_slots",
        "_type",
        "_type_span",
        "analysis",
    )

    def __init__(
        self,
        entry_type: str,
        key: str,
        fields: list[Field] | None = None,
        *,
        start: int = 0,
        end: int = 0,
        context: SourceContext | None = None,
        field_start: int = 0,
        field_count: int = 0,
        type_span: tuple[int, int] = (0, 0),
        key_span: tuple[int, int] = (0, 0),
    ) -> None:
        super().__init__(start, end, context)
        self._type = entry_type
        self._key = key
        self._fields = fields
        self._slots: FieldSlots | None = None
        self._field_start = field_start
        self._field_count = field_count
        self._type_span = type_span
        self._key_span = key_span
        self._dirty = context is None
        #: What an analysis derived from this entry as read (the check rules keep a
        #: digest of its fields here); meaningful only while ``is_modified`` is False.
        self.analysis: object = None

    @classmethod
    def new(cls, entry_type: str, key: str, fields: Mapping[str, str] | None = None) -> Entry:
        """A new entry; values are written in braces as given (LaTeX allowed)."""
        made = [Field.braced(name, value) for name, value in (fields or {}).items()]
        return cls(entry_type, key, made)

    # -- reading -----------------------------------------------------------------

    @property
    def type(self) -> str:
        """The entry type in lower case (``article``)."""
        return self._type.lower()

    @property
    def type_as_written(self) -> str:
        return self._type

    @property
    def key(self) -> str:
        """The citation key, case kept."""
        return self._key

    @property
    def fields(self) -> list[Field]:
        """All fields in order, duplicates included (a copy: edit through methods)."""
        return list(self._field_list())

    def _field_list(self) -> list[Field]:
        if self._fields is None:
            assert self._context is not None
            if self._slots is not None:
                self._fields = self._slots.complete()
            else:
                self._fields = read_fields(self._context, self._field_start, self._field_count)
        return self._fields

    def field_slots(self) -> FieldSlots:
        """The fields by position, each made on first use (see ``FieldSlots``)."""
        if self._fields is not None:
            return FieldSlots(None, 0, self._fields)  # type: ignore[arg-type]
        if self._slots is None:
            self._slots = FieldSlots(
                self._context, self._field_start, [None] * self._field_count
            )
        return self._slots

    def field_texts(self) -> tuple[list[str], list[str]]:
        """Names (as written) and raw values of the fields, without making ``Field``s."""
        if self._fields is not None:
            return [item.name for item in self._fields], [item.raw for item in self._fields]
        assert self._context is not None
        text = self._context.source.text
        first = self._field_start
        bounds = self._context.offsets[
            first * FIELD_WIDTH : (first + self._field_count) * FIELD_WIDTH
        ].tolist()
        intern = sys.intern
        names = [
            intern(text[bounds[base] : bounds[base + 1]])
            for base in range(0, len(bounds), FIELD_WIDTH)
        ]
        raws = [
            text[bounds[base + 2] : bounds[base + 3]] for base in range(0, len(bounds), FIELD_WIDTH)
        ]
        return names, raws

    def field(self, name: str) -> Field | None:
        """The first field called ``name`` (case-insensitive), or None."""
        wanted = name.lower()
        for item in self._field_list():
            if item.name.lower() == wanted:
                return item
        return None

    def fields_named(self, name: str) -> list[Field]:
        wanted = name.lower()
        return [item for item in self._field_list() if item.name.lower() == wanted]

    def get(self, name: str, default: str | None = None) -> str | None:
        """The decoded text of a field, or ``default``."""
        found = self.field(name)
        return found.text if found is not None else default

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.field(name) is not None

    def __iter__(self) -> Iterator[Field]:
        return iter(self._field_list())

    def position_of(self, field: Field) -> int:
        """Where this very field object is in the entry (identity, not equality)."""
        origin = field.origin
        if not self._dirty and origin is not None and field.context is self._context:
            # Unedited, the entry's fields are its source fields in order: no need to
            # make them all just to find one.
            position = origin - self._field_start
            if 0 <= position < self._field_count:
                return position
        for position, item in enumerate(self._field_list()):
            if item is field:
                return position
        raise ValueError(f"{field!r} is not a field of {self._key!r}")

    @property
    def type_span(self) -> Span | None:
        if self._context is None:
            return None
        return Span(self._type_span[0], self._type_span[1], self._context.source)

    @property
    def key_span(self) -> Span | None:
        if self._context is None:
            return None
        return Span(self._key_span[0], self._key_span[1], self._context.source)

    @property
    def is_modified(self) -> bool:
        return self._dirty

    # -- editing -----------------------------------------------------------------

    def set(self, name: str, value: str) -> None:
        """Set the first field called ``name`` to ``value`` (LaTeX), or append it."""
        fields = self._field_list()
        for index, item in enumerate(fields):
            if item.key == name.lower():
                self.set_at(index, value)
                return
        fields.append(Field.braced(name, value))
        self._dirty = True

    def set_at(self, index: int, value: str) -> None:
        """Set the value of the field at position ``index``."""
        fields = self._field_list()
        if fields[index].value != value or fields[index].delimiter not in {
            Delimiter.BRACES,
            Delimiter.QUOTES,
        }:
            fields[index] = fields[index].with_value(value)
            self._dirty = True

    def set_raw_at(self, index: int, raw: str) -> None:
        """Set the value expression (delimiters included) of the field at ``index``.

        Raises ``UsageError`` when ``raw`` is not a well-formed value expression: the
        text is spliced in as it is, so a malformed one would break the file.
        """
        problem = raw_value_problem(raw)
        if problem is not None:
            raise UsageError(problem)
        fields = self._field_list()
        if fields[index].raw != raw:
            fields[index] = fields[index].with_raw(raw)
            self._dirty = True

    def rename_field_at(self, index: int, name: str) -> None:
        fields = self._field_list()
        if fields[index].name != name:
            fields[index] = fields[index].with_name(name)
            self._dirty = True

    def remove(self, name: str) -> int:
        """Remove every field called ``name``; returns how many went."""
        fields = self._field_list()
        kept = [item for item in fields if item.key != name.lower()]
        removed = len(fields) - len(kept)
        if removed:
            self._fields = kept
            self._dirty = True
        return removed

    def remove_at(self, index: int) -> None:
        del self._field_list()[index]
        self._dirty = True

    def rename(self, key: str) -> None:
        """Change the citation key."""
        if not key or re.search(r"[\s,{}]", key):
            raise UsageError(f"{key!r} cannot be a BibTeX key")
        if key != self._key:
            self._key = key
            self._dirty = True

    def set_type(self, entry_type: str) -> None:
        if not re.fullmatch(r"[A-Za-z][\w\-:.+]*", entry_type):
            raise UsageError(f"{entry_type!r} cannot be an entry type")
        if entry_type != self._type:
            self._type = entry_type
            self._dirty = True

    def copy(self) -> Entry:
        """An independent copy that shares the unchanged source."""
        twin = Entry(
            self._type,
            self._key,
            list(self._fields) if self._fields is not None else None,
            start=self._start,
            end=self._end,
            context=self._context,
            field_start=self._field_start,
            field_count=self._field_count,
            type_span=self._type_span,
            key_span=self._key_span,
        )
        twin._dirty = self._dirty
        return twin

    # -- writing -----------------------------------------------------------------

    @property
    def raw(self) -> str:
        if not self._dirty:
            return super().raw
        if self._context is None:
            return self.format()
        return self._splice()

    def format(self, newline: str = "\n", indent: str = "  ") -> str:
        """The entry written afresh (for entries that have no source text)."""
        lines = [f"@{self._type}{{{self._key},"]
        body = [f"{indent}{item.name} = {item.raw}" for item in self._field_list()]
        lines.append(("," + newline).join(body))
        return newline.join(line for line in lines if line) + newline + "}"

    def _splice(self) -> str:
        assert self._context is not None
        text = self._context.source.text
        edits: list[tuple[int, int, str]] = []
        if self._type != text[self._type_span[0] : self._type_span[1]]:
            edits.append((self._type_span[0], self._type_span[1], self._type))
        if self._key != text[self._key_span[0] : self._key_span[1]]:
            edits.append((self._key_span[0], self._key_span[1], self._key))
        current = self._field_list()
        by_origin = {item.origin: item for item in current if item.origin is not None}
        for number in self._origins():
            origin = self._context.raw_field(number)
            item = by_origin.get(number)
            if item is None:
                edits.append((origin[4], origin[3], ""))
                continue
            if item.name != text[origin[0] : origin[1]]:
                edits.append((origin[0], origin[1], item.name))
            if item.raw != text[origin[2] : origin[3]]:
                edits.append((origin[2], origin[3], item.raw))
        added = [item for item in current if item.origin is None]
        if added:
            edits.append((self._insertion_point(), self._insertion_point(), self._added(added)))
        edits.sort(key=lambda edit: (edit[0], edit[1]))
        pieces: list[str] = []
        pos = self._start
        for start, end, replacement in edits:
            pieces.append(text[pos:start])
            pieces.append(replacement)
            pos = max(pos, end)
        pieces.append(text[pos : self._end])
        return "".join(pieces)

    def _origins(self) -> range:
        return range(self._field_start, self._field_start + self._field_count)

    def _last_origin(self) -> RawField | None:
        if not self._field_count or self._context is None:
            return None
        return self._context.raw_field(self._field_start + self._field_count - 1)

    def _insertion_point(self) -> int:
        last = self._last_origin()
        return last[3] if last is not None else self._key_span[1]

    def _added(self, added: list[Field]) -> str:
        """New fields, separated the way the entry's last two elements are."""
        assert self._context is not None
        text = self._context.source.text
        last = self._last_origin()
        if last is not None:
            # The separator as written, e.g. ",\n  " or comma-first "\n  , "; minus comments.
            separator = re.sub(r"%[^\n]*", "", text[last[4] : last[0]])
            if "," not in separator:
                separator = "," + separator
            equals = text[last[1] : last[2]]
        else:
            separator, equals = "," + newline_of(text) + "  ", " = "
        return "".join(f"{separator}{item.name}{equals}{item.raw}" for item in added)

