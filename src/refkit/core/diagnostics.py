"""Diagnostics: problems found in the user's data, as values.

A diagnostic is a small immutable record (the flake8 ``Violation`` shape): what rule,
how severe, where, and optionally a proposed fix.  Rules and the parser return them;
nothing in refkit raises, warns or logs about the user's data.  ``to_dict`` is the JSON
contract of ``refkit check --format json`` and changes only with ``JSON_SCHEMA_VERSION``.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

JSON_SCHEMA_VERSION = "1.0"


class Severity(enum.IntEnum):
    """How bad a finding is; ordered so that ``>=`` compares seriousness."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            choices = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {text!r} (choose from {choices})") from None


class EditKind(enum.Enum):
    """What an edit does to one entry."""

    #: ``value`` is the field's content, written in the field's braces or quotes.
    SET_FIELD = "set-field"
    #: ``value`` is the whole value expression as written, delimiters included
    #: (``sep``, ``{9}``, ``jan # "~15"``): for values that are not one braced string,
    #: such as BibTeX's unbraced month macros.
    SET_RAW = "set-raw"
    ADD_FIELD = "add-field"
    REMOVE_FIELD = "remove-field"
    RENAME_FIELD = "rename-field"
    RENAME_KEY = "rename-key"
    SET_TYPE = "set-type"


@dataclass(frozen=True, slots=True)
class Edit:
    """One change to one entry, addressed by the entry's block index.

    Keys may repeat in a broken file, so the block index (position in
    ``Bibliography.blocks``) is the entry's identity; ``field_index`` picks one of
    several fields of the same name.
    """

    kind: EditKind
    block_index: int
    entry_key: str
    field: str | None = None
    value: str | None = None
    field_index: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.kind.value,
            "entry_key": self.entry_key,
            "field": self.field,
            "value": self.value,
        }


@dataclass(frozen=True, slots=True)
class Fix:
    """A proposed change: the edits that resolve one diagnostic."""

    description: str
    edits: tuple[Edit, ...]
    safe: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "safe": self.safe,
            "edits": [edit.to_dict() for edit in self.edits],
        }


_NO_EXTRA: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding about the user's data."""

    code: str
    name: str
    severity: Severity
    message: str
    path: str | None = None
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    entry_key: str | None = None
    field: str | None = None
    fix: Fix | None = None
    block_index: int | None = None
    #: Read-only details for tools; shared and empty unless given (59,000 findings on a
    #: corpus would otherwise carry 59,000 empty dicts).
    extra: Mapping[str, Any] = dataclasses.field(
        default_factory=lambda: _NO_EXTRA, compare=False, hash=False
    )

    def with_severity(self, severity: Severity) -> Diagnostic:
        return replace(self, severity=severity)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # The shared read-only ``extra`` cannot be pickled as it is; ``--jobs`` sends
        # findings from worker processes, so it travels as a plain dict.
        values = {item.name: getattr(self, item.name) for item in dataclasses.fields(self)}
        values["extra"] = dict(self.extra)
        return (_rebuild, (values,))

    @property
    def location(self) -> str:
        """``entry.field`` or ``entry`` for messages; empty when neither is known."""
        if self.entry_key is None:
            return ""
        return f"{self.entry_key}.{self.field}" if self.field else self.entry_key

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path or "", self.line or 0, self.column or 0, self.code)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.label,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "entry_key": self.entry_key,
            "field": self.field,
            "fix": self.fix.to_dict() if self.fix else None,
        }


def _rebuild(values: dict[str, Any]) -> Diagnostic:
    extra = values.pop("extra")
    return Diagnostic(**values, extra=MappingProxyType(extra) if extra else _NO_EXTRA)


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics in report order: by path, line, column, code."""
    return sorted(diagnostics, key=Diagnostic.sort_key)
