"""One entry written in ``refkit format``'s layout.

The entry is rebuilt from its type, key and fields as the scanner read them: names and
value expressions are taken as written and only re-delimited (braces or quotes), with
months and digit-only values optionally made bare.  Values are never re-encoded
(``Ü`` stays ``Ü``, ``&`` stays ``&``), duplicate fields are all kept, and an entry the
layout cannot rebuild without dropping something (a ``%`` comment between its fields,
an empty key) is left as it was written, with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from refkit.bib.model import Delimiter, Entry, value_parts
from refkit.lint.datamodel import VERBATIM_FIELDS
from refkit.tidy.meaning import is_empty_value, month_number, same_value
from refkit.tidy.options import Delimiters, FormatOptions, MonthStyle

__all__ = ["EntryLayout", "Rendered", "keep_reason", "render_entry"]

_DIGITS = re.compile(r"[0-9]+")
_SPACE_RUN = re.compile(r"[ \t\r\n]+")
_MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True)
class EntryLayout:
    """What one file shares when its entries are laid out."""

    options: FormatOptions
    newline: str = "\n"
    #: The file defines its own month macros: months are then left as written.
    months_redefined: bool = False
    #: ``indent + padded name + " = "`` by field name, made once per file.
    prefixes: dict[str, str] = field(default_factory=dict)

    @property
    def plain(self) -> bool:
        """The default layout's values: braces, nothing moved, wrapped or made bare."""
        options = self.options
        return (
            options.delimiters is Delimiters.BRACES
            and not options.numeric
            and options.months is MonthStyle.KEEP
            and not options.wrap
            and not options.field_order
            and not options.alphabetical_fields
            and not options.remove_empty_fields
            and not options.align_per_entry
        )

    @classmethod
    def for_file(
        cls, options: FormatOptions, newline: str, macros: Mapping[str, str]
    ) -> EntryLayout:
        return cls(options, newline, any(name in macros for name in _MONTH_MACROS))


def _order(fields: list[tuple[str, str]], options: FormatOptions) -> list[tuple[str, str]]:
    if options.alphabetical_fields:
        return sorted(fields, key=lambda item: item[0].lower())
    if not options.field_order:
        return fields
    rank = {name: position for position, name in enumerate(options.field_order)}
    last = len(rank)
    return sorted(fields, key=lambda item: rank.get(item[0].lower(), last))


def _delimit(content: str, written: Delimiter, wanted: Delimiters) -> str:
    if wanted is Delimiters.QUOTES and '"' not in content:
        return '"' + content + '"'
    if wanted is Delimiters.KEEP and written is Delimiter.QUOTES:
        return '"' + content + '"'
    return "{" + content + "}"


def _value(name: str, raw: str, layout: EntryLayout) -> str:
    """The value expression as the options want it written."""
    options = layout.options
    if raw[0] in '{"' and raw[-1] == raw[0].replace("{", "}") and "#" not in raw:
        parts = [(Delimiter.BRACES if raw[0] == "{" else Delimiter.QUOTES, raw[1:-1])]
    elif _DIGITS.fullmatch(raw):
        parts = [(Delimiter.BARE, raw)]
    else:
        parts = value_parts(raw)
    if len(parts) == 1:
        kind, content = parts[0]
        if options.months is MonthStyle.MACRO and name == "month" and not layout.months_redefined:
            number = (
                month_number(content) if kind is not Delimiter.BARE or content.isdigit() else None
            )
            if kind is Delimiter.BARE and content.lower() in _MONTH_MACROS:
                number = _MONTH_MACROS.index(content.lower()) + 1
            if number is not None:
                return _MONTH_MACROS[number - 1]
        if options.numeric and _DIGITS.fullmatch(content):
            return content
        if kind is Delimiter.BARE:
            return content
        if options.delimiters is Delimiters.KEEP:
            return raw
        return _delimit(content, kind, options.delimiters)
    pieces = [
        content if kind is Delimiter.BARE else _delimit(content, kind, options.delimiters)
        for kind, content in parts
    ]
    return " # ".join(pieces)


def _wrapped(prefix: str, value: str, layout: EntryLayout) -> str:
    """``value`` broken at spaces so that lines stay within the wrap column, continuation
    lines aligned after the opening delimiter.  Only single braced or quoted values of
    prose fields are wrapped: white space in URLs, DOIs and file names is data."""
    width = layout.options.wrap
    if len(prefix) + len(value) <= width or value[0] not in '{"' or value[-1] not in '}"':
        return value
    content = value[1:-1]
    if "%" in content or ("#" in value and value_parts(value)[0][1] != content):
        return value
    squeezed = _SPACE_RUN.sub(" ", content)
    head = " " if squeezed.startswith(" ") else ""
    tail = " " if squeezed.endswith(" ") and len(squeezed) > 1 else ""
    words = squeezed.strip(" ").split(" ")
    if len(words) < 2:
        return value
    margin = " " * (len(prefix) + 1)
    lines: list[str] = []
    current = head + words[0]
    used = len(prefix) + 1 + len(current)
    for word in words[1:]:
        # A line that starts with "@" could be read as the start of a new entry.
        if used + 1 + len(word) > width and not word.startswith("@"):
            lines.append(current)
            current = word
            used = len(margin) + len(word)
        else:
            current += " " + word
            used += 1 + len(word)
    lines.append(current + tail)
    return value[0] + (layout.newline + margin).join(lines) + value[-1]


def _has_inner_comment(entry: Entry) -> bool:
    """A ``%`` comment between the fields (biber and bibtexparser read those): rebuilding
    the entry from its fields would drop it."""
    raw = entry.raw
    if "%" not in raw:
        return False
    bounds = entry.offsets
    if bounds is None:
        return False
    start, end = bounds
    gaps: list[str] = []
    pos = start
    for item in entry.fields:
        name_span, value_span = item.name_span, item.value_span
        if name_span is None or value_span is None:
            return True
        gaps.append(raw[pos - start : name_span.start - start])
        gaps.append(raw[name_span.end - start : value_span.start - start])
        pos = value_span.end
    gaps.append(raw[pos - start : end - start])
    return any("%" in gap for gap in gaps)


def keep_reason(entry: Entry) -> str | None:
    """Why an entry is left as written, or None when it can be laid out."""
    if not entry.key:
        return "it has no key"
    if _has_inner_comment(entry):
        return "a % comment stands between its fields"
    return None


@dataclass(frozen=True)
class Rendered:
    """An entry's new text, and the fields it must read back as (names, raw values)."""

    text: str
    entry_type: str
    names: list[str]
    raws: list[str]
    #: A field whose value the layout would change in meaning (a bug): ``(name, old, new)``.
    problem: tuple[str, str, str] | None = None


def _cheap_value(raw: str, delimiters: Delimiters) -> str | None:
    """The common case of ``_value`` without a scan: one braced or quoted part."""
    if "#" in raw or len(raw) < 2:
        return None
    first, last = raw[0], raw[-1]
    if first == "{" and last == "}":
        if delimiters is Delimiters.QUOTES and '"' not in raw:
            return '"' + raw[1:-1] + '"'
        return raw
    if first == '"' and last == '"':
        return raw if delimiters is not Delimiters.BRACES else "{" + raw[1:-1] + "}"
    return None


def _braced_values(raws: list[str], layout: EntryLayout) -> list[str]:
    """The values of the default layout (braces), the common cases without a call each:
    a braced value stays, a quoted one is re-delimited; only concatenations (``#``) and
    bare values go through ``_value``, which leaves their meaning as it is."""
    values: list[str] = []
    append = values.append
    for raw in raws:
        first = raw[:1]
        if "#" in raw:
            append(_value("", raw, layout))
        elif first == "{":
            append(raw)
        elif first == '"' and len(raw) > 1:
            append("{" + raw[1:-1] + "}")
        else:
            append(raw)  # a number or a macro name, written bare as before
    return values


def _render_plain(entry: Entry, layout: EntryLayout) -> Rendered | None:
    """``render_entry`` for the default layout (braces, fields in place, no wrapping,
    months and numbers as written): the bulk of every run, without per-field calls."""
    names, raws = entry.field_texts()
    if not names:
        return None
    options = layout.options
    if options.lowercase:
        entry_type = entry.type
        names = [name.lower() for name in names]
    else:
        entry_type = entry.type_as_written
    prefixes = layout.prefixes
    indent = options.indent
    width = max(options.align - 1, 0)
    values = _braced_values(raws, layout)
    problem: tuple[str, str, str] | None = None
    lines: list[str] = []
    for name, value in zip(names, values, strict=True):
        prefix = prefixes.get(name)
        if prefix is None:
            prefix = prefixes[name] = indent + name.ljust(width) + " = "
        lines.append(prefix + value)
    for name, raw, value in zip(names, raws, values, strict=True):
        if "#" in raw and value != raw and not same_value(name.lower(), raw, value):
            problem = (name, raw, value)
    newline = layout.newline
    body = ("," + newline).join(lines)
    comma = "," if options.trailing_comma else ""
    text = f"@{entry_type}{{{entry.key},{newline}{body}{comma}{newline}}}"
    return Rendered(text, entry_type, names, values, problem)


def render_entry(entry: Entry, layout: EntryLayout) -> Rendered:
    """The entry in the layout (call only when ``keep_reason`` is None).

    Every value is checked against the one it replaces: only its delimiters may differ,
    or it must mean the same (``refkit.tidy.meaning.same_value``).
    """
    options = layout.options
    if layout.plain:
        rendered = _render_plain(entry, layout)
        if rendered is not None:
            return rendered
    names, raws = entry.field_texts()
    fields: list[tuple[str, str]] = list(zip(names, raws, strict=True))
    if options.remove_empty_fields:
        fields = [item for item in fields if not is_empty_value(item[1])]
    fields = _order(fields, options)
    newline = layout.newline
    entry_type = entry.type if options.lowercase else entry.type_as_written
    if not fields:
        return Rendered(f"@{entry_type}{{{entry.key}}}", entry_type, [], [])
    lowercase = options.lowercase
    shown = [name.lower() for name, _ in fields] if lowercase else [name for name, _ in fields]
    if options.align_per_entry:
        width = max(len(name) for name in shown)
        prefixes: dict[str, str] = {}
    else:
        # bibtex-tidy's column: the name padded to ``align`` characters, then "= "
        width = max(options.align - 1, 0)
        prefixes = layout.prefixes
    indent = options.indent
    delimiters = options.delimiters
    simple = not options.numeric and options.months is MonthStyle.KEEP
    wrap = options.wrap
    lines: list[str] = []
    values: list[str] = []
    problem: tuple[str, str, str] | None = None
    for name, (original, raw) in zip(shown, fields, strict=True):
        prefix = prefixes.get(name)
        if prefix is None:
            prefix = prefixes[name] = indent + name.ljust(width) + " = "
        cheap = _cheap_value(raw, delimiters) if simple else None
        checked = cheap is not None  # only the delimiters changed
        value = cheap if cheap is not None else _value(original.lower(), raw, layout)
        if wrap and original.lower() not in VERBATIM_FIELDS:
            wrapped = _wrapped(prefix, value, layout)
            checked = checked and wrapped == value
            value = wrapped
        if (
            not checked
            and problem is None
            and value != raw
            and not same_value(original.lower(), raw, value)
        ):
            problem = (original, raw, value)
        lines.append(prefix + value)
        values.append(value)
    body = ("," + newline).join(lines)
    comma = "," if options.trailing_comma else ""
    text = f"@{entry_type}{{{entry.key},{newline}{body}{comma}{newline}}}"
    return Rendered(text, entry_type, shown, values, problem)
