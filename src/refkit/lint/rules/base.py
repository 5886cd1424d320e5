"""What a rule is: a code, a name, a severity, a docstring, and a check.

Rules report problems and may propose fixes; they never edit.  An entry rule looks at
one entry at a time; a bibliography rule sees the whole file (duplicates, undefined
macros).  Rule sets are built by functions (``refkit.lint.rules.default_rules``), never
held in a module-global registry.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import ClassVar

from refkit.bib.model import Block, Entry, Field
from refkit.core.diagnostics import Diagnostic, Edit, EditKind, Fix, Severity
from refkit.core.spans import Span
from refkit.lint.context import CheckContext
from refkit.lint.datamodel import DataModel

__all__ = [
    "BibliographyRule",
    "CheckContext",
    "DataModel",
    "EntryRule",
    "Rule",
    "set_field_fix",
    "set_raw_fix",
]


class Rule:
    """Base of every rule; subclasses set the class attributes and one check method."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    #: The family a rule belongs to, e.g. "identifiers"; equals the hundreds of its code.
    family: ClassVar[str] = ""
    #: Whether the rule proposes fixes (for some of its findings, at least).
    fixable: ClassVar[bool] = False
    #: Needle tuples the rule passes to ``index.entries_with``: the engine finds the
    #: needles of every selected rule in one pass over the file instead of one each.
    needles: ClassVar[tuple[tuple[str, ...], ...]] = ()

    @classmethod
    def summary(cls) -> str:
        """The first line of the docstring."""
        return (inspect.getdoc(cls) or "").splitlines()[0]

    @classmethod
    def documentation(cls) -> str:
        return inspect.getdoc(cls) or ""

    def diagnostic(
        self,
        context: CheckContext,
        message: str,
        *,
        entry: Entry | None = None,
        block_index: int | None = None,
        field: Field | None = None,
        span: Span | None = None,
        fix: Fix | None = None,
        field_name: str | None = None,
        block: Block | None = None,
    ) -> Diagnostic:
        """A diagnostic of this rule, located at the most precise span known."""
        # Offsets rather than Span objects, two line look-ups rather than the four of
        # Span's properties: some rules report tens of thousands of findings on a file.
        where = (span.start, span.end, span.source) if span is not None else None
        if where is None and field is not None:
            where = field.offsets
        if where is None:
            outer = (entry.key_span or entry.span) if entry is not None else None
            outer = outer or (block.span if block is not None else None)
            where = (outer.start, outer.end, outer.source) if outer is not None else None
        line = column = end_line = end_column = None
        if where is not None:
            start, end, source = where
            line, column = source.line_col(start)
            end_line, end_column = source.line_col(max(start, end - 1))
        return Diagnostic(
            code=self.code,
            name=self.name,
            severity=self.severity,
            message=message,
            path=context.path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            entry_key=entry.key if entry is not None else None,
            field=field.name if field is not None else field_name,
            fix=fix,
            block_index=block_index,
        )


class EntryRule(Rule):
    """A rule that looks at one entry at a time."""

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        raise NotImplementedError


class BibliographyRule(Rule):
    """A rule that looks at the whole bibliography."""

    def check_bibliography(self, context: CheckContext) -> Iterator[Diagnostic]:
        raise NotImplementedError


def set_field_fix(
    description: str,
    block_index: int,
    entry: Entry,
    field: Field,
    value: str,
    *,
    safe: bool,
) -> Fix:
    """A fix that sets one field (the first of that name) to a new value."""
    return _set_fix(EditKind.SET_FIELD, description, block_index, entry, field, value, safe)


def set_raw_fix(
    description: str,
    block_index: int,
    entry: Entry,
    field: Field,
    raw: str,
    *,
    safe: bool,
) -> Fix:
    """A fix that sets one field's value expression as written, delimiters included
    (``month = sep``: a macro, which a braced value cannot express)."""
    return _set_fix(EditKind.SET_RAW, description, block_index, entry, field, raw, safe)


def _set_fix(
    kind: EditKind,
    description: str,
    block_index: int,
    entry: Entry,
    field: Field,
    value: str,
    safe: bool,
) -> Fix:
    try:
        position: int | None = entry.position_of(field)
    except ValueError:
        position = None
    return Fix(
        description=description,
        edits=(
            Edit(
                kind=kind,
                block_index=block_index,
                entry_key=entry.key,
                field=field.name,
                value=value,
                field_index=position,
            ),
        ),
        safe=safe,
    )
