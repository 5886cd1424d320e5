"""Author-year citations in plain prose, and the quotations and paragraphs around them.

Parenthetical groups are read as citations when they name an author (or organisation)
and a year: ``(UNODC, 2014, p. 5)``, ``(BBC, 2003 & UN.GIFT B.P.:017, 2008)``,
``(Smith & Jones, 2010; Doe 2001a)``.  A group splits on ``;`` and on `` & `` when each
side has its own year (otherwise ``&`` joins two authors).  A year in parentheses after
names is a narrative citation: ``Wheaton et al. (2010)``.  A group with no year is a
citation when it looks like a name and ends a sentence: ``(UN.GIFT).``.  The reference
list at the end of the text (after a "References" heading) is not searched.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from refkit.bib.months import MONTH_MACROS, MONTH_NUMBERS
from refkit.core.spans import SourceMap
from refkit.manuscript.matching import acronym, compact
from refkit.manuscript.model import (
    Citation,
    CitationStyle,
    PunctuationProblem,
    blank,
    located,
)

__all__ = [
    "ProseScan",
    "find_prose_citations",
    "paragraphs",
    "punctuation_problems",
    "quotations",
    "references_start",
    "scan_prose",
]

YEAR = r"(?:1[5-9]\d\d|20\d\d)[a-z]?|n\.\s?d\."
_YEAR = re.compile(rf"(?<![\w/.-])(?P<year>{YEAR})(?![\w/-])")
_REFERENCES = re.compile(
    r"^[ \t]*(?:\[toggle\b[^\]\n]*title=\W{0,2}(?:References|Bibliography|Works Cited)\b[^\]\n]*\]"
    r"|#{0,6}[ \t]*(?:References|Bibliography|Works Cited|Reference List|Literature Cited|"
    r"Sources)[ \t]*:?)[ \t]*\r?$",
    re.MULTILINE | re.IGNORECASE,
)
_NAME_WORD = re.compile(
    r"^(?:[A-Z\u00c0-\u00de][\w'’.\-:]*|\d[\w.\-:]*|of|and|on|the|for|in|to|against|de|del|"
    r"der|van|von|da|du|la|le|&|et|al\.?|No\.?:?|v\.?)$"
)
_CONNECTOR = frozenset({"of", "and", "on", "the", "for", "in", "to", "against", "&"})
_PARTICLE = frozenset({"de", "del", "der", "van", "von", "da", "du", "la", "le", "di"})
_SENTENCE_START = frozenset(
    {
        "According",
        "As",
        "In",
        "See",
        "The",
        "While",
        "Following",
        "Unlike",
        "Like",
        "Both",
        "Also",
        "But",
        "And",
        "However",
        "Thus",
        "Per",
        "Cf",
        "Cf.",
        "Although",
        "Whereas",
        "Since",
        "When",
        "For",
        "By",
        "To",
        "Then",
        "This",
        "Here",
        "Yet",
        "So",
        "Of",
        "On",
    }
)
_LOCATOR = re.compile(
    r"\b(?:pp?|pages?|paras?|ch(?:ap)?|chapters?|sec(?:tion)?|fig|vol|col|art|no)\b\.?\s*\d|"
    r"^\s*\d+(?:\s*[-–]\s*\d+)?\s*$|§",
    re.IGNORECASE,
)
_PRENOTE = re.compile(
    r"^(?:see also|see|e\.\s?g\.|cf\.|i\.\s?e\.|also|for example|for instance|as cited in|"
    r"compare|contra|but see)[,:]?\s+",
    re.IGNORECASE,
)
#: First words of parenthesised labels that are not citations: (Figure 1), (Table 2).
_LABELS = frozenset(
    {
        "Figure",
        "Fig.",
        "Figs.",
        "Table",
        "Tables",
        "Section",
        "Sect.",
        "Chapter",
        "Ch.",
        "Appendix",
        "Eq.",
        "Equation",
        "Box",
        "Note",
        "Plate",
        "Map",
        "Annex",
        "Article",
        "Art.",
    }
)
#: Month words as prose writes them (``March``, ``Mar``, ``Mar.``), and the seasons.
_MONTHS = frozenset(
    {word.capitalize() for word in MONTH_NUMBERS}
    | {
        word.capitalize() + "."
        for word in MONTH_NUMBERS
        if word.capitalize() not in MONTH_MACROS.values()
    }
    | {"Spring", "Summer", "Autumn", "Fall", "Winter"}
)
_LOCATOR_ONLY = re.compile(
    r"(?:pp?\.|pages?|paras?\.?|ch\.|chap\.|§)\s*\d[\w\-–, ]*", re.IGNORECASE
)
_OPEN_QUOTES = {"“": "”", "``": "''", "«": "»", "„": "“"}


@dataclass(frozen=True)
class ProseScan:
    """What the prose extractor found: citations, malformed punctuation, and the offsets
    of bare locator groups such as ``(p. 5)`` after a quotation."""

    citations: list[Citation]
    problems: list[PunctuationProblem]
    locators: list[int] = field(default_factory=list)


def references_start(text: str) -> int | None:
    """Offset of the reference-list heading that ends the running text, if there is one."""
    found = None
    for match in _REFERENCES.finditer(text):
        found = match.start()
    return found


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans (split at blank lines); a paragraph that is only a quotation joins
    the one before it when that one ends with a colon or without a full stop."""
    spans: list[tuple[int, int]] = []
    for match in re.finditer(r"\S(?:.|\n(?![ \t]*\r?\n))*", text):
        start, end = match.start(), match.end()
        body = match.group().strip()
        if spans and (
            (body[:1] and body[:1] in '“"«„`>')
            or body.startswith(("\\begin{quot", "\\begin{displayquote}"))
        ):
            previous = text[spans[-1][0] : spans[-1][1]].rstrip()
            if previous.endswith(":") or not previous.endswith((".", "!", "?", "”", '"')):
                spans[-1] = (spans[-1][0], end)
                continue
        spans.append((start, end))
    return spans


def _quote_partners(text: str, opener: str, closer: str) -> dict[int, int]:
    """Where each ``opener`` of one kind closes: its offset to the end of its closer.

    One pass with a stack, cleared at each blank line (a quotation does not run across a
    paragraph): scanning ahead from every opener for its closer was quadratic when
    openers had none (a run of backticks).
    """
    partners: dict[int, int] = {}
    stack: list[int] = []
    index = 0
    length = len(text)
    while index < length:
        if text.startswith(closer, index):
            if stack:
                partners[stack.pop()] = index + len(closer)
            index += len(closer)
        elif text.startswith(opener, index):
            stack.append(index)
            index += len(opener)
        else:
            if stack and (text.startswith("\n\n", index) or text.startswith("\n\r\n", index)):
                stack.clear()
            index += 1
    return partners


def quotations(text: str) -> list[tuple[int, int]]:
    """Spans of direct quotations: “…”, "…", ``…'', «…» (outermost only)."""
    partners = {
        opener: _quote_partners(text, opener, closer) for opener, closer in _OPEN_QUOTES.items()
    }
    spans: list[tuple[int, int]] = []
    pos = 0
    length = len(text)
    # The next blank line after ``pos``, found again only once passed (finding it anew for
    # every straight quote was quadratic in a long paragraph).
    blankline = -2
    while pos < length:
        char = text[pos]
        opener = "``" if text.startswith("``", pos) else char
        if opener in _OPEN_QUOTES:
            end = partners[opener].get(pos)
            if end is not None:
                spans.append((pos, end))
                pos = end
                continue
            pos += len(opener)
            continue
        if char == '"' and (pos == 0 or not text[pos - 1].isalnum()):
            end = text.find('"', pos + 1)
            if blankline != -1 and blankline < pos + 1:
                blankline = text.find("\n\n", pos + 1)
            if end != -1 and (blankline == -1 or end < blankline):
                spans.append((pos, end + 1))
                pos = end + 1
                continue
        pos += 1
    return spans


def _groups(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """Top-level parenthesis groups of each paragraph and the offsets of unmatched ones."""
    groups: list[tuple[int, int]] = []
    unmatched: list[int] = []
    for start, end in paragraphs(text):
        stack: list[int] = []
        for index in range(start, end):
            char = text[index]
            if char == "(":
                stack.append(index)
            elif char == ")":
                if stack:
                    opened = stack.pop()
                    if not stack:
                        groups.append((opened, index + 1))
                elif not _is_enumerator(text, index):
                    unmatched.append(index)
        unmatched.extend(stack)
    return groups, unmatched


def _is_enumerator(text: str, index: int) -> bool:
    """``a)`` or ``1)`` at the start of a line or after a space: a list label, not a typo."""
    before = text[max(0, index - 4) : index]
    return re.search(r"(?:^|[\s(])[a-z0-9]{1,2}$", before) is not None


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _name_like(words: list[str]) -> bool:
    """Capitalised words (or a particle and a name: "van Dijk"), connectors, numbers."""
    if not words:
        return False
    first = words[0]
    if not first[:1].isupper() and not (first in _PARTICLE and len(words) > 1):
        return False
    return len(words) <= 10 and all(_NAME_WORD.match(word) for word in words)


def _split_group(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A group's parts: split at ``;``, and at `` & `` when each side has its own year."""
    parts: list[tuple[int, int]] = []
    pos = start
    for match in re.finditer(r";", text[start:end]):
        parts.append((pos, start + match.start()))
        pos = start + match.end()
    parts.append((pos, end))
    result: list[tuple[int, int]] = []
    for part_start, part_end in parts:
        piece = text[part_start:part_end]
        cuts = list(re.finditer(r"\s&\s|(?:(?<!\s)|(?<=&\s))\s+and\s+(?=[A-Z])", piece))
        # The years of the part, found once: searching each side again at every cut
        # made a long "A and B and C ..." quadratic.  A cut is white space, so a year
        # next to it is a year of the side as well as of the part.
        years = [(match.start(), match.end()) for match in _YEAR.finditer(piece)]
        sides: list[tuple[int, int]] = []
        pos = 0
        for cut in cuts:
            if _has_year(years, pos, cut.start()) and _has_year(years, cut.end(), len(piece)):
                sides.append((part_start + pos, part_start + cut.start()))
                pos = cut.end()
        pos += part_start
        sides.append((pos, part_end))
        result.extend(_strip(text, s, e) for s, e in sides)
    return [span for span in result if span[0] < span[1]]


def _has_year(years: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether one of ``years`` (sorted, not overlapping) lies within ``[start, end)``."""
    index = bisect.bisect_left(years, (start, -1))
    return index < len(years) and years[index][1] <= end


def punctuation_problems(text: str, start: int, end: int) -> list[PunctuationProblem]:
    """Malformed punctuation in ``text[start:end]``, a citation or a citation's note:
    no space after a comma or "p.", a space before a comma, "et al" without its stop."""
    problems: list[PunctuationProblem] = []
    piece = text[start:end]
    for match in re.finditer(r",(?=[^\s\d)])|(?<=\d),(?=\d{4}\b)|(?<=[A-Za-z.]),(?=\d)", piece):
        problems.append(
            PunctuationProblem(start + match.start(), start + match.end(), "no space after ','")
        )
    for match in re.finditer(r"\b(pp?\.)(\d[\d\-–]*)", piece):
        problems.append(
            PunctuationProblem(
                start + match.start(),
                start + match.end(1),
                f"no space after {match.group(1)!r} (write '{match.group(1)} {match.group(2)}')",
            )
        )
    for match in re.finditer(r"(?<!\s)\s+,", piece):
        problems.append(
            PunctuationProblem(start + match.start(), start + match.end(), "space before ','")
        )
    for match in re.finditer(r"\bet al(?![.\w])", piece):
        problems.append(
            PunctuationProblem(
                start + match.start(), start + match.end(), "'et al' without its full stop"
            )
        )
    return problems


def _part_citations(
    source: SourceMap, text: str, start: int, end: int, *, bare: bool
) -> list[Citation]:
    """The citations of one part of a parenthetical group (several years: several)."""
    piece = text[start:end]
    prenote = None
    lead = _PRENOTE.match(piece)
    if lead is not None:
        prenote = lead.group().strip()
        start += lead.end()
        piece = piece[lead.end() :]
    years = list(_YEAR.finditer(piece))
    if not years:
        words = piece.split()
        if not bare or not _name_like(words) or words[0] in _LABELS:
            return []
        if len(words) == 1 and _defines(text, start - 1, words[0]):
            return []
        return [
            located(
                source,
                CitationStyle.AUTHOR_YEAR,
                start,
                end,
                author=" ".join(words),
                prenote=prenote,
            )
        ]
    first = years[0]
    author = piece[: first.start()].strip().rstrip(",").strip()
    words = author.split()
    if not _name_like(words) or words[0] in _LABELS or words[0] in _MONTHS:
        return []
    found: list[Citation] = []
    chain = [first]
    for later in years[1:]:
        between = piece[chain[-1].end() : later.start()]
        if re.fullmatch(r"\s*,\s*", between):
            chain.append(later)
        else:
            break
    after = piece[chain[-1].end() :].strip()
    rest = after.lstrip(",").strip()
    if rest and not _LOCATOR.search(rest) and not after.startswith(","):
        return []  # "(Operation PIN 2003 launched ...)": prose, not a citation
    if rest and not _LOCATOR.search(rest):
        rest = ""  # "(Smith, 2010, emphasis added)": a comment, not a locator
    for index, year in enumerate(chain):
        locator = rest if index == len(chain) - 1 and rest else None
        stop = end if index == len(chain) - 1 else start + year.end()
        found.append(
            located(
                source,
                CitationStyle.AUTHOR_YEAR,
                start if index == 0 else start + year.start(),
                stop,
                author=author,
                year=year.group("year"),
                locator=locator,
                prenote=prenote if index == 0 else None,
            )
        )
    return found


def _defines(text: str, open_paren: int, label: str) -> bool:
    """Whether ``(label)`` at ``open_paren`` defines an acronym of the words before it:
    "Australian Federal Police (AFP)"."""
    wanted = compact(label)
    words = re.findall(r"[\w.'’-]+", text[max(0, open_paren - 160) : open_paren])
    for count in range(1, min(len(words), 8) + 1):
        if compact(acronym(" ".join(words[-count:]))) == wanted:
            return True
    return False


def _narrative_author(text: str, open_paren: int) -> tuple[int, str, bool] | None:
    """The names just before ``(`` of a narrative citation: (start, author, comma before)."""
    before = text[max(0, open_paren - 200) : open_paren]
    base = open_paren - len(before)
    stripped = before.rstrip()
    comma = stripped.endswith(",")
    if comma:
        stripped = stripped[:-1]
    tokens = list(re.finditer(r"\S+", stripped))
    chosen: list[re.Match[str]] = []
    for token in reversed(tokens):
        word = token.group()
        abbreviation = re.fullmatch(r"al\.|[A-Z]\.|No\.|(?:[A-Z]\.)+", word) is not None
        if not _NAME_WORD.match(word) or (word.endswith((".", ",")) and not abbreviation):
            if word.endswith(",") and not chosen and word[:-1] in {"al", "al."}:
                chosen.append(token)
                continue
            break
        chosen.append(token)
        if len(chosen) > 8:
            break
    chosen.reverse()
    while chosen and (
        chosen[0].group() in _SENTENCE_START
        or chosen[0].group() in _CONNECTOR
        or chosen[0].group() in {"et", "al", "al."}
    ):
        chosen.pop(0)
    while chosen and chosen[-1].group() in _CONNECTOR:
        chosen.pop()
    if not chosen:
        return None
    if not chosen[0].group()[:1].isupper() and not (
        chosen[0].group() in _PARTICLE and len(chosen) > 1
    ):
        return None
    if any(token.group() in _LABELS or token.group() in _MONTHS for token in chosen):
        return None
    start = base + chosen[0].start()
    author = text[start : base + chosen[-1].end()].rstrip(",")
    author = re.sub(r"(?:'s|’s|'|’)$", "", author)
    return start, author, comma


def scan_prose(text: str, source: SourceMap | None = None) -> ProseScan:
    """Author-year citations and the malformed punctuation around them."""
    source = source or SourceMap(text)
    cut = references_start(text)
    searchable = blank(text, [(cut, len(text))]) if cut is not None else text
    groups, unmatched = _groups(searchable)
    citations: list[Citation] = []
    locators: list[int] = []
    problems = [
        PunctuationProblem(offset, offset + 1, f"unbalanced {searchable[offset]!r}")
        for offset in unmatched
    ]
    for start, end in groups:
        inner_start, inner_end = _strip(searchable, start + 1, end - 1)
        content = searchable[inner_start:inner_end]
        narrative = re.fullmatch(
            rf"(?P<year>{YEAR})(?:\s*,\s*(?P<locator>.+))?", content, re.DOTALL
        )
        if narrative is not None:
            located_author = _narrative_author(searchable, start)
            if located_author is None:
                continue
            author_start, author, comma = located_author
            if comma:
                at = searchable.rfind(",", author_start, start)
                problems.append(PunctuationProblem(at, at + 1, "comma between the author and '('"))
            problems.extend(punctuation_problems(searchable, author_start, end))
            locator = narrative.group("locator")
            citations.append(
                located(
                    source,
                    CitationStyle.AUTHOR_YEAR,
                    author_start,
                    end,
                    author=author,
                    year=narrative.group("year"),
                    locator=locator if locator and _LOCATOR.search(locator) else None,
                    command="narrative",
                )
            )
            continue
        if _LOCATOR_ONLY.fullmatch(content):
            locators.append(start)
            continue
        after = searchable[end : end + 2].lstrip(" \t")
        bare = not after or after[:1] in ".;:!?\n\r)"
        parts = _split_group(searchable, inner_start, inner_end)
        found: list[Citation] = []
        for part_start, part_end in parts:
            alone = bare and len(parts) == 1
            found.extend(_part_citations(source, searchable, part_start, part_end, bare=alone))
        if found:
            citations.extend(found)
            problems.extend(punctuation_problems(searchable, inner_start, inner_end))
    citations.sort(key=lambda item: item.start)
    problems.sort(key=lambda item: item.offset)
    return ProseScan(citations, problems, locators)


def find_prose_citations(text: str, source: SourceMap | None = None) -> list[Citation]:
    """The author-year citations of plain prose, in text order."""
    return scan_prose(text, source).citations
