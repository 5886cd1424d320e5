"""Keys family (RK2xx): duplicate, empty and unsafe citation keys, and a key pattern."""

from __future__ import annotations

import re
from collections.abc import Iterator

import regex

from refkit.bib.model import Entry
from refkit.core.diagnostics import Diagnostic, Severity
from refkit.lint.rules.base import BibliographyRule, CheckContext, EntryRule, Rule

#: Seconds one key may take to match the user's key-pattern (a match takes microseconds).
KEY_PATTERN_TIMEOUT = 0.5

#: Characters that break \cite, BibTeX's .aux parsing or biber's key handling.
_UNSAFE_KEY_CHARS = re.compile(r"[#%~\\{},\"'()=\s]")


class DuplicateKey(BibliographyRule):
    """Two entries share a key, or keys that differ only in case.

    BibTeX uses the first and reports the rest; biber and citeproc compare keys
    case-insensitively, so ``Smith2020`` and ``smith2020`` collide too.

    Bad:  @article{smith2020, ...} and @book{Smith2020, ...}
    Good: @article{smith2020a, ...} and @book{smith2020b, ...}
    """

    code = "RK201"
    name = "duplicate-key"
    severity = Severity.ERROR
    family = "keys"

    def check_bibliography(self, context: CheckContext) -> Iterator[Diagnostic]:
        first: dict[str, Entry] = {}
        for index, entry in context.bibliography.indexed_entries():
            if not entry.key:
                continue
            folded = entry.key.lower()
            earlier = first.setdefault(folded, entry)
            if earlier is entry:
                continue
            span = earlier.key_span
            line = f" at line {span.start_line}" if span is not None else ""
            if earlier.key == entry.key:
                message = f"the key {entry.key!r} is already used{line}"
            else:
                message = (
                    f"the key {entry.key!r} differs only in case from {earlier.key!r}{line}"
                    " (they collide in biber and citeproc)"
                )
            yield self.diagnostic(context, message, entry=entry, block_index=index)


class UnsafeKeyCharacter(EntryRule):
    """The key contains a character that breaks LaTeX, BibTeX or biber.

    Bad:  @article{smith#2020, ...}
    Good: @article{smith2020, ...}
    """

    code = "RK202"
    name = "unsafe-key-character"
    severity = Severity.ERROR
    family = "keys"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        found = sorted(set(_UNSAFE_KEY_CHARS.findall(entry.key)))
        if found:
            shown = " ".join(repr(char) for char in found)
            yield self.diagnostic(
                context,
                f"the key {entry.key!r} contains {shown}",
                entry=entry,
                block_index=block_index,
            )


class NonAsciiKey(EntryRule):
    """The key contains non-ASCII characters, which BibTeX and many LaTeX setups reject.

    Bad:  @article{müller2020, ...}
    Good: @article{mueller2020, ...}
    """

    code = "RK203"
    name = "non-ascii-key"
    severity = Severity.WARNING
    family = "keys"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        if not entry.key.isascii():
            yield self.diagnostic(
                context,
                f"the key {entry.key!r} contains non-ASCII characters",
                entry=entry,
                block_index=block_index,
            )


class KeyPattern(EntryRule):
    """The key does not match the configured key pattern (``key-pattern``; off when unset).

    Bad:  @article{paper1, ...}       (key-pattern = "[a-z]+[0-9]{4}[a-z]?")
    Good: @article{smith2020, ...}
    """

    code = "RK204"
    name = "key-pattern"
    severity = Severity.WARNING
    family = "keys"

    def __init__(self) -> None:
        self._source: str | None = None
        self._pattern: regex.Pattern[str] | None = None

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        if context.key_pattern is None or not entry.key:
            return
        if self._source != context.key_pattern:
            self._source = context.key_pattern
            self._pattern = regex.compile(context.key_pattern)
        assert self._pattern is not None
        # A user's pattern such as (a+)+$ backtracks exponentially on a long key: the
        # regex module's timeout bounds each match, and a pattern that runs out of time
        # is reported on the entry instead of hanging the run.
        try:
            matched = self._pattern.fullmatch(entry.key, timeout=KEY_PATTERN_TIMEOUT)
        except TimeoutError:
            yield self.diagnostic(
                context,
                f"the key pattern {context.key_pattern!r} took over {KEY_PATTERN_TIMEOUT} s "
                f"on the key {entry.key!r}; simplify it (nested repeats such as (a+)+)",
                entry=entry,
                block_index=block_index,
            )
            return
        if matched is None:
            yield self.diagnostic(
                context,
                f"the key {entry.key!r} does not match the pattern {context.key_pattern!r}",
                entry=entry,
                block_index=block_index,
            )


class EmptyKey(EntryRule):
    """The entry has no key, so it cannot be cited.

    Bad:  @article{, title = {Title}}
    Good: @article{smith2020, title = {Title}}
    """

    code = "RK205"
    name = "empty-key"
    severity = Severity.ERROR
    family = "keys"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        if not entry.key.strip():
            yield self.diagnostic(
                context,
                f"the @{entry.type_as_written} entry has no key",
                entry=entry,
                block_index=block_index,
                span=entry.type_span,
            )


def rules() -> list[Rule]:
    return [DuplicateKey(), UnsafeKeyCharacter(), NonAsciiKey(), KeyPattern(), EmptyKey()]
