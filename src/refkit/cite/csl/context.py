"""The render context, and what every rendering element reads through it: variables
(CSL 1.0.2, "Appendix IV - Variables") and affixes and formatting ("Formatting")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .formatting import Node, Rich, is_empty, map_text
from .items import CiteInfo, Item, ItemState, year_suffix_letters
from .names import CslName
from .specializer import Specializer
from .style import Affixes, Names, Section, SortKey
from .textcase import apply_text_case, strip_periods
from .variables import DATE_VARS, NAME_VARS, PROCESSOR_VARS, SHORT_FORMS, VARIABLE_ALIASES

__all__ = ["RenderContext", "finish", "has_variable", "variable"]


@dataclass(slots=True)
class RenderContext:
    """What rendering one item for one cite (or entry, or sort key) keeps track of."""

    item: Item
    cite: CiteInfo
    state: ItemState
    section: Section
    citation: bool
    sorting: bool = False
    sort_key: SortKey | None = None
    suppressed: set[str] = field(default_factory=set)
    called: int = 0
    rendered: int = 0
    year_suffix_done: bool = False
    author_mode: int = 0  # 1 suppress first names, 2 only first names
    author_done: bool = False
    author_out: Node | None = None
    tracked: list[str] | None = None
    title_case_ok: bool = True
    author_replace: str = ""
    #: subsequent-author-substitute replacing each name: how many leading names (0: the
    #: whole name list), and how many of them are still to replace
    author_each: int = 0
    sub_names: int = 0
    emitted: bool = False
    bib_start: bool = False
    sub_inherit: Names | None = None
    in_substitute: int = 0
    names_rendered: int = 0
    #: what citeproc-js compares for subsequent-author-substitute: the name parts of each
    #: name the first names element renders (et-al truncation applied), or the raw value of
    #: a text variable that substitutes for it
    author_key: list[str] = field(default_factory=list)
    spec: Specializer | None = None
    #: the date variable being rendered (the source of its date parts' text)
    date_variable: str = ""
    #: the cite's locator is rendered: citeproc-js renders it once per cite (done_vars),
    #: a later cs:text or cs:number of it is empty
    locator_done: bool = False


def _sort_affixed(node: Node, aff: Affixes) -> Node:
    """``node`` with its affixes, for a sort key.

    citeproc-js keeps affixes in a sort key, its white space as piece separators
    ("-|Alpha|" for ``prefix="- "``) that its collator orders before letters while it
    ignores the punctuation: an item keyed through a prefixed element (a title
    " - Title" substituting for the author) sorts before the names; "[Mu]" keys as "Mu".
    Spaces play that part in refkit's collation key."""
    if not aff.prefix and not aff.suffix:
        return node
    return Rich([aff.prefix, node, aff.suffix])


def finish(node: Node | None, aff: Affixes, ctx: RenderContext) -> Node | None:
    """``node`` with an element's affixes and formatting applied (None for empty output);
    marks the output as started (CSL 1.0.2, "Formatting" to "Text-case")."""
    if node is None:
        return None
    if node.__class__ is str:
        if not node:
            return None
    elif is_empty(node):  # not ``node == ""``: that runs Rich's dataclass __eq__
        return None
    ctx.emitted = True
    if ctx.sorting:
        return _sort_affixed(node, aff)
    if aff.plain:
        return node
    if aff.text_case:
        if aff.text_case == "uppercase" and _is_turkic(ctx.item):
            node = map_text(node, lambda t: t.replace("i", "\u0130"))
        node = apply_text_case(node, aff.text_case, ctx.title_case_ok)
    if aff.strip_periods:
        node = strip_periods(node)
    if aff.fmt:
        node = Rich([node], aff.fmt)
    if aff.quotes:
        node = Rich([node], quotes=True)
    if aff.prefix or aff.suffix:
        node = Rich([aff.prefix, node, aff.suffix])
    if aff.display:
        node = Rich([node], display=aff.display)
    return node


def variable(var: str, ctx: RenderContext, form: str = "long") -> str:
    """The text value of a variable as the context sees it ("" for none): suppressed
    variables are empty, the processor's variables come from the cite and the state."""
    if ctx.suppressed and var in ctx.suppressed:
        return ""
    data = ctx.item.data
    if form != "short" and var not in PROCESSOR_VARS:
        v0 = data.get(var)
        if v0 is None or v0 is False or isinstance(v0, (list, dict)):
            if var not in VARIABLE_ALIASES:
                return ""
        elif v0.__class__ is str:
            if var == "number" and "-" in v0 and not ctx.sorting:
                return _docket_number(v0, ctx)
            return v0 if var == "title" else v0.strip()
    if var == "locator":
        return ctx.cite.locator
    if var == "citation-number":
        return str(ctx.state.citation_number) if ctx.state.citation_number else ""
    if var == "first-reference-note-number":
        return str(ctx.cite.first_note) if ctx.cite.first_note and ctx.citation else ""
    if var == "page-first" and not ctx.item.data.get("page-first"):
        page = str(ctx.item.data.get("page", "") or "")
        return re.split(r"(?:(?<!\s)\s*)?[-\u2013,&]\s*", page.strip())[0] if page else ""
    if var == "citation-label":
        label = ctx.item.data.get("citation-label")
        if not label:
            return _trigraph(ctx)
        if ctx.state.year_suffix and not ctx.sorting:
            return str(label) + year_suffix_letters(ctx.state.year_suffix)
        return str(label)
    if var == "year-suffix":
        if ctx.sorting or not ctx.state.year_suffix:
            return ""
        return year_suffix_letters(ctx.state.year_suffix)
    val: Any = None
    if form == "short":
        for alt in SHORT_FORMS.get(var, (var + "-short",)):
            val = data.get(alt)
            if val:
                break
    if not val:
        val = data.get(var)
    if val is None and var in VARIABLE_ALIASES:
        val = data.get(VARIABLE_ALIASES[var])
    if val is None or val is False:
        return ""
    if isinstance(val, (list, dict)):
        return ""
    s = str(val) if not isinstance(val, float) else str(int(val))
    return s.strip() if var not in ("title",) else s


def _docket_number(val: str, ctx: RenderContext) -> str:
    """citeproc-js reads the hyphens of a legal case's number literally (a docket
    number such as 06-41233 is no range)."""
    if ctx.item.data.get("type") == "legal_case":
        val = re.sub(r"\\*-", r"\\-", val)
    return val.strip()


def _trigraph(ctx: RenderContext) -> str:
    """The citation-label citeproc-js makes when the item has none ("Doe00a")."""
    names: list[CslName] = []
    for v in ("author", "editor", "translator"):
        names = ctx.item.names(v)
        if names:
            break
    fams = [n.family or n.literal for n in names]
    if not fams:
        base = (str(ctx.item.data.get("title", "")) or "")[:4]
    elif len(fams) == 1:
        base = fams[0][:4]
    elif len(fams) <= 3:
        base = "".join(f[:2] for f in fams)
    else:
        base = "".join(f[:1] for f in fams[:4])
    d = ctx.item.date("issued")
    year = f"{d.start[0] % 100:02d}" if d is not None and d.start[0] else ""
    suffix = year_suffix_letters(ctx.state.year_suffix) if ctx.state.year_suffix else ""
    return base + year + suffix


def has_variable(var: str, ctx: RenderContext) -> bool:
    """Whether the item has ``var`` (``cs:if variable``); suppression does not count, and
    the answer is cached per item."""
    if var in PROCESSOR_VARS:
        return variable(var, ctx) != ""
    cache = ctx.item.has_cache
    got = cache.get(var)
    if got is None:
        if var in NAME_VARS:
            got = bool(ctx.item.names(var))
        elif var in DATE_VARS:
            got = ctx.item.date(var) is not None
        else:
            saved = ctx.suppressed
            ctx.suppressed = set()
            got = variable(var, ctx) != ""
            ctx.suppressed = saved
        cache[var] = got
    return got


def _is_turkic(item: Item) -> bool:
    lang = str(item.data.get("language", "") or "").lower()
    return lang[:2] in ("tr", "az") and (len(lang) == 2 or lang[2] in "-_")
