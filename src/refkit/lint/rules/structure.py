"""Structure family (RK1xx): entry types, required fields, empty and repeated fields.

What a type requires comes from the declarative tables of ``refkit.lint.datamodel`` for
the data model in force (``CheckContext.data_model``).
"""

from __future__ import annotations

from collections.abc import Iterator

from refkit.bib.model import Entry, Field
from refkit.core.diagnostics import Diagnostic, Edit, EditKind, Fix, Severity
from refkit.lint.datamodel import (
    BIBLATEX_FIELD_ALIASES,
    BIBLATEX_TYPES,
    BIBTEX_TYPES,
    is_known_field,
    required_fields,
)
from refkit.lint.index import entry_digest, entry_fields, has_repeated_fields, plain_value
from refkit.lint.rules.base import CheckContext, DataModel, EntryRule, Rule

_PARENT_FIELDS = ("crossref", "xdata")
_MAX_PARENT_DEPTH = 4
#: Field names that count for a required field under biblatex (the field and its aliases).
_COUNTS_AS: dict[str, tuple[str, ...]] = {}
for _alias, _target in BIBLATEX_FIELD_ALIASES.items():
    _COUNTS_AS[_target] = (*_COUNTS_AS.get(_target, (_target,)), _alias)


def _is_biblatex(context: CheckContext) -> bool:
    return context.data_model is not DataModel.BIBTEX


def _remove_fix(
    description: str, block_index: int, entry: Entry, position: int, field: Field
) -> Fix:
    """Remove ``field``, the entry's field at ``position`` (passed in: copying the
    entry's field list per fix made 5,000 duplicate fields quadratic)."""
    return Fix(
        description=description,
        edits=(
            Edit(
                kind=EditKind.REMOVE_FIELD,
                block_index=block_index,
                entry_key=entry.key,
                field=field.name,
                field_index=position,
            ),
        ),
        safe=True,
    )


class UnknownEntryType(EntryRule):
    """The entry type is not defined by the data model (BibTeX or biblatex).

    Styles fall back to ``@misc`` or drop the entry, usually with only a warning.

    Bad:  @webpage{un2020, title = {Report}, url = {https://un.org}}
    Good: @online{un2020, title = {Report}, url = {https://un.org}}
    """

    code = "RK101"
    name = "unknown-entry-type"
    severity = Severity.WARNING
    family = "structure"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        biblatex = _is_biblatex(context)
        known = BIBLATEX_TYPES if biblatex else BIBTEX_TYPES
        if entry.type not in known:
            model = "biblatex" if biblatex else "BibTeX"
            yield self.diagnostic(
                context,
                f"@{entry.type_as_written} is not an entry type of the {model} data model",
                entry=entry,
                block_index=block_index,
                span=entry.type_span,
            )


class MissingRequiredField(EntryRule):
    """The entry lacks a field its type requires under the data model.

    Fields inherited through ``crossref`` or ``xdata`` count; biblatex aliases count
    (``journal`` for ``journaltitle``, ``year`` for ``date``, ``school`` for ``institution``).

    Bad:  @article{smith2020, author = {Smith, A.}, title = {T}, year = 2020}
    Good: @article{smith2020, author = {Smith, A.}, title = {T}, journal = {Nature}, year = 2020}
    """

    code = "RK102"
    name = "missing-required-field"
    severity = Severity.WARNING
    family = "structure"

    def __init__(self) -> None:
        self._context: CheckContext | None = None
        self._by_key: dict[str, Entry] = {}

    def _entries_by_key(self, context: CheckContext) -> dict[str, Entry]:
        if self._context is not context:
            self._context = context
            self._by_key = {}
            for entry in context.bibliography.entries:
                self._by_key.setdefault(entry.key, entry)
                self._by_key.setdefault(entry.key.lower(), entry)
        return self._by_key

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        biblatex = _is_biblatex(context)
        required = required_fields(entry.type, biblatex=biblatex)
        if not required:
            return
        present = self._present(entry, context, biblatex, 0)
        if present is None:
            return  # a crossref/xdata parent is missing: RK702 reports that
        for alternatives in required:
            if not any(name in present for name in alternatives):
                wanted = " or ".join(alternatives)
                yield self.diagnostic(
                    context,
                    f"@{entry.type} entry lacks the required field {wanted}",
                    entry=entry,
                    block_index=block_index,
                    field_name=alternatives[0],
                )

    def _present(
        self, entry: Entry, context: CheckContext, biblatex: bool, depth: int
    ) -> set[str] | None:
        fields = entry_fields(context, entry)
        present = set(fields)
        if biblatex:
            for name, aliases in _COUNTS_AS.items():
                if name not in present and any(alias in present for alias in aliases):
                    present.add(name)
        parents: list[str] = []
        for name in _PARENT_FIELDS:
            if name in fields:
                parents.extend(part.strip() for part in plain_value(fields[name]).split(","))
        if not parents or depth >= _MAX_PARENT_DEPTH:
            return present
        by_key = self._entries_by_key(context)
        for parent_key in filter(None, parents):
            parent = by_key.get(parent_key) or by_key.get(parent_key.lower())
            if parent is None:
                return None
            inherited = self._present(parent, context, biblatex, depth + 1)
            if inherited is None:
                return None
            present |= inherited
            if "title" in inherited:
                present.update({"booktitle", "maintitle", "journaltitle"})
            if "author" in inherited:
                present.add("bookauthor")
        return present


class EmptyField(EntryRule):
    """A field has an empty value.

    Bad:  @book{smith2020, title = {Title}, publisher = {}}
    Good: @book{smith2020, title = {Title}}
    """

    code = "RK103"
    name = "empty-field"
    severity = Severity.WARNING
    fixable = True
    family = "structure"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        if not entry_digest(context, entry).empty:
            return
        for position, item in enumerate(entry):
            raw = item.raw
            if len(raw) > 8 or raw[:1] not in '{"':
                continue
            if plain_value(item).strip(" \t\r\n{}") == "" and "\\" not in raw:
                yield self.diagnostic(
                    context,
                    f"the field {item.name} is empty",
                    entry=entry,
                    block_index=block_index,
                    field=item,
                    fix=_remove_fix(
                        f"remove the empty {item.name}", block_index, entry, position, item
                    ),
                )


class DuplicateField(EntryRule):
    """The same field appears twice in one entry (names compare case-insensitively).

    BibTeX keeps the first and biber the last; either way one value is silently lost.

    Bad:  @article{smith2020, Author = {Smith, Ann}, author = {Smith, A.}}
    Good: @article{smith2020, author = {Smith, Ann}}
    """

    code = "RK104"
    name = "duplicate-field"
    severity = Severity.ERROR
    fixable = True
    family = "structure"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        if not has_repeated_fields(context, entry):
            return
        seen: dict[str, int] = {}
        fields = entry.fields
        for position, item in enumerate(fields):
            key = item.key
            first = seen.setdefault(key, position)
            if first == position:
                continue
            earlier = fields[first]
            same = plain_value(earlier).strip() == plain_value(item).strip()
            fix = (
                _remove_fix(
                    f"remove the repeated {item.name}", block_index, entry, position, item
                )
                if same
                else None
            )
            line = earlier.span.start_line if earlier.span else None
            where = f" (first at line {line})" if line else ""
            what = "with the same value" if same else "with a different value"
            yield self.diagnostic(
                context,
                f"the field {item.name} is given again {what}{where}",
                entry=entry,
                block_index=block_index,
                field=item,
                fix=fix,
            )


class UnknownField(EntryRule):
    """A field is neither defined by BibTeX or biblatex nor one that common tools add.

    Styles ignore such fields; a typo (``autor``, ``jounal``) loses the information.

    Bad:  @article{smith2020, autor = {Smith, Ann}}
    Good: @article{smith2020, author = {Smith, Ann}}
    """

    code = "RK105"
    name = "unknown-field"
    severity = Severity.INFO
    family = "structure"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        known = self._known
        fields = entry_fields(context, entry)
        unknown: list[str] = []
        for key in fields:
            is_known = known.get(key)
            if is_known is None:
                is_known = known[key] = is_known_field(key, biblatex=True)
            if not is_known:
                unknown.append(key)
        if not unknown:
            return
        # The fields of each unknown name, grouped in one pass: asking the entry for
        # each name's fields walked all of them per name (10,000 fields: 50 million steps).
        named: dict[str, list[Field]] = {key: [] for key in unknown}
        if fields.repeated:
            for item in entry:
                if item.key in named:
                    named[item.key].append(item)
        else:
            for key in unknown:
                named[key].append(fields[key])
        for key in unknown:
            for item in named[key]:
                yield self.diagnostic(
                    context,
                    f"the field {item.name} is not known to BibTeX or biblatex",
                    entry=entry,
                    block_index=block_index,
                    field=item,
                    span=item.name_span,
                )

    def __init__(self) -> None:
        self._known: dict[str, bool] = {}


def rules() -> list[Rule]:
    return [
        UnknownEntryType(),
        MissingRequiredField(),
        EmptyField(),
        DuplicateField(),
        UnknownField(),
    ]
