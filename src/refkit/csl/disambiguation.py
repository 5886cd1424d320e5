"""Citation disambiguation: add-names, add-givenname, disambiguate, year-suffix."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .names import Name, NameOptions, format_name
from .formatting import plain_text
from .render import ItemState

__all__ = ["DisambigOptions", "disambiguate"]


@dataclass(frozen=True, slots=True)
class DisambigOptions:
    add_names: bool = False
    add_givenname: bool = False
    rule: str = "by-cite"
    year_suffix: bool = False
    uses_condition: bool = False
    name_opts: NameOptions = NameOptions()


def _groups(ids: Sequence[str], render: Callable[[str], str]) -> list[list[str]]:
    by: dict[str, list[str]] = {}
    for i in ids:
        by.setdefault(render(i), []).append(i)
    return [g for g in by.values() if len(g) > 1]


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
            persons[n.key()] = n
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
                level = lvl
                mine = _name_form(n, opts.name_opts, lvl)
                others = [
                    _name_form(o, opts.name_opts, lvl) for o in group if o.key() != n.key()
                ]
                if mine not in others:
                    break
            level_of[n.key()] = level
    for i, idx, n in occurrences:
        lvl = level_of.get(n.key(), 0)
        if lvl:
            states[i].given_level[("", idx)] = lvl


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
    if opts.add_names:
        new_groups: list[list[str]] = []
        for g in groups:
            max_names = max(len(names_of(i)) for i in g)
            base = {i: render(i) for i in g}
            pending = list(g)
            for k in range(1, max_names + 1):
                for i in pending:
                    states[i].add_names = k
                rend = {i: render(i) for i in g}
                counts: dict[str, int] = {}
                for s in rend.values():
                    counts[s] = counts.get(s, 0) + 1
                pending = [i for i in pending if counts[rend[i]] > 1]
                if not pending:
                    break
            for i in pending:
                # expansion did not help: restore if it only made it longer
                states[i].add_names = 0
                if render(i) != base[i]:
                    pass
            new_groups.extend(_groups(g, render))
        groups = new_groups
    if groups and opts.add_givenname and opts.rule in ("by-cite",):
        new_groups = []
        for g in groups:
            max_names = max(len(names_of(i)) for i in g)
            pending = list(g)
            for idx in range(max_names):
                for lvl in (1, 2):
                    before = {i: render(i) for i in pending}
                    saved = {i: states[i].given_level.get(("", idx), 0) for i in pending}
                    for i in pending:
                        states[i].given_level[("", idx)] = lvl
                    rend = {i: render(i) for i in g}
                    counts = {}
                    for s in rend.values():
                        counts[s] = counts.get(s, 0) + 1
                    still = [i for i in pending if counts[rend[i]] > 1]
                    # revert members for which this step did not help
                    for i in still:
                        if rend[i] == before[i] or len(still) == len(pending):
                            states[i].given_level[("", idx)] = saved[i]
                    pending = still
                    if not pending:
                        break
                if not pending:
                    break
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
