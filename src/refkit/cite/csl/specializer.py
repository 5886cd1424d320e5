"""The partial evaluator: a style specialized for one kind of item.

Most ``cs:choose`` tests (CSL 1.0.2, "Choose") depend only on the item's type and on
which variables it has.  :class:`Specializer` decides those tests once per kind of
item and drops what can then never output anything, so rendering walks smaller trees.
"""

from __future__ import annotations

from collections.abc import Callable

from .formatting import is_empty, parse_markup
from .locale import Locale
from .style import (
    Affixes,
    Choose,
    Condition,
    DateNode,
    Element,
    Group,
    Label,
    Names,
    NumberNode,
    Style,
    Text,
)
from .variables import PROCESSOR_VARS

__all__ = [
    "ABSENT_VARIABLE",
    "ABSENT_VARIABLE_AFTER_TERM",
    "MAX_SPECIALIZATIONS",
    "Specializer",
    "static_atoms",
    "text_emits",
]


class Specializer:
    """The style's element trees with the static conditions of one kind of item decided.

    The tests of most ``cs:choose`` elements depend only on the item type and
    on which variables the item has.  Items that agree on those share one
    specialization, so each test is decided once per kind of item instead of
    once per item and render, and the chooses, groups and macro calls that can
    then never output anything disappear.  ``known`` maps ``(test, variable)``
    to its outcome; tests not in it are left for render time.
    """

    def __init__(
        self,
        style: Style,
        item_type: str,
        known: dict[tuple[str, str], bool],
        emits: Callable[[Text], bool],
    ) -> None:
        self.style = style
        self.type = item_type
        self.known = known
        self._emits = emits  # whether a term / value text outputs anything
        self._lists: dict[int, list[Element]] = {}
        self._macros: dict[str, list[Element] | None] = {}
        self._busy: set[str] = set()

    def macro(self, name: str) -> list[Element] | None:
        if name in self._macros:
            return self._macros[name]
        body = self.style.macros.get(name)
        if body is None or name in self._busy:
            return body
        self._busy.add(name)
        try:
            out = self._macros[name] = self.children(body)
        finally:
            self._busy.discard(name)
        return out

    def children(self, els: list[Element]) -> list[Element]:
        """Specialize a list whose chosen branches join the parent's output (seq)."""
        got = self._lists.get(id(els))
        if got is None:
            got = []
            for el in els:
                self._element(el, got)
            # keyed by id: the style's lists live as long as the style
            self._lists[id(els)] = got
        return got

    def _element(self, el: Element, out: list[Element]) -> None:
        match el:
            case Choose():
                self._choose(el, out)
            case Group():
                kids = self.children(el.children)
                if kids:
                    dead = self._dead(kids)
                    if dead is None and el.aff.plain and _single_group(kids):
                        out.append(kids[0])  # see _single_group
                    else:
                        _push(out, dead or Group(aff=el.aff, children=kids))
            case Text():
                self._text(el, out)
            case NumberNode() | DateNode():
                _push(out, ABSENT_VARIABLE if self._absent(el.variable) else el)
            case _:
                # cs:names is always kept, even with only absent variables: reaching it
                # matters to author substitution (subsequent-author-substitute)
                out.append(el)

    def _choose(self, el: Choose, out: list[Element]) -> None:
        branches: list[tuple[Condition | None, list[Element]]] = []
        for cond, kids in el.branches:
            decided: Condition | bool | None = None
            if cond is not None:
                decided = _decide(cond, self.type, self.known)
                if decided is False:
                    continue
            branches.append(
                (decided if isinstance(decided, Condition) else None, self.children(kids))
            )
            if branches[-1][0] is None:
                break
        if all(not kids for _, kids in branches):
            return  # tests have no side effects, so nothing can come out
        if branches[0][0] is None:
            for kid in branches[0][1]:
                _push(out, kid)
        else:
            out.append(Choose(branches))

    def _text(self, text: Text, out: list[Element]) -> None:
        if text.macro:
            body = self.macro(text.macro)
            # an empty macro renders None and leaves the called/rendered counts alone
            if body is not None and text.aff.plain and _single_group(body):
                out.append(body[0])  # see _single_group
            elif body is None or body:
                _push(out, (self._dead(body) if body else None) or text)
        elif text.variable:
            absent = text.form != "short" and self._absent(text.variable)
            _push(out, ABSENT_VARIABLE if absent else text)
        elif text.term or text.value is not None:
            if self._emits(text):
                out.append(text)
            # else: it renders None and has no effect at all
        else:
            out.append(text)

    def _absent(self, var: str) -> bool:
        return self.known.get(("variable", var)) is False

    def _dead(self, kids: list[Element]) -> Text | None:
        """The marker a group or macro of ``kids`` amounts to, if it can only render None.

        That is when it calls a variable but renders none (so it is suppressed)
        and otherwise holds only terms and values; those still mark the
        output as started (``ctx.emitted``) before the suppression.
        """
        called = emitted = False
        for k in kids:
            if k is ABSENT_VARIABLE:
                called = True
            elif k is ABSENT_VARIABLE_AFTER_TERM:
                called = emitted = True
            elif (
                isinstance(k, Text)
                and not (k.macro or k.variable)
                and (k.term or k.value is not None)
            ):
                emitted = True  # only terms and values that output anything are kept
            elif isinstance(k, Label) and k.variable and self._absent(k.variable):
                emitted = True  # the label of an absent variable is its singular term
            else:
                return None
        if not called:
            return None
        return ABSENT_VARIABLE_AFTER_TERM if emitted else ABSENT_VARIABLE


#: Stands for a subtree that renders nothing for a kind of item but calls a
#: variable (so an enclosing group with terms is suppressed): rendering only
#: bumps ``ctx.called``. Only whether that count is non-zero matters.
ABSENT_VARIABLE = Text(aff=Affixes(), variable="\x00absent")


#: The same, for a subtree that also output a term or value before it was
#: suppressed: rendering also sets ``ctx.emitted`` (term capitalization).
ABSENT_VARIABLE_AFTER_TERM = Text(aff=Affixes(), variable="\x00absent")


def _single_group(kids: list[Element]) -> bool:
    """Whether ``kids`` is one group, which a plain macro call or group can be replaced by.

    Within specialized lists ``ctx.sub_inherit`` is always None (they are
    reached from a layout or a macro body), and a group already does the
    called/rendered bookkeeping of a macro or group frame around it: the
    counts it adds to the parent differ only where both are non-zero anyway.
    """
    return len(kids) == 1 and isinstance(kids[0], Group)


def _push(out: list[Element], el: Element) -> None:
    """Append, merging adjacent markers (their effects are idempotent)."""
    if (el is ABSENT_VARIABLE or el is ABSENT_VARIABLE_AFTER_TERM) and out:
        last = out[-1]
        if last is ABSENT_VARIABLE_AFTER_TERM or (
            last is ABSENT_VARIABLE and el is ABSENT_VARIABLE
        ):
            return
        if last is ABSENT_VARIABLE:
            out[-1] = el
            return
    out.append(el)


def _decide(
    cond: Condition, item_type: str, known: dict[tuple[str, str], bool]
) -> Condition | bool:
    """Decide ``cond`` as far as the type and the ``known`` outcomes allow.

    Returns a bool, or the condition with the decided tests left out (the
    evaluation order is irrelevant: tests have no side effects).
    """
    match = cond.match
    rest: list[tuple[str, list[str]]] = []
    for key, values in cond.tests:
        if key == "type":
            # like citeproc-js: the values of one type attribute are alternatives
            outcomes = [item_type in values]
        elif key == "is-numeric":
            # only decidable when absent: otherwise it depends on the suppressed
            # variables at render time
            found = [False if known.get(("variable", v)) is False else None for v in values]
        else:
            found = [known.get((key, v)) for v in values]
        if key != "type":
            if None in found:
                rest.append((key, values))
                continue
            outcomes = [bool(hit) for hit in found]
        for hit in outcomes:
            if match == "any":
                if hit:
                    return True
            elif match == "none":
                if hit:
                    return False
            elif not hit:
                return False
    if len(rest) == len(cond.tests):
        return cond
    if not rest:
        return match != "any"
    return Condition(match=match, tests=rest)


def _atoms_of(els: list[Element], atoms: dict[tuple[str, str], None], seen: set[int]) -> None:
    """Add the static tests of ``els`` to ``atoms`` (see static_atoms)."""
    if id(els) in seen:
        return
    seen.add(id(els))
    for el in els:
        if isinstance(el, Choose):
            for cond, kids in el.branches:
                for key, values in cond.tests if cond is not None else ():
                    if key in ("variable", "is-uncertain-date", "is-numeric"):
                        for v in values:
                            if v not in PROCESSOR_VARS:
                                # is-numeric is false for an absent variable
                                test = "variable" if key == "is-numeric" else key
                                atoms[(test, v)] = None
                _atoms_of(kids, atoms, seen)
        elif isinstance(el, Group):
            _atoms_of(el.children, atoms, seen)
        elif isinstance(el, Names):
            for v in el.variables:
                atoms[("variable", v)] = None
            if el.substitute:
                _atoms_of(el.substitute, atoms, seen)
        elif (
            isinstance(el, (Text, NumberNode, DateNode, Label))
            and el.variable
            and el.variable not in PROCESSOR_VARS
        ):
            # rendered variables too: an absent one lets its subtree be elided
            atoms[("variable", el.variable)] = None


def static_atoms(style: Style) -> tuple[tuple[str, str], ...]:
    """Tests of the style whose outcome depends on the item's data alone.

    ``variable`` on an ordinary variable (has_variable ignores suppression and
    is cached per item) and ``is-uncertain-date``; ``is-numeric`` is left out
    since its outcome depends on the suppressed variables at render time.
    Variables that elements render are included as ``variable`` tests.
    """
    atoms: dict[tuple[str, str], None] = {}
    seen: set[int] = set()
    for body in style.macros.values():
        _atoms_of(body, atoms, seen)
    for section in (style.citation, style.bibliography):
        if section is not None:
            for layout in section.layouts:
                _atoms_of(layout.children, atoms, seen)
    return tuple(atoms)


def text_emits(locale: Locale, el: Text) -> bool:
    """Whether a term or value text outputs anything (it depends on the locale only)."""
    if el.term:
        # capitalizing the term in text() cannot change whether it is empty
        t = locale.term(el.term, el.form, el.plural)
        return not is_empty(parse_markup(t)) if t else False
    return bool(el.value) and not is_empty(parse_markup(el.value or ""))


#: the specializations a renderer keeps, one per kind of item; past it, very varied
#: items share one per type
MAX_SPECIALIZATIONS = 512
