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
    """"U.N. GAOR 61st Sess., Supp. No. 49" is where the document was issued: no
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
