"""cs:names (CSL 1.0.2, "Names"): name lists with et-al truncation, the and term and
delimiters, labels, substitution, the given names and added names of disambiguation,
and the author substitution of cite grouping and subsequent-author-substitute."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator

from ..richtext.tree import Source, SourceKind
from .conditions import evaluate_condition
from .context import RenderContext, finish
from .formatting import Node, Rich, is_empty, parse_markup, plain_text, with_source
from .items import ItemState
from .labels import render_label
from .locale import Locale
from .names import CslName, NameOptions, format_name, initialize, sort_key_name
from .style import Affixes, Choose, Element, Names, Style

__all__ = ["NamesRenderer"]

#: the name options cs:names inherits from cs:style, cs:citation and cs:bibliography
#: (CSL 1.0.2, "Inheritable Name Options")
_INHERITED_OPTIONS = frozenset(
    [
        "and",
        "delimiter-precedes-et-al",
        "delimiter-precedes-last",
        "et-al-min",
        "et-al-use-first",
        "et-al-use-last",
        "et-al-subsequent-min",
        "et-al-subsequent-use-first",
        "initialize",
        "initialize-with",
        "name-as-sort-order",
        "sort-separator",
    ]
)


class NamesRenderer(ABC):
    """Renders the cs:names elements of a style with a locale.

    Abstract: cs:substitute renders any rendering element, which the subclass (the
    rendering core) does with :meth:`element`.
    """

    def __init__(self, style: Style, locale: Locale) -> None:
        self.style = style
        self.locale = locale
        self.demote = style.attrs.get("demote-non-dropping-particle", "display-and-sort")
        self.initialize_hyphen = style.attrs.get("initialize-with-hyphen", "true") != "false"
        self._opts_cache: dict[tuple[int, int, bool], dict[str, str]] = {}
        self._merged: dict[tuple[int, int], Names] = {}
        #: whether a cs:substitute (by id: it lives as long as the style) holds a cs:choose
        self._sub_choose: dict[int, bool] = {}
        self._sort_names: dict[tuple[CslName, NameOptions], str] = {}
        self._name_nodes: dict[tuple[CslName, NameOptions, int, bool], Node] = {}
        self._base_opts: dict[int, NameOptions] = {}
        cit = style.citation.attrs if style.citation is not None else {}
        #: disambiguate-add-givenname with the by-cite rule: as in citeproc-js, a name
        #: rendered in its long form with initials shows its full given name when the
        #: item has another name with the same family name and initials
        self.bycite_givens = (
            cit.get("disambiguate-add-givenname") == "true"
            and cit.get("givenname-disambiguation-rule", "by-cite") == "by-cite"
        )
        #: a global rule limited to the first name of each names list (primary-name ...)
        self.primary_only = cit.get("givenname-disambiguation-rule", "").startswith("primary")

    @abstractmethod
    def element(self, el: Element, ctx: RenderContext) -> Node | None:
        """Render any rendering element (a substitute of cs:names)."""

    def _name_opts(self, names: Names, ctx: RenderContext) -> dict[str, str]:
        key = (id(names), id(ctx.section), ctx.citation)
        got = self._opts_cache.get(key)
        if got is not None:
            return got
        d: dict[str, str] = {}
        for src in (self.style.attrs, ctx.section.attrs):
            for k, v in src.items():
                if k in _INHERITED_OPTIONS:
                    d[k] = v
                elif k == "name-form":
                    d["form"] = v
                elif k == "name-delimiter":
                    d["delimiter"] = v
                elif k == "names-delimiter":
                    d["names-delimiter"] = v
        if names.name is not None:
            d.update(names.name.attrs)
        if "delimiter" in names.attrs:
            d["names-delimiter"] = names.attrs["delimiter"]
        self._opts_cache[key] = d
        return d

    def names(self, el: Names, ctx: RenderContext, inherit: Names | None = None) -> Node | None:
        """Render cs:names; ``inherit`` is the cs:names a cs:substitute child takes its
        cs:name, cs:et-al and cs:label from."""
        src = el
        if inherit is None and ctx.sub_inherit is not None and not el.substitute:
            inherit = ctx.sub_inherit
        if inherit is not None and el.name is None and el.et_al is None and el.label is None:
            mkey = (id(el), id(inherit))
            merged = self._merged.get(mkey)
            if merged is None:
                merged = Names(
                    aff=el.aff,
                    variables=el.variables,
                    name=inherit.name,
                    et_al=inherit.et_al,
                    et_al_term=inherit.et_al_term,
                    label=inherit.label,
                    label_before=inherit.label_before,
                    has_et_al=inherit.has_et_al,
                    attrs={**inherit.attrs, **el.attrs},
                )
                self._merged[mkey] = merged
            src = merged
        ctx.called += 1
        suppress_this = ctx.author_mode == 1 and not ctx.author_done
        suppressed = ctx.suppressed
        item = ctx.item
        lists: list[tuple[str, list[CslName]]] = []
        for v in src.variables:
            if v not in suppressed:
                ns = item.names(v)
                if ns:
                    lists.append((v, ns))
        if lists:
            opts = self._name_opts(src, ctx)
            form = opts.get("form", "long")
            ctx.rendered += 1
            if ctx.tracked is not None:
                for v, _ in lists:
                    ctx.tracked.append(v)
                    suppressed.add(v)
            if form == "count":
                total = sum(self._shown(ns, opts, ctx)[0] for _, ns in lists)
                if ctx.author_mode and not ctx.author_done:
                    ctx.author_done = True
                return finish(str(total) if total else None, src.aff, ctx)
            # editor + translator combination
            if len(lists) >= 2:
                vs = [v for v, _ in lists]
                if (
                    "editor" in vs
                    and "translator" in vs
                    and self.locale.term(
                        "editortranslator", src.label.form if src.label else "long"
                    )
                ):
                    ed = dict(lists)["editor"]
                    tr = dict(lists)["translator"]
                    if [n.key() for n in ed] == [n.key() for n in tr]:
                        lists = [
                            ("editortranslator" if v == "editor" else v, ns)
                            for v, ns in lists
                            if v != "translator"
                        ]
            rendered: list[Node] = []
            bodies: list[Node] = []
            hook = ctx.author_mode in (2, 3, 4) and not ctx.author_done
            each = hook and ctx.author_mode == 3 and ctx.author_each > 0
            if each:
                ctx.sub_names = ctx.author_each
            for var, ns in lists:
                body = self.name_list(ns, src, opts, ctx)
                if body is None:
                    continue
                if hook:
                    bodies.append(body)
                    if ctx.author_mode == 2:
                        shown, _ = self._shown(ns, opts, ctx)
                        ctx.author_key.extend(_name_key(n) for n in ns[:shown])
                    if ctx.author_mode == 3 and not each:
                        if not ctx.author_replace:
                            continue
                        body = parse_markup(ctx.author_replace)
                body = with_source(body, Source(SourceKind.VARIABLE, var))
                if src.label is not None and not ctx.sorting:
                    lab = render_label(self.locale, src.label, ctx, names_count=len(ns), var=var)
                    if lab is not None:
                        body = Rich([lab, body]) if src.label_before else Rich([body, lab])
                rendered.append(body)
            ctx.sub_names = 0
            if not rendered:
                return None
            delim = opts.get("names-delimiter", "")
            parts: list[Node] = []
            for i, r in enumerate(rendered):
                if i and delim:
                    parts.append(delim)
                parts.append(r)
            out = finish(Rich(parts), src.aff, ctx)
            if hook:
                ctx.author_done = True
                if ctx.author_mode in (2, 4):
                    ctx.author_out = Rich(bodies)
                return out
            return self._author_hook(out, ctx, suppress_this)
        # substitute
        if src.substitute is not None:
            subs = src.substitute
            has_choose = self._sub_choose.get(id(subs))
            if has_choose is None:
                has_choose = self._sub_choose[id(subs)] = any(isinstance(e, Choose) for e in subs)
            candidates: Iterable[Element] = _substitutes(subs, ctx) if has_choose else subs
            for sub in candidates:
                tracked: list[str] = []
                saved = ctx.tracked
                ctx.tracked = tracked
                c0, r0 = ctx.called, ctx.rendered
                done_before = ctx.author_done
                ctx.in_substitute += 1
                if isinstance(sub, Names):
                    got = self.names(sub, ctx, inherit=src)
                else:
                    outer = ctx.sub_inherit
                    ctx.sub_inherit = src
                    got = self.element(sub, ctx)
                    ctx.sub_inherit = outer
                ctx.in_substitute -= 1
                ctx.called, ctx.rendered = c0, r0
                ctx.tracked = saved
                if suppress_this and not done_before and ctx.author_done:
                    # the substituted names were the (suppressed) author
                    ctx.rendered += 1
                    ctx.suppressed.update(tracked)
                    return None
                if got is not None and not is_empty(got):
                    ctx.rendered += 1
                    ctx.suppressed.update(tracked)
                    if ctx.tracked is not None:
                        ctx.tracked.extend(tracked)
                    if isinstance(sub, Names):
                        return finish(got, src.aff, ctx)
                    # a substitute other than cs:names takes neither the affixes nor
                    # the formatting of the cs:names it stands for (citeproc-js)
                    aff = src.aff
                    if not aff.plain:
                        aff = Affixes(display=aff.display)
                    out = finish(got, aff, ctx)
                    return self._author_hook(out, ctx, suppress_this)
        if ctx.author_mode in (2, 3) and not ctx.in_substitute:
            # as in citeproc-js, only the first names element an entry reaches can give way
            # to subsequent-author-substitute, even when it renders nothing
            ctx.author_done = True
        if ctx.sorting and self._name_opts(src, ctx).get("form") == "count":
            # a count sort key counts no names as 0, which sorts first (citeproc-js
            # writes the count of a sort key even when it is 0)
            return "0"
        return None

    def _author_hook(
        self, out: Node | None, ctx: RenderContext, suppress_this: bool
    ) -> Node | None:
        if ctx.author_mode and not ctx.author_done and out is not None:
            ctx.author_done = True
            if ctx.author_mode in (2, 4):
                ctx.author_out = out
            if ctx.author_mode == 3:
                return parse_markup(ctx.author_replace) if ctx.author_replace else None
            if suppress_this:
                return None
        return out

    def _et_al_params(self, opts: dict[str, str], ctx: RenderContext) -> tuple[int, int, bool]:
        et_min, use_first = _opt_int(opts, "et-al-min"), _opt_int(opts, "et-al-use-first")
        if ctx.citation and ctx.cite.position > 0 and not ctx.sorting:
            if "et-al-subsequent-min" in opts:
                et_min = _opt_int(opts, "et-al-subsequent-min")
            if "et-al-subsequent-use-first" in opts:
                use_first = _opt_int(opts, "et-al-subsequent-use-first")
        use_last = opts.get("et-al-use-last") == "true"
        key = ctx.sort_key
        if ctx.sorting and key is not None:
            if key.names_min is not None:
                et_min = key.names_min
            if key.names_use_first is not None:
                use_first = key.names_use_first
            if key.names_use_last is not None:
                use_last = key.names_use_last
        return et_min, use_first, use_last

    def _shown(
        self, ns: list[CslName], opts: dict[str, str], ctx: RenderContext
    ) -> tuple[int, bool]:
        et_min, use_first, _use_last = self._et_al_params(opts, ctx)
        n = len(ns)
        if et_min and n >= et_min:
            if use_first == 0:
                if opts.get("et-al-use-first") == "0":
                    return 0, True
                return n, False
            shown = min(n, use_first + (ctx.state.add_names if ctx.citation else 0))
            return shown, shown < n
        return n, False

    def name_list(
        self, ns: list[CslName], src: Names, opts: dict[str, str], ctx: RenderContext
    ) -> Node | None:
        """One variable's names as cs:name renders them (a sort string when sorting)."""
        # BibTeX's "and others" (CSL-JSON {"literal": "others"}, as pandoc writes it)
        # is the style's et-al whatever the list's length.
        others = len(ns) > 1 and ns[-1].literal == "others"
        if others:
            ns = ns[:-1]
        shown, truncated = self._shown(ns, opts, ctx)
        truncated = truncated or others
        if shown == 0:
            return None
        _, _, use_last = self._et_al_params(opts, ctx)
        form = opts.get("form", "long")
        nso = opts.get("name-as-sort-order", "")
        delim = opts.get("delimiter", ", ")
        parts_aff = src.name.parts if src.name is not None else {}
        name_aff = src.name.aff if src.name is not None else Affixes()
        init_with = opts.get("initialize-with")
        # opts dicts come from _name_opts' cache, so their id names them; building
        # the frozen NameOptions on every call was a noticeable cost
        base = self._base_opts.get(id(opts))
        if base is None:
            base = self._base_opts[id(opts)] = NameOptions(
                form=form,
                initialize=opts.get("initialize", "true") != "false",
                initialize_with=init_with,
                sort_separator=opts.get("sort-separator", ", "),
                demote=self.demote,
                hyphen=self.initialize_hyphen,
            )
        full_given = self._register_names(ns, shown, form, init_with, ctx.state)
        if ctx.sorting:
            keys = []
            demote_sort = self.demote in ("display-and-sort", "sort-only")
            short = form == "short" and ctx.sort_key is not None and bool(ctx.sort_key.macro)
            macro = ctx.sort_key is not None and bool(ctx.sort_key.macro)
            plevel_sort = ctx.state.person_level
            for n in ns[:shown]:
                if short and not n.literal:
                    keys.append(n.family if demote_sort else _pj(n.non_dropping, n.family))
                elif macro and base.initialize_with is not None and not n.literal:
                    sort_opts = base
                    if demote_sort:
                        sort_opts = base._replace(demote="display-and-sort")
                    if full_given[len(keys)] or (
                        plevel_sort
                        and (not keys or not self.primary_only)
                        and plevel_sort.get(n, 0) == 2
                    ):
                        sort_opts = sort_opts._replace(given_level=2)
                    # the same people recur across a bibliography: format each once
                    skey = (n, sort_opts)
                    got = self._sort_names.get(skey)
                    if got is None:
                        got = plain_text(format_name(n, sort_opts, {}, True))
                        self._sort_names[skey] = got
                    keys.append(got)
                else:
                    keys.append(sort_key_name(n, demote_sort))
            if truncated and use_last and len(ns) >= shown + 2:
                keys.append(sort_key_name(ns[-1], demote_sort))
            return " ".join(keys) if keys else None
        rendered: list[Node] = []
        inverted: list[bool] = []
        first_names = not ctx.citation and ctx.names_rendered == 0
        ctx.names_rendered += 1
        plevel = ctx.state.person_level
        for i, n in enumerate(ns[:shown]):
            invert = nso == "all" or (nso == "first" and i == 0)
            if ctx.citation:
                level = ctx.state.given_level.get(("", i), 0)
            elif first_names:
                # citation disambiguation's given names carry into the first names of a
                # bibliography entry where they show more than its own form does
                level = ctx.state.given_level.get(("", i), 0)
                if form != "short" and level < 2:
                    level = 0
            else:
                level = 0
            if full_given[i]:
                level = max(level, 2)
            if plevel and (i == 0 or not self.primary_only):
                # a global rule's expansion shows wherever the person's name does (as
                # citeproc-js: bibliography entries too); it never shrinks a name
                expand = plevel.get(n, 0)
                if expand > level and (expand == 2 or form == "short"):
                    level = expand
                    if expand == 1 and init_with is None:
                        # initials, though the style names no initialize-with
                        o = base._replace(given_level=1, initialize_with="")
                        level = -1
            if level >= 0:
                o = base if not level else base._replace(given_level=level)
            if form == "short" and not level and not n.family and not n.literal:
                # a given name only ("Madonna") has no short form: citeproc-js leaves
                # the name out of a short list
                continue
            if ctx.sub_names > 0:
                ctx.sub_names -= 1
                rendered.append(parse_markup(ctx.author_replace))
            else:
                rendered.append(
                    self._name_fmt(
                        self._format_name(n, o, parts_aff, invert and not n.literal),
                        name_aff,
                        personal=not n.literal,
                    )
                )
            inverted.append(invert and not n.literal and bool(n.given))
        if not rendered:
            return None
        and_term = ""
        and_opt = opts.get("and", "")
        if and_opt == "text":
            and_term = self.locale.term("and", "long") or "and"
        elif and_opt == "symbol":
            and_term = "&"
        out: list[Node] = []
        count = len(rendered)
        if truncated and use_last and len(ns) >= shown + 2:
            for i, r in enumerate(rendered):
                if i:
                    out.append(delim)
                out.append(r)
            out.append(delim + "\u2026 ")
            last = ns[-1]
            invert = nso == "all"
            out.append(
                self._name_fmt(
                    self._format_name(last, base, parts_aff, invert and not last.literal),
                    name_aff,
                    personal=not last.literal,
                )
            )
            return finish(Rich(out), _list_aff(name_aff), ctx)
        for i, r in enumerate(rendered):
            if i:
                is_last = i == count - 1 and not truncated
                if is_last and and_term:
                    dpl = opts.get("delimiter-precedes-last", "contextual")
                    use_delim = (
                        dpl == "always"
                        or (dpl == "contextual" and count >= 3)
                        or (dpl == "after-inverted-name" and inverted[i - 1])
                    )
                    if _ROMANESQUE.match(and_term):
                        out.append((delim if use_delim else " ") + and_term + " ")
                    else:
                        # a term in another script or starting with punctuation ("; ",
                        # "と") joins as it is: no spaces around it (citeproc-js)
                        single = count == 2 and dpl == "always"
                        out.append((delim if single else "") + and_term)
                else:
                    out.append(delim)
            out.append(r)
        if truncated:
            term = self.locale.term(src.et_al_term, "long") or ""
            if term:
                dpe = opts.get("delimiter-precedes-et-al", "contextual")
                use_delim = (
                    dpe == "always"
                    or (dpe == "contextual" and count >= 2)
                    or (dpe == "after-inverted-name" and inverted[-1])
                )
                cjk = "\u3000" <= term[:1] <= "\u9fff"
                out.append(delim if use_delim else ("" if cjk else " "))
                et: Node = parse_markup(term)
                if src.et_al is not None:
                    et = finish(et, src.et_al, ctx) or et
                out.append(et)
        # citeproc-js wraps a list cut short by et-al in cs:name's affixes and
        # formatting once more (NameOutput._joinEtAl opens a level with the name token)
        return finish(Rich(out), name_aff if truncated else _list_aff(name_aff), ctx)

    def _register_names(
        self, ns: list[CslName], shown: int, form: str, init_with: str | None, state: ItemState
    ) -> list[bool]:
        """Register a name list for by-cite given-name disambiguation; for each name shown,
        whether it needs its full given name (citeproc-js registers the whole list, one
        name at a time, and evaluates each name as it is registered)."""
        full = [False] * shown
        if not self.bycite_givens:
            return full
        never = self.demote == "never"
        for i, n in enumerate(ns):
            if n.literal or not (n.family or n.given):
                continue
            fam = _reg_strip(n.family)
            if never and n.non_dropping and n.family:
                fam = f"{fam} {n.non_dropping}"
            given = _reg_strip(n.given)
            m = _REG_LOWER_SUFFIX.search(given)
            if m and m.group(1) == m.group(1).lower():
                given = given[: m.start()]
            initials = initialize(given, "", self.initialize_hyphen)
            givens = state.name_reg.setdefault(fam, {}).setdefault(initials, set())
            givens.add(given)
            if i < shown and form != "short" and init_with is not None and n.given:
                full[i] = len(givens) > 1
        return full

    def _format_name(
        self, name: CslName, opts: NameOptions, parts: dict[str, Affixes], invert: bool
    ) -> Node:
        """format_name, once per person and options: people recur across a bibliography.

        The cached node is shared by every entry that shows the name, which is safe
        because rendered nodes are never changed in place (text-case, strip-periods and
        the display fix-ups all build changed copies).
        """
        # ``parts`` is a style's cs:name-part table (alive as long as the style) or empty
        key = (name, opts, id(parts) if parts else 0, invert)
        got = self._name_nodes.get(key)
        if got is None:
            got = self._name_nodes[key] = format_name(name, opts, parts, invert)
        return got

    @staticmethod
    def _name_fmt(node: Node, aff: Affixes, personal: bool) -> Node:
        """Font formatting of cs:name applies to each name, not to delimiters; its affixes
        to each personal name (citeproc-js NameOutput._renderNames appends every personal
        name with the cs:name token: "King ML Jr., Smith J." for ``suffix="."``), none
        to a literal one."""
        if aff.fmt:
            node = Rich([node], aff.fmt)
        if personal and (aff.prefix or aff.suffix):
            node = Rich([aff.prefix, node, aff.suffix])
        return node


#: what citeproc-js takes for a word in a Latin, Greek, Cyrillic, Hebrew, Arabic or Thai
#: script (an "and" term starting so is spaced; others are joined as they are)
_ROMANESQUE = re.compile(
    "[&a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4"
    "\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218-\u021b"
    "\u202a-\u202e]"
)
_REG_LOWER_SUFFIX = re.compile(r"[,!]* ([^,]+)$")


def _substitutes(els: list[Element], ctx: RenderContext) -> Iterator[Element]:
    """The candidates of cs:substitute in turn: a cs:choose stands for the elements of
    the branch it takes, each tried on its own (citeproc-js: a report's publisher,
    not its publisher and title together)."""
    for el in els:
        if isinstance(el, Choose):
            for cond, children in el.branches:
                if cond is None or evaluate_condition(cond, ctx):
                    yield from _substitutes(children, ctx)
                    break
        else:
            yield el


def _reg_strip(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace(".", " ")).rstrip()


def _name_key(n: CslName) -> str:
    """A name's parts run together, as citeproc-js compares names for
    subsequent-author-substitute."""
    return n.non_dropping + n.family + n.given + n.dropping + n.suffix + n.literal


def _pj(a: str, b: str) -> str:
    return f"{a} {b}" if a else b


def _list_aff(aff: Affixes) -> Affixes:
    """What of cs:name's attributes applies to the whole list: not the formatting nor the
    affixes, which go to each name."""
    if not (aff.fmt or aff.prefix or aff.suffix):
        return aff
    return Affixes(
        quotes=aff.quotes,
        strip_periods=aff.strip_periods,
        text_case=aff.text_case,
        display=aff.display,
    )


def _opt_int(opts: dict[str, str], key: str) -> int:
    v = opts.get(key, "")
    return int(v) if v.isdigit() else 0
