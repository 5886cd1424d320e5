"""What every markup backend shares: the walk over the tree, runs of text, whitespace.

A backend says how to write a run of text (escaping it, and linking the URLs in it),
each kind of node around its written content, and a link.  Text next to text is one
run, quote marks included, so escaping and URL finding see the text as a reader does.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator

from .links import URL
from .tree import Block, Display, Inline, Link, Quoted, RichText, Styled, Text

__all__ = ["Backend", "outer_space", "tidy_space"]

_SPACES = re.compile(r"[ \t\r\n]+")


def outer_space(text: str) -> tuple[str, str, str]:
    """``text`` as (leading white space, the rest stripped, trailing white space): inline
    marks such as ``*...*`` must sit against the text they mark."""
    core = text.strip()
    if not core:
        return text, "", ""
    lead = text[: len(text) - len(text.lstrip())]
    return lead, core, text[len(text.rstrip()) :]


def tidy_space(text: str) -> str:
    """Runs of spaces, tabs and line breaks as one space; none at either end."""
    return _SPACES.sub(" ", text).strip()


class Backend(ABC):
    """Writes a tree in one markup."""

    def write(self, tree: RichText) -> str:
        """``tree`` in this markup, whitespace tidied."""
        return tidy_space(self.content(tree.children))

    def content(self, children: tuple[Inline, ...]) -> str:
        out: list[str] = []
        run: list[str] = []
        for child in _expanded(children):
            if isinstance(child, Text):
                run.append(child.text)
                continue
            if run:
                out.append(self.run("".join(run)))
                run = []
            match child:
                case Link():
                    out.append(self.link(child))
                case Styled():
                    out.append(self.styled(child, self.content(child.children)))
                case Block():
                    inner = self.content(child.children)
                    out.append(self.label(inner.strip()) if _is_label(child) else inner)
        if run:
            out.append(self.run("".join(run)))
        return "".join(out)

    def run(self, text: str) -> str:
        """A run of text, escaped, the URLs in it written by ``bare_url``."""
        pieces: list[str] = []
        pos = 0
        for match in URL.finditer(text):
            pieces.append(self.escape(text[pos : match.start()]))
            pieces.append(self.bare_url(match.group(0)))
            pos = match.end()
        pieces.append(self.escape(text[pos:]))
        return "".join(pieces)

    @abstractmethod
    def escape(self, text: str) -> str:
        """Text with this markup's special characters escaped."""

    @abstractmethod
    def bare_url(self, address: str) -> str:
        """An address found in running text (not a ``Link`` node)."""

    @abstractmethod
    def styled(self, node: Styled, inner: str) -> str:
        """Formatted content (``inner`` is written already)."""

    @abstractmethod
    def link(self, node: Link) -> str:
        """A link (``node.href`` is a safe http(s) address)."""

    def label(self, inner: str) -> str:
        """A left-margin label (``[1]``): a space separates it from the entry."""
        return inner + " "


def _is_label(node: Block) -> bool:
    return node.display is Display.LEFT_MARGIN


def _expanded(children: tuple[Inline, ...]) -> Iterator[Inline]:
    """Children with quotes opened up: their marks are text in the run."""
    for child in children:
        if isinstance(child, Quoted):
            yield Text(child.open)
            yield from _expanded(child.children)
            yield Text(child.close)
        else:
            yield child
