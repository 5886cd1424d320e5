"""Span rules for conventions of styles the tagger was not trained on (spanrules.py)."""

from __future__ import annotations

from typing import Any

import pytest

from refkit.refparse import parse_reference
from refkit.refparse.export import csl_item
from refkit.refparse.numbers import parse_locator
from refkit.refparse.spanrules import relabel_spans


def _item(text: str) -> dict[str, Any]:
    return csl_item(parse_reference(text))


def _families(item: dict[str, Any], role: str) -> list[str]:
    return [
        " ".join(str(n[k]) for k in ("non-dropping-particle", "family", "literal") if k in n)
        for n in item.get(role, [])
    ]


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        ("48/2, 311-330.", ("48", "2", "311-330")),
        ("17, 4, 1201–1219.", ("17", "4", "1201-1219")),
        ("12/13, 5-9", ("12/13", "", "5-9")),  # consecutive numbers: a double volume
        ("1998/99, 5-9", ("1998/99", "", "5-9")),  # a year span is no volume/issue
    ],
)
def test_slashed_and_comma_separated_issue_is_split_from_volume(
    run: str, expected: tuple[str, str, str]
) -> None:
    loc = parse_locator(run)
    assert loc is not None
    assert (loc.volume, loc.issue, loc.page) == expected


def test_volume_slash_issue_glued_to_journal_name_is_the_locator() -> None:
    item = _item(
        "Hartmann, Jens, Klimawandel und Alpenflora, in: Zeitschrift für Ökologie 48/2, "
        "2011, 311–330."
    )
    assert item["container-title"] == "Zeitschrift für Ökologie"
    assert (item["volume"], item["issue"]) == ("48", "2")
    assert item["issued"] == {"date-parts": [[2011]]}


def test_volume_colon_pages_glued_to_journal_name_is_the_locator() -> None:
    item = _item(
        "Moreau PL, Tanaka K. 2014. Nitrogen cycling in coastal sediments. "
        "Marine Ecology Progress Series 17:1201–1219."
    )
    assert item["container-title"] == "Marine Ecology Progress Series"
    assert item["volume"] == "17"
    assert item["page"].replace("–", "-") == "1201-1219"


def test_volume_issue_pages_by_commas_give_the_issue() -> None:
    item = _item(
        "Moreau, P. L. 2014. Nitrogen cycling in coastal sediments. "
        "Marine Ecology Progress Series, 17, 4, 1201–1219."
    )
    assert (item["volume"], item.get("issue"), item["page"].replace("–", "-")) == (
        "17",
        "4",
        "1201-1219",
    )


def test_year_closing_an_author_run_is_the_date_not_a_name() -> None:
    item = _item(
        "Anonymous 1921, ‘Report of the committee on fish culture’, Journal of the "
        "Royal Society of Arts, vol. 12, no. 3, pp. 44–51."
    )
    assert _families(item, "author") == ["Anonymous"]
    assert item["issued"] == {"date-parts": [[1921]]}


def test_family_initials_list_closed_by_a_colon_is_the_author_list() -> None:
    item = _item(
        "4. Okafor CN, van Dijk PJ: Seasonal variation in soil respiration across "
        "tropical forests 2009."
    )
    assert _families(item, "author") == ["Okafor", "van Dijk"]
    assert item["title"] == "Seasonal variation in soil respiration across tropical forests"


def test_month_before_the_year_is_date_not_title() -> None:
    item = _item(
        "8. Okafor CN: Notes on tropical soil carbon September 2019. Available at "
        "https://example.org/notes/soil-carbon."
    )
    assert item["title"] == "Notes on tropical soil carbon"


def test_bracketed_publisher_after_the_editors_role_word_is_no_editor() -> None:
    item = _item(
        "Moreau PL (2003) Soils of the Sahel. In Dryland Ecology, K. Tanaka, and "
        "R. Silva, eds (Oxford: Clarendon Press), pp. 101–122."
    )
    assert _families(item, "editor") == ["Tanaka", "Silva"]
    assert item["container-title"] == "Dryland Ecology"
    assert item["publisher"] == "Clarendon Press"
    assert item["publisher-place"] == "Oxford"


def test_comma_in_after_the_title_opens_the_book() -> None:
    item = _item(
        "3. Okafor CN: Carbon budgets revisited, in Soil Science Annual Meeting Proceedings. "
        "Soil Science Society, 2008, pp. 12–19."
    )
    assert item["title"] == "Carbon budgets revisited"
    assert item["container-title"].startswith("Soil Science Annual Meeting Proceedings")


def test_publisher_colon_place_read_as_one_place_is_split() -> None:
    item = _item(
        "[4] Okafor CN. Soil carbon in the humid tropics. Cornell University: Ithaca, NY 2011."
    )
    assert item["publisher"] == "Cornell University"
    assert item["publisher-place"] == "Ithaca, NY"


def test_pages_glued_to_their_role_word_are_pages_not_place() -> None:
    item = _item(
        "Okafor, CN 2008,‘Carbon budgets revisited’, in RL Tanaka (ed.), Soil science "
        "annual, Wiley, Hoboken, NJ, pp.12–19."
    )
    assert item.get("publisher-place") == "Hoboken, NJ"
    assert item["page"].replace("–", "-") == "12-19"


def test_roman_part_number_after_a_title_is_no_place() -> None:
    item = _item("[9] Lindqvist B. Handbook of soil physics. II. Uppsala, Sweden: Almqvist; 1978.")
    assert item["publisher-place"] == "Uppsala, Sweden"


def test_year_colon_pages_is_the_date_and_pages_not_a_volume() -> None:
    loc = parse_locator("2005:51-74")
    assert loc is not None
    assert (loc.volume, loc.page, loc.year) == ("", "51-74", "2005")


@pytest.mark.parametrize(
    ("text", "container", "publisher", "place"),
    [
        (
            "[12] Silva R. Drought indices. In: Handbook of Dryland Hydrology (Revised). "
            "IEEE; 2003:41-59.",
            "Handbook of Dryland Hydrology (Revised)",
            "IEEE",
            None,
        ),
        (
            "[13] Silva R, Tanaka K. Drought indices. In: Moreau PL, Okafor CN, Eds. "
            "Dryland hydrology Elsevier Science: Amsterdam, 2003; pp. 41–59.",
            "Dryland hydrology",
            "Elsevier Science",
            "Amsterdam",
        ),
    ],
)
def test_publisher_kept_in_the_books_title_is_split_off(
    text: str, container: str, publisher: str, place: str | None
) -> None:
    item = _item(text)
    assert item["container-title"] == container
    assert item["publisher"] == publisher
    assert item.get("publisher-place") == place


def test_long_journal_name_kept_in_the_title_before_its_locator_is_the_journal() -> None:
    from refkit.refparse.spanrules import relabel_spans

    text = (
        "Okafor CN (1951) Growth of young cod. Bulletin of the Marine Station = Bulletin 7b:12–19."
    )
    words = text.split(" ")
    labels = ["author", "author", "date"] + ["title"] * (len(words) - 3)
    relabel_spans(words, labels)
    assert labels[3:7] == ["title"] * 4
    assert labels[7:-1] == ["container-title"] * (len(words) - 8)
    assert labels[-1] == "volume"


def test_title_cut_after_an_unstopped_word_runs_on_to_the_full_stop() -> None:
    from refkit.refparse.spanrules import relabel_spans

    text = "Okafor CN. Soil loss: 30 years' records from upland farms. Soil Use Manag. 2004;20:1-9."
    words = text.split(" ")
    labels = ["author"] * 2 + ["title"] * 4 + ["container-title"] * 7 + ["volume"]
    relabel_spans(words, labels)
    assert labels[2:10] == ["title"] * 8
    assert labels[10:13] == ["container-title"] * 3


def test_second_title_run_after_the_books_title_is_the_book() -> None:
    item = _item(
        "21. Tanaka K, Silva R. Sensor placement for river gauges. In: Proceedings of the "
        "3rd international workshop on hydrological instrumentation and remote sensing "
        "(HIRS’09). Delft, Netherlands: IHE; 2009. page 44–9."
    )
    assert item["title"] == "Sensor placement for river gauges"
    assert item["container-title"].endswith("(HIRS’09)")


def test_full_stop_after_the_author_ends_a_corporate_author_guess() -> None:
    item = _item(
        "[3] Anonymous. Notes from the field, 1921–1922. Journal of the Royal Society of "
        "Arts. 1922;70(3):211-214."
    )
    assert _families(item, "author") == ["Anonymous"]
    assert item["title"] == "Notes from the field, 1921–1922"


@pytest.mark.parametrize(
    ("text", "year"),
    [
        (
            "Tanaka K. 2021.Sediment budgets of small rivers. Available at https://example.org/s",
            2021,
        ),
        ("Silva R. Rainfall records [Internet]. 2017;Available from: https://example.org/r", 2017),
    ],
)
def test_year_glued_to_the_next_word_is_read_as_the_date(text: str, year: int) -> None:
    from refkit.refparse.tokens import tokenize

    assert any(t.text in {f"{year}.", f"{year};"} for t in tokenize(text))
    assert _item(text)["issued"] == {"date-parts": [[year]]}


def test_year_then_colon_and_pages_is_not_cut() -> None:
    from refkit.refparse.tokens import tokenize

    assert [t.text for t in tokenize("2019:71–81.")] == ["2019:71–81."]


@pytest.mark.parametrize(
    "text",
    [
        "[7] Okafor CN. Soil moisture probes compared (TDR and FDR sensors). Soil Science "
        "Society of America Journal 2012;76:301–309.",
        "Okafor CN (2012) Soil moisture in the savanna of northern Ghana, Africa. Soil "
        "Science Society of America Journal 76: 301–309.",
    ],
)
def test_end_of_an_open_title_read_as_the_journal_goes_back_to_the_title(text: str) -> None:
    item = _item(text)
    assert item["container-title"] == "Soil Science Society of America Journal"
    assert item["title"].endswith(("sensors)", "Africa"))


def test_vancouver_locator_glued_to_a_journal_name_leaves_the_name() -> None:
    item = _item(
        "12. Okafor CN. Soil carbon under maize. Soil Science Society of America Journal "
        "2012;76:301–9."
    )
    assert item["container-title"] == "Soil Science Society of America Journal"
    assert (item["volume"], item["page"].replace("–", "-")) == ("76", "301-309")


def test_in_after_a_title_word_with_no_stop_is_a_title_word() -> None:
    from refkit.refparse.spanrules import relabel_spans

    text = "Ministry of Health (2019) Violence In Schools in Kenya Available at:"
    words = text.split(" ")
    labels = ["author"] * 3 + ["date", "title", "container-title"] + ["container-title"] * 3
    labels += ["note", "note"]
    relabel_spans(words, labels)
    assert labels[4:9] == ["title"] * 5


def test_bracket_cut_between_title_and_note_goes_to_the_note() -> None:
    from refkit.refparse.spanrules import relabel_spans

    words = "WHO, Framework Convention on Tobacco Control (as signed by 168 states in 2003),"
    words = words.split()
    labels = ["author"] + ["title"] * 10 + ["note", "note"]
    relabel_spans(words, labels)
    assert labels[6:] == ["note"] * 7
    assert labels[5] == "title"


def test_bare_year_run_on_from_the_title_before_a_remark_is_the_titles() -> None:
    item = _item("WHO, World Malaria Report 2019 (WHO publication, Sales No. E.19.II.7)")
    assert item["title"] == "World Malaria Report 2019"
    assert item["issued"] == {"date-parts": [[2019]]}


def test_research_centre_as_publisher_makes_a_report() -> None:
    from refkit.refparse.itemtypes import infer_type

    fields = {"title": "Water Pricing in Dry Regions", "publisher": "Pacific Ctr. for Water Policy"}
    assert infer_type(
        fields, "Water Pricing in Dry Regions Pacific Ctr. for Water Policy"
    ).type == ("report")
    fields = {"title": "Water Pricing in Dry Regions", "publisher": "Pacific University Press"}
    assert (
        infer_type(fields, "Water Pricing in Dry Regions Pacific University Press").type == "book"
    )


def test_one_colon_divides_place_and_publisher_in_an_imprint_run() -> None:
    from refkit.refparse.spanrules import relabel_spans

    words = ["Leeds,", "UK:", "University", "of", "Leeds.", "(2004)."]
    labels = ["publisher", "location", "publisher", "publisher", "publisher", "date"]
    relabel_spans(words, labels)
    assert labels[:5] == ["location", "location", "publisher", "publisher", "publisher"]
    words = ["Elsevier", "Science,", "Inc.:", "Boston,", "MA,", "2004."]
    labels = ["publisher", "publisher", "location", "location", "location", "date"]
    relabel_spans(words, labels)
    assert labels[:5] == ["publisher", "publisher", "publisher", "location", "location"]


def test_country_code_after_a_place_is_the_places() -> None:
    from refkit.refparse.spanrules import relabel_spans

    words = ["Maney", "Ltd.,", "Leeds,", "UK,", "UK,", "41–59."]
    labels = ["publisher", "publisher", "location", "publisher", "publisher", "pages"]
    relabel_spans(words, labels)
    assert labels[2:5] == ["location"] * 3


def test_city_before_a_country_after_the_publisher_is_the_place() -> None:
    from refkit.refparse.spanrules import relabel_spans

    words = ["University", "of", "Leeds,", "Leeds,", "England.", "(2004)."]
    labels = ["publisher", "publisher", "publisher", "publisher", "location", "date"]
    relabel_spans(words, labels)
    assert labels[:5] == ["publisher"] * 3 + ["location"] * 2


def test_second_title_after_in_editors_is_the_book() -> None:
    from refkit.refparse.spanrules import relabel_spans

    text = "Notes on rivers. In K. Tanaka (ed.), Water (incoll). Maney, 41–59."
    words = text.split(" ")
    labels = ["title"] * 3 + ["editor"] * 4 + ["title"] * 2 + ["publisher", "pages"]
    relabel_spans(words, labels)
    assert labels[7:9] == ["container-title"] * 2


def test_publisher_colon_place_with_a_region_after_the_colon() -> None:
    from refkit.refparse.spanrules import relabel_spans

    words = ["Prentice-Hall:", "Englewood", "Cliffs,", "New", "Jersey,", "1977."]
    labels = ["location"] * 5 + ["date"]
    relabel_spans(words, labels)
    assert labels[:5] == ["publisher"] + ["location"] * 4
    words = ["New", "York:", "Library", "of", "America,", "1984."]
    labels = ["location"] * 5 + ["date"]
    relabel_spans(words, labels)
    assert labels[:5] == ["location"] * 2 + ["publisher"] * 3


def test_place_written_before_the_publisher_in_one_publisher_run() -> None:
    from refkit.refparse.spanrules import relabel_spans

    words = ["Boulder,", "CO,", "USA,", "Westview", "Press,", "1999,"]
    labels = ["publisher"] * 5 + ["date"]
    relabel_spans(words, labels)
    assert labels[:5] == ["location"] * 3 + ["publisher"] * 2
    words = ["Diss.,", "Leeds", "University,", "2003."]
    labels = ["publisher"] * 3 + ["date"]
    relabel_spans(words, labels)
    assert labels[:3] == ["genre", "publisher", "publisher"]


def test_capitalised_publisher_after_a_place_is_not_a_region_code() -> None:
    from refkit.refparse.spanrules import relabel_spans

    words = ["Cambridge,", "MIT", "Press,", "1989."]
    labels = ["location", "publisher", "publisher", "date"]
    relabel_spans(words, labels)
    assert labels[:3] == ["location", "publisher", "publisher"]


@pytest.mark.parametrize(
    ("text", "before", "after"),
    [
        (
            "microcomputers. Leeds, LS2 9JT, UK: Department of Earth Sciences.",
            ["title", "genre", "genre", "genre", "location", *["publisher"] * 4],
            ["title", *["location"] * 4, *["publisher"] * 4],
        ),
        (
            "ed. (Rostock, MV, Germany: Ostsee Publishing),",
            ["editor", "container-title", "container-title", "location", "publisher", "publisher"],
            ["editor", "location", "location", "location", "publisher", "publisher"],
        ),
        (  # a publisher's words before the country are no place
            "Thesis. Boreal Press, Sweden:",
            ["O", "O", "O", "location"],
            ["O", "O", "O", "location"],
        ),
    ],
)
def test_city_and_postcode_before_a_tagged_country_are_the_place(
    text: str, before: list[str], after: list[str]
) -> None:
    labels = list(before)
    relabel_spans(text.split(), labels)
    assert labels == after


@pytest.mark.parametrize(
    ("text", "before", "after"),
    [
        (  # publisher first, then its place, after a book one is "in"
            "In Essays on tidal energy. IEEE, Boston, MA,",
            [*["container-title"] * 5, "container-title", "location", "location"],
            [*["container-title"] * 5, "publisher", "location", "location"],
        ),
        (  # a colon closing the publisher shows the imprint without "In"
            "Notes on hydrology. SIAM: Philadelphia, 2004.",
            [*["container-title"] * 4, "location", "date"],
            [*["container-title"] * 3, "publisher", "location", "date"],
        ),
        (  # a journal's name before a place is no publisher
            "Journal of hydrology. Philadelphia, 2004.",
            [*["container-title"] * 3, "location", "date"],
            [*["container-title"] * 3, "location", "date"],
        ),
    ],
)
def test_publisher_kept_in_the_books_title_before_its_place_is_the_publisher(
    text: str, before: list[str], after: list[str]
) -> None:
    labels = list(before)
    relabel_spans(text.split(), labels)
    assert labels == after


@pytest.mark.parametrize(
    ("text", "before", "after"),
    [
        (  # a publisher does not end in "at": the city is the university's
            "thesis, University of Illinois at Chicago, Chicago, IL.",
            ["genre", *["publisher"] * 4, "location", "location", "location"],
            ["genre", *["publisher"] * 5, "location", "location"],
        ),
        (  # no place in the reference: the city and country closing the publisher are it
            "thesis, University of Lund, Lund, Sweden.",
            ["genre", *["publisher"] * 5],
            ["genre", *["publisher"] * 3, "location", "location"],
        ),
        (  # a publisher's own comma is no place
            "Report. Rand Corporation, Inc.",
            ["title", "publisher", "publisher", "publisher"],
            ["title", "publisher", "publisher", "publisher"],
        ),
    ],
)
def test_publisher_and_place_are_divided_where_the_place_begins(
    text: str, before: list[str], after: list[str]
) -> None:
    labels = list(before)
    relabel_spans(text.split(), labels)
    assert labels == after


@pytest.mark.parametrize(
    ("text", "before", "after"),
    [
        (  # a capitals word glued to the publisher is its first word
            "In Proceedings. MIT Press,",
            ["container-title", "container-title", "container-title", "publisher"],
            ["container-title", "container-title", "publisher", "publisher"],
        ),
        (  # a bracketed lower-case remark opening the publisher closes the book's title
            "In Soil surveys (reprint) Harper & Row,",
            [*["container-title"] * 3, *["publisher"] * 4],
            [*["container-title"] * 4, *["publisher"] * 3],
        ),
        (  # a bracketed publisher closing the book's title
            "In Congress of Soil Science, (Agronomy Society),",
            [*["container-title"] * 7],
            [*["container-title"] * 5, "publisher", "publisher"],
        ),
        (  # a bracketed acronym that names no publisher stays in the title
            "In Congress of Soil Science, (ICSS),",
            [*["container-title"] * 6],
            [*["container-title"] * 6],
        ),
    ],
)
def test_publisher_edges_against_the_books_title(
    text: str, before: list[str], after: list[str]
) -> None:
    labels = list(before)
    relabel_spans(text.split(), labels)
    assert labels == after


@pytest.mark.parametrize(
    ("text", "before", "after"),
    [
        (  # after the editors: the book's "title" is the place, then the publisher
            "(Ed.), Tromsø, Norway, Arctic University Press,",
            ["editor", *["container-title"] * 5],
            ["editor", "location", "location", *["publisher"] * 3],
        ),
        (  # closing the title after a comma
            "Tide tables for sailors, Cork, Ireland, Harbour Press.",
            [*["title"] * 4, *["title"] * 4],
            [*["title"] * 4, "location", "location", "publisher", "publisher"],
        ),
        (  # a title naming a place and a university but no imprint after it
            "Essays on Dublin, Ireland, and its university.",
            ["title"] * 7,
            ["title"] * 7,
        ),
    ],
)
def test_place_and_publisher_closing_a_title_are_its_imprint(
    text: str, before: list[str], after: list[str]
) -> None:
    labels = list(before)
    relabel_spans(text.split(), labels)
    assert labels == after


def test_bracket_opening_the_imprint_inside_the_title_is_the_place() -> None:
    words = ["on", "dunes", "(Leeds,", "LS2", "9JT,", "UK:", "Department", "of", "Geography)."]
    labels = [
        "title",
        "title",
        "title",
        "title",
        "title",
        "location",
        "publisher",
        "publisher",
        "publisher",
    ]
    relabel_spans(words, labels)
    assert labels[:6] == ["title", "title", "location", "location", "location", "location"]
