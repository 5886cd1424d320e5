"""Crossref's REST API: ``{base}/works/{doi}`` and ``{base}/works?query.bibliographic=...``.

Crossref answers an unknown DOI with 404 (``Resource not found.``).  A work's
``updated-by`` lists the notices about it (retractions, expressions of concern,
corrections), ``update-to`` the works a notice is about, and ``relation`` links a preprint
to its published version (``is-preprint-of``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from refkit.lookup.http import HttpClient, UnavailableError, parse_json
from refkit.lookup.options import VerifyOptions
from refkit.lookup.records import Record, Source, Update, UpdateKind, WorkKind
from refkit.lookup.reference import Reference
from refkit.lookup.sources.common import all_texts, csl_people, date_year, first_text, string, years

#: Crossref's work types (``/types``) and CSL's (doi.org content negotiation).
KINDS: Mapping[str, WorkKind] = {
    "journal-article": WorkKind.ARTICLE,
    "article-journal": WorkKind.ARTICLE,
    "article-magazine": WorkKind.ARTICLE,
    "article-newspaper": WorkKind.ARTICLE,
    "proceedings-article": WorkKind.PAPER,
    "paper-conference": WorkKind.PAPER,
    "book": WorkKind.BOOK,
    "monograph": WorkKind.BOOK,
    "edited-book": WorkKind.BOOK,
    "reference-book": WorkKind.BOOK,
    "book-set": WorkKind.BOOK,
    "book-series": WorkKind.BOOK,
    "book-chapter": WorkKind.CHAPTER,
    "book-section": WorkKind.CHAPTER,
    "book-part": WorkKind.CHAPTER,
    "book-track": WorkKind.CHAPTER,
    "reference-entry": WorkKind.CHAPTER,
    "chapter": WorkKind.CHAPTER,
    "entry-encyclopedia": WorkKind.CHAPTER,
    "entry-dictionary": WorkKind.CHAPTER,
    "dissertation": WorkKind.THESIS,
    "thesis": WorkKind.THESIS,
    "report": WorkKind.REPORT,
    "report-series": WorkKind.REPORT,
    "report-component": WorkKind.REPORT,
    "posted-content": WorkKind.PREPRINT,
    "article": WorkKind.PREPRINT,
    "dataset": WorkKind.DATASET,
    "database": WorkKind.DATASET,
    "software": WorkKind.SOFTWARE,
    "proceedings": WorkKind.PROCEEDINGS,
    "proceedings-series": WorkKind.PROCEEDINGS,
    "peer-review": WorkKind.REVIEW,
    "review": WorkKind.REVIEW,
    "component": WorkKind.COMPONENT,
    "speech": WorkKind.TALK,
}
UPDATE_KINDS: Mapping[str, UpdateKind] = {
    "retraction": UpdateKind.RETRACTION,
    "partial_retraction": UpdateKind.RETRACTION,
    "withdrawal": UpdateKind.WITHDRAWAL,
    "removal": UpdateKind.REMOVAL,
    "expression_of_concern": UpdateKind.EXPRESSION_OF_CONCERN,
    "expression-of-concern": UpdateKind.EXPRESSION_OF_CONCERN,
    "correction": UpdateKind.CORRECTION,
    "erratum": UpdateKind.CORRECTION,
    "corrigendum": UpdateKind.CORRECTION,
    "addendum": UpdateKind.CORRECTION,
    "clarification": UpdateKind.CORRECTION,
}
#: How many candidates a bibliographic query returns.
ROWS = 5


def _updates(value: Any) -> tuple[Update, ...]:
    found: list[Update] = []
    if not isinstance(value, list):
        return ()
    for item in value:
        if not isinstance(item, Mapping):
            continue
        name = str(item.get("type") or "").strip().lower().replace(" ", "_")
        found.append(
            Update(
                kind=UPDATE_KINDS.get(name, UpdateKind.OTHER),
                doi=str(item["DOI"]).lower() if item.get("DOI") else None,
                label=str(item.get("label") or name.replace("_", " ")),
                year=date_year(item.get("updated")),
            )
        )
    return tuple(found)


def _relation_dois(relation: Any, name: str) -> tuple[str, ...]:
    if not isinstance(relation, Mapping):
        return ()
    return tuple(
        str(item.get("id", "")).lower()
        for item in relation.get(name) or ()
        if isinstance(item, Mapping)
        and str(item.get("id-type", "")).lower() == "doi"
        and item.get("id")
    )


def parse_work(message: Mapping[str, Any], source: Source = Source.CROSSREF) -> Record:
    """A Crossref work (or a CSL-JSON item, which shares most of its names) as a record."""
    doi = str(message.get("DOI") or "").lower() or None
    type_name = str(message.get("type") or "")
    issue = message.get("journal-issue")
    issue_dates: list[Any] = []
    if isinstance(issue, Mapping):
        issue_dates = [issue.get("published-print"), issue.get("published-online")]
    dated = [
        message.get(name) for name in ("published-print", "published-online", "published", "issued")
    ]
    relation = message.get("relation")
    return Record(
        source=source,
        url=f"https://doi.org/{doi}" if doi else str(message.get("URL") or ""),
        title=first_text(message.get("title")),
        subtitle=first_text(message.get("subtitle")),
        authors=csl_people(message.get("author")),
        editors=csl_people(message.get("editor")),
        year=date_year(message.get("issued")),
        years=years([*dated, *issue_dates]),
        containers=(
            *all_texts(message.get("container-title")),
            *all_texts(message.get("short-container-title")),
            *all_texts(message.get("container-title-short")),
        ),
        volume=string(message.get("volume")),
        issue=string(message.get("issue")),
        pages=string(message.get("page")),
        article_number=string(message.get("article-number")),
        publisher=string(message.get("publisher")),
        kind=KINDS.get(type_name, WorkKind.OTHER),
        type_name=type_name,
        doi=doi,
        isbns=all_texts(message.get("ISBN")),
        updated_by=_updates(message.get("updated-by")),
        updates=_updates(message.get("update-to")),
        published_doi=next(iter(_relation_dois(relation, "is-preprint-of")), None),
        preprints=_relation_dois(relation, "has-preprint"),
    )


def lookup(client: HttpClient, options: VerifyOptions, doi: str) -> Record | None:
    url = f"{options.endpoint(Source.CROSSREF)}/works/{quote(doi, safe='/')}"
    response = client.get(Source.CROSSREF, url)
    if response.status in (400, 404, 410):
        return None
    if not response.found:
        raise UnavailableError(Source.CROSSREF, f"HTTP {response.status} for {url}")
    data = parse_json(Source.CROSSREF, response)
    message = data.get("message") if isinstance(data, Mapping) else None
    if not isinstance(message, Mapping):
        raise UnavailableError(Source.CROSSREF, "the answer has no work in it")
    return parse_work(message)


def bibliographic_query(reference: Reference) -> str:
    """The citation as one string: title, family names, container and year."""
    people = " ".join(person.family for person in reference.people[:3])
    parts = [reference.title, people, reference.container, str(reference.year or "")]
    return " ".join(part for part in parts if part)


def search(client: HttpClient, options: VerifyOptions, reference: Reference) -> list[Record]:
    url = f"{options.endpoint(Source.CROSSREF)}/works"
    params = {"query.bibliographic": bibliographic_query(reference), "rows": str(ROWS)}
    response = client.get(Source.CROSSREF, url, params)
    if not response.found:
        raise UnavailableError(Source.CROSSREF, f"HTTP {response.status} for a search")
    data = parse_json(Source.CROSSREF, response)
    message = data.get("message") if isinstance(data, Mapping) else None
    items = message.get("items") if isinstance(message, Mapping) else None
    if not isinstance(items, list):
        raise UnavailableError(Source.CROSSREF, "the search answer has no items")
    return [parse_work(item) for item in items if isinstance(item, Mapping)]
