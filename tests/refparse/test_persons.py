"""Name lists in the conventions of the common styles."""

from __future__ import annotations

import pytest

from refkit.refparse.persons import parse_name_run, parse_name_text
from refkit.refparse.tokens import tokenize


def _names(text: str) -> list[dict[str, str]]:
    return [n.csl() for n in parse_name_text(text).names]


@pytest.mark.parametrize(
    ("text", "families"),
    [
        ("Chen, H., Tafalla, M., & Wilner, D. J.", ["Chen", "Tafalla", "Wilner"]),  # APA
        ("Smith, John, and Jane Doe", ["Smith", "Doe"]),  # Chicago / MLA
        ("Smith, John, Jane Doe, and Bob Roe", ["Smith", "Doe", "Roe"]),
        ("Smith AB, Jones CD, Brown E", ["Smith", "Jones", "Brown"]),  # Vancouver
        ("Müller, Hans ; Schmidt, Peter :", ["Müller", "Schmidt"]),  # DIN 1505-2
        ("J. Smith, A. B. Jones, and C. Doe", ["Smith", "Jones", "Doe"]),  # IEEE
        ("SMITH J, LEE K", ["Smith", "Lee"]),  # capitals
        ("DUPONT Jean, MARTIN Paul", ["Dupont", "Martin"]),
        ("Pérez, J. y López, M.", ["Pérez", "López"]),
        ("Rossi, M. e Bianchi, L.", ["Rossi", "Bianchi"]),
        ("Meier, H. und Huber, K.", ["Meier", "Huber"]),
        ("García Márquez, Gabriel", ["García Márquez"]),
    ],
)
def test_name_list_conventions(text: str, families: list[str]) -> None:
    """Each convention gives one name per person, family names right."""
    assert [n["family"] for n in _names(text)] == families


def test_vancouver_initials_are_dotted_given_names() -> None:
    """ "Smith AB" is family Smith, given "A. B."."""
    assert _names("Smith AB") == [{"family": "Smith", "given": "A. B."}]


def test_particles_and_suffixes_stay_with_the_family_name() -> None:
    """ "van der", "de la" are particles; "Jr." a suffix."""
    assert _names("van der Berg, Jan")[0] == {
        "family": "Berg",
        "given": "Jan",
        "non-dropping-particle": "van der",
    }
    assert _names("Ludwig van Beethoven")[0]["non-dropping-particle"] == "van"
    assert _names("King, Martin Luther, Jr.")[0]["suffix"] == "Jr."
    assert _names("Martin Luther King, Jr.")[0] == {
        "family": "King",
        "given": "Martin Luther",
        "suffix": "Jr.",
    }


@pytest.mark.parametrize(
    "text", ["Latonero et al.,", "Dupont, J. et coll.", "Müller, H. u. a.", "Pérez, J. y otros"]
)
def test_et_al_in_several_languages(text: str) -> None:
    """ "et al.", "et coll.", "u. a.", "y otros" end the list and are not names."""
    read = parse_name_text(text)
    assert read.et_al
    assert len(read.names) == 1


@pytest.mark.parametrize(
    "text",
    [
        "United Nations Office on Drugs and Crime",
        "Alzheimer Scotland",
        "BBC",
        "Bundesministerium für Gesundheit",
        "Ministry of Interior and Administration",
    ],
)
def test_organisations_are_one_literal_name(text: str) -> None:
    """An organisation is one literal, even with "and" in it."""
    assert _names(text) == [{"literal": text}]


def test_people_named_after_countries_stay_people() -> None:
    """A given name that is also a country ("Georgia Smith") does not make an organisation."""
    assert _names("Georgia Smith") == [{"family": "Smith", "given": "Georgia"}]


def test_every_token_lands_in_exactly_one_group() -> None:
    """The groups of a run cover its tokens once each, in order (the span view loses nothing)."""
    tokens = tokenize("Smith, J., Doe, J. et al. (eds.)")
    groups = parse_name_run(tokens).groups
    assert [t for g in groups for t in g] == tokens


def test_three_capitals_in_a_vancouver_list_are_initials() -> None:
    """ "Lopes DAN" among "Family AB" names is D. A. N. Lopes, not an organisation."""
    from refkit.refparse import parse_reference
    from tests.refparse.realworld import csl_of

    item = csl_of(
        parse_reference(
            "Moreau JT, Silva PB, Lopes DAN. Regional survey of rainfall. Water Res. 2001;12:33-9."
        )
    )
    assert item["author"][2] == {"family": "Lopes", "given": "D. A. N."}
