"""The lossless model of a .bib file: blocks, entries, fields, names, source spans.

Every block keeps the exact text it was read from.  Writing an untouched block gives
that text back; an edited entry is re-emitted by splicing only its changed parts into
its original text, so a fix produces a minimal diff.  Duplicate keys and duplicate
field names are kept as they are (the rules report them); nothing is resolved by
"last one wins".
"""

from __future__ import annotations

import enum
import re
import sys
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from refkit.bib.latex import TextSegment, segments, to_unicode
from refkit.bib.names import NAME_FIELDS, Name, parse_names
from refkit.bib.scanner import FIELD_WIDTH, BlockKind, RawField, scan
from refkit.core.diagnostics import Diagnostic, Severity
from refkit.core.errors import UsageError
from refkit.core.spans import SourceMap, Span

__all__ = [
    "Bibliography",
    "Block",
    "CommentBlock",
    "Delimiter",
    "Entry",
    "FailedBlock",
    "Field",
    "PreambleBlock",
    "StringBlock",
    "TextBlock",
]

SYNTAX_ERROR = ("RK001", "syntax-error")
ENCODING_GUESSED = ("RK002", "encoding-guessed")

#: The month macros every BibTeX style defines.
MONTH_MACROS: Mapping[str, str] = {
    "jan": "January",
    "feb": "February",
    "mar": "March",
    "apr": "April",
    "may": "May",
    "jun": "June",
    "jul": "July",
    "aug": "August",
    "sep": "September",
    "oct": "October",
    "nov": "November",
    "dec": "December",
}

_PART = re.compile(r"\s*(?:(\{)|(\")|([^\s#{}\"]+))")
_MAX_MACRO_DEPTH = 20
#: A bare part of a value expression as BibTeX reads it: digits, or an identifier that
#: does not start with a digit and has none of BibTeX's special characters.
_BARE_WORD = re.compile(r"[^\s#{}\"]+")
_NUMBER = re.compile(r"[0-9]+")
_MACRO_NAME = re.compile(r"[^0-9\s\"#%'(),={}][^\s\"#%'(),={}]*")
_JOIN = re.compile(r"\s*(?:#\s*)?")
#: A line that starts an entry: the scanner ends any unclosed value there, so a value
#: containing one would be cut in two when the file is read back.
_ENTRY_LINE = re.compile(r"\n[ \t]*@[ \t]*[A-Za-z][\w\-:.+]*[ \t]*[{(]")


class Delimiter(enum.Enum):
    """How a field value is written."""

    BRACES = "braces"
    QUOTES = "quotes"
    BARE = "bare"
    CONCATENATION = "concatenation"


@dataclass
class SourceContext:
    """What the blocks of one file share: its text, the scanner's offsets and its macros.

    Built by the reader (``refkit.bib.io``); blocks read their text through it lazily.
    """

    source: SourceMap
    offsets: array[int] = field(default_factory=lambda: array("q"))
    macros: dict[str, str] = field(default_factory=dict)
    path: str | None = None

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


def value_parts(raw: str) -> list[tuple[Delimiter, str]]:
    """Split a value expression into ``(kind, content)`` parts joined by ``#``.

    A bare part is a number or a macro name.
    """
    parts: list[tuple[Delimiter, str]] = []
    pos = 0
    length = len(raw)
    while pos < length:
        match = _PART.match(raw, pos)
        if match is None:
            break
        if match.group(1) or match.group(2):
            opener_end = match.end()
            end = _closing(raw, opener_end, "}" if match.group(1) else '"')
            parts.append(
                (
                    Delimiter.BRACES if match.group(1) else Delimiter.QUOTES,
                    raw[opener_end : end - 1],
                )
            )
            pos = end
        else:
            parts.append((Delimiter.BARE, match.group(3)))
            pos = match.end()
        while pos < length and (raw[pos].isspace() or raw[pos] == "#"):
            pos += 1
    return parts


def _closing(raw: str, pos: int, final: str) -> int:
    depth = 0
    while pos < len(raw):
        char = raw[pos]
        if char == "\\":
            pos += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0 and final == "}":
                return pos + 1
            depth -= 1
        elif char == '"' and final == '"' and depth == 0:
            return pos + 1
        pos += 1
    return len(raw) + 1


def raw_value_problem(raw: str) -> str | None:
    """Why ``raw`` is not a well-formed value expression, or None when it is.

    Well-formed: parts joined by ``#``, each a braced ``{...}`` or quoted ``"..."`` string
    with balanced braces, a number, or a macro name; no surrounding space, no comments.
    Braces and quotes count as the scanner counts them (not after a backslash), and the
    expression is finally read back by the scanner itself, so a value that passes can be
    spliced into any entry without making the file unparsable.
    """
    if not raw:
        return "the value is empty"
    if raw != raw.strip():
        return f"the value {raw!r} has space around it"
    if _ENTRY_LINE.search(raw):
        return f"the value {raw!r} has a line that would start a new entry"
    pos = 0
    while True:
        if raw[pos] in '{"':
            end, problem = _delimited_end(raw, pos)
            if problem is not None:
                return f"the value {raw!r} has {problem}"
        else:
            word = _BARE_WORD.match(raw, pos)
            text = word.group() if word is not None else raw[pos]
            if word is None or not (_NUMBER.fullmatch(text) or _MACRO_NAME.fullmatch(text)):
                return (
                    f"the value {raw!r} has {text!r} outside braces or quotes, which is"
                    " neither a number nor a macro name"
                )
            end = word.end()
        if end == len(raw):
            break
        join = _JOIN.match(raw, end)
        assert join is not None  # the pattern accepts the empty string
        if "#" not in join.group():
            if raw[join.end()] == "}":
                return f"the value {raw!r} has an unbalanced '}}'"
            return f"the value {raw!r} has parts not joined by '#' at {raw[end:]!r}"
        pos = join.end()
        if pos == len(raw):
            return f"the value {raw!r} ends with '#'"
    return _read_back_problem(raw)


def _delimited_end(raw: str, start: int) -> tuple[int, str | None]:
    """The end of the braced or quoted part at ``start``, with scanner brace semantics."""
    quoted = raw[start] == '"'
    depth = 0
    pos = start + 1
    while pos < len(raw):
        char = raw[pos]
        escaped = raw[pos - 1] == "\\"
        pos += 1
        if escaped or char not in '{}"':
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                if not quoted:
                    return pos, None
                return pos, "an unbalanced '}' in a quoted part"
            depth -= 1
        elif quoted and depth == 0:
            return pos, None
    return pos, "an unclosed quote" if quoted else "unbalanced braces (an unclosed '{')"


def _read_back_problem(raw: str) -> str | None:
    """The scanner's verdict on ``raw`` as the value of a field: the final word on
    whether the file stays parsable, whatever the grammar check above overlooked."""
    prefix = "@misc{k, f = "
    result = scan(prefix + raw + "\n}")
    entries = [block for block in result.blocks if block.kind is BlockKind.ENTRY]
    if len(entries) == 1 and entries[0].field_count == 1:
        value_start, value_end = result.field(entries[0].field_start)[2:4]
        if (value_start, value_end) == (len(prefix), len(prefix) + len(raw)):
            return None
    return f"the value {raw!r} is not read back as one value"


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
        macros = self._context.macros if self._context else {}
        return _resolve(self.raw, macros, 0)

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
    def is_name_field(self) -> bool:
        return self.key in NAME_FIELDS

    @property
    def names(self) -> list[Name]:
        """Parsed names (first/von/last/jr, or one literal for an organisation)."""
        return parse_names(self.resolved)

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


def _read_fields(context: SourceContext, first: int, count: int) -> list[Field]:
    """Fields ``first`` to ``first + count - 1`` of a file, from the scanner's offsets.

    ``_read_field`` for a whole entry, with the offsets fetched in one slice: a quarter
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


def _read_field(context: SourceContext, number: int) -> Field:
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
            item = self.items[position] = _read_field(self._context, self._first + position)
        return item

    def complete(self) -> list[Field]:
        """Every field, made where missing; the same list object from now on."""
        items = self.items
        for position, item in enumerate(items):
            if item is None:
                self[position]
        return items  # type: ignore[return-value]  # no None is left


def _resolve(raw: str, macros: Mapping[str, str], depth: int) -> str:
    pieces: list[str] = []
    for kind, content in value_parts(raw):
        if kind != Delimiter.BARE or content.isdigit():
            pieces.append(content)
            continue
        name = content.lower()
        if name in macros and depth < _MAX_MACRO_DEPTH:
            pieces.append(_resolve(macros[name], macros, depth + 1))
        elif name in MONTH_MACROS:
            pieces.append(MONTH_MACROS[name])
        else:
            pieces.append(content)
    return "".join(pieces)


class Block:
    """One piece of a .bib file, in file order."""

    kind: ClassVar[BlockKind]
    __slots__ = ("_context", "_end", "_start")

    def __init__(self, start: int = 0, end: int = 0, context: SourceContext | None = None) -> None:
        self._start = start
        self._end = end
        self._context = context

    @property
    def raw(self) -> str:
        """The block's text as it will be written."""
        if self._context is None:
            return ""
        return self._context.source.text[self._start : self._end]

    @property
    def span(self) -> Span | None:
        if self._context is None:
            return None
        return Span(self._start, self._end, self._context.source)

    @property
    def offsets(self) -> tuple[int, int] | None:
        """``(start, end)`` character offsets in the source, or None for a new block.

        The same range as ``span`` without building a ``Span``: whole-file prefilters
        ask it of every entry.
        """
        if self._context is None:
            return None
        return self._start, self._end

    def __repr__(self) -> str:
        span = self.span
        where = f" at line {span.start_line}" if span else ""
        return f"<{type(self).__name__}{where}>"


class TextBlock(Block):
    """Text between blocks: BibTeX ignores it; refkit keeps it."""

    kind = BlockKind.TEXT
    __slots__ = ("_text",)

    def __init__(
        self, start: int = 0, end: int = 0, context: SourceContext | None = None, text: str = ""
    ) -> None:
        super().__init__(start, end, context)
        self._text = text

    @property
    def raw(self) -> str:
        return self._text if self._context is None else super().raw


class CommentBlock(Block):
    """An ``@comment``."""

    kind = BlockKind.COMMENT
    __slots__ = ()


class PreambleBlock(Block):
    """A ``@preamble``; ``value`` is its value expression."""

    kind = BlockKind.PREAMBLE
    __slots__ = ("value",)

    def __init__(self, start: int, end: int, context: SourceContext, value: str) -> None:
        super().__init__(start, end, context)
        self.value = value


class StringBlock(Block):
    """A ``@string`` macro definition."""

    kind = BlockKind.STRING
    __slots__ = ("field",)

    def __init__(self, start: int, end: int, context: SourceContext, string_field: Field) -> None:
        super().__init__(start, end, context)
        self.field = string_field

    @property
    def name(self) -> str:
        return self.field.name


class FailedBlock(Block):
    """A block that could not be parsed, kept verbatim with its problem."""

    kind = BlockKind.FAILED
    __slots__ = ("error", "error_offset", "type_name")

    def __init__(
        self,
        start: int,
        end: int,
        context: SourceContext,
        type_name: str,
        error: str,
        error_offset: int,
    ) -> None:
        super().__init__(start, end, context)
        self.type_name = type_name
        self.error = error
        self.error_offset = error_offset

    @property
    def key_guess(self) -> str | None:
        """The entry key, when the text before the first comma looks like one."""
        match = re.match(r"@\s*\w+\s*[{(]\s*([^\s,{}=\"]+)\s*,", self.raw)
        return match.group(1) if match else None

    def diagnostic(self, block_index: int | None = None) -> Diagnostic:
        """The parse problem as a diagnostic value, pointing at where it was noticed."""
        assert self._context is not None
        source = self._context.source
        line, column = source.line_col(self.error_offset)
        end_line, end_column = source.line_col(max(self._start, self._end - 1))
        key = self.key_guess
        what = f"@{self.type_name}" + (f" {key!r}" if key else "")
        return Diagnostic(
            code=SYNTAX_ERROR[0],
            name=SYNTAX_ERROR[1],
            severity=Severity.ERROR,
            message=f"{self.error} ({what} starting at line {source.line_col(self._start)[0]}"
            " is kept verbatim; parsing resumed after it)",
            path=self._context.path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            entry_key=key,
            block_index=block_index,
        )


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
                self._fields = _read_fields(self._context, self._field_start, self._field_count)
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
        if not self._dirty and field._origin is not None and field._context is self._context:
            # Unedited, the entry's fields are its source fields in order: no need to
            # make them all just to find one.
            position = field._origin - self._field_start
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
        by_origin = {item._origin: item for item in current if item._origin is not None}
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
        added = [item for item in current if item._origin is None]
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
            separator, equals = "," + _newline_of(text) + "  ", " = "
        return "".join(f"{separator}{item.name}{equals}{item.raw}" for item in added)


def _newline_of(text: str) -> str:
    index = text.find("\n")
    return "\r\n" if index > 0 and text[index - 1] == "\r" else "\n"


class Bibliography:
    """A parsed .bib file: every block in file order, and how to write it back."""

    def __init__(
        self,
        blocks: list[Block],
        *,
        context: SourceContext,
        encoding: str = "utf-8",
        bom: bytes = b"",
        problems: list[Diagnostic] | None = None,
    ) -> None:
        self._blocks = blocks
        self._context = context
        self.encoding = encoding
        self.bom = bom
        self._problems = problems or []

    @property
    def path(self) -> str | None:
        return self._context.path

    @property
    def source(self) -> SourceMap:
        return self._context.source

    @property
    def blocks(self) -> list[Block]:
        """Every block in file order (a copy of the list; blocks are shared)."""
        return list(self._blocks)

    @property
    def entries(self) -> list[Entry]:
        return [block for block in self._blocks if isinstance(block, Entry)]

    def indexed_entries(self) -> Iterator[tuple[int, Entry]]:
        """Entries with their block index, the identity edits address them by."""
        for index, block in enumerate(self._blocks):
            if isinstance(block, Entry):
                yield index, block

    @property
    def strings(self) -> list[StringBlock]:
        return [block for block in self._blocks if isinstance(block, StringBlock)]

    @property
    def macros(self) -> Mapping[str, str]:
        """``@string`` definitions, lower-case name to value expression."""
        return dict(self._context.macros)

    @property
    def failed_blocks(self) -> list[FailedBlock]:
        return [block for block in self._blocks if isinstance(block, FailedBlock)]

    @property
    def problems(self) -> list[Diagnostic]:
        """Problems met while reading: syntax errors (one per failed block), encoding."""
        found = list(self._problems)
        for index, block in enumerate(self._blocks):
            if isinstance(block, FailedBlock):
                found.append(block.diagnostic(index))
        return found

    @property
    def newline(self) -> str:
        return _newline_of(self._context.source.text)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def get(self, key: str) -> Entry | None:
        """The first entry with exactly this key."""
        for entry in self.entries:
            if entry.key == key:
                return entry
        return None

    def __getitem__(self, key: str) -> Entry:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def block_at(self, index: int) -> Block:
        return self._blocks[index]

    # -- editing -----------------------------------------------------------------

    def add(self, entry: Entry) -> None:
        """Append an entry at the end, separated by a blank line."""
        newline = self.newline
        text = self.dumps()
        if not text or text.endswith(newline * 2):
            gap = ""
        else:
            gap = newline if text.endswith(newline) else newline * 2
        if gap:
            self._blocks.append(TextBlock(text=gap))
        self._blocks.append(entry)
        self._blocks.append(TextBlock(text=newline))

    def remove(self, entry: Entry) -> None:
        """Remove an entry (by identity) and the line break that followed it."""
        for index, block in enumerate(self._blocks):
            if block is entry:
                del self._blocks[index]
                if index < len(self._blocks) and isinstance(self._blocks[index], TextBlock):
                    following = self._blocks[index].raw
                    trimmed = re.sub(r"^[ \t]*\r?\n", "", following, count=1)
                    self._blocks[index] = TextBlock(text=trimmed)
                return
        raise UsageError(f"entry {entry.key!r} is not in this bibliography")

    def copy(self) -> Bibliography:
        """An independent copy: editing it leaves this one as it is."""
        blocks = [block.copy() if isinstance(block, Entry) else block for block in self._blocks]
        return Bibliography(
            blocks,
            context=self._context,
            encoding=self.encoding,
            bom=self.bom,
            problems=list(self._problems),
        )

    # -- writing -----------------------------------------------------------------

    def dumps(self) -> str:
        """The file's text: identical to the input for every untouched byte."""
        newline = self.newline
        return "".join(
            block.format(newline)
            if isinstance(block, Entry) and block._context is None
            else block.raw
            for block in self._blocks
        )
