"""Citation disambiguation: add-names, add-givenname, disambiguate, year-suffix."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .formatting import plain_text
from .names import Name, NameOptions, format_name
from .render import ItemState

__all__ = ["DisambigOptions", "disambiguate"]


@dataclass(frozen=True, slots=True)
class DisambigOptions:
    add_names: bool = False
    add_givenname: bool = False
    rule: str = "by-cite"
    year_suffix: bool = False
    uses_condition: bool = False
    name_opts: NameOptions = field(default_factory=NameOptions)


def _groups(ids: Sequence[str], render: Callable[[str], str]) -> list[list[str]]:
    by: dict[str, list[str]] = {}
    for i in ids:
        by.setdefault(render(i), []).append(i)
    return [g for g in by.values() if len(g) > 1]


def _person_key(n: Name) -> tuple[str, str, str, str, str]:
    """Identity of a person; initials-only given names compare by their letters."""
    given = n.given
    words = [w for w in re.split(r"[\s.\-]+", given) if w]
    if words and all(len(w) == 1 for w in words):
        given = "".join(words)
    return (n.family, given, n.non_dropping, n.dropping, n.literal)


def _coll_counts(rend: dict[str, str], members: Sequence[str]) -> dict[str, int]:
    """For each member, how many other members of the set render identically."""
    counts: dict[str, int] = {}
    for s in rend.values():
        counts[s] = counts.get(s, 0) + 1
    return {i: counts[rend[i]] - 1 for i in members}


def _name_form(n: Name, opts: NameOptions, level: int) -> str:
    o = NameOptions(
        form=opts.form,
        initialize=opts.initialize,
        initialize_with=opts.initialize_with,
        given_level=level,
    )
    return plain_text(format_name(n, o, {}, False))


def _global_names(
    ids: Sequence[str],
    names_of: Callable[[str], list[Name]],
    states: dict[str, ItemState],
    opts: DisambigOptions,
) -> None:
    primary = opts.rule.startswith("primary-name")
    max_level = 1 if opts.rule.endswith("with-initials") else 2
    persons: dict[tuple[str, str, str, str, str], Name] = {}
    occurrences: list[tuple[str, int, Name]] = []
    for i in ids:
        ns = names_of(i)
        if primary:
            ns = ns[:1]
        for idx, n in enumerate(ns):
            if n.literal:
                continue
            persons[_person_key(n)] = n
            occurrences.append((i, idx, n))
    # group persons by their base form
    level_of: dict[tuple[str, str, str, str, str], int] = {}
    by_base: dict[str, list[Name]] = {}
    for n in persons.values():
        by_base.setdefault(_name_form(n, opts.name_opts, 0), []).append(n)
    for group in by_base.values():
        if len(group) < 2:
            continue
        for n in group:
            level = 0
            for lvl in range(1, max_level + 1):
                mine = _name_form(n, opts.name_opts, lvl)
                others = [
                    _name_form(o, opts.name_opts, lvl)
                    for o in group
                    if _person_key(o) != _person_key(n)
                ]
                if mine not in others:
                    level = lvl
                    break
                if lvl == max_level and max_level == 2:
                    level = lvl
            level_of[_person_key(n)] = level
    for i, idx, n in occurrences:
        lvl = level_of.get(_person_key(n), 0)
        if lvl:
            states[i].given_level[("", idx)] = lvl


def _resolve_group(
    g: list[str],
    states: dict[str, ItemState],
    render: Callable[[str], str],
    names_of: Callable[[str], list[Name]],
    opts: DisambigOptions,
) -> None:
    """Add names and/or given names for the members of one ambiguous set."""
    max_names = max(len(names_of(i)) for i in g)
    rend = {i: render(i) for i in g}
    base_coll = _coll_counts(rend, g)
    pending = [i for i in g if base_coll[i] > 0]
    best: dict[str, tuple[int, int, dict[tuple[str, int], int]]] = {
        i: (base_coll[i], 0, dict(states[i].given_level)) for i in g
    }

    def refresh(ids: Sequence[str]) -> bool:
        changed = False
        for i in ids:
            new = render(i)
            if new != rend[i]:
                rend[i] = new
                changed = True
        return changed

    def check() -> None:
        nonlocal pending
        cc = _coll_counts(rend, pending)
        still = []
        for i in pending:
            coll = cc[i]
            if coll < best[i][0]:
                best[i] = (coll, states[i].add_names, dict(states[i].given_level))
            if coll > 0:
                still.append(i)
        pending = still

    ks = range(max_names + 1) if opts.add_names else range(1)
    for k in ks:
        if not pending:
            break
        if k:
            for i in pending:
                states[i].add_names = k
            if not refresh(pending):
                for i in pending:
                    states[i].add_names = k - 1
                break
            check()
        if opts.add_givenname and opts.rule == "by-cite" and pending:
            shown = max(len(names_of(i)) for i in pending)
            for idx in range(shown):
                any_change = False
                for lvl in (1, 2):
                    if not pending:
                        break
                    before = _coll_counts(rend, pending)
                    saved = {i: states[i].given_level.get(("", idx), 0) for i in pending}
                    for i in pending:
                        if saved[i] < lvl:
                            states[i].given_level[("", idx)] = lvl
                    step = list(pending)
                    if any(saved.values()):
                        any_change = True
                    if not refresh(step):
                        for i in step:
                            states[i].given_level[("", idx)] = saved[i]
                        continue
                    any_change = True
                    after = _coll_counts(rend, step)
                    reverted = []
                    for i in step:
                        if after[i] >= before[i]:
                            states[i].given_level[("", idx)] = saved[i]
                            reverted.append(i)
                    refresh(reverted)
                    check()
                if not any_change:
                    break
    for i in g:
        _coll, k, levels = best[i]
        states[i].add_names = k
        states[i].given_level = levels


def disambiguate(
    ids: Sequence[str],
    order: Sequence[str],
    states: dict[str, ItemState],
    render: Callable[[str], str],
    names_of: Callable[[str], list[Name]],
    opts: DisambigOptions,
) -> None:
    """Mutate ``states`` so that every item's cite renders uniquely, if possible."""
    if opts.add_givenname and opts.rule != "by-cite":
        _global_names(ids, names_of, states, opts)
    groups = _groups(ids, render)
    if not groups:
        return
    if opts.add_names or opts.add_givenname:
        new_groups: list[list[str]] = []
        for g in groups:
            _resolve_group(g, states, render, names_of, opts)
            new_groups.extend(_groups(g, render))
        groups = new_groups
    if groups and opts.uses_condition:
        for g in groups:
            for i in g:
                states[i].disambiguate = True
        new_groups = []
        for g in groups:
            new_groups.extend(_groups(g, render))
        groups = new_groups
    if groups and opts.year_suffix:
        pos = {i: n for n, i in enumerate(order)}
        for g in groups:
            for n, i in enumerate(sorted(g, key=lambda x: pos.get(x, 0)), start=1):
                states[i].year_suffix = n
