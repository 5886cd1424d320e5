"""Markdown (CommonMark and Pandoc's): ``*italic*``, ``**bold**``, ``<sup>``/``<sub>``,
links as ``<https://...>``; every character Markdown could read as syntax escaped
(brackets, so ``[^1]`` is not a footnote; ``^`` and ``~``, Pandoc's super/subscript;
an ``&`` that would start an entity)."""

from __future__ import annotations

import re

from .links import safe_href
from .tree import Link, Style, Styled, plain_text
from .writer import Backend, outer_space

__all__ = ["MarkdownBackend"]

#: Markdown syntax in text: emphasis, code, HTML, tables, a heading at the start, link
#: ends (``](``), Pandoc's footnotes (``[^``), citations (``[@``, ``@key``), super- and
#: subscripts (``^``, ``~``), entities (``&amp;``)
_SPECIAL = re.compile(
    r"([\\`*_<>|^~]|\[(?=[\^@])|\](?=[(\[:])|^#|(?<!\w)@(?=\w)|&(?=#?\w+;))"
)
_MARKS = {Style.ITALIC: "*", Style.BOLD: "**"}
_TAGS = {Style.SUPERSCRIPT: "sup", Style.SUBSCRIPT: "sub"}


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def _autolink(href: str) -> str:
    # inside <...> a backslash is literal: the address is already percent-encoded
    return f"<{href}>"


class MarkdownBackend(Backend):
    def escape(self, text: str) -> str:
        return _escape(text)

    def bare_url(self, address: str) -> str:
        return _autolink(address)

    def styled(self, node: Styled, inner: str) -> str:
        if not inner.strip():
            return inner
        if node.style in _MARKS:
            mark = _MARKS[node.style]
            lead, core, trail = outer_space(inner)
            return f"{lead}{mark}{core}{mark}{trail}"
        if node.style in _TAGS:
            tag = _TAGS[node.style]
            return f"<{tag}>{inner}</{tag}>"
        return inner

    def link(self, node: Link) -> str:
        shown = plain_text(node)
        if safe_href(shown) == node.href:
            return _autolink(node.href)
        # a link labelled otherwise (pybtex's "doi:..."): its text, as Markdown
        # readers link a bare address but not every engine's label
        return self.content(node.children)
