"""Text family (RK6xx): LaTeX-breaking characters, page ranges, case protection, spacing.

The checks read the raw LaTeX of a field and track brace depth, math and control
sequences themselves; they decode LaTeX only where they must (names with accents).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from refkit.bib.braces import find_closer
from refkit.bib.latex import to_unicode
from refkit.bib.model import Delimiter, Entry, Field
from refkit.bib.names import NAME_FIELDS
from refkit.core.diagnostics import Diagnostic, Severity
from refkit.lint.datamodel import BIBLATEX_FIELDS, BIBTEX_FIELDS, VERBATIM_FIELDS
from refkit.lint.index import entries_with, entry_digest, entry_fields, plain_value
from refkit.lint.rules.base import BibliographyRule, CheckContext, EntryRule, Rule, set_field_fix

#: Fields styles print as LaTeX: known fields minus verbatim ones and unprinted notes.
PRINTED_FIELDS = (BIBLATEX_FIELDS | BIBTEX_FIELDS) - VERBATIM_FIELDS - frozenset(
    {"abstract", "annotation", "annote", "keywords", "file", "pdf", "library", "ids",
     "options", "entryset", "crossref", "xref", "xdata", "related", "execute", "langidopts",
     "relatedoptions", "sortkey", "sortname", "sorttitle", "presort", "indexsorttitle",
     "sortyear", "sortshorthand", "label", "gender", "langid", "key", "verba", "verbb",
     "verbc", "entrysubtype", "eprinttype", "archiveprefix", "eprintclass", "primaryclass"}
)

_SPECIALS = re.compile(r"[&%#_]")
_MATH_OR_SPECIAL = re.compile(r"\\\\|\\[A-Za-z]+\s*|\\.|\$\$?|[&%#_{}]")
_VERBATIM_MACROS = frozenset({"\\url", "\\href", "\\path", "\\doi", "\\nolinkurl"})


def unescaped_specials(value: str) -> list[int]:
    """Offsets of raw ``& % # _`` outside math, escapes and URL macros."""
    found: list[int] = []
    in_math = False
    expect_url_group = False
    pos = 0
    while (match := _MATH_OR_SPECIAL.search(value, pos)) is not None:
        token = match.group()
        pos = match.end()
        if token.startswith("\\"):
            name = token.rstrip()
            expect_url_group = name in _VERBATIM_MACROS
            continue
        if token == "{" and expect_url_group:
            close = find_closer(value, pos)  # a URL's characters are its own
            pos = len(value) if close < 0 else close + 1
        expect_url_group = False
        if token in "{}":
            continue
        if token.startswith("$"):
            in_math = not in_math
            continue
        if not in_math:
            found.append(match.start())
    return found


def _escape_at(value: str, offsets: list[int]) -> str:
    pieces: list[str] = []
    last = 0
    for offset in offsets:
        pieces.append(value[last:offset])
        pieces.append("\\" + value[offset])
        last = offset + 1
    pieces.append(value[last:])
    return "".join(pieces)


def _is_simple(field: Field) -> bool:
    """Whether the value is one braced or quoted string (no macros, no concatenation)."""
    raw = field.raw
    if raw[:1] not in '{"':
        return False
    return "#" not in raw or field.delimiter in (Delimiter.BRACES, Delimiter.QUOTES)


class UnescapedSpecialCharacter(EntryRule):
    """A raw ``&``, ``%``, ``#`` or ``_`` in a printed field breaks LaTeX.

    ``%`` starts a comment and swallows the rest of the line in the .bbl; ``&``, ``#``
    and ``_`` are errors outside tables, macros and math.  URL and verbatim fields are
    not affected.

    Bad:  journal = {Science & Justice}
    Good: journal = {Science \\& Justice}
    """

    code = "RK601"
    name = "unescaped-special-character"
    severity = Severity.ERROR
    fixable = True
    family = "text"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        digest = entry_digest(context, entry)
        for key in digest.special:
            item = digest[key]
            if key not in PRINTED_FIELDS or _SPECIALS.search(item.raw) is None:
                continue
            if not _is_simple(item):
                continue
            value = plain_value(item)
            offsets = unescaped_specials(value)
            if not offsets:
                continue
            chars = " ".join(sorted({repr(value[offset]) for offset in offsets}))
            yield self.diagnostic(
                context,
                f"unescaped {chars} in {item.name} breaks LaTeX",
                entry=entry,
                block_index=block_index,
                field=item,
                fix=set_field_fix(
                    "escape the special characters",
                    block_index,
                    entry,
                    item,
                    _escape_at(value, offsets),
                    safe=True,
                ),
            )


_AVAILABILITY_NEEDLES = ("available", "retrieved", "accessed")
_AVAILABILITY_HINTS = ("vailable", "VAILABLE", "etrieved", "ETRIEVED", "ccessed", "CCESSED")
_DANGLING = re.compile(
    r"(?P<phrase>(?:(?:is\s+)?available\s+(?:at|from|online(?:\s+at)?)|retrieved\s+from|"
    r"accessed\s+(?:at|from|via))\s*:?)[\s.,;:\-]*$",
    re.IGNORECASE,
)


class DanglingAvailability(BibliographyRule):
    """A field ends with "Available at:" or "Retrieved from" and no URL after it.

    Typically left behind when a reference was pasted from a formatted list and the
    URL went into its own field or was lost.

    Bad:  note = {Available at:}
    Good: url = {https://www.unodc.org/report.pdf}
    """

    code = "RK602"
    name = "dangling-availability"
    severity = Severity.WARNING
    family = "text"
    needles = (_AVAILABILITY_NEEDLES,)

    def check_bibliography(self, context: CheckContext) -> Iterator[Diagnostic]:
        for block_index, entry in entries_with(context, _AVAILABILITY_NEEDLES):
            yield from self._check(block_index, entry, context)

    def _check(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        for item in entry:
            raw = item.raw
            if not any(hint in raw for hint in _AVAILABILITY_HINTS):
                continue
            value = plain_value(item).strip(" {}")
            match = _DANGLING.search(value)
            if match is None:
                continue
            has_url = entry.field("url") is not None
            hint = " (the url field holds the URL)" if has_url else " (the URL is missing)"
            yield self.diagnostic(
                context,
                f"{item.name} ends with {match.group('phrase').strip()!r} and no URL{hint}",
                entry=entry,
                block_index=block_index,
                field=item,
            )


_PAGE = r"[A-Za-z]{0,3}\d+[A-Za-z]?"
_BAD_RANGE = re.compile(rf"({_PAGE})(\s*(?:-|‐|‑|–|—|−)\s*|\s+--?\s+)({_PAGE})")
_DOUBLE_DASH = re.compile(rf"({_PAGE})\s*--?-?\s*({_PAGE})")


class PageRangeHyphen(EntryRule):
    """A page range is written with one hyphen or a Unicode dash instead of ``--``.

    Bad:  pages = {12-15}
    Good: pages = {12--15}
    """

    code = "RK603"
    name = "page-range-hyphen"
    severity = Severity.INFO
    fixable = True
    family = "text"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        item = entry_fields(context, entry).get("pages")
        if item is None or not _is_simple(item):
            return
        value = plain_value(item)
        parts = [part.strip() for part in value.split(",")]
        if "--" in value and not any(_BAD_RANGE.fullmatch(part) for part in parts):
            return
        if not all(_BAD_RANGE.fullmatch(part) or _DOUBLE_DASH.fullmatch(part) or
                   re.fullmatch(_PAGE, part) for part in parts):
            return
        if not any(_BAD_RANGE.fullmatch(part) for part in parts):
            return
        fixed = _BAD_RANGE.sub(r"\1--\3", value)
        yield self.diagnostic(
            context,
            f"write the page range {value!r} with -- (an en dash)",
            entry=entry,
            block_index=block_index,
            field=item,
            fix=set_field_fix(
                "use -- in the page range", block_index, entry, item, fixed, safe=True
            ),
        )


_NUMERIC_RANGE = re.compile(r"(\d+)\s*(?:--?|–|—)\s*(\d+)")


class ReversedPageRange(EntryRule):
    """A page range ends before it starts.

    Abbreviated ranges (``1234--56``) are not reported.

    Bad:  pages = {15--12}
    Good: pages = {12--15}
    """

    code = "RK604"
    name = "reversed-page-range"
    severity = Severity.ERROR
    family = "text"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        item = entry_fields(context, entry).get("pages")
        if item is None:
            return
        for part in plain_value(item).split(","):
            match = _NUMERIC_RANGE.fullmatch(part.strip())
            if match is None:
                continue
            first, last = match.groups()
            if len(last) >= len(first) and int(last) < int(first):
                yield self.diagnostic(
                    context,
                    f"the page range {part.strip()!r} ends before it starts",
                    entry=entry,
                    block_index=block_index,
                    field=item,
                )
                return


TITLE_FIELDS = frozenset({"title", "booktitle", "subtitle", "maintitle"})
_INNER_CAPITAL = re.compile(r"[^\W_][A-Z]")
_TITLE_TOKEN = re.compile(r"\\[A-Za-z@]+|\\.|\$\$?|[{}]|[^\W_]+", re.UNICODE)


def unprotected_capitals(value: str) -> list[tuple[int, int]]:
    """Spans of words at brace depth 0 with a capital letter after their first letter."""
    found: list[tuple[int, int]] = []
    in_math = False
    pos = 0
    while (match := _TITLE_TOKEN.search(value, pos)) is not None:
        token = match.group()
        pos = match.end()
        first = token[0]
        if first == "{":
            close = find_closer(value, pos)  # a protected group: nothing in it is reported
            pos = len(value) if close < 0 else close + 1
        elif first == "$":
            in_math = not in_math
        elif first == "\\" or first == "}" or in_math:
            continue
        elif not token[1:].islower() and any(char.isupper() for char in token[1:]):
            found.append((match.start(), match.end()))
    return found


class UnprotectedCapitals(EntryRule):
    """A title word with capitals after its first letter (an acronym) is not brace-protected.

    BibTeX styles lowercase titles except their first letter, so ``UN`` prints as ``un``
    and ``DNA`` at the start as ``Dna``.

    Bad:  title = {The Role of the UN in DNA Testing}
    Good: title = {The Role of the {UN} in {DNA} Testing}
    """

    code = "RK605"
    name = "unprotected-capitals"
    severity = Severity.WARNING
    fixable = True
    family = "text"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        fields = entry_fields(context, entry)
        for item in (fields[name] for name in TITLE_FIELDS if name in fields):
            if _INNER_CAPITAL.search(item.raw) is None:
                continue
            if not _is_simple(item):
                continue
            value = plain_value(item)
            spans = unprotected_capitals(value)
            if not spans:
                continue
            words = list(dict.fromkeys(value[start:end] for start, end in spans))
            pieces: list[str] = []
            last = 0
            for start, end in spans:
                pieces.append(value[last:start])
                pieces.append("{" + value[start:end] + "}")
                last = end
            pieces.append(value[last:])
            yield self.diagnostic(
                context,
                f"{', '.join(words[:5])}{' ...' if len(words) > 5 else ''} in {item.name}"
                " will be lowercased by BibTeX styles; brace-protect them",
                entry=entry,
                block_index=block_index,
                field=item,
                fix=set_field_fix(
                    "brace-protect the capitalised words",
                    block_index,
                    entry,
                    item,
                    "".join(pieces),
                    safe=True,
                ),
            )


_DOUBLE_SPACE = re.compile(r"(?<=[^\s=])[ \t]{2,}(?=[^\s=])")
_NO_SPACING_CHECK = VERBATIM_FIELDS | frozenset({"abstract", "annotation", "annote"})


class DoubleSpace(EntryRule):
    """A field value has a run of several spaces between words on one line.

    Bad:  title = {A  Study of Things}
    Good: title = {A Study of Things}
    """

    code = "RK606"
    name = "double-space"
    severity = Severity.INFO
    fixable = True
    family = "text"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        digest = entry_digest(context, entry)
        for key in digest.spaced:
            item = digest[key]
            if key in _NO_SPACING_CHECK or key not in PRINTED_FIELDS:
                continue
            if not _is_simple(item):
                continue
            value = plain_value(item)
            if _DOUBLE_SPACE.search(value) is None:
                continue
            yield self.diagnostic(
                context,
                f"{item.name} has repeated spaces between words",
                entry=entry,
                block_index=block_index,
                field=item,
                fix=set_field_fix(
                    "collapse the spaces",
                    block_index,
                    entry,
                    item,
                    _DOUBLE_SPACE.sub(" ", value),
                    safe=True,
                ),
            )


_NAME_TOKEN_SPLIT = re.compile(r"[\s,~]+|\band\b")
_ACCENTS = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
    "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331",
}
_LETTERS = {
    "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "ss": "ß", "ae": "æ", "AE": "Æ", "oe": "œ",
    "OE": "Œ", "aa": "å", "AA": "Å", "i": "ı", "j": "ȷ",
}
_ACCENT_MACRO = re.compile(
    r"\\(?:(?P<mark>[\"'`^~=.])|(?P<letter>[uvHckrdb])(?![A-Za-z]))\s*"
    r"(?:\{\s*(?P<braced>\\?[A-Za-z])\s*\}|(?P<bare>\\?[A-Za-z]))"
    r"|\\(?P<named>ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])\s*(?:\{\s*\})?"
)


def _accent(match: re.Match[str]) -> str:
    named = match.group("named")
    if named is not None:
        return _LETTERS[named]
    mark = match.group("mark") or match.group("letter")
    base = (match.group("braced") or match.group("bare")).lstrip("\\")
    base = {"i": "i", "j": "j"}.get(base, base)
    return unicodedata.normalize("NFC", base + _ACCENTS[mark])


def decode_accents(token: str) -> str:
    """A name token with LaTeX accent macros turned into Unicode, braces dropped.

    Falls back to the full LaTeX decoder for anything else with a backslash.
    """
    text = _ACCENT_MACRO.sub(_accent, token).replace("{", "").replace("}", "")
    if "\\" in text:
        return to_unicode(token)
    return text


@dataclass
class _Spelling:
    block_index: int
    entry: Entry
    field: Field
    raw: str


class MixedLatexUnicode(BibliographyRule):
    """The same name is written with LaTeX accents in one entry and Unicode in another.

    BibTeX sorts and labels the two spellings differently.

    Bad:  author = {G{\\"o}del, Kurt} in one entry, author = {Gödel, Kurt} in another
    Good: author = {Gödel, Kurt} in both
    """

    code = "RK607"
    name = "mixed-latex-unicode"
    severity = Severity.INFO
    family = "text"

    def check_bibliography(self, context: CheckContext) -> Iterator[Diagnostic]:
        latex: dict[str, list[_Spelling]] = defaultdict(list)
        unicode: dict[str, list[_Spelling]] = defaultdict(list)
        bibliography = context.bibliography
        for index, entry in bibliography.indexed_entries():
            fields = entry_fields(context, entry)
            for item in (fields[key] for key in NAME_FIELDS.intersection(fields.keys())):
                raw = item.raw
                has_latex = "\\" in raw
                has_unicode = not raw.isascii()
                if not has_latex and not has_unicode:
                    continue
                for token in _NAME_TOKEN_SPLIT.split(plain_value(item)):
                    if "\\" in token:
                        decoded = decode_accents(token).strip(".\"")
                        if decoded and not decoded.isascii() and decoded.isalpha():
                            latex[decoded].append(_Spelling(index, entry, item, token))
                    elif not token.isascii():
                        word = token.strip("{}.\"")  # a quoted part of a concatenation
                        if word.isalpha():
                            unicode[word].append(_Spelling(index, entry, item, token))
        for word in sorted(latex.keys() & unicode.keys()):
            as_latex, as_unicode = latex[word], unicode[word]
            if len(as_unicode) < len(as_latex):
                minority, majority = as_unicode, as_latex
            else:
                minority, majority = as_latex, as_unicode
            other = majority[0]
            for spelling in minority:
                yield self.diagnostic(
                    context,
                    f"{spelling.raw!r} is written {other.raw!r} in entry {other.entry.key!r};"
                    " use one spelling",
                    entry=spelling.entry,
                    block_index=spelling.block_index,
                    field=spelling.field,
                )


def rules() -> list[Rule]:
    return [
        UnescapedSpecialCharacter(),
        DanglingAvailability(),
        PageRangeHyphen(),
        ReversedPageRange(),
        UnprotectedCapitals(),
        DoubleSpace(),
        MixedLatexUnicode(),
    ]
