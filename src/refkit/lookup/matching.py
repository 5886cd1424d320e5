"""When is a registry record the work an entry cites?

Identifiers come first: a DOI, arXiv id or ISBN names one record, and the question is
only whether it names the work the entry describes (``same_work``).  Without an
identifier a bibliographic search proposes candidates, and a candidate is accepted only
when *all* of these agree (``judge``):

- the title: the normalised titles (folded case and accents, LaTeX decoded, markup and
  punctuation dropped, ``&`` read as ``and``) are equal; or one is the other's main title
  before a subtitle, the shared part being at least ``SHORT_TITLE`` characters; or, for
  titles of at least ``SHORT_TITLE`` characters, difflib's similarity is at least
  ``TITLE_SIMILARITY`` (a typo, British spelling);
- the people: at least ``MIN_SHARED_FAMILIES`` family name of the entry's authors (or
  editors) is among the record's, forgiving particles and double-barrelled names;
- the year: within ``YEAR_TOLERANCE`` of one of the record's years (print, online, issue),
  for online-first publication;
- the kind: a talk is not a paper, a journal article is not its preprint, a paper is not
  a peer review of it (``compatible``).

A title alone never decides: the same title by other authors, the same authors in
another year, a talk of the same name are all rejected, and the rejection says why.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from refkit.lookup.normalize import (
    family_key,
    normal_title,
    same_container,
    same_family,
    title_similarity,
)
from refkit.lookup.records import Person, Record, WorkKind
from refkit.lookup.reference import Reference

#: difflib similarity two long titles need to count as the same title.
TITLE_SIMILARITY = 0.92
#: Titles (normalised) shorter than this must be equal; so must a main title that is
#: all two titles share.
SHORT_TITLE = 20
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


class TitleAgreement(enum.Enum):
    EXACT = "exact"
    MAIN_TITLE = "main title"
    CLOSE = "close"
    DIFFERENT = "different"

    @property
    def agrees(self) -> bool:
        return self is not TitleAgreement.DIFFERENT


def title_agreement(local: str, record: Record) -> TitleAgreement:
    mine = normal_title(local)
    candidates = [normal_title(record.full_title), normal_title(record.title)]
    if not mine or not any(candidates):
        return TitleAgreement.DIFFERENT
    if mine in candidates or mine.replace(" ", "") in [c.replace(" ", "") for c in candidates]:
        return TitleAgreement.EXACT
    for theirs in candidates:
        if not theirs:
            continue
        shorter, longer = sorted((mine, theirs), key=len)
        if len(shorter) >= SHORT_TITLE and longer.startswith(shorter + " "):
            return TitleAgreement.MAIN_TITLE
    best = max(title_similarity(local, title) for title in (record.full_title, record.title))
    if len(mine) >= SHORT_TITLE and best >= TITLE_SIMILARITY:
        return TitleAgreement.CLOSE
    return TitleAgreement.DIFFERENT


def shared_families(local: Sequence[Person], remote: Sequence[Person]) -> list[str]:
    """The entry's family names that the record lists too."""
    return [
        person.family
        for person in local
        if any(same_family(person.family, other.family) for other in remote)
    ]


def year_distance(year: int | None, record: Record) -> int | None:
    years = record.all_years
    if year is None or not years:
        return None
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
    people = record.authors or record.editors
    shared = shared_families(reference.people, people)
    if len(shared) < MIN_SHARED_FAMILIES:
        reasons.append("none of the authors is the same" if people else "it lists no authors")
    distance = year_distance(reference.year, record)
    if distance is None:
        reasons.append("it has no year")
    elif distance > YEAR_TOLERANCE:
        reasons.append(f"its year {record.year} is {distance} years off")
    if not compatible(reference.kind, record.kind):
        reasons.append(f"it is a {record.kind.value}, not a {reference.kind.value}")
    score = title_similarity(reference.title, record.full_title)
    if people and reference.people:
        score += 0.5 * len(shared) / max(len(reference.people), len(people))
        if same_family(reference.people[0].family, people[0].family):
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
    shared = shared_families(reference.people, people)
    distance = year_distance(reference.year, record)
    near = distance is None or distance <= YEAR_TOLERANCE
    return len(shared) >= MIN_SHARED_FAMILIES and near


def family_list(people: Sequence[Person]) -> list[str]:
    return [person.family for person in people if family_key(person.family)]
