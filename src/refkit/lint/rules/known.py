"""Known-errors family (RK8xx): the corrections lists, one rule per kind of correction.

Each rule reports the corrections of its kind that match an entry (on the field's raw
value, so LaTeX is kept) and proposes setting the field to the corrected value; the fix
is safe only when the correction says so.  The message names the correction's id and its
evidence.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import ClassVar

from refkit.bib.model import Bibliography, Delimiter, Entry, Field
from refkit.core.diagnostics import Diagnostic, Severity
from refkit.lint.corrections import Correction, CorrectionKind, load_corrections
from refkit.lint.corrections.loader import plain_of
from refkit.lint.index import source_pieces
from refkit.lint.rules.base import CheckContext, EntryRule, Rule, set_field_fix

_WRITTEN = frozenset({Delimiter.BRACES, Delimiter.QUOTES})


def _screen(corrections: Sequence[Correction]) -> re.Pattern[str]:
    """One alternation of the patterns; one that matches everything if they cannot be
    combined (a pattern with global inline flags such as ``(?i)``)."""
    try:
        return re.compile("|".join(_inline(item.pattern) for item in corrections))
    except re.error:
        return re.compile("")


def _inline(pattern: re.Pattern[str]) -> str:
    """A pattern as a group that keeps its case rule inside a larger alternation."""
    flag = "i" if pattern.flags & re.IGNORECASE else ""
    return f"(?{flag}:{pattern.pattern})" if flag else f"(?:{pattern.pattern})"


_Hit = tuple[Field, Correction]


def _entry_may_match(hints: tuple[tuple[str, bool], ...] | None, entry: Entry) -> bool:
    """``_file_may_match`` for one edited entry: its values as they now read.

    Asked only where the file's text holds none of the literals; the fix engine's
    re-checks then scan only the edited entries that gained one.
    """
    if hints is None:
        return True
    stripped = "\n".join(entry.field_texts()[1]).replace("{", "").replace("}", "")
    lowered = stripped.lower()
    return any(literal in (lowered if folded else stripped) for literal, folded in hints)


def _file_may_match(hints: tuple[tuple[str, bool], ...] | None, bibliography: object) -> bool:
    """Whether any correction can match anywhere in the file's source text.

    Every shipped pattern needs some literal text; a field's value, with or without its
    braces, is a substring of the file's text with or without braces, so when no literal
    occurs there no field can match and the per-field scan is skipped (regex searches of a
    60 MB file would cost more than the scan).  Fields edited since loading are always
    scanned.
    """
    if hints is None or not isinstance(bibliography, Bibliography):
        return True
    if any("{" in literal or "}" in literal for literal, _ in hints):
        return True  # such a literal could not be looked for in brace-free text
    folded = any(ignore_case for _, ignore_case in hints)
    # Piece by piece: whole-file copies would raise the peak memory.  A literal without
    # braces that occurs in a piece also occurs in the piece with its braces removed, so
    # the brace-free text alone answers.
    for _, piece in source_pieces(bibliography):
        stripped = piece.replace("{", "").replace("}", "")
        lowered = stripped.lower() if folded else stripped
        for literal, ignore_case in hints:
            if literal in (lowered if ignore_case else stripped):
                return True
    return False


_LOOKAROUND = re.compile(r"\(\?<?([=!])((?:[^()\\]|\\.)*)\)")
_META = frozenset(".^$*+?{}[]|()")


def _required_literal(pattern: re.Pattern[str]) -> tuple[str, bool] | None:
    """The literal text a pattern must match (lookarounds and ``\\b`` aside), or None
    when the pattern is more than a literal."""
    # A positive lookaround's text must be there too; a negative one says nothing.
    source = _LOOKAROUND.sub(
        lambda found: found.group(2) if found.group(1) == "=" else "", pattern.pattern
    ).replace("\\b", "")
    literal: list[str] = []
    index = 0
    while index < len(source):
        char = source[index]
        if char == "\\":
            following = source[index + 1 : index + 2]
            if not following or following.isalnum():
                return None
            literal.append(following)
            index += 2
            continue
        if char in _META:
            return None
        literal.append(char)
        index += 1
    ignore_case = bool(pattern.flags & re.IGNORECASE)
    text = "".join(literal)
    if not text:
        return None
    return (text.lower() if ignore_case else text), ignore_case


class CorrectionMatcher:
    """Finds which corrections match which fields of an entry, once for every kind.

    The RK8xx rules share one matcher, so an entry is scanned once, not once per rule;
    results are kept per entry while its fields stay the same objects (any edit
    replaces the edited field).
    """

    def __init__(self, corrections: Sequence[Correction]) -> None:
        self.corrections = tuple(corrections)
        by_field: dict[str, list[Correction]] = {}
        for correction in self.corrections:
            for name in correction.fields:
                by_field.setdefault(name, []).append(correction)
        self._by_field = {name: tuple(found) for name, found in by_field.items()}
        #: One alternation of every pattern for a field: a field it misses is skipped.
        self._screen = {name: _screen(found) for name, found in self._by_field.items()}
        #: A literal each correction needs, for a whole-file prefilter (None: no prefilter).
        hints = [_required_literal(item.pattern) for item in self.corrections]
        self._hints: tuple[tuple[str, bool], ...] | None = (
            None if any(hint is None for hint in hints) else tuple(h for h in hints if h)
        )
        self._bibliography: object = None
        self._file_may_match = True
        self._cache: dict[int, tuple[Entry, tuple[Field, ...], tuple[_Hit, ...]]] = {}

    def hits(self, entry: Entry, bibliography: object) -> tuple[_Hit, ...]:
        """(field, correction) pairs where the correction matches the field's value."""
        if not self._by_field:
            return ()
        if bibliography is not self._bibliography:
            self._bibliography = bibliography
            self._cache = {}
            self._file_may_match = _file_may_match(self._hints, bibliography)
        if not self._file_may_match and (
            not entry.is_modified or not _entry_may_match(self._hints, entry)
        ):
            return ()
        cached = self._cache.get(id(entry))
        if cached is not None and cached[0] is entry and not entry.is_modified:
            return cached[2]  # an unedited entry's fields are the same objects as before
        fields = tuple(entry.fields)
        if (
            cached is not None
            and cached[0] is entry
            and len(cached[1]) == len(fields)
            and all(map(operator.is_, cached[1], fields))
        ):
            return cached[2]
        found = tuple(self._scan(fields))
        self._cache[id(entry)] = (entry, fields, found)
        return found

    def _scan(self, fields: Sequence[Field]) -> Iterator[_Hit]:
        for field in fields:
            screen = self._screen.get(field.key)
            raw = field.raw
            if screen is None or raw[:1] not in ("{", '"'):
                continue
            # A braced or quoted value is raw[1:-1]; concatenations are dropped below.
            inner = raw[1:-1]
            if not screen.search(inner) and not (
                "{" in inner and screen.search(inner.replace("{", "").replace("}", ""))
            ):
                continue
            if field.delimiter not in _WRITTEN:
                continue
            plain = plain_of(inner)
            for correction in self._by_field[field.key]:
                if correction.pattern.search(inner) or (
                    plain != inner and correction.pattern.search(plain)
                ):
                    yield field, correction


class KnownErrorRule(EntryRule):
    """Base of the RK8xx rules: one kind of correction from the corrections lists."""

    kind: ClassVar[CorrectionKind]
    severity = Severity.WARNING
    fixable = True
    family = "known"

    def __init__(
        self,
        corrections: Sequence[Correction] = (),
        matcher: CorrectionMatcher | None = None,
    ) -> None:
        self.corrections = tuple(item for item in corrections if item.kind is self.kind)
        self.matcher = matcher if matcher is not None else CorrectionMatcher(self.corrections)

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        if not self.corrections:
            return
        for field, correction in self.matcher.hits(entry, context.bibliography):
            if correction.kind is not self.kind:
                continue
            if correction.when is not None and not correction.when.holds(
                item.value for item in entry.fields_named(correction.when.field)
            ):
                continue
            value = field.value
            corrected = correction.correct(value)
            if corrected == value:
                continue
            yield self.diagnostic(
                context,
                f"{correction.description} [{correction.id}]; evidence: {correction.evidence}",
                entry=entry,
                block_index=block_index,
                field=field,
                fix=set_field_fix(
                    f"apply correction {correction.id}",
                    block_index,
                    entry,
                    field,
                    corrected,
                    safe=correction.safe,
                ),
            )


class MisspeltOrganisation(KnownErrorRule):
    """An organisation's name is misspelt (a known error from the corrections lists).

    Bad:  publisher = {Spinger}
    Good: publisher = {Springer}
    """

    code = "RK801"
    name = "misspelt-organisation"
    kind = CorrectionKind.MISSPELT_ORGANISATION


class WrongDocumentNumber(KnownErrorRule):
    """A document symbol or number is wrong (a known error from the corrections lists).

    Bad:  note = {U.N. GAOR 55th Sess., Supp. No. 49, U.N. Doc. A/45/49}
    Good: note = {U.N. GAOR 55th Sess., Supp. No. 49, U.N. Doc. A/55/49}
    """

    code = "RK802"
    name = "wrong-document-number"
    kind = CorrectionKind.WRONG_DOCUMENT_NUMBER


class WrongYear(KnownErrorRule):
    """A year given in a field is wrong (a known error from the corrections lists).

    Bad:  note = {(as adopted by the General Assembly in 2001)}
    Good: note = {(as adopted by the General Assembly in 2000)}
    """

    code = "RK803"
    name = "wrong-year"
    kind = CorrectionKind.WRONG_YEAR


class WrongTitle(KnownErrorRule):
    """A title is misquoted or misspelt (a known error from the corrections lists).

    Bad:  title = {Police to Trap Online Pedophiles}
    Good: title = {Police to Trap Online Paedophiles}
    """

    code = "RK804"
    name = "wrong-title"
    kind = CorrectionKind.WRONG_TITLE


class WrongName(KnownErrorRule):
    """A person's name or the list of authors is wrong (a known error from the corrections lists).

    Bad:  author = {Latonero and others}
    Good: author = {Latonero, Mark}
    """

    code = "RK805"
    name = "wrong-name"
    kind = CorrectionKind.WRONG_NAME


class WrongCaseName(KnownErrorRule):
    """A court case is cited under a wrong name (a known error from the corrections lists).

    Bad:  title = {USA v. Bennett}
    Good: title = {United States v. Bennett}
    """

    code = "RK806"
    name = "wrong-case-name"
    kind = CorrectionKind.WRONG_CASE_NAME


class WrongIdentifier(KnownErrorRule):
    """An identifier (ISBN, DOI, ...) is a known wrong one (from the corrections lists).

    Bad:  isbn = {978-92-133789-1}
    Good: isbn = {978-92-1-133789-1}
    """

    code = "RK807"
    name = "wrong-identifier"
    kind = CorrectionKind.WRONG_IDENTIFIER


class WrongDate(KnownErrorRule):
    """A date is a known wrong one (a known error from the corrections lists).

    Bad:  date = {2001-11-15}
    Good: date = {2000-11-15}
    """

    code = "RK808"
    name = "wrong-date"
    kind = CorrectionKind.WRONG_DATE


class KnownMisspelling(KnownErrorRule):
    """A word is misspelt in a way the corrections lists know (not a word in any form).

    Bad:  institution = {Univeristy of Rochester}
    Good: institution = {University of Rochester}
    """

    code = "RK809"
    name = "known-misspelling"
    kind = CorrectionKind.MISSPELLING


RULE_CLASSES: tuple[type[KnownErrorRule], ...] = (
    MisspeltOrganisation,
    WrongDocumentNumber,
    WrongYear,
    WrongTitle,
    WrongName,
    WrongCaseName,
    WrongIdentifier,
    WrongDate,
    KnownMisspelling,
)


def rules(corrections: Sequence[Path] = ()) -> list[Rule]:
    """One rule per correction kind, over the shipped lists plus the user's ``corrections``."""
    loaded = load_corrections(corrections)
    matcher = CorrectionMatcher(loaded)
    return [rule_class(loaded, matcher) for rule_class in RULE_CLASSES]
