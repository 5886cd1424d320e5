"""The rules after tagging reach the written CSL-JSON and BibTeX, on real reference strings."""

from __future__ import annotations

import json

from refkit.refparse import parse_reference
from refkit.refparse.export import bibtex_entry, csl_item, to_csljson


def test_vancouver_year_volume_pages_are_split_in_bibtex() -> None:
    """ "Br J Cancer 1996;73:1006-12." gives volume 73, pages 1006--1012, year 1996."""
    ref = parse_reference(
        "Skinner R, Jones AB. Cancer screening in the community. Br J Cancer 1996;73:1006-12."
    )
    entry = bibtex_entry(ref)
    assert "volume = {73}" in entry
    assert "pages = {1006--1012}" in entry
    assert "year = {1996}" in entry
    assert "author = {Skinner, R. and Jones, A. B.}" in entry


def test_doi_resolver_url_becomes_the_doi_and_no_url() -> None:
    """A DOI written as http://dx.doi.org/... is the DOI; the resolver link is not kept."""
    ref = parse_reference(
        "Linley S, Leshuk T, Gu F. Synthesis of magnetic rattle-type nanostructures for use in "
        "water treatment. ACS Applied Materials & Interfaces. 2013. 5(7): 2540-2548. "
        "http://dx.doi.org/10.1021/am303117g"
    )
    item = json.loads(to_csljson([ref]))[0]
    assert item["DOI"] == "10.1021/am303117g"
    assert "URL" not in item
    assert (item["volume"], item["issue"], item["page"]) == ("5", "7", "2540–2548")
    assert "doi = {10.1021/am303117g}" in bibtex_entry(ref)


def test_german_edition_statement_leaves_title_and_place() -> None:
    """ "5. Aufl." is edition 5, neither the end of the title nor the start of the place."""
    item = csl_item(
        parse_reference("Weber, Max: Wirtschaft und Gesellschaft. 5. Aufl. Tübingen : Mohr, 1972")
    )
    assert item["title"] == "Wirtschaft und Gesellschaft"
    assert item["edition"] == "5"
    assert item["publisher-place"] == "Tübingen"


def test_working_paper_number_is_the_reports_number() -> None:
    """ "(Working Paper No. 4817)" makes a report numbered 4817, not an issue."""
    ref = parse_reference(
        "Sachs, J. (1994). Russia's struggle with stabilization (Working Paper No. 4817). "
        "Cambridge, MA: National Bureau of Economic Research."
    )
    item = csl_item(ref)
    assert item["type"] == "report"
    assert item["number"] == "4817"
    assert "issue" not in item
    assert "number = {4817}" in bibtex_entry(ref)


def test_volume_before_labelled_pages_is_kept() -> None:
    """ "J. Appl. Phys. 87, pp. 334–344 (2000)": the bare 87 stays the volume."""
    item = csl_item(
        parse_reference("O. Ambacher, B. Foutz and J. Smart, J. Appl. Phys. 87, pp. 334–344 (2000)")
    )
    assert item["volume"] == "87"
    assert item["page"] == "334–344"


def test_labelled_volume_issue_and_supplement_page() -> None:
    """ "vol.36, no. 9, Supplement. p. A65." is volume 36, issue 9, page A65."""
    item = csl_item(
        parse_reference(
            "Gibson, R. L., Reimold, W. U., Petrographic evidence for high shock pressures. "
            "Meteoritics & Planetary Science, vol.36, no. 9, Supplement. p. A65. 2001."
        )
    )
    assert (item["volume"], item["issue"], item["page"]) == ("36", "9", "A65")


def test_undotted_initials_before_the_family_name() -> None:
    """ "AM Trinkoff, JA Lipscomb" are Trinkoff, A. M. and Lipscomb, J. A."""
    item = csl_item(
        parse_reference(
            "AM Trinkoff, JA Lipscomb, J Geiger-Brown: Perceived physical demands in registered "
            "nurses. Am J Prev Med 24, 270–275 (2003)"
        )
    )
    assert [(n["family"], n["given"]) for n in item["author"]] == [
        ("Trinkoff", "A. M."),
        ("Lipscomb", "J. A."),
        ("Geiger-Brown", "J."),
    ]


def test_initial_v_is_not_a_role_word() -> None:
    """ "V. Vianu" keeps its initial (lower-case "v." is the German "von" role word)."""
    item = csl_item(
        parse_reference(
            "S. Abiteboul and V. Vianu. Datalog extensions for database queries and updates. "
            "Journal of Computer and System Sciences, 43(1):62-124, 1991."
        )
    )
    assert item["author"][1] == {"family": "Vianu", "given": "V."}
