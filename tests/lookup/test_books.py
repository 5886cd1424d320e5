"""Books without an ISBN: a title search in Crossref, then Open Library, accepted strictly.

Open Library's search answers are fixtures written from its Search API documentation
(``fixtures/openlibrary_search.json`` says which parts); Crossref's answer is the real
recorded search for Carl Boettiger's papers, none of which is a book, so every book
below reaches Open Library.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from refkit.bib.io import loads
from refkit.core.diagnostics import Severity
from refkit.lookup import Verdict
from refkit.lookup.matching import judge
from refkit.lookup.records import Record, Source, WorkKind
from refkit.lookup.reference import reference_of
from refkit.lookup.sources.openlibrary import parse_work_doc
from tests.lookup.registry import Registry, fixture, recorded, status
from tests.lookup.support import codes, run

BOETTIGER = recorded("test-works/test_works_field_queries", "query.author=carl+boettiger")
TOLKIEN = """@book{tolkien1991, title = {The Lord of the Rings}, author = {Tolkien, J. R. R.},
  publisher = {HarperCollins}, year = {%s}}"""


def _serve(registry: Registry, answer: str = "openlibrary_search.json") -> None:
    registry.add(Source.CROSSREF, "/works", BOETTIGER)
    registry.add(Source.OPENLIBRARY, "/search.json", fixture(answer))


def test_a_book_open_library_lists_is_verified_in_a_later_edition(
    registry: Registry, cache_file: Path
) -> None:
    """The 1991 HarperCollins edition of a work first published in 1954: editions and
    reprints come later, so a later year agrees."""
    _serve(registry)
    result = run(TOLKIEN % "1991", registry.options(cache_file))
    assert codes(result) == []
    assert result.outcomes[0].verdict is Verdict.VERIFIED
    assert result.outcomes[0].record == "https://openlibrary.org/works/OL27448W"
    asked = registry.requests_to(Source.OPENLIBRARY)[0].args
    assert asked["title"] == "The Lord of the Rings"
    assert asked["author"] == "Tolkien"
    assert registry.requests_to(Source.DBLP) == [], "DBLP lists few books: not asked"


def test_a_book_cited_before_it_was_first_published_is_no_matching_record(
    registry: Registry, cache_file: Path
) -> None:
    """1937 (the year of The Hobbit) for a work first published in 1954: RK1005, as an
    info: Open Library does not hold every book."""
    _serve(registry)
    result = run(TOLKIEN % "1937", registry.options(cache_file))
    assert codes(result) == ["RK1005"]
    finding = result[0]
    assert finding.severity is Severity.INFO
    assert "Crossref or Open Library" in finding.message
    assert "first published in 1954" in finding.message
    assert "Open Library does not hold every book" in finding.message
    assert result.outcomes[0].verdict is Verdict.NOT_FOUND


def test_a_book_of_the_same_title_by_someone_else_is_no_matching_record(
    registry: Registry, cache_file: Path
) -> None:
    _serve(registry)
    text = "@book{x, title = {The Lord of the Rings}, author = {Smith, John}, year = {2002}}"
    result = run(text, registry.options(cache_file))
    assert codes(result) == ["RK1005"]
    assert "none of the authors is the same" in result[0].message


def test_a_book_open_library_does_not_know_is_an_info_not_a_warning(
    registry: Registry, cache_file: Path
) -> None:
    _serve(registry, "openlibrary_search_empty.json")
    text = "@book{b, title = {Fieldwork notes from the upper valley}, author = {Smith, John},"
    text += " year = {1931}}"
    result = run(text, registry.options(cache_file))
    assert codes(result) == ["RK1005"]
    assert result[0].severity is Severity.INFO


def test_open_library_down_leaves_books_not_checked(registry: Registry, cache_file: Path) -> None:
    registry.add(Source.CROSSREF, "/works", BOETTIGER)
    registry.add(Source.OPENLIBRARY, "/search.json", status(503))
    result = run(TOLKIEN % "1991", registry.options(cache_file, retries=0))
    assert codes(result) == ["RK1000"]
    assert "Open Library" in result[0].message
    assert result.outcomes[0].verdict is Verdict.NOT_CHECKED


@pytest.mark.parametrize(
    ("year", "accepted"),
    [(1954, True), (1953, True), (2005, True), (1952, False), (1937, False)],
)
def test_the_year_of_a_book_is_not_before_its_first_publication(year: int, accepted: bool) -> None:
    """The year test for works with editions: no earlier than the first publication (one
    year's tolerance, as for online-first articles); any later year is an edition."""
    doc = fixture("openlibrary_search.json").json()["docs"][0]
    record = parse_work_doc(doc)
    entry = reference_of(loads(TOLKIEN % year).entries[0])
    assert judge(entry, record).accepted is accepted


def test_an_edition_record_keeps_the_strict_year_test() -> None:
    """A record of one edition (an ISBN's, a Crossref book's) is not a work with editions."""
    record = Record(
        Source.CROSSREF,
        "u",
        title="The Lord of the Rings",
        authors=parse_work_doc(fixture("openlibrary_search.json").json()["docs"][0]).authors,
        year=1954,
        kind=WorkKind.BOOK,
    )
    entry = reference_of(loads(TOLKIEN % "1991").entries[0])
    assert not judge(entry, record).accepted


def test_an_isbn_open_library_lacks_names_the_work_a_title_search_finds(
    registry: Registry, cache_file: Path
) -> None:
    """The book is real (the search finds it), its ISBN unknown: RK1001 stays a warning
    on the ISBN, names the work, and the entry is described wrongly, not missing."""
    _serve(registry)
    registry.add(Source.OPENLIBRARY, "/api/books", fixture("openlibrary_empty.json"))
    text = (TOLKIEN % "1991").replace("year = {1991}", "year = {1991}, isbn = {978-0-262-03561-3}")
    result = run(text, registry.options(cache_file))
    assert codes(result) == ["RK1001"]
    assert result[0].severity is Severity.WARNING
    assert "Open Library has «The Lord of the Rings» by Tolkien (1954)" in result[0].message
    assert result[0].fix is None, "which edition's ISBN is cited, a work does not say"
    assert result.outcomes[0].verdict is Verdict.MISMATCH
