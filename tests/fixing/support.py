"""Small rules for testing the fix engine without the real rule families."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from refkit.bib.io import loads
from refkit.bib.model import Bibliography, Entry
from refkit.core.diagnostics import Diagnostic, Edit, EditKind, Fix, Severity
from refkit.lint.fixing import Change, FixResult
from refkit.lint.rules.base import CheckContext, EntryRule, set_field_fix, set_raw_fix


class DoubleHyphenPages(EntryRule):
    """Page ranges use a single hyphen.

    Bad:  pages = {1-5}
    Good: pages = {1--5}
    """

    code = "RK991"
    name = "test-page-dash"
    severity = Severity.WARNING

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        for field in entry.fields:
            if field.key == "pages" and "-" in field.value and "--" not in field.value:
                value = field.value.replace("-", "--")
                yield self.diagnostic(
                    context,
                    "use -- in page ranges",
                    entry=entry,
                    block_index=block_index,
                    field=field,
                    fix=set_field_fix(
                        "double the dash", block_index, entry, field, value, safe=True
                    ),
                )


class UpperTitle(EntryRule):
    """Titles are upper case (an unsafe fix, for tests).

    Bad:  title = {abc}
    Good: title = {ABC}
    """

    code = "RK992"
    name = "test-upper-title"
    severity = Severity.INFO

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        field = entry.field("title")
        if field is not None and field.value != field.value.upper():
            yield self.diagnostic(
                context,
                "title not upper case",
                entry=entry,
                block_index=block_index,
                field=field,
                fix=set_field_fix(
                    "upper-case the title",
                    block_index,
                    entry,
                    field,
                    field.value.upper(),
                    safe=False,
                ),
            )


class AppendX(EntryRule):
    """Appends one x to the title at a time, up to three (proposals that conflict).

    ``up_to`` sets another number of x's.

    Bad:  title = {T}
    Good: title = {Txxx}
    """

    code = "RK993"
    name = "test-append-x"
    severity = Severity.INFO

    def __init__(self, up_to: int = 3) -> None:
        self.up_to = up_to

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        field = entry.field("title")
        if field is None or field.value.endswith("x" * self.up_to):
            return
        for _ in range(2):  # two identical proposals: the second conflicts with the first
            yield self.diagnostic(
                context,
                "append x",
                entry=entry,
                block_index=block_index,
                field=field,
                fix=set_field_fix(
                    "append x", block_index, entry, field, field.value + "x", safe=True
                ),
            )


class Flip(EntryRule):
    """A rule whose fix undoes itself: note a <-> b (the engine must stop).

    Bad:  note = {a}
    Good: note = {b}
    """

    code = "RK994"
    name = "test-flip"
    severity = Severity.INFO

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        field = entry.field("note")
        if field is not None and field.value in ("a", "b"):
            other = "b" if field.value == "a" else "a"
            yield self.diagnostic(
                context,
                "flip",
                entry=entry,
                block_index=block_index,
                field=field,
                fix=set_field_fix("flip", block_index, entry, field, other, safe=True),
            )


class Restructure(EntryRule):
    """Structural edits in one fix: rename journal->journaltitle, drop empty fields,
    add langid, lower-case the type and key.

    Bad:  @ARTICLE{Key, journal = {J}, x = {}}
    Good: @article{key, journaltitle = {J}, langid = {english}}
    """

    code = "RK995"
    name = "test-restructure"
    severity = Severity.INFO

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        edits: list[Edit] = []
        for index, field in enumerate(entry.fields):
            if field.key == "journal":
                edits.append(
                    Edit(
                        EditKind.RENAME_FIELD,
                        block_index,
                        entry.key,
                        field.name,
                        "journaltitle",
                        index,
                    )
                )
            elif not field.value.strip():
                edits.append(
                    Edit(EditKind.REMOVE_FIELD, block_index, entry.key, field.name, None, index)
                )
        if entry.field("langid") is None:
            edits.append(Edit(EditKind.ADD_FIELD, block_index, entry.key, "langid", "english"))
        if entry.type_as_written != entry.type:
            edits.append(Edit(EditKind.SET_TYPE, block_index, entry.key, value=entry.type))
        if entry.key != entry.key.lower():
            edits.append(Edit(EditKind.RENAME_KEY, block_index, entry.key, value=entry.key.lower()))
        if edits:
            yield self.diagnostic(
                context,
                "restructure",
                entry=entry,
                block_index=block_index,
                fix=Fix("restructure", tuple(edits), safe=True),
            )


class BrokenFix(EntryRule):
    """Proposes a value with unbalanced braces (the engine must refuse it).

    Bad:  note = {ok}
    Good: note = {ok}
    """

    code = "RK996"
    name = "test-broken-fix"
    severity = Severity.INFO

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        field = entry.field("note")
        if field is not None:
            yield self.diagnostic(
                context,
                "broken",
                entry=entry,
                block_index=block_index,
                field=field,
                fix=set_field_fix("break it", block_index, entry, field, "{oops", safe=True),
            )


def raw_fields(bibliography: Bibliography) -> list[list[tuple[str, str]]]:
    """Every entry's fields as (name, raw) pairs, in file order."""
    return [[(item.name, item.raw) for item in entry.fields] for entry in bibliography.entries]


def assert_no_data_loss(before: Bibliography, result: FixResult) -> None:
    """Everything a fix did not change is still there, byte for byte.

    Same blocks in the same order; every non-entry block (comments, @string, @preamble,
    failed blocks, text between blocks) identical; every entry keeps its key (case kept)
    unless a recorded fix renamed it, its field names as a multiset up to the recorded
    renames, removals and additions, and every field whose name no fix touched is
    identical; untouched entries are identical; the output parses back to the same shape.
    """
    after = result.bibliography
    old_blocks, new_blocks = before.blocks, after.blocks
    assert len(old_blocks) == len(new_blocks)
    changes: dict[int, list[Change]] = {}
    for applied in result.applied:
        for change in applied.changes:
            changes.setdefault(change.block_index, []).append(change)
    for index, (old, new) in enumerate(zip(old_blocks, new_blocks, strict=True)):
        assert type(old) is type(new)
        if not isinstance(old, Entry):
            assert old.raw == new.raw
            continue
        assert isinstance(new, Entry)
        mine = changes.get(index, [])
        if not mine:
            assert old.raw == new.raw
            continue
        renames = [change for change in mine if change.kind is EditKind.RENAME_KEY]
        assert new.key == (renames[-1].after if renames else old.key)
        names = Counter(item.name for item in old.fields)
        touched: set[str] = set()
        for change in mine:
            if change.field is not None:
                touched.add(change.field.lower())
            if change.kind is EditKind.REMOVE_FIELD:
                names[change.field or ""] -= 1
            elif change.kind is EditKind.ADD_FIELD and change.before is None:
                names[change.field or ""] += 1
            elif change.kind is EditKind.RENAME_FIELD:
                names[change.before or ""] -= 1
                names[change.after or ""] += 1
                touched.add((change.after or "").lower())
        assert +names == Counter(item.name for item in new.fields)
        kept_old = [(item.name, item.raw) for item in old.fields if item.key not in touched]
        kept_new = [(item.name, item.raw) for item in new.fields if item.key not in touched]
        assert kept_old == kept_new
    if not result.applied:
        assert after.dumps() == before.dumps()
        return
    reparsed = loads(after.dumps())
    assert [type(block).__name__ for block in reparsed.blocks] == [
        type(block).__name__ for block in new_blocks
    ]
    assert [entry.key for entry in reparsed.entries] == [entry.key for entry in after.entries]
    assert [block.raw for block in reparsed.failed_blocks] == [
        block.raw for block in before.failed_blocks
    ]
    assert raw_fields(reparsed) == raw_fields(after)


class ProtectAcronyms(EntryRule):
    """Acronyms in titles are brace-protected (a safe form fix, like the text family's).

    Bad:  title = {USA v. Bennett}
    Good: title = {{USA} v. Bennett}
    """

    code = "RK997"
    name = "test-protect-acronyms"
    severity = Severity.INFO

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        field = entry.field("title")
        if field is None:
            return
        value = re.sub(r"(?<![{\w])([A-Z]{2,})(?![}\w])", r"{\1}", field.value)
        if value != field.value:
            yield self.diagnostic(
                context,
                "protect acronyms",
                entry=entry,
                block_index=block_index,
                field=field,
                fix=set_field_fix("protect", block_index, entry, field, value, safe=True),
            )


class SetRaw(EntryRule):
    """Sets one field's value expression as written (SET_RAW), for tests of that edit.

    Bad:  month = {Sept.}
    Good: month = sep
    """

    code = "RK998"
    name = "test-set-raw"
    severity = Severity.INFO

    def __init__(self, raw: str, field: str = "month") -> None:
        self.raw = raw
        self.field = field

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        field = entry.field(self.field)
        if field is not None and field.raw != self.raw:
            yield self.diagnostic(
                context,
                "set raw",
                entry=entry,
                block_index=block_index,
                field=field,
                fix=set_raw_fix("set raw", block_index, entry, field, self.raw, safe=True),
            )
