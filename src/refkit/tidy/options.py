"""The layout ``refkit format`` writes, and its ``[tool.refkit.format]`` table.

The defaults are bibtex-tidy's where its users rely on them (two-space indent, values
aligned at column 14, lower-case types and field names, braces) and refkit's where
bibtex-tidy loses or churns data (fields and entries keep their order, duplicate fields
are kept, no escaping, comments untouched)::

    [tool.refkit.format]
    indent = 2                    # spaces, or "tab"
    align = 14                    # column of the '=' padding; 0: one space; "entry": per entry
    field-order = "keep"          # keep | bibtex-tidy | biblatex | alphabetical | [names...]
    sort = "none"                 # none | key | type+key | year | [fields...], "-" descending
    delimiters = "braces"         # braces | quotes | keep
    lowercase = true              # entry types and field names
    trailing-comma = false
    blank-lines = 1               # between entries
    wrap = 0                      # wrap long values at this column; 0: never
    months = "keep"               # keep | macro  (month = {January} -> month = jan)
    numeric = false               # year = {1998} -> year = 1998
    remove-empty-fields = false
    comments = "keep"             # keep | tidy (blank lines around comments normalised)
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from refkit.core.errors import UsageError
from refkit.lint.config import find_config

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "FIELD_ORDER_PRESETS",
    "SORT_PRESETS",
    "Comments",
    "Delimiters",
    "FormatOptions",
    "MonthStyle",
    "SortKey",
    "format_options",
    "format_options_for",
    "tool_table",
]


class Delimiters(enum.Enum):
    """How field values are enclosed."""

    BRACES = "braces"
    QUOTES = "quotes"
    KEEP = "keep"


class MonthStyle(enum.Enum):
    KEEP = "keep"
    #: ``month = jan``: the macro every BibTeX style and biblatex define.
    MACRO = "macro"


class Comments(enum.Enum):
    #: Text between entries (comments) is written back byte for byte, with its blank lines.
    KEEP = "keep"
    #: The comment lines are kept byte for byte; the blank lines around them follow
    #: ``blank-lines``.
    TIDY = "tidy"


@dataclass(frozen=True)
class SortKey:
    """One criterion of entry order: ``key``, ``type`` or a field name."""

    name: str
    descending: bool = False

    @classmethod
    def parse(cls, text: str) -> SortKey:
        text = text.strip()
        descending = text.startswith("-")
        name = text.lstrip("-+").strip().lower()
        if not name:
            raise UsageError(f"empty sort criterion {text!r}")
        return cls(name, descending)


#: bibtex-tidy's ``--sort-fields`` default order.
_BIBTEX_TIDY_ORDER = (
    "title shorttitle author year month day journal booktitle location on publisher address"
    " series volume number pages doi isbn issn url urldate copyright category note metadata"
)
#: The order in which the biblatex manual (§2.1.2) lists an entry's data: people, titles,
#: container, numbering, dates, pages, publication, identifiers, links.
_BIBLATEX_ORDER = (
    "author editor editora editorb editorc translator annotator commentator introduction"
    " foreword afterword bookauthor holder title subtitle titleaddon shorttitle sorttitle"
    " indextitle journaltitle journal journalsubtitle issuetitle issuesubtitle booktitle"
    " booksubtitle booktitleaddon maintitle mainsubtitle maintitleaddon eventtitle"
    " eventtitleaddon eventdate venue origtitle language origlanguage edition series"
    " volume volumes number eid issue part type institution school organization"
    " howpublished publisher location address date year month day origdate chapter pages"
    " pagetotal version note isbn issn isrn ismn isan iswc addendum pubstate doi eprint"
    " eprintclass eprinttype archiveprefix primaryclass url urldate crossref xref xdata"
    " related relatedtype keywords abstract annotation file"
)
_ALPHABETICAL = "alphabetical"
_KEEP = "keep"

#: Named field orders; ``keep`` leaves the order as written.
FIELD_ORDER_PRESETS: Mapping[str, tuple[str, ...]] = {
    _KEEP: (),
    "bibtex-tidy": tuple(_BIBTEX_TIDY_ORDER.split()),
    "biblatex": tuple(_BIBLATEX_ORDER.split()),
    _ALPHABETICAL: (),
}

#: Named entry orders.
SORT_PRESETS: Mapping[str, tuple[SortKey, ...]] = {
    "none": (),
    "key": (SortKey("key"),),
    "type+key": (SortKey("type"), SortKey("key")),
    "year": (SortKey("year"), SortKey("key")),
}


@dataclass(frozen=True)
class FormatOptions:
    """Everything ``refkit format`` decides about layout; the defaults are its style."""

    indent: str = "  "
    #: Width the field names are padded to before `` = ``; 0: no padding.
    align: int = 14
    #: Pad the names of each entry to its longest one instead of to ``align``.
    align_per_entry: bool = False
    #: Field names in the wanted order (others follow as written); empty: as written.
    field_order: tuple[str, ...] = ()
    alphabetical_fields: bool = False
    sort: tuple[SortKey, ...] = ()
    delimiters: Delimiters = Delimiters.BRACES
    lowercase: bool = True
    trailing_comma: bool = False
    blank_lines: int = 1
    wrap: int = 0
    months: MonthStyle = MonthStyle.KEEP
    numeric: bool = False
    remove_empty_fields: bool = False
    comments: Comments = Comments.KEEP

    def replace(self, **changes: Any) -> FormatOptions:
        return replace(self, **changes)


_KNOWN = {
    "indent",
    "align",
    "field-order",
    "sort",
    "delimiters",
    "lowercase",
    "trailing-comma",
    "blank-lines",
    "wrap",
    "months",
    "numeric",
    "remove-empty-fields",
    "comments",
}


def _integer(table: Mapping[str, Any], name: str, default: int) -> int:
    value = table.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UsageError(f"format option {name!r} must be a whole number >= 0, not {value!r}")
    return value


def _flag(table: Mapping[str, Any], name: str, default: bool) -> bool:
    value = table.get(name, default)
    if not isinstance(value, bool):
        raise UsageError(f"format option {name!r} must be true or false, not {value!r}")
    return value


def _choice(table: Mapping[str, Any], name: str, kind: type[enum.Enum], default: enum.Enum) -> Any:
    value = table.get(name, default.value)
    try:
        return kind(str(value).lower())
    except ValueError:
        choices = ", ".join(item.value for item in kind)
        raise UsageError(
            f"format option {name!r} must be one of {choices}, not {value!r}"
        ) from None


def _names(value: Any, name: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(part for part in value.replace(",", " ").split() if part)
    if isinstance(value, Sequence) and all(isinstance(item, str) for item in value):
        return tuple(item.strip() for item in value if item.strip())
    raise UsageError(f"format option {name!r} must be a name or a list of names")


def parse_field_order(value: Any) -> tuple[tuple[str, ...], bool]:
    """``(names, alphabetical)`` from a preset name or a list of field names."""
    if isinstance(value, str) and value.lower() in FIELD_ORDER_PRESETS:
        preset = value.lower()
        return FIELD_ORDER_PRESETS[preset], preset == _ALPHABETICAL
    return tuple(item.lower() for item in _names(value, "field-order")), False


def parse_sort(value: Any) -> tuple[SortKey, ...]:
    """Entry order from a preset name or a list of criteria (``-year``, ``key``)."""
    if isinstance(value, bool):
        return SORT_PRESETS["key"] if value else ()
    if isinstance(value, str) and value.lower() in SORT_PRESETS:
        return SORT_PRESETS[value.lower()]
    return tuple(SortKey.parse(item) for item in _names(value, "sort"))


def format_options(table: Mapping[str, Any], base: FormatOptions | None = None) -> FormatOptions:
    """Options from a ``[tool.refkit.format]`` table (unknown keys are an error)."""
    unknown = sorted(set(table) - _KNOWN)
    if unknown:
        raise UsageError(f"unknown format option(s) {unknown}")
    options = base or FormatOptions()
    changes: dict[str, Any] = {}
    if "indent" in table:
        indent = table["indent"]
        if isinstance(indent, str) and indent.lower() == "tab":
            changes["indent"] = "\t"
        else:
            changes["indent"] = " " * _integer(table, "indent", 2)
    if "align" in table:
        align = table["align"]
        if isinstance(align, str) and align.lower() == "entry":
            changes["align_per_entry"] = True
            changes["align"] = 0
        else:
            changes["align"] = _integer(table, "align", 14)
            changes["align_per_entry"] = False
    if "field-order" in table:
        changes["field_order"], changes["alphabetical_fields"] = parse_field_order(
            table["field-order"]
        )
    if "sort" in table:
        changes["sort"] = parse_sort(table["sort"])
    if "delimiters" in table:
        changes["delimiters"] = _choice(table, "delimiters", Delimiters, options.delimiters)
    if "months" in table:
        changes["months"] = _choice(table, "months", MonthStyle, options.months)
    if "comments" in table:
        changes["comments"] = _choice(table, "comments", Comments, options.comments)
    for key, attribute in (
        ("lowercase", "lowercase"),
        ("trailing-comma", "trailing_comma"),
        ("numeric", "numeric"),
        ("remove-empty-fields", "remove_empty_fields"),
    ):
        if key in table:
            changes[attribute] = _flag(table, key, getattr(options, attribute))
    for key, attribute in (("blank-lines", "blank_lines"), ("wrap", "wrap")):
        if key in table:
            changes[attribute] = _integer(table, key, getattr(options, attribute))
    return options.replace(**changes) if changes else options


def tool_table(path: Path, section: str) -> Mapping[str, Any]:
    """The ``[tool.refkit.<section>]`` table (or ``[<section>]`` of a refkit.toml)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: cannot read configuration: {error}") from None
    table = data.get("tool", {}).get("refkit", {}) if path.name == "pyproject.toml" else data
    found = table.get(section, {})
    if not isinstance(found, Mapping):
        raise UsageError(f"{path}: [{section}] must be a table")
    return found


def format_options_for(start: Path, config_path: Path | None = None) -> FormatOptions:
    """The format options that apply to a file: its nearest configuration's, or the defaults."""
    found = config_path if config_path is not None else find_config(start)
    if found is None:
        return FormatOptions()
    try:
        return format_options(tool_table(found, "format"))
    except UsageError as problem:
        raise UsageError(f"{found}: {problem}") from None
