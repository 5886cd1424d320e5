"""Near misses that fool a title matcher, tried against the strict one.

Where a real record shows the case, the record is read from the recordings in
``../shared/data/registry-recordings``: a correction notice that repeats its article's
title and authors (ACS, 2024), an eight-author paper whose Chinese names a bibliography
may write family name first.  The other records are built in code, each after the
registry record it imitates, and say so.
"""

from __future__ import annotations

import functools

import pytest

from refkit.bib.io import loads
from refkit.lookup.compare import compare
from refkit.lookup.matching import TitleAgreement, best_match, judge, same_person, title_agreement
from refkit.lookup.normalize import half_of, same_container, same_pages, whole_family
from refkit.lookup.records import Person, Record, Source, Update, UpdateKind, WorkKind
from refkit.lookup.reference import Reference, reference_of
from refkit.lookup.sources.crossref import parse_work
from tests.lookup.registry import RECORDINGS, cassette

pytestmark = pytest.mark.skipif(not RECORDINGS.is_dir(), reason="../shared is not present")

#: Crossref's works of NSF-funded research (recorded by habanero): among them a
#: correction notice, "Correction to Enhanced Gas Uptake during α-Pinene Ozonolysis ...".
NSF_WORKS = "test-funders/test_funders_mixed_ids_works_warn"
#: Crossref's works in the journal Engineering (recorded by habanero).
ENGINEERING_WORKS = "test-funders/test_funders_field_queries"
CORRECTION = "10.1021/acsearthspacechem.4c00298"
GEOMETRIC = "10.1016/j.eng.2019.09.010"


@functools.lru_cache(maxsize=4)
def _works(name: str) -> dict[str, Record]:
    found: dict[str, Record] = {}
    for recording in cassette(name):
        try:
            message = recording.json()["message"]
        except (ValueError, KeyError, TypeError):
            continue
        for item in message.get("items", []) if isinstance(message, dict) else []:
            found[item["DOI"].lower()] = parse_work(item)
    return found


def _reference(text: str) -> Reference:
    return reference_of(loads(text).entries[0])


def _people(*families: str) -> tuple[Person, ...]:
    return tuple(Person(family) for family in families)


# -- a notice repeats its work's title -------------------------------------------------


ORIGINAL = """@article{vanderwall2024,
  title = {Enhanced Gas Uptake during {$\\alpha$}-Pinene Ozonolysis Points to a Burying
           Mechanism},
  author = {Vander Wall, Allison C. and Wingen, Lisa M. and Perraud, V{\\'e}ronique and
            Zhao, Yue and Finlayson-Pitts, Barbara J.},
  journal = {ACS Earth Space Chem.}, year = {2024}}"""


def test_a_correction_notice_with_the_articles_title_and_authors_is_not_the_article() -> None:
    """Crossref's real record of the correction has the article's five authors, its year
    and its title after "Correction to": a title-and-author matcher takes it for the
    article and proposes the correction's DOI."""
    correction = _works(NSF_WORKS)[CORRECTION]
    assert correction.title.startswith("Correction to Enhanced Gas Uptake")
    verdict = judge(_reference(ORIGINAL), correction)
    assert not verdict.accepted
    assert "the title differs" in verdict.reasons


def test_a_citation_of_the_correction_itself_still_matches_it() -> None:
    correction = _works(NSF_WORKS)[CORRECTION]
    entry = ORIGINAL.replace("title = {Enhanced", "title = {Correction to Enhanced")
    assert judge(_reference(entry), correction).accepted


@pytest.mark.parametrize(
    "notice",
    [
        "Erratum to: The structure of ordinary water in the liquid state",
        "Corrigendum to “The structure of ordinary water in the liquid state” [Science 169 (1970)]",
        "Author Correction: The structure of ordinary water in the liquid state",
        "Retraction Note: The structure of ordinary water in the liquid state",
        "Expression of Concern: The structure of ordinary water in the liquid state",
        "Reply to: The structure of ordinary water in the liquid state",
        "Comment on “The structure of ordinary water in the liquid state”",
        "Book Review: The structure of ordinary water in the liquid state",
        "Data from: The structure of ordinary water in the liquid state",
        "Figure 2 from The structure of ordinary water in the liquid state",
    ],
)
def test_notices_comments_and_reviews_of_a_work_are_other_works(notice: str) -> None:
    """The prefixes publishers give errata, retraction notes, replies and reviews (the
    forms of Springer, Elsevier, Nature and ACS titles), and repositories the data and
    figures of a paper (Dryad, figshare)."""
    record = Record(Source.CROSSREF, "u", title=notice)
    assert (
        title_agreement("The structure of ordinary water in the liquid state", record)
        is TitleAgreement.DIFFERENT
    )


@pytest.mark.parametrize(
    "title",
    ["Correction of refractive errors in children", "Response of maize to drought stress"],
)
def test_titles_that_merely_begin_with_such_a_word_are_compared_as_usual(title: str) -> None:
    assert title_agreement(title, Record(Source.CROSSREF, "u", title=title)) is TitleAgreement.EXACT


def test_a_new_version_of_itself_is_not_a_notice() -> None:
    """PLoS deposits ``update-to`` "New version" naming the article's own DOI (the real
    record of 10.1371/journal.ppat.1006930): the article is still the article."""
    record = _works("test-prefixes/test_prefixes_field_queries")["10.1371/journal.ppat.1006930"]
    assert record.updates
    entry = _reference(
        f"@article{{r, title = {{{record.title}}}, author = {{Rocamora, Fernando}},"
        f" year = {{{record.year}}}}}"
    )
    assert judge(entry, record).accepted


def test_a_record_that_is_a_notice_about_another_work_is_never_the_work() -> None:
    """A record with Crossref's ``update-to`` (built in code: a correction notice that
    repeats the article's title, as some publishers deposit them)."""
    notice = Record(
        Source.CROSSREF,
        "https://doi.org/10.1/notice",
        title="The structure of ordinary water in the liquid state",
        authors=_people("Frank"),
        year=1971,
        kind=WorkKind.ARTICLE,
        updates=(Update(UpdateKind.CORRECTION, "10.1/article", "Correction"),),
    )
    entry = _reference(
        "@article{f, title = {The structure of ordinary water in the liquid state},"
        " author = {Frank, Henry S.}, year = {1970}}"
    )
    verdict = judge(entry, notice)
    assert not verdict.accepted
    assert "it is a notice about another work" in verdict.reasons


# -- titles -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("local", "remote", "expected"),
    [
        # A main title agrees only where the other title's subtitle begins.
        (
            "Attention is all you need",
            "Attention is all you need in speech separation",
            TitleAgreement.DIFFERENT,
        ),
        (
            "Attention is all you need",
            "Attention is all you need: a study",
            TitleAgreement.MAIN_TITLE,
        ),
        (
            "The structure of ordinary water",
            "The structure of ordinary water — new data",
            TitleAgreement.MAIN_TITLE,
        ),
        # A part, volume or number is another work, however close the rest.
        (
            "Statistical mechanics of complex networks, part I",
            "Statistical mechanics of complex networks, part II",
            TitleAgreement.DIFFERENT,
        ),
        (
            "Results of the ocean drilling programme, leg 113",
            "Results of the ocean drilling programme, leg 114",
            TitleAgreement.DIFFERENT,
        ),
        (
            "Statistical mechanics of complex networks",
            "Statistical mechanics of complex networks: Part II",
            TitleAgreement.DIFFERENT,
        ),
        # Greek letters as written in LaTeX, as words and as registries give them.
        (
            "Enhanced gas uptake during $\\alpha$-pinene ozonolysis",
            "Enhanced Gas Uptake during α-Pinene Ozonolysis",
            TitleAgreement.EXACT,
        ),
        (
            "Enhanced gas uptake during alpha-pinene ozonolysis",
            "Enhanced Gas Uptake during α-Pinene Ozonolysis",
            TitleAgreement.EXACT,
        ),
        (
            "An $\\mathcal{O}(n)$ algorithm for trees",
            "An O(n) algorithm for trees",
            TitleAgreement.EXACT,
        ),
    ],
)
def test_title_near_misses(local: str, remote: str, expected: TitleAgreement) -> None:
    record = Record(Source.CROSSREF, "u", title=remote)
    assert title_agreement(local, record) is expected


def test_a_latex_title_from_an_entry_agrees_with_the_registrys_unicode() -> None:
    """The entry's ``{$\\alpha$}`` (kept as math by the LaTeX decoder) and Crossref's α."""
    correction = _works(NSF_WORKS)[CORRECTION]
    entry = _reference(ORIGINAL.replace("title = {Enhanced", "title = {Correction to Enhanced"))
    assert title_agreement(entry.title, correction) is TitleAgreement.EXACT


# -- people -----------------------------------------------------------------------------


def test_a_short_title_needs_more_than_one_shared_co_author() -> None:
    """Goodfellow, Bengio and Courville's book *Deep Learning* (2016) is not LeCun, Bengio
    and Hinton's Nature review "Deep learning" (2015), though an ``@misc`` entry for the
    book shares the title, one author and (within one) the year with the review.  The
    record is built in code after Crossref's 10.1038/nature14539."""
    review = Record(
        Source.CROSSREF,
        "https://doi.org/10.1038/nature14539",
        title="Deep learning",
        authors=_people("LeCun", "Bengio", "Hinton"),
        year=2015,
        containers=("Nature",),
        kind=WorkKind.ARTICLE,
    )
    book = _reference(
        "@misc{goodfellow2016, title = {Deep Learning}, author = {Goodfellow, Ian and"
        " Bengio, Yoshua and Courville, Aaron}, year = {2016}, publisher = {MIT Press}}"
    )
    verdict = judge(book, review)
    assert not verdict.accepted
    assert "only Bengio of the authors is the same" in verdict.reasons
    lecun = _reference(
        "@misc{lecun2015, title = {Deep learning}, author = {LeCun, Yann and Bengio, Yoshua"
        " and Hinton, Geoffrey}, year = {2015}}"
    )
    assert judge(lecun, review).accepted


def test_a_long_title_needs_only_one_shared_author() -> None:
    """A distinctive title and year with one right author is the work, described wrongly
    (the wrong names are RK1002's business), not a missing record."""
    record = _works(ENGINEERING_WORKS)[GEOMETRIC]
    entry = _reference(
        "@article{x, title = {A Geometric Understanding of Deep Learning},"
        " author = {Smith, John and Yau, Shing-Tung}, year = {2020}}"
    )
    assert judge(entry, record).accepted


def test_chinese_names_written_family_name_first_are_the_same_people() -> None:
    """``Lei Na`` without a comma is given name "Lei", family name "Na" to BibTeX; the
    real Crossref record has family "Lei", given "Na".  Both orders of the whole name
    are compared, so the paper matches and no author is reported missing."""
    record = _works(ENGINEERING_WORKS)[GEOMETRIC]
    entry = _reference(
        "@article{lei2020, title = {A Geometric Understanding of Deep Learning},"
        " author = {Lei Na and An Dongsheng and Guo Yang and Su Kehua and Liu Shixia and"
        " Luo Zhongxuan and Yau, Shing-Tung and Gu Xianfeng}, journal = {Engineering},"
        " year = {2020}, volume = {6}, number = {3}, pages = {361--374}}"
    )
    assert judge(entry, record).accepted
    assert compare(entry, record) == []


@pytest.mark.parametrize(
    ("local", "remote"),
    [
        (Person("王伟"), Person("王", "伟")),
        (Person("Wei", "Wang"), Person("Wang", "Wei")),
        (Person("Müller", "K."), Person("Mueller", "Klaus")),
        (Person("Sørensen", "S. P. L."), Person("Soerensen", "Søren")),
        (Person("van der Berg", "A."), Person("Berg", "Anna")),
        (Person("d'Alembert", "Jean"), Person("Alembert", "J.")),
        (Person("Ortega y Gasset", "José"), Person("Ortega", "J.")),
        (Person("Al Hasan", "Naila M."), Person("Hasan", "N. M.")),
    ],
)
def test_the_same_person_written_differently(local: Person, remote: Person) -> None:
    assert same_person(local, remote)


@pytest.mark.parametrize(
    ("local", "remote"),
    [
        (Person("Li", "Wei"), Person("Wei", "Wang")),
        (Person("Wang", "Wei"), Person("Wei", "Li")),
        (Person("World Health Organization"), Person("Health Canada")),
        (Person("DataCite Metadata Working Group"), Person("ISO Working Group")),
        (Person("Smith-Jones"), Person("Jones-Brown")),
        # Crossref's Neeta Pandit-Taskar (10.1016/j.eng... listing) and Arka Pandit.
        (Person("Pandit-Taskar", "Neeta"), Person("Pandit", "Arka")),
    ],
)
def test_different_people_and_organisations_are_told_apart(local: Person, remote: Person) -> None:
    assert not same_person(local, remote)


def test_a_double_barrelled_name_still_agrees_with_either_half() -> None:
    assert half_of("García Márquez", "García")
    assert whole_family("Gutiérrez-Preciado", "Gutierrez Preciado")
    assert same_person(Person("García Márquez", "Gabriel"), Person("García", "G."))
    assert same_person(Person("García Márquez"), Person("García", "Gabriel"))


# -- versions and venues ------------------------------------------------------------


def _siffer(kind: WorkKind, venue: str, year: int, doi: str) -> Record:
    """DBLP's records of Siffer et al.: the KDD 2017 paper, and a journal version (the
    shape of a TKDD record, built in code)."""
    return Record(
        Source.DBLP,
        f"https://doi.org/{doi}",
        title="Anomaly Detection in Streams with Extreme Value Theory",
        authors=_people("Siffer", "Fouque", "Termier", "Largouët"),
        year=year,
        containers=(venue,),
        kind=kind,
        doi=doi,
    )


def test_a_conference_paper_is_not_matched_to_its_journal_version() -> None:
    """Same title and authors, a year apart, a journal article in another venue: the
    entry cites the KDD paper, whose DOI must not be taken from the journal version."""
    entry = _reference(
        "@inproceedings{siffer2017, title = {Anomaly Detection in Streams with Extreme"
        " Value Theory}, author = {Siffer, Alban and Fouque, Pierre-Alain}, booktitle ="
        " {Proceedings of the 23rd {ACM} {SIGKDD} International Conference on Knowledge"
        " Discovery and Data Mining}, year = {2017}}"
    )
    journal = _siffer(
        WorkKind.ARTICLE, "ACM Transactions on Knowledge Discovery from Data", 2018, "10.1/tkdd"
    )
    verdict = judge(entry, journal)
    assert not verdict.accepted
    assert "it is a journal article in another venue" in verdict.reasons
    paper = _siffer(WorkKind.PAPER, "KDD", 2017, "10.1145/3097983.3098144")
    outcome = best_match(entry, [journal, paper])
    assert outcome.best is paper


def test_a_conference_paper_published_in_a_journal_issue_still_matches() -> None:
    """Proceedings that appear as journal issues (PACMPL, PVLDB): a journal article
    matches a conference paper when the venues agree, or when the year is the same."""
    journal = _siffer(
        WorkKind.ARTICLE, "Proceedings of the ACM on Knowledge Discovery and Data", 2018, "10.1/p"
    )
    by_venue = _reference(
        "@inproceedings{x, title = {Anomaly Detection in Streams with Extreme Value Theory},"
        " author = {Siffer, Alban}, booktitle = {Proc. ACM Knowl. Discov. Data}, year = {2017}}"
    )
    assert judge(by_venue, journal).accepted
    by_year = _reference(
        "@inproceedings{x, title = {Anomaly Detection in Streams with Extreme Value Theory},"
        " author = {Siffer, Alban}, booktitle = {KDD}, year = {2018}}"
    )
    assert judge(by_year, journal).accepted


def test_a_short_title_in_another_venue_is_another_work() -> None:
    """ "Introduction" by the same person in the same year, in another book."""
    record = Record(
        Source.CROSSREF,
        "u",
        title="Introduction",
        authors=_people("Smith"),
        year=2020,
        containers=("Handbook of Coastal Ecology",),
        kind=WorkKind.CHAPTER,
    )
    entry = _reference(
        "@incollection{x, title = {Introduction}, author = {Smith, Jane}, year = {2020},"
        " booktitle = {Methods in Soil Science}}"
    )
    verdict = judge(entry, record)
    assert not verdict.accepted
    assert "the title is short and the venue differs" in verdict.reasons


@pytest.mark.parametrize(
    ("short", "full"),
    [
        (
            "Proc. R. Soc. A",
            "Proceedings of the Royal Society A: Mathematical, Physical and Engineering Sciences",
        ),
        ("Z. Phys.", "Zeitschrift für Physik"),
        ("ACS Earth Space Chem.", "ACS Earth and Space Chemistry"),
        ("Proc Natl Acad Sci USA", "Proc. Natl. Acad. Sci. U.S.A."),
    ],
)
def test_iso4_abbreviations_of_journals_with_subtitles_and_foreign_names(
    short: str, full: str
) -> None:
    assert same_container(short, [full])


@pytest.mark.parametrize(
    ("local", "remote", "agree"),
    [
        ("e33693", "33693", True),
        ("33693", "e33693", True),
        ("1006-12", "1006-1012", True),
        ("1006-12", "1006-1021", False),
        ("e33693", "e33694", False),
    ],
)
def test_page_ranges_and_article_numbers(local: str, remote: str, agree: bool) -> None:
    assert same_pages(local, remote) is agree


def test_pages_agree_with_the_article_number_when_the_record_gives_both() -> None:
    """A record with ``page`` 1-10 and ``article-number`` e33693: either may be cited."""
    record = Record(
        Source.CROSSREF,
        "u",
        title="A study of the effects of things on other things",
        authors=_people("Smith"),
        year=2012,
        pages="1-10",
        article_number="e33693",
        kind=WorkKind.ARTICLE,
    )
    entry = _reference(
        "@article{x, title = {A study of the effects of things on other things},"
        " author = {Smith, J.}, year = {2012}, pages = {e33693}}"
    )
    assert compare(entry, record) == []
