"""Source positions: character offsets mapped lazily to lines, columns and bytes.

The scanner records only character offsets (cheap); lines, columns and byte offsets
are worked out on demand from one ``SourceMap`` per file, so loading a 60 MB file does
not pay for positions nobody asks for.
"""

from __future__ import annotations

import bisect
import itertools
import re
from array import array
from dataclasses import dataclass
from functools import cached_property

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_PIECE = 1 << 16


class SourceMap:
    """Maps character offsets of one decoded text to lines, columns and byte offsets."""

    __slots__ = ("__dict__", "encoding", "text")

    def __init__(self, text: str, encoding: str = "utf-8") -> None:
        self.text = text
        self.encoding = encoding

    @cached_property
    def line_starts(self) -> array[int]:
        """Offsets where lines start; CRLF, LF and (old Mac) lone CR end a line.

        An array, not a list: a 60 MB file has over a million lines.
        """
        text = self.text
        starts = array("q", [0])
        if "\r" not in text:
            # Line lengths of 64 KB pieces, summed in C: twice as fast as a find() loop
            # and, unlike one split() of the file, no copy of it in memory.
            for base in range(0, len(text), _PIECE):
                lengths = [len(line) + 1 for line in text[base : base + _PIECE].split("\n")]
                lengths.pop()  # the piece's last line does not end inside it
                starts.extend(itertools.accumulate(lengths, initial=base))
                starts.pop(len(starts) - len(lengths) - 1)
            return starts
        starts.extend(match.end() for match in _LINE_BREAK.finditer(text))
        return starts

    @cached_property
    def _is_single_byte(self) -> bool:
        return self.text.isascii() and self.encoding.replace("_", "-").lower() not in {
            "utf-16",
            "utf-16-le",
            "utf-16-be",
            "utf-32",
        }

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of a character offset."""
        starts = self.line_starts
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def byte_offset(self, offset: int) -> int:
        """Offset in the encoded file (BOM excluded) of a character offset."""
        if self._is_single_byte:
            return offset
        line, column = self.line_col(offset)
        start = self.line_starts[line - 1]
        return self._line_byte_starts[line - 1] + len(
            self.text[start : start + column - 1].encode(self.encoding, "replace")
        )

    @cached_property
    def _line_byte_starts(self) -> array[int]:
        starts = array("q", [0])
        total = 0
        previous = 0
        for start in self.line_starts[1:]:
            total += len(self.text[previous:start].encode(self.encoding, "replace"))
            starts.append(total)
            previous = start
        return starts


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range ``[start, end)`` of character offsets in one source."""

    start: int
    end: int
    source: SourceMap

    @property
    def start_line(self) -> int:
        return self.source.line_col(self.start)[0]

    @property
    def start_column(self) -> int:
        return self.source.line_col(self.start)[1]

    @property
    def end_line(self) -> int:
        return self.source.line_col(max(self.start, self.end - 1))[0]

    @property
    def end_column(self) -> int:
        """Column of the last character of the span (inclusive, 1-based)."""
        return self.source.line_col(max(self.start, self.end - 1))[1]

    @property
    def start_byte(self) -> int:
        return self.source.byte_offset(self.start)

    @property
    def end_byte(self) -> int:
        return self.source.byte_offset(self.end)

    @property
    def text(self) -> str:
        return self.source.text[self.start : self.end]

    def __repr__(self) -> str:
        return f"Span({self.start_line}:{self.start_column}-{self.end_line}:{self.end_column})"
