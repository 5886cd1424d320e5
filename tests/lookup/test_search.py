"""Entries without identifiers: a bibliographic search, accepted only on a strict match.

The search answers are real: Crossref's recorded answer to a query for Carl Boettiger's
ecology papers (20 works, among them a journal article and its bioRxiv preprint) is
served for the bibliographic query refkit sends, whatever its words.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from refkit.lookup import Verdict
from refkit.lookup.records import Source
from tests.lookup.registry import Registry, fixture, list_item, recorded, status
from tests.lookup.support import codes, run, serve_not_found

BOETTIGER = recorded("test-works/test_works_field_queries", "query.author=carl+boettiger")


def _serve_search(registry: Registry, dblp: str = "dblp_empty.json") -> None:
    registry.add(Source.CROSSREF, "/works", BOETTIGER)
    registry.add(Source.DBLP, "/search/publ/api", fixture(dblp))


def test_a_strict_match_reports_the_missing_doi_with_an_unsafe_fix(
    registry: Registry, cache_file: Path
) -> None:
    _serve_search(registry)
    text = """@article{boettiger2022, title = {The Forecast Trap}, author = {Boettiger, Carl},
      journal = {Ecol. Lett.}, year = {2022}, volume = {25}, pages = {1655--1664}}"""
    result = run(text, registry.options(cache_file))
    assert codes(result) == ["RK1006"]
    fix = result[0].fix
    assert fix is not None
    assert not fix.safe
    assert fix.edits[0].field == "doi"
    assert fix.edits[0].value == "10.1111/ele.14024"
    assert "https://doi.org/10.1111/ele.14024" in fix.description
    query = registry.requests_to(Source.CROSSREF)[0].args["query.bibliographic"]
    assert query == "The Forecast Trap Boettiger Ecol. Lett. 2022"
    assert registry.requests_to(Source.DBLP) == [], "DBLP is asked only when Crossref has nothing"


def test_the_journal_article_is_matched_not_its_preprint(
    registry: Registry, cache_file: Path
) -> None:
    """Both share title, authors and (within one) year; only the article is an article."""
    _serve_search(registry)
    text = """@article{perkins2016,
      title = {After the games are over: life-history trade-offs drive dispersal
               attenuation following range expansion},
      author = {Perkins, T. Alex and Boettiger, Carl and Phillips, Ben L.},
      journal = {Ecology and Evolution}, year = {2016}}"""
    result = run(text, registry.options(cache_file))
    assert codes(result) == ["RK1006"]
    assert result[0].fix is not None
    assert result[0].fix.edits[0].value == "10.1002/ece3.2314"


def test_a_preprint_entry_is_matched_to_the_preprint(registry: Registry, cache_file: Path) -> None:
    _serve_search(registry)
    text = """@misc{perkins2015,
      title = {After the games are over: life-history trade-offs drive dispersal
               attenuation following range expansion},
      author = {Perkins, T. Alex and Boettiger, Carl and Phillips, Ben L.},
      howpublished = {bioRxiv}, year = {2015}}"""
    result = run(text, registry.options(cache_file))
    assert [item.fix.edits[0].value for item in result if item.fix] == ["10.1101/014852"]


@pytest.mark.parametrize(
    ("label", "entry"),
    [
        (
            "same title, other authors",
            "@article{x, title = {The forecast trap}, author = {Smith, John}, year = {2022}}",
        ),
        (
            "same authors, another year",
            "@article{x, title = {The forecast trap}, author = {Boettiger, Carl}, year = {2019}}",
        ),
        (
            "same authors and year, another title",
            "@article{x, title = {The forecasting gap}, author = {Boettiger, Carl}, year = {2022}}",
        ),
    ],
)
def test_near_misses_are_no_matching_record_with_the_closest_and_why(
    registry: Registry, cache_file: Path, label: str, entry: str
) -> None:
    """RK1005 (a possibly invented reference), naming the closest record and the reason."""
    _serve_search(registry)
    result = run(entry, registry.options(cache_file))
    assert codes(result) == ["RK1005"], label
    assert result[0].fix is None
    assert "rejected" in result[0].message
    assert result.outcomes[0].verdict is Verdict.NOT_FOUND


def test_same_title_other_authors_names_the_real_record(
    registry: Registry, cache_file: Path
) -> None:
    _serve_search(registry)
    text = "@article{x, title = {The forecast trap}, author = {Smith, John}, year = {2022}}"
    message = run(text, registry.options(cache_file))[0].message
    assert "«The forecast trap» by Boettiger (2022)" in message
    assert "none of the authors is the same" in message


def test_a_talk_is_never_matched_to_a_paper(registry: Registry, cache_file: Path) -> None:
    """A talk with the paper's title, author and year is not searched (registries do not
    list talks): not checked, and no DOI proposed."""
    _serve_search(registry)
    text = """@misc{talk, title = {The forecast trap}, author = {Boettiger, Carl}, year = {2022},
      howpublished = {Invited talk, ESA Annual Meeting}}"""
    result = run(text, registry.options(cache_file))
    assert codes(result) == ["RK1000"]
    assert registry.log == []


def test_dblp_is_asked_when_crossref_has_no_strict_match(
    registry: Registry, cache_file: Path
) -> None:
    """A KDD paper: Crossref's candidates are all rejected, DBLP's hit matches (DBLP's
    homonym-free names, its final period and its venue acronym agree)."""
    _serve_search(registry, dblp="dblp_search.json")
    text = """@inproceedings{siffer2017,
      title = {Anomaly Detection in Streams with Extreme Value Theory},
      author = {Siffer, Alban and Fouque, Pierre-Alain and Termier, Alexandre and
                Largou{\\"e}t, Christine},
      booktitle = {Proceedings of the 23rd {ACM} {SIGKDD} International Conference on
                   Knowledge Discovery and Data Mining},
      year = {2017}, pages = {1067--1075}}"""
    result = run(text, registry.options(cache_file))
    assert codes(result) == ["RK1006"]
    assert "DBLP has it" in result[0].message
    assert result[0].fix is not None
    assert result[0].fix.edits[0].value == "10.1145/3097983.3098144"


def test_an_entry_with_too_little_to_match_is_not_checked(
    registry: Registry, cache_file: Path
) -> None:
    """No year: a strict match is impossible, so nothing is searched and nothing blamed."""
    result = run(
        "@article{x, title = {The forecast trap}, author = {Boettiger, Carl}}",
        registry.options(cache_file),
    )
    assert codes(result) == ["RK1000"]
    assert "too little to search" in result[0].message
    assert registry.log == []


@pytest.mark.parametrize(
    ("entry_type", "kind"),
    [
        ("phdthesis", "thesis"),
        ("mastersthesis", "thesis"),
        ("thesis", "thesis"),
        ("techreport", "report"),
        ("report", "report"),
    ],
)
def test_a_thesis_or_report_nobody_lists_is_not_checked_rather_than_invented(
    registry: Registry, cache_file: Path, entry_type: str, kind: str
) -> None:
    """Theses and reports: no registry lists most of them, so finding none says nothing
    (books are searched in Open Library too: tests/lookup/test_books.py).  Even a
    record of the same title and author (the journal article the thesis became) is not
    taken for it, nor makes it "not found"."""
    _serve_search(registry)
    for title, author in [
        ("Fieldwork notes", "Smith, John"),
        ("The forecast trap", "Boettiger, Carl"),
    ]:
        text = f"@{entry_type}{{b, title = {{{title}}}, author = {{{author}}}, year = {{2022}},"
        text += " school = {University of Nowhere}, institution = {University of Nowhere}}"
        result = run(text, registry.options(cache_file))
        assert codes(result) == ["RK1000"]
        assert f"registries do not list every {kind}" in result[0].message
        assert [item.verdict for item in result.outcomes] == [Verdict.NOT_CHECKED]
        assert not result.nothing_checked, "the registries were asked and answered"


def test_one_registry_down_is_not_nothing_checked_when_others_answered(
    registry: Registry, cache_file: Path
) -> None:
    """A book whose second registry (Open Library) fails and a thesis the registries
    answered for: both not checked, but exit code 2 ("nothing could be checked") is for
    runs where no registry could be asked at all."""
    _serve_search(registry)
    registry.add(Source.OPENLIBRARY, "/search.json", status(503), first=True)
    text = """@book{a, title = {A book no registry answers for}, author = {Smith, John},
      year = {2001}, publisher = {Nowhere}}
    @phdthesis{b, title = {Fieldwork notes}, author = {Smith, John}, year = {1931},
      school = {University of Nowhere}}"""
    result = run(text, registry.options(cache_file, retries=0))
    assert [item.unavailable for item in result.outcomes] == [True, False]
    assert codes(result) == ["RK1000", "RK1000"]
    assert not result.nothing_checked
    alone = run(text.split("@phdthesis")[0], registry.options(cache_file, retries=0))
    assert alone.nothing_checked


PREPRINT = """@misc{perkins2015,
  title = {After the games are over: life-history trade-offs drive dispersal
           attenuation following range expansion},
  author = {Perkins, T. Alex and Boettiger, Carl and Phillips, Ben L.},
  howpublished = {bioRxiv}, year = {2015}, doi = {10.1101/014852},
}
"""


def test_a_cited_preprint_whose_published_version_links_it_is_reported(
    registry: Registry, cache_file: Path
) -> None:
    """The bioRxiv record says nothing of its journal version; the journal article's
    record names it in ``has-preprint``: RK1003 with the article, and an unsafe fix that
    keeps the key, title and authors."""
    _serve_search(registry)
    registry.add(Source.CROSSREF, "/works/10.1101/014852", list_item(BOETTIGER, "10.1101/014852"))
    result = run(PREPRINT, registry.options(cache_file))
    assert codes(result) == ["RK1003"]
    assert "https://doi.org/10.1002/ece3.2314" in result[0].message
    fix = result[0].fix
    assert fix is not None
    assert not fix.safe
    edits = {(edit.kind.value, edit.field): edit.value for edit in fix.edits}
    assert edits[("set-type", None)] == "article"
    assert edits[("add-field", "journal")] == "Ecology and Evolution"
    assert edits[("add-field", "pages")] == "6425--6434"
    assert edits[("add-field", "year")] == "2016"
    assert ("add-field", "title") not in edits
    assert ("add-field", "author") not in edits


def test_an_unregistered_doi_of_a_real_work_is_described_wrongly_not_not_found(
    registry: Registry, cache_file: Path
) -> None:
    """The work exists (a strict search finds it) and only its DOI is wrong: RK1001 on
    the DOI, naming the work, with an unsafe fix to its DOI, and the verdict is
    "described wrongly", never "not found"."""
    _serve_search(registry)
    serve_not_found(registry, "10.1111/ele.99999")
    text = """@article{boettiger2022, title = {The Forecast Trap}, author = {Boettiger, Carl},
      journal = {Ecology Letters}, year = {2022}, doi = {10.1111/ele.99999}}"""
    result = run(text, registry.options(cache_file))
    assert codes(result) == ["RK1001"]
    assert "Crossref has «The forecast trap» by Boettiger (2022)" in result[0].message
    assert result[0].fix is not None
    assert result[0].fix.edits[0].value == "10.1111/ele.14024"
    assert result.outcomes[0].verdict is Verdict.MISMATCH
    assert result.outcomes[0].record == "https://doi.org/10.1111/ele.14024"


def test_a_misc_entry_nobody_lists_is_not_checked_in_plain_words(
    registry: Registry, cache_file: Path
) -> None:
    _serve_search(registry)
    text = "@misc{m, title = {Field notes}, author = {Smith, John}, year = {1931}}"
    result = run(text, registry.options(cache_file))
    assert codes(result) == ["RK1000"]
    assert "registries do not list every @misc work" in result[0].message


def test_a_replacement_that_would_change_a_protected_field_is_not_proposed(
    registry: Registry, cache_file: Path
) -> None:
    """``protected-fields = ["journal"]``: RK1003 is still reported, with no fix at all
    (the type changed without the venue would leave an @article with no journal)."""
    _serve_search(registry)
    registry.add(Source.CROSSREF, "/works/10.1101/014852", list_item(BOETTIGER, "10.1101/014852"))
    options = registry.options(cache_file, protected_fields=frozenset({"journal"}))
    result = run(PREPRINT, options)
    assert codes(result) == ["RK1003"]
    assert result[0].fix is None
