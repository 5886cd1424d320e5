"""The seed essay's reference list imports into entries that match what is written."""

from __future__ import annotations

import pytest

from refkit.refparse import ParsedReference, parse_references
from refkit.refparse.export import to_bibtex


@pytest.fixture(scope="module")
def refs(essay_references: str) -> list[ParsedReference]:
    """The parsed essay references."""
    return parse_references(essay_references)


def _find(refs: list[ParsedReference], start: str) -> ParsedReference:
    matches = [r for r in refs if r.text.startswith(start)]
    assert len(matches) == 1, [r.text for r in refs]
    return matches[0]


def test_every_blank_line_separated_entry_is_one_reference(refs: list[ParsedReference]) -> None:
    """The seventeen entries of the list come out as seventeen references."""
    assert len(refs) == 17
    assert refs[0].text.startswith("BBC (2003)")
    assert refs[-1].text.startswith("Visual Global Taskforce")


def test_corporate_authors_are_found(refs: list[ParsedReference]) -> None:
    """Organisation authors are whole author elements."""
    expected = {
        "BBC (2003)": "BBC",
        "INTERPOL": "INTERPOL",
        "UNODC, Global": "UNODC,",
        "UNODC, Toolkit": "UNODC,",
        "UN General Assembly": "UN General Assembly (UNGA),",
        "UNGA, Protocol": "UNGA,",
        "UN.GIFT (2014)": "UN.GIFT",
        "Shared Hope": "Shared Hope International,",
        "Ministry of Interior": "Ministry of Interior and Administration",
    }
    for start, author in expected.items():
        assert _find(refs, start).fields["author"] == [author], start


def test_un_document_symbols_are_numbers(refs: list[ParsedReference]) -> None:
    """A/RES/55/25 and A/45/49 land in number; the sales number too."""
    assert _find(refs, "UN General Assembly").fields["number"] == "A/RES/55/25,"
    assert str(_find(refs, "UNGA, Protocol").fields["number"]).endswith("A/45/49")
    assert _find(refs, "UNODC, Global").fields["number"] == "Sales No. E.14.V.10)"


def test_court_case_is_a_legal_case(refs: list[ParsedReference]) -> None:
    """USA v. Bennett is a legal_case with docket number, court and year."""
    ref = _find(refs, "USA v. Bennett")
    assert ref.type == "legal_case"
    assert ref.fields["title"] == "USA v. Bennett,"
    assert ref.fields["number"] == "No. 06-41233"
    assert ref.fields["authority"] == "(5th Cir."
    assert ref.fields["date"] == "2007)"


def test_titles_and_dates_of_footnote_style_entries(refs: list[ParsedReference]) -> None:
    """Footnote-style entries keep their quoted titles, containers and dates."""
    ref = _find(refs, "Latonero et al., (2012)")
    assert ref.key == "latonero2012rise"
    assert ref.fields["date"] == "(2012)"
    assert ref.fields["title"] == (
        "“The Rise of Mobile and the Diffusion of Technology-Facilitated Trafficking”"
    )
    assert ref.fields["container-title"] == "USC Annenberg Ctr. on Commc’n Leadership & Policy"
    shared = _find(refs, "Shared Hope")
    assert shared.fields["publisher"] == "Shared Hope International,"
    assert shared.fields["location"] == "(Washington, DC:"
    assert shared.fields["date"] == "2007)"
    assert (
        _find(refs, "UNODC, Toolkit").fields["title"] == "Toolkit to Combat Trafficking in Persons,"
    )
    skinner = _find(refs, "Skinner R")
    assert skinner.fields["author"] == ["Skinner R,", "and Maher C,"]


def test_dangling_available_at_is_a_diagnostic(refs: list[ParsedReference]) -> None:
    """Entries ending in "Available at:" carry a problem and no url."""
    flagged = [r for r in refs if any(p.code == "available-at-empty" for p in r.problems)]
    assert len(flagged) >= 8
    for ref in flagged:
        assert "url" not in ref.fields
    ministry = _find(refs, "Ministry of Interior")
    assert ministry.fields["url"].startswith("file:///C:/Users/")  # type: ignore[union-attr]
    assert not [p for p in ministry.problems if p.code.startswith("available-at")]
    ungift = _find(refs, "UN.GIFT (2014)")
    assert [p.code for p in ungift.problems] == ["available-at-not-url"]


def test_essay_bibtex_has_braced_corporate_authors(refs: list[ParsedReference]) -> None:
    """The BibTeX output double-braces corporate authors."""
    out = to_bibtex(refs, biblatex=True)
    assert "author = {{UN General Assembly (UNGA)}}" in out
    assert "author = {{Shared Hope International}}" in out
    assert "@jurisdiction{usa2007bennett," in out


def test_list_without_blank_lines_is_one_reference_per_line(essay_references: str) -> None:
    """The same list pasted without blank lines still gives seventeen references."""
    compact = "\n".join(ln for ln in essay_references.splitlines() if ln.strip())
    assert len(parse_references(compact)) == 17
