"""Citation disambiguation: add-names, add-givenname, year-suffix, disambiguate."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .formatting import plain_text
from .items import ItemState
from .names import CslName, NameOptions, format_name

__all__ = ["DisambigOptions", "disambiguate", "global_levels"]


@dataclass(frozen=True, slots=True)
class DisambigOptions:
    add_names: bool = False
    add_givenname: bool = False
    rule: str = "by-cite"
    year_suffix: bool = False
    uses_condition: bool = False
    #: whether an item's cite may show fewer names than it has (et-al truncation), so
    #: that adding names can change it; None: assume it may
    truncatable: Callable[[str], bool] | None = None


def _groups(ids: Sequence[str], render: Callable[[str], str]) -> list[list[str]]:
    by: dict[str, list[str]] = {}
    for i in ids:
        by.setdefault(render(i), []).append(i)
    return [g for g in by.values() if len(g) > 1]


def _person_key(n: CslName) -> tuple[str, str, str, str, str]:
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


def _fmt_level(level: int, opts: NameOptions) -> int:
    """The form's given_level that shows a person expanded to ``level`` (1 initials,
    2 full given name): a long form with initials shows them already."""
    if opts.form == "short" or level == 2:
        return level
    return 0


def _name_form(n: CslName, opts: NameOptions, level: int) -> str:
    o = opts._replace(given_level=_fmt_level(level, opts))
    if level == 1 and o.form == "short" and o.initialize_with is None:
        # initials, though the style names no initialize-with (as render.name_list)
        o = o._replace(initialize_with="")
    return plain_text(format_name(n, o, {}, False))


def global_levels(
    shown: Sequence[tuple[int, CslName, NameOptions]], rule: str
) -> dict[CslName, int]:
    """The global given-name rules (all-names, all-names-with-initials, primary-name,
    primary-name-with-initials): how far each ambiguous person's name is expanded
    everywhere, 1 initials or 2 full given name.

    ``shown`` are the names of the citations' name lists, with their position in the list and
    their options.  Persons whose names render alike are expanded step by step (initials,
    then the full given name) until they differ from every other person of the same
    base form; a name that no step tells apart shows in full.  The ``with-initials`` rules
    are the expansion "limited to initials" (CSL 1.0.2): a name shows its initials when
    they set it apart from some of the others, even if not from all (John, Jane and Rose
    Roberts: "J. Roberts", "J. Roberts", "R. Roberts", as citeproc-js and the APA
    manual), and stays as it was when they set it apart from none (Cecil and Charles
    Smith: "Smith", the suite's disambiguate_ToInitialOnly).
    """
    primary = rule.startswith("primary-name")
    limit = 1 if rule.endswith("with-initials") else 2
    persons: dict[tuple[str, str, str, str, str], tuple[CslName, NameOptions]] = {}
    names_of: dict[tuple[str, str, str, str, str], set[CslName]] = {}
    for idx, n, opts in shown:
        if n.literal or (primary and idx):
            continue
        pk = _person_key(n)
        persons.setdefault(pk, (n, opts))
        names_of.setdefault(pk, set()).add(n)
    by_base: dict[str, list[tuple[str, str, str, str, str]]] = {}
    for pk, (n, opts) in persons.items():
        by_base.setdefault(_name_form(n, opts, 0), []).append(pk)
    out: dict[CslName, int] = {}
    for group in by_base.values():
        if len(group) < 2:
            continue
        for pk in group:
            n, opts = persons[pk]
            others = [persons[o] for o in group if o != pk]
            if limit == 1:
                # initials, if they separate the name from some of the others
                mine = _name_form(n, opts, 1)
                alike = sum(1 for o in others if _name_form(*o, 1) == mine)
                level = 1 if alike < len(others) else 0
            else:
                # no initials to show: the given name is added in full
                steps = (2,) if opts.initialize_with is None else (1, 2)
                level = 2
                for lvl in steps:
                    mine = _name_form(n, opts, lvl)
                    if all(mine != _name_form(*o, lvl) for o in others):
                        level = lvl
                        break
            if _name_form(n, opts, level) != _name_form(n, opts, 0):
                for name in names_of[pk]:
                    out[name] = level
    return out


def _resolve_group(
    g: list[str],
    states: dict[str, ItemState],
    render: Callable[[str], str],
    names_of: Callable[[str], list[CslName]],
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

    add_names = opts.add_names and (
        opts.truncatable is None or any(opts.truncatable(i) for i in pending)
    )
    ks = range(max_names + 1) if add_names else range(1)
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
    names_of: Callable[[str], list[CslName]],
    opts: DisambigOptions,
) -> None:
    """Mutate ``states`` so that every item's cite renders uniquely, if possible."""
    groups = _groups(ids, render)
    if not groups:
        return
    if opts.add_names or opts.add_givenname:
        new_groups: list[list[str]] = []
        for g in groups:
            _resolve_group(g, states, render, names_of, opts)
            new_groups.extend(_groups(g, render))
        groups = new_groups
    # citeproc-js tries the year suffix before disambiguate="true" (CSL 1.0.2: the
    # condition is "only made when all other disambiguation methods have failed") and
    # ends there: a set that got suffixes is settled, even where its cites show no
    # year-suffix (Disambiguation.disYears empties the list, disExtraText never runs)
    if groups and opts.year_suffix:
        pos = {i: n for n, i in enumerate(order)}
        for g in groups:
            for n, i in enumerate(sorted(g, key=lambda x: pos.get(x, 0)), start=1):
                states[i].year_suffix = n
        return
    if groups and opts.uses_condition:
        for g in groups:
            for i in g:
                states[i].disambiguate = True
        new_groups = []
        for g in groups:
            new_groups.extend(_groups(g, render))
        groups = new_groups
