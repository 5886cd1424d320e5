"""DBLP's publication search: ``{base}/search/publ/api?q=...&format=json&h=N``.

DBLP covers computer science, including the many conference papers without a DOI.  A
person with one entry comes as an object, several as a list; a homonym carries DBLP's
number (``Wei Wang 0001``), which is dropped.  ``Informal Publications`` are preprints
(CoRR, i.e. arXiv).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from refkit.lookup.http import HttpClient, UnavailableError, parse_json
from refkit.lookup.options import VerifyOptions
from refkit.lookup.records import Person, Record, Source, WorkKind
from refkit.lookup.reference import Reference
from refkit.lookup.sources.common import date_year, split_full_name, string

KINDS: Mapping[str, WorkKind] = {
    "Journal Articles": WorkKind.ARTICLE,
    "Conference and Workshop Papers": WorkKind.PAPER,
    "Informal Publications": WorkKind.PREPRINT,
    "Informal and Other Publications": WorkKind.PREPRINT,
    "Books and Theses": WorkKind.BOOK,
    "Parts in Books or Collections": WorkKind.CHAPTER,
    "Editorship": WorkKind.PROCEEDINGS,
    "Data and Artifacts": WorkKind.DATASET,
}
HITS = 5
_ARXIV_EE = re.compile(r"arxiv\.org/abs/(?P<id>[^\s?#]+?)(?:v\d+)?$", re.IGNORECASE)


def _people(value: Any) -> tuple[Person, ...]:
    if isinstance(value, Mapping):
        value = value.get("author")
    if isinstance(value, (Mapping, str)):
        value = [value]
    people: list[Person] = []
    for item in value if isinstance(value, list) else ():
        name = item.get("text") if isinstance(item, Mapping) else item
        if isinstance(name, str) and name.strip():
            people.append(split_full_name(name))
    return tuple(people)


def parse_hit(info: Mapping[str, Any]) -> Record:
    kind = KINDS.get(str(info.get("type") or ""), WorkKind.OTHER)
    ee = info.get("ee")
    links = ee if isinstance(ee, list) else [ee]
    arxiv_id = None
    for link in links:
        match = _ARXIV_EE.search(str(link or ""))
        if match is not None:
            arxiv_id = match.group("id")
    doi = string(info.get("doi")).lower() or None
    year = date_year(info.get("year"))
    title = string(info.get("title")).rstrip(".")
    return Record(
        source=Source.DBLP,
        url=string(info.get("url")) or (f"https://doi.org/{doi}" if doi else ""),
        title=title,
        authors=_people(info.get("authors")),
        year=year,
        years=frozenset({year}) if year is not None else frozenset(),
        containers=(string(info.get("venue")),) if info.get("venue") else (),
        volume=string(info.get("volume")),
        issue=string(info.get("number")),
        pages=string(info.get("pages")),
        kind=kind,
        type_name=str(info.get("type") or ""),
        doi=doi,
        arxiv_id=arxiv_id,
    )


def search(client: HttpClient, options: VerifyOptions, reference: Reference) -> list[Record]:
    url = f"{options.endpoint(Source.DBLP)}/search/publ/api"
    people = " ".join(person.family for person in reference.people[:2])
    params = {"q": f"{reference.title} {people}".strip(), "format": "json", "h": str(HITS)}
    response = client.get(Source.DBLP, url, params)
    if not response.found:
        raise UnavailableError(Source.DBLP, f"HTTP {response.status} for a search")
    data = parse_json(Source.DBLP, response)
    result = data.get("result") if isinstance(data, Mapping) else None
    hits = result.get("hits") if isinstance(result, Mapping) else None
    if not isinstance(hits, Mapping):
        raise UnavailableError(Source.DBLP, "the search answer has no hits")
    found = hits.get("hit") or []
    if isinstance(found, Mapping):
        found = [found]
    return [
        parse_hit(hit["info"])
        for hit in found
        if isinstance(hit, Mapping) and isinstance(hit.get("info"), Mapping)
    ]
