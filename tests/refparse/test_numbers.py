"""Volume, issue and pages out of the ways styles glue them; editions; report numbers."""

from __future__ import annotations

import pytest

from refkit.refparse.numbers import (
    expand_page_range,
    find_edition,
    find_report_number,
    parse_locator,
    trailing_year,
)


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        ("1996;73:1006-12.", ("73", "", "1006-1012", "1996")),
        ("The Lancet. 1973;31(5):24-33.", ("31", "5", "24-33", "1973")),
        ("1953 Apr 25;171(4356):737-8.", ("171", "4356", "737-738", "1953")),
        ("vol. 3, no. 2, pp. 5-9", ("3", "2", "5-9", "")),
        ("73(4), 100–110", ("73", "4", "100-110", "")),
        ("Bd. 3, H. 2, S. 5–9", ("3", "2", "5-9", "")),
        ("t. 3, n° 2, p. 5-9", ("3", "2", "5-9", "")),
        ("2009;5 Suppl 1:S4", ("5", "Suppl 1", "S4", "2009")),
    ],
)
def test_locator_styles_split_into_volume_issue_pages(
    run: str, expected: tuple[str, str, str, str]
) -> None:
    """Vancouver, AMA, APA and labelled forms in several languages all split the same way."""
    loc = parse_locator(run)
    assert loc is not None
    assert (loc.volume, loc.issue, loc.page, loc.year) == expected


def test_page_range_is_expanded_but_kept_as_written_too() -> None:
    """CSL gets the full range; the form as written is kept beside it."""
    loc = parse_locator("1996;73:1006-12.")
    assert loc is not None
    assert (loc.page, loc.page_as_written) == ("1006-1012", "1006-12")
    assert expand_page_range("1565–68") == "1565-1568"
    assert expand_page_range("S12-5") == "S12-S15"
    assert expand_page_range("24-33") == "24-33"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Molecular Cloning (5th ed.)", "5"),
        ("Dialectology. 2nd edn.", "2"),
        ("Einführung. 2. Aufl.", "2"),
        ("Traité 3e éd.", "3"),
        ("Manual, 2.ª ed.", "2"),
        ("Rev. ed.", "Rev."),
    ],
)
def test_editions_in_several_languages(text: str, value: str) -> None:
    """Edition statements give CSL's edition value."""
    edition = find_edition(text)
    assert edition is not None
    assert edition.value == value


def test_words_that_merely_contain_ed_are_not_editions() -> None:
    """ "Reed", "Theatre" and "Red" are not edition statements."""
    assert find_edition("Reed 1999 Theatre Red") is None


@pytest.mark.parametrize(
    ("text", "genre", "number"),
    [
        ("Growth (WP-56)", "Working Paper", "WP-56"),
        ("Technical Report TR-2004-12", "Technical Report", "TR-2004-12"),
        ("Working Paper No. 12", "Working Paper", "12"),
    ],
)
def test_report_numbers(text: str, genre: str, number: str) -> None:
    """Report and working-paper numbers give a genre and a number."""
    report = find_report_number(text)
    assert report is not None
    assert (report.genre, report.number) == (genre, number)


def test_bracketed_year_at_the_end_of_a_title() -> None:
    """ "Title (2003)" gives the title and the year."""
    assert trailing_year("Police to Trap Online Pedophiles (2003)") == (
        "Police to Trap Online Pedophiles",
        "2003",
    )
    assert trailing_year("(2003)") is None
