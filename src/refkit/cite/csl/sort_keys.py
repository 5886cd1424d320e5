"""Sort keys that call a macro holding a date (CSL 1.0.2, "Sorting"), as citeproc-js
renders them: the macro reduced to its dates."""

from __future__ import annotations

from .style import Affixes, Choose, Condition, DateNode, Element, Group, Names, Style, Text

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
    out: list[Element] = []
    changed = False
    for el in body:  # a date macro called (through groups and chooses) from the key macro
        new = _date_calls(style, el)
        changed = changed or new is not el
        if new is not None:
            out.append(new)
    return out if changed else None


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


def _date_calls(style: Style, el: Element) -> Element | None:
    """``el`` with its calls of macros that hold a date reduced to their dates."""
    match el:
        case Text(macro=name) if name:
            body = style.macros.get(name, [])
            if _has_date(body):
                kids = _dates_only(style, body, frozenset((name,)))
                return Group(aff=Affixes(), children=kids) if kids else None
            return el
        case Group():
            new_kids = [_date_calls(style, k) for k in el.children]
            if all(a is b for a, b in zip(new_kids, el.children, strict=True)):
                return el
            return Group(aff=el.aff, children=[k for k in new_kids if k is not None])
        case Choose():
            branches: list[tuple[Condition | None, list[Element]]] = []
            changed = False
            for cond, kids in el.branches:
                new = [_date_calls(style, k) for k in kids]
                changed = changed or any(a is not b for a, b in zip(new, kids, strict=True))
                branches.append((cond, [k for k in new if k is not None]))
            return Choose(branches) if changed else el
    return el
