"""The verdict on one entry, as a careful reader checking it by hand would give it.

Verdicts are kept apart: a work that exists but is described wrongly (RK1002), an
identifier nobody registered (RK1001), an entry no record matches strictly (RK1005), and
an entry that could not be checked at all (RK1000: no network, offline and not cached, or
too little to search for).  Besides the verdict, a matched record may tell that the work
was retracted (RK1004), that a cited preprint was published (RK1003), or that the entry
lacks the record's DOI (RK1006).
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass

from refkit.bib.model import Entry
from refkit.cite.latex_text import latex_escape
from refkit.core.diagnostics import EditKind, Severity
from refkit.lookup.compare import Difference, compare
from refkit.lookup.http import UnavailableError
from refkit.lookup.matching import SearchOutcome, best_match, same_work
from refkit.lookup.normalize import collapse
from refkit.lookup.records import Record, Source, UpdateKind, WorkKind
from refkit.lookup.reference import Reference, reference_of
from refkit.lookup.registry import Lookups

NOT_CHECKED = "RK1000"
IDENTIFIER_NOT_FOUND = "RK1001"
METADATA_MISMATCH = "RK1002"
PREPRINT_PUBLISHED = "RK1003"
RETRACTED = "RK1004"
NO_MATCHING_RECORD = "RK1005"
MISSING_IDENTIFIER = "RK1006"

#: Kinds of work the registries list well enough that finding nothing is a finding.
SEARCHED_KINDS = frozenset({WorkKind.ARTICLE, WorkKind.PAPER, WorkKind.CHAPTER, WorkKind.BOOK})
#: Kinds of which no registry holds them all: finding nothing is worth saying, as an info.
PARTLY_LISTED_KINDS = frozenset({WorkKind.BOOK})
#: The registries searched for a book, in turn: Crossref has the books with DOIs (most
#: academic publishers'), Open Library the rest.  DBLP lists few books.
BOOK_SEARCHES = (Source.CROSSREF, Source.OPENLIBRARY)
#: The registries searched for any other work: DBLP has the conference papers that
#: have no DOI.
WORK_SEARCHES = (Source.CROSSREF, Source.DBLP)
#: Kinds not searched for at all: registries do not list talks.
UNSEARCHED_KINDS = frozenset({WorkKind.TALK})
#: BibTeX type and venue field for a published version of each kind.
_PUBLISHED_AS = {
    WorkKind.ARTICLE: ("article", "journal"),
    WorkKind.PAPER: ("inproceedings", "booktitle"),
    WorkKind.CHAPTER: ("incollection", "booktitle"),
}


class Verdict(enum.Enum):
    """What a careful reader concludes about one entry; exactly one per entry."""

    VERIFIED = "verified"
    MISMATCH = "described wrongly"
    NOT_FOUND = "not found"
    NOT_CHECKED = "not checked"

    @property
    def code(self) -> str:
        """The verdict in reports for machines (``described-wrongly``)."""
        return self.value.replace(" ", "-")


@dataclass(frozen=True)
class Proposal:
    """One edit of a proposed fix."""

    kind: EditKind
    field: str | None
    value: str | None = None


@dataclass(frozen=True)
class Finding:
    """One thing to report about an entry: a rule's code, the message with its evidence,
    and the fix it proposes."""

    code: str
    message: str
    #: The entry's field the finding is about (an existing field, or one to add).
    field: str | None = None
    proposals: tuple[Proposal, ...] = ()
    #: Where the proposed values come from, for the fix's description (provenance).
    source: str = ""
    severity: Severity | None = None


@dataclass(frozen=True)
class Assessment:
    """An entry's verdict, its findings, and the record they rest on."""

    verdict: Verdict
    findings: tuple[Finding, ...] = ()
    record: Record | None = None
    #: How the record was found: ``doi``, ``arXiv id``, ``ISBN`` or ``search``.
    how: str = ""
    #: Why the entry was not checked.
    reason: str = ""
    problems: tuple[UnavailableError, ...] = ()
    #: The registries answered (a verdict, or a search that found nothing in registries
    #: that do not list every work of the kind), as opposed to not being asked at all.
    answered: bool = False


def _quoted(text: str) -> str:
    return f"“{collapse(text)}”"


class Assessor:
    """Judges entries through the run's look-ups."""

    def __init__(self, lookups: Lookups) -> None:
        self.lookups = lookups

    def assess(self, entry: Entry) -> Assessment:
        reference = reference_of(entry)
        try:
            if reference.doi:
                return self._by_doi(reference, entry)
            if reference.arxiv_id:
                return self._by_arxiv(reference, entry)
            if reference.isbn:
                return self._by_isbn(reference)
            return self._by_search(reference, entry)
        except UnavailableError as problem:
            return Assessment(
                Verdict.NOT_CHECKED,
                (Finding(NOT_CHECKED, f"not checked: {problem}"),),
                reason=str(problem),
                problems=(problem,),
            )

    # -- identifiers -------------------------------------------------------------

    def _by_doi(self, reference: Reference, entry: Entry) -> Assessment:
        assert reference.doi is not None
        doi = reference.doi
        record = self.lookups.doi(doi)
        field = "doi" if entry.field("doi") is not None else "url"
        if record is None:
            message = (
                f"the DOI {doi} is not registered: https://doi.org/{doi} answers 404 Not Found"
            )
            return self._wrong_identifier(
                IDENTIFIER_NOT_FOUND, message, field, reference, "doi", Severity.ERROR
            )
        if not same_work(reference, record):
            message = f"the DOI {doi} is another work: {record.describe()}"
            return self._wrong_identifier(
                METADATA_MISMATCH, message, field, reference, "doi", named=record
            )
        findings = [*self._differences(reference, record), *self._notices(record)]
        findings.extend(self._published(reference, record, entry))
        if reference.arxiv_id and not (record.arxiv_id or "").startswith(reference.arxiv_id):
            findings.extend(self._second_arxiv(reference, entry))
        return self._verdict(findings, record, "doi")

    def _by_arxiv(self, reference: Reference, entry: Entry) -> Assessment:
        assert reference.arxiv_id is not None
        identifier = reference.arxiv_id
        field = _arxiv_field(entry)
        record = self.lookups.arxiv(identifier)
        if record is None:
            message = (
                f"arXiv does not know arXiv:{identifier} "
                f"(https://arxiv.org/abs/{identifier} has no paper)"
            )
            return self._wrong_identifier(
                IDENTIFIER_NOT_FOUND, message, field, reference, "arXiv id", Severity.ERROR
            )
        if not same_work(reference, record):
            message = f"arXiv:{identifier} is another work: {record.describe()}"
            return self._wrong_identifier(
                METADATA_MISMATCH, message, field, reference, "arXiv id", named=record
            )
        if not reference.is_preprint:
            return self._published_entry(reference, record)
        findings = [*self._differences(reference, record)]
        findings.extend(self._published(reference, record, entry))
        return self._verdict(findings, record, "arXiv id")

    def _published_entry(self, reference: Reference, preprint: Record) -> Assessment:
        """An entry for a published paper that gives only its arXiv id."""
        only_people = Reference(
            key=reference.key,
            entry_type=reference.entry_type,
            kind=WorkKind.PREPRINT,
            title=reference.title,
            authors=reference.authors,
            editors=reference.editors,
            authors_truncated=reference.authors_truncated,
        )
        findings = self._differences(only_people, preprint)
        published = self._published_record(preprint)
        if published is None or not same_work(reference, published):
            return self._verdict(findings, preprint, "arXiv id")
        findings = [*self._differences(reference, published), *self._notices(published)]
        findings.append(self._missing_doi(published, ambiguous=False))
        return self._verdict(findings, published, "arXiv id")

    def _by_isbn(self, reference: Reference) -> Assessment:
        assert reference.isbn is not None
        record = self.lookups.isbn(reference.isbn)
        if record is None:
            message = (
                f"Open Library has no book with ISBN {reference.isbn} "
                "(it does not hold every book: check the number)"
            )
            return self._wrong_identifier(
                IDENTIFIER_NOT_FOUND, message, "isbn", reference, "ISBN", Severity.WARNING
            )
        if not same_work(reference, record):
            message = f"the ISBN {reference.isbn} is another book: {record.describe()}"
            return self._wrong_identifier(
                METADATA_MISMATCH, message, "isbn", reference, "ISBN", named=record
            )
        return self._verdict(self._differences(reference, record), record, "ISBN")

    def _second_arxiv(self, reference: Reference, entry: Entry) -> list[Finding]:
        """An entry with a DOI and an arXiv id: the id must name the same work."""
        assert reference.arxiv_id is not None
        try:
            record = self.lookups.arxiv(reference.arxiv_id)
        except UnavailableError:
            return []
        field = _arxiv_field(entry)
        if record is None:
            message = f"arXiv does not know arXiv:{reference.arxiv_id}"
            return [Finding(IDENTIFIER_NOT_FOUND, message, field, severity=Severity.ERROR)]
        if not same_work(reference, record):
            message = f"arXiv:{reference.arxiv_id} is another work: {record.describe()}"
            return [Finding(METADATA_MISMATCH, message, field)]
        return []

    # -- search ------------------------------------------------------------------

    def _find(self, reference: Reference) -> tuple[SearchOutcome, list[UnavailableError]]:
        failures: list[UnavailableError] = []
        closest = None
        for source in _searches(reference):
            searched = self.lookups.search(reference, source)
            failures.extend(searched.failed)
            outcome = best_match(reference, searched.candidates)
            if outcome.best is not None:
                return outcome, []
            if closest is None or (
                outcome.closest is not None and "the title differs" not in outcome.closest.reasons
            ):
                closest = outcome.closest or closest
        return SearchOutcome((), closest), failures

    def _by_search(self, reference: Reference, entry: Entry) -> Assessment:
        if reference.kind in UNSEARCHED_KINDS:
            reason = f"a {reference.kind.value} without an identifier: registries do not list them"
            return _not_checked(reason)
        if not reference.searchable:
            reason = "too little to search for strictly (a title, an author and a year are needed)"
            return _not_checked(reason)
        outcome, failures = self._find(reference)
        record = outcome.best
        if record is None:
            if failures:
                return Assessment(
                    Verdict.NOT_CHECKED,
                    (Finding(NOT_CHECKED, f"not checked: {failures[0]}"),),
                    reason=str(failures[0]),
                    problems=tuple(failures),
                )
            if reference.kind not in SEARCHED_KINDS:
                what = reference.kind.value
                if reference.kind is WorkKind.OTHER:
                    what = f"@{reference.entry_type} work"
                reason = f"no record matches, but registries do not list every {what}"
                return dataclasses.replace(_not_checked(reason), answered=True)
            finding = self._no_match(reference, outcome)
            return Assessment(Verdict.NOT_FOUND, (finding,), how="search")
        self.lookups.remember(record)
        findings = [*self._differences(reference, record), *self._notices(record)]
        if record.doi and not reference.doi:
            findings.append(self._missing_doi(record, ambiguous=outcome.ambiguous, outcome=outcome))
        elif record.arxiv_id and not reference.arxiv_id and record.kind is WorkKind.PREPRINT:
            findings.append(self._missing_arxiv(record))
        return self._verdict(findings, record, "search")

    def _no_match(self, reference: Reference, outcome: SearchOutcome) -> Finding:
        asked = [
            source.label for source in _searches(reference) if self.lookups.options.uses(source)
        ]
        message = f"no record in {' or '.join(asked)} matches the title, an author and the year"
        closest = outcome.closest
        if closest is not None:
            reasons = "; ".join(closest.reasons)
            message += f"; the closest, {closest.record.describe()}, was rejected: {reasons}"
        if reference.kind in PARTLY_LISTED_KINDS:
            message += " (Open Library does not hold every book: check it by hand)"
            return Finding(NO_MATCHING_RECORD, message, severity=Severity.INFO)
        message += " (a possibly invented reference: check it by hand)"
        return Finding(NO_MATCHING_RECORD, message)

    def _wrong_identifier(
        self,
        code: str,
        message: str,
        field: str,
        reference: Reference,
        how: str,
        severity: Severity | None = None,
        *,
        named: Record | None = None,
    ) -> Assessment:
        """An identifier nobody registered, or one that names another work (``named``).

        A strict search may still find the work the entry describes: then the entry is
        real and described wrongly (its identifier), the message names the work, and a
        DOI found replaces the wrong one (unsafe).  Otherwise an unknown identifier is
        "not found", and one naming another work "described wrongly" with that work.
        """
        alternative = self._alternative(reference)
        if alternative is None:
            verdict = Verdict.NOT_FOUND if named is None else Verdict.MISMATCH
            finding = Finding(code, message, field, severity=severity)
            return Assessment(verdict, (finding,), named, how=how)
        message = f"{message}; {alternative.source.label} has {alternative.describe()}"
        proposals: tuple[Proposal, ...] = ()
        if alternative.doi and field == "doi":
            proposals = (Proposal(EditKind.SET_FIELD, "doi", latex_escape(alternative.doi)),)
        finding = Finding(code, message, field, proposals, alternative.url, severity)
        return Assessment(Verdict.MISMATCH, (finding,), alternative, how=how)

    def _alternative(self, reference: Reference) -> Record | None:
        """The record a strict search finds for an entry whose identifier is wrong."""
        if not reference.searchable or reference.kind in UNSEARCHED_KINDS:
            return None
        outcome, _failures = self._find(reference)
        if outcome.best is None or outcome.ambiguous:
            return None
        self.lookups.remember(outcome.best)
        return outcome.best

    # -- what a matched record tells -----------------------------------------------

    def _differences(self, reference: Reference, record: Record) -> list[Finding]:
        return [_mismatch(item, record) for item in compare(reference, record)]

    def _notices(self, record: Record) -> list[Finding]:
        found: list[Finding] = []
        for update in record.updated_by:
            if not update.kind.serious:
                continue
            year = f" ({update.year})" if update.year else ""
            notice = f"https://doi.org/{update.doi}" if update.doi else _quoted(update.label)
            severity = Severity.WARNING if update.kind is UpdateKind.EXPRESSION_OF_CONCERN else None
            found.append(
                Finding(
                    RETRACTED,
                    f"{record.identifier} has a {update.kind.value}{year}: {notice} "
                    f"(record {record.url})",
                    severity=severity,
                )
            )
        for update in record.updates:
            if update.kind.serious and update.doi and update.doi != record.doi:
                found.append(
                    Finding(
                        RETRACTED,
                        f"{record.identifier} is the {update.kind.value} notice of "
                        f"https://doi.org/{update.doi}, not the work itself",
                    )
                )
        return found

    def _published_record(self, preprint: Record) -> Record | None:
        if not preprint.published_doi:
            return None
        try:
            return self.lookups.doi(preprint.published_doi)
        except UnavailableError:
            return None

    def _published_by_search(self, reference: Reference, preprint: Record) -> Record | None:
        """The published version of a preprint whose record does not link it: a search
        result that names the preprint as its own (Crossref ``has-preprint``), or that
        matches strictly as a journal article or conference paper."""
        if not preprint.doi or not reference.searchable:
            return None
        searched = self.lookups.search(reference, Source.CROSSREF)
        for candidate in searched.candidates:
            if preprint.doi in candidate.preprints:
                self.lookups.remember(candidate)
                return candidate
        for kind in (WorkKind.ARTICLE, WorkKind.PAPER):
            as_published = dataclasses.replace(reference, kind=kind)
            outcome = best_match(as_published, searched.candidates)
            if outcome.best is not None and not outcome.ambiguous:
                self.lookups.remember(outcome.best)
                return outcome.best
        return None

    def _published(self, reference: Reference, record: Record, entry: Entry) -> list[Finding]:
        """RK1003: the entry cites a preprint whose published version exists."""
        if record.kind is not WorkKind.PREPRINT or not (
            reference.is_preprint or reference.kind in (WorkKind.OTHER, WorkKind.PREPRINT)
        ):
            return []
        published = self._published_record(record) or self._published_by_search(reference, record)
        if published is not None and same_work(reference, published):
            return [
                Finding(
                    PREPRINT_PUBLISHED,
                    f"the preprint {record.identifier} was published: {published.describe()}",
                    proposals=_replacement(reference, entry, published),
                    source=published.url,
                )
            ]
        if record.journal_ref:
            return [
                Finding(
                    PREPRINT_PUBLISHED,
                    f"the preprint {record.identifier} was published: its authors give "
                    f"{_quoted(record.journal_ref)} ({record.url})",
                )
            ]
        if record.published_doi:
            return [
                Finding(
                    PREPRINT_PUBLISHED,
                    f"the preprint {record.identifier} was published as "
                    f"https://doi.org/{record.published_doi} ({record.url})",
                )
            ]
        return []

    def _missing_doi(
        self, record: Record, *, ambiguous: bool, outcome: SearchOutcome | None = None
    ) -> Finding:
        assert record.doi is not None
        if ambiguous and outcome is not None:
            others = ", ".join(item.record.url for item in outcome.accepted[:3])
            return Finding(
                MISSING_IDENTIFIER,
                f"the entry has no DOI, and several records match it equally: {others}",
                "doi",
            )
        return Finding(
            MISSING_IDENTIFIER,
            f"the entry has no DOI; {record.source.label} has it: {record.describe()}",
            "doi",
            (Proposal(EditKind.ADD_FIELD, "doi", latex_escape(record.doi)),),
            record.url,
        )

    def _missing_arxiv(self, record: Record) -> Finding:
        assert record.arxiv_id is not None
        return Finding(
            MISSING_IDENTIFIER,
            f"the entry has no arXiv id; {record.source.label} has it: {record.describe()}",
            "eprint",
            (
                Proposal(EditKind.ADD_FIELD, "eprint", record.arxiv_id),
                Proposal(EditKind.ADD_FIELD, "archiveprefix", "arXiv"),
            ),
            record.url,
        )

    def _verdict(self, findings: list[Finding], record: Record, how: str) -> Assessment:
        wrong = any(item.code == METADATA_MISMATCH for item in findings)
        verdict = Verdict.MISMATCH if wrong else Verdict.VERIFIED
        return Assessment(verdict, tuple(findings), record, how=how)


def _searches(reference: Reference) -> tuple[Source, ...]:
    return BOOK_SEARCHES if reference.kind is WorkKind.BOOK else WORK_SEARCHES


def _not_checked(reason: str) -> Assessment:
    return Assessment(
        Verdict.NOT_CHECKED, (Finding(NOT_CHECKED, f"not checked: {reason}"),), reason=reason
    )


def _arxiv_field(entry: Entry) -> str:
    """The field an entry's arXiv id was read from."""
    if entry.field("eprint") is not None:
        return "eprint"
    for name in ("url", "journal", "journaltitle", "note", "howpublished", "booktitle", "doi"):
        found = entry.field(name)
        if found is not None and "arxiv" in found.text.lower():
            return name
    return "eprint"


def _mismatch(item: Difference, record: Record) -> Finding:
    detail = f" ({item.detail})" if item.detail else ""
    message = (
        f"{item.field}: the entry has {_quoted(item.local)}, {record.source.label} has "
        f"{_quoted(item.remote)}{detail}, {record.url}"
    )
    proposals: tuple[Proposal, ...] = ()
    if item.proposed is not None:
        proposals = (Proposal(EditKind.SET_FIELD, item.field, item.proposed),)
    return Finding(METADATA_MISMATCH, message, item.field, proposals, record.url)


def _replacement(reference: Reference, entry: Entry, published: Record) -> tuple[Proposal, ...]:
    """Edits that make a preprint entry cite the published version, keeping its key,
    title and authors (the local text is the author's choice, the venue is a fact)."""
    target = _PUBLISHED_AS.get(published.kind)
    edits: list[Proposal] = []
    if target is None:
        return ()
    entry_type, venue_field = target
    if entry.field("journaltitle") is not None and venue_field == "journal":
        venue_field = "journaltitle"
    if entry.type != entry_type:
        edits.append(Proposal(EditKind.SET_TYPE, None, entry_type))
    if published.containers:
        edits.append(
            Proposal(EditKind.ADD_FIELD, venue_field, latex_escape(published.containers[0]))
        )
    for name in ("journal", "journaltitle", "booktitle"):
        if name != venue_field and entry.field(name) is not None:
            edits.append(Proposal(EditKind.REMOVE_FIELD, name))
    pages = published.pages or published.article_number
    values = {
        "volume": published.volume,
        "number": published.issue,
        "pages": pages.replace("-", "--") if "-" in pages else pages,
    }
    for name, value in values.items():
        if value and not entry.field(name):
            edits.append(Proposal(EditKind.ADD_FIELD, name, latex_escape(value)))
    if (
        published.year is not None
        and reference.year_field != "date"
        and reference.year != published.year
    ):
        edits.append(Proposal(EditKind.ADD_FIELD, "year", str(published.year)))
    if published.doi and entry.field("doi") is None:
        edits.append(Proposal(EditKind.ADD_FIELD, "doi", latex_escape(published.doi)))
    return tuple(edits)
