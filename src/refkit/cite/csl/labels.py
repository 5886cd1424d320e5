"""cs:label (CSL 1.0.2, "Label"): the term for a variable, singular or plural."""

from __future__ import annotations

from typing import cast

from ..richtext.tree import Source, SourceKind
from .context import RenderContext, finish, variable
from .formatting import Node, parse_markup, with_source
from .locale import Locale
from .numbers import plural_count
from .style import Label

__all__ = ["render_label"]


def render_label(
    locale: Locale, el: Label, ctx: RenderContext, names_count: int = 0, var: str = ""
) -> Node | None:
    """Render cs:label for ``var`` (default: the label's own variable); inside cs:names,
    ``names_count`` is the number of names, which decides the plural."""
    var = var or el.variable
    if not var:
        return None
    if names_count:
        plural = names_count > 1
        term_name = var
    else:
        if var == "locator":
            val = ctx.cite.locator
            term_name = ctx.cite.label or "page"
            if term_name == "sub verbo":
                # CSL-JSON's locator type; CSL 1.0.2 names the term "sub-verbo"
                term_name = "sub-verbo"
        else:
            val = variable(var, ctx)
            term_name = var
            if var in ("number-of-pages",):
                term_name = "page"
            elif var == "number-of-volumes":
                term_name = "volume"
        if not val:
            # citeproc-js renders the term of an empty variable too, in the singular
            # (CSL.evaluateLabel: no number to count, no plural): styles rely on it,
            # '<label variable="page"/>' before a page locator writes "p. 23".  CSL
            # 1.0.2 says the term is "only rendered if the selected variable is
            # non-empty"; a group whose variables are all empty still goes
            plural = False
        elif el.plural == "always":
            plural = True
        elif el.plural == "never":
            plural = False
        elif var.startswith("number-of-"):
            digits = "".join(ch for ch in val if ch.isdigit())
            plural = bool(digits) and int(digits) > 1
        else:
            plural = plural_count(val) > 1
    if el.plural == "always":
        plural = True
    elif el.plural == "never":
        plural = False
    key = (term_name, el.form, plural, id(el), ctx.sorting, ctx.title_case_ok)
    # (an uppercased label depends on the item's language: not shared)
    got = _MISSING if el.aff.text_case == "uppercase" else locale.label_nodes.get(key, _MISSING)
    if got is _MISSING:
        t = locale.term(term_name, el.form, plural)
        node = None
        if t:
            node = finish(
                with_source(parse_markup(t), Source(SourceKind.TERM, term_name)), el.aff, ctx
            )
        # rendered nodes are never changed in place, so one serves every cite
        locale.label_nodes[key] = got = node
    elif got is not None:
        ctx.emitted = True  # as finish() marks it
    return cast("Node | None", got)


_MISSING = object()
