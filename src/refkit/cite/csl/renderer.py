"""The rendering core (CSL 1.0.2, "Rendering Elements"): the layout, cs:text, cs:number,
cs:group and cs:choose, with the entry points for cites, bibliography entries and sort
keys; cs:names, cs:date and cs:label are rendered by their own modules."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable

from ..richtext.tree import Source, SourceKind
from .conditions import evaluate_condition, evaluate_test
from .context import RenderContext, finish, has_variable, variable
from .dates import date_sort_key
from .dates_rendering import DateRenderer
from .formatting import (
    FONT_STYLE,
    Node,
    Rich,
    is_empty,
    parse_markup,
    plain_text,
    with_source,
)
from .items import CiteInfo, Item, ItemState
from .labels import render_label
from .locale import Locale
from .names_rendering import NamesRenderer
from .numbers import format_page_range, is_numeric, roman, split_numbers
from .sort_keys import date_key_body
from .specializer import (
    ABSENT_VARIABLE,
    ABSENT_VARIABLE_AFTER_TERM,
    MAX_SPECIALIZATIONS,
    Specializer,
    static_atoms,
    text_emits,
)
from .style import (
    Affixes,
    Choose,
    DateNode,
    Element,
    Group,
    Label,
    Names,
    NumberNode,
    Section,
    SortKey,
    Style,
    Text,
)
from .variables import (
    DATE_VARS,
    NAME_VARS,
    NUMBER_VARS,
    PARSED_VARS,
    VARIABLE_ALIASES,
    VERBATIM_VARS,
)
from .whitespace import hoist_leading_space, split_trailing_space, trailing_block

__all__ = ["Renderer"]


class Renderer(NamesRenderer):
    """Renders items with a compiled style and a locale."""

    def __init__(self, style: Style, locale: Locale) -> None:
        super().__init__(style, locale)
        self.dates = DateRenderer(style, locale)
        self.page_range_format = style.attrs.get("page-range-format", "")
        self.page_delim = locale.term("page-range-delimiter") or "\u2013"
        self._atoms: tuple[tuple[str, str], ...] | None = None
        # data key -> (bit, test) of the atoms it can make true
        self._atoms_by_key: dict[str, list[tuple[int, tuple[str, str]]]] = {}
        self._specs: dict[tuple[str, int], Specializer] = {}
        #: sort-key macros with a date, as only their dates (see sort_keys.date_key_body)
        self._date_keys: dict[str, list[Element] | None] = {}
        self._type_specs: dict[str, Specializer] = {}
        # not a bound method: specializations are kept by the renderer, and a reference
        # back to it would make it a cycle that only a full collection frees
        self._emits: Callable[[Text], bool] = functools.partial(text_emits, locale)
        english = (locale.lang or "en").lower().startswith("en")
        self.english_locale = english

    def specialization(self, item: Item, section: Section) -> Specializer:
        """The style specialized for the kind of item ``item`` is (cached on the item)."""
        spec = item.spec
        if spec is not None and spec[0] is self:
            return spec[1]
        atoms = self._atoms
        if atoms is None:
            atoms = self._atoms = static_atoms(self.style)
            for bit, atom in enumerate(atoms):
                var = atom[1]
                for data_key in {var, VARIABLE_ALIASES.get(var, var)}:
                    self._atoms_by_key.setdefault(data_key, []).append((1 << bit, atom))
        ctx: RenderContext | None = None
        # an atom whose variable (or alias) is not a key of the data is false, so
        # only the item's few keys are looked at
        mask = 0
        by_key = self._atoms_by_key
        data = item.data
        has_cache = item.has_cache
        for data_key in data:
            for bit, (test, var) in by_key.get(data_key, ()):
                if mask & bit:
                    continue
                value = data.get(var)
                if test == "variable" and value.__class__ is str and var not in PARSED_VARS:
                    # what variable() reads of a plain string value, without a context
                    hit = bool(value) if var == "title" else bool(value.strip())
                    has_cache[var] = hit
                else:
                    if ctx is None:
                        ctx = RenderContext(item, CiteInfo(), ItemState(), section, False)
                    if test == "variable":
                        hit = has_variable(var, ctx)
                    else:
                        hit = evaluate_test(test, var, ctx)
                if hit:
                    mask |= bit
        key = (item.type, mask)
        got = self._specs.get(key)
        if got is None:
            if len(self._specs) < MAX_SPECIALIZATIONS:
                known = {atom: bool(mask >> bit & 1) for bit, atom in enumerate(atoms)}
                got = Specializer(self.style, item.type, known, self._emits)
            else:
                # very varied items: share one specialization per type instead
                got = self._type_specs.get(item.type)
                if got is None:
                    got = Specializer(self.style, item.type, {}, self._emits)
                    self._type_specs[item.type] = got
            self._specs[key] = got
        item.spec = (self, got)
        return got

    # ------------------------------------------------------------------ entry
    def render(
        self,
        item: Item,
        cite: CiteInfo,
        state: ItemState,
        section: Section,
        citation: bool,
        author_mode: int = 0,
    ) -> Node | None:
        """Render a cite of ``item`` (``citation``) or its entry; ``author_mode`` 1 leaves
        out the first names element's output (suppress-author), 2 renders only that."""
        ctx = RenderContext(item, cite, state, section, citation, author_mode=author_mode)
        ctx.title_case_ok = self._title_case_ok(item)
        ctx.spec = spec = self.specialization(item, section)
        out = self.seq(spec.children(section.layout.children), ctx, None)
        if author_mode == 2:
            return ctx.author_out
        return out

    def author_key(self, item: Item, state: ItemState, section: Section) -> list[str]:
        """What subsequent-author-substitute compares for a bibliography entry (see
        ``RenderContext.author_key``); empty when the entry renders no names there."""
        ctx = RenderContext(item, CiteInfo(), state, section, False, author_mode=2)
        ctx.title_case_ok = self._title_case_ok(item)
        self.seq(section.layout.children, ctx, None)
        return ctx.author_key if ctx.author_out is not None else []

    def render_capture(
        self, item: Item, cite: CiteInfo, state: ItemState, section: Section
    ) -> tuple[Node | None, Node | None]:
        """Render a cite and also return the output of its first names element."""
        ctx = RenderContext(item, cite, state, section, True, author_mode=4)
        ctx.title_case_ok = self._title_case_ok(item)
        ctx.spec = spec = self.specialization(item, section)
        out = self.seq(spec.children(section.layout.children), ctx, None)
        return out, ctx.author_out

    def render_bib(
        self,
        item: Item,
        state: ItemState,
        section: Section,
        replace: str | None,
        sfa: bool,
        each: int = 0,
    ) -> Node | None:
        """Render a bibliography entry; ``replace`` substitutes for the names of its first
        names element: for the whole name list, or (``each`` > 0) for each of that many
        leading names."""
        ctx = RenderContext(item, CiteInfo(), state, section, False)
        ctx.title_case_ok = self._title_case_ok(item)
        ctx.spec = spec = self.specialization(item, section)
        ctx.bib_start = True
        if replace is not None:
            ctx.author_mode = 3
            ctx.author_replace = replace
            ctx.author_each = each
        layout = section.layout
        aff = layout.aff
        if sfa:
            outs: list[Node] = []
            for c in layout.children:
                o = self.element(c, ctx)
                if o is not None and not is_empty(o):
                    outs.append(o)
            if not outs:
                return None
            first = Rich([aff.prefix, outs[0]], display="left-margin")
            rest_children: list[Node] = [*outs[1:], aff.suffix]
            inner, trailing = split_trailing_space(Rich(rest_children, aff.fmt))
            rest = Rich([inner], display="right-inline")
            return Rich([first, rest, trailing])
        out = self.seq(spec.children(layout.children), ctx, None)
        if out is None:
            return None
        if not aff.prefix:
            out = hoist_leading_space(out)
        suffix = aff.suffix
        block = trailing_block(out)
        if block is not None and suffix:
            block.children.append(suffix)
            suffix = ""
        if block is not None:
            # whitespace ending the entry's last display block leaves it, and so the
            # entry (citeproc-js: '<div class="csl-right-inline">T,</div>')
            trimmed, _ = split_trailing_space(block)
            if trimmed is not block:
                block.children[:] = trimmed.children
        return Rich([Rich([aff.prefix, out, suffix], aff.fmt)])

    def sort_value(
        self, item: Item, state: ItemState, section: Section, key: SortKey, citation: bool
    ) -> str:
        """The value of sort key ``key`` for ``item`` ("" for none; CSL 1.0.2, "Sorting")."""
        ctx = RenderContext(item, CiteInfo(), state, section, citation, sorting=True, sort_key=key)
        ctx.spec = spec = self.specialization(item, section)
        if key.macro:
            if key.macro not in self._date_keys:
                self._date_keys[key.macro] = date_key_body(self.style, key.macro)
            body = self._date_keys[key.macro]
            out = self.seq(body if body is not None else spec.macro(key.macro) or [], ctx, None)
            return plain_text(out)
        var = key.variable
        if var in NAME_VARS:
            names = item.names(var)
            if not names:
                return ""
            node = Names(aff=Affixes(), variables=[var])
            out = self.names(node, ctx)
            return plain_text(out)
        if var in DATE_VARS:
            return date_sort_key(item.date(var))
        if var == "citation-number":
            return f"{state.citation_number:08d}"
        val = variable(var, ctx)
        if val == "":
            return ""
        if var in NUMBER_VARS and is_numeric(val):
            nums = [
                int("".join(ch for ch in p if ch.isdigit()) or 0) for p in split_numbers(val)[::2]
            ]
            return f"{nums[0]:08d}" if nums else val
        return plain_text(parse_markup(val))

    def _title_case_ok(self, item: Item) -> bool:
        lang = str(item.data.get("language", "") or "")
        if lang:
            return lang.lower().startswith("en")
        return self.english_locale

    def seq(
        self, children: list[Element], ctx: RenderContext, delimiter: str | None
    ) -> Node | None:
        """Render a list of elements, joined by ``delimiter``."""
        parts: list[Node] = []
        self._collect(children, ctx, parts)
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        if delimiter:
            joined: list[Node] = []
            for i, p in enumerate(parts):
                if i:
                    joined.append(delimiter)
                joined.append(p)
            return Rich(joined)
        return Rich(parts)

    def _collect(self, children: list[Element], ctx: RenderContext, parts: list[Node]) -> None:
        """Render children into ``parts``; a chosen branch's elements join the parent."""
        element = self.element
        cond_cache = ctx.item.cond_cache
        out: Node | None
        for c in children:
            # the commonest elements first; the rest go through element()
            if isinstance(c, Text):
                if c is ABSENT_VARIABLE:
                    ctx.called += 1
                    continue
                if c is ABSENT_VARIABLE_AFTER_TERM:
                    ctx.called += 1
                    ctx.emitted = True
                    continue
                out = self.text(c, ctx)
            elif isinstance(c, Choose):
                for cond, kids in c.branches:
                    if cond is not None:
                        # static conditions are cached per item: look there before calling
                        hit = cond_cache.get(id(cond)) if cond.static else None
                        if hit is None:
                            hit = evaluate_condition(cond, ctx)
                        if not hit:
                            continue
                    self._collect(kids, ctx, parts)
                    break
                continue
            elif isinstance(c, Group):
                out = self.group(c, ctx)
            elif isinstance(c, Names):
                out = self.names(c, ctx)
            else:
                out = element(c, ctx)
            if out is not None and (out.__class__ is not str or out):
                parts.append(out)

    def element(self, el: Element, ctx: RenderContext) -> Node | None:
        """Render one rendering element (CSL 1.0.2, "Rendering Elements")."""
        match el:
            case Text():
                return self.text(el, ctx)
            case Group():
                return self.group(el, ctx)
            case Choose():
                for cond, children in el.branches:
                    if cond is None or evaluate_condition(cond, ctx):
                        return self.seq(children, ctx, None)
                return None
            case Names():
                return self.names(el, ctx)
            case DateNode():
                return self.dates.render(el, ctx)
            case NumberNode():
                return self.number(el, ctx)
            case Label():
                return render_label(self.locale, el, ctx)
        return None

    def group(self, el: Group, ctx: RenderContext) -> Node | None:
        called, rendered = ctx.called, ctx.rendered
        ctx.called = ctx.rendered = 0
        out = self.seq(el.children, ctx, el.aff.delimiter)
        g_called, g_rendered = ctx.called, ctx.rendered
        ctx.called = called + g_called
        ctx.rendered = rendered + g_rendered
        if g_called and not g_rendered:
            return None
        if out is not None and not g_called:
            ctx.called += 1
            ctx.rendered += 1
        return finish(out, el.aff, ctx)

    # ------------------------------------------------------------ text
    def text(self, el: Text, ctx: RenderContext) -> Node | None:
        if el.macro:
            spec = ctx.spec
            body = spec.macro(el.macro) if spec is not None else self.style.macros.get(el.macro)
            if body is None:
                return None
            called, rendered = ctx.called, ctx.rendered
            ctx.called = ctx.rendered = 0
            outer_inherit = ctx.sub_inherit
            ctx.sub_inherit = None
            out = self.seq(body, ctx, None)
            ctx.sub_inherit = outer_inherit
            m_called, m_rendered = ctx.called, ctx.rendered
            ctx.called = called + m_called
            ctx.rendered = rendered + m_rendered
            if m_called and not m_rendered:
                return None
            if out is not None and not is_empty(out):
                ctx.called += 1
                ctx.rendered += 1
            return finish(out, el.aff, ctx)
        if el.variable:
            var = el.variable
            if var != "year-suffix":
                ctx.called += 1
            val = variable(var, ctx, el.form)
            if not val:
                return None
            if var == "locator":
                if ctx.locator_done:
                    return None
                ctx.locator_done = not ctx.sorting
            ctx.rendered += 1
            if ctx.tracked is not None:
                ctx.tracked.append(var)
                ctx.suppressed.add(var)
            if ctx.in_substitute and ctx.author_mode == 2 and not ctx.author_done:
                raw = ctx.item.data.get(var)
                if isinstance(raw, str):
                    ctx.author_key.append(raw)
            if var == "year-suffix":
                ctx.year_suffix_done = True
            node: Node
            if var in ("page", "locator") and (var == "page" or ctx.cite.label in ("", "page")):
                val = format_page_range(
                    val, self.page_range_format, self.page_delim, en_dash=var == "page"
                )
                if " & " in val:
                    # "213 & 235": the locale's "and" symbol (citeproc-js)
                    sym = self.locale.term("and", "symbol")
                    if sym and sym != "&":
                        val = val.replace(" & ", f" {sym} ")
            elif var in NUMBER_VARS and "-" in val and is_numeric(val):
                # the locale's page-range-delimiter joins every numeric range, not
                # only pages (citeproc-js: "vol. 2\u20113" under fr-FR)
                val = _HYPHEN_RANGE.sub(f"\\1{self.page_delim}\\2", val)
            if "\\-" in val:
                val = val.replace("\\-", "-")
            node = val if var in VERBATIM_VARS else parse_markup(val)
            return finish(
                with_source(node, Source(SourceKind.VARIABLE, var)), _string_aff(el.aff, val), ctx
            )
        if el.term:
            t = self.locale.term(el.term, el.form, el.plural)
            if not t:
                return None
            if self._capitalize_term(ctx):
                t = t[:1].upper() + t[1:]
            term = with_source(parse_markup(t), Source(SourceKind.TERM, el.term))
            return finish(term, _string_aff(el.aff, t), ctx)
        if el.value is not None:
            if not el.value:
                return None
            return finish(parse_markup(el.value), _string_aff(el.aff, el.value), ctx)
        return None

    def _capitalize_term(self, ctx: RenderContext) -> bool:
        """A term that starts a note citation or a bibliography entry is capitalized."""
        if ctx.emitted or ctx.sorting:
            return False
        if not ctx.citation:
            return ctx.bib_start
        if not self.style.is_note:
            return False
        prefix = ctx.cite.prefix
        if not prefix:
            return ctx.cite.first_in_cluster
        return " " in prefix.strip() and bool(re.search(r"[.!?][\"\u201d\u2019']?\s*$", prefix))

    # ------------------------------------------------------------ numbers
    def number(self, el: NumberNode, ctx: RenderContext) -> Node | None:
        ctx.called += 1
        val = variable(el.variable, ctx)
        if not val:
            return None
        if el.variable == "locator":
            if ctx.locator_done:
                return None
            ctx.locator_done = not ctx.sorting
        ctx.rendered += 1
        if ctx.tracked is not None:
            ctx.tracked.append(el.variable)
        if not is_numeric(val) or "\\-" in val:
            if el.variable == "page":
                val = format_page_range(val, self.page_range_format, self.page_delim)
            node = parse_markup(val.replace("\\-", "-"))
            return finish(with_source(node, Source(SourceKind.VARIABLE, el.variable)), el.aff, ctx)
        if ctx.sorting:
            toks = split_numbers(val)
            digits = "".join(ch for ch in toks[0] if ch.isdigit()) or "0"
            return f"{int(digits):08d}"
        gender = self.locale.gender(el.variable) if el.variable != "locator" else ""
        toks = split_numbers(val)
        out: list[str] = []
        for i, tok in enumerate(toks):
            if i % 2 == 1:
                sep = tok.strip()
                if sep in ("-", "\u2013"):
                    out.append(self.page_delim if el.variable != "locator" else "-")
                elif sep == ",":
                    out.append(", ")
                elif sep == "&":
                    out.append(" & ")
                else:
                    out.append(" " + sep + " ")
                continue
            out.append(self.format_number(tok, el.form, gender))
        number = with_source("".join(out), Source(SourceKind.VARIABLE, el.variable))
        return finish(number, el.aff, ctx)

    def format_number(self, tok: str, form: str, gender: str = "") -> str:
        if not tok.isdigit() or tok[0] == "0":
            # citeproc-js renders a number with a leading zero as it is ("06", "0")
            return tok
        n = int(tok)
        if form == "ordinal":
            return f"{n}{self.locale.ordinal_suffix(n, gender)}"
        if form == "long-ordinal":
            lo = self.locale.long_ordinal(n, gender)
            return lo if lo is not None else f"{n}{self.locale.ordinal_suffix(n, gender)}"
        if form == "roman":
            return roman(n)
        return str(n)


_HYPHEN_RANGE = re.compile(r"(\w)\s*-\s*(\w)")


#: a character of a Latin, Greek, Cyrillic, Hebrew, Arabic or Thai script, or a digit
#: (citeproc-js ROMANESQUE_REGEXP)
_ROMANESQUE_CHAR = re.compile(
    "[-0-9a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4"
    "\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218-\u021b"
    "\u202a-\u202e]"
)


def _string_aff(aff: Affixes, raw: str) -> Affixes:
    """A cs:text's formatting for the string ``raw``: no font-style for a string with
    no character of those scripts (CJK text is not set in italics; citeproc-js drops a
    string's own font-style decoration so)."""
    if not aff.fmt or _ROMANESQUE_CHAR.search(raw):
        return aff
    fmt = tuple(f for f in aff.fmt if f[0] != FONT_STYLE)
    return aff if len(fmt) == len(aff.fmt) else dataclasses.replace(aff, fmt=fmt)
