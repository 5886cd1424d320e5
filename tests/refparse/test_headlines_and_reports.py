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
