"""One verification run: look every entry up (concurrently), then report through the engine.

The look-ups happen first, in a bounded thread pool (the HTTP client bounds each host
further); then ``refkit.lint.checking.check`` runs the RK10xx rules over the answers, so
suppression comments (``% refkit: ignore RK1002 -- reason``) and severity overrides work
as for ``refkit check``.  The fix engine re-runs the rules on the entries it changed; their
look-ups come from what this run already knows.
"""

from __future__ import annotations

import datetime
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, overload

from refkit.bib.model import Bibliography, Entry
from refkit.core.diagnostics import Diagnostic
from refkit.lint.checking import check
from refkit.lint.config import Config
from refkit.lint.rules.base import Rule
from refkit.lookup.assess import Assessment, Assessor, Verdict
from refkit.lookup.cache import Cache
from refkit.lookup.http import HttpClient
from refkit.lookup.options import VerifyOptions, options_from
from refkit.lookup.records import Source
from refkit.lookup.registry import Lookups
from refkit.lookup.rules import rules as verify_rules

#: Called with (entries done, entries in all) as look-ups finish.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Notice:
    """A registry that could not be used in this run, and why (said once per registry)."""

    source: Source
    reason: str
    #: Entries left unchecked because of it.
    entries: int


@dataclass(frozen=True)
class EntryOutcome:
    """The verdict on one entry, with the record it rests on or why there is none."""

    key: str
    block_index: int
    verdict: Verdict
    #: The matched record's URL, when there is one.
    record: str | None
    #: How the record was found: ``doi``, ``arXiv id``, ``ISBN`` or ``search`` ("" when
    #: not checked).
    how: str
    #: Why the entry was not checked ("" when it was).
    reason: str = ""
    #: Not checked because a registry could not be asked (rather than too little to ask).
    unavailable: bool = False
    #: The line of the entry's key in its file.
    line: int | None = None
    #: The registries answered for it (every verdict but "not checked", and a search
    #: answered with nothing for a kind no registry lists whole).
    answered: bool = False

    def to_dict(self, path: str | None) -> dict[str, Any]:
        return {
            "path": path,
            "entry_key": self.key,
            "line": self.line,
            "verdict": self.verdict.code,
            "found_by": self.how or None,
            "record": self.record,
            "reason": self.reason or None,
        }


@dataclass(frozen=True)
class VerifyResult(Sequence[Diagnostic]):
    """The findings of a run (a sequence of diagnostics), with what the run did."""

    diagnostics: tuple[Diagnostic, ...]
    #: The file verified (None for a bibliography read from a string without one).
    path: str | None = None
    outcomes: tuple[EntryOutcome, ...] = ()
    notices: tuple[Notice, ...] = ()
    #: HTTP requests sent (0 on a run answered from the cache).
    requests: int = 0
    cache_hits: int = 0
    cache_problem: str | None = None
    counts: Counter[Verdict] = field(default_factory=Counter)

    @overload
    def __getitem__(self, index: int) -> Diagnostic: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Diagnostic]: ...
    def __getitem__(self, index: int | slice) -> Diagnostic | Sequence[Diagnostic]:
        return self.diagnostics[index]

    def __len__(self) -> int:
        return len(self.diagnostics)

    @property
    def nothing_checked(self) -> bool:
        """Entries needed a registry and none could be asked (exit code 2): a thesis that
        was searched for and that no registry lists was asked about, a talk not."""
        answered = [item for item in self.outcomes if item.answered]
        unreachable = [item for item in self.outcomes if item.unavailable]
        return bool(unreachable) and not answered

    def summary(self) -> str:
        """``5 entries: 3 verified, 1 described wrongly, 1 not checked``."""
        total = len(self.outcomes)
        parts = [
            f"{self.counts[verdict]} {verdict.value}" for verdict in Verdict if self.counts[verdict]
        ]
        noun = "entry" if total == 1 else "entries"
        return f"{total} {noun}: {', '.join(parts) or 'nothing to verify'}"


def open_client(options: VerifyOptions) -> HttpClient:
    """The HTTP client and cache ``options`` ask for; several runs may share it, so that
    a registry found unreachable in one file is not asked again for the next."""
    cache = Cache(options.cache) if options.cache is not None else None
    return HttpClient(options, cache)


def close_client(client: HttpClient) -> None:
    client.close()
    if client.cache is not None:
        client.cache.close()


class Verifier:
    """The look-ups of one run, remembered per entry so that all rules share them."""

    def __init__(self, options: VerifyOptions, client: HttpClient | None = None) -> None:
        self.options = options
        self._owns_client = client is None
        self.client = client if client is not None else open_client(options)
        # A client shared by several runs (one per file) counts for all of them.
        self._requests_before = self.client.requests
        self._hits_before = self.client.cache.hits if self.client.cache is not None else 0
        self.lookups = Lookups(self.client, options)
        self.assessor = Assessor(self.lookups)
        self._lock = threading.Lock()
        self._memo: dict[tuple[int, str], Assessment] = {}

    def close(self) -> None:
        if self._owns_client:
            close_client(self.client)

    def assessment(self, block_index: int, entry: Entry) -> Assessment:
        key = (block_index, entry.raw)
        with self._lock:
            found = self._memo.get(key)
        if found is None:
            found = self.assessor.assess(entry)
            with self._lock:
                self._memo[key] = found
        return found

    def prefetch(self, bibliography: Bibliography, progress: Progress | None = None) -> None:
        entries = list(bibliography.indexed_entries())
        done = 0
        lock = threading.Lock()

        def work(item: tuple[int, Entry]) -> None:
            nonlocal done
            self.assessment(*item)
            with lock:
                done += 1
                finished = done
            if progress is not None:
                progress(finished, len(entries))

        workers = max(1, min(self.options.concurrency, len(entries)))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(work, entries))

    def rules(self) -> list[Rule]:
        return verify_rules(self.assessment, self.options.protected_fields)

    def result(self, bibliography: Bibliography, diagnostics: Sequence[Diagnostic]) -> VerifyResult:
        outcomes: list[EntryOutcome] = []
        unchecked: Counter[Source] = Counter()
        reasons: dict[Source, str] = {}
        for index, entry in bibliography.indexed_entries():
            found = self.assessment(index, entry)
            for problem in found.problems[:1]:
                unchecked[problem.source] += 1
                reasons.setdefault(problem.source, problem.reason)
            span = entry.key_span or entry.span
            outcomes.append(
                EntryOutcome(
                    entry.key,
                    index,
                    found.verdict,
                    found.record.url if found.record is not None else None,
                    found.how if found.verdict is not Verdict.NOT_CHECKED else "",
                    found.reason,
                    bool(found.problems),
                    span.start_line if span is not None else None,
                    found.answered or found.verdict is not Verdict.NOT_CHECKED,
                )
            )
        # Every registry given up is named, also those whose failure another registry
        # covered for some entries.
        for source, reason in self.client.down.items():
            reasons.setdefault(source, reason)
            unchecked.setdefault(source, 0)
        cache = self.client.cache
        return VerifyResult(
            diagnostics=tuple(diagnostics),
            path=bibliography.path,
            outcomes=tuple(outcomes),
            notices=tuple(
                Notice(source, reasons[source], count) for source, count in unchecked.items()
            ),
            requests=self.client.requests - self._requests_before,
            cache_hits=(cache.hits if cache is not None else 0) - self._hits_before,
            cache_problem=cache.problem if cache is not None else None,
            counts=Counter(item.verdict for item in outcomes),
        )


def verification_document(results: Sequence[VerifyResult]) -> dict[str, Any]:
    """What the runs found entry by entry, for the JSON report's ``verification`` member.

    ``{"entries": [{path, entry_key, line, verdict, found_by, record, reason}], "counts":
    {verdict: N}, "unavailable": [{source, reason, entries}], "requests": N,
    "cache_hits": N}``; a verdict is ``verified``, ``described-wrongly``, ``not-found`` or
    ``not-checked``.
    """
    counts: Counter[Verdict] = Counter()
    unavailable: dict[Source, tuple[str, int]] = {}
    for result in results:
        counts.update(result.counts)
        for notice in result.notices:
            reason, entries = unavailable.get(notice.source, (notice.reason, 0))
            unavailable[notice.source] = (reason, entries + notice.entries)
    return {
        "entries": [
            outcome.to_dict(result.path) for result in results for outcome in result.outcomes
        ],
        "counts": {verdict.code: counts[verdict] for verdict in Verdict},
        "unavailable": [
            {"source": source.value, "reason": reason, "entries": entries}
            for source, (reason, entries) in unavailable.items()
        ],
        "requests": sum(result.requests for result in results),
        "cache_hits": sum(result.cache_hits for result in results),
    }


def resolve_options(config: Config, options: VerifyOptions | None) -> VerifyOptions:
    if options is not None:
        return options
    base = config.source.parent if config.source is not None else None
    return options_from(config.verify, base)


def verify(
    bibliography: Bibliography,
    config: Config | None = None,
    *,
    options: VerifyOptions | None = None,
    client: HttpClient | None = None,
    progress: Progress | None = None,
    today: datetime.date | None = None,
) -> VerifyResult:
    """Check every entry against the registries; the findings are RK10xx diagnostics.

    ``options`` default to ``[tool.refkit.verify]`` of ``config`` and the environment;
    ``client`` replaces the HTTP client (and its cache).  The input is never changed.
    Verify's own ``select``/``ignore`` choose among the RK10xx rules (the check
    selection does not apply: ``RK1`` there means the structure family); severity
    overrides and suppression comments apply as for ``check``.
    """
    config = config or Config()
    options = resolve_options(config, options)
    verifier = Verifier(options, client)
    try:
        verifier.prefetch(bibliography, progress)
        engine = config.replace(
            select=options.select,
            ignore=options.ignore,
            extend_select=(),
            per_file_ignores=(),
            rules=tuple(verifier.rules()),
            today=today or config.today,
        )
        diagnostics = check(bibliography, engine)
        return verifier.result(bibliography, diagnostics)
    finally:
        verifier.close()


@contextmanager
def online_rules(
    bibliography: Bibliography,
    config: Config | None = None,
    *,
    options: VerifyOptions | None = None,
    client: HttpClient | None = None,
) -> Iterator[list[Rule]]:
    """The RK10xx rules for the fix engine (``refkit fix --online``), looked up first."""
    options = resolve_options(config or Config(), options)
    verifier = Verifier(options, client)
    try:
        verifier.prefetch(bibliography)
        yield verifier.rules()
    finally:
        verifier.close()
