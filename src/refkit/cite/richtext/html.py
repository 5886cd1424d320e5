"""HTML: ``<i>``, ``<b>``, ``<sup>``, ``<sub>``, ``<u>``, small caps as a styled span,
the left-margin label as ``<span class="csl-left-margin">``, links as ``<a href>``;
text escaped, so a value such as ``<script>`` in a title comes out as text."""

from __future__ import annotations

import html

from .links import safe_href
from .tree import Link, Style, Styled
from .writer import Backend

__all__ = ["HtmlBackend"]

_TAGS = {
    Style.ITALIC: "i",
    Style.BOLD: "b",
    Style.SUPERSCRIPT: "sup",
    Style.SUBSCRIPT: "sub",
    Style.UNDERLINE: "u",
}


class HtmlBackend(Backend):
    def escape(self, text: str) -> str:
        return _escape(text)

    def bare_url(self, address: str) -> str:
        return _anchor(safe_href(address), _escape(address))

    def styled(self, node: Styled, inner: str) -> str:
        if node.style is Style.SMALL_CAPS:
            return f'<span style="font-variant:small-caps">{inner}</span>'
        tag = _TAGS[node.style]
        return f"<{tag}>{inner}</{tag}>"

    def link(self, node: Link) -> str:
        inner = Plain().content(node.children)
        return _anchor(node.href, inner)

    def label(self, inner: str) -> str:
        return f'<span class="csl-left-margin">{inner}</span> '


class Plain(HtmlBackend):
    """HTML inside a link: no link within it."""

    def bare_url(self, address: str) -> str:
        return self.escape(address)


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _anchor(href: str, inner: str) -> str:
    return f'<a href="{html.escape(href, quote=True)}">{inner}</a>'
