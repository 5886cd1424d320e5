"""Structure family (RK1xx): entry types, required fields, empty and repeated fields.

What a type requires comes from the declarative tables of ``refkit.lint.datamodel`` for
the data model in force (``CheckContext.data_model``): biblatex's default data model as
biber validates it, or plain.bst's types and required fields.  What refkit deliberately
does not report that biber does (fields tools add, fields a ``crossref`` parent gives,
values that are undefined ``@string`` macros) is listed in tests/toolchain.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from refkit.bib.model import Delimiter, Entry, Field
from refkit.core.diagnostics import Diagnostic, Edit, EditKind, Fix, Severity
from refkit.lint.biblatex_datamodel import (
    BIBTEX_FIELD_MAP,
    BIBTEX_NULLED_FIELDS,
    FALLBACK_DRIVER,
    SKIPOUT_ENTRY_TYPES,
    has_standard_driver,
    valid_fields,
)
from refkit.lint.datamodel import (
    BIBLATEX_LIST_LITERAL_FIELDS,
    BIBLATEX_MODEL_FIELDS,
    BIBTEX_STANDARD_TYPES,
    INTEGER_FIELDS,
    biblatex_field,
    biblatex_type,
    bibtex_requirements,
    is_biblatex_type,
    is_known_field,
    required_fields,
)
from refkit.lint.index import entry_digest, entry_fields, has_repeated_fields, plain_value
from refkit.lint.rules.base import CheckContext, DataModel, EntryRule, Rule, set_raw_fix

_PARENT_FIELDS = ("crossref", "xdata")
_MAX_PARENT_DEPTH = 4
#: Field names that count for a required field under biblatex (the field and its aliases).
_COUNTS_AS: dict[str, tuple[str, ...]] = {}
for _alias, _target in BIBTEX_FIELD_MAP.items():
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

    Styles fall back to ``@misc`` or drop the entry, usually with only a warning.  Under
    biblatex the types are those of biblatex's default data model and the BibTeX types
    biber maps (``@techreport``, ``@conference``, ...); under BibTeX those of the standard
    styles (plain, unsrt, alpha, abbrv), which print any other type as ``@misc``.

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
        known = is_biblatex_type(entry.type) if biblatex else entry.type in BIBTEX_STANDARD_TYPES
        if not known:
            model = "the biblatex data model" if biblatex else "the standard BibTeX styles"
            yield self.diagnostic(
                context,
                f"@{entry.type_as_written} is not an entry type of {model}",
                entry=entry,
                block_index=block_index,
                span=entry.type_span,
            )


class MissingRequiredField(EntryRule):
    """The entry lacks a field its type requires under the data model.

    Under biblatex the mandatory fields of biblatex's default data model (blx-dm.def), for
    the type biber maps the entry to (an unknown type is checked as ``@misc``); under
    BibTeX the ``output.check`` fields of plain.bst.  Fields inherited through
    ``crossref`` or ``xdata`` count (biber resolves them in a document, BibTeX checks
    the parent), and so do the BibTeX names biber maps (``journal`` for ``journaltitle``,
    ``school`` for ``institution``); ``year`` counts for ``date``.  An empty value
    (``title = {}``) counts as missing, as it does for BibTeX and biber; an empty brace
    group (``title = {{}}``) is a value to both (RK103 reports it as empty).

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
        if biblatex:
            required = required_fields(entry.type, biblatex=True)
        else:
            requirements = bibtex_requirements(entry.type)
            has_parent = "crossref" in entry_fields(context, entry)
            required = (
                None
                if requirements is None
                else tuple(
                    req.fields for req in requirements if not (has_parent and req.without_crossref)
                )
            )
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
        if entry_digest(context, entry).empty:
            # BibTeX ("empty title in k") and biber read an empty value as no value; a
            # brace group, even an empty one (``title = {{}}``), is a value to both.
            present -= {
                name for name, item in fields.items() if plain_value(item).strip(" \t\r\n") == ""
            }
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


class FieldInvalidForType(EntryRule):
    """A field of biblatex's data model that is not valid for the entry's type.

    biber's validator reports it ("Invalid field 'publisher' for entrytype 'article'")
    and the standard styles do not print it, so the information is silently lost; it
    usually belongs in another field or the entry wants another type.  Checked under
    biblatex only, after biber's BibTeX map (``@techreport`` is checked as ``@report``,
    ``address`` as ``location``); fields outside the model are RK105's.

    Bad:  @article{a, author = {A}, title = {T}, journal = {J}, year = 2020, publisher = {P}}
    Good: @article{a, author = {A}, title = {T}, journal = {J}, year = 2020}
    """

    code = "RK106"
    name = "field-invalid-for-type"
    severity = Severity.INFO
    family = "structure"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        if not _is_biblatex(context):
            return
        target, sets = biblatex_type(entry.type)
        if target in SKIPOUT_ENTRY_TYPES:
            return  # @xdata holds fields for other entries, of any type
        valid = valid_fields(target)
        implied = {name for name, _ in sets}
        for key in entry_fields(context, entry):
            name = biblatex_field(key)
            if name in valid or name in implied or name in BIBTEX_NULLED_FIELDS:
                continue
            if name not in BIBLATEX_MODEL_FIELDS:
                continue  # outside the model altogether: RK105
            for item in entry.fields_named(key):
                yield self.diagnostic(
                    context,
                    f"the field {item.name} is not valid for @{target} in biblatex's data model "
                    "(biber ignores it and the styles do not print it)",
                    entry=entry,
                    block_index=block_index,
                    field=item,
                    span=item.name_span,
                )


def _top_level_and(content: str) -> int | None:
    """Where an `` and `` outside braces starts in a value's content, or None."""
    depth = 0
    for index, char in enumerate(content):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and char.isspace() and _AND.match(content, index):
            return index
    return None


_AND = re.compile(r"(?<!\s)\s+and\s+")


def _brace_and_parts(content: str) -> str:
    """The content with each comma-separated part that holds a top-level `` and `` braced."""
    parts: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(content + ","):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(content[start:index])
            start = index + 1
    out: list[str] = []
    for part in parts:
        if _top_level_and(part) is None:
            out.append(part)
            continue
        lead = part[: len(part) - len(part.lstrip())]
        trail = part[len(part.rstrip()) :]
        out.append(f"{lead}{{{part.strip()}}}{trail}")
    return ",".join(out)


class UnbracedAndInListField(EntryRule):
    """A list field (institution, publisher, location, ...) has an unbraced `` and ``.

    The list fields are institution, publisher, location, organization and language
    (and biblatex's other literal lists).  biber and pandoc split these fields at
    `` and ``, like names: "Office on Drugs and Crime" becomes two institutions,
    "Office on Drugs" and "Crime".  The fix braces the part of
    the value that holds the `` and ``; it is unsafe, because "New York and London" may
    really be two places.

    Bad:  institution = {United Nations Office on Drugs and Crime}
    Good: institution = {{United Nations Office on Drugs and Crime}}
    """

    code = "RK107"
    name = "unbraced-and-in-list-field"
    severity = Severity.WARNING
    fixable = True
    family = "structure"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        fields = entry_fields(context, entry)
        for key in fields:
            if biblatex_field(key) not in BIBLATEX_LIST_LITERAL_FIELDS:
                continue
            for item in entry.fields_named(key):
                if item.delimiter not in (Delimiter.BRACES, Delimiter.QUOTES):
                    continue
                content = item.value
                if _top_level_and(content) is None:
                    continue
                fixed = _brace_and_parts(content)
                raw = item.raw[0] + fixed + item.raw[-1]
                yield self.diagnostic(
                    context,
                    f"the list field {item.name} has an unbraced ' and ': biber and pandoc "
                    "split it into several items there",
                    entry=entry,
                    block_index=block_index,
                    field=item,
                    fix=set_raw_fix(
                        f"brace the part of {item.name} that holds 'and'",
                        block_index,
                        entry,
                        item,
                        raw,
                        safe=False,
                    ),
                )


class NoStandardDriver(EntryRule):
    """biblatex's standard styles have no bibliography driver for the entry type.

    They print such an entry with the ``@misc`` driver and LaTeX warns "No driver for
    'legislation'"; ``@jurisdiction``, ``@legislation``, ``@letter``, ``@standard``,
    ``@movie`` and the other types the data model defines only for other styles
    (biblatex manual §2.1.3).  Use a type the styles print, or a style that has the
    driver (biblatex-apa prints ``@jurisdiction`` and ``@legislation``).  Checked under
    biblatex only; unknown types are RK101's.

    Bad:  @legislation{act, title = {An Act}, date = 2000}
    Good: @misc{act, title = {An Act}, date = 2000}
    """

    code = "RK108"
    name = "no-standard-driver"
    severity = Severity.INFO
    family = "structure"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        if not _is_biblatex(context) or not is_biblatex_type(entry.type):
            return
        target, _ = biblatex_type(entry.type)
        if has_standard_driver(target) or target in SKIPOUT_ENTRY_TYPES:
            return
        yield self.diagnostic(
            context,
            f"@{entry.type_as_written} has no driver in biblatex's standard styles: they "
            f"print it as @{FALLBACK_DRIVER} and warn \"No driver for '{target}'\"",
            entry=entry,
            block_index=block_index,
            span=entry.type_span,
        )


_INTEGER = re.compile(r"\s*-?[0-9]+\s*")


class NotAnInteger(EntryRule):
    """An integer field of biblatex's data model holds something else than an integer.

    The integer fields are ``volume``, ``volumes`` and ``sortyear``.
    biber's validator reports "Invalid value of field 'volume' must be datatype
    'integer'"; sorting and the styles' number formatting expect a plain integer.  A
    volume such as ``IV`` or ``12a`` is better in ``number`` or ``part``.  Checked
    under biblatex only (BibTeX prints the value as written).

    Bad:  volume = {12a}
    Good: volume = {12}, part = {a}
    """

    code = "RK109"
    name = "not-an-integer"
    severity = Severity.INFO
    family = "structure"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        if not _is_biblatex(context):
            return
        fields = entry_fields(context, entry)
        for key in fields:
            name = biblatex_field(key)
            if name not in INTEGER_FIELDS:
                continue
            for item in entry.fields_named(key):
                if item.delimiter is Delimiter.BARE and _INTEGER.fullmatch(item.raw):
                    continue
                if _INTEGER.fullmatch(item.resolved):
                    continue
                yield self.diagnostic(
                    context,
                    f"{item.name} = {{{item.resolved}}} is not an integer, as biblatex's data "
                    "model wants it",
                    entry=entry,
                    block_index=block_index,
                    field=item,
                )


def rules() -> list[Rule]:
    return [
        UnknownEntryType(),
        MissingRequiredField(),
        EmptyField(),
        DuplicateField(),
        UnknownField(),
        FieldInvalidForType(),
        UnbracedAndInListField(),
        NoStandardDriver(),
        NotAnInteger(),
    ]
