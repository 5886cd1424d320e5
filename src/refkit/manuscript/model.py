"""What a manuscript cites: citations as values, with where they stand in the text.

A citation is either keyed (LaTeX ``\\cite{key}``, Pandoc ``[@key]``, a key an ``.aux``
or ``.bcf`` file lists) or author-year (plain prose: ``(UNODC, 2014, p. 5)``,
``Wheaton et al. (2010)``, a narrative mention such as "As Skinner and Maher note").
Offsets are character offsets into the manuscript text; lines and columns are 1-based.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from refkit.core.spans import SourceMap

_NOT_A_LINE_BREAK = re.compile(r"[^\r\n]")

__all__ = ["Citation", "CitationStyle", "ManuscriptKind", "PunctuationProblem"]


class ManuscriptKind(enum.Enum):
    """The markup of a manuscript, which decides how citations are found."""

    LATEX = "latex"
    MARKDOWN = "markdown"
    PROSE = "prose"

    @classmethod
    def from_path(cls, path: str) -> ManuscriptKind:
        """LaTeX for .tex/.ltx, Markdown for .md/.markdown/.qmd/.Rmd, else prose."""
        lowered = path.lower()
        if lowered.endswith((".tex", ".ltx")):
            return cls.LATEX
        if lowered.endswith((".md", ".markdown", ".qmd", ".rmd")):
            return cls.MARKDOWN
        return cls.PROSE


class CitationStyle(enum.Enum):
    """How a citation names its source."""

    #: A citation key (LaTeX, Pandoc, .aux, .bcf).
    KEY = "key"
    #: An author (or organisation) and usually a year, in parentheses or narrative.
    AUTHOR_YEAR = "author-year"
    #: A name of an entry's author, organisation or title met in running text.
    MENTION = "mention"


@dataclass(frozen=True)
class PunctuationProblem:
    """A malformed piece of citation punctuation, at a character offset."""

    offset: int
    end: int
    message: str


@dataclass(frozen=True)
class Citation:
    """One cited work: a key, or an author string with an optional year and locator."""

    style: CitationStyle
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    key: str | None = None
    author: str | None = None
    year: str | None = None
    locator: str | None = None
    prenote: str | None = None
    command: str | None = None
    #: The file the citation was read from when it is not the manuscript (.aux, .bcf).
    path: str | None = None
    suppress_author: bool = False
    #: Where the citation's pre- and post-notes are in the manuscript (LaTeX options,
    #: Pandoc prefixes and suffixes), for the punctuation check.
    note_spans: tuple[tuple[int, int], ...] = ()

    @property
    def is_all(self) -> bool:
        """``\\nocite{*}``: every entry of the bibliography counts as cited."""
        return self.key == "*"

    @property
    def has_locator(self) -> bool:
        """Whether the citation gives a page or similar pinpoint."""
        return bool(self.locator and self.locator.strip())

    @property
    def label(self) -> str:
        """The citation as a reader would name it in a message."""
        if self.key is not None:
            return self.key
        if self.author is not None and self.year is not None:
            return f"{self.author}, {self.year}"
        return self.author or self.text


def located(
    source: SourceMap,
    style: CitationStyle,
    start: int,
    end: int,
    **values: str | bool | tuple[tuple[int, int], ...] | None,
) -> Citation:
    """A citation spanning ``source.text[start:end]``, with its line and column worked out."""
    line, column = source.line_col(start)
    end_line, end_column = source.line_col(max(start, end - 1))
    return Citation(
        style=style,
        start=start,
        end=end,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        text=source.text[start:end],
        **values,  # type: ignore[arg-type]
    )


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each ``[start, end)`` replaced by spaces, line breaks kept (offsets stay)."""
    if not spans:
        return text
    # Overlapping spans are merged first: blanking each one in turn was quadratic when
    # many overlap (every "%" of a line of them is a comment to the line's end).
    out: list[str] = []
    position = 0
    for start, end in sorted(spans):
        start, end = max(start, position), min(end, len(text))
        if start >= end:
            continue
        out.append(text[position:start])
        out.append(_NOT_A_LINE_BREAK.sub(" ", text[start:end]))
        position = end
    out.append(text[position:])
    return "".join(out)
