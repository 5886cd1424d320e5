"""reStructuredText: ``*italic*``, ``**bold**``, ``:sup:`` and ``:sub:`` roles, bare
URLs (which docutils links); inline markup separated from the next word by an escaped
space where reST needs it."""

from __future__ import annotations

import re

from .links import safe_href
from .tree import Link, RichText, Style, Styled, plain_text
from .writer import Backend, outer_space, tidy_space

__all__ = ["RstBackend"]

_SPECIAL = re.compile(r"([\\`*_|])")
_MARKS = {Style.ITALIC: "*", Style.BOLD: "**"}
_ROLES = {Style.SUPERSCRIPT: "sup", Style.SUBSCRIPT: "sub"}
#: an escaped space before a space, punctuation or the end is not needed
_NEEDLESS_GAP = re.compile(r"\\ (?=[\s.,;:!?)\]]|$)")


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


class RstBackend(Backend):
    def write(self, tree: RichText) -> str:
        return tidy_space(_NEEDLESS_GAP.sub("", self.content(tree.children)))

    def escape(self, text: str) -> str:
        return _escape(text)

    def bare_url(self, address: str) -> str:
        return address

    def styled(self, node: Styled, inner: str) -> str:
        if not inner.strip():
            return inner
        if node.style in _MARKS:
            mark = _MARKS[node.style]
            lead, core, trail = outer_space(inner)
            # inline markup must be followed by a space or punctuation: a backslash-space does it
            return f"{lead}{mark}{core}{mark}\\ {trail}"
        if node.style in _ROLES:
            return f":{_ROLES[node.style]}:`{inner}`\\ "
        return inner

    def link(self, node: Link) -> str:
        shown = plain_text(node)
        if safe_href(shown) == node.href:
            return shown
        return self.content(node.children)
