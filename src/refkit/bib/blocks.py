"""The blocks of a .bib file other than entries: text between blocks, ``@comment``,
``@preamble``, ``@string``, and blocks that could not be parsed.

Every block keeps the exact text it was read from (its offsets into the file's
``SourceContext``), so writing an untouched block gives that text back.
"""

from __future__ import annotations

import re
from typing import ClassVar

from refkit.bib.fields import Field, SourceContext
from refkit.bib.scanner import BlockKind
from refkit.core.diagnostics import Diagnostic, Severity
from refkit.core.spans import Span

__all__ = [
    "SYNTAX_ERROR",
    "Block",
    "CommentBlock",
    "FailedBlock",
    "PreambleBlock",
    "StringBlock",
    "TextBlock",
    "newline_of",
]

SYNTAX_ERROR = ("RK001", "syntax-error")


def newline_of(text: str) -> str:
    """The line ending a text uses: that of its first line."""
    index = text.find("\n")
    return "\r\n" if index > 0 and text[index - 1] == "\r" else "\n"


class Block:
    """One piece of a .bib file, in file order."""

    kind: ClassVar[BlockKind]
    __slots__ = ("_context", "_end", "_start")

    def __init__(self, start: int = 0, end: int = 0, context: SourceContext | None = None) -> None:
        self._start = start
        self._end = end
        self._context = context

    @property
    def raw(self) -> str:
        """The block's text as it will be written."""
        if self._context is None:
            return ""
        return self._context.source.text[self._start : self._end]

    @property
    def span(self) -> Span | None:
        if self._context is None:
            return None
        return Span(self._start, self._end, self._context.source)

    @property
    def offsets(self) -> tuple[int, int] | None:
        """``(start, end)`` character offsets in the source, or None for a new block.

        The same range as ``span`` without building a ``Span``: whole-file prefilters
        ask it of every entry.
        """
        if self._context is None:
            return None
        return self._start, self._end

    def __repr__(self) -> str:
        span = self.span
        where = f" at line {span.start_line}" if span else ""
        return f"<{type(self).__name__}{where}>"


class TextBlock(Block):
    """Text between blocks: BibTeX ignores it; refkit keeps it."""

    kind = BlockKind.TEXT
    __slots__ = ("_text",)

    def __init__(
        self, start: int = 0, end: int = 0, context: SourceContext | None = None, text: str = ""
    ) -> None:
        super().__init__(start, end, context)
        self._text = text

    @property
    def raw(self) -> str:
        return self._text if self._context is None else super().raw


class CommentBlock(Block):
    """An ``@comment``."""

    kind = BlockKind.COMMENT
    __slots__ = ()


class PreambleBlock(Block):
    """A ``@preamble``; ``value`` is its value expression."""

    kind = BlockKind.PREAMBLE
    __slots__ = ("value",)

    def __init__(self, start: int, end: int, context: SourceContext, value: str) -> None:
        super().__init__(start, end, context)
        self.value = value


class StringBlock(Block):
    """A ``@string`` macro definition."""

    kind = BlockKind.STRING
    __slots__ = ("field",)

    def __init__(self, start: int, end: int, context: SourceContext, string_field: Field) -> None:
        super().__init__(start, end, context)
        self.field = string_field

    @property
    def name(self) -> str:
        return self.field.name


class FailedBlock(Block):
    """A block that could not be parsed, kept verbatim with its problem."""

    kind = BlockKind.FAILED
    __slots__ = ("error", "error_offset", "type_name")

    def __init__(
        self,
        start: int,
        end: int,
        context: SourceContext,
        type_name: str,
        error: str,
        error_offset: int,
    ) -> None:
        super().__init__(start, end, context)
        self.type_name = type_name
        self.error = error
        self.error_offset = error_offset

    @property
    def key_guess(self) -> str | None:
        """The entry key, when the text before the first comma looks like one."""
        match = re.match(r"@\s*\w+\s*[{(]\s*([^\s,{}=\"]+)\s*,", self.raw)
        return match.group(1) if match else None

    def diagnostic(self, block_index: int | None = None) -> Diagnostic:
        """The parse problem as a diagnostic value, pointing at where it was noticed."""
        assert self._context is not None
        source = self._context.source
        line, column = source.line_col(self.error_offset)
        end_line, end_column = source.line_col(max(self._start, self._end - 1))
        key = self.key_guess
        what = f"@{self.type_name}" + (f" {key!r}" if key else "")
        return Diagnostic(
            code=SYNTAX_ERROR[0],
            name=SYNTAX_ERROR[1],
            severity=Severity.ERROR,
            message=f"{self.error} ({what} starting at line {source.line_col(self._start)[0]}"
            " is kept verbatim; parsing resumed after it)",
            path=self._context.path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            entry_key=key,
            block_index=block_index,
        )

