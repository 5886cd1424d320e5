"""Rendering engines behind one interface: citeproc-py, pybtex, refkit's own CSL processor.

An engine takes CSL-JSON items (``refkit.cite.csljson``) and a resolved style, and gives
rich-text trees (``refkit.cite.richtext.tree``): ``bibliography`` one ``RichText`` per
entry in the style's order (its ``key`` the entry's key), ``citations`` one per cluster.
``refkit.cite.formats`` writes the trees in the output format.  refkit's processor
builds the trees itself; only the citeproc-py and pybtex adapters read HTML (their
libraries' output) into them.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from types import MappingProxyType, TracebackType
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from refkit.cite.csl import CitationProcessor, CiteCluster, CiteRef
from refkit.cite.richtext.html_reader import read_html
from refkit.cite.richtext.tree import Container, RichText, Text
from refkit.cite.styles import StyleRef, read_csl, validate_locale
from refkit.core.errors import InputError, RefkitError, UsageError

if TYPE_CHECKING:  # citeproc-py is imported when an engine first renders
    from citeproc import CitationStylesBibliography

__all__ = [
    "ENGINES",
    "CiteRequest",
    "CiteprocPyEngine",
    "Cluster",
    "Engine",
    "PybtexEngine",
    "RefkitEngine",
    "RenderError",
    "default_engine",
    "engine_named",
]

CslItems = Sequence[Mapping[str, Any]]


class RenderError(RefkitError):
    """An engine could not render with this style (an engine defect or unusable style)."""


@dataclass(frozen=True)
class CiteRequest:
    """One cite of a cluster: a key and an optional locator (``label`` is a CSL locator term)."""

    key: str
    locator: str = ""
    label: str = "page"
    prefix: str = ""
    suffix: str = ""


Cluster = tuple[CiteRequest, ...]


@runtime_checkable
class Engine(Protocol):
    """What every rendering engine does."""

    name: str

    def supports(self, style: StyleRef) -> bool:
        """Whether this engine can render ``style``."""
        ...

    def bibliography(
        self, items: CslItems, style: StyleRef, locale: str | None = None
    ) -> list[RichText]:
        """One tree per entry, in the style's order (``RichText.key``: its key)."""
        ...

    def citations(
        self,
        items: CslItems,
        clusters: Sequence[Cluster],
        style: StyleRef,
        locale: str | None = None,
    ) -> list[RichText]:
        """One tree per cluster."""
        ...


def _keys(items: CslItems) -> list[str]:
    return list(dict.fromkeys(str(item.get("id", "")) for item in items))


# -- citeproc-py ---------------------------------------------------------------------


class CiteprocPyEngine:
    """citeproc-py, with the corrections of ``citeproc_py_fixes`` applied."""

    name = "citeproc-py"

    def __init__(self, fixes: bool = True) -> None:
        self.fixes = fixes

    def supports(self, style: StyleRef) -> bool:
        return style.kind == "csl"

    def _bibliography_object(
        self, items: CslItems, style: StyleRef, locale: str | None
    ) -> tuple[CitationStylesBibliography, dict[str, str], bytes]:
        from citeproc import CitationStylesBibliography, CitationStylesStyle, formatter
        from citeproc.source.json import CiteProcJSON

        from refkit.cite import citeproc_py_fixes as fixes

        assert style.path is not None
        xml = read_csl(style.path)
        ids = fixes.surrogate_ids(_keys(items))
        prepared = fixes.prepare_items(items, ids, protect_case_names=self.fixes)
        try:
            csl_style = CitationStylesStyle(
                io.BytesIO(xml), locale=validate_locale(locale), validate=False
            )
        except ValueError as error:
            raise UsageError(str(error)) from None
        source = CiteProcJSON(prepared)
        chosen = fixes.MarkedFormatter if self.fixes else formatter.html
        return CitationStylesBibliography(csl_style, source, chosen), ids, xml

    def bibliography(
        self, items: CslItems, style: StyleRef, locale: str | None = None
    ) -> list[RichText]:
        entries = self._entries(items, style, locale)
        return [read_html(text, Container.ENTRY, key) for key, text in entries]

    def citations(
        self,
        items: CslItems,
        clusters: Sequence[Cluster],
        style: StyleRef,
        locale: str | None = None,
    ) -> list[RichText]:
        return [
            read_html(text, Container.CITATION)
            for text in self._citations(items, clusters, style, locale)
        ]

    def _entries(
        self, items: CslItems, style: StyleRef, locale: str | None
    ) -> list[tuple[str, str]]:
        """``(key, html)`` per entry."""
        from citeproc import Citation, CitationItem

        from refkit.cite import citeproc_py_fixes as fixes

        with self._guard(style):
            bibliography, ids, xml = self._bibliography_object(items, style, locale)
            if not bibliography.style.has_bibliography():
                # A note style without a bibliography: each entry as its first full note.
                clusters = [(CiteRequest(key),) for key in ids]
                notes = self._citations(items, clusters, style, locale)
                return [(key, text) for key, text in zip(ids, notes, strict=True) if text]
            back = {value: key for key, value in ids.items()}
            for surrogate in ids.values():
                bibliography.register(Citation([CitationItem(surrogate)]))
            bibliography.sort()
            keys: list[str] = []
            rendered: list[str] = []
            for item in bibliography.items:
                # One at a time: citeproc-py drops entries that render to nothing,
                # which would shift every later key.
                texts = bibliography.style.render_bibliography([item])
                if texts and str(texts[0]).strip():
                    keys.append(back[item.key])
                    rendered.append(str(texts[0]))
        if not self.fixes:
            return list(zip(keys, rendered, strict=True))
        rendered = [fixes.marked_to_html(text) for text in rendered]
        american = fixes.punctuation_in_quote(xml, locale)
        result = []
        for key, text in zip(keys, rendered, strict=True):
            if american:
                text = fixes.move_punctuation_into_quotes(text)
            result.append((key, fixes.separate_label(fixes.collapse_punctuation(text))))
        return result

    def _citations(
        self,
        items: CslItems,
        clusters: Sequence[Cluster],
        style: StyleRef,
        locale: str | None,
    ) -> list[str]:
        """One HTML string per cluster."""
        from citeproc import Citation, CitationItem, Locator

        from refkit.cite import citeproc_py_fixes as fixes

        with self._guard(style):
            bibliography, ids, xml = self._bibliography_object(items, style, locale)
            citations = []
            for cluster in clusters:
                cites = []
                for cite in cluster:
                    if cite.key not in ids:
                        raise UsageError(f"no entry with key {cite.key!r}")
                    extra: dict[str, Locator | str] = {}
                    if cite.locator:
                        extra["locator"] = Locator(cite.label, cite.locator)
                    if cite.prefix:
                        extra["prefix"] = cite.prefix
                    if cite.suffix:
                        extra["suffix"] = cite.suffix
                    cites.append(CitationItem(ids[cite.key], **extra))
                citation = Citation(cites)
                bibliography.register(citation)
                citations.append(citation)
            if bibliography.style.has_bibliography():
                bibliography.sort()
            rendered = [str(bibliography.cite(citation, _ignore)) for citation in citations]
        if self.fixes:
            rendered = [fixes.collapse_punctuation(fixes.marked_to_html(t)) for t in rendered]
        if self.fixes and fixes.punctuation_in_quote(xml, locale):
            rendered = [fixes.move_punctuation_into_quotes(text) for text in rendered]
        return rendered

    def _guard(self, style: StyleRef) -> _CiteprocGuard:
        return _CiteprocGuard(style, self.fixes)


def _ignore(_item: object) -> None:
    return None


class _CiteprocGuard:
    """Applies the fixes and turns citeproc-py's internal errors into RenderError."""

    def __init__(self, style: StyleRef, fixes: bool) -> None:
        self.style = style
        self.fixes = fixes
        self._context: AbstractContextManager[None] | None = None

    def __enter__(self) -> None:
        if self.fixes:
            from refkit.cite.citeproc_py_fixes import patched

            self._context = patched()
            self._context.__enter__()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._context is not None:
            self._context.__exit__(kind, value, trace)
        if isinstance(value, Exception) and not isinstance(value, RefkitError):
            raise RenderError(
                f"citeproc-py cannot render style {self.style.name!r} "
                f"({type(value).__name__}: {value}); try --engine refkit"
            ) from value


# -- refkit's own CSL processor -----------------------------------------------------


class RefkitEngine:
    """refkit's own CSL processor (``refkit.cite.csl.CitationProcessor``), which builds
    the trees directly (each text run knows the variable or term it renders)."""

    name = "refkit"

    def supports(self, style: StyleRef) -> bool:
        return style.kind == "csl"

    def _processor(self, style: StyleRef, locale: str | None) -> CitationProcessor:
        assert style.path is not None
        xml = read_csl(style.path).decode("utf-8")
        xml = re.sub(r"^<\?xml[^>]*\?>\s*", "", xml)
        try:
            return CitationProcessor(xml, locale=validate_locale(locale), output="html")
        except RefkitError:
            raise
        except Exception as error:
            raise RenderError(f"refkit cannot load style {style.name!r}: {error}") from error

    def bibliography(
        self, items: CslItems, style: StyleRef, locale: str | None = None
    ) -> list[RichText]:
        processor = self._processor(style, locale)
        try:
            return processor.bibliography_tree(_unique(items))
        except RefkitError:
            raise
        except Exception as error:
            raise RenderError(f"refkit cannot render with {style.name!r}: {error}") from error

    def citations(
        self,
        items: CslItems,
        clusters: Sequence[Cluster],
        style: StyleRef,
        locale: str | None = None,
    ) -> list[RichText]:
        processor = self._processor(style, locale)
        unique = _unique(items)
        known = set(_keys(unique))
        typed = []
        for number, cluster in enumerate(clusters, start=1):
            for cite in cluster:
                if cite.key not in known:
                    raise UsageError(f"no entry with key {cite.key!r}")
            refs = [
                CiteRef(
                    cite.key,
                    locator=cite.locator.strip(),
                    label=cite.label if cite.locator else "",
                    prefix=cite.prefix,
                    suffix=cite.suffix,
                )
                for cite in cluster
            ]
            typed.append(CiteCluster(f"c{number}", number, refs))
        try:
            return processor.citation_trees(unique, typed)
        except RefkitError:
            raise
        except Exception as error:
            raise RenderError(f"refkit cannot cite with {style.name!r}: {error}") from error


def _unique(items: CslItems) -> list[Mapping[str, Any]]:
    seen: set[str] = set()
    result = []
    for item in items:
        key = str(item.get("id", ""))
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result


# -- pybtex --------------------------------------------------------------------------


class PybtexEngine:
    """pybtex's BibTeX styles (plain, unsrt, alpha), fed through the BibTeX data model."""

    name = "pybtex"

    def supports(self, style: StyleRef) -> bool:
        return style.kind == "bibtex"

    def _formatted(self, items: CslItems, style: StyleRef) -> list[tuple[str, str, str]]:
        """``(key, label, html)`` per entry."""
        from pybtex.backends.html import Backend
        from pybtex.database import BibliographyData, Person
        from pybtex.database import Entry as PybtexEntry
        from pybtex.exceptions import PybtexError
        from pybtex.plugin import find_plugin

        from refkit.cite.csljson import csl_to_entry

        if not style.is_bibtex:
            raise UsageError(f"pybtex renders BibTeX styles only, not {style.name!r}")
        from refkit.bib.model import MONTH_MACROS

        unique = _unique(items)
        ids = _pybtex_keys([str(item.get("id", "")) for item in unique])
        back = {value: key for key, value in ids.items()}
        data = BibliographyData()
        for item in unique:
            entry = csl_to_entry(item, "bibtex", ids[str(item.get("id", ""))])
            fields: dict[str, str] = {}
            persons: dict[str, list[Person]] = {}
            for field in entry.fields:
                if field.key in {"author", "editor"}:
                    from refkit.bib.names import split_names

                    persons[field.key] = [
                        Person(_pybtex_braces(name)) for name in split_names(field.value)
                    ]
                elif field.key == "howpublished" and field.value.startswith("\\url{"):
                    continue
                elif field.key == "month" and field.value in MONTH_MACROS:
                    fields[field.name] = MONTH_MACROS[field.value]
                else:
                    fields[field.name] = _pybtex_braces(field.value)
            data.add_entry(entry.key, PybtexEntry(entry.type, fields=fields, persons=persons))
        style_name = style.name.split(":", 1)[1]
        pybtex_style = _with_et_al(find_plugin("pybtex.style.formatting", style_name))()
        backend = Backend()
        result = []
        ordered = list(pybtex_style.sort(list(data.entries.values())))
        labels = list(pybtex_style.format_labels(ordered))
        for entry, label in zip(ordered, labels, strict=True):
            try:
                try:
                    formatted = pybtex_style.format_entry(label, entry)
                except Exception:
                    # A required field is missing for this BibTeX type: render it as misc.
                    entry.type = "misc"
                    formatted = pybtex_style.format_entry(label, entry)
                text = formatted.text.render(backend)
            except PybtexError as error:
                raise InputError(
                    f"pybtex cannot render entry {back[entry.key]!r}: {error}"
                ) from None
            result.append((back[entry.key], label, _strip_latex(text)))
        return result

    def bibliography(
        self, items: CslItems, style: StyleRef, locale: str | None = None
    ) -> list[RichText]:
        return [
            read_html(
                f'<div class="csl-left-margin">[{html.escape(label)}]</div>{text}',
                Container.ENTRY,
                key,
            )
            for key, label, text in self._formatted(items, style)
        ]

    def citations(
        self,
        items: CslItems,
        clusters: Sequence[Cluster],
        style: StyleRef,
        locale: str | None = None,
    ) -> list[RichText]:
        labels = {key: label for key, label, _text in self._formatted(items, style)}
        result = []
        for cluster in clusters:
            parts = []
            for cite in cluster:
                if cite.key not in labels:
                    raise UsageError(f"no entry with key {cite.key!r}")
                part = labels[cite.key]
                if cite.locator:
                    part += f", {_LOCATOR_ABBREVIATIONS.get(cite.label, cite.label)} {cite.locator}"
                parts.append(part)
            result.append(RichText((Text("[" + "; ".join(parts) + "]"),), Container.CITATION))
        return result


def _with_et_al(style_class: Any) -> Any:
    """A pybtex style whose name lists end BibTeX's ``and others`` with "et al.".

    pybtex formats the person ``others`` as a name ("Latonero and others"); the
    ``.bst`` styles it follows print " et~al." (plain.bst's ``format.names``: "Latonero
    et~al.", "Latonero, Smith, et~al."), as its own alpha labels already read it ("L+").
    """
    from pybtex.richtext import Text as PybtexText
    from pybtex.style.template import FieldIsMissing, join, node, sentence

    @node  # type: ignore[untyped-decorator]
    def names_et_al(children: Any, context: Any, role: str, **kwargs: Any) -> Any:
        try:
            persons = context["entry"].persons[role]
        except KeyError:
            raise FieldIsMissing(role, context["entry"]) from None
        style = context["style"]
        others = len(persons) > 1 and str(persons[-1]) == "others"
        shown = persons[:-1] if others else persons
        formatted = [style.format_name(person, style.abbreviate_names) for person in shown]
        if not others:
            return join(**kwargs)[formatted].format_data(context)
        listed = join(sep=kwargs.get("sep", ", "))[formatted].format_data(context)
        return PybtexText(listed, ", " if len(shown) > 1 else " ", "et al.")

    class EtAlStyle(style_class):  # type: ignore[misc]
        def format_names(self, role: str, as_sentence: bool = True) -> Any:
            formatted = names_et_al(role, sep=", ", sep2=" and ", last_sep=", and ")
            return sentence[formatted] if as_sentence else formatted

    return EtAlStyle


def _pybtex_keys(keys: Sequence[str]) -> dict[str, str]:
    """Keys pybtex can hold: its keys are case-insensitive and must be BibTeX keys."""
    result: dict[str, str] = {}
    used: set[str] = set()
    for index, key in enumerate(keys):
        safe = re.sub(r"[\s,{}()=\"#%'\\]", "", key) or f"k{index}"
        candidate = safe
        while candidate.lower() in used:
            candidate = f"{safe}-{index}"
            index += 1
        used.add(candidate.lower())
        result[key] = candidate
    return result


_LOCATOR_ABBREVIATIONS: Mapping[str, str] = MappingProxyType(
    {
        "page": "p.",
        "chapter": "ch.",
        "section": "sec.",
        "paragraph": "para.",
        "volume": "vol.",
        "figure": "fig.",
        "note": "n.",
        "line": "l.",
    }
)


def _pybtex_braces(value: str) -> str:
    """``value`` with escaped braces spelt as commands when pybtex would miscount them:
    pybtex counts ``\\{`` as a brace, so ``{\\{}`` is "unbalanced" to it."""
    if "\\{" not in value and "\\}" not in value:
        return value
    return value.replace("\\{", "\\textbraceleft{}").replace("\\}", "\\textbraceright{}")


def _strip_latex(text: str) -> str:
    """Decode LaTeX that pybtex left in its output (``\\url``, accents, ``\\&``)."""
    if "\\" not in text and "{" not in text:
        return text
    from refkit.cite.latex_text import latex_to_text

    pieces = re.split(r"(<[^>]+>)", text)
    return "".join(
        piece if piece.startswith("<") else html.escape(latex_to_text(html.unescape(piece)), False)
        for piece in pieces
    )


# -- choosing ------------------------------------------------------------------------

ENGINES: Mapping[str, type[CiteprocPyEngine] | type[PybtexEngine] | type[RefkitEngine]] = (
    MappingProxyType(
        {
            "refkit": RefkitEngine,
            "citeproc-py": CiteprocPyEngine,
            "pybtex": PybtexEngine,
        }
    )
)


def engine_named(name: str) -> Engine:
    """The engine called ``name`` (refkit, citeproc-py, pybtex)."""
    try:
        engine: Engine = ENGINES[name]()
    except KeyError:
        raise UsageError(f"unknown engine {name!r} (known: {', '.join(ENGINES)})") from None
    return engine


def default_engine(style: StyleRef) -> Engine:
    """pybtex for BibTeX styles, refkit's own CSL processor for CSL styles."""
    if style.is_bibtex:
        return PybtexEngine()
    return RefkitEngine()
