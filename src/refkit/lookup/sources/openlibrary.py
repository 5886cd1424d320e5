"""Open Library's books API: ``{base}/api/books?bibkeys=ISBN:{isbn}&format=json&jscmd=data``.

An unknown ISBN gives ``{}``.  Open Library does not hold every book, so its silence is
weaker evidence than a DOI resolver's 404 (RK1001 says so and reports it as a warning).
"""

from __future__ import annotations

from collections.abc import Mapping

from refkit.lookup.http import HttpClient, UnavailableError, parse_json
from refkit.lookup.options import VerifyOptions
from refkit.lookup.records import Record, Source, WorkKind
from refkit.lookup.sources.common import date_year, split_full_name, string


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
