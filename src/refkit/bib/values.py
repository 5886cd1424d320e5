"""Value expressions: the right-hand side of ``name = value``, parts joined by ``#``.

A part is a braced ``{...}`` or quoted ``"..."`` string, a number, or a macro name
(``@string`` macros, and the month macros every style defines).  ``value_parts`` splits
an expression, ``resolve_value`` expands its macros, and ``raw_value_problem`` says
whether a new expression can be spliced into a file without breaking it.  Braces are
counted by ``refkit.bib.braces``, as the scanner counts them.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping

from refkit.bib.braces import find_closer
from refkit.bib.months import MONTH_MACROS
from refkit.bib.scanner import BlockKind, scan

__all__ = [
    "MAX_EXPANSION",
    "Delimiter",
    "MacroExpander",
    "raw_value_problem",
    "resolve_value",
    "value_parts",
]

_PART = re.compile(r"\s*(?:(\{)|(\")|([^\s#{}\"]+))")
#: The most characters one macro may expand to (see ``MacroExpander``).
MAX_EXPANSION = 100_000
#: A bare part of a value expression as BibTeX reads it: digits, or an identifier that
#: does not start with a digit and has none of BibTeX's special characters.
_BARE_WORD = re.compile(r"[^\s#{}\"]+")
_NUMBER = re.compile(r"[0-9]+")
_MACRO_NAME = re.compile(r"[^0-9\s\"#%'(),={}][^\s\"#%'(),={}]*")
_JOIN = re.compile(r"\s*(?:#\s*)?")
#: A line that starts an entry: the scanner ends any unclosed value there, so a value
#: containing one would be cut in two when the file is read back.
_ENTRY_LINE = re.compile(r"\n[ \t]*@[ \t]*[A-Za-z][\w\-:.+]*[ \t]*[{(]")


class Delimiter(enum.Enum):
    """How a field value is written."""

    BRACES = "braces"
    QUOTES = "quotes"
    BARE = "bare"
    CONCATENATION = "concatenation"


def value_parts(raw: str) -> list[tuple[Delimiter, str]]:
    """Split a value expression into ``(kind, content)`` parts joined by ``#``.

    A bare part is a number or a macro name.  An unclosed string runs to the end.
    """
    parts: list[tuple[Delimiter, str]] = []
    pos = 0
    length = len(raw)
    while pos < length:
        match = _PART.match(raw, pos)
        if match is None:
            break
        if match.group(1) or match.group(2):
            opener_end = match.end()
            quoted = match.group(2) is not None
            close = find_closer(raw, opener_end, quoted=quoted)
            if close < 0 or (quoted and raw[close] == "}"):
                close = length
            parts.append((Delimiter.QUOTES if quoted else Delimiter.BRACES, raw[opener_end:close]))
            pos = close + 1
        else:
            parts.append((Delimiter.BARE, match.group(3)))
            pos = match.end()
        while pos < length and (raw[pos].isspace() or raw[pos] == "#"):
            pos += 1
    return parts


def raw_value_problem(raw: str) -> str | None:
    """Why ``raw`` is not a well-formed value expression, or None when it is.

    Well-formed: parts joined by ``#``, each a braced ``{...}`` or quoted ``"..."`` string
    with balanced braces, a number, or a macro name; no surrounding space, no comments.
    Braces and quotes count as the scanner counts them (not after a backslash), and the
    expression is finally read back by the scanner itself, so a value that passes can be
    spliced into any entry without making the file unparsable.
    """
    if not raw:
        return "the value is empty"
    if raw != raw.strip():
        return f"the value {raw!r} has space around it"
    if _ENTRY_LINE.search(raw):
        return f"the value {raw!r} has a line that would start a new entry"
    pos = 0
    while True:
        if raw[pos] in '{"':
            end, problem = _delimited_end(raw, pos)
            if problem is not None:
                return f"the value {raw!r} has {problem}"
        else:
            word = _BARE_WORD.match(raw, pos)
            text = word.group() if word is not None else raw[pos]
            if word is None or not (_NUMBER.fullmatch(text) or _MACRO_NAME.fullmatch(text)):
                return (
                    f"the value {raw!r} has {text!r} outside braces or quotes, which is"
                    " neither a number nor a macro name"
                )
            end = word.end()
        if end == len(raw):
            break
        join = _JOIN.match(raw, end)
        assert join is not None  # the pattern accepts the empty string
        if "#" not in join.group():
            if raw[join.end()] == "}":
                return f"the value {raw!r} has an unbalanced '}}'"
            return f"the value {raw!r} has parts not joined by '#' at {raw[end:]!r}"
        pos = join.end()
        if pos == len(raw):
            return f"the value {raw!r} ends with '#'"
    return _read_back_problem(raw)


def _delimited_end(raw: str, start: int) -> tuple[int, str | None]:
    """The end of the braced or quoted part at ``start``, with scanner brace semantics."""
    quoted = raw[start] == '"'
    close = find_closer(raw, start + 1, quoted=quoted)
    if close < 0:
        return len(raw), "an unclosed quote" if quoted else "unbalanced braces (an unclosed '{')"
    if quoted and raw[close] == "}":
        return close + 1, "an unbalanced '}' in a quoted part"
    return close + 1, None


def _read_back_problem(raw: str) -> str | None:
    """The scanner's verdict on ``raw`` as the value of a field: the final word on
    whether the file stays parsable, whatever the grammar check above overlooked."""
    prefix = "@misc{k, f = "
    result = scan(prefix + raw + "\n}")
    entries = [block for block in result.blocks if block.kind is BlockKind.ENTRY]
    if len(entries) == 1 and entries[0].field_count == 1:
        value_start, value_end = result.field(entries[0].field_start)[2:4]
        if (value_start, value_end) == (len(prefix), len(prefix) + len(raw)):
            return None
    return f"the value {raw!r} is not read back as one value"


def resolve_value(raw: str, macros: Mapping[str, str]) -> str:
    """The LaTeX of a value expression: macros expanded (``@string``, then months), parts
    concatenated; a macro that is not defined stays as its name (see ``MacroExpander``)."""
    return MacroExpander(macros).resolve(raw)


class _Frame:
    """One macro being expanded: its parts, how far, and what it has produced so far."""

    __slots__ = ("length", "name", "next", "parts", "pieces")

    def __init__(self, name: str, raw: str) -> None:
        self.name = name
        self.parts = value_parts(raw)
        self.next = 0
        self.pieces: list[str] = []
        self.length = 0


class MacroExpander:
    """Expands value expressions against one file's ``@string`` macros.

    Each macro is expanded once and remembered, without recursion, so a chain of any
    length costs its size.  Expansion is bounded, because ``@string{c = c # c # c}`` or a
    chain of doublings multiplies text exponentially: a macro whose expansion would
    exceed ``limit`` characters, or that is met again inside its own expansion (a cycle,
    which BibTeX would not follow), or that uses such a macro, stays as its name, as an
    undefined macro does.  Whether a macro expands is thus a property of the definitions,
    not of the order values are resolved in.

    The macros must not change while the expander is in use.
    """

    def __init__(self, macros: Mapping[str, str], limit: int = MAX_EXPANSION) -> None:
        self._macros = macros
        self._limit = limit
        self._memo: dict[str, str | None] = {}

    def resolve(self, raw: str) -> str:
        """The LaTeX of ``raw`` with macros expanded and parts concatenated."""
        pieces: list[str] = []
        length = 0
        for kind, content in value_parts(raw):
            piece = content
            if kind is Delimiter.BARE and not content.isdigit():
                name = content.lower()
                if name in self._macros:
                    expanded = self._expand(name)
                    if expanded is not None and length + len(expanded) <= self._limit:
                        piece = expanded
                elif name in MONTH_MACROS:
                    piece = MONTH_MACROS[name]
            # A literal part is no longer than the input; only expansions are bounded.
            pieces.append(piece)
            length += len(piece)
        return "".join(pieces)

    def _expand(self, root: str) -> str | None:
        """The expansion of macro ``root``, or None when it stays as its name."""
        memo = self._memo
        if root in memo:
            return memo[root]
        stack = [_Frame(root, self._macros[root])]
        active = {root}
        while stack:
            frame = stack[-1]
            if frame.next == len(frame.parts):
                stack.pop()
                active.discard(frame.name)
                result = memo[frame.name] = "".join(frame.pieces)
                if not stack:
                    return result
                if not _add(stack[-1], result, self._limit):
                    break
                continue
            kind, content = frame.parts[frame.next]
            frame.next += 1
            piece: str | None = content
            if kind is Delimiter.BARE and not content.isdigit():
                name = content.lower()
                if name in self._macros:
                    if name in active:
                        break
                    if name not in memo:
                        active.add(name)
                        stack.append(_Frame(name, self._macros[name]))
                        continue
                    piece = memo[name]
                elif name in MONTH_MACROS:
                    piece = MONTH_MACROS[name]
            if piece is None or not _add(frame, piece, self._limit):
                break
        # A cycle, an overflow or a macro that stays as its name: every macro being
        # expanded depends on it, so none of them can be expanded.
        for frame in stack:
            memo[frame.name] = None
        return None


def _add(frame: _Frame, piece: str, limit: int) -> bool:
    """Add ``piece`` to the frame's text, unless that would exceed ``limit``."""
    if frame.length + len(piece) > limit:
        return False
    frame.pieces.append(piece)
    frame.length += len(piece)
    return True
