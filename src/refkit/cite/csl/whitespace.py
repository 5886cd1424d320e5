"""Whitespace at the edges of a bibliography entry, moved or trimmed as citeproc-js does.

Nodes may be shared between entries (cached name nodes), so every function here returns
a changed copy rather than editing a node in place.
"""

from __future__ import annotations

from .formatting import Node, Rich, is_empty

__all__ = ["hoist_leading_space", "split_trailing_space", "trailing_block"]


def trailing_block(node: Node) -> Rich | None:
    """The display block that ends ``node``, if the output ends with one."""
    while isinstance(node, Rich):
        if node.display:
            return node
        kids = [c for c in node.children if c.__class__ is not str or c]
        if not kids:
            return None
        node = kids[-1]
    return None


def split_trailing_space(node: Rich) -> tuple[Rich, str]:
    """``node`` without the trailing whitespace of its last text leaf, and the whitespace
    of the last leaf that keeps some text (leaves of only whitespace are emptied on the
    way). A copy, as nodes may be shared."""
    children: list[Node] | None = None
    trailing = ""
    for i in range(len(node.children) - 1, -1, -1):
        c = node.children[i]
        if isinstance(c, str):
            if not c:
                continue
            stripped = c.rstrip()
            if stripped != c:
                children = children if children is not None else list(node.children)
                children[i] = stripped
            if stripped:
                trailing = c[len(stripped) :]
                break
            continue
        new, trailing = split_trailing_space(c)
        if new is not c:
            children = children if children is not None else list(node.children)
            children[i] = new
        break
    if children is None:
        return node, trailing
    copy = node.with_children(children)
    return copy, trailing


def hoist_leading_space(node: Node) -> Node:
    """Whitespace opening an entry inside a display block moves out of the block, as
    citeproc-js does (``<div class="csl-left-margin"> 2000</div>`` becomes `` <div
    class="csl-left-margin">2000</div>``); a copy, as nodes may be shared."""
    if isinstance(node, str):
        return node
    for i, c in enumerate(node.children):
        if is_empty(c):
            continue
        if isinstance(c, str):
            return node
        if c.display:
            inner = _lstrip(c)
            if inner is c:
                return node
            moved: list[Node] = [" ", inner]
        else:
            hoisted = hoist_leading_space(c)
            if hoisted is c:
                return node
            moved = [hoisted]
        children = [*node.children[:i], *moved, *node.children[i + 1 :]]
        return node.with_children(children)
    return node


def _lstrip(node: Node) -> Node:
    """``node`` without the whitespace its first text starts with (a copy; nodes may be
    shared)."""
    if isinstance(node, str):
        return node.lstrip()
    for i, c in enumerate(node.children):
        if is_empty(c):
            continue
        first = _lstrip(c)
        if first is c:
            return node
        children = list(node.children)
        children[i] = first
        return node.with_children(children)
    return node
