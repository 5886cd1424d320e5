"""Sort keys that call a macro holding a date (CSL 1.0.2, "Sorting"), as citeproc-js
renders them: the macro reduced to its dates."""

from __future__ import annotations

import dataclasses

from .style import Affixes, Choose, DateNode, Element, Group, Names, Style, Text

__all__ = ["date_key_body"]


def date_key_body(style: Style, name: str) -> list[Element] | None:
    """The body to render for sort key ``<key macro=name>``, if it differs from the macro.

    citeproc-js renders a sort-key macro that holds a cs:date ("macro-has-date") with
    only its dates, as sortable numbers without affixes: terms, text, names and
    numbers drop out ("2003 [cited 2024 Mar 5]" keys as the two dates, so it sorts after
    2016 rather than before).  The same holds for a date macro the key macro calls.
    ``None``: no date in reach, the macro is rendered as it is.
    """
    body = style.macros.get(name)
    if body is None:
        return None
    if _has_date(body):
        return _dates_only(style, body, frozenset((name,)))
    # a date macro called (through groups, chooses, substitutes and macros without a
    # date of their own) from the key macro
    out = _date_calls_all(style, body, frozenset((name,)))
    return out if out is not body else None


def _date_calls_all(style: Style, els: list[Element], seen: frozenset[str]) -> list[Element]:
    """``els`` with their calls of date macros reduced; ``els`` itself if none is."""
    new = [_date_calls(style, k, seen) for k in els]
    if all(a is b for a, b in zip(new, els, strict=True)):
        return els
    return [k for k in new if k is not None]


def _has_date(els: list[Element]) -> bool:
    """Whether a cs:date is among ``els`` or their descendants (not through macro calls:
    citeproc-js looks at the macro's own XML)."""
    for el in els:
        match el:
            case DateNode():
                return True
            case Group(children=kids) if _has_date(kids):
                return True
            case Choose(branches=branches) if any(_has_date(kids) for _, kids in branches):
                return True
            case Names(substitute=substitute) if substitute and _has_date(substitute):
                return True
    return False


def _dates_only(style: Style, els: list[Element], seen: frozenset[str]) -> list[Element]:
    """``els`` reduced to their dates: conditions and groups kept, groups without affixes
    or delimiters, macro calls inlined; every other element dropped."""
    out: list[Element] = []
    for el in els:
        match el:
            case DateNode():
                out.append(el)
            case Group():
                kids = _dates_only(style, el.children, seen)
                if kids:
                    out.append(Group(aff=Affixes(), children=kids))
            case Choose():
                branches = [(c, _dates_only(style, k, seen)) for c, k in el.branches]
                if any(kids for _, kids in branches):
                    out.append(Choose(branches))
            case Text(macro=name) if name and name not in seen:
                kids = _dates_only(style, style.macros.get(name, []), seen | {name})
                if kids:
                    out.append(Group(aff=Affixes(), children=kids))
    return out


def _date_calls(style: Style, el: Element, seen: frozenset[str]) -> Element | None:
    """``el`` with its calls of macros that hold a date reduced to their dates.

    citeproc-js marks each macro whose own XML holds a date and, rendering a sort key,
    switches to dates only on entering a marked macro wherever the call sits: in a
    cs:substitute (an author macro falling back to a title macro that holds an accessed
    date keys the item by that date, before every name), or in a macro called by a
    macro without a date.  ``seen``: the macros being expanded (a style may recurse)."""
    match el:
        case Text(macro=name) if name and name not in seen:
            body = style.macros.get(name, [])
            if _has_date(body):
                kids = _dates_only(style, body, seen | {name})
                return Group(aff=Affixes(), children=kids) if kids else None
            inner = _date_calls_all(style, body, seen | {name})
            return el if inner is body else Group(aff=el.aff, children=inner)
        case Group():
            kids = _date_calls_all(style, el.children, seen)
            return el if kids is el.children else Group(aff=el.aff, children=kids)
        case Names(substitute=substitute) if substitute:
            subs = _date_calls_all(style, substitute, seen)
            return el if subs is substitute else dataclasses.replace(el, substitute=subs)
        case Choose():
            branches = [(cond, _date_calls_all(style, kids, seen)) for cond, kids in el.branches]
            if all(new is kids for (_, new), (_, kids) in zip(branches, el.branches, strict=True)):
                return el
            return Choose(branches)
    return el
