"""The fix engine: apply the fixes rules propose, re-check, repeat until nothing changes.

Rules never edit; they propose ``Fix`` values.  ``fix`` runs the checks of
``refkit.lint.checking`` on a copy of the bibliography, applies the safe fixes (and the
unsafe ones when asked) through the model's edit methods, and checks again, until a pass
changes nothing or the pass limit is reached.  Within one pass, a fix that touches what
an earlier fix of the same pass touched is left for the next pass (its proposal was
computed from the old value); known-error corrections (RK8xx) go first, before fixes of
form.  Fixes that address different fields of one entry by position (30 repeated
``title`` fields, each removed by its own finding) all apply in the same pass: positions
are read as they were when the pass's check ran, shifted past the removals made since, so
one ``fix`` run reaches the fixed point instead of removing one field per pass.  After a
pass, entry rules run again only on the entries it changed.  A fix whose edits do not
fit the entry (unbalanced braces, a raw value expression that is not well formed, a
field that is not there) is rejected, never half-applied.
Only entries are ever edited, so comments, ``@string``, ``@preamble`` and blocks
that failed to parse are written back byte for byte, and an edited entry is re-emitted by
splicing only its changed parts.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from refkit.bib.braces import is_balanced
from refkit.bib.model import Bibliography, Entry, Field, raw_value_problem
from refkit.core.diagnostics import Diagnostic, Edit, EditKind, Fix, sorted_diagnostics
from refkit.lint.checking import CheckRun, selected_rules
from refkit.lint.config import Config
from refkit.lint.datamodel import DataModel
from refkit.lint.index import used_field_names
from refkit.lint.rules.base import EntryRule

__all__ = ["DEFAULT_MAX_PASSES", "AppliedFix", "Change", "FixResult", "fix"]

DEFAULT_MAX_PASSES = 10
#: The code prefix of the known-errors family, whose fixes are applied first in a pass.
KNOWN_ERRORS_PREFIX = "RK8"
_FIELD_NAME = re.compile(r"[^\s\"#%'(),={}]+")
_KEY = re.compile(r"[^\s,{}]+")
_TYPE = re.compile(r"[A-Za-z][\w\-:.+]*")

#: The edit kinds that address an existing field.
_FIELD_EDITS = frozenset(
    {EditKind.SET_FIELD, EditKind.SET_RAW, EditKind.REMOVE_FIELD, EditKind.RENAME_FIELD}
)

#: What an edit claims inside an entry, for conflict detection within one pass: a field
#: position, the key, the type, or the whole field list (edits that shift positions).
_Target = tuple[int, str, int]
_WHOLE = -1


@dataclass(frozen=True)
class Change:
    """One edit as applied: before and after are raw values, names, keys or types."""

    kind: EditKind
    block_index: int
    entry_key: str
    field: str | None
    before: str | None
    after: str | None

    def to_dict(self) -> dict[str, object]:
        return {
            "action": self.kind.value,
            "entry_key": self.entry_key,
            "field": self.field,
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True)
class AppliedFix:
    """A fix that was applied, with the diagnostic it resolved and what it changed."""

    code: str
    name: str
    description: str
    safe: bool
    changes: tuple[Change, ...]
    diagnostic: Diagnostic = dataclass_field(compare=False, repr=False)

    @property
    def entry_key(self) -> str:
        return self.changes[0].entry_key

    @property
    def block_index(self) -> int:
        return self.changes[0].block_index

    @property
    def field(self) -> str | None:
        return self.changes[0].field

    @property
    def before(self) -> str | None:
        return self.changes[0].before

    @property
    def after(self) -> str | None:
        return self.changes[0].after

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "description": self.description,
            "safe": self.safe,
            "changes": [change.to_dict() for change in self.changes],
        }


@dataclass(frozen=True)
class FixResult:
    """The fixed copy, what was applied, and what is left."""

    bibliography: Bibliography
    applied: tuple[AppliedFix, ...]
    #: Unsafe fixes still proposed after fixing (apply them with ``unsafe=True``).
    available_unsafe: int
    #: Findings of the last check, after every fix was applied.
    remaining: tuple[Diagnostic, ...]
    passes: int
    #: False when the pass limit was reached before nothing changed.
    converged: bool = True
    #: Fixes left out because an edit did not fit the entry (a rule's mistake).
    rejected: tuple[tuple[Diagnostic, str], ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.applied)

    @property
    def entries_changed(self) -> int:
        """How many entries at least one fix changed."""
        return len({change.block_index for item in self.applied for change in item.changes})


def fix(
    bibliography: Bibliography, config: Config | None = None, *, unsafe: bool = False
) -> FixResult:
    """Apply the proposed fixes to a copy of ``bibliography`` until it is stable.

    The rules are those ``check`` runs with ``config``; unsafe fixes are applied only
    with ``unsafe``.  The input is never changed.
    """
    config = config or Config()
    result = bibliography.copy()
    applied: list[AppliedFix] = []
    rejected: list[tuple[Diagnostic, str]] = []
    seen_texts = {hash(result.dumps())}
    passes = 0
    converged = False
    checker = _Rechecker(result, config)
    diagnostics = checker.run(None)
    while True:
        # Known-error corrections (RK8xx) fix content; they go before fixes of form (case
        # protection, escapes) that would otherwise change the text they look for.
        wanted = sorted(
            (item for item in diagnostics if _wanted(item, unsafe)),
            key=_form_fixes_last,
        )
        if not wanted:
            converged = True
            break
        if passes >= DEFAULT_MAX_PASSES:
            break
        passes += 1
        done = _apply_pass(result, wanted, rejected)
        if not done:
            converged = True
            break
        applied.extend(done)
        diagnostics = checker.run(done)
        text = hash(result.dumps())
        if text in seen_texts:  # the fixes undo each other: stop rather than cycle
            break
        seen_texts.add(text)
    return FixResult(
        bibliography=result,
        applied=tuple(applied),
        available_unsafe=sum(
            1 for item in diagnostics if item.fix is not None and not item.fix.safe and not unsafe
        ),
        remaining=tuple(diagnostics),
        passes=passes,
        converged=converged,
        rejected=tuple(rejected),
    )


def _form_fixes_last(diagnostic: Diagnostic) -> bool:
    return not diagnostic.code.startswith(KNOWN_ERRORS_PREFIX)


class _Rechecker:
    """``check`` again after a pass, re-running entry rules only on the entries it changed.

    Entry rules look at one entry at a time, so the findings on untouched entries stay
    valid; bibliography rules always run again.  A pass that renames a key or changes a
    type (what other entries may refer to), or that changes the data model in force,
    gets a full check.  The rules are selected once, and the data model is found once
    per pass.
    """

    def __init__(self, bibliography: Bibliography, config: Config) -> None:
        self.bibliography = bibliography
        self.checks = CheckRun(config, selected_rules(config, bibliography.path))
        self.entry_codes = {rule.code for rule in self.checks.rules if isinstance(rule, EntryRule)}
        self.model: DataModel | None = None
        self.last: list[Diagnostic] = []

    def run(self, done: Sequence[AppliedFix] | None) -> list[Diagnostic]:
        changed = {change.block_index for item in done or () for change in item.changes}
        names = used_field_names(self.bibliography.entries)
        model = self.checks.data_model(self.bibliography, names)
        full = (
            done is None
            or model is not self.model
            or any(
                change.kind in (EditKind.RENAME_KEY, EditKind.SET_TYPE)
                for item in done
                for change in item.changes
            )
        )
        self.model = model
        if full:
            self.last = self.checks.check(self.bibliography, model, names)
            return self.last
        fresh = self.checks.check(self.bibliography, model, names, changed)
        kept = [
            item
            for item in self.last
            if item.code in self.entry_codes
            and item.block_index is not None
            and item.block_index not in changed
        ]
        self.last = sorted_diagnostics([*kept, *fresh])
        return self.last


def _wanted(diagnostic: Diagnostic, unsafe: bool) -> bool:
    found = diagnostic.fix
    return found is not None and bool(found.edits) and (found.safe or unsafe)


def _apply_pass(
    bibliography: Bibliography,
    diagnostics: Iterable[Diagnostic],
    rejected: list[tuple[Diagnostic, str]],
) -> list[AppliedFix]:
    """Apply every non-conflicting fix once; the rest wait for the next pass."""
    claimed: set[_Target] = set()
    whole: set[int] = set()
    shifts = _Shifts()
    done: list[AppliedFix] = []
    for diagnostic in diagnostics:
        proposed = diagnostic.fix
        assert proposed is not None
        targets = [_target(edit) for edit in proposed.edits]
        # Conflicts first: a fix that waits for the next pass is validated then, against
        # the entry as it will be; validating each of 5,000 waiting fixes now, each in
        # time linear in the entry, made one pass quadratic.
        if any(_conflicts(target, claimed, whole) for target in targets):
            continue
        problem = _validate(bibliography, proposed, shifts)
        if problem is not None:
            if all(diagnostic != item for item, _problem in rejected):
                rejected.append((diagnostic, problem))
            continue
        changes = _apply(bibliography, proposed, shifts)
        if not changes:
            continue
        for target in targets:
            claimed.add(target)
            if target[2] == _WHOLE:
                whole.add(target[0])
        done.append(
            AppliedFix(
                code=diagnostic.code,
                name=diagnostic.name,
                description=proposed.description,
                safe=proposed.safe,
                changes=tuple(changes),
                diagnostic=diagnostic,
            )
        )
    return done


class _Shifts:
    """Where a field a finding addresses by position is now, within one pass.

    Findings give positions as they were when the pass's check ran.  Fields of one entry
    are claimed either one position at a time (sets, renames and removals by position) or
    all at once (an added field, an edit by name), so within a pass the only thing that
    moves a claimed position is a removal at a smaller one.
    """

    def __init__(self) -> None:
        #: Per block, the checked positions removed so far this pass, in order.
        self._removed: dict[int, list[int]] = {}

    def now(self, block_index: int, position: int) -> int:
        removed = self._removed.get(block_index)
        return position - bisect_left(removed, position) if removed else position

    def remove(self, block_index: int, position: int) -> None:
        insort(self._removed.setdefault(block_index, []), position)


def _target(edit: Edit) -> _Target:
    if edit.kind in _FIELD_EDITS and edit.field_index is not None:
        return (edit.block_index, "field", edit.field_index)
    if edit.kind is EditKind.RENAME_KEY:
        return (edit.block_index, "key", 0)
    if edit.kind is EditKind.SET_TYPE:
        return (edit.block_index, "type", 0)
    # Adding or removing fields shifts positions; a by-name edit may hit any position.
    return (edit.block_index, "fields", _WHOLE)


def _conflicts(target: _Target, claimed: set[_Target], whole: set[int]) -> bool:
    block_index, what, _position = target
    if target in claimed:
        return True
    if what in ("field", "fields") and block_index in whole:
        return True
    return target[2] == _WHOLE and any(
        item[0] == block_index and item[1] == "field" for item in claimed
    )


def _entry_at(bibliography: Bibliography, edit: Edit) -> Entry | None:
    blocks = bibliography.blocks
    if not 0 <= edit.block_index < len(blocks):
        return None
    block = blocks[edit.block_index]
    return block if isinstance(block, Entry) else None


def _field_position(entry: Entry, edit: Edit, shifts: _Shifts) -> int | None:
    """The position of the field an edit addresses, or None when it does not fit."""
    if edit.field_index is not None:
        # By position through the slots: copying the field list for each of 5,000 fixes
        # to one entry would make a pass quadratic.
        slots = entry.field_slots()
        position = shifts.now(edit.block_index, edit.field_index)
        if not 0 <= position < len(slots.items):
            return None
        if edit.field is not None and slots[position].key != edit.field.lower():
            return None
        return position
    if edit.field is None:
        return None
    wanted = edit.field.lower()
    return next((index for index, item in enumerate(entry) if item.key == wanted), None)


def _balanced(value: str) -> bool:
    # A final backslash would escape the closing brace the value is written in.
    return is_balanced(value) and not value.endswith("\\")


def _validate(bibliography: Bibliography, proposed: Fix, shifts: _Shifts) -> str | None:
    """Why a fix cannot be applied as proposed, or None when every edit fits."""
    for edit in proposed.edits:
        entry = _entry_at(bibliography, edit)
        if entry is None:
            return f"block {edit.block_index} is not an entry"
        if entry.key != edit.entry_key:
            return f"block {edit.block_index} is {entry.key!r}, not {edit.entry_key!r}"
        kind = edit.kind
        if kind in (EditKind.SET_FIELD, EditKind.ADD_FIELD) and (
            edit.value is None or not _balanced(edit.value)
        ):
            return f"the new value of {edit.field!r} is missing or has unbalanced braces"
        if kind is EditKind.SET_RAW:
            # Spliced in verbatim, so it must parse on its own as a value expression.
            problem = raw_value_problem(edit.value or "")
            if problem is not None:
                return f"the new value of {edit.field!r}: {problem}"
        if kind in _FIELD_EDITS and _field_position(entry, edit, shifts) is None:
            return f"{edit.entry_key!r} has no field {edit.field!r} at {edit.field_index}"
        if kind is EditKind.ADD_FIELD and not (edit.field and _FIELD_NAME.fullmatch(edit.field)):
            return f"{edit.field!r} cannot be a field name"
        if kind is EditKind.RENAME_FIELD and not (edit.value and _FIELD_NAME.fullmatch(edit.value)):
            return f"{edit.value!r} cannot be a field name"
        if kind is EditKind.RENAME_KEY and not (edit.value and _KEY.fullmatch(edit.value)):
            return f"{edit.value!r} cannot be a key"
        if kind is EditKind.SET_TYPE and not (edit.value and _TYPE.fullmatch(edit.value)):
            return f"{edit.value!r} cannot be an entry type"
    return None


def _apply(bibliography: Bibliography, proposed: Fix, shifts: _Shifts) -> list[Change]:
    """Apply one validated fix's edits; fields are found by identity so that removals
    inside one fix do not shift the positions of its other edits."""
    resolved: list[tuple[Edit, Entry, Field | None, int | None]] = []
    for edit in proposed.edits:
        entry = _entry_at(bibliography, edit)
        assert entry is not None
        position = (
            _field_position(entry, edit, shifts) if edit.kind is not EditKind.ADD_FIELD else None
        )
        target = entry.field_slots()[position] if position is not None else None
        resolved.append((edit, entry, target, position))
    several = len(resolved) > 1
    changes: list[Change] = []
    #: A field replaced by an edit (set, rename) is followed to its new object.
    successor: dict[int, Field] = {}
    for edit, entry, target, hint in resolved:
        while target is not None and id(target) in successor:
            target = successor[id(target)]
        if several and target is not None and not any(item is target for item in entry):
            continue  # removed by an earlier edit of the same fix
        change = _apply_edit(edit, entry, target, successor, hint)
        if change is None:
            continue
        if change.kind is EditKind.REMOVE_FIELD and edit.field_index is not None:
            shifts.remove(edit.block_index, edit.field_index)
        if change.before != change.after:
            changes.append(change)
    return changes


def _position_of(entry: Entry, target: Field, hint: int | None) -> int:
    slots = entry.field_slots()
    if hint is not None and hint < len(slots.items) and slots[hint] is target:
        return hint
    return next(index for index, item in enumerate(entry) if item is target)


def _apply_edit(
    edit: Edit,
    entry: Entry,
    target: Field | None,
    successor: dict[int, Field],
    hint: int | None = None,
) -> Change | None:
    def change(name: str | None, before: str | None, after: str | None) -> Change:
        return Change(edit.kind, edit.block_index, entry.key, name, before, after)

    kind = edit.kind
    if kind is EditKind.RENAME_KEY:
        assert edit.value is not None
        before = entry.key
        entry.rename(edit.value)
        return Change(kind, edit.block_index, before, None, before, entry.key)
    if kind is EditKind.SET_TYPE:
        assert edit.value is not None
        before = entry.type_as_written
        entry.set_type(edit.value)
        return change(None, before, entry.type_as_written)
    if kind is EditKind.ADD_FIELD:
        assert edit.field is not None
        assert edit.value is not None
        existing = entry.field(edit.field)
        before_raw = existing.raw if existing is not None else None
        entry.set(edit.field, edit.value)
        after = entry.field(edit.field)
        return change(edit.field, before_raw, after.raw if after is not None else None)
    assert target is not None
    position = _position_of(entry, target, hint)
    if kind is EditKind.REMOVE_FIELD:
        entry.remove_at(position)
        return change(target.name, target.raw, None)
    if kind is EditKind.SET_FIELD:
        assert edit.value is not None
        entry.set_at(position, edit.value)
    elif kind is EditKind.SET_RAW:
        assert edit.value is not None
        entry.set_raw_at(position, edit.value)
    else:
        assert edit.value is not None
        entry.rename_field_at(position, edit.value)
    now = entry.field_slots()[position]
    if now is not target:
        successor[id(target)] = now
    if kind in (EditKind.SET_FIELD, EditKind.SET_RAW):
        return change(target.name, target.raw, now.raw)
    return change(target.name, target.name, now.name)
