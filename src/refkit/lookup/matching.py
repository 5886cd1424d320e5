"""When is a registry record the work an entry cites?

Identifiers come first: a DOI, arXiv id or ISBN names one record, and the question is
only whether it names the work the entry describes (``same_work``).  Without an
identifier a bibliographic search proposes candidates, and a candidate is accepted only
when *all* of these agree (``judge``):

- the title: the normalised titles (folded case and accents, LaTeX decoded, markup and
  punctuation dropped, ``&`` read as ``and``, Greek letters read as their names) are
  equal; or one is the other's main title, before a subtitle (a colon, a dash, a
  question mark), the shared part being at least ``SHORT_TITLE`` characters and the
  subtitle not a part or volume number; or, for titles of at least ``SHORT_TITLE``
  characters with the same numbers in them, difflib's similarity is at least
  ``TITLE_SIMILARITY`` (a typo, British spelling).  A title that names a work about
  another (``Erratum to: ...``, ``Correction to ...``, ``Reply to: ...``, ``Book review:
  ...``) agrees only with another such title;
- the people: at least ``MIN_SHARED_FAMILIES`` of the entry's authors (or editors) is
  among the record's, forgiving particles, spelt-out umlauts, a name written family
  name first (``Lei Na`` for Na Lei) and half of a double-barrelled name when the
  initials agree (``same_person``).  A title of fewer than
  ``GENERIC_TITLE_WORDS`` words ("Deep learning", "Introduction") says little, so it
  needs the first author, or half of the shorter list of authors, to agree, and, where
  both name one, the venue;
- the year: within ``YEAR_TOLERANCE`` of one of the record's years (print, online,
  issue), for online-first publication.  A record of a work with all its editions
  (Open Library's search) gives its first publication: any year from one before it on
  is an edition or a reprint, an earlier one is another work;
- the kind: a talk is not a paper, a journal article is not its preprint, a paper is not
  a peer review of it (``compatible``), and a notice about another work (Crossref's
  ``update-to``) is never the work.  A conference paper and a journal article may be
  one work (proceedings published as journal issues: PACMPL, PVLDB), but only in the
  same year or the same venue: otherwise the journal article is a later version.

A title alone never decides: the same title by other authors, the same authors in
another year, a talk of the same name, an erratum that repeats its article's title and
authors are all rejected, and the rejection says why.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from refkit.lookup.normalize import (
    family_key,
    half_of,
    is_derivative,
    main_titles,
    names_listed,
    normal_title,
    numbering,
    same_container,
    same_venue,
    title_similarity,
    whole_family,
    words,
)
from refkit.lookup.records import Person, Record, UpdateKind, WorkKind
from refkit.lookup.reference import Reference

#: difflib similarity two long titles need to count as the same title.
TITLE_SIMILARITY = 0.92
#: Titles (normalised) shorter than this must be equal; so must a main title that is
#: all two titles share.
SHORT_TITLE = 20
#: Titles of fewer words than this are generic: they need more agreement besides.
GENERIC_TITLE_WORDS = 5
#: A record's year may differ by this much (online first, then in an issue).
YEAR_TOLERANCE = 1
#: Family names the entry and the record must share.
MIN_SHARED_FAMILIES = 1
#: Accepted candidates closer than this in score are ambiguous: no identifier is proposed.
AMBIGUITY_MARGIN = 0.05

#: Which kinds of record an entry of each kind may be (symmetric where it matters).
_COMPATIBLE: dict[WorkKind, frozenset[WorkKind]] = {
    WorkKind.ARTICLE: frozenset({WorkKind.ARTICLE, WorkKind.PAPER}),
    WorkKind.PAPER: frozenset({WorkKind.PAPER, WorkKind.CHAPTER, WorkKind.ARTICLE}),
    WorkKind.CHAPTER: frozenset({WorkKind.CHAPTER, WorkKind.PAPER}),
    WorkKind.BOOK: frozenset({WorkKind.BOOK, WorkKind.PROCEEDINGS, WorkKind.THESIS}),
    WorkKind.PROCEEDINGS: frozenset({WorkKind.PROCEEDINGS, WorkKind.BOOK}),
    WorkKind.THESIS: frozenset({WorkKind.THESIS, WorkKind.BOOK}),
    WorkKind.REPORT: frozenset({WorkKind.REPORT, WorkKind.BOOK, WorkKind.PREPRINT}),
    WorkKind.PREPRINT: frozenset({WorkKind.PREPRINT, WorkKind.REPORT}),
    WorkKind.DATASET: frozenset({WorkKind.DATASET, WorkKind.SOFTWARE}),
    WorkKind.SOFTWARE: frozenset({WorkKind.SOFTWARE, WorkKind.DATASET}),
    WorkKind.TALK: frozenset({WorkKind.TALK}),
}
#: Record kinds that are never what an entry of another kind cites.
_SPECIAL = frozenset({WorkKind.REVIEW, WorkKind.COMPONENT, WorkKind.NOTICE, WorkKind.TALK})
#: Kinds whose container is a venue with many spellings (conference names).
VENUE_KINDS = frozenset({WorkKind.PAPER, WorkKind.CHAPTER, WorkKind.PROCEEDINGS})
_VERSIONS = frozenset({WorkKind.PAPER, WorkKind.ARTICLE})


class TitleAgreement(enum.Enum):
    """How an entry's title agrees with a record's (the rules of the module docstring)."""

    EXACT = "exact"
    MAIN_TITLE = "main title"
    CLOSE = "close"
    DIFFERENT = "different"

    @property
    def agrees(self) -> bool:
        return self is not TitleAgreement.DIFFERENT


def _main_title_of(shorter: str, longer_text: str, longer: str) -> bool:
    """Whether ``shorter`` is the main title of the title ``longer_text``, whose subtitle
    is not the number of a part (``Statistical mechanics ...: Part II``)."""
    if len(shorter) < SHORT_TITLE or shorter not in main_titles(longer_text):
        return False
    rest = longer[len(shorter) :]
    return not any(not token.isdigit() for token in numbering(rest))


def title_agreement(local: str, record: Record) -> TitleAgreement:
    mine = normal_title(local)
    texts = [text for text in dict.fromkeys((record.full_title, record.title)) if text]
    if not mine or not texts or not any(normal_title(text) for text in texts):
        return TitleAgreement.DIFFERENT
    if is_derivative(local) != is_derivative(record.full_title):
        return TitleAgreement.DIFFERENT
    candidates = [(text, normal_title(text)) for text in texts]
    squeezed = mine.replace(" ", "")
    if any(mine == theirs or squeezed == theirs.replace(" ", "") for _, theirs in candidates):
        return TitleAgreement.EXACT
    for text, theirs in candidates:
        if _main_title_of(theirs, local, mine) or _main_title_of(mine, text, theirs):
            return TitleAgreement.MAIN_TITLE
    for text, theirs in candidates:
        if (
            len(mine) >= SHORT_TITLE
            and numbering(mine) == numbering(theirs)
            and title_similarity(local, text) >= TITLE_SIMILARITY
        ):
            return TitleAgreement.CLOSE
    return TitleAgreement.DIFFERENT


def same_person(local: Person, remote: Person) -> bool:
    """Whether two people are one: the same family name (``whole_family``); half of a
    double-barrelled one with the same initial, where both give one (Gabriel García
    Márquez is G. García, Neeta Pandit-Taskar is not Arka Pandit); or the same whole name
    in either order (``Lei Na`` read by BibTeX as given name Lei, family name Na, is
    Crossref's family Lei, given Na; ``王伟`` is family 王, given 伟)."""
    if whole_family(local.family, remote.family):
        return True
    if half_of(local.family, remote.family):
        initials = {word[0] for word in (words(local.given)[:1] + words(remote.given)[:1])}
        return len(initials) <= 1

    def orders(person: Person) -> set[str]:
        return {
            family_key(f"{person.given} {person.family}"),
            family_key(f"{person.family} {person.given}"),
        }

    return bool(orders(local) & orders(remote) - {""})


def shared_people(local: Sequence[Person], remote: Sequence[Person]) -> list[str]:
    """The family names of the entry's people whom the record lists too."""
    return [
        person.family for person in local if any(same_person(person, other) for other in remote)
    ]


def year_distance(year: int | None, record: Record) -> int | None:
    years = record.all_years
    if year is None or not years:
        return None
    if record.editions and year >= min(years):
        return 0
    if min(years) <= year <= max(years):
        return 0
    return min(abs(year - other) for other in years)


def compatible(entry: WorkKind, record: WorkKind) -> bool:
    """Whether an entry of one kind may cite a record of another."""
    if entry is WorkKind.TALK:
        return record in (WorkKind.TALK, WorkKind.OTHER)
    if record in _SPECIAL:
        return entry is record or (entry is WorkKind.OTHER and record is WorkKind.TALK)
    if entry is WorkKind.OTHER or record is WorkKind.OTHER:
        return True
    return record in _COMPATIBLE.get(entry, frozenset({entry}))


def is_notice(record: Record) -> bool:
    """Whether the record is a notice about another work (Crossref's ``update-to`` a
    retraction, correction or the like; PLoS's "new version" of itself is not)."""
    return any(
        update.kind is not UpdateKind.OTHER and update.doi != record.doi
        for update in record.updates
    )


def venue_agrees(reference: Reference, record: Record) -> bool:
    """The entry's journal or proceedings names the record's (conference names leniently)."""
    if record.kind in VENUE_KINDS or reference.kind in VENUE_KINDS:
        return same_venue(reference.container, record.containers)
    return same_container(reference.container, record.containers)


def _people_reason(reference: Reference, people: Sequence[Person], generic: bool) -> str | None:
    shared = shared_people(reference.people, people)
    if len(shared) < MIN_SHARED_FAMILIES:
        return "none of the authors is the same" if people else "it lists no authors"
    if not generic or same_person(reference.people[0], people[0]):
        return None
    if 2 * len(shared) >= min(len(reference.people), len(people)):
        return None
    return f"only {names_listed(shared)} of the authors is the same"


def _year_reason(reference: Reference, record: Record, distance: int | None) -> str | None:
    if distance is None:
        return "it has no year"
    if distance <= YEAR_TOLERANCE:
        return None
    if record.editions:
        return f"it was first published in {min(record.all_years)}"
    return f"its year {record.year} is {distance} years off"


def _kind_reason(reference: Reference, record: Record) -> str | None:
    if not compatible(reference.kind, record.kind):
        return f"it is a {record.kind.value}, not a {reference.kind.value}"
    if is_notice(record) and not is_derivative(reference.title):
        return "it is a notice about another work"
    if (
        {reference.kind, record.kind} == _VERSIONS
        and reference.kind is not record.kind
        and reference.container
        and record.containers
        and reference.year != record.year
        and not same_container(reference.container, record.containers)
    ):
        return f"it is a {record.kind.value} in another venue"
    return None


@dataclass(frozen=True)
class Judgement:
    """A candidate record, accepted or not, with the reasons and a score to rank by."""

    record: Record
    accepted: bool
    reasons: tuple[str, ...]
    score: float


def judge(reference: Reference, record: Record) -> Judgement:
    """Whether a search result is the work the entry cites (the strict test above)."""
    reasons: list[str] = []
    title = title_agreement(reference.title, record)
    if not title.agrees:
        reasons.append("the title differs")
    generic = len(normal_title(reference.title).split()) < GENERIC_TITLE_WORDS
    people = record.authors or record.editors
    distance = year_distance(reference.year, record)
    for reason in (
        _people_reason(reference, people, generic),
        _year_reason(reference, record, distance),
        _kind_reason(reference, record),
    ):
        if reason is not None:
            reasons.append(reason)
    venue_known = bool(reference.container and record.containers)
    if generic and venue_known and not venue_agrees(reference, record):
        reasons.append("the title is short and the venue differs")
    shared = shared_people(reference.people, people)
    score = title_similarity(reference.title, record.full_title)
    if people and reference.people:
        score += 0.5 * len(shared) / max(len(reference.people), len(people))
        if same_person(reference.people[0], people[0]):
            score += 0.2
    if distance == 0:
        score += 0.3
    if reference.container and same_container(reference.container, record.containers):
        score += 0.3
    if reference.kind is record.kind:
        score += 0.1
    return Judgement(record, not reasons, tuple(reasons), score)


@dataclass(frozen=True)
class SearchOutcome:
    """The accepted candidates, best first, and the closest one rejected."""

    accepted: tuple[Judgement, ...]
    closest: Judgement | None

    @property
    def best(self) -> Record | None:
        return self.accepted[0].record if self.accepted else None

    @property
    def ambiguous(self) -> bool:
        """Two accepted candidates with different identifiers and nearly equal scores."""
        if len(self.accepted) < 2:
            return False
        first, second = self.accepted[0], self.accepted[1]
        different = first.record.identifier != second.record.identifier
        return different and first.score - second.score < AMBIGUITY_MARGIN


def best_match(reference: Reference, candidates: Sequence[Record]) -> SearchOutcome:
    judgements = sorted(
        (judge(reference, record) for record in candidates), key=lambda item: -item.score
    )
    accepted = tuple(item for item in judgements if item.accepted)
    rejected = [item for item in judgements if not item.accepted]
    # The closest rejection worth showing is one whose title agrees: "a record with this
    # title exists, by other people" is what a reader checking for an invented
    # reference wants to see.
    titled = [item for item in rejected if "the title differs" not in item.reasons]
    pool = titled or rejected
    return SearchOutcome(accepted, pool[0] if pool else None)


def same_work(reference: Reference, record: Record) -> bool:
    """Whether the record an identifier names is the work the entry describes.

    A wrong title with the right people and year is the right work described wrongly; a
    wrong title with other people, or in a year far off, is another work (a DOI copied
    from the wrong line, or invented).
    """
    if not reference.title.strip():
        return True
    if title_agreement(reference.title, record).agrees:
        return True
    people = record.authors or record.editors
    if not reference.people or not people:
        return False
    shared = shared_people(reference.people, people)
    distance = year_distance(reference.year, record)
    near = distance is None or distance <= YEAR_TOLERANCE
    return len(shared) >= MIN_SHARED_FAMILIES and near


def family_list(people: Sequence[Person]) -> list[str]:
    return [person.family for person in people if family_key(person.family)]

