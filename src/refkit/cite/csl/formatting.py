"""Rich text model for rendered citations and the output formats.

Rendering produces a small tree of :class:`Rich` nodes (formatting, quotes,
display blocks) with plain ``str`` leaves.  Serialisation flattens the tree to
a token stream, applies the punctuation rules of citeproc-js (duplicate
punctuation suppression, punctuation-in-quote, quote and italic flip-flop)
and writes HTML, plain text, Markdown or LaTeX.
"""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, ClassVar, Union

from ..richtext.tree import Source

__all__ = [
    "Mark",
    "Node",
    "OutputFormat",
    "QuoteTerms",
    "Rich",
    "Token",
    "copy_node",
    "is_empty",
    "map_text",
    "parse_markup",
    "plain_text",
    "serialize",
    "superscript_bases",
    "tokens",
    "with_source",
]


class OutputFormat(str, enum.Enum):
    """Supported output formats."""

    HTML = "html"
    TEXT = "text"
    MARKDOWN = "markdown"
    LATEX = "latex"


Node = Union["Rich", str]

# formatting keys
FONT_STYLE = "font-style"
FONT_VARIANT = "font-variant"
FONT_WEIGHT = "font-weight"
TEXT_DECORATION = "text-decoration"
VERTICAL_ALIGN = "vertical-align"


@dataclass(slots=True)
class Rich:
    """A formatted span of output."""

    children: list[Node] = field(default_factory=list)
    fmt: tuple[tuple[str, str], ...] = ()
    quotes: bool = False
    display: str = ""
    nocase: bool = False
    markup: bool = False  # formatting that came from markup inside a field value
    #: the variable or term this span renders (labelled output); no effect on rendering
    source: Source | None = None
    #: a quote typed in a field value: its opening and closing characters, or "1" / "2"
    #: for a straight quote that opens as the outer / inner form (see parse_markup);
    #: "" for quotes asked for by the style
    typed: str = ""

    def with_children(self, children: list[Node]) -> Rich:
        """A node like this one holding ``children`` (nodes may be shared, so whitespace
        trimming and text-case build changed copies)."""
        return Rich(
            children,
            self.fmt,
            self.quotes,
            self.display,
            self.nocase,
            self.markup,
            self.source,
            self.typed,
        )


@dataclass(frozen=True, slots=True)
class QuoteTerms:
    """Locale quote marks and the punctuation-in-quote option."""

    open: str = "\u201c"
    close: str = "\u201d"
    open_inner: str = "\u2018"
    close_inner: str = "\u2019"
    punctuation_in_quote: bool = False


def is_empty(node: Node | None) -> bool:
    """True when a node renders no characters.

    Renderers never build a :class:`Rich` whose only content is other empty
    ``Rich`` nodes, so looking one level deep is enough.
    """
    if node is None:
        return True
    if node.__class__ is str:
        return node == ""
    assert isinstance(node, Rich)
    # a plain loop, not all(<generator>): this runs for nearly every node rendered
    for c in node.children:  # noqa: SIM110
        if c.__class__ is not str or c:
            return False
    return True


def plain_text(node: Node | None) -> str:
    """The characters of a node without formatting (quotes omitted)."""
    if node is None:
        return ""
    if isinstance(node, str):
        return node
    out: list[str] = []
    _plain_into(node, out)
    return "".join(out)


def _plain_into(node: Rich, out: list[str]) -> None:
    for c in node.children:
        if isinstance(c, str):
            out.append(c)
        else:
            _plain_into(c, out)


def with_source(node: Node, source: Source) -> Node:
    """``node`` marked as the rendering of ``source`` (empty output stays unmarked, so
    that emptiness checks see what they saw before)."""
    if is_empty(node):
        return node
    return Rich([node], source=source)


def copy_node(node: Node) -> Node:
    """A copy of ``node`` that shares no Rich node with it (leaves are immutable)."""
    if node.__class__ is str:
        return node
    assert isinstance(node, Rich)
    return Rich(
        [c if c.__class__ is str else copy_node(c) for c in node.children],
        node.fmt,
        node.quotes,
        node.display,
        node.nocase,
        node.markup,
        node.source,
        node.typed,
    )


def map_text(node: Node, fn: object) -> Node:
    """Apply ``fn(str) -> str`` to every leaf outside ``nocase`` spans."""
    assert callable(fn)
    if isinstance(node, str):
        return str(fn(node))
    if node.nocase:
        return node
    return Rich(
        [map_text(c, fn) for c in node.children],
        node.fmt,
        node.quotes,
        node.display,
        markup=node.markup,
        source=node.source,
        typed=node.typed,
    )


# ---------------------------------------------------------------------------
# markup inside field values
# ---------------------------------------------------------------------------

_TAG_FMT: dict[str, tuple[str, str]] = {
    "i": (FONT_STYLE, "italic"),
    "b": (FONT_WEIGHT, "bold"),
    "sup": (VERTICAL_ALIGN, "sup"),
    "sub": (VERTICAL_ALIGN, "sub"),
    "sc": (FONT_VARIANT, "small-caps"),
}


def _span_attrs(attrs: str) -> tuple[tuple[tuple[str, str], ...], bool, bool]:
    a = attrs.replace(" ", "").lower()
    if 'class="nocase"' in a:
        return (), True, False
    if 'class="nodecor"' in a:
        return (), False, True
    if "font-variant:small-caps" in a:
        return ((FONT_VARIANT, "small-caps"),), False, False
    if "font-style:italic" in a:
        return ((FONT_STYLE, "italic"),), False, False
    if "font-weight:bold" in a:
        return ((FONT_WEIGHT, "bold"),), False, False
    return (), False, False


_MARKUP_HINT = re.compile(r"[<\"'\u201c\u2018\u00ab]")
_WORDCHAR = re.compile(r"\w", re.UNICODE)


_TOKEN_RE = re.compile(
    r"<(/?)(i|b|sup|sub|sc|span)((?:\s+[a-z-]+\s*=\s*\"[^\"]*\")*)\s*>"
    r"|([\"\u201c\u201d\u2018\u2019'\u00ab\u00bb])",
    re.IGNORECASE,
)
_CLOSES = {'"': '"', "\u201c": "\u201d", "\u2018": "\u2019", "'": "'", "\u00ab": "\u00bb"}
_CLOSERS = {
    '"': ('"', "\u201c"),
    "\u201d": ("\u201c",),
    "\u2019": ("\u2018", "'"),
    "'": ("'", "\u2018"),
    "\u00bb": ("\u00ab",),
}


@dataclass(slots=True)
class _Frame:
    node: Rich
    tag: str  # html tag name or "q:<char>"


def parse_markup(text: str) -> Node:
    """Parse the HTML-like markup and quotes allowed in CSL-JSON fields."""
    if not _MARKUP_HINT.search(text):
        return text
    root = Rich()
    stack: list[_Frame] = [_Frame(root, "")]
    opened: dict[int, str] = {}
    straight: list[Rich] = []  # quotes typed straight, in the order they open
    pos = 0
    n = len(text)
    for m in _TOKEN_RE.finditer(text):
        _add_text(stack[-1].node, text[pos : m.start()])
        pos = m.end()
        q = m.group(4)
        if q is not None:
            i = m.start()
            prev = text[i - 1] if i > 0 else " "
            nxt = text[i + 1] if i + 1 < n else " "
            can_close = not prev.isspace() and not _WORDCHAR.match(nxt)
            can_open = not _WORDCHAR.match(prev) and not nxt.isspace()
            if q in _CLOSERS and can_close:
                idx = next(
                    (
                        k
                        for k in range(len(stack) - 1, 0, -1)
                        if stack[k].tag.startswith("q:") and stack[k].tag[2:] in _CLOSERS[q]
                    ),
                    None,
                )
                if idx is not None:
                    closed = stack[idx].node
                    closed.typed = opened.pop(id(closed), "") + q
                    if text[i + 1 : i + 2] in (",", ".", ";", ":"):
                        closed.display = "sticky"
                    del stack[idx:]
                    continue
            if q in _CLOSES and can_open:
                node = Rich([], quotes=True)
                opened[id(node)] = q
                if q in "\"'":
                    straight.append(node)
                stack[-1].node.children.append(node)
                stack.append(_Frame(node, "q:" + q))
                continue
            _add_text(stack[-1].node, "\u2019" if q == "'" else q)
            continue
        closing, tag = m.group(1) == "/", m.group(2).lower()
        if closing:
            idx = next((k for k in range(len(stack) - 1, 0, -1) if stack[k].tag == tag), None)
            if idx is None:
                _add_text(stack[-1].node, m.group(0))
                continue
            del stack[idx:]
            continue
        if tag == "span":
            fmt, nocase, nodecor = _span_attrs(m.group(3))
            if nodecor:
                fmt = (
                    (FONT_STYLE, "normal"),
                    (FONT_WEIGHT, "normal"),
                    (FONT_VARIANT, "normal"),
                )
            node = Rich([], fmt, nocase=nocase or nodecor, markup=True)
        else:
            node = Rich([], (_TAG_FMT[tag],), nocase=tag in ("sc", "sup", "sub"), markup=True)
        stack[-1].node.children.append(node)
        stack.append(_Frame(node, tag))
    _add_text(stack[-1].node, text[pos:])
    if opened:
        _unwrap_open_quotes(root, opened)
    closed_straight = [q for q in straight if id(q) not in opened]
    if closed_straight:
        # the first straight quote of a value, double or single, takes the outer form
        # and the other kind the inner one (citeproc-js _setOuterQuoteForm)
        outer = closed_straight[0].typed[0]
        for q in closed_straight:
            q.typed = "1" if q.typed[0] == outer else "2"
    if len(root.children) == 1 and isinstance(root.children[0], str):
        return root.children[0]
    return root


def _unwrap_open_quotes(node: Rich, opened: dict[int, str]) -> None:
    """Quote frames that never closed become literal characters again."""
    out: list[Node] = []
    for c in node.children:
        if isinstance(c, Rich):
            _unwrap_open_quotes(c, opened)
            if c.quotes and id(c) in opened:
                ch = opened[id(c)]
                out.append("\u2019" if ch == "'" else ch)
                out.extend(c.children)
                continue
        out.append(c)
    node.children = out


def _add_text(parent: Rich, s: str) -> None:
    if s:
        if parent.children and isinstance(parent.children[-1], str):
            parent.children[-1] += s
        else:
            parent.children.append(s)


# ---------------------------------------------------------------------------
# flattening and punctuation
# ---------------------------------------------------------------------------

_LTOR: dict[str, dict[str, str]] = {
    "!": {".": "!", "?": "!?", ":": "!", ",": "!,", ";": "!;"},
    "?": {"!": "?!", ".": "?", ":": "?", ",": "?,", ";": "?;"},
    ".": {"!": ".!", "?": ".?", ":": ".:", ",": ".,", ";": ".;"},
    ":": {"!": "!", "?": "?", ".": ":", ",": ":,", ";": ":;"},
    ",": {"!": ",!", "?": ",?", ":": ",:", ".": ",.", ";": ",;"},
    ";": {"!": "!", "?": "?", ":": ";", ",": ";,", ".": ";"},
}
_PUNCT = frozenset(_LTOR)


@dataclass(slots=True)
class Mark:
    """An opening (kind 1) or closing (kind 2) mark in the token stream: of formatting,
    a quote, a display block, or (``source``) the span of a variable or term."""

    kind: int
    fmt: tuple[str, str] | None = None
    quote: int = 0  # 1 outer quote, 2 inner quote
    display: str = ""
    source: Source | None = None


#: The flattened stream: text is a plain ``str`` (nearly every token is text, and a
#: string costs far less to make than an object), marks are :class:`Mark`.
Token = str | Mark


def _flatten(
    node: Node, toks: list[Token], state: dict[str, str], qlevel: int, qt: QuoteTerms
) -> None:
    # ``qlevel``: the quote form around ``node`` (0 none, 1 outer, 2 inner)
    if isinstance(node, str):
        if node:
            toks.append(node)
        return
    if not (node.fmt or node.quotes or node.display or node.source):
        # Most nodes only concatenate (no tokens or state of their own, so their
        # emptiness does not matter): walk nested ones with a stack of iterators
        # instead of a call per node.
        stack = [iter(node.children)]
        while stack:
            for c in stack[-1]:
                if isinstance(c, str):
                    if c:
                        toks.append(c)
                elif not (c.fmt or c.quotes or c.display or c.source):
                    stack.append(iter(c.children))
                    break
                else:
                    _flatten(c, toks, state, qlevel, qt)
            else:
                stack.pop()
        return
    if is_empty(node):
        return
    opened: list[Mark] = []
    saved: dict[str, str] = {}
    sticky = node.display == "sticky"
    if node.source is not None:
        t = Mark(1, source=node.source)
        toks.append(t)
        opened.append(t)
    if node.display and not sticky:
        t = Mark(1, display=node.display)
        toks.append(t)
        opened.append(t)
    for key, val in reversed(node.fmt):
        cur = state.get(key, "normal" if key != VERTICAL_ALIGN else "baseline")
        if val == cur and not (key == VERTICAL_ALIGN and val == "baseline" and key not in state):
            if node.markup and val != "normal":
                val = "normal"
            elif val not in ("normal", "none", "baseline"):
                # style-level nesting repeats the tag (<i><i>..</i></i>, small caps,
                # underline, superscript) like citeproc-js
                pass
            else:
                continue
        saved[key] = state.get(key, "")
        state[key] = val
        t = Mark(1, fmt=(key, val))
        toks.append(t)
        opened.append(t)
    literal = ""
    if node.quotes:
        form = _quote_form(node.typed, qt)
        if form:
            # inside quotes every quote flips; outside, a quote takes its own form
            # (citeproc-js FlipFlopper; CSL 1.0.2 "quotes" and localized quotes)
            qlevel = 3 - qlevel if qlevel else form
            t = Mark(1, quote=qlevel)
            toks.append(t)
            opened.append(t)
        else:
            literal = node.typed[1:]
            toks.append(node.typed[:1])
    for c in node.children:
        _flatten(c, toks, state, qlevel, qt)
    if literal:
        toks.append(literal)
    for t in reversed(opened):
        if t.source is not None:
            toks.append(Mark(2, source=t.source))
            continue
        if t.quote and qt.punctuation_in_quote and not sticky:
            # the slot for punctuation moved into the quote: after the formatting
            # inside it closes ("<i>sapiens</i>,”", citeproc-js)
            toks.append("")
        toks.append(Mark(2, fmt=t.fmt, quote=t.quote, display="sticky" if sticky else t.display))
    for key, val in saved.items():
        if val:
            state[key] = val
        else:
            state.pop(key, None)


def _fix_punctuation(toks: list[Token], piq: bool) -> None:
    """Merge duplicate punctuation across joins; move punctuation into quotes.

    Text tokens are rewritten in place in ``toks``; ``hist`` holds the positions of
    the text tokens seen since the last display block, ``quoted`` whether a closing
    quote follows each of them, ``slots`` the empty token before that quote (where
    punctuation moved into it goes: after the formatting inside the quote closes,
    "<i>sapiens</i>,”" as citeproc-js), or -1.
    """
    hist: list[int] = []
    quoted: list[bool] = []
    slots: list[int] = []
    pending_quote = False
    slot = -1  # the slot of the first closing quote since the last text
    for idx, t in enumerate(toks):
        if not isinstance(t, str):
            if t.kind == 2 and t.quote:
                if t.display != "sticky":
                    if not pending_quote and idx and toks[idx - 1] == "":
                        slot = idx - 1
                    pending_quote = True
            elif t.display and t.display != "sticky":
                hist.clear()
                quoted.clear()
                slots.clear()
                pending_quote = False
                slot = -1
            continue
        if not t and idx + 1 < len(toks) and not isinstance(toks[idx + 1], str):
            continue  # a slot (or nothing) between marks
        if hist and pending_quote:
            quoted[-1] = True
            slots[-1] = slot
        pending_quote = False
        slot = -1
        first = t[:1]
        if first != " " and first not in _PUNCT:
            # nothing to merge or move: the common case, decided without the loop
            if first:
                hist.append(idx)
                quoted.append(False)
                slots.append(-1)
            continue
        text = t
        while text and hist:
            li = hist[-1]
            sl = slots[-1]
            tail = sl if sl >= 0 and toks[sl] else li  # the token the text ends in
            put = sl if sl >= 0 else li  # where punctuation moved into quotes goes
            last = toks[tail]
            assert isinstance(last, str)
            qb = quoted[-1]
            if not last:
                hist.pop()
                quoted.pop()
                slots.pop()
                continue
            lc, rc = last[-1], text[0]
            if (lc == " " or lc == "\u00a0") and rc == " ":
                text = text[1:]
                break
            if rc not in _PUNCT:
                break
            movable = qb and piq and rc in ".,!?"
            if lc in _PUNCT and (not qb or piq):
                merged = lc if lc == rc else _LTOR[lc].get(rc, lc + rc)
                if merged == lc:
                    text = text[1:]
                elif merged == rc:
                    last = last[:-1]
                    toks[tail] = last
                    if not last:
                        if tail == li:
                            hist.pop()
                            quoted.pop()
                            slots.pop()
                        continue
                    if movable:
                        toks[put] = _text(toks[put]) + rc
                        text = text[1:]
                elif movable:
                    toks[put] = _text(toks[put]) + rc
                    text = text[1:]
            elif qb and lc == rc and lc in _PUNCT:
                text = text[1:]
            elif movable:
                toks[put] = _text(toks[put]) + rc
                text = text[1:]
            break
        toks[idx] = text
        if text:
            hist.append(idx)
            quoted.append(False)
            slots.append(-1)


def _text(t: Token) -> str:
    assert isinstance(t, str)
    return t


def _quote_form(typed: str, qt: QuoteTerms) -> int:
    """The form (1 outer, 2 inner) a quote takes outside other quotes, 0 for typed
    quote marks that are not the locale's: those are text, as citeproc-js reads only
    straight quotes and the locale's own pairs as quotes."""
    if not typed or typed == "1":
        return 1
    if typed == "2":
        return 2
    if typed[0] == qt.open:
        return 1
    if typed[0] == qt.open_inner:
        return 2
    return 0


def tokens(node: Node, quotes: QuoteTerms) -> list[Token]:
    """``node`` as a stream of text and marks, with the punctuation rules applied (the
    text of the stream is the text of the output, in every format)."""
    toks: list[Token] = []
    _flatten(node, toks, {}, 0, quotes)
    _fix_punctuation(toks, quotes.punctuation_in_quote)
    return toks


def serialize(node: Node, fmt: OutputFormat, quotes: QuoteTerms) -> str:
    """Render a rich node to a string in the requested output format."""
    toks = tokens(node, quotes)
    out: list[str] = []
    writer = _WRITERS[fmt]
    text = writer.text
    run: list[str] = []  # text tokens between two marks, escaped together
    for t in toks:
        if isinstance(t, str):
            if t:
                run.append(t)
            continue
        if t.source is not None:
            continue  # provenance: nothing to write, and the run goes on
        if run:
            out.append(writer.run(run))
            run = []
        if t.quote:
            if t.kind == 1:
                out.append(text(quotes.open if t.quote == 1 else quotes.open_inner))
            else:
                out.append(text(quotes.close if t.quote == 1 else quotes.close_inner))
        elif t.display:
            out.append(writer.display(t.display, t.kind == 1))
        elif t.fmt is not None:
            out.append(writer.tag(t.fmt, t.kind == 1))
    if run:
        out.append(writer.run(run))
    return "".join(out)


class _Writer:
    def text(self, s: str) -> str:
        return s

    def run(self, texts: list[str]) -> str:
        """Adjacent text tokens; escaping works character by character, so they are
        escaped at once."""
        return self.text(texts[0] if len(texts) == 1 else "".join(texts))

    def tag(self, fmt: tuple[str, str], opening: bool) -> str:
        return ""

    def display(self, kind: str, opening: bool) -> str:
        return ""


class _TextWriter(_Writer):
    """Plain text: no formatting, but display elements are laid out as citeproc-js's
    text format does (a block starts a line, an indent starts an indented line and a
    left-margin label is followed by a space), so ``[1]Smith`` reads ``[1] Smith``."""

    _DISPLAY: ClassVar[dict[tuple[str, bool], str]] = {
        ("block", True): "\n",
        ("indent", True): "\n    ",
        ("left-margin", False): " ",
    }

    def display(self, kind: str, opening: bool) -> str:
        return self._DISPLAY.get((kind, opening), "")


_DOUBLE_SPACE = re.compile(r"\s\s")


def _has_double_space(s: str) -> bool:
    """Whether ``s`` has two white-space characters in a row (plain tests first: most
    strings have none, and this runs for every string written)."""
    if "  " in s:
        return True
    if s.isascii():
        return ("\t" in s or "\n" in s or "\r" in s) and _DOUBLE_SPACE.search(s) is not None
    return _DOUBLE_SPACE.search(s) is not None


class _HtmlWriter(_Writer):
    _OPEN: ClassVar[dict[Any, Any]] = {
        (FONT_STYLE, "italic"): ("<i>", "</i>"),
        (FONT_STYLE, "oblique"): ("<em>", "</em>"),
        (FONT_STYLE, "normal"): ('<span style="font-style:normal;">', "</span>"),
        (FONT_VARIANT, "small-caps"): ('<span style="font-variant:small-caps;">', "</span>"),
        (FONT_VARIANT, "normal"): ('<span style="font-variant:normal;">', "</span>"),
        (FONT_WEIGHT, "bold"): ("<b>", "</b>"),
        (FONT_WEIGHT, "normal"): ('<span style="font-weight:normal;">', "</span>"),
        (FONT_WEIGHT, "light"): ('<span style="font-weight:light;">', "</span>"),
        (TEXT_DECORATION, "underline"): ('<span style="text-decoration:underline;">', "</span>"),
        (TEXT_DECORATION, "none"): ('<span style="text-decoration:none;">', "</span>"),
        (VERTICAL_ALIGN, "sup"): ("<sup>", "</sup>"),
        (VERTICAL_ALIGN, "sub"): ("<sub>", "</sub>"),
        (VERTICAL_ALIGN, "baseline"): ('<span style="baseline">', "</span>"),
    }
    _DISPLAY: ClassVar[dict[Any, Any]] = {
        "block": ('\n\n    <div class="csl-block">', "</div>\n"),
        "left-margin": ('\n    <div class="csl-left-margin">', "</div>"),
        "right-inline": ('<div class="csl-right-inline">', "</div>\n  "),
        "indent": ('<div class="csl-indent">', "</div>\n  "),
    }

    def run(self, texts: list[str]) -> str:
        joined = texts[0] if len(texts) == 1 else "".join(texts)
        if len(texts) > 1 and _has_double_space(joined):
            # a double space is escaped only inside one token: keep that output
            return "".join(self.text(t) for t in texts)
        return self.text(joined)

    def text(self, s: str) -> str:
        s = s.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")
        # citeproc-js text_escape: each two white-space characters of one string are a
        # no-break space (the character) and a space (the test first: most strings have
        # none, and this runs for every string written)
        if _has_double_space(s):
            s = _DOUBLE_SPACE.sub("\u00a0 ", s)
        if not s.isascii():
            table = superscript_bases()
            if any(ch in table for ch in s):
                s = "".join(f"<sup>{table[ch]}</sup>" if ch in table else ch for ch in s)
        return s

    def tag(self, fmt: tuple[str, str], opening: bool) -> str:
        pair = self._OPEN.get(fmt)
        if pair is None:
            return ""
        return str(pair[0] if opening else pair[1])

    def display(self, kind: str, opening: bool) -> str:
        pair = self._DISPLAY.get(kind, ("<div>", "</div>"))
        return str(pair[0] if opening else pair[1])


@functools.lru_cache(maxsize=1)
def superscript_bases() -> dict[str, str]:
    """Unicode superscript characters mapped to their base text."""
    table = {
        "\u00aa": "a",
        "\u00ba": "o",
        "\u02c0": "\u0294",
        "\u02c1": "\u0295",
        "\u06e5": "\u0648",
        "\u06e6": "\u064a",
    }
    for cp in range(0x00A0, 0x3200):
        ch = chr(cp)
        dec = unicodedata.decomposition(ch)
        if dec.startswith("<super>"):
            table[ch] = "".join(chr(int(h, 16)) for h in dec.split()[1:])
    return table


class _MarkdownWriter(_Writer):
    _MAP: ClassVar[dict[Any, Any]] = {
        (FONT_STYLE, "italic"): "*",
        (FONT_STYLE, "oblique"): "*",
        (FONT_WEIGHT, "bold"): "**",
    }

    def text(self, s: str) -> str:
        return re.sub(r"([\\`*_\[\]<>#])", r"\\\1", s)

    def tag(self, fmt: tuple[str, str], opening: bool) -> str:
        if fmt == (VERTICAL_ALIGN, "sup"):
            return "<sup>" if opening else "</sup>"
        if fmt == (VERTICAL_ALIGN, "sub"):
            return "<sub>" if opening else "</sub>"
        return str(self._MAP.get(fmt, ""))

    def display(self, kind: str, opening: bool) -> str:
        if kind == "block" and opening:
            return "\n\n"
        if kind in ("left-margin",) and not opening:
            return " "
        return ""


_LATEX_ESC = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_RE = re.compile(r"[\\&%$#_{}~^]")


class _LatexWriter(_Writer):
    _MAP: ClassVar[dict[Any, Any]] = {
        (FONT_STYLE, "italic"): r"\textit{",
        (FONT_STYLE, "oblique"): r"\textsl{",
        (FONT_STYLE, "normal"): r"\textup{",
        (FONT_VARIANT, "small-caps"): r"\textsc{",
        (FONT_VARIANT, "normal"): r"\textnormal{",
        (FONT_WEIGHT, "bold"): r"\textbf{",
        (FONT_WEIGHT, "normal"): r"\textmd{",
        (TEXT_DECORATION, "underline"): r"\underline{",
        (VERTICAL_ALIGN, "sup"): r"\textsuperscript{",
        (VERTICAL_ALIGN, "sub"): r"\textsubscript{",
    }

    def text(self, s: str) -> str:
        return _LATEX_RE.sub(lambda m: _LATEX_ESC[m.group(0)], s)

    def tag(self, fmt: tuple[str, str], opening: bool) -> str:
        o = self._MAP.get(fmt, "{")
        return o if opening else "}"

    def display(self, kind: str, opening: bool) -> str:
        if kind == "block" and opening:
            return "\n\n"
        if kind == "left-margin" and not opening:
            return " "
        return ""


_WRITERS: dict[OutputFormat, _Writer] = {
    OutputFormat.HTML: _HtmlWriter(),
    OutputFormat.TEXT: _TextWriter(),
    OutputFormat.MARKDOWN: _MarkdownWriter(),
    OutputFormat.LATEX: _LatexWriter(),
}
