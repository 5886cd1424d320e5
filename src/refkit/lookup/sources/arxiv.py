"""arXiv's API: ``{base}/query?id_list={id}``, an Atom feed.

An unknown id gives an empty feed; a malformed one HTTP 400 or an entry whose id points
at ``/api/errors``.  ``arxiv:doi`` and ``arxiv:journal_ref`` tell that a published version
exists (RK1003).
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

from refkit.lookup.http import HttpClient, UnavailableError
from refkit.lookup.options import VerifyOptions
from refkit.lookup.records import Record, Source, WorkKind
from refkit.lookup.sources.common import date_year, split_full_name

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_ID = re.compile(r"/abs/(?P<id>.+?)(?:v\d+)?$")


def _text(element: ElementTree.Element, path: str) -> str:
    found = element.find(path)
    return " ".join((found.text or "").split()) if found is not None else ""


def parse_feed(body: bytes) -> list[Record]:
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as error:
        reason = f"the answer could not be read (xml: {error})"
        raise UnavailableError(Source.ARXIV, reason) from None
    records: list[Record] = []
    for entry in root.findall(f"{_ATOM}entry"):
        identifier = _text(entry, f"{_ATOM}id")
        match = _ID.search(identifier)
        if match is None or "/api/errors" in identifier:
            continue
        arxiv_id = match.group("id")
        published = date_year(_text(entry, f"{_ATOM}published"))
        updated = date_year(_text(entry, f"{_ATOM}updated"))
        doi = _text(entry, f"{_ARXIV}doi").lower() or None
        records.append(
            Record(
                source=Source.ARXIV,
                url=f"https://arxiv.org/abs/{arxiv_id}",
                title=_text(entry, f"{_ATOM}title"),
                authors=tuple(
                    split_full_name(_text(author, f"{_ATOM}name"))
                    for author in entry.findall(f"{_ATOM}author")
                ),
                year=published,
                years=frozenset(year for year in (published, updated) if year is not None),
                containers=("arXiv",),
                kind=WorkKind.PREPRINT,
                type_name="preprint",
                arxiv_id=arxiv_id,
                published_doi=doi,
                journal_ref=_text(entry, f"{_ARXIV}journal_ref"),
            )
        )
    return records


def lookup(client: HttpClient, options: VerifyOptions, arxiv_id: str) -> Record | None:
    url = f"{options.endpoint(Source.ARXIV)}/query"
    params = {"id_list": arxiv_id, "max_results": "1"}
    response = client.get(Source.ARXIV, url, params, accept="application/atom+xml", body="xml")
    if response.status in (400, 404):
        return None
    if not response.found:
        raise UnavailableError(Source.ARXIV, f"HTTP {response.status} for {url}")
    records = parse_feed(response.body)
    return records[0] if records else None
