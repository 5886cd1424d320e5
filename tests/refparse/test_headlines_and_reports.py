"""General rules after tagging: news headlines, dates inside titles, official records."""

from __future__ import annotations

from refkit.refparse import parse_reference
from tests.refparse.realworld import csl_of


def test_headline_attribution_clause_stays_in_the_title() -> None:
    """ "..., analysts say" ends a headline; it is neither a container nor a note."""
    item = csl_of(
        parse_reference("Reuters News Agency (2019) Oil prices fall to two-year low, analysts say")
    )
    assert item["title"] == "Oil prices fall to two-year low, analysts say"
    assert "container-title" not in item
    assert "note" not in item


def test_news_outlet_author_without_container_is_a_newspaper_article() -> None:
    """A news outlet as the only author of a dated headline wrote a news story."""
    ref = parse_reference(
        "Global Times (2021) Vaccine rollout slower than planned, health ministry warns"
    )
    assert ref.type == "article-newspaper"
    assert csl_of(ref)["author"] == [{"literal": "Global Times"}]


def test_un_official_records_are_the_series_not_a_journal() -> None:
    """ "U.N. GAOR 61st Sess., Supp. No. 49" is where the document was issued: no
    container-title, no volume, the supplement as collection-number."""
    item = csl_of(
        parse_reference(
            "Convention on the Rights of Persons with Disabilities, U.N. GAOR 61st Sess., "
            "Supp. No. 49, U.N. Doc. A/RES/61/106, 13 December 2006."
        )
    )
    assert "container-title" not in item
    assert "volume" not in item
    assert item["collection-title"] == "U.N. GAOR 61st Sess."
    assert item["collection-number"] == "49"
    assert item["number"] == "A/RES/61/106"


def test_place_and_year_in_closing_brackets_are_place_and_date() -> None:
    """ "... (Geneva, 2011)" ending a report: the place of issue and its year."""
    item = csl_of(
        parse_reference("WHO, Global status report on road safety: time for action (Geneva, 2011)")
    )
    assert item["publisher-place"] == "Geneva"
    assert item["issued"] == {"date-parts": [[2011]]}
    assert "Geneva" not in item["title"]


def test_date_inside_a_title_stays_in_the_title_when_a_later_date_closes() -> None:
    """An event's date written in its title is title, the closing date is the issue date."""
    item = csl_of(
        parse_reference(
            "OSCE, The Berlin Conference on Migration 4-6 March 2009 – Labour and Mobility "
            "(Vienna, 2010)"
        )
    )
    assert item["title"] == (
        "The Berlin Conference on Migration 4-6 March 2009 – Labour and Mobility"
    )
    assert item["issued"] == {"date-parts": [[2010]]}


def test_dotted_paper_code_ending_a_title_is_the_number_without_its_issuer() -> None:
    """ "OECD W.P.:042" after the title: the number, the issuer's own name left out."""
    item = csl_of(
        parse_reference(
            "OECD, Measuring informal employment in emerging economies OECD W.P.:042 (Paris, 2012)"
        )
    )
    assert item["number"] == "W.P.:042"
    assert item["title"] == "Measuring informal employment in emerging economies"


def test_publisher_written_before_its_place_is_split() -> None:
    """ "Springer-Verlag: Berlin, Germany" is publisher then place, not one publisher."""
    item = csl_of(
        parse_reference(
            "[7] Hörmander L. The analysis of linear partial differential operators. "
            "Springer-Verlag: Berlin, Germany, 1985."
        )
    )
    assert item["publisher"] == "Springer-Verlag"
    assert item["publisher-place"] == "Berlin, Germany"


def test_place_before_publisher_is_left_as_written() -> None:
    """ "Chicago: University of Chicago Press" keeps the usual order."""
    item = csl_of(
        parse_reference("Smith J. Title of a book. Chicago: University of Chicago Press; 2007.")
    )
    assert item["publisher"] == "University of Chicago Press"
    assert item["publisher-place"] == "Chicago"


def test_medium_designator_leaves_journal_and_title() -> None:
    """ "[Internet]" after a journal or title (NLM style) is the medium, not the name."""
    item = csl_of(
        parse_reference(
            "12. Okafor N, Lindqvist P. Seasonal growth of juvenile cod in fjords. "
            "Marine Ecology Progress Series [Internet] 2011;43:1117-20. "
            "Available from: https://example.org/meps/43/1117"
        )
    )
    assert item["container-title"] == "Marine Ecology Progress Series"
    assert "Internet" not in item["title"]
