"""Output formats: each writes the rich-text tree (``refkit.cite.richtext.tree``).

An engine gives one ``RichText`` per entry or citation; ``convert`` writes it in the
format asked for with that format's backend (``refkit.cite.richtext``: text, HTML,
Markdown, LaTeX, reST, RTF), and ``join_entries`` puts written entries together into
one document.  Each backend escapes text for itself, so a value such as ``<script>``
in a title comes out as text, and only ``http``/``https`` addresses become links.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Literal, get_args

from refkit.cite.richtext import rtf
from refkit.cite.richtext.html import HtmlBackend
from refkit.cite.richtext.latex import LatexBackend
from refkit.cite.richtext.markdown import MarkdownBackend
from refkit.cite.richtext.rst import RstBackend
from refkit.cite.richtext.rtf import RtfBackend
from refkit.cite.richtext.text import write_text
from refkit.cite.richtext.tree import RichText

__all__ = ["FORMATS", "Format", "convert", "join_citations", "join_entries"]

Format = Literal["text", "html", "markdown", "latex", "rst", "rtf"]
FORMATS: tuple[str, ...] = get_args(Format)

_WRITERS: Mapping[str, Callable[[RichText], str]] = MappingProxyType(
    {
        "text": write_text,
        "html": HtmlBackend().write,
        "markdown": MarkdownBackend().write,
        "latex": LatexBackend().write,
        "rst": RstBackend().write,
        "rtf": RtfBackend().write,
    }
)


def convert(tree: RichText, fmt: Format) -> str:
    """One entry or citation in the format asked for."""
    return _WRITERS[fmt](tree)


def join_entries(entries: Sequence[str], fmt: Format) -> str:
    """Whole bibliography text: one entry per line (per paragraph where markup needs it)."""
    if fmt == "html":
        body = "\n".join(f'  <div class="csl-entry">{entry}</div>' for entry in entries)
        return f'<div class="csl-bib-body">\n{body}\n</div>'
    if fmt == "rtf":
        return rtf.document(entries)
    if fmt == "text":
        return "\n".join(entries)
    return "\n\n".join(entries)


def join_citations(citations: Sequence[str], fmt: Format) -> str:
    """Citations one per line (an RTF document: one paragraph each)."""
    if fmt == "rtf":
        return rtf.document(citations)
    return "\n".join(citations)
