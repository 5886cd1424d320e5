"""Author strings compared with entries: exact, variant, or no match."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refkit import loads
from refkit.manuscript.matching import (
    Status,
    acronym,
    damerau_levenshtein,
    profiles,
    resolve,
    split_identifiers,
)
from refkit.manuscript.model import Citation, CitationStyle

BIB = r"""
@report{unodc2014, author = {{United Nations Office on Drugs and Crime}}, date = {2014}}
@report{unga, author = {{UN General Assembly (UNGA)}}, title = {Resolution}, year = {2000}}
@report{lat2011, author = {Latonero, Mark}, year = {2011}}
@report{lat2012, author = {Latonero, Mark and Musto, J. and Boyd, Z.}, year = {2012}}
@report{sm, author = {Skinner, R and Maher, C}, title = {Child Trafficking}}
@online{vgt, author = {{Virtual Global Taskforce}}, title = {Virtual Global Taskforce}}
@online{site, title = {INTERPOL Official Website}}
@report{g2008, author = {{UN.GIFT}}, number = {B.P.:017}, year = {2008}}
@report{g2014, author = {{UN.GIFT}}, year = {2014}}
"""


def status(author: str, year: str | None = None, bib: str = BIB) -> tuple[Status, str | None]:
    citation = Citation(
        style=CitationStyle.AUTHOR_YEAR,
        start=0,
        end=1,
        line=1,
        column=1,
        end_line=1,
        end_column=1,
        text=author,
        author=author,
        year=year,
    )
    (found,) = resolve([citation], profiles([loads(bib)]))
    return found.status, found.entry.key if found.entry else None


def test_acronym_of_a_corporate_name() -> None:
    """Initials of the significant words; capitalised words count whole."""
    assert acronym("United Nations Office on Drugs and Crime") == "UNODC"
    assert acronym("UN General Assembly") == "UNGA"


@pytest.mark.parametrize(
    ("left", "right", "distance"),
    [("UNDOC", "UNODC", 1), ("Visual", "Virtual", 2), ("abc", "abc", 0), ("", "ab", 2)],
)
def test_damerau_levenshtein_counts_transpositions_as_one(
    left: str, right: str, distance: int
) -> None:
    """UNDOC and UNODC differ by one transposition."""
    assert damerau_levenshtein(left, right) == distance


@given(st.text(max_size=8), st.text(max_size=8))
def test_damerau_levenshtein_is_symmetric(left: str, right: str) -> None:
    """The distance does not depend on argument order."""
    assert damerau_levenshtein(left, right) == damerau_levenshtein(right, left)


def test_identifiers_are_split_from_names() -> None:
    """UNODC No.: GTM007 is the name UNODC and the number gtm007."""
    assert split_identifiers("UNODC No.: GTM007") == ("UNODC", frozenset({"gtm007"}))
    assert split_identifiers("UN.GIFT B.P.:017") == ("UN.GIFT", frozenset({"017"}))


@pytest.mark.parametrize(
    ("author", "year", "expected"),
    [
        ("UNODC", "2014", (Status.EXACT, "unodc2014")),
        ("United Nations Office on Drugs and Crime", "2014", (Status.EXACT, "unodc2014")),
        ("UNDOC", "2014", (Status.VARIANT, "unodc2014")),
        ("UNGA", "2000", (Status.EXACT, "unga")),
        ("Latonero et al.", "2012", (Status.EXACT, "lat2012")),
        ("Latonero M", "2012", (Status.VARIANT, "lat2012")),
        ("Latonero", "2011", (Status.EXACT, "lat2011")),
        ("Latonero", "2013", (Status.YEAR_MISMATCH, "lat2011")),
        ("Skinner and Maher", None, (Status.EXACT, "sm")),
        ("Skinner", None, (Status.VARIANT, "sm")),
        ("Visual Global Taskforce Website", None, (Status.VARIANT, "vgt")),
        ("INTERPOL", None, (Status.EXACT, "site")),
        ("UN.GIFT B.P.:017", "2008", (Status.EXACT, "g2008")),
        ("UN.GIFT", None, (Status.AMBIGUOUS, "g2008")),
        ("Wheaton et al.", "2010", (Status.MISSING, None)),
    ],
)
def test_author_year_resolution(
    author: str, year: str | None, expected: tuple[Status, str | None]
) -> None:
    """Each cited author string resolves to the expected status and entry."""
    assert status(author, year) == expected


SAME_YEAR = r"""
@book{smith-zebra, author = {Smith, Ann}, title = {Zebras of the Plains}, year = {2010}}
@book{smith-the-apes, author = {Smith, Ann}, title = {The Apes of the Forest}, year = {2010}}
@book{jones-b, author = {Jones, Bo}, title = {Alpha}, year = {2015b}}
@book{jones-a, author = {Jones, Bo}, title = {Beta}, year = {2015a}}
"""


@pytest.mark.parametrize(
    ("author", "year", "expected"),
    [
        ("Smith", "2010a", (Status.EXACT, "smith-the-apes")),
        ("Smith", "2010b", (Status.EXACT, "smith-zebra")),
        ("Smith", "2010c", (Status.AMBIGUOUS, "smith-zebra")),
        ("Smith", "2010", (Status.AMBIGUOUS, "smith-zebra")),
        ("Jones", "2015a", (Status.EXACT, "jones-a")),
        ("Jones", "2015b", (Status.EXACT, "jones-b")),
    ],
)
def test_year_suffix_picks_one_of_several_works_of_a_year(
    author: str, year: str, expected: tuple[Status, str | None]
) -> None:
    """"2010a"/"2010b" follow the titles' order (leading article ignored), unless the
    entries carry the letters themselves."""
    assert status(author, year, SAME_YEAR) == expected
