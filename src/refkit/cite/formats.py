"""Output formats: every engine gives HTML; this module turns it into the format asked for.

The engines' HTML is read into a small rich-text tree that keeps only what a citation
needs (italic, bold, small caps, super/subscript, links, the left-margin label) and
throws away every other tag.  Each format then writes that tree out and escapes text
for itself, so a value such as ``<script>`` in a title comes out as text, and only
``http``/``https`` addresses become links (never ``javascript:``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Literal, get_args

__all__ = ["FORMATS", "Format", "Node", "convert", "join_entries", "parse_html", "safe_href"]

Format = Literal["text", "html", "markdown", "latex", "rst"]
FORMATS: tuple[str, ...] = get_args(Format)

#: Tags kept from engine HTML and the style each stands for.
_STYLES = {
    "i": "italic",
    "em": "italic",
    "b": "bold",
    "strong": "bold",
    "sup": "sup",
    "sub": "sub",
    "u": "underline",
}
_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)\]'’”]")
_SAFE_SCHEMES = ("http://", "https://")


@dataclass
class Node:
    """A run of rich text: a style ("" for none), text and children in order."""

    style: str = ""
    href: str = ""
    children: list[Node | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node()
        self.stack: list[tuple[str, Node]] = [("", self.root)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        style = _STYLES.get(tag, "")
        href = ""
        if tag == "span" and "small-caps" in values.get("style", "").replace(" ", ""):
            style = "smallcaps"
        elif tag == "a":
            href = safe_href(values.get("href", ""))
            style = "link" if href else ""
        elif tag == "div" and "csl-left-margin" in values.get("class", ""):
            style = "label"
        elif tag == "div" and values.get("class", "").startswith("csl-"):
            style = "block"
        if tag in {"br", "img", "hr", "meta", "link", "input"}:
            return
        node = Node(style, href)
        self.stack[-1][1].children.append(node)
        self.stack.append((tag, node))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self.stack[-1][0] in {"script", "style"}:
            return
        self.stack[-1][1].children.append(data)


def safe_href(href: str) -> str:
    """``href`` when it is an http(s) address, else "" (no script or data links)."""
    cleaned = "".join(char for char in href.strip() if char.isprintable() and not char.isspace())
    return cleaned if cleaned.lower().startswith(_SAFE_SCHEMES) else ""


def parse_html(fragment: str) -> Node:
    """An engine's HTML as a rich-text tree (unknown tags dropped, their text kept)."""
    builder = _TreeBuilder()
    builder.feed(fragment)
    builder.close()
    return builder.root


def convert(fragment: str, fmt: Format) -> str:
    """One entry or citation, given as engine HTML, in the format asked for."""
    tree = parse_html(fragment)
    writer = _WRITERS[fmt]
    return _tidy(writer(tree), fmt)


def join_entries(entries: list[str], fmt: Format) -> str:
    """Whole bibliography text: one entry per line (per paragraph where markup needs it)."""
    if fmt == "html":
        body = "\n".join(f'  <div class="csl-entry">{entry}</div>' for entry in entries)
        return f'<div class="csl-bib-body">\n{body}\n</div>'
    if fmt == "text":
        return "\n".join(entries)
    return "\n\n".join(entries)


def _tidy(text: str, fmt: Format) -> str:
    text = re.sub(r"[ \t\r\n]+", " ", text).strip()
    if fmt != "html":
        text = text.replace("\u00a0", " ") if fmt == "text" else text
    return text


def _text_of(node: Node) -> str:
    return "".join(child if isinstance(child, str) else _text_of(child) for child in node.children)


def _walk(node: Node, text: Callable[[str], str], wrap: Callable[[Node, str], str]) -> str:
    """Write a tree: ``text`` escapes runs of text, ``wrap`` styles a node's content."""
    inner = "".join(
        text(child) if isinstance(child, str) else _walk(child, text, wrap)
        for child in node.children
    )
    return wrap(node, inner)


def _label_gap(node: Node, inner: str) -> str:
    return inner.strip() + " " if node.style == "label" else inner


# -- text ----------------------------------------------------------------------------


def _write_text(tree: Node) -> str:
    return _walk(tree, lambda run: run, _label_gap)


# -- html ----------------------------------------------------------------------------

_HTML_TAGS = {"italic": "i", "bold": "b", "sup": "sup", "sub": "sub", "underline": "u"}


def _html_run(run: str) -> str:
    pieces: list[str] = []
    pos = 0
    for match in _URL.finditer(run):
        pieces.append(html.escape(run[pos : match.start()], quote=False))
        url = match.group(0)
        shown = html.escape(url, quote=False)
        pieces.append(f'<a href="{html.escape(url, quote=True)}">{shown}</a>')
        pos = match.end()
    pieces.append(html.escape(run[pos:], quote=False))
    return "".join(pieces)


def _html_wrap(node: Node, inner: str) -> str:
    if node.style in _HTML_TAGS:
        tag = _HTML_TAGS[node.style]
        return f"<{tag}>{inner}</{tag}>"
    if node.style == "smallcaps":
        return f'<span style="font-variant:small-caps">{inner}</span>'
    if node.style == "label":
        return f'<span class="csl-left-margin">{inner.strip()}</span> '
    if node.style == "link":
        if "<a " in inner:
            return inner
        return f'<a href="{html.escape(node.href, quote=True)}">{inner}</a>'
    return inner


def _write_html(tree: Node) -> str:
    return _walk(tree, _html_run, _html_wrap)


# -- markdown ------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_<>|]|\](?=[(\[:])|^#)")


def _md_run(run: str) -> str:
    pieces: list[str] = []
    pos = 0
    for match in _URL.finditer(run):
        pieces.append(_MD_SPECIAL.sub(r"\\\1", run[pos : match.start()]))
        pieces.append(f"<{match.group(0)}>")
        pos = match.end()
    pieces.append(_MD_SPECIAL.sub(r"\\\1", run[pos:]))
    return "".join(pieces)


def _md_wrap(node: Node, inner: str) -> str:
    if not inner.strip():
        return inner
    marks = {"italic": "*", "bold": "**"}
    if node.style in marks:
        mark = marks[node.style]
        lead = inner[: len(inner) - len(inner.lstrip())]
        trail = inner[len(inner.rstrip()) :]
        return f"{lead}{mark}{inner.strip()}{mark}{trail}"
    if node.style == "sup":
        return f"<sup>{inner}</sup>"
    if node.style == "sub":
        return f"<sub>{inner}</sub>"
    return _label_gap(node, inner)


def _write_markdown(tree: Node) -> str:
    return _walk(tree, _md_run, _md_wrap)


# -- latex ---------------------------------------------------------------------------

_LATEX_ESCAPES = {
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
    "\u00a0": "~",
}


def _latex_escape(text: str) -> str:
    return "".join(_LATEX_ESCAPES.get(char, char) for char in text)


def _latex_run(run: str) -> str:
    pieces: list[str] = []
    pos = 0
    for match in _URL.finditer(run):
        pieces.append(_latex_escape(run[pos : match.start()]))
        url = re.sub(r"([%#{}\\])", r"\\\1", match.group(0))
        pieces.append(f"\\url{{{url}}}")
        pos = match.end()
    pieces.append(_latex_escape(run[pos:]))
    return "".join(pieces)


def _latex_wrap(node: Node, inner: str) -> str:
    commands = {
        "italic": "emph",
        "bold": "textbf",
        "smallcaps": "textsc",
        "sup": "textsuperscript",
        "sub": "textsubscript",
        "underline": "underline",
    }
    if node.style in commands and inner.strip():
        return f"\\{commands[node.style]}{{{inner}}}"
    return _label_gap(node, inner)


def _write_latex(tree: Node) -> str:
    return _walk(tree, _latex_run, _latex_wrap)


# -- reStructuredText ----------------------------------------------------------------

_RST_SPECIAL = re.compile(r"([\\`*_|])")


def _rst_run(run: str) -> str:
    pieces: list[str] = []
    pos = 0
    for match in _URL.finditer(run):
        pieces.append(_RST_SPECIAL.sub(r"\\\1", run[pos : match.start()]))
        pieces.append(match.group(0))
        pos = match.end()
    pieces.append(_RST_SPECIAL.sub(r"\\\1", run[pos:]))
    return "".join(pieces)


def _rst_wrap(node: Node, inner: str) -> str:
    marks = {"italic": "*", "bold": "**"}
    if node.style in marks and inner.strip():
        mark = marks[node.style]
        lead = inner[: len(inner) - len(inner.lstrip())]
        trail = inner[len(inner.rstrip()) :]
        # inline markup must be followed by a space or punctuation: a backslash-space does it
        return f"{lead}{mark}{inner.strip()}{mark}\\ {trail}"
    if node.style == "sup" and inner.strip():
        return f":sup:`{inner}`\\ "
    if node.style == "sub" and inner.strip():
        return f":sub:`{inner}`\\ "
    return _label_gap(node, inner)


def _write_rst(tree: Node) -> str:
    text = _walk(tree, _rst_run, _rst_wrap)
    return re.sub(r"\\ (?=[\s.,;:!?)\]]|$)", "", text)


_WRITERS = {
    "text": _write_text,
    "html": _write_html,
    "markdown": _write_markdown,
    "latex": _write_latex,
    "rst": _write_rst,
}
