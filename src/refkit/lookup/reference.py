"""What an entry claims, read once: identifiers, title, people, year, venue, kind.

A ``Reference`` is the entry side of every comparison.  Identifiers are looked for where
people put them: ``doi`` (or a doi.org ``url``), ``eprint`` with ``archivePrefix`` or
``eprinttype`` arXiv (or an arXiv id written in ``journal``, ``note``, ``howpublished`` or
an arxiv.org ``url``), and ``isbn``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum import isbn as stdnum_isbn

from refkit.bib.latex import to_unicode
from refkit.bib.model import Entry, Field
from refkit.lint.rules.identifiers import bare_doi
from refkit.lookup.records import Person, WorkKind

_DOI = re.compile(r"^10\.\d{4,9}(?:\.\d+)*/\S+$")
_DOI_IN_URL = re.compile(r"^https?://(?:dx\.|www\.)?doi\.org/(?P<doi>10\.\S+)$", re.IGNORECASE)
_ARXIV_ID = re.compile(
    r"(?<![\w.])(?P<id>\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?![\w.])"
)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/(?P<id>[^\s?#]+?)(?:v\d+)?(?:\.pdf)?$", re.I)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(?P<id>.+)$", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_TALK_WORDS = re.compile(
    r"\b(?:talk|keynote|invited|lecture|seminar|presentation|presented|slides|tutorial|"
    r"poster|colloquium|webinar|panel)\b",
    re.IGNORECASE,
)
_PREPRINT_VENUE = re.compile(
    r"\b(?:arxiv|biorxiv|medrxiv|ssrn|preprint|corr|chemrxiv|psyarxiv|research ?square)\b",
    re.IGNORECASE,
)

#: BibTeX and biblatex types to the kind of work they name.
ENTRY_KINDS: dict[str, WorkKind] = {
    "article": WorkKind.ARTICLE,
    "inproceedings": WorkKind.PAPER,
    "conference": WorkKind.PAPER,
    "book": WorkKind.BOOK,
    "mvbook": WorkKind.BOOK,
    "booklet": WorkKind.BOOK,
    "collection": WorkKind.BOOK,
    "mvcollection": WorkKind.BOOK,
    "reference": WorkKind.BOOK,
    "inbook": WorkKind.CHAPTER,
    "incollection": WorkKind.CHAPTER,
    "inreference": WorkKind.CHAPTER,
    "bookinbook": WorkKind.CHAPTER,
    "phdthesis": WorkKind.THESIS,
    "mastersthesis": WorkKind.THESIS,
    "thesis": WorkKind.THESIS,
    "techreport": WorkKind.REPORT,
    "report": WorkKind.REPORT,
    "proceedings": WorkKind.PROCEEDINGS,
    "mvproceedings": WorkKind.PROCEEDINGS,
    "dataset": WorkKind.DATASET,
    "software": WorkKind.SOFTWARE,
    "unpublished": WorkKind.OTHER,
    "misc": WorkKind.OTHER,
    "online": WorkKind.OTHER,
    "manual": WorkKind.OTHER,
}


@dataclass(frozen=True)
class Reference:
    """The claims of one entry, as plain text."""

    key: str
    entry_type: str
    kind: WorkKind
    title: str = ""
    authors: tuple[Person, ...] = ()
    editors: tuple[Person, ...] = ()
    #: True when the author list ends in ``and others``.
    authors_truncated: bool = False
    year: int | None = None
    #: The field the year was read from (``year`` or ``date``).
    year_field: str | None = None
    container: str = ""
    container_field: str | None = None
    volume: str = ""
    number: str = ""
    pages: str = ""
    publisher: str = ""
    doi: str | None = None
    arxiv_id: str | None = None
    isbn: str | None = None
    #: Whether the entry cites a preprint: a preprint server as its venue, or an arXiv id
    #: and neither another venue nor another DOI.
    is_preprint: bool = False

    @property
    def people(self) -> tuple[Person, ...]:
        return self.authors or self.editors

    @property
    def searchable(self) -> bool:
        """Enough to search for strictly: a title, a person and a year."""
        return bool(self.title.strip()) and bool(self.people) and self.year is not None


def _text(entry: Entry, *names: str) -> tuple[str, str | None]:
    for name in names:
        found = entry.field(name)
        if found is not None and found.text.strip():
            return found.text.strip(), name
    return "", None


def _people(field: Field | None) -> tuple[tuple[Person, ...], bool]:
    if field is None:
        return (), False
    people: list[Person] = []
    truncated = False
    for name in field.names:
        if name.is_others:
            truncated = True
            continue
        if name.is_corporate:
            people.append(Person(family=to_unicode(name.family)))
        else:
            people.append(Person(family=to_unicode(name.family), given=to_unicode(name.first)))
    return tuple(people), truncated


def _year(entry: Entry) -> tuple[int | None, str | None]:
    for name in ("year", "date"):
        value, _ = _text(entry, name)
        match = _YEAR.search(value)
        if match is not None:
            return int(match.group(1)), name
    return None, None


def _doi(entry: Entry) -> str | None:
    value, _ = _text(entry, "doi")
    if value:
        doi = bare_doi(value)
        return doi if _DOI.match(doi) else None
    url, _ = _text(entry, "url")
    match = _DOI_IN_URL.match(url)
    return bare_doi(match.group("doi")) if match else None


def _arxiv(entry: Entry, doi: str | None) -> str | None:
    eprint, _ = _text(entry, "eprint")
    kind, _ = _text(entry, "archiveprefix", "eprinttype")
    if eprint and (kind.lower() == "arxiv" or not kind):
        match = _ARXIV_ID.search(re.sub(r"^arxiv:\s*", "", eprint, flags=re.IGNORECASE))
        if match is not None:
            return match.group("id")
    if doi is not None:
        found = _ARXIV_DOI.match(doi)
        if found is not None:
            return found.group("id")
    url, _ = _text(entry, "url")
    match = _ARXIV_URL.search(url)
    if match is not None and _ARXIV_ID.fullmatch(match.group("id")):
        return match.group("id")
    for name in ("journal", "journaltitle", "note", "howpublished", "booktitle"):
        value, _ = _text(entry, name)
        if "arxiv" in value.lower():
            found = _ARXIV_ID.search(value)
            if found is not None:
                return found.group("id")
    return None


def _isbn(entry: Entry) -> str | None:
    value, _ = _text(entry, "isbn")
    for token in re.split(r"[\s,;/]+", value):
        compact = stdnum_isbn.compact(token) if token else ""
        if compact and stdnum_isbn.is_valid(compact):
            return str(stdnum_isbn.to_isbn13(compact))
    return None


def is_talk(entry: Entry) -> bool:
    """A talk, keynote or poster: ``@misc`` or ``@unpublished`` that says so."""
    if entry.type not in ("misc", "unpublished", "online", "inproceedings"):
        return False
    for name in ("howpublished", "note", "type", "entrysubtype", "eventtitle"):
        value, _ = _text(entry, name)
        if _TALK_WORDS.search(value):
            return entry.type != "inproceedings" or name in ("type", "entrysubtype")
    return False


def reference_of(entry: Entry) -> Reference:
    """The claims of one entry."""
    title, _ = _text(entry, "title")
    subtitle, _ = _text(entry, "subtitle")
    if subtitle:
        title = f"{title}: {subtitle}"
    authors, truncated = _people(entry.field("author"))
    editors, _ = _people(entry.field("editor"))
    year, year_field = _year(entry)
    container, container_field = _text(entry, "journal", "journaltitle", "booktitle")
    doi = _doi(entry)
    arxiv_id = _arxiv(entry, doi)
    kind = WorkKind.TALK if is_talk(entry) else ENTRY_KINDS.get(entry.type, WorkKind.OTHER)
    other_doi = doi is not None and _ARXIV_DOI.match(doi) is None
    preprint_venue = bool(container) and bool(_PREPRINT_VENUE.search(container))
    preprint = preprint_venue or (arxiv_id is not None and not other_doi and not container)
    volume, _ = _text(entry, "volume")
    number, _ = _text(entry, "number", "issue")
    pages, _ = _text(entry, "pages")
    publisher, _ = _text(entry, "publisher")
    return Reference(
        key=entry.key,
        entry_type=entry.type,
        kind=WorkKind.PREPRINT if preprint and kind is not WorkKind.TALK else kind,
        title=title,
        authors=authors,
        editors=editors,
        authors_truncated=truncated,
        year=year,
        year_field=year_field,
        container=container,
        container_field=container_field,
        volume=volume,
        number=number,
        pages=pages,
        publisher=publisher,
        doi=doi,
        arxiv_id=arxiv_id,
        isbn=_isbn(entry),
        is_preprint=preprint,
    )
