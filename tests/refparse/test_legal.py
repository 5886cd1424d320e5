"""Court cases (eyecite), UN document symbols and treaties."""

from __future__ import annotations

from refkit.refparse import parse_reference
from refkit.refparse.legal import find_case, find_treaty, find_un_symbol, looks_legal


def test_reporter_citation_is_split_into_its_parts() -> None:
    """Parties, reporter volume, reporter, page, court and year of a US case."""
    case = find_case("United States v. Philip Morris USA, Inc., 783 F. Supp. 2d 23 (D.D.C. 2011)")
    assert case is not None
    assert (case.title, case.volume, case.reporter, case.page, case.court, case.year) == (
        "United States v. Philip Morris USA, Inc.",
        "783",
        "F. Supp. 2d",
        "23",
        "D.D.C.",
        "2011",
    )
    assert (case.plaintiff, case.defendant) == ("United States", "Philip Morris USA, Inc.")


def test_docket_citation_without_reporter() -> None:
    """A slip opinion cited by docket number still gives court and year."""
    case = find_case("USA v. Bennett, No. 06-41233 (5th Cir. 2007)")
    assert case is not None
    assert (case.title, case.docket, case.court, case.year) == (
        "USA v. Bennett",
        "06-41233",
        "5th Cir.",
        "2007",
    )


def test_initial_v_is_not_versus() -> None:
    """ "Marchman, V. (1991)" is an author's initial, not a case."""
    assert not looks_legal(
        "Plunkett, K., & Marchman, V. (1991). U-shaped learning. Cognition, 38, 43-102."
    )
    assert not looks_legal("Klein, N. (2014). This Changes Everything: Capitalism vs. The Climate.")


def test_parsed_case_is_a_legal_case_with_its_parts() -> None:
    """The parser types a reporter citation as legal_case and fills the CSL variables."""
    ref = parse_reference("Brown v. Board of Education, 347 U.S. 483 (1954).")
    assert ref.type == "legal_case"
    values = ref.normalised.variables
    assert (values["container-title"], values["volume"], values["page"]) == ("U.S.", "347", "483")
    assert ref.normalised.issued == "1954"


def test_un_symbols_and_treaties() -> None:
    """UN document symbols and UNTS citations are recognised."""
    assert find_un_symbol("UN General Assembly, A/RES/55/25, available at:") == "A/RES/55/25"
    assert find_un_symbol("E/CN.4/2005/L.10.") == "E/CN.4/2005/L.10"
    treaty = find_treaty("opened for signature 20 November 1989, 1577 UNTS 3")
    assert treaty is not None
    assert (treaty.series, treaty.volume, treaty.page) == ("UNTS", "1577", "3")
