"""What parsing a reference string produces."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

NAME_LABELS = frozenset({"author", "editor", "translator"})
FieldValue = str | list[str]


@dataclass(frozen=True)
class ParseProblem:
    """A diagnostic about one parsed reference."""

    code: str
    message: str


@dataclass(frozen=True)
class ParsedReference:
    """One reference string and the fields found in it.

    ``fields`` maps CSL variable names to exact spans of ``text``: a string, or a
    list when a label occurs in several places; name labels (author, editor,
    translator) are always lists with one element per person or organisation.
    """

    text: str
    type: str
    fields: Mapping[str, FieldValue]
    confidence: float
    key: str = ""
    problems: tuple[ParseProblem, ...] = field(default=())
