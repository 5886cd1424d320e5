"""The verify family (RK10xx): what the registries say about each entry, as findings.

The rules report the verdicts that ``refkit.lookup.assess`` reached (one look-up per
entry, shared by the rules); they propose fixes and never edit.  Every fix they propose
is unsafe (applied only by ``refkit fix --online --unsafe``), names the record its values
come from, and leaves the ``protected-fields`` alone: a fix that would change one is not
proposed (the finding still is).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import ClassVar

from refkit.bib.model import Entry
from refkit.core.diagnostics import Diagnostic, Edit, Fix, Severity
from refkit.lint.rules.base import CheckContext, EntryRule, Rule
from refkit.lookup.assess import (
    IDENTIFIER_NOT_FOUND,
    METADATA_MISMATCH,
    MISSING_IDENTIFIER,
    NO_MATCHING_RECORD,
    NOT_CHECKED,
    PREPRINT_PUBLISHED,
    RETRACTED,
    Assessment,
    Finding,
)

#: Gives the assessment of one entry (computed once, shared by the rules).
Assess = Callable[[int, Entry], Assessment]


class VerifyRule(EntryRule):
    """Reports the findings of one code from the entry's assessment."""

    family: ClassVar[str] = "verify"

    def __init__(
        self, assess: Assess | None = None, protected: frozenset[str] = frozenset()
    ) -> None:
        self.assess = assess
        self.protected = protected

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        if self.assess is None:
            return
        for finding in self.assess(block_index, entry).findings:
            if finding.code != self.code:
                continue
            field = entry.field(finding.field) if finding.field else None
            diagnostic = self.diagnostic(
                context,
                finding.message,
                entry=entry,
                block_index=block_index,
                field=field,
                field_name=finding.field,
                fix=self._fix(block_index, entry, finding),
            )
            yield diagnostic.with_severity(finding.severity) if finding.severity else diagnostic

    def _fix(self, block_index: int, entry: Entry, finding: Finding) -> Fix | None:
        """The finding's proposals as one unsafe fix, or None when it would change a
        protected field: half a replacement (a type without its venue) is worse than none."""
        edits: list[Edit] = []
        for proposal in finding.proposals:
            name = proposal.field or "type"
            if name.lower() in self.protected or (
                proposal.field is None and "entrytype" in self.protected
            ):
                return None
            existing = entry.field(proposal.field) if proposal.field else None
            edits.append(
                Edit(
                    kind=proposal.kind,
                    block_index=block_index,
                    entry_key=entry.key,
                    field=proposal.field,
                    value=proposal.value,
                    field_index=entry.position_of(existing) if existing is not None else None,
                )
            )
        if not edits:
            return None
        changed = ", ".join(sorted({edit.field or "type" for edit in edits}))
        return Fix(
            description=f"set {changed} from {finding.source or 'the matched record'}",
            edits=tuple(edits),
            safe=False,
        )


class NotChecked(VerifyRule):
    """The entry could not be checked: no registry could be asked, or there was too little
    to search for.  Never a sign that the entry is wrong; check it by hand.

    Reported when a registry cannot be reached (each is named once on stderr), when
    ``--offline`` and the answer is not in the cache, and for entries without an
    identifier that registries do not list (talks) or that lack a title, an author or
    a year to match on.

    Bad:  @article{b, title = {The forecast trap}, author = {Boettiger, Carl}}
    Good: @article{b, title = {The forecast trap}, author = {Boettiger, Carl},
                   year = {2022}}
    """

    code = NOT_CHECKED
    name = "not-checked"
    severity = Severity.INFO


class IdentifierNotFound(VerifyRule):
    """A DOI, arXiv id or ISBN that its registry does not know.

    A DOI is unknown only when the DOI resolver (doi.org) answers 404, after Crossref and
    DataCite; an arXiv id when arXiv's API has no paper for it; an ISBN when Open Library
    has no book (a warning: Open Library does not hold every book).  When a strict search
    finds the work, the message names it and an unsafe fix sets its DOI.

    Bad:  @article{x, doi = {10.1371/notarealdoi}}
    Good: @article{x, doi = {10.1371/journal.pone.0033693}}
    """

    code = IDENTIFIER_NOT_FOUND
    fixable = True
    name = "identifier-not-found"
    severity = Severity.ERROR


class MetadataMismatch(VerifyRule):
    """A field disagrees with the record the entry's identifier (or a strict search)
    found: one finding per field, with both values and the record's URL.

    Compared: title, authors (family names, their order and count, and the given names
    of a family name both list: J. Smith is not the record's K. Smith), year (any year
    the record gives: print, online, issue), journal or proceedings, volume, issue,
    pages, publisher and type.  Case, accents, LaTeX, abbreviated journal names,
    page-range styles, initials for full given names, left-out middle names and a record
    that says less than the entry are forgiven.  An identifier
    that names a different work altogether is reported on the identifier.  Unsafe
    fixes set the year, volume, issue and pages from the record.

    Bad:  @article{x, title = {Methylphenidate Exposure Induces Dopamine Neuron Loss},
                   year = {2013}, doi = {10.1371/journal.pone.0033693}}
    Good: @article{x, title = {Methylphenidate Exposure Induces Dopamine Neuron Loss
                   and Activation of Microglia in the Basal Ganglia of Mice},
                   year = {2012}, doi = {10.1371/journal.pone.0033693}}
    """

    code = METADATA_MISMATCH
    fixable = True
    name = "metadata-mismatch"
    severity = Severity.WARNING


class PreprintPublished(VerifyRule):
    """The entry cites a preprint whose published version exists (arXiv's ``doi`` or
    ``journal_ref``, Crossref's ``is-preprint-of`` relation).

    The unsafe fix makes the entry cite the published version, keeping its key, title
    and authors: type, venue, volume, issue, pages, year and DOI from the published
    record.

    Bad:  @misc{gould2006, author = {Gould, Andrew and others}, year = {2006},
                eprint = {astro-ph/0601001}, archiveprefix = {arXiv}}
    Good: @article{gould2006, author = {Gould, Andrew and others}, year = {2006},
                   journal = {Acta Astronomica}, volume = {56}, pages = {1--50},
                   eprint = {astro-ph/0601001}, archiveprefix = {arXiv}}
    """

    code = PREPRINT_PUBLISHED
    fixable = True
    name = "preprint-published"
    severity = Severity.WARNING


class Retracted(VerifyRule):
    """The work has a retraction, withdrawal, removal or expression of concern
    (Crossref's ``updated-by``), or the DOI is the notice itself (``update-to``).

    Corrections and errata are not reported.  An expression of concern is a warning.
    Citing a retracted work on purpose (to discuss the retraction) is what a suppression
    comment is for.

    Bad:  @article{wakefield1998, doi = {10.1016/S0140-6736(97)11096-0}}
    Good: % refkit: ignore RK1004 -- cited as the retracted paper it is
          @article{wakefield1998, doi = {10.1016/S0140-6736(97)11096-0}}
    """

    code = RETRACTED
    name = "retracted"
    severity = Severity.ERROR


class NoMatchingRecord(VerifyRule):
    """An entry without identifiers that no registry record matches strictly: a possibly
    invented reference.

    Searched in Crossref, then DBLP (for a book: Crossref, then Open Library); a
    candidate matches only when its title, at least one author's family name and its
    year agree and its kind fits (a talk is not a paper, an erratum is not its article):
    the thresholds are in ``refkit.lookup.matching``.  The message shows the closest
    candidate and why it was rejected.  Reported for journal articles, conference
    papers, chapters and books (an info for a book: Open Library does not hold every
    book); theses and reports that no registry lists are not checked (RK1000).

    Bad:  @article{smith2022, title = {The forecast trap}, author = {Smith, John},
                   year = {2022}}    % that title is Boettiger's, in Ecology Letters
    Good: @article{boettiger2022, title = {The forecast trap},
                   author = {Boettiger, Carl}, year = {2022}}
    """

    code = NO_MATCHING_RECORD
    name = "no-matching-record"
    severity = Severity.WARNING


class MissingIdentifier(VerifyRule):
    """A strict match exists and the entry lacks its DOI (or, for a preprint, its arXiv
    id).  The unsafe fix adds it; when several records match equally, none is proposed.

    Bad:  @article{b, title = {The forecast trap}, author = {Boettiger, Carl},
                   year = {2022}}
    Good: @article{b, title = {The forecast trap}, author = {Boettiger, Carl},
                   year = {2022}, doi = {10.1111/ele.14024}}
    """

    code = MISSING_IDENTIFIER
    fixable = True
    name = "missing-identifier"
    severity = Severity.INFO


def rules(assess: Assess | None = None, protected: frozenset[str] = frozenset()) -> list[Rule]:
    """The RK10xx rules, reporting through ``assess`` (None: rules that report nothing,
    for listing and documentation)."""
    kinds: list[type[VerifyRule]] = [
        NotChecked,
        IdentifierNotFound,
        MetadataMismatch,
        PreprintPublished,
        Retracted,
        NoMatchingRecord,
        MissingIdentifier,
    ]
    return [kind(assess, protected) for kind in kinds]
