"""Cut BibTeX text into blocks with exact character offsets, interpreting nothing.

bibtexparser's splitter counts lines from 0, records no columns or value spans, and
resolves duplicate field names before anyone can see them; refkit needs every offset
to splice edits into the original text and to point diagnostics at a column.  This
scanner is that small piece, in the spirit of bibtexparser's: it jumps between marks
with regular expressions and records where things are.  A syntax error ends only its
own block: the block is kept verbatim as failed and scanning resumes at the next line
that starts with ``@``.

Brace semantics follow bibtexparser (``\\{`` and ``\\}`` are not counted): braced and
quoted values and ``@comment`` bodies are walked by ``refkit.bib.braces``, like every
other brace group in refkit.  A line that starts a new entry is never swallowed into an
unclosed value of the previous one: the walk stops there.
"""

from __future__ import annotations

import enum
import re
from array import array
from dataclasses import dataclass

from refkit.bib.braces import find_closer

#: Offsets recorded per field, in this order, five to a field in ``ScanResult.offsets``:
#: name start, name end, value start, value end, end of the previous element.
RawField = tuple[int, int, int, int, int]
FIELD_WIDTH = 5

_BLOCK_START = re.compile(r"@[ \t]*([A-Za-z][\w\-:.+]*)[ \t\r\n]*([{(])")
_ENTRY_LINE = r"\n[ \t]*@[ \t]*[A-Za-z][\w\-:.+]*[ \t]*[{(]"
_SPACE = re.compile(r"\s*(?:%[^\n]*\s*)*")
_KEY = {"}": re.compile(r"[^\s,{}=\"]*"), ")": re.compile(r"[^\s,{}()=\"]*")}
_NAME = re.compile(r"[^\s=,{}()\"#%]+")
_BARE = re.compile(r"[^\s=,{}()\"#%]+")
_LINE_AT = re.compile(r"^[ \t]*@", re.MULTILINE)
_ENTRY_LINE_RE = re.compile(_ENTRY_LINE)
# name = value, then the separator, for values with no nested braces, escapes or '#'.
_FAST_FIELD = re.compile(
    r"[ \t\r\n]*([^\s=,{}()\"#%]+)[ \t\r\n]*=[ \t\r\n]*"
    r"(?:(\{[^{}\\]*\})|(\"[^\"{}\\]*\"|[0-9]+|[A-Za-z][\w\-:.+]*))"
    r"[ \t\r\n]*[,}]"
)
_CLOSER = {"{": "}", "(": ")"}


class BlockKind(enum.Enum):
    ENTRY = "entry"
    STRING = "string"
    PREAMBLE = "preamble"
    COMMENT = "comment"
    TEXT = "text"
    FAILED = "failed"


@dataclass(slots=True)
class RawBlock:
    """Where one block and its parts are, as character offsets into the text."""

    kind: BlockKind
    start: int
    end: int
    type_start: int = 0
    type_end: int = 0
    key_start: int = 0
    key_end: int = 0
    field_start: int = 0
    field_count: int = 0
    error: str | None = None
    error_offset: int = 0


@dataclass(slots=True)
class ScanResult:
    """The blocks, and the offsets of every field (``FIELD_WIDTH`` integers each).

    Offsets live in one flat array rather than a tuple per field: a 60 MB file has
    about a million fields, and five boxed integers each would double the memory.
    """

    blocks: list[RawBlock]
    offsets: array[int]

    def field(self, number: int) -> RawField:
        base = number * FIELD_WIDTH
        offsets = self.offsets
        return (
            offsets[base],
            offsets[base + 1],
            offsets[base + 2],
            offsets[base + 3],
            offsets[base + 4],
        )


class _SyntaxProblemError(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


def scan(text: str) -> ScanResult:
    """Every block of ``text`` in order (their spans tile the text exactly)."""
    scanner = _Scanner(text)
    return ScanResult(scanner.run(), scanner.offsets)


def _is_commented_out(text: str, at: int, since: int) -> bool:
    """An ``@`` after a ``%`` on its line: biber and LaTeX users read it as a comment.

    Only the text between blocks counts (from ``since``): a ``%`` inside the value of the
    entry that ends on this line is that value's text, not a comment.
    """
    line = text[max(text.rfind("\n", 0, at) + 1, since) : at]
    return "%" in line.rsplit("\r", 1)[-1]


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.blocks: list[RawBlock] = []
        self.offsets: array[int] = array("q")
        self.field_total = 0

    def run(self) -> list[RawBlock]:
        text = self.text
        pos = 0
        text_start = 0
        length = len(text)
        while pos < length:
            at = text.find("@", pos)
            if at == -1:
                break
            match = _BLOCK_START.match(text, at)
            if match is None or _is_commented_out(text, at, text_start):
                pos = at + 1
                continue
            if at > text_start:
                self.blocks.append(RawBlock(BlockKind.TEXT, text_start, at))
            mark = (len(self.offsets), self.field_total)
            block = self._block(match)
            if block.kind is BlockKind.FAILED:  # forget fields of the abandoned block
                del self.offsets[mark[0] :]
                self.field_total = mark[1]
            self.blocks.append(block)
            pos = text_start = block.end
        if text_start < length:
            self.blocks.append(RawBlock(BlockKind.TEXT, text_start, length))
        return self.blocks

    def _block(self, match: re.Match[str]) -> RawBlock:
        kind_name = match.group(1).lower()
        closer = _CLOSER[match.group(2)]
        start = match.start()
        try:
            if kind_name == "comment":
                return self._comment(match)
            if kind_name == "string":
                return self._string(match, closer)
            if kind_name == "preamble":
                return self._preamble(match, closer)
            return self._entry(match, closer)
        except _SyntaxProblemError as problem:
            end = self._recovery_point(start, problem.offset)
            return RawBlock(
                BlockKind.FAILED,
                start,
                end,
                type_start=match.start(1),
                type_end=match.end(1),
                error=problem.message,
                error_offset=min(problem.offset, end),
            )

    def _recovery_point(self, block_start: int, error_offset: int) -> int:
        text = self.text
        line_start = text.rfind("\n", 0, error_offset) + 1
        search_from = max(line_start, block_start + 1)
        for candidate in _LINE_AT.finditer(text, search_from):
            if candidate.start() > block_start and _BLOCK_START.match(text, candidate.end() - 1):
                return candidate.start()
        return len(text)

    def _skip_space(self, pos: int) -> int:
        match = _SPACE.match(self.text, pos)
        assert match is not None  # \s* always matches
        return match.end()

    def _char(self, pos: int, what: str) -> str:
        if pos >= len(self.text):
            raise _SyntaxProblemError(f"file ends inside an entry, expecting {what}", pos)
        return self.text[pos]

    def _comment(self, match: re.Match[str]) -> RawBlock:
        text = self.text
        if match.group(2) != "{":
            end = text.find("\n", match.end())
            end = len(text) if end == -1 else end
            return RawBlock(BlockKind.COMMENT, match.start(), end)
        close = find_closer(text, match.end())
        if close < 0:
            raise _SyntaxProblemError("unbalanced braces: @comment is never closed", match.start())
        return RawBlock(BlockKind.COMMENT, match.start(), close + 1)

    def _string(self, match: re.Match[str], closer: str) -> RawBlock:
        pos = self._skip_space(match.end())
        name = _NAME.match(self.text, pos)
        if name is None:
            raise _SyntaxProblemError("@string needs a name", pos)
        field_start = self.field_total
        pos = self._skip_space(self._field_after_name(name, name.start()))
        if pos < len(self.text) and self.text[pos] == ",":
            pos = self._skip_space(pos + 1)
        if self._char(pos, f"'{closer}'") != closer:
            raise _SyntaxProblemError(f"expected '{closer}' to close @string", pos)
        return RawBlock(
            BlockKind.STRING,
            match.start(),
            pos + 1,
            type_start=match.start(1),
            type_end=match.end(1),
            field_start=field_start,
            field_count=1,
        )

    def _preamble(self, match: re.Match[str], closer: str) -> RawBlock:
        pos = self._skip_space(match.end())
        value_start = pos
        value_end = self._value(pos)
        pos = self._skip_space(value_end)
        if self._char(pos, f"'{closer}'") != closer:
            raise _SyntaxProblemError(f"expected '{closer}' to close @preamble", pos)
        field_start = self._record(value_start, value_start, value_start, value_end, value_start)
        return RawBlock(
            BlockKind.PREAMBLE,
            match.start(),
            pos + 1,
            type_start=match.start(1),
            type_end=match.end(1),
            field_start=field_start,
            field_count=1,
        )

    def _record(self, *offsets: int) -> int:
        self.offsets.extend(offsets)
        self.field_total += 1
        return self.field_total - 1

    def _entry(self, match: re.Match[str], closer: str) -> RawBlock:
        text = self.text
        pos = self._skip_space(match.end())
        key = _KEY[closer].match(text, pos)
        assert key is not None  # the pattern accepts the empty string
        key_start, key_end = key.start(), key.end()
        pos = self._skip_space(key_end)
        char = self._char(pos, "',' after the key")
        if char == "=" or (char in '{"' and key_start == key_end):
            raise _SyntaxProblemError("entry has no key", key_start)
        if char not in {",", closer}:
            raise _SyntaxProblemError(f"missing ',' after the key {text[key_start:key_end]!r}", pos)
        field_start = self.field_total
        previous_end = key_end
        fast = _FAST_FIELD.match if closer == "}" else None
        offsets = self.offsets
        while char == ",":
            if fast is not None:
                # The common shape in one regex: name = {flat} | "flat" | bare, then , or }
                quick = fast(text, pos + 1)
                if quick is not None:
                    group = 2 if quick.group(2) is not None else 3
                    value_start, value_end = quick.span(group)
                    if text.find("@", value_start, value_end) == -1 or not _ENTRY_LINE_RE.search(
                        text, value_start, value_end
                    ):
                        offsets.extend(
                            (quick.start(1), quick.end(1), value_start, value_end, previous_end)
                        )
                        self.field_total += 1
                        previous_end = value_end
                        pos = quick.end() - 1
                        char = text[pos]
                        continue
            pos = self._skip_space(pos + 1)
            char = self._char(pos, f"a field or '{closer}'")
            if char == closer:
                break
            name = _NAME.match(text, pos)
            if name is None:
                raise _SyntaxProblemError(f"expected a field name, found {char!r}", pos)
            previous_end = pos = self._field_after_name(name, previous_end)
            pos = self._skip_space(pos)
            char = self._char(pos, f"',' or '{closer}'")
            if char not in {",", closer}:
                raise _SyntaxProblemError(
                    f"missing ',' after field {text[name.start() : name.end()]!r}", pos
                )
        return RawBlock(
            BlockKind.ENTRY,
            match.start(),
            pos + 1,
            type_start=match.start(1),
            type_end=match.end(1),
            key_start=key_start,
            key_end=key_end,
            field_start=field_start,
            field_count=self.field_total - field_start,
        )

    def _field_after_name(self, name: re.Match[str], previous_end: int) -> int:
        """Record one field whose name matched; return the end of its value."""
        pos = self._skip_space(name.end())
        if self._char(pos, "'='") != "=":
            raise _SyntaxProblemError(f"missing '=' after field name {name.group()!r}", pos)
        value_start = self._skip_space(pos + 1)
        value_end = self._value(value_start)
        self._record(name.start(), name.end(), value_start, value_end, previous_end)
        return value_end

    def _value(self, pos: int) -> int:
        """End offset of a value expression: parts joined by ``#``."""
        text = self.text
        while True:
            char = self._char(pos, "a value")
            if char == "{":
                end = self._delimited(pos, "}")
            elif char == '"':
                end = self._delimited(pos, '"')
            else:
                bare = _BARE.match(text, pos)
                if bare is None:
                    raise _SyntaxProblemError(f"missing value, found {char!r}", pos)
                end = bare.end()
            after = self._skip_space(end)
            if after < len(text) and text[after] == "#":
                pos = self._skip_space(after + 1)
                continue
            return end

    def _delimited(self, start: int, final: str) -> int:
        text = self.text
        # A value never runs past the next line that starts an entry: the walk stops there.
        entry_line = _ENTRY_LINE_RE.search(text, start)
        limit = len(text) if entry_line is None else entry_line.start()
        close = find_closer(text, start + 1, limit, quoted=final == '"')
        if close < 0:
            what = "brace" if final == "}" else "quote"
            raise _SyntaxProblemError(
                f"unbalanced {what}: value is not closed before "
                + ("the end of the file" if entry_line is None else "the next entry"),
                start,
            )
        if text[close] != final:
            raise _SyntaxProblemError("unbalanced braces in quoted value", close)
        return close + 1
