"""LaTeX: ``\\emph``, ``\\textbf``, ``\\textsc``, ``\\textsuperscript``,
``\\textsubscript``, ``\\underline``; URLs as ``\\url``; every character LaTeX treats
specially escaped (``\\&``, ``\\%``, ``\\textasciitilde{}``, ``\\textless{}``, ...), a
no-break space as ``~``."""

from __future__ import annotations

import re

from .links import safe_href
from .tree import Link, Style, Styled, plain_text
from .writer import Backend

__all__ = ["LatexBackend", "latex_escape"]

_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
        "<": r"\textless{}",
        ">": r"\textgreater{}",
        "\u00a0": "~",
    }
)
_COMMANDS = {
    Style.ITALIC: "emph",
    Style.BOLD: "textbf",
    Style.SMALL_CAPS: "textsc",
    Style.SUPERSCRIPT: "textsuperscript",
    Style.SUBSCRIPT: "textsubscript",
    Style.UNDERLINE: "underline",
}
#: what \url needs escaped (it reads the rest verbatim)
_URL_SPECIAL = re.compile(r"([%#{}\\])")


def latex_escape(text: str) -> str:
    """``text`` as LaTeX source that typesets it."""
    return text.translate(_ESCAPES)


def _url(address: str) -> str:
    return "\\url{" + _URL_SPECIAL.sub(r"\\\1", address) + "}"


class LatexBackend(Backend):
    def escape(self, text: str) -> str:
        return latex_escape(text)

    def bare_url(self, address: str) -> str:
        return _url(address)

    def styled(self, node: Styled, inner: str) -> str:
        if not inner.strip():
            return inner
        return f"\\{_COMMANDS[node.style]}{{{inner}}}"

    def link(self, node: Link) -> str:
        shown = plain_text(node)
        if safe_href(shown) == node.href:
            return _url(shown)
        # a link labelled otherwise: its text (\\href would need hyperref)
        return self.content(node.children)
