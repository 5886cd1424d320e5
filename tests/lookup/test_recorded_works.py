"""Over every work in the recorded Crossref answers: an entry written from the record is
accepted, and its near misses (other authors, three years later, another work's title,
its erratum, its correction) are rejected.

The entries are built from the records themselves, so this measures the rules, not a
parser; it is a property of the strict test on real registry data (444 works of every
kind refkit searches for, from habanero's cassettes).
"""

from __future__ import annotations

import functools
import random

import pytest

from refkit.bib.io import loads
from refkit.cite.latex_text import latex_escape
from refkit.lookup.matching import judge
from refkit.lookup.records import Person, Record, WorkKind
from refkit.lookup.reference import Reference, reference_of
from refkit.lookup.sources.crossref import parse_work
from tests.lookup.registry import RECORDINGS, cassette

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not RECORDINGS.is_dir(), reason="../shared is not present"),
]
_TYPES = {
    WorkKind.ARTICLE: "article",
    WorkKind.PAPER: "inproceedings",
    WorkKind.CHAPTER: "incollection",
    WorkKind.BOOK: "book",
    WorkKind.REPORT: "techreport",
}


@functools.lru_cache(maxsize=1)
def _records() -> tuple[Record, ...]:
    found: dict[str, Record] = {}
    for path in sorted((RECORDINGS / "habanero").rglob("*.yaml")):
        for recording in cassette(str(path.relative_to(RECORDINGS / "habanero"))[:-5]):
            try:
                message = recording.json()["message"]
            except (ValueError, KeyError, TypeError):
                continue
            items = message.get("items", [message]) if isinstance(message, dict) else []
            for item in items:
                if not isinstance(item, dict) or "DOI" not in item or not item.get("author"):
                    continue
                record = parse_work(item)
                if record.title and record.year and record.kind in _TYPES:
                    found[str(record.doi)] = record
    return tuple(found.values())


def _entry(
    record: Record,
    *,
    title: str | None = None,
    authors: tuple[Person, ...] | None = None,
    year: int | None = None,
) -> Reference:
    people = record.authors if authors is None else authors
    names = " and ".join(
        f"{{{person.family}}}, {person.given}" if person.given else f"{{{person.family}}}"
        for person in people
    )
    text = (
        f"@{_TYPES[record.kind]}{{x, title = {{{latex_escape(title or record.full_title)}}},"
        f" author = {{{names}}}, year = {{{year or record.year}}}}}"
    )
    return reference_of(loads(text).entries[0])


def test_every_recorded_work_accepts_its_own_entry() -> None:
    records = _records()
    assert len(records) > 400
    rejected = [record.doi for record in records if not judge(_entry(record), record).accepted]
    assert rejected == []


def test_every_recorded_work_rejects_its_near_misses() -> None:
    records = _records()
    chooser = random.Random(1)
    accepted: list[tuple[str, str | None]] = []
    for record in records:
        other = chooser.choice([item for item in records if item is not record])
        families = {person.family for person in record.authors}
        strangers = other.authors
        if families & {person.family for person in strangers}:
            strangers = (Person("Nobody", "A."),)
        misses = {
            "other authors": _entry(record, authors=strangers),
            "three years later": _entry(record, year=max(record.all_years) + 3),
            "another work's title": _entry(record, title=other.full_title),
            "its erratum": _entry(record, title=f"Erratum to: {record.full_title}"),
            "its correction": _entry(record, title=f"Correction to {record.full_title}"),
        }
        for label, entry in misses.items():
            if judge(entry, record).accepted and not _is_notice_title(record):
                accepted.append((label, record.doi))
    assert accepted == []


def _is_notice_title(record: Record) -> bool:
    """A recorded correction notice is itself "Correction to ...": its erratum's title
    is one notice about another and may match it."""
    return record.full_title.lower().startswith(("correction", "erratum"))
