"""What a registry says about a work, in one shape whatever the registry.

Each source module turns its own answer (Crossref's work JSON, DataCite's JSON:API,
CSL-JSON from doi.org, arXiv's Atom, Open Library's books API, DBLP's search hits) into a
``Record``; matching and comparison see only records.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from refkit.lookup.normalize import collapse, names_listed


class Source(enum.Enum):
    """A registry refkit asks."""

    CROSSREF = "crossref"
    DATACITE = "datacite"
    DOI = "doi"
    ARXIV = "arxiv"
    OPENLIBRARY = "openlibrary"
    DBLP = "dblp"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Source.CROSSREF: "Crossref",
    Source.DATACITE: "DataCite",
    Source.DOI: "doi.org",
    Source.ARXIV: "arXiv",
    Source.OPENLIBRARY: "Open Library",
    Source.DBLP: "DBLP",
}


class WorkKind(enum.Enum):
    """Kinds of work, coarse enough to compare a BibTeX type with a registry's type."""

    ARTICLE = "journal article"
    PAPER = "conference paper"
    BOOK = "book"
    CHAPTER = "book chapter"
    THESIS = "thesis"
    REPORT = "report"
    PREPRINT = "preprint"
    DATASET = "dataset"
    SOFTWARE = "software"
    PROCEEDINGS = "proceedings volume"
    REVIEW = "peer review"
    COMPONENT = "component"
    NOTICE = "editorial notice"
    TALK = "talk"
    OTHER = "other"


class UpdateKind(enum.Enum):
    """What a notice does to the work it updates (Crossref's ``update-type``)."""

    RETRACTION = "retraction"
    WITHDRAWAL = "withdrawal"
    REMOVAL = "removal"
    EXPRESSION_OF_CONCERN = "expression of concern"
    CORRECTION = "correction"
    OTHER = "other"

    @property
    def serious(self) -> bool:
        """Retractions, withdrawals, removals and expressions of concern (RK1004)."""
        return self not in (UpdateKind.CORRECTION, UpdateKind.OTHER)


@dataclass(frozen=True)
class Person:
    """An author or editor: a family name and given names, or one literal name."""

    family: str
    given: str = ""

    def __str__(self) -> str:
        return f"{self.given} {self.family}".strip()


@dataclass(frozen=True)
class Update:
    """A notice about a work: a retraction, an expression of concern, a correction."""

    kind: UpdateKind
    doi: str | None
    label: str
    year: int | None = None


@dataclass(frozen=True)
class Record:
    """One registry's description of one work."""

    source: Source
    #: The record's page for a person to open (``https://doi.org/...``).
    url: str
    title: str = ""
    subtitle: str = ""
    authors: tuple[Person, ...] = ()
    editors: tuple[Person, ...] = ()
    #: The year of first publication, in print or online (Crossref's ``issued``).
    year: int | None = None
    #: Every year the record gives for the work (print, online, issue): a citation of any
    #: of them is right.
    years: frozenset[int] = frozenset()
    #: The record is a work with all its editions (Open Library's search), not one
    #: edition: its year is the first publication, and any later year is an edition or a
    #: reprint of it.
    editions: bool = False
    containers: tuple[str, ...] = ()
    volume: str = ""
    issue: str = ""
    pages: str = ""
    article_number: str = ""
    publisher: str = ""
    kind: WorkKind = WorkKind.OTHER
    #: The registry's own name for the type (``journal-article``), for messages.
    type_name: str = ""
    doi: str | None = None
    arxiv_id: str | None = None
    isbns: tuple[str, ...] = ()
    #: Notices about this work (Crossref ``updated-by``).
    updated_by: tuple[Update, ...] = ()
    #: Works this record is a notice about (Crossref ``update-to``).
    updates: tuple[Update, ...] = ()
    #: For a preprint: the DOI of the published version, when the registry knows it.
    published_doi: str | None = None
    #: For a preprint: the journal reference the authors gave (arXiv ``journal_ref``).
    journal_ref: str = ""
    #: For a published work: the DOIs of its preprints (Crossref ``has-preprint``).
    preprints: tuple[str, ...] = field(default=())

    @property
    def full_title(self) -> str:
        if self.subtitle and not self.title.rstrip().endswith(self.subtitle.strip()):
            return f"{self.title.rstrip()}: {self.subtitle.strip()}"
        return self.title

    @property
    def all_years(self) -> frozenset[int]:
        return self.years | ({self.year} if self.year is not None else set())

    @property
    def identifier(self) -> str:
        """The record's identifier as a reader writes it."""
        if self.doi:
            return f"doi:{self.doi}"
        if self.arxiv_id:
            return f"arXiv:{self.arxiv_id}"
        if self.isbns:
            return f"ISBN {self.isbns[0]}"
        return self.url

    def describe(self) -> str:
        """``«Title» by A, B (2012), https://doi.org/...`` for messages."""
        people = names_listed([person.family for person in self.authors or self.editors])
        by = f" by {people}" if people else ""
        year = f" ({self.year})" if self.year is not None else ""
        return f"«{collapse(self.full_title)}»{by}{year}, {self.url}"
