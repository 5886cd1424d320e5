"""CSL locales: term lookup with fallback, date formats and style options.

The locale XML files shipped inside citeproc-py are read lazily as data.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .style import DatePart, csl_tag, parse_affixes, safe_parser, xml_children

__all__ = ["Locale", "LocaleLayer", "Term", "build_locale", "locales_dir"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True, slots=True)
class Term:
    single: str
    multiple: str
    gender: str = ""
    gender_form: str = ""
    match: str = ""


@dataclass(slots=True)
class LocaleLayer:
    """Terms, dates and options from one ``<locale>`` element or file."""

    terms: dict[tuple[str, str], list[Term]] = field(default_factory=dict)
    dates: dict[str, list[DatePart]] = field(default_factory=dict)
    date_delims: dict[str, str] = field(default_factory=dict)
    options: dict[str, str] = field(default_factory=dict)
    has_ordinals: bool = False


def _parse_layer(el: etree._Element) -> LocaleLayer:
    layer = LocaleLayer()
    for c in xml_children(el):
        t = csl_tag(c)
        if t == "terms":
            for term in xml_children(c):
                if csl_tag(term) != "term":
                    continue
                name = term.get("name", "")
                form = term.get("form", "long")
                kids = {csl_tag(k): (k.text or "") for k in xml_children(term)}
                if "single" in kids or "multiple" in kids:
                    single = kids.get("single", kids.get("multiple", ""))
                    multiple = kids.get("multiple", single)
                else:
                    single = multiple = term.text or ""
                if name.startswith("ordinal"):
                    layer.has_ordinals = True
                layer.terms.setdefault((name, form), []).append(
                    Term(
                        single,
                        multiple,
                        term.get("gender", ""),
                        term.get("gender-form", ""),
                        term.get("match", ""),
                    )
                )
        elif t == "date":
            form = c.get("form", "")
            layer.dates[form] = [
                DatePart(
                    name=p.get("name", ""),
                    aff=parse_affixes(p),
                    form=p.get("form", ""),
                    range_delimiter=p.get("range-delimiter"),
                )
                for p in xml_children(c)
                if csl_tag(p) == "date-part"
            ]
            dl = c.get("delimiter")
            if dl is not None:
                layer.date_delims[form] = dl
        elif t == "style-options":
            layer.options.update({k: v for k, v in c.attrib.items() if isinstance(k, str)})
    return layer


def locales_dir() -> Path:
    """The directory holding citeproc-py's CSL locale files."""
    import citeproc

    return Path(citeproc.__file__).resolve().parent / "data" / "locales"


_PRIMARY = {
    "af": "af-ZA", "ar": "ar", "bg": "bg-BG", "ca": "ca-AD", "cs": "cs-CZ", "cy": "cy-GB",
    "da": "da-DK", "de": "de-DE", "el": "el-GR", "en": "en-US", "es": "es-ES", "et": "et-EE",
    "eu": "eu", "fa": "fa-IR", "fi": "fi-FI", "fr": "fr-FR", "he": "he-IL", "hr": "hr-HR",
    "hu": "hu-HU", "id": "id-ID", "is": "is-IS", "it": "it-IT", "ja": "ja-JP", "km": "km-KH",
    "ko": "ko-KR", "la": "la", "lt": "lt-LT", "lv": "lv-LV", "mn": "mn-MN", "nb": "nb-NO",
    "nl": "nl-NL", "nn": "nn-NO", "pl": "pl-PL", "pt": "pt-PT", "ro": "ro-RO", "ru": "ru-RU",
    "sk": "sk-SK", "sl": "sl-SI", "sr": "sr-RS", "sv": "sv-SE", "th": "th-TH", "tr": "tr-TR",
    "uk": "uk-UA", "vi": "vi-VN", "zh": "zh-CN",
}  # fmt: skip


@functools.lru_cache(maxsize=32)
def _load_file_layer(lang: str) -> LocaleLayer | None:
    path = locales_dir() / f"locales-{lang}.xml"
    if not path.is_file():
        return None
    root = etree.fromstring(path.read_bytes(), parser=safe_parser())
    return _parse_layer(root)


def _file_layers(lang: str) -> list[LocaleLayer]:
    out: list[LocaleLayer] = []
    seen: set[str] = set()
    cands = [lang]
    if lang:
        cands.append(_PRIMARY.get(lang.split("-")[0], lang.split("-")[0]))
    cands.append("en-US")
    for c in cands:
        if c in seen:
            continue
        seen.add(c)
        layer = _load_file_layer(c)
        if layer is not None:
            out.append(layer)
    return out


class Locale:
    """Layered locale: style overrides first, then locale files."""

    def __init__(self, layers: list[LocaleLayer], lang: str, own_layers: int | None = None) -> None:
        self.layers = layers
        self.lang = lang
        #: the layers of the chosen language (the style's and its locale files), before
        #: the en-US fallback: a term's other forms are looked for there first
        self.own_layers = len(layers) if own_layers is None else own_layers
        self._cache: dict[tuple[str, str, bool], str | None] = {}
        #: cs:label's finished output per (term, form, plural, label element, sorting,
        #: title case allowed): labels render for every cite, most of them the same
        self.label_nodes: dict[tuple[str, str, bool, int, bool, bool], object] = {}

    def option(self, name: str) -> str | None:
        for layer in self.layers:
            if name in layer.options:
                return layer.options[name]
        return None

    @property
    def punctuation_in_quote(self) -> bool:
        return self.option("punctuation-in-quote") == "true"

    @property
    def limit_day_ordinals(self) -> bool:
        return self.option("limit-day-ordinals-to-day-1") == "true"

    def date_format(self, form: str) -> tuple[list[DatePart], str]:
        for layer in self.layers:
            if form in layer.dates:
                return layer.dates[form], layer.date_delims.get(form, "")
        return [], ""

    def _find(self, name: str, form: str) -> Term | None:
        return _find_in(self.layers, name, form)

    def term_entry(self, name: str, form: str = "long") -> Term | None:
        forms = [form]
        if form == "verb-short":
            forms += ["verb", "long"]
        elif form == "symbol":
            forms += ["short", "long"]
        elif form in ("short", "verb"):
            forms.append("long")
        # de-DE's short "Kap." before en-US's symbol "c." for a symbol "chapter":
        # every form in the chosen language first, then in the fallback (citeproc-js)
        for layers in (self.layers[: self.own_layers], self.layers[self.own_layers :]):
            for f in forms:
                t = _find_in(layers, name, f)
                if t is not None:
                    return t
        return None

    def term(self, name: str, form: str = "long", plural: bool = False) -> str | None:
        key = (name, form, plural)
        if key in self._cache:
            return self._cache[key]
        t = self.term_entry(name, form)
        val = None if t is None else (t.multiple if plural else t.single)
        self._cache[key] = val
        return val

    def gender(self, name: str) -> str:
        t = self._find(name, "long")
        return t.gender if t else ""

    def ordinal_suffix(self, n: int, gender: str = "") -> str:
        for layer in self.layers:
            if not layer.has_ordinals:
                continue
            got = _ordinal_in_layer(layer, n, gender)
            if got is not None:
                return got
        return ""

    def long_ordinal(self, n: int, gender: str = "") -> str | None:
        if 1 <= n <= 10:
            name = f"long-ordinal-{n:02d}"
            for layer in self.layers:
                lst = layer.terms.get((name, "long"))
                if lst:
                    return _pick_gender(lst, gender).single
        return None


def _find_in(layers: list[LocaleLayer], name: str, form: str) -> Term | None:
    for layer in layers:
        lst = layer.terms.get((name, form))
        if lst:
            for t in lst:
                if not t.gender_form:
                    return t
            return lst[0]
    return None


def _pick_gender(lst: list[Term], gender: str) -> Term:
    for t in lst:
        if t.gender_form == gender:
            return t
    for t in lst:
        if not t.gender_form:
            return t
    return lst[0]


def _ordinal_in_layer(layer: LocaleLayer, n: int, gender: str) -> str | None:
    def lookup(name: str, test: int, default_match: str) -> str | None:
        lst = layer.terms.get((name, "long"))
        if not lst:
            return None
        cands = [t for t in lst if t.gender_form == gender] or [t for t in lst if not t.gender_form]
        for t in cands:
            match = t.match or default_match
            if match == "whole-number" and n != test:
                continue
            if match == "last-two-digits" and n % 100 != test:
                continue
            if match == "last-digit" and n % 10 != test:
                continue
            return t.single
        return None

    if n < 100:
        got = lookup(f"ordinal-{n:02d}", n, "whole-number" if n >= 10 else "last-digit")
        if got is not None and n >= 10:
            return got
    got = lookup(f"ordinal-{n % 100:02d}", n % 100, "last-two-digits")
    if got is not None and n % 100 >= 10:
        return got
    got = lookup(f"ordinal-{n % 10:02d}", n % 10, "last-digit")
    if got is not None:
        return got
    lst = layer.terms.get(("ordinal", "long"))
    if lst:
        return _pick_gender(lst, gender).single
    return None


def build_locale(style_locales: list[etree._Element], lang: str) -> Locale:
    """Combine the style's ``<locale>`` overrides with the locale files."""
    base = lang.split("-")[0]
    exact: list[LocaleLayer] = []
    langonly: list[LocaleLayer] = []
    generic: list[LocaleLayer] = []
    for el in style_locales:
        ll = el.get(_XML_LANG, "")
        if not ll:
            generic.append(_parse_layer(el))
        elif ll == lang:
            exact.append(_parse_layer(el))
        elif ll == base:
            langonly.append(_parse_layer(el))
    files = _file_layers(lang)
    own = len(files)
    if files and not lang.startswith("en") and files[-1] is _load_file_layer("en-US"):
        own -= 1
    layers = exact + langonly + generic + files
    return Locale(layers, lang, len(exact + langonly + generic) + own)
