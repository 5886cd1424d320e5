"""CSL text-case transformations over rich text (``nocase`` spans respected)."""

from __future__ import annotations

import re

from .formatting import Node, Rich

__all__ = ["STOP_WORDS", "apply_text_case", "strip_periods"]

STOP_WORDS = frozenset(
    "a an and as at but by down for from in into nor of on onto or over so the till to up "
    "via with yet v vs v. vs. et al".split()
)

_WORD_RE = re.compile(r"[^\s\-\u2013\u2014/]+|[\s\-\u2013\u2014/]+")


def _leaves(node: Node, out: list[tuple[Rich | None, int, bool]], parent: Rich | None, idx: int,
            nocase: bool) -> None:
    if isinstance(node, str):
        out.append((parent, idx, nocase))
        return
    nc = nocase or node.nocase
    for i, c in enumerate(node.children):
        _leaves(c, out, node, i, nc)


def _cap_first_letter(s: str) -> str:
    for i, ch in enumerate(s):
        if ch.isalpha():
            return s[:i] + ch.upper() + s[i + 1 :]
    return s


def _lower_ok(w: str) -> bool:
    """A word counts as lowercase-able (no capitals beyond the first letter)."""
    return not any(ch.isupper() for ch in w[1:])


def _transform_words(text: str, kind: str, state: dict[str, bool], nocase: bool) -> str:
    out: list[str] = []
    for m in _WORD_RE.finditer(text):
        w = m.group(0)
        if w[0].isspace() or w[0] in "-\u2013\u2014/":
            out.append(w)
            if any(c in w for c in "\u2013\u2014"):
                state["after_colon"] = True
            continue
        first = state["first"]
        state["first"] = False
        after_colon = state.get("after_colon", False)
        state["after_colon"] = w.endswith((":", "?", "!")) or w in (".",)
        if nocase:
            out.append(w)
            continue
        if kind == "title":
            core = w.strip("\"'\u201c\u201d\u2018\u2019([{.,;:")
            if w.isupper() and len(core) > 1:
                out.append(w)
                continue
            if core.lower() in STOP_WORDS and not first and not after_colon:
                out.append(w.lower() if _lower_ok(core) else w)
            elif core and core[0].islower() and _lower_ok(core):
                out.append(_cap_first_letter(w))
            else:
                out.append(w)
        elif kind == "capitalize-all":
            out.append(_cap_first_letter(w) if w[:1].islower() or not w[:1].isalpha() else w)
        elif kind == "sentence":
            if first:
                out.append(_cap_first_letter(w.lower() if state.get("upper") else w))
            else:
                out.append(w.lower() if state.get("upper") else w)
        else:
            out.append(w)
    return "".join(out)


def apply_text_case(node: Node, case: str, title_ok: bool = True) -> Node:
    """Apply a CSL ``text-case`` value to a rich node."""
    if not case:
        return node
    if case == "title" and not title_ok:
        return node
    if isinstance(node, str):
        root: Rich = Rich([node])
        _apply(root, case)
        c0 = root.children[0]
        return c0 if len(root.children) == 1 else root
    _apply(node, case)
    return node


def _apply(root: Rich, case: str) -> None:
    leaves: list[tuple[Rich | None, int, bool]] = []
    _leaves(root, leaves, None, 0, False)
    if case in ("lowercase", "uppercase"):
        for parent, i, nocase in leaves:
            if parent is None or nocase:
                continue
            s = parent.children[i]
            assert isinstance(s, str)
            parent.children[i] = s.lower() if case == "lowercase" else s.upper()
        return
    if case == "capitalize-first":
        for parent, i, nocase in leaves:
            if parent is None:
                continue
            s = parent.children[i]
            assert isinstance(s, str)
            if not s.strip():
                continue
            if not nocase:
                parent.children[i] = _cap_first_letter(s)
            return
        return
    full = "".join(
        str(p.children[i]) for p, i, _ in leaves if p is not None and not _
    )
    state: dict[str, bool] = {"first": True, "upper": full.isupper()}
    for parent, i, nocase in leaves:
        if parent is None:
            continue
        s = parent.children[i]
        assert isinstance(s, str)
        parent.children[i] = _transform_words(s, case, state, nocase)


def strip_periods(node: Node) -> Node:
    """Remove periods from every leaf."""
    if isinstance(node, str):
        return node.replace(".", "")
    node.children = [strip_periods(c) for c in node.children]
    return node
