"""DataCite's REST API: ``{base}/dois/{doi}`` (JSON:API), for datasets, software, theses
and the DOIs of arXiv (``10.48550/arXiv.*``), Zenodo and figshare.

DataCite answers an unknown DOI with 404 and ``{"errors": [...]}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from refkit.lookup.http import HttpClient, UnavailableError, parse_json
from refkit.lookup.options import VerifyOptions
from refkit.lookup.records import Person, Record, Source, WorkKind
from refkit.lookup.sources.common import date_year, split_full_name, string

#: DataCite's ``resourceTypeGeneral`` values.
KINDS: Mapping[str, WorkKind] = {
    "JournalArticle": WorkKind.ARTICLE,
    "ConferencePaper": WorkKind.PAPER,
    "ConferenceProceeding": WorkKind.PROCEEDINGS,
    "Book": WorkKind.BOOK,
    "BookChapter": WorkKind.CHAPTER,
    "Dissertation": WorkKind.THESIS,
    "Report": WorkKind.REPORT,
    "Preprint": WorkKind.PREPRINT,
    "Dataset": WorkKind.DATASET,
    "Software": WorkKind.SOFTWARE,
    "ComputationalNotebook": WorkKind.SOFTWARE,
    "PeerReview": WorkKind.REVIEW,
}
_PUBLISHED_AS = frozenset({"IsPreprintOf", "IsPreviousVersionOf", "IsPublishedIn"})


def _creators(value: Any) -> tuple[Person, ...]:
    people: list[Person] = []
    for item in value if isinstance(value, list) else ():
        if not isinstance(item, Mapping):
            continue
        family = string(item.get("familyName"))
        if family:
            people.append(Person(family=family, given=string(item.get("givenName"))))
        elif item.get("nameType") == "Organizational":
            people.append(Person(family=string(item.get("name"))))
        elif item.get("name"):
            people.append(split_full_name(str(item["name"])))
    return tuple(people)


def _title(value: Any, wanted: str | None) -> str:
    for item in value if isinstance(value, list) else ():
        if isinstance(item, Mapping) and item.get("titleType") == wanted:
            return string(item.get("title"))
    return ""


def parse_doi(attributes: Mapping[str, Any]) -> Record:
    doi = str(attributes.get("doi") or "").lower() or None
    given = attributes.get("types")
    types: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
    general = str(types.get("resourceTypeGeneral") or "")
    publisher = attributes.get("publisher")
    if isinstance(publisher, Mapping):
        publisher = publisher.get("name")
    container = attributes.get("container")
    container = container if isinstance(container, Mapping) else {}
    first, last = string(container.get("firstPage")), string(container.get("lastPage"))
    dates = [
        date_year(item.get("date"))
        for item in attributes.get("dates") or ()
        if isinstance(item, Mapping) and item.get("dateType") in ("Issued", "Available")
    ]
    year = date_year(attributes.get("publicationYear"))
    published = None
    for item in attributes.get("relatedIdentifiers") or ():
        if (
            isinstance(item, Mapping)
            and item.get("relationType") in _PUBLISHED_AS
            and str(item.get("relatedIdentifierType")) == "DOI"
        ):
            published = str(item.get("relatedIdentifier")).lower()
            break
    return Record(
        source=Source.DATACITE,
        url=f"https://doi.org/{doi}" if doi else string(attributes.get("url")),
        title=_title(attributes.get("titles"), None),
        subtitle=_title(attributes.get("titles"), "Subtitle"),
        authors=_creators(attributes.get("creators")),
        year=year,
        years=frozenset(item for item in [year, *dates] if item is not None),
        containers=(string(container.get("title")),) if container.get("title") else (),
        volume=string(container.get("volume")),
        issue=string(container.get("issue")),
        pages=f"{first}-{last}" if first and last else first,
        publisher=string(publisher),
        kind=KINDS.get(general, WorkKind.OTHER),
        type_name=general,
        doi=doi,
        published_doi=published if KINDS.get(general) is WorkKind.PREPRINT else None,
    )


def lookup(client: HttpClient, options: VerifyOptions, doi: str) -> Record | None:
    url = f"{options.endpoint(Source.DATACITE)}/dois/{quote(doi, safe='/')}"
    response = client.get(Source.DATACITE, url, accept="application/vnd.api+json")
    if response.status in (400, 404, 410):
        return None
    if not response.found:
        raise UnavailableError(Source.DATACITE, f"HTTP {response.status} for {url}")
    data = parse_json(Source.DATACITE, response)
    item = data.get("data") if isinstance(data, Mapping) else None
    attributes = item.get("attributes") if isinstance(item, Mapping) else None
    if not isinstance(attributes, Mapping):
        raise UnavailableError(Source.DATACITE, "the answer has no DOI record in it")
    return parse_doi(attributes)
