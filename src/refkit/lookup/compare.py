"""Field by field: where an entry disagrees with the record it matched (RK1002).

One ``Difference`` per field, with both values.  The comparisons forgive what does not
change the meaning (``refkit.lookup.normalize``); given names are compared where a family
name agrees (``same_given``: initials for full names, middle names left out); a record
that says less than the entry (no pages, fewer authors, no issue) is never a
disagreement, so good local data is not reported as wrong because the registry has worse
data.  A fix is proposed only where the registry is the authority and the value is
complete: the year, volume, issue and a full page range.  Titles, names, venues,
publishers and types are for a person to decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from refkit.cite.latex_text import latex_escape
from refkit.lookup.matching import (
    TitleAgreement,
    compatible,
    family_list,
    same_person,
    title_agreement,
    venue_agrees,
    year_distance,
)
from refkit.lookup.normalize import (
    collapse,
    names_listed,
    page_range,
    same_given,
    same_number,
    same_pages,
    same_publisher,
    whole_family,
)
from refkit.lookup.records import Person, Record, WorkKind
from refkit.lookup.reference import Reference

#: Kinds whose publisher is worth comparing (a journal article's is the journal's).
_PUBLISHED_KINDS = frozenset(
    {WorkKind.BOOK, WorkKind.CHAPTER, WorkKind.PROCEEDINGS, WorkKind.REPORT, WorkKind.THESIS}
)


@dataclass(frozen=True)
class Difference:
    """One field that disagrees: the entry's value, the record's, and a proposed value."""

    field: str
    local: str
    remote: str
    detail: str = ""
    #: The value a fix would write (LaTeX), when the record is authoritative for it.
    proposed: str | None = None


def _given_conflicts(
    local: Sequence[Person], remote: Sequence[Person]
) -> list[tuple[Person, Person]]:
    """Pairs of one family name whose given names cannot be one person's (J. Smith for
    the record's K. Smith): each of the entry's people against the record's person of
    the same whole family name, in order (the first not yet paired)."""
    conflicts: list[tuple[Person, Person]] = []
    used: set[int] = set()
    for person in local:
        for index, other in enumerate(remote):
            if index in used or not whole_family(person.family, other.family):
                continue
            used.add(index)
            if not same_given(person.given, other.given):
                conflicts.append((person, other))
            break
    return conflicts


def _family_difference(mine: list[Person], theirs: list[Person], truncated: bool) -> str | None:
    """What is wrong with the family names of an author list (which, their order, how
    many), or None."""
    paired = min(len(mine), len(theirs))
    in_order = all(same_person(mine[index], theirs[index]) for index in range(paired))
    if in_order:
        if len(mine) < len(theirs) and not truncated:
            missing = names_listed(family_list(theirs[len(mine) :]))
            return f"the entry lists {len(mine)} of the record's {len(theirs)} (missing {missing})"
        # A record with fewer names than the entry is incomplete, not a sign of a mistake.
        return None
    unmatched = [one for one in mine if not any(same_person(one, other) for other in theirs)]
    absent = [one for one in theirs if not any(same_person(other, one) for other in mine)]
    if not unmatched and (not absent or truncated or len(mine) >= len(theirs)):
        return "the order differs"
    parts: list[str] = []
    if unmatched:
        parts.append(f"not in the record: {names_listed(family_list(unmatched))}")
    if absent and not truncated and len(mine) <= len(theirs):
        parts.append(f"missing: {names_listed(family_list(absent))}")
    return "; ".join(parts) or None


def _people_difference(
    field: str, local: tuple[Person, ...], remote: tuple[Person, ...], truncated: bool
) -> Difference | None:
    """What is wrong with an author list: family names (which, their order, how many)
    and, where a family name agrees, given names that cannot be the same person's."""
    mine = [person for person in local if family_list([person])]
    theirs = [person for person in remote if family_list([person])]
    if not mine or not theirs:
        return None
    families = _family_difference(mine, theirs, truncated)
    conflicts = _given_conflicts(mine, theirs)
    if families is None and not conflicts:
        return None
    if families is None:
        # The family names agree: the names that differ are the values shown.
        return Difference(
            field,
            names_listed([str(ours) for ours, _ in conflicts]),
            names_listed([str(other) for _, other in conflicts]),
            "the given names differ",
        )
    given = "the given names differ: " + names_listed(
        [f"{ours} (the record: {other})" for ours, other in conflicts]
    )
    detail = f"{families}; {given}" if conflicts else families
    return Difference(
        field, names_listed(family_list(local)), names_listed(family_list(remote)), detail
    )


def _number_value(value: str) -> str | None:
    text = value.strip()
    return text if text and len(text) <= 20 else None


def compare(reference: Reference, record: Record) -> list[Difference]:
    """The fields of the entry that disagree with the record, in field order."""
    found: list[Difference] = []
    agreement = title_agreement(reference.title, record)
    if (
        reference.title
        and record.title
        and agreement
        not in (
            TitleAgreement.EXACT,
            TitleAgreement.MAIN_TITLE,
        )
    ):
        found.append(Difference("title", reference.title, collapse(record.full_title)))
    people_field = "author" if reference.authors else "editor"
    remote_people = record.authors if reference.authors else (record.editors or record.authors)
    people = _people_difference(
        people_field, reference.people, remote_people, reference.authors_truncated
    )
    if people is not None:
        found.append(people)
    distance = year_distance(reference.year, record)
    if distance and record.year is not None and reference.year is not None:
        # A work with editions does not say which edition's year is right.
        authoritative = reference.year_field == "year" and not record.editions
        proposed = str(record.year) if authoritative else None
        years = ", ".join(str(year) for year in sorted(record.all_years))
        found.append(
            Difference(
                reference.year_field or "year",
                str(reference.year),
                str(record.year),
                f"the record gives {years}" if len(record.all_years) > 1 else "",
                proposed,
            )
        )
    found.extend(_container(reference, record))
    found.extend(_numbers(reference, record))
    if (
        reference.publisher
        and record.publisher
        and reference.kind in _PUBLISHED_KINDS
        and record.source.value != "arxiv"
        and not same_publisher(reference.publisher, record.publisher)
    ):
        found.append(Difference("publisher", reference.publisher, record.publisher))
    if (
        reference.kind is not WorkKind.OTHER
        and reference.kind is not WorkKind.PREPRINT
        and not compatible(reference.kind, record.kind)
    ):
        found.append(
            Difference(
                "type",
                f"@{reference.entry_type} ({reference.kind.value})",
                f"{record.type_name} ({record.kind.value})",
            )
        )
    return found


def _container(reference: Reference, record: Record) -> list[Difference]:
    if not reference.container or not record.containers or reference.is_preprint:
        return []
    if record.kind is WorkKind.PREPRINT or venue_agrees(reference, record):
        return []
    return [
        Difference(
            reference.container_field or "journal", reference.container, record.containers[0]
        )
    ]


def _numbers(reference: Reference, record: Record) -> list[Difference]:
    found: list[Difference] = []
    if reference.volume and record.volume and not same_number(reference.volume, record.volume):
        found.append(
            Difference(
                "volume", reference.volume, record.volume, proposed=_number_value(record.volume)
            )
        )
    if reference.number and record.issue and not same_number(reference.number, record.issue):
        found.append(
            Difference(
                "number", reference.number, record.issue, proposed=_number_value(record.issue)
            )
        )
    remote_pages = record.pages or record.article_number
    cited = [value for value in (record.pages, record.article_number) if value]
    if reference.pages and cited and not any(same_pages(reference.pages, v) for v in cited):
        pages = page_range(remote_pages)
        proposed = None
        if pages is not None and pages[1] is not None:
            proposed = latex_escape(f"{pages[0]}--{pages[1]}")
        elif pages is not None and record.article_number:
            proposed = latex_escape(pages[0])
        found.append(Difference("pages", reference.pages, remote_pages, proposed=proposed))
    return found
