"""Editor lists closed by a role word are editors, whatever the tagger said."""

from __future__ import annotations

import pytest

from refkit.refparse import parse_reference
from refkit.refparse.editors import mark_editors
from refkit.refparse.export import csl_item


def _editors(text: str) -> list[str]:
    item = csl_item(parse_reference(text))
    return [str(n.get("family") or n.get("literal")) for n in item.get("editor", [])]


@pytest.mark.parametrize(
    ("text", "families"),
    [
        (
            "23. Lincoll DD. Semigroups of recurrences. In: Lipcoll DJ, Lawrie DH, Sameh AH, "
            "editors. High speed computer and algorithm organization. New York: Academic "
            "Press; 1977. p. 179-83.",
            ["Lipcoll", "Lawrie", "Sameh"],
        ),
        (
            "[60] Lee J. Transcript of question and answer session. In: Wexelblat RL, Ed. "
            "History of programming languages I. ACM: New York, NY, USA, 1981; pp. 68-71.",
            ["Wexelblat"],
        ),
        (
            "Kong, Wei-Chang (2005) E-commerce and cultural values. In: Thanasankit, "
            "Theerasak (ed.). Cultural values. Hershey, PA, USA: IGI Publishing, pp. 51-74.",
            ["Thanasankit"],
        ),
    ],
)
def test_names_between_in_and_a_role_word_are_the_books_editors(
    text: str, families: list[str]
) -> None:
    """Vancouver ", editors.", ", Ed." and "(ed.)" close the editor list after "In:"."""
    assert _editors(text) == families


def test_the_editor_run_ends_at_its_role_word() -> None:
    """The title after "(ed.)." is the container, not more editors."""
    text = "Kong, W. (2005) Values. In: Thanasankit, T. (ed.). Cultural values. Hershey"
    words = text.split()
    labels = ["author"] * 2 + ["date", "title"] + ["editor"] * 6 + ["location"]
    mark_editors(words, labels)
    assert labels[4:8] == ["editor"] * 4
    assert labels[8:10] == ["container-title"] * 2


def test_a_bare_ed_after_a_title_is_left_to_the_tagger() -> None:
    """Chicago's "In Theorizing Documentary, ed. Michael Renov" has no editors before "ed."."""
    text = "Nichols, Bill. Title. In Theorizing Documentary, ed. Michael Renov, 1-11."
    words = text.split()
    labels = ["author"] * 2 + ["title"] + ["container-title"] * 3 + ["editor"] * 3 + ["pages"]
    before = list(labels)
    mark_editors(words, labels)
    assert labels == before


def test_a_books_editors_in_the_author_position_are_editors() -> None:
    """ "Lipcoll DJ, Lawrie DH, editors." opening the reference names editors, not authors."""
    text = "Lipcoll DJ, Lawrie DH, editors. High speed computing. New York"
    words = text.split()
    labels = ["author"] * 4 + ["editor", "editor", "title", "title", "location", "location"]
    mark_editors(words, labels)
    assert labels[:5] == ["editor"] * 5
    assert labels[5:8] == ["title"] * 3


def test_an_official_website_is_a_webpage_whatever_the_tagger_called_its_owner() -> None:
    """ "X Official Website" is X's web page even where the tagger read X as a title."""
    from refkit.refparse.parse import _website_and_title

    words = ["Visual", "Global", "Taskforce", "Official", "Website", "Available", "at:"]
    labels = ["publisher"] * 3 + ["title"] * 2 + ["note"] * 2
    assert _website_and_title(words, labels) == "webpage"
    assert labels[:5] == ["author"] * 3 + ["title"] * 2


def test_a_container_with_no_title_publisher_or_locator_is_the_title() -> None:
    """A lone container after author and year is the work's own title."""
    from refkit.refparse.parse import _website_and_title

    words = ["Ministry", "(2008)", "Trafficking", "in", "Poland", "Available", "at:"]
    labels = ["author", "date"] + ["container-title"] * 3 + ["note"] * 2
    _website_and_title(words, labels)
    assert labels[2:5] == ["title"] * 3
    kept = ["author", "date"] + ["container-title"] * 3 + ["publisher", "date"]
    _website_and_title([*words[:5], "Sage,", "2001."], kept)
    assert kept[2:5] == ["container-title"] * 3


@pytest.mark.parametrize(
    ("text", "families"),
    [
        (
            "Silva, R. (2003) Drought indices. In: Dryland hydrology. Water science series. "
            "Eds: Moreau, P.L., Okafor, C.N. and Tanaka, K. London: Routledge. 41–59.",
            ["Moreau", "Okafor", "Tanaka"],
        ),
        (
            "12. Silva R: Drought indices, in Dryland Hydrology. Edited by Moreau PL, "
            "Okafor CN, Leeds, UK, Maney Publishing, 2003, pp. 41–59.",
            ["Moreau", "Okafor"],
        ),
    ],
)
def test_names_after_a_leading_role_word_are_editors_up_to_the_place(
    text: str, families: list[str]
) -> None:
    assert _editors(text) == families


def test_inverted_capitalised_editor_with_et_al_is_not_a_book_title() -> None:
    text = (
        "SILVA, R. Drought indices. In: MOREAU, P. L. et al. (Ed.). Dryland hydrology. "
        "London: Routledge, 2003. p. 41–59."
    )
    assert _editors(text)[:1] == ["Moreau"]


@pytest.mark.parametrize(
    ("text", "families"),
    [
        (
            "Silva, Rosa, Drought indices for semi-arid river basins - (chapter), "
            "Kenji Tanaka (ed.), Leeds, UK 2003, 41–59.",
            ["Tanaka"],
        ),
        (
            "Silva, R. et al., Drought indices, in: K. Tanaka and P. L. Moreau (eds.), "
            "Dryland hydrology, Leeds 2003, 41–59.",
            ["Tanaka", "Moreau"],
        ),
    ],
)
def test_given_first_names_before_a_bracketed_role_are_editors(
    text: str, families: list[str]
) -> None:
    assert _editors(text) == families


def test_given_first_editors_with_middle_names_end_at_the_comma() -> None:
    text = (
        "Silva, Rosa. “Drought Indices.” In Dryland Hydrology, edited by J. Kenji Tanaka "
        "and Paula Moreau, 41-59. Leeds: Maney, 2003."
    )
    assert _editors(text) == ["Tanaka", "Moreau"]


def test_title_words_before_given_first_editors_are_not_a_name() -> None:
    text = (
        "Okafor, C. The carbon budget of tropical soils under maize. Reprinted in "
        "Readings in Soil Science, K. Tanaka, R. Silva (eds.), Elsevier, 1999, 12-19."
    )
    assert _editors(text) == ["Tanaka", "Silva"]


def test_given_first_editors_and_role_inside_one_bracket() -> None:
    text = (
        "Silva, R. 2003. Drought indices. Pp. 41–59, in Dryland Hydrology (K. Tanaka, "
        "P. L. Moreau, and C. N. Okafor, eds.). Maney Publishing, Leeds."
    )
    assert _editors(text) == ["Tanaka", "Moreau", "Okafor"]


def test_editor_run_after_the_books_title_is_the_title() -> None:
    words = [
        "In:",
        "Tanaka",
        "K,",
        "editor.",
        "Dryland",
        "hydrology",
        "II",
        "(incoll).",
        "Leeds:",
        "Maney",
    ]
    labels = ["editor"] * 4 + ["container-title"] * 2 + ["editor"] * 2 + ["location", "publisher"]
    mark_editors(words, labels)
    assert labels[6:8] == ["container-title"] * 2


@pytest.mark.parametrize(
    ("text", "container", "families"),
    [
        (
            "Okafor, B.N. (2011) Soil crusts of the Sahel. In: Dryland ecology. Arid systems. "
            "Eds: Marsh, T.K. and Oduya, L. Nairobi: Savanna Press. 41–60.",
            "Dryland ecology. Arid systems",
            ["Marsh", "Oduya"],
        ),
        (
            "12. Varga P: Tidal mills of the Danube, in Industrial Archaeology II (Revised). "
            "Edited by Halmi GK, Szabo E, Budapest, Akademiai Kiado, 1998, pp. 88–97.",
            "Industrial Archaeology II (Revised)",
            ["Halmi", "Szabo"],
        ),
    ],
)
def test_words_before_a_leading_role_word_are_the_books_title_not_editors(
    text: str, container: str, families: list[str]
) -> None:
    item = csl_item(parse_reference(text))
    assert _editors(text) == families
    assert str(item.get("container-title")).startswith(container)


@pytest.mark.parametrize(
    ("text", "container", "families"),
    [
        (
            "Ruiz A (2004) Lichens on basalt. In Rock Surfaces (Annotated), K.L. Prior, and "
            "M. Osei, eds (Leeds, UK: Moorland Press), pp. 12–30.",
            "Rock Surfaces (Annotated)",
            ["Prior", "Osei"],
        ),
        (
            "Lund, E. 2012. Ice cores at the margin. Pp. 5–19, in Polar Records (H. Berg and "
            "T. Ness, eds.). Fjord Press, Tromsø.",
            "Polar Records",
            ["Berg", "Ness"],
        ),
    ],
)
def test_words_before_names_closed_by_a_role_word_are_the_books_title(
    text: str, container: str, families: list[str]
) -> None:
    item = csl_item(parse_reference(text))
    assert _editors(text) == families
    assert item.get("container-title") == container


def test_container_with_editors_and_a_publisher_is_a_book_not_an_institution() -> None:
    text = (
        "7. Moreau J. Grain storage losses. In: Diallo K, Sarr M, editors. Rural development "
        "organization. Dakar: Harmattan Press; 2009. p. 33–48."
    )
    item = csl_item(parse_reference(text))
    assert item["type"] == "chapter"
    assert item.get("container-title") == "Rural development organization"
    assert item.get("publisher") == "Harmattan Press"


def test_editor_as_a_family_name_with_its_initials_is_a_name_not_a_role() -> None:
    text = "3. Editor M, Novak P, editors. Handbook of peat. Oslo: Nordic Press; 2012."
    assert _editors(text) == ["Editor", "Novak"]


def test_place_after_a_bracketed_role_word_is_no_editor() -> None:
    words = ["values,", "Ingrid", "Halvorsen", "(ed.),", "Bergen,", "Norway", "2011,"]
    labels = ["title", *["editor"] * 5, "date"]
    mark_editors(words, labels)
    assert labels == ["title", "editor", "editor", "editor", "location", "location", "date"]
