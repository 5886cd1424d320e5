"""The look-ups of one run: which registries to ask for an identifier, in which order.

A DOI is asked of Crossref, then DataCite, then the DOI resolver (doi.org), which knows
every registration agency and alone may say that a DOI does not exist.  A search asks
one registry (Crossref, DBLP or Open Library; the assessor chooses which, in turn).
Records found by a search are remembered by DOI, so a DOI a fix adds is checked without
a request.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from refkit.lookup.http import HttpClient, UnavailableError
from refkit.lookup.options import VerifyOptions
from refkit.lookup.records import Record, Source
from refkit.lookup.reference import Reference
from refkit.lookup.sources import arxiv, crossref, datacite, dblp, doi, openlibrary

_SEARCHES = {
    Source.CROSSREF: crossref.search,
    Source.DBLP: dblp.search,
    Source.OPENLIBRARY: openlibrary.search,
}
#: DOI prefixes of DataCite members whose DOIs are common in bibliographies (arXiv,
#: Zenodo, figshare): asked of DataCite first, saving a Crossref 404.
DATACITE_PREFIXES = frozenset({"10.48550", "10.5281", "10.6084"})


@dataclass(frozen=True)
class Searched:
    """The candidates of one registry's bibliographic search, or why it gave none."""

    candidates: tuple[Record, ...]
    failed: tuple[UnavailableError, ...] = ()


class Lookups:
    """Identifier look-ups and searches through one client, remembered for the run."""

    def __init__(self, client: HttpClient, options: VerifyOptions) -> None:
        self.client = client
        self.options = options
        self._lock = threading.Lock()
        self._by_doi: dict[str, Record | None] = {}
        #: One lock per DOI being resolved: entries citing one DOI ask for it once.
        self._resolving: dict[str, threading.Lock] = {}

    def remember(self, record: Record) -> None:
        if record.doi:
            with self._lock:
                self._by_doi.setdefault(record.doi, record)

    def doi(self, value: str) -> Record | None:
        """The record of a DOI, or None when the DOI resolver does not know it."""
        key = value.lower()
        with self._lock:
            if key in self._by_doi:
                return self._by_doi[key]
            resolving = self._resolving.setdefault(key, threading.Lock())
        with resolving:
            with self._lock:
                if key in self._by_doi:
                    return self._by_doi[key]
            record = self._resolve(key)
            with self._lock:
                self._by_doi[key] = record
        return record

    def _resolve(self, value: str) -> Record | None:
        order = [Source.CROSSREF, Source.DATACITE]
        if value.split("/", 1)[0] in DATACITE_PREFIXES:
            order.reverse()
        problems: list[UnavailableError] = []
        for source in order:
            if not self.options.uses(source):
                continue
            lookup = crossref.lookup if source is Source.CROSSREF else datacite.lookup
            try:
                record = lookup(self.client, self.options, value)
            except UnavailableError as problem:
                problems.append(problem)
                continue
            if record is not None:
                return record
        if not self.options.uses(Source.DOI):
            raise (
                problems[0]
                if problems
                else UnavailableError(
                    Source.DOI,
                    "neither Crossref nor DataCite knows the DOI, and doi.org is not asked",
                )
            )
        try:
            return doi.lookup(self.client, self.options, value)
        except UnavailableError:
            if problems:
                raise problems[0] from None
            raise

    def arxiv(self, value: str) -> Record | None:
        if not self.options.uses(Source.ARXIV):
            raise UnavailableError(Source.ARXIV, "arXiv is not among the sources")
        return arxiv.lookup(self.client, self.options, value)

    def isbn(self, value: str) -> Record | None:
        if not self.options.uses(Source.OPENLIBRARY):
            raise UnavailableError(Source.OPENLIBRARY, "Open Library is not among the sources")
        return openlibrary.lookup(self.client, self.options, value)

    def search(self, reference: Reference, source: Source) -> Searched:
        """Candidates from one search registry (Crossref, DBLP or Open Library)."""
        if not self.options.uses(source):
            return Searched(())
        search = _SEARCHES[source]
        try:
            found = search(self.client, self.options, reference)
        except UnavailableError as problem:
            return Searched((), (problem,))
        return Searched(tuple(found))
