"""CSL text-case transformations over rich text (``nocase`` spans respected)."""

from __future__ import annotations

import re

from .formatting import Node, Rich, copy_node

__all__ = ["STOP_WORDS", "apply_text_case", "strip_periods"]

STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "across",
        "afore",
        "after",
        "against",
        "along",
        "alongside",
        "amid",
        "amidst",
        "among",
        "amongst",
        "an",
        "and",
        "anenst",
        "apropos",
        "apud",
        "around",
        "as",
        "aside",
        "astride",
        "at",
        "athwart",
        "atop",
        "barring",
        "before",
        "behind",
        "below",
        "beneath",
        "beside",
        "besides",
        "between",
        "beyond",
        "but",
        "by",
        "circa",
        "despite",
        "down",
        "during",
        "except",
        "for",
        "forenenst",
        "from",
        "given",
        "in",
        "inside",
        "into",
        "lest",
        "like",
        "modulo",
        "near",
        "next",
        "notwithstanding",
        "nor",
        "of",
        "off",
        "on",
        "onto",
        "or",
        "out",
        "over",
        "per",
        "plus",
        "pro",
        "qua",
        "sans",
        "since",
        "so",
        "than",
        "the",
        "through",
        "thru",
        "throughout",
        "thruout",
        "till",
        "to",
        "toward",
        "towards",
        "under",
        "underneath",
        "until",
        "unto",
        "up",
        "upon",
        "versus",
        "vs.",
        "v.",
        "vs",
        "v",
        "via",
        "vis-à-vis",
        "with",
        "within",
        "without",
        "yet",
        "de",
        "d'",
        "von",
        "van",
        "c",
        "ca",
    ]
)

#: a French or Italian elided article or preposition ("d’emploi", "l'homme"), the stop
#: word "d'" run into its word: left as it is, as citeproc-js does
_ELIDED = re.compile(r"[dlDL]['\u2019]\w")
_WORD_RE = re.compile(r"[^\s\-\u2013\u2014/]+|[\s\-\u2013\u2014/]+")
#: the words among _WORD_RE's alternating word and separator runs
_WORD_ONLY_RE = re.compile(r"[^\s\-\u2013\u2014/]+")


def _leaves(
    node: Node,
    out: list[tuple[Rich | None, int, bool]],
    parent: Rich | None,
    idx: int,
    nocase: bool,
) -> None:
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


def _transform_words(text: str, kind: str, state: dict[str, int], nocase: bool) -> str:
    out: list[str] = []
    for m in _WORD_RE.finditer(text):
        w = m.group(0)
        if w[0].isspace() or w[0] in "-\u2013\u2014/":
            out.append(w)
            state["hyphen"] = 1 if w == "-" else 0
            continue
        cont = m.start() == 0 and state.get("open", 0) == 1
        idx = state["idx"] - 1 if cont else state["idx"]
        if not cont:
            state["idx"] = idx + 1
        first = idx == 0
        last = idx == state["total"] - 1
        after_colon = state.get("colon", 0) == 1
        state["colon"] = 1 if w.endswith((":", "?", "!")) else 0
        after_hyphen = state.get("hyphen", 0) == 1
        if nocase:
            out.append(w)
            continue
        if kind == "title":
            core = w.strip("\"'\u201c\u201d\u2018\u2019([{.,;:!?")
            if (
                not core
                or any(ch.isupper() for ch in core)
                or cont
                or (
                    core in STOP_WORDS
                    and not first
                    and not last
                    and not after_colon
                    and not (text[m.end() : m.end() + 1] == "-" and not after_hyphen)
                )
                or (after_hyphen and len(core) == 1)
                or (_ELIDED.match(core) is not None and not first and not after_colon)
                or not core[0].isalpha()
                or (len(core) == 1 and not "a" <= core.lower() <= "z")
                or core[0].lower() == core[0].upper()
            ):
                out.append(w)
            else:
                out.append(_cap_first_letter(w))
        elif kind == "capitalize-all":
            out.append(w if cont else _cap_first_letter(w))
        elif kind == "sentence":
            low = w if (w.isupper() and not state.get("upper")) else w.lower()
            out.append(_cap_first_letter(low) if first else low)
        else:
            out.append(w)
    return "".join(out)


def apply_text_case(node: Node, case: str, title_ok: bool = True) -> Node:
    """Apply a CSL ``text-case`` value to a rich node.

    The node is not changed: rendered nodes are shared (formatted names are cached
    across a bibliography), so the result is a changed copy.
    """
    if not case:
        return node
    if case == "title" and not title_ok:
        return node
    root = Rich([node]) if isinstance(node, str) else copy_node(node)
    assert isinstance(root, Rich)
    _apply(root, case)
    if isinstance(node, str):
        c0 = root.children[0]
        return c0 if len(root.children) == 1 else root
    return root


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
    full = "".join(str(p.children[i]) for p, i, _ in leaves if p is not None)
    total = len(_WORD_ONLY_RE.findall(full))
    state: dict[str, int] = {"idx": 0, "total": total, "upper": int(full.isupper())}
    for parent, i, nocase in leaves:
        if parent is None:
            continue
        s = parent.children[i]
        assert isinstance(s, str)
        if s:
            parent.children[i] = _transform_words(s, case, state, nocase)
            state["open"] = 0 if s[-1].isspace() else 1


def strip_periods(node: Node) -> Node:
    """A copy of ``node`` without periods in any leaf (nodes may be shared)."""
    if isinstance(node, str):
        return node.replace(".", "")
    return Rich(
        [strip_periods(c) for c in node.children],
        node.fmt,
        node.quotes,
        node.display,
        node.nocase,
        node.markup,
        node.source,
        node.typed,
    )
