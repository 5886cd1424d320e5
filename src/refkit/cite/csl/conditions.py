"""The conditions of cs:choose (CSL 1.0.2, "Choose"): type, variable, is-numeric,
is-uncertain-date, locator, position and disambiguate tests."""

from __future__ import annotations

from .context import RenderContext, has_variable, variable
from .numbers import is_numeric
from .style import Condition

__all__ = ["evaluate_condition", "evaluate_test"]


def evaluate_condition(cond: Condition, ctx: RenderContext) -> bool:
    """Whether a cs:if / cs:else-if condition holds (static ones are cached per item)."""
    if cond.type_only and len(cond.tests) == 1:
        hit = ctx.item.type in cond.types
        return not hit if cond.match == "none" else hit
    if cond.static:
        cache = ctx.item.cond_cache
        key = id(cond)
        got = cache.get(key)
        if got is None:
            got = cache[key] = _evaluate_tests(cond, ctx)
        return got
    return _evaluate_tests(cond, ctx)


def _evaluate_tests(cond: Condition, ctx: RenderContext) -> bool:
    match = cond.match
    if not cond.tests:
        return True
    item = ctx.item
    has_cache = item.has_cache
    for key, values in cond.tests:
        if key == "type":
            # like citeproc-js: the values of one type attribute are alternatives
            values = ["\x00"] if item.type in values else ["\x01"]
        for v in values:
            if key == "variable":
                # the common case, answered from the item's cache without a call
                r = has_cache.get(v)
                if r is None:
                    r = has_variable(v, ctx)
            elif key == "type":
                r = v == "\x00"
            else:
                r = evaluate_test(key, v, ctx)
            if match == "any":
                if r:
                    return True
            elif match == "none":
                if r:
                    return False
            elif not r:
                return False
    return match != "any"


def evaluate_test(key: str, v: str, ctx: RenderContext) -> bool:
    """One test of a condition: attribute ``key`` with one of its values."""
    if key == "type":
        return ctx.item.type == v
    if key == "variable":
        return has_variable(v, ctx)
    if key == "is-numeric":
        val = variable(v, ctx)
        return is_numeric(val) if val else False
    if key == "is-uncertain-date":
        d = ctx.item.date(v)
        return bool(d and d.circa)
    if key == "locator":
        if not ctx.cite.locator:
            return False
        lab = ctx.cite.label or "page"
        return lab == v or (v == "sub-verbo" and lab == "sub verbo")
    if key == "position":
        if not ctx.citation:
            return False
        pos = ctx.cite.position
        if v == "first":
            return pos == 0
        if v == "subsequent":
            return pos > 0
        if v == "ibid":
            return pos in (2, 3)
        if v == "ibid-with-locator":
            return pos == 3
        if v == "near-note":
            return pos > 0 and ctx.cite.near_note
        return False
    if key == "disambiguate":
        return ctx.state.disambiguate == (v == "true")
    return False
