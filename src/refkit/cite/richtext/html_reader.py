"""Other engines' HTML (citeproc-py, pybtex) read into the rich-text tree.

Only what a citation needs is kept (italic, bold, small caps, super/subscript,
underline, links to http(s) addresses, the left-margin label and display blocks);
every other tag is dropped and its text kept, and the text of ``<script>`` and
``<style>`` is dropped.  refkit's own processor builds the tree directly and never
comes here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from .links import safe_href
from .tree import Block, Container, Display, Inline, Link, RichText, Style, Styled, Text

__all__ = ["read_html"]

_STYLES = {
    "i": Style.ITALIC,
    "em": Style.ITALIC,
    "b": Style.BOLD,
    "strong": Style.BOLD,
    "sup": Style.SUPERSCRIPT,
    "sub": Style.SUBSCRIPT,
    "u": Style.UNDERLINE,
}
_VOID = frozenset({"br", "img", "hr", "meta", "link", "input"})


@dataclass(slots=True)
class _Open:
    tag: str
    make: Style | Display | str | None  # a str: a link's address
    children: list[Inline] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_Open] = [_Open("", None)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        values = {name: value or "" for name, value in attrs}
        make: Style | Display | str | None = _STYLES.get(tag)
        css_class = values.get("class", "")
        if tag == "span" and "small-caps" in values.get("style", "").replace(" ", ""):
            make = Style.SMALL_CAPS
        elif tag == "a":
            make = safe_href(values.get("href", "")) or None
        elif tag == "div" and "csl-left-margin" in css_class:
            make = Display.LEFT_MARGIN
        elif tag == "div" and css_class.startswith("csl-"):
            make = Display.BLOCK
        self.stack.append(_Open(tag, make))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                while len(self.stack) > depth:
                    self._close()
                return

    def handle_data(self, data: str) -> None:
        top = self.stack[-1]
        if top.tag in {"script", "style"}:
            return
        if top.children and isinstance(top.children[-1], Text):
            top.children[-1] = Text(top.children[-1].text + data)
        else:
            top.children.append(Text(data))

    def _close(self) -> None:
        done = self.stack.pop()
        parent = self.stack[-1].children
        children = tuple(done.children)
        match done.make:
            case Style():
                parent.append(Styled(done.make, children))
            case Display():
                parent.append(Block(done.make, children))
            case str():
                parent.append(Link(done.make, children))
            case None:
                parent.extend(children)
                _join_texts(parent)

    def tree(self, kind: Container, key: str) -> RichText:
        while len(self.stack) > 1:
            self._close()
        return RichText(tuple(self.stack[0].children), kind, key)


def _join_texts(children: list[Inline]) -> None:
    """Text next to text is one run (as it was in the HTML, but for the dropped tag)."""
    index = 1
    while index < len(children):
        before, this = children[index - 1], children[index]
        if isinstance(before, Text) and isinstance(this, Text) and before.source == this.source:
            children[index - 1 : index + 1] = [Text(before.text + this.text, before.source)]
        else:
            index += 1


def read_html(fragment: str, kind: Container = Container.ENTRY, key: str = "") -> RichText:
    """An engine's HTML fragment as a ``RichText``."""
    reader = _Reader()
    reader.feed(fragment)
    reader.close()
    return reader.tree(kind, key)
