"""Rendering engines behind one interface: citeproc-py, pybtex, refkit's own CSL processor.

An engine takes CSL-JSON items (``refkit.cite.csljson``) and a resolved style, and gives
HTML fragments: ``bibliography`` one ``(key, html)`` per entry in the style's order,
``citations`` one string per cluster.  ``refkit.cite.formats`` turns the HTML into
the output format, so engines never escape for anything but HTML.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from refkit.cite.richtext.tree import RichText
from refkit.cite.styles import StyleRef, read_csl, validate_locale
from refkit.core.errors import RefkitError, UsageError

if TYPE_CHECKING:
    from refkit.cite.csl import CitationProcessor

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
    "refkit_engine_available",
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
    ) -> list[tuple[str, str]]:
        """``(key, html)`` per entry, in the style's order."""
        ...

    def citations(
        self,
        items: CslItems,
        clusters: Sequence[Cluster],
        style: StyleRef,
        locale: str | None = None,
    ) -> list[str]:
        """One HTML string per cluster."""
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
    ) -> tuple[Any, dict[str, str], bytes]:
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
    ) -> list[tuple[str, str]]:
        from citeproc import Citation, CitationItem

        from refkit.cite import citeproc_py_fixes as fixes

        with self._guard(style):
            bibliography, ids, xml = self._bibliography_object(items, style, locale)
            if not bibliography.style.has_bibliography():
                # A note style without a bibliography: each entry as its first full note.
                clusters = [(CiteRequest(key),) for key in ids]
                notes = self.citations(items, clusters, style, locale)
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

    def citations(
        self,
        items: CslItems,
        clusters: Sequence[Cluster],
        style: StyleRef,
        locale: str | None = None,
    ) -> list[str]:
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
                    extra: dict[str, Any] = {}
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
        self._context: Any = None

    def __enter__(self) -> None:
        if self.fixes:
            from refkit.cite.citeproc_py_fixes import patched

            self._context = patched()
            self._context.__enter__()

    def __exit__(self, kind: Any, value: Any, trace: Any) -> None:
        if self._context is not None:
            self._context.__exit__(kind, value, trace)
        if isinstance(value, Exception) and not isinstance(value, RefkitError):
            raise RenderError(
                f"citeproc-py cannot render style {self.style.name!r} "
                f"({type(value).__name__}: {value}); try --engine refkit"
            ) from value


# -- refkit's own CSL processor -----------------------------------------------------


def refkit_engine_available() -> bool:
    """Whether ``refkit.cite.csl.CitationProcessor`` can be imported."""
    try:
        from refkit.cite.csl import CitationProcessor  # noqa: F401
    except Exception:
        return False
    return True


class RefkitEngine:
    """Adapter to refkit's own CSL processor (``refkit.cite.csl.CitationProcessor``)."""

    name = "refkit"

    def supports(self, style: StyleRef) -> bool:
        return style.kind == "csl" and refkit_engine_available()

    def _processor(self, style: StyleRef, locale: str | None) -> CitationProcessor:
        try:
            from refkit.cite.csl import CitationProcessor
        except Exception as error:
            raise RenderError(f"refkit's CSL processor is not available: {error}") from None
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
    ) -> list[tuple[str, str]]:
        processor = self._processor(style, locale)
        unique = _unique(items)
        try:
            if hasattr(processor, "session"):
                # The session knows each entry's key; the public call gives text only.
                # (An item whose entry renders nothing is left out, so keys come with
                # their entries rather than from the sort order.)
                session = processor.session(unique)
                pairs = [(str(k), str(processor.to_str(n))) for k, n in session.bib_items()]
                order = [key for key, _ in pairs]
                rendered = [text for _, text in pairs]
            else:  # pragma: no cover - only the public API: match entries to keys
                order, rendered = _keys_by_matching(processor, unique)
        except RefkitError:
            raise
        except Exception as error:
            raise RenderError(f"refkit cannot render with {style.name!r}: {error}") from error
        if len(order) != len(rendered):
            order, rendered = _keys_by_matching(processor, unique)
        return list(zip(order, rendered, strict=True))

    def bibliography_tree(
        self, items: CslItems, style: StyleRef, locale: str | None = None
    ) -> list[RichText]:
        """The entries as rich-text trees (``RichText.key``: the entry's key)."""
        processor = self._processor(style, locale)
        try:
            return processor.bibliography_tree(_unique(items))
        except RefkitError:
            raise
        except Exception as error:
            raise RenderError(f"refkit cannot render with {style.name!r}: {error}") from error

    def citation_trees(
        self,
        items: CslItems,
        clusters: Sequence[Cluster],
        style: StyleRef,
        locale: str | None = None,
    ) -> list[RichText]:
        """The clusters as rich-text trees."""
        processor = self._processor(style, locale)
        unique = _unique(items)
        try:
            return processor.citation_trees(unique, self._payload(unique, clusters))
        except RefkitError:
            raise
        except Exception as error:
            raise RenderError(f"refkit cannot cite with {style.name!r}: {error}") from error

    def citations(
        self,
        items: CslItems,
        clusters: Sequence[Cluster],
        style: StyleRef,
        locale: str | None = None,
    ) -> list[str]:
        processor = self._processor(style, locale)
        unique = _unique(items)
        payload = self._payload(unique, clusters)
        try:
            return [str(text) for text in processor.cite_clusters(unique, payload)]
        except Exception as error:
            raise RenderError(f"refkit cannot cite with {style.name!r}: {error}") from error

    def _payload(
        self, unique: Sequence[Mapping[str, Any]], clusters: Sequence[Cluster]
    ) -> list[dict[str, Any]]:
        known = set(_keys(unique))
        payload = []
        for number, cluster in enumerate(clusters, start=1):
            cites = []
            for cite in cluster:
                if cite.key not in known:
                    raise UsageError(f"no entry with key {cite.key!r}")
                entry: dict[str, Any] = {"id": cite.key}
                if cite.locator:
                    entry["locator"] = cite.locator
                    entry["label"] = cite.label
                if cite.prefix:
                    entry["prefix"] = cite.prefix
                if cite.suffix:
                    entry["suffix"] = cite.suffix
                cites.append(entry)
            payload.append({"id": f"c{number}", "note_index": number, "items": cites})
        return payload


def _keys_by_matching(
    processor: Any, items: Sequence[Mapping[str, Any]]
) -> tuple[list[str], list[str]]:
    """Keys for ``processor.bibliography(items)`` found by rendering each item alone."""
    texts = [str(text) for text in processor.bibliography(items)]
    alone: dict[str, str] = {}
    for key in _keys(items):
        single = processor.bibliography(items, cited=[key])
        if single:
            alone.setdefault(str(single[0]), key)
    keys = [alone.get(text, "") for text in texts]
    return keys, texts


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
            persons: dict[str, list[Any]] = {}
            for field in entry.fields:
                if field.key in {"author", "editor"}:
                    from refkit.bib.names import split_names

                    persons[field.key] = [Person(name) for name in split_names(field.value)]
                elif field.key == "howpublished" and field.value.startswith("\\url{"):
                    continue
                elif field.key == "month" and field.value in MONTH_MACROS:
                    fields[field.name] = MONTH_MACROS[field.value]
                else:
                    fields[field.name] = field.value
            data.add_entry(entry.key, PybtexEntry(entry.type, fields=fields, persons=persons))
        style_name = style.name.split(":", 1)[1]
        pybtex_style = find_plugin("pybtex.style.formatting", style_name)()
        backend = Backend()
        result = []
        ordered = list(pybtex_style.sort(list(data.entries.values())))
        labels = list(pybtex_style.format_labels(ordered))
        for entry, label in zip(ordered, labels, strict=True):
            try:
                formatted = pybtex_style.format_entry(label, entry)
            except Exception:
                # A required field is missing for this BibTeX type: render it as misc.
                entry.type = "misc"
                formatted = pybtex_style.format_entry(label, entry)
            text = formatted.text.render(backend)
            result.append((back[entry.key], label, _strip_latex(text)))
        return result

    def bibliography(
        self, items: CslItems, style: StyleRef, locale: str | None = None
    ) -> list[tuple[str, str]]:
        return [
            (key, f'<div class="csl-left-margin">[{html.escape(label)}]</div>{text}')
            for key, label, text in self._formatted(items, style)
        ]

    def citations(
        self,
        items: CslItems,
        clusters: Sequence[Cluster],
        style: StyleRef,
        locale: str | None = None,
    ) -> list[str]:
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
                parts.append(html.escape(part))
            result.append("[" + "; ".join(parts) + "]")
        return result


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


def _strip_latex(text: str) -> str:
    """Decode LaTeX that pybtex left in its output (``\\url``, accents, ``\\&``)."""
    if "\\" not in text and "{" not in text:
        return text
    from refkit.bib.latex import to_unicode

    pieces = re.split(r"(<[^>]+>)", text)
    return "".join(
        piece if piece.startswith("<") else html.escape(to_unicode(html.unescape(piece)), False)
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
    """pybtex for BibTeX styles; refkit's own CSL processor for CSL styles (citeproc-py
    only when refkit.cite.csl cannot be imported)."""
    if style.is_bibtex:
        return PybtexEngine()
    if refkit_engine_available():
        return RefkitEngine()
    return CiteprocPyEngine()
