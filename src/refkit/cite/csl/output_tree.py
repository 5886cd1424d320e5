"""The processor's output as the shared rich-text tree (``refkit.cite.richtext.tree``).

The rendered node is flattened and its punctuation fixed exactly as for the
processor's own HTML (``formatting.tokens``); the marks of that stream become tree
nodes, and each run of text keeps the variable or term it came from.  What the tree
holds is what the HTML says, read back: the formatting HTML can show (italic, bold,
small caps, super/subscript), display blocks (with the line break the HTML puts
around each as a space), double spaces as a no-break space and a space, and
superscript characters as superscripts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..richtext.links import safe_href
from ..richtext.tree import (
    Block,
    Container,
    Display,
    Inline,
    Link,
    Quoted,
    RichText,
    Source,
    SourceKind,
    Style,
    Styled,
    Text,
)
from .formatting import (
    FONT_STYLE,
    FONT_VARIANT,
    FONT_WEIGHT,
    VERTICAL_ALIGN,
    Mark,
    Node,
    QuoteTerms,
    superscript_bases,
    tokens,
)

__all__ = ["build_tree"]

_STYLES: dict[tuple[str, str], Style] = {
    (FONT_STYLE, "italic"): Style.ITALIC,
    (FONT_STYLE, "oblique"): Style.ITALIC,
    (FONT_WEIGHT, "bold"): Style.BOLD,
    (FONT_VARIANT, "small-caps"): Style.SMALL_CAPS,
    (VERTICAL_ALIGN, "sup"): Style.SUPERSCRIPT,
    (VERTICAL_ALIGN, "sub"): Style.SUBSCRIPT,
}
_DISPLAYS = {display.value: display for display in Display}
#: where the processor's HTML breaks the line around a display block
_SPACE_BEFORE = frozenset({Display.BLOCK, Display.LEFT_MARGIN})
_SPACE_AFTER = frozenset({Display.BLOCK, Display.RIGHT_INLINE, Display.INDENT})
#: variables whose text is an address, linked whole (with the style's ``https://doi.org/``)
_ADDRESSES = frozenset({"URL", "DOI"})
_ADDRESS_START = re.compile(r"https?://\S*$")


@dataclass(slots=True)
class _Frame:
    """An open mark: what it becomes (None: nothing, its content joins the parent)."""

    make: Style | Display | tuple[str, str] | None
    children: list[Inline] = field(default_factory=list)


def build_tree(
    node: Node | None, quotes: QuoteTerms, kind: Container = Container.ENTRY, key: str = ""
) -> RichText:
    """``node`` as a ``RichText`` (an empty one for None)."""
    if node is None:
        return RichText((), kind, key)
    stack = [_Frame(None)]
    sources: list[Source] = []
    for token in tokens(node, quotes):
        if isinstance(token, str):
            if token:
                _add_text(stack[-1].children, token, sources[-1] if sources else None)
            continue
        if token.source is not None:
            if token.kind == 1:
                sources.append(token.source)
            else:
                sources.pop()
            continue
        if token.kind == 1:
            stack.append(_Frame(_made_by(token, quotes)))
            continue
        frame = stack.pop()
        _close(frame, stack[-1].children)
    while len(stack) > 1:
        frame = stack.pop()
        _close(frame, stack[-1].children)
    return RichText(_linked(stack[0].children), kind, key)


def _made_by(mark: Mark, quotes: QuoteTerms) -> Style | Display | tuple[str, str] | None:
    if mark.quote:
        if mark.quote == 1:
            return (quotes.open, quotes.close)
        return (quotes.open_inner, quotes.close_inner)
    if mark.display:
        return _DISPLAYS.get(mark.display)
    if mark.fmt is not None:
        return _STYLES.get(mark.fmt)
    return None


def _close(frame: _Frame, parent: list[Inline]) -> None:
    made = frame.make
    children = _linked(frame.children)
    if made is None:
        parent.extend(children)
    elif isinstance(made, Style):
        parent.append(Styled(made, children))
    elif isinstance(made, Display):
        if made in _SPACE_BEFORE:
            parent.append(Text(" "))
        parent.append(Block(made, children))
        if made in _SPACE_AFTER:
            parent.append(Text(" "))
    else:
        parent.append(Quoted(made[0], made[1], children))


def _linked(children: list[Inline]) -> tuple[Inline, ...]:
    """The text of a URL or DOI variable as a link, with the start of the address the
    style puts before it (``https://doi.org/``); when it is not an http(s) address
    (a bare DOI, ``javascript:``) it stays text."""
    out: list[Inline] = []
    for child in children:
        source = child.source if isinstance(child, Text) else None
        if source is None or source.kind is not SourceKind.VARIABLE:
            out.append(child)
            continue
        if source.name not in _ADDRESSES:
            out.append(child)
            continue
        assert isinstance(child, Text)
        shown: list[Inline] = [child]
        address = child.text
        before = out[-1] if out else None
        start = _ADDRESS_START.search(before.text) if isinstance(before, Text) else None
        if start is not None and isinstance(before, Text) and not safe_href(address):
            out.pop()
            if start.start():
                out.append(Text(before.text[: start.start()], before.source))
            shown = [Text(start.group(0), before.source), child]
            address = start.group(0) + address
        href = safe_href(address)
        if href:
            out.append(Link(href, tuple(shown)))
        else:
            out.extend(shown)
    return tuple(out)


def _add_text(children: list[Inline], text: str, source: Source | None) -> None:
    text = text.replace("  ", "\u00a0 ")
    if text.isascii():
        _append(children, text, source)
        return
    table = superscript_bases()
    start = 0
    for index, char in enumerate(text):
        base = table.get(char)
        if base is None:
            continue
        if start < index:
            _append(children, text[start:index], source)
        children.append(Styled(Style.SUPERSCRIPT, (Text(base, source),)))
        start = index + 1
    if start < len(text):
        _append(children, text[start:], source)


def _append(children: list[Inline], text: str, source: Source | None) -> None:
    """Text joins the text before it when both come from the same source."""
    last = children[-1] if children else None
    if isinstance(last, Text) and last.source == source:
        children[-1] = Text(last.text + text, source)
    else:
        children.append(Text(text, source))
