"""Author-year citations, quotations and punctuation problems in plain prose."""

from __future__ import annotations

from refkit.manuscript import find_citations
from refkit.manuscript.prose import quotations, references_start, scan_prose


def cited(text: str) -> list[tuple[str | None, str | None, str | None]]:
    return [(c.author, c.year, c.locator) for c in find_citations(text, "prose")]


def test_parenthetical_citation_with_locator() -> None:
    """(UNODC, 2014, p. 5) is UNODC, 2014 with the locator p. 5."""
    assert cited("Men (UNODC, 2014, p. 5).") == [("UNODC", "2014", "p. 5")]


def test_ampersand_between_dated_parts_splits_the_group() -> None:
    """(BBC, 2003 & UN.GIFT B.P.:017, 2008) is two citations."""
    assert cited("An offence (BBC, 2003 & UN.GIFT B.P.:017, 2008).") == [
        ("BBC", "2003", None),
        ("UN.GIFT B.P.:017", "2008", None),
    ]


def test_ampersand_between_two_authors_does_not_split() -> None:
    """(Smith & Jones, 2010) is one citation of two authors."""
    assert cited("As found (Smith & Jones, 2010).") == [("Smith & Jones", "2010", None)]


def test_semicolons_and_organisation_names_with_and() -> None:
    """Groups split at ';' and at dated '&', never at 'and' inside a name."""
    text = (
        "(Ministry of Interior and Administration, 2008, pp. 72-77 & UNODC, 2008, p.199; Doe 2001a)"
    )
    assert cited(text) == [
        ("Ministry of Interior and Administration", "2008", "pp. 72-77"),
        ("UNODC", "2008", "p.199"),
        ("Doe", "2001a", None),
    ]


def test_narrative_citations() -> None:
    """Wheaton et al. (2010) and Wheaton et al, (2010) name Wheaton et al."""
    assert cited("According to Wheaton et al. (2010) this.") == [("Wheaton et al.", "2010", None)]
    assert cited("According to Wheaton et al, (2010) this.") == [("Wheaton et al", "2010", None)]
    assert cited("As Smith and Jones (2010, p. 4) show") == [("Smith and Jones", "2010", "p. 4")]


def test_yearless_name_groups_ending_a_sentence_are_citations() -> None:
    """(UN.GIFT). and (Visual Global Taskforce Website). are citations; (INTERPOL), is not."""
    text = (
        "It is predominant (UN.GIFT). The Organization (INTERPOL), an agency, "
        "created Operation PIN (Visual Global Taskforce Website). It was (in our case) bad."
    )
    assert [author for author, _, _ in cited(text)] == [
        "UN.GIFT",
        "Visual Global Taskforce Website",
    ]


def test_non_citation_parentheses_are_ignored() -> None:
    """Parentheses holding a lowercase aside or a figure are not citations."""
    assert cited("Article 27(3) of the act (as adopted in 2000) and (e.g. e- learning).") == []


def test_punctuation_problems() -> None:
    """Comma before '(', 'et al' without a stop, no space after ',' or 'p.' are reported."""
    scan = scan_prose("Wheaton et al, (2010) said (UN.GIFT B.P.:017,2008) and (X, 2012, p.10).")
    messages = [problem.message for problem in scan.problems]
    assert "'et al' without its full stop" in messages
    assert "comma between the author and '('" in messages
    assert "no space after ','" in messages
    assert "no space after 'p.' (write 'p. 10')" in messages


def test_unbalanced_parentheses_are_reported() -> None:
    """An opening parenthesis never closed in its paragraph is a problem."""
    scan = scan_prose("A claim (Smith, 2010.\n\nNext paragraph.")
    assert [problem.message for problem in scan.problems] == ["unbalanced '('"]


def test_reference_list_is_not_searched() -> None:
    """Nothing after a References heading (or the essay's toggle shortcode) is a citation."""
    text = "Body (Smith, 2010).\n\n[toggle title=”References” state=”open”]\n\nJones (2011) Title\n"
    assert references_start(text) is not None
    assert cited(text) == [("Smith", "2010", None)]


def test_quotations_nest_and_stop_at_paragraphs() -> None:
    """Curly quotes nest; an unclosed quote does not run into the next paragraph."""
    text = "He said “a “b” c” and “open\n\nnext”"
    spans = quotations(text)
    assert [text[a:b] for a, b in spans] == ["“a “b” c”"]


def test_prenotes_are_not_part_of_the_author() -> None:
    """(see Smith, 2010) and (e.g., Doe 2001; Roe 2002) cite Smith, Doe and Roe."""
    assert cited("Known (see Smith, 2010).") == [("Smith", "2010", None)]
    assert cited("Known (e.g., Doe 2001; Roe 2002).") == [
        ("Doe", "2001", None),
        ("Roe", "2002", None),
    ]


def test_several_years_of_one_author() -> None:
    """(Smith, 2001, 2005) cites two works of Smith."""
    assert cited("Known (Smith, 2001, 2005).") == [("Smith", "2001", None), ("Smith", "2005", None)]


def test_labels_and_acronym_definitions_are_not_citations() -> None:
    """(Figure 2). and Australian Federal Police (AFP). are not citations."""
    assert cited("See the chart (Figure 2). Police forces (Australian Federal Police (AFP)).") == []
    assert cited("It was the Australian Federal Police (AFP).") == []


def test_bare_page_group_is_a_locator_not_a_citation() -> None:
    """A quotation followed by (p. 5) records a locator."""
    scan = scan_prose("Smith (2010) wrote “words words words words” (p. 5).")
    assert [c.author for c in scan.citations] == ["Smith"]
    assert len(scan.locators) == 1


def test_family_names_with_particles() -> None:
    """van der Berg (2017) and (van Dijk, 2003) keep their particles."""
    assert cited("As van der Berg (2017) and others (van Dijk, 2003) show.") == [
        ("van der Berg", "2017", None),
        ("van Dijk", "2003", None),
    ]


def test_comment_after_the_year_is_kept_but_is_no_locator() -> None:
    """(Smith, 2010, emphasis added) cites Smith 2010 without a locator; prose is not a citation."""
    assert cited("So (Smith, 2010, emphasis added).") == [("Smith", "2010", None)]
    assert cited("Then (Operation PIN 2003 launched sites).") == []


def test_months_labels_and_possessives() -> None:
    """Months and labels before a year are no authors; a possessive is dropped."""
    text = "Published in March (2019), see Table 2 (2018) and (Jan. 2020); Smith's (2010) view."
    assert cited(text) == [("Smith", "2010", None)]
