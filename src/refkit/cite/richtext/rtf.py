"""RTF for word processors (Word, LibreOffice): ``{\\i ...}``, ``{\\b ...}``,
``{\\scaps ...}``, ``{\\super ...}``, ``{\\sub ...}``, ``{\\ul ...}``, links as HYPERLINK
fields; ``\\``, braces and every non-ASCII character escaped (``\\uN?``, UTF-16 code
units), a no-break space as ``\\~``.  ``document`` wraps entries into a whole file,
one paragraph each."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .links import safe_href
from .tree import Block, Display, Inline, Link, Quoted, RichText, Style, Styled, Text
from .writer import Backend

__all__ = ["RtfBackend", "document", "rtf_escape"]

_CONTROL = {
    Style.ITALIC: "\\i",
    Style.BOLD: "\\b",
    Style.SMALL_CAPS: "\\scaps",
    Style.SUPERSCRIPT: "\\super",
    Style.SUBSCRIPT: "\\sub",
    Style.UNDERLINE: "\\ul",
}
_HEADER = "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0\\froman Times New Roman;}}\\f0\\fs24"


def rtf_escape(text: str) -> str:
    """``text`` as RTF body text (7-bit, as RTF readers require)."""
    out: list[str] = []
    for char in text:
        code = ord(char)
        if char in "\\{}":
            out.append("\\" + char)
        elif char == "\u00a0":
            out.append("\\~")
        elif 32 <= code < 127:
            out.append(char)
        elif code < 32:
            out.append(" ")  # tabs and line breaks: whitespace, tidied like the rest
        else:
            units = char.encode("utf-16-le")
            for index in range(0, len(units), 2):
                unit = int.from_bytes(units[index : index + 2], "little")
                out.append(f"\\u{unit - 65536 if unit > 32767 else unit}?")
    return "".join(out)


def _field(href: str, shown: str) -> str:
    target = rtf_escape(href)
    return f'{{\\field{{\\*\\fldinst{{HYPERLINK "{target}"}}}}{{\\fldrslt{{{shown}}}}}}}'


class RtfBackend(Backend):
    def write(self, tree: RichText) -> str:
        # Spaces are tidied in the text, not in the written RTF: a control word's
        # delimiting space must not swallow a space of the text after it.
        return self.content(_tidied(tree).children)

    def escape(self, text: str) -> str:
        return rtf_escape(text)

    def bare_url(self, address: str) -> str:
        return _field(safe_href(address), rtf_escape(address))

    def styled(self, node: Styled, inner: str) -> str:
        return f"{{{_CONTROL[node.style]} {inner}}}"

    def link(self, node: Link) -> str:
        return _field(node.href, Plain().content(node.children))

    def label(self, inner: str) -> str:
        return inner  # _tidied put the space after it in the text


class Plain(RtfBackend):
    """RTF inside a link: no field within it."""

    def bare_url(self, address: str) -> str:
        return self.escape(address)


_SPACES = re.compile(r"[ \t\r\n]+")


def _tidied(tree: RichText) -> RichText:
    """``tree`` with its text's spaces as plain text has them: each run of whitespace one
    space, none at either end, none at the ends of the left-margin label and one after it."""
    children = _labels_spaced(tree.children)
    texts = [text.text for text in _texts(children)]
    after_space = True  # leading whitespace goes
    for index, text in enumerate(texts):
        if after_space:
            text = text.lstrip(" \t\r\n")
        text = _SPACES.sub(" ", text)
        if text:
            after_space = text.endswith(" ")
        texts[index] = text
    _strip_end(texts)
    replaced = iter(texts)
    return RichText(_rebuilt(children, replaced), tree.kind, tree.key)


def _labels_spaced(children: tuple[Inline, ...]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for child in children:
        if isinstance(child, Block) and child.display is Display.LEFT_MARGIN:
            inner = list(child.children)
            texts = [text.text for text in _texts(tuple(inner))]
            for index, text in enumerate(texts):
                texts[index] = text.lstrip()
                if texts[index]:
                    break
            _strip_end(texts)
            out.append(Block(child.display, _rebuilt(child.children, iter(texts))))
            out.append(Text(" "))
        elif isinstance(child, Text):
            out.append(child)
        else:
            out.append(_with_children(child, _labels_spaced(child.children)))
    return tuple(out)


def _strip_end(texts: list[str]) -> None:
    for index in range(len(texts) - 1, -1, -1):
        texts[index] = texts[index].rstrip()
        if texts[index]:
            break


def _texts(children: tuple[Inline, ...]) -> Iterator[Text]:
    for child in children:
        if isinstance(child, Text):
            yield child
        else:
            yield from _texts(child.children)


def _rebuilt(children: tuple[Inline, ...], texts: Iterator[str]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for child in children:
        if isinstance(child, Text):
            out.append(Text(next(texts), child.source))
        else:
            out.append(_with_children(child, _rebuilt(child.children, texts)))
    return tuple(out)


def _with_children(node: Inline, children: tuple[Inline, ...]) -> Inline:
    match node:
        case Styled():
            return Styled(node.style, children)
        case Quoted():
            return Quoted(node.open, node.close, children)
        case Link():
            return Link(node.href, children)
        case Block():
            return Block(node.display, children)
    return node


def document(entries: Sequence[str]) -> str:
    """Written entries as an RTF file: one paragraph each."""
    body = "\n".join(f"{{\\pard {entry}\\par}}" for entry in entries)
    return f"{_HEADER}\n{body}\n}}"
