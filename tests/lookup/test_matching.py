"""The strict matching rules and the tolerant comparisons, on records read from real
recorded answers and on the near misses a title-only matcher gets wrong."""

from __future__ import annotations

import dataclasses
import functools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refkit.bib.io import loads
from refkit.lookup import matching
from refkit.lookup.matching import (
    TitleAgreement,
    best_match,
    judge,
    same_person,
    same_work,
    title_agreement,
)
from refkit.lookup.normalize import (
    abbreviates,
    normal_title,
    same_container,
    same_given,
    same_pages,
    same_publisher,
    same_venue,
)
from refkit.lookup.records import Person, Record, Source, WorkKind
from refkit.lookup.reference import Reference, reference_of
from refkit.lookup.sources.crossref import parse_work
from tests.lookup.registry import RECORDINGS, recorded

pytestmark = pytest.mark.skipif(not RECORDINGS.is_dir(), reason="../shared is not present")


@functools.lru_cache(maxsize=1)
def _works() -> dict[str, Record]:
    listing = recorded("test-works/test_works_field_queries", "boettiger").json()
    return {item["DOI"].lower(): parse_work(item) for item in listing["message"]["items"]}


def _reference(text: str) -> Reference:
    return reference_of(loads(text).entries[0])


FORECAST = "10.1111/ele.14024"


def test_title_author_and_year_agreeing_is_a_match() -> None:
    record = _works()[FORECAST]
    verdict = judge(
        _reference(
            "@article{a, title = {The {Forecast} Trap}, author = {Carl Boettiger}, year = 2022}"
        ),
        record,
    )
    assert verdict.accepted
    assert verdict.reasons == ()


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        (
            "@article{a, title = {The forecast trap}, author = {Doe, Jane}, year = 2022}",
            "none of the authors is the same",
        ),
        (
            "@article{a, title = {The forecast trap}, author = {Boettiger, C.}, year = 2020}",
            "its year 2022 is 2 years off",
        ),
        ("@article{a, title = {The forecast trap}, author = {Boettiger, C.}}", "it has no year"),
        (
            "@misc{a, title = {The forecast trap}, author = {Boettiger, C.}, year = 2022,"
            " howpublished = {Keynote talk}}",
            "it is a journal article, not a talk",
        ),
        (
            "@article{a, title = {The forecast gap}, author = {Boettiger, C.}, year = 2022}",
            "the title differs",
        ),
    ],
)
def test_near_misses_are_rejected_with_the_reason(entry: str, reason: str) -> None:
    """Same title other authors; same authors other year; no year; a talk; a near title."""
    verdict = judge(_reference(entry), _works()[FORECAST])
    assert not verdict.accepted
    assert reason in verdict.reasons


def test_one_year_off_is_accepted_for_online_first() -> None:
    record = _works()[FORECAST]
    assert judge(
        _reference(
            "@article{a, title = {The forecast trap}, author = {Boettiger, C.}, year = 2023}"
        ),
        record,
    ).accepted


def test_an_article_entry_never_matches_its_preprint() -> None:
    works = _works()
    entry = _reference(
        "@article{a, title = {After the games are over: life-history trade-offs drive dispersal"
        " attenuation following range expansion}, author = {Perkins, T. Alex and Boettiger, Carl},"
        " year = 2016}"
    )
    outcome = best_match(entry, list(works.values()))
    assert outcome.best is not None
    assert outcome.best.doi == "10.1002/ece3.2314"
    preprint = judge(entry, works["10.1101/014852"])
    assert "it is a preprint, not a journal article" in preprint.reasons


def test_one_shared_family_name_is_the_documented_minimum() -> None:
    assert matching.MIN_SHARED_FAMILIES == 1
    record = _works()["10.1177/2053951719836258"]  # Sholler, Ram, Boettiger, Katz
    entry = _reference(
        "@article{a, title = {Enforcing public data archiving policies in academic publishing:"
        " A study of ecology journals}, author = {Katz, Daniel S. and Nobody, Anne}, year = 2019}"
    )
    assert judge(entry, record).accepted


def test_titles_with_registry_markup_and_entities_agree() -> None:
    """``<scp>T</scp>reebase: an<scp>R</scp>package`` and ``Big Data &amp; Society``."""
    works = _works()
    treebase = works["10.1111/j.2041-210x.2012.00247.x"]
    assert title_agreement(
        "Treebase: an R package for discovery, access and manipulation of online phylogenies",
        treebase,
    ).agrees
    assert same_container("Big Data & Society", works["10.1177/2053951719836258"].containers)


@pytest.mark.parametrize(
    ("local", "remote", "expected"),
    [
        ("Deep learning", "Deep learning", TitleAgreement.EXACT),
        ("DEEP {L}EARNING.", "Deep learning", TitleAgreement.EXACT),
        ("Deep learning", "Deep learning for dummies", TitleAgreement.DIFFERENT),
        ("Deep earning", "Deep learning", TitleAgreement.DIFFERENT),  # short titles: exact only
        (
            "The structure of ordinary water: new data and interpretations",
            "The structure of ordinary water",
            TitleAgreement.MAIN_TITLE,
        ),
        (
            "Behaviour of organised labour in the colonial economy",
            "Behavior of organized labor in the colonial economy",
            TitleAgreement.CLOSE,
        ),
    ],
)
def test_title_thresholds(local: str, remote: str, expected: TitleAgreement) -> None:
    record = Record(Source.CROSSREF, "https://doi.org/10.1/x", title=remote)
    assert title_agreement(local, record) is expected


def test_a_doi_naming_a_different_work_is_told_from_a_wrong_title() -> None:
    record = Record(
        Source.CROSSREF,
        "u",
        title="Early warning signals: the charted and uncharted territories",
        authors=(Person("Boettiger"), Person("Ross"), Person("Hastings")),
        year=2013,
    )
    typo = _reference(
        "@article{a, title = {Early warning signs}, author = {Boettiger, C.}, year = 2013}"
    )
    other = _reference(
        "@article{a, title = {Early warning signs}, author = {Scheffer, M.}, year = 2009}"
    )
    same_people_far_year = _reference(
        "@article{a, title = {Resilience}, author = {Boettiger, C.}, year = 2020}"
    )
    assert same_work(typo, record)
    assert not same_work(other, record)
    assert not same_work(same_people_far_year, record)


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("J. Orthop. Res.", "Journal of Orthopaedic Research"),
        ("Proc. Natl. Acad. Sci.", "Proceedings of the National Academy of Sciences"),
        ("Phys. Rev. Lett.", "Physical Review Letters"),
        ("Ecol. Lett.", "Ecology Letters"),
    ],
)
def test_journal_abbreviations_agree(short: str, full: str) -> None:
    assert abbreviates(short, full)
    assert same_container(short, [full])


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("Nature", "Nature Communications"),
        ("J. Res.", "Journal of Orthopaedic Research"),
        ("Ecology", "Ecology Letters"),
    ],
)
def test_other_journals_do_not(short: str, full: str) -> None:
    assert not same_container(short, [full])


def test_venue_acronyms_agree_both_ways() -> None:
    assert same_venue(
        "ICDCS Workshops",
        [
            "23rd International Conference on Distributed Computing Systems Workshops, 2003."
            " Proceedings."
        ],
    )
    assert same_venue(
        "Proceedings of the 23rd ACM SIGKDD International Conference on Knowledge Discovery"
        " and Data Mining",
        ["KDD"],
    )
    assert not same_venue(
        "Proceedings of NeurIPS", ["International Conference on Machine Learning"]
    )


@pytest.mark.parametrize(
    ("local", "remote", "agree"),
    [
        ("519--27", "519-527", True),
        ("519", "519-527", True),
        ("e33693", "e33693", True),
        ("pp. 588–602", "588-602", True),
        ("588--603", "588-602", False),
        ("12", "13", False),
    ],
)
def test_page_styles(local: str, remote: str, agree: bool) -> None:
    assert same_pages(local, remote) is agree


def test_family_names_forgive_particles_accents_and_double_barrels() -> None:
    assert same_person(Person("van der Berg"), Person("Berg"))
    assert same_person(Person("Largouët"), Person("Largouet"))
    assert same_person(Person("García Márquez"), Person("García"))
    assert not same_person(Person("Li"), Person("Lin"))


@pytest.mark.parametrize(
    ("local", "remote", "agree"),
    [
        ("J.", "John", True),
        ("R. J.", "Richard James", True),
        ("RJ", "Richard J.", True),
        ("J. R. R.", "John Ronald Reuel", True),
        ("Brooks", "Brooks B.", True),
        ("Alex", "T. Alex", True),
        ("Jean-Pierre", "J.-P.", True),
        ("Hyunju", "Hyun-Ju", True),
        ("Jürgen", "Juergen", True),
        ("Alexander", "Alex", True),
        ("Sergei", "Sergey", True),
        ("", "K.", True),
        ("J.", "K.", False),
        ("John", "James", False),
        ("Mark", "Mary", False),
        ("Carl", "Karl", False),
        ("Karen", "John K.", False),
        ("Shankar", "K.", False),
    ],
)
def test_given_names_forgive_initials_but_not_another_name(
    local: str, remote: str, agree: bool
) -> None:
    """Initials for full names, left-out middle names and spellings agree; another initial
    or another name does not, and it is symmetric."""
    assert same_given(local, remote) is agree
    assert same_given(remote, local) is agree


@given(st.lists(st.sampled_from(["John", "Ronald", "Reuel", "Amar", "Kumar", "Ju"]), min_size=1))
def test_a_given_name_agrees_with_its_initials(names: list[str]) -> None:
    """Property: full given names agree with their initials, and with the first alone."""
    full = " ".join(names)
    assert same_given(full, " ".join(f"{name[0]}." for name in names))
    assert same_given(full, names[0])


def test_publishers_agree_on_their_distinctive_words() -> None:
    assert same_publisher("The MIT Press", "MIT Press")
    assert same_publisher("Springer", "Springer Science and Business Media LLC")
    assert not same_publisher("Elsevier", "Wiley")


_LATIN = st.text(
    alphabet=st.characters(
        whitelist_categories=("Lu", "Ll", "Nd", "Zs", "Po"), max_codepoint=0x24F
    ),
    min_size=1,
    max_size=80,
).filter(lambda text: "<" not in text and ">" not in text)


@given(_LATIN)
def test_normal_titles_ignore_case_and_markup(title: str) -> None:
    """Property: case and a registry's markup around a title never change its normal form."""
    assert normal_title(title.upper()) == normal_title(title.lower())
    assert normal_title(f"<i>{title}</i>") == normal_title(title)


@given(
    st.lists(
        st.sampled_from(["Smith", "Jones", "Li", "García", "Müller"]),
        min_size=1,
        max_size=4,
        unique=True,
    )
)
def test_an_entry_always_matches_a_record_made_from_it(families: list[str]) -> None:
    """Property: a record with the entry's own title, people and year is accepted."""
    reference = Reference(
        key="k",
        entry_type="article",
        kind=WorkKind.ARTICLE,
        title="A study of the effects of things on other things",
        authors=tuple(Person(name) for name in families),
        year=2001,
    )
    record = Record(
        Source.CROSSREF,
        "u",
        title=reference.title,
        authors=reference.authors,
        year=2001,
        kind=WorkKind.ARTICLE,
    )
    assert judge(reference, record).accepted
    shuffled = dataclasses.replace(record, authors=tuple(reversed(record.authors)))
    assert judge(reference, shuffled).accepted
