"""Open Library: its books API for an ISBN, its search API for a book without one.

- ``{base}/api/books?bibkeys=ISBN:{isbn}&format=json&jscmd=data`` describes one edition.
  An unknown ISBN gives ``{}``.
- ``{base}/search.json?title=...&author=...&fields=...&limit=N`` finds works: a work
  gathers all its editions, so its record gives the year of first publication
  (``first_publish_year``) and the editions' years (``publish_year``), and is marked
  ``editions`` (a later year is an edition or a reprint of it).

Open Library does not hold every book, so its silence is weaker evidence than a DOI
resolver's 404: an unknown ISBN is a warning (RK1001), a book no search finds an info
(RK1005).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from refkit.lookup.http import HttpClient, UnavailableError, parse_json
from refkit.lookup.options import VerifyOptions
from refkit.lookup.records import Record, Source, WorkKind
from refkit.lookup.reference import Reference
from refkit.lookup.sources.common import date_year, split_full_name, string

#: The works a title search returns.
LIMIT = 5
#: The fields of a work asked for (Open Library's Solr schema names them).
FIELDS = "key,title,subtitle,author_name,first_publish_year,publish_year,edition_count"
#: Where a person reads a work: its page on the public site, whatever endpoint was asked.
SITE = "https://openlibrary.org"


def parse_book(data: Mapping[str, object], isbn: str) -> Record:
    authors = data.get("authors")
    publishers = data.get("publishers")
    year = date_year(data.get("publish_date"))
    url = string(data.get("url")) or f"https://openlibrary.org/isbn/{isbn}"
    identifiers = data.get("identifiers")
    isbns: list[str] = [isbn]
    if isinstance(identifiers, Mapping):
        for name in ("isbn_13", "isbn_10"):
            values = identifiers.get(name)
            if isinstance(values, list):
                isbns.extend(str(value) for value in values)
    return Record(
        source=Source.OPENLIBRARY,
        url=url,
        title=string(data.get("title")),
        subtitle=string(data.get("subtitle")),
        authors=tuple(
            split_full_name(str(item.get("name")))
            for item in (authors if isinstance(authors, list) else [])
            if isinstance(item, Mapping) and item.get("name")
        ),
        year=year,
        years=frozenset({year}) if year is not None else frozenset(),
        publisher=next(
            (
                string(item.get("name"))
                for item in (publishers if isinstance(publishers, list) else [])
                if isinstance(item, Mapping)
            ),
            "",
        ),
        kind=WorkKind.BOOK,
        type_name="book",
        isbns=tuple(dict.fromkeys(isbns)),
    )


def lookup(client: HttpClient, options: VerifyOptions, isbn: str) -> Record | None:
    url = f"{options.endpoint(Source.OPENLIBRARY)}/api/books"
    params = {"bibkeys": f"ISBN:{isbn}", "format": "json", "jscmd": "data"}
    response = client.get(Source.OPENLIBRARY, url, params)
    if response.status == 404:
        return None
    if not response.found:
        raise UnavailableError(Source.OPENLIBRARY, f"HTTP {response.status} for {url}")
    data = parse_json(Source.OPENLIBRARY, response)
    if not isinstance(data, Mapping):
        raise UnavailableError(Source.OPENLIBRARY, "the answer is not a JSON object")
    book = data.get(f"ISBN:{isbn}")
    return parse_book(book, isbn) if isinstance(book, Mapping) else None


def parse_work_doc(doc: Mapping[str, Any]) -> Record:
    """A work of a search answer (``key``: ``OL27448W`` or ``/works/OL27448W``)."""
    key = string(doc.get("key")).rsplit("/", 1)[-1]
    first = date_year(doc.get("first_publish_year"))
    published = doc.get("publish_year")
    editions = {
        year
        for year in (
            date_year(value) for value in (published if isinstance(published, list) else [])
        )
        if year is not None
    }
    authors = doc.get("author_name")
    return Record(
        source=Source.OPENLIBRARY,
        url=f"{SITE}/works/{key}" if key else SITE,
        title=string(doc.get("title")),
        subtitle=string(doc.get("subtitle")),
        authors=tuple(
            split_full_name(name)
            for name in (authors if isinstance(authors, list) else [])
            if isinstance(name, str) and name.strip()
        ),
        year=first,
        years=frozenset(editions | ({first} if first is not None else set())),
        editions=True,
        kind=WorkKind.BOOK,
        type_name="work",
    )


def search(client: HttpClient, options: VerifyOptions, reference: Reference) -> list[Record]:
    """Works whose title is the entry's main title, by its first author."""
    url = f"{options.endpoint(Source.OPENLIBRARY)}/search.json"
    # Editions differ in their subtitles; the strict test compares the whole title.
    params = {
        "title": reference.title.partition(":")[0].strip(),
        "fields": FIELDS,
        "limit": str(LIMIT),
    }
    if reference.people:
        params["author"] = reference.people[0].family
    response = client.get(Source.OPENLIBRARY, url, params)
    if not response.found:
        raise UnavailableError(Source.OPENLIBRARY, f"HTTP {response.status} for a search")
    data = parse_json(Source.OPENLIBRARY, response)
    docs = data.get("docs") if isinstance(data, Mapping) else None
    if not isinstance(docs, list):
        raise UnavailableError(Source.OPENLIBRARY, "the search answer has no docs")
    return [parse_work_doc(doc) for doc in docs if isinstance(doc, Mapping)]
