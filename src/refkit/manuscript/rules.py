"""The findings of ``refkit cite-check`` (RK9xx), one rule class per kind.

Each rule reads a ``CiteContext`` (the scanned manuscripts, their resolved citations and
the bibliography profiles) and yields diagnostics located in the manuscript, or in the
.bib file for entries never cited.  Rules report; they never edit.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from refkit.core.diagnostics import Diagnostic, Severity
from refkit.core.spans import SourceMap
from refkit.lint.rules.base import Rule
from refkit.manuscript.matching import EntryProfile, Resolution, Status
from refkit.manuscript.model import Citation, CitationStyle, ManuscriptKind, PunctuationProblem

__all__ = [
    "AmbiguousCitation",
    "CitationNotInBibliography",
    "CiteContext",
    "CiteRule",
    "CitedAuthorMismatch",
    "CitedYearMismatch",
    "EntryNeverCited",
    "MalformedCitationPunctuation",
    "QuotationWithoutLocator",
    "ScannedManuscript",
    "cite_rules",
]

#: Words a quotation needs before it counts as a direct quotation (not a scare quote).
QUOTATION_MIN_WORDS = 4


@dataclass
class ScannedManuscript:
    """One manuscript with what was found in it."""

    path: str | None
    text: str
    kind: ManuscriptKind
    source: SourceMap
    resolutions: list[Resolution] = field(default_factory=list)
    problems: list[PunctuationProblem] = field(default_factory=list)
    quotations: list[tuple[int, int]] = field(default_factory=list)
    #: Offsets of bare locator groups, ``(p. 5)``, that give a quotation its page.
    locators: list[int] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class CiteContext:
    """What the cite-check rules consult."""

    manuscripts: list[ScannedManuscript]
    entries: list[EntryProfile]
    options: Mapping[str, Any] = field(default_factory=dict)

    def cited(self) -> set[tuple[str | None, int]]:
        """(bib path, block index) of every entry some citation refers to."""
        found: set[tuple[str | None, int]] = set()
        pending: list[EntryProfile] = []
        for manuscript in self.manuscripts:
            for resolution in manuscript.resolutions:
                if resolution.status is Status.MISSING:
                    continue
                pending.extend(resolution.entries)
        by_key: dict[str, list[EntryProfile]] = {}
        for entry in self.entries:
            by_key.setdefault(entry.key, []).append(entry)
        # An entry a cited entry inherits from (crossref, xref, xdata) is used too.
        while pending:
            entry = pending.pop()
            identity = (entry.path, entry.block_index)
            if identity in found:
                continue
            found.add(identity)
            for name in ("crossref", "xref", "xdata"):
                item = entry.entry.field(name)
                if item is None:
                    continue
                for key in item.value.split(","):
                    pending.extend(by_key.get(key.strip(), []))
        return found


class CiteRule(Rule):
    """A cite-check rule: looks at every manuscript and the bibliography at once."""

    family: ClassVar[str] = "manuscript"

    def check(self, context: CiteContext) -> Iterator[Diagnostic]:
        raise NotImplementedError

    def finding(
        self,
        message: str,
        *,
        path: str | None,
        source: SourceMap | None = None,
        start: int | None = None,
        end: int | None = None,
        citation: Citation | None = None,
        entry_key: str | None = None,
    ) -> Diagnostic:
        """A diagnostic at a citation, or at a character range of ``source``."""
        line = column = end_line = end_column = None
        if citation is not None:
            line, column = citation.line, citation.column
            end_line, end_column = citation.end_line, citation.end_column
            path = citation.path or path
        elif source is not None and start is not None:
            line, column = source.line_col(start)
            end_line, end_column = source.line_col(max(start, (end or start + 1) - 1))
        return Diagnostic(
            code=self.code,
            name=self.name,
            severity=self.severity,
            message=message,
            path=path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            entry_key=entry_key,
        )


def _cited_as(citation: Citation) -> str:
    if citation.key is not None:
        return f"key {citation.key!r}"
    text = " ".join(citation.text.split())
    return repr(text)


class CitationNotInBibliography(CiteRule):
    """A citation refers to no entry of the bibliography.

    Bad:  \\cite{smith2010} with no entry smith2010; "(Wheaton et al., 2010)" with no
          Wheaton entry
    Good: add the entry, or correct the key or author to one the bibliography has
    """

    code = "RK901"
    name = "citation-not-in-bibliography"
    severity = Severity.ERROR

    def check(self, context: CiteContext) -> Iterator[Diagnostic]:
        for manuscript in context.manuscripts:
            for resolution in manuscript.resolutions:
                if resolution.status is not Status.MISSING:
                    continue
                citation = resolution.citation
                hint = ""
                if resolution.candidates:
                    hint = "; nearest: " + ", ".join(resolution.candidates)
                yield self.finding(
                    f"{_cited_as(citation)} is cited but is not in the bibliography{hint}",
                    path=manuscript.path,
                    citation=citation,
                    entry_key=citation.key,
                )


class EntryNeverCited(CiteRule):
    """A bibliography entry is never cited in the manuscript.

    Bad:  @book{unused2001, ...} and no citation of it
    Good: cite the work, or remove the entry (or list it with \\nocite)
    """

    code = "RK902"
    name = "entry-never-cited"
    severity = Severity.WARNING

    def check(self, context: CiteContext) -> Iterator[Diagnostic]:
        cited = context.cited()
        for entry in context.entries:
            if (entry.path, entry.block_index) in cited:
                continue
            span = entry.entry.key_span or entry.entry.span
            yield Diagnostic(
                code=self.code,
                name=self.name,
                severity=self.severity,
                message=f"entry {entry.key!r} ({entry.display}) is never cited",
                path=entry.path,
                line=span.start_line if span else None,
                column=span.start_column if span else None,
                end_line=span.end_line if span else None,
                end_column=span.end_column if span else None,
                entry_key=entry.key,
                block_index=entry.block_index,
            )


class CitedAuthorMismatch(CiteRule):
    """The cited author is a variant or misspelling of the entry's author.

    Bad:  (UNDOC, 2014) for author {United Nations Office on Drugs and Crime} / UNODC;
          (Latonero M, 2012) for Latonero et al.
    Good: (UNODC, 2014); (Latonero et al., 2012)
    """

    code = "RK903"
    name = "cited-author-mismatch"
    severity = Severity.WARNING

    def check(self, context: CiteContext) -> Iterator[Diagnostic]:
        for manuscript in context.manuscripts:
            for resolution in manuscript.resolutions:
                entry = resolution.entry
                if resolution.status is not Status.VARIANT or entry is None:
                    continue
                citation = resolution.citation
                what = "mentions" if citation.style is CitationStyle.MENTION else "cites"
                yield self.finding(
                    f"the text {what} {_cited_as(citation)} for entry {entry.key!r} "
                    f"({entry.display}): {resolution.note}",
                    path=manuscript.path,
                    citation=citation,
                    entry_key=entry.key,
                )


class CitedYearMismatch(CiteRule):
    """The cited year differs from the year of the entry the author matches.

    Bad:  (Latonero et al., 2013) when the bibliography has Latonero et al. 2011 and 2012
    Good: (Latonero et al., 2012)
    """

    code = "RK904"
    name = "cited-year-mismatch"
    severity = Severity.WARNING

    def check(self, context: CiteContext) -> Iterator[Diagnostic]:
        for manuscript in context.manuscripts:
            for resolution in manuscript.resolutions:
                entry = resolution.entry
                if resolution.status is not Status.YEAR_MISMATCH or entry is None:
                    continue
                yield self.finding(
                    f"{_cited_as(resolution.citation)}: {resolution.note} "
                    f"(nearest entry {entry.key!r})",
                    path=manuscript.path,
                    citation=resolution.citation,
                    entry_key=entry.key,
                )


class AmbiguousCitation(CiteRule):
    """A citation fits several entries (an author with several works, no year given).

    Bad:  (UN.GIFT) when the bibliography lists UN.GIFT 2008 and UN.GIFT 2014
    Good: (UN.GIFT, 2014)
    """

    code = "RK905"
    name = "ambiguous-citation"
    severity = Severity.WARNING

    def check(self, context: CiteContext) -> Iterator[Diagnostic]:
        for manuscript in context.manuscripts:
            for resolution in manuscript.resolutions:
                if resolution.status is not Status.AMBIGUOUS:
                    continue
                keys = ", ".join(
                    f"{entry.key} ({entry.year or 'no year'})" for entry in resolution.entries
                )
                yield self.finding(
                    f"{_cited_as(resolution.citation)} fits several entries ({resolution.note}): "
                    f"{keys}",
                    path=manuscript.path,
                    citation=resolution.citation,
                    entry_key=resolution.entries[0].key if resolution.entries else None,
                )


class QuotationWithoutLocator(CiteRule):
    """A direct quotation's citation gives no page (or other) locator.

    A direct quotation is one of at least ``quotation-min-words`` words (default 4) in
    quotation marks, ``\\enquote{}``, a quote environment or a ``>`` block; its citation
    is any citation in the same paragraph (a quotation set off as its own paragraph
    belongs to the paragraph introducing it).  Turn the rule off with ``--ignore RK906``
    or ``quote-without-locator = false`` under ``[tool.refkit.options]``.

    Bad:  Wheaton et al. (2010) "As people become vulnerable to exploitation ..."
    Good: Wheaton et al. (2010, p. 114) "As people become vulnerable to exploitation ..."
    """

    code = "RK906"
    name = "quotation-without-locator"
    severity = Severity.WARNING

    def check(self, context: CiteContext) -> Iterator[Diagnostic]:
        if context.options.get("quote-without-locator", True) is False:
            return
        minimum = int(context.options.get("quotation-min-words", QUOTATION_MIN_WORDS))
        for manuscript in context.manuscripts:
            own = sorted(
                (item for item in manuscript.resolutions if item.citation.path is None),
                key=lambda item: item.citation.start,
            )
            starts = [item.citation.start for item in own]
            paragraph_starts = [a for a, _ in manuscript.paragraphs]
            for start, end in manuscript.quotations:
                if len(manuscript.text[start:end].split()) < minimum:
                    continue
                index = bisect.bisect_right(paragraph_starts, start) - 1
                paragraph = (start, end)
                if index >= 0 and start < manuscript.paragraphs[index][1]:
                    paragraph = manuscript.paragraphs[index]
                near = [
                    resolution
                    for resolution in own[
                        bisect.bisect_left(starts, paragraph[0]) : bisect.bisect_left(
                            starts, paragraph[1]
                        )
                    ]
                    if not (start <= resolution.citation.start < end)
                ]
                if not near or any(item.citation.has_locator for item in near):
                    continue
                if any(paragraph[0] <= offset < paragraph[1] for offset in manuscript.locators):
                    continue
                cited = ", ".join(dict.fromkeys(_cited_as(item.citation) for item in near))
                first = near[0].entry
                yield self.finding(
                    f"a direct quotation is cited ({cited}) without a page or other locator",
                    path=manuscript.path,
                    source=manuscript.source,
                    start=start,
                    end=end,
                    entry_key=first.key if first is not None else None,
                )


class MalformedCitationPunctuation(CiteRule):
    r"""Citation punctuation is malformed.

    Checked in author-year prose and in the notes of LaTeX and Pandoc citations.

    Bad:  Wheaton et al, (2010); (UN.GIFT B.P.:017,2008); (Latonero M, 2012, p.10); (Smith, 2010
    Bad:  \citep[p.10]{latonero2011}; [see @latonero2011 , p.10]
    Good: Wheaton et al. (2010); (UN.GIFT B.P.:017, 2008); (Latonero et al., 2012, p. 10)
    Good: \citep[p.~10]{latonero2011}; [see @latonero2011, p. 10]
    """

    code = "RK907"
    name = "malformed-citation-punctuation"
    severity = Severity.WARNING

    def check(self, context: CiteContext) -> Iterator[Diagnostic]:
        for manuscript in context.manuscripts:
            for problem in manuscript.problems:
                yield self.finding(
                    problem.message,
                    path=manuscript.path,
                    source=manuscript.source,
                    start=problem.offset,
                    end=problem.end,
                )


def cite_rules() -> list[CiteRule]:
    """Every cite-check rule, freshly built, in code order."""
    rules: Sequence[CiteRule] = (
        CitationNotInBibliography(),
        EntryNeverCited(),
        CitedAuthorMismatch(),
        CitedYearMismatch(),
        AmbiguousCitation(),
        QuotationWithoutLocator(),
        MalformedCitationPunctuation(),
    )
    return sorted(rules, key=lambda rule: rule.code)
