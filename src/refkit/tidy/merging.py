"""Merging duplicate entries, conservatively: only the same work twice, never look-alikes.

The project has one definition of a duplicate, RK701's
(``refkit.lint.rules.crossentry.duplicate_pairs``), applied here across all the files
given; an entry whose RK701 is silenced (``% refkit: ignore RK701 -- reason``) is not
merged.  Merge is stricter on top, since it removes entries where RK701 only asks: of
the pairs RK701 reports, two entries are merged when, and only when:

- they have the same DOI (case and resolver prefix aside) and their titles, where both
  have one, are not clearly different (a chapter carrying its book's DOI is not its
  book); or
- their titles are equal once case, accents, braces and punctuation are set aside, their
  years are equal, and their authors (or editors) have the same family names in the same
  order (a list cut short by ``and others`` agrees with its longer form);

and, in both cases, neither points at the other (``crossref``, ``xdata``, ``related``),
their types agree (``@misc`` and ``@online`` agree with any), and no identifier (DOI,
ISBN, eprint, PMID), edition, volume, number, pages or chapter conflicts.  Near-equal
titles are never enough: RK701 reports those for a person to judge.  (So a pair merge
would take that RK701 does not report, such as two entries of a title too short to
compare, "Erratum", is not merged either: check and merge never disagree on what is
a duplicate.)

The first entry of a group (in file order, files in the order given) keeps its key and
position; the others are removed.  Fields only a duplicate has are added to it.  A field
the entries give different values is a conflict, resolved by the strategy (``first``,
``last``, ``most-complete``: the longest value) or by the caller's chooser, and always
reported with the values that lost.
"""

from __future__ import annotations

import difflib
import enum
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from refkit.bib.model import Bibliography, Entry
from refkit.lint.checking import suppressions
from refkit.lint.index import plain_value
from refkit.lint.rules.crossentry import DuplicateEntry, duplicate_pairs
from refkit.lint.rules.identifiers import bare_doi
from refkit.tidy.keys import fold_ascii
from refkit.tidy.meaning import value_meaning

__all__ = [
    "Conflict",
    "DuplicateGroup",
    "MergeResult",
    "MergeStrategy",
    "find_duplicates",
    "merge_duplicates",
]

_NOT_ALNUM = re.compile(r"[\W_]+")
_NUMBERS = re.compile(r"\d+|[ivxlcdm]+\b", re.IGNORECASE)
_AND = re.compile(r"(?<!\s)\s+and\s+", re.IGNORECASE)
_IDENTIFIERS = ("doi", "isbn", "eprint", "pmid", "arxivid")
_DETAILS = ("edition", "volume", "number", "pages", "chapter")
_LINKS = ("crossref", "xdata", "xref", "related")
_ANY_TYPE = frozenset({"misc", "online", "electronic", "www"})
_TITLES_APART = 0.9


class MergeStrategy(enum.Enum):
    """Which value a conflicting field keeps."""

    FIRST = "first"
    LAST = "last"
    MOST_COMPLETE = "most-complete"


@dataclass(frozen=True)
class Conflict:
    """A field the duplicates give different values: who had what, and what was kept."""

    survivor: str
    field: str
    #: ``(key, raw value)`` for each entry that has the field, in group order.
    values: tuple[tuple[str, str], ...]
    chosen: int

    @property
    def kept(self) -> str:
        return self.values[self.chosen][1]


@dataclass(frozen=True)
class DuplicateGroup:
    """Entries that are one work, the first kept; and why they were matched."""

    entries: tuple[tuple[Bibliography, Entry], ...]
    reason: str

    @property
    def survivor(self) -> Entry:
        return self.entries[0][1]


@dataclass
class MergeResult:
    groups: list[DuplicateGroup] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    #: ``(removed key, surviving key, file of the removed entry)``.
    removed: list[tuple[str, str, str | None]] = field(default_factory=list)


def _text(entry: Entry, name: str) -> str:
    item = entry.field(name)
    return item.text if item is not None else ""


def _normal(text: str) -> str:
    return _NOT_ALNUM.sub("", fold_ascii(text).casefold())


def _families(entry: Entry) -> list[str]:
    for name in ("author", "editor"):
        item = entry.field(name)
        if item is None:
            continue
        found = []
        for person in item.names:
            if person.is_others:
                found.append("others")
            else:
                found.append(_normal(person.literal if person.literal is not None else person.last))
        return found
    return []


def _authors_agree(one: list[str], two: list[str]) -> bool:
    if one == two:
        return bool(one)
    short, long = (one, two) if len(one) < len(two) else (two, one)
    return bool(short) and short[-1] == "others" and long[: len(short) - 1] == short[:-1]


def _detail(entry: Entry, name: str) -> str | None:
    item = entry.field(name)
    if item is None:
        return None
    value = plain_value(item)
    if name == "doi":
        return bare_doi(value).lower()
    if name == "isbn":
        return re.sub(r"[^0-9Xx]", "", value).upper()
    if name in ("pages", "edition", "volume", "number", "chapter"):
        numbers = _NUMBERS.findall(value)
        return " ".join(number.lower() for number in numbers) if numbers else _normal(value)
    return _normal(value)


@dataclass
class _Work:
    bibliography: Bibliography
    entry: Entry
    block_index: int
    title: str
    year: str
    families: list[str]
    links: str

    @classmethod
    def of(cls, bibliography: Bibliography, entry: Entry, block_index: int) -> _Work:
        year = re.search(r"\d{4}", _text(entry, "year") or _text(entry, "date"))
        links = " ".join(_text(entry, name).lower() for name in _LINKS)
        return cls(
            bibliography,
            entry,
            block_index,
            _normal(_text(entry, "title")),
            year.group() if year else "",
            _families(entry),
            links,
        )


def _compatible(one: _Work, two: _Work) -> bool:
    """No reason to think two matched entries are different works."""
    first, second = one.entry, two.entry
    if first.type != second.type and not {first.type, second.type} & _ANY_TYPE:
        return False
    if (one.links and second.key.lower() in one.links.split()) or (
        two.links and first.key.lower() in two.links.split()
    ):
        return False
    for name in (*_IDENTIFIERS, *_DETAILS):
        left, right = _detail(first, name), _detail(second, name)
        if left is not None and right is not None and left != right:
            return False
    if one.year and two.year and one.year != two.year:
        return False
    if one.families and two.families and not _authors_agree(one.families, two.families):
        return False
    if one.title and two.title and one.title != two.title:
        ratio = difflib.SequenceMatcher(None, one.title, two.title, autojunk=False).ratio()
        if ratio < _TITLES_APART:
            return False
    return True


def _same_by_title(one: _Work, two: _Work) -> bool:
    return (
        bool(one.title)
        and one.title == two.title
        and bool(one.year)
        and one.year == two.year
        and _authors_agree(one.families, two.families)
    )


def _candidates(works: Sequence[_Work]) -> dict[int, int]:
    """The component of each entry that RK701 pairs with another (``duplicate_pairs``:
    the project's one definition of a duplicate), unless its RK701 is silenced by a
    ``% refkit: ignore RK701`` comment; entries in no pair are absent."""
    silenced: dict[int, dict[int, set[str] | None]] = {}
    for work in works:
        if id(work.bibliography) not in silenced:
            silenced[id(work.bibliography)] = suppressions(work.bibliography)
    parent = list(range(len(works)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    paired: set[int] = set()
    for pair in duplicate_pairs((index, work.entry) for index, work in enumerate(works)):
        later = works[pair.index]
        codes = silenced[id(later.bibliography)].get(later.block_index, set())
        if codes is None or DuplicateEntry.code in codes:
            continue
        parent[root(pair.index)] = root(pair.earlier_index)
        paired.update((pair.index, pair.earlier_index))
    return {index: root(index) for index in paired}


def find_duplicates(bibliographies: Sequence[Bibliography]) -> list[DuplicateGroup]:
    """The groups of entries that are the same work: those RK701 reports as duplicates
    (``refkit.lint.rules.crossentry.duplicate_pairs``, across all the files) that also
    pass the stricter policy above."""
    works = [
        _Work.of(bibliography, entry, index)
        for bibliography in bibliographies
        for index, entry in bibliography.indexed_entries()
        if entry.type not in ("xdata", "set")
    ]
    component = _candidates(works)
    by_doi: dict[tuple[int, str], list[int]] = defaultdict(list)
    by_title: dict[tuple[int, str, str], list[int]] = defaultdict(list)
    for index, work in enumerate(works):
        if index not in component:
            continue
        doi = _detail(work.entry, "doi")
        if doi and doi.startswith("10."):
            by_doi[(component[index], doi)].append(index)
        if work.title and work.year:
            by_title[(component[index], work.title, work.year)].append(index)
    group_of: dict[int, int] = {}
    groups: list[tuple[list[int], str]] = []
    passes: tuple[tuple[dict[Any, list[int]], str, bool], ...] = (
        (by_doi, "same DOI", False),
        (by_title, "same title, year and authors", True),
    )
    for bucket, reason, by_title_rule in passes:
        for indexes in bucket.values():
            if len(indexes) < 2:
                continue
            candidates: list[int] = []
            for index in indexes:
                known = group_of.get(index)
                if known is not None:
                    if known not in candidates:
                        candidates.append(known)
                    continue
                work = works[index]
                for target in candidates:
                    if all(
                        _compatible(works[member], work)
                        and (not by_title_rule or _same_by_title(works[member], work))
                        for member in groups[target][0]
                    ):
                        groups[target][0].append(index)
                        group_of[index] = target
                        break
                else:
                    group_of[index] = len(groups)
                    candidates.append(len(groups))
                    groups.append(([index], reason))
        for members, _ in groups:
            if len(members) == 1:  # a group of one stays free to join another
                del group_of[members[0]]
                members.clear()
    return [
        DuplicateGroup(
            tuple((works[i].bibliography, works[i].entry) for i in sorted(members)), reason
        )
        for members, reason in groups
        if len(members) > 1
    ]


Chooser = Callable[[str, str, Sequence[tuple[str, str]]], int]


def _choose(strategy: MergeStrategy, values: Sequence[tuple[str, str]]) -> int:
    if strategy is MergeStrategy.FIRST:
        return 0
    if strategy is MergeStrategy.LAST:
        return len(values) - 1
    lengths = [len(value) for _, value in values]
    return lengths.index(max(lengths))


def _first_values(entry: Entry) -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    names, raws = entry.field_texts()
    for name, raw in zip(names, raws, strict=True):
        found.setdefault(name.lower(), (name, raw))
    return found


def _with_field(group: DuplicateGroup, name: str) -> list[Entry]:
    return [entry for _, entry in group.entries if entry.field(name) is not None]


def _set_raw(entry: Entry, name: str, raw: str) -> None:
    names = [item.lower() for item in entry.field_texts()[0]]
    if name.lower() not in names:
        entry.set(name, "")
        names = [item.lower() for item in entry.field_texts()[0]]
    entry.set_raw_at(names.index(name.lower()), raw)


def merge_group(
    group: DuplicateGroup,
    strategy: MergeStrategy,
    chooser: Chooser | None = None,
) -> list[Conflict]:
    """Fold the group into its first entry (edited in place); the conflicts met."""
    survivor = group.survivor
    conflicts: list[Conflict] = []
    fields_of = [(entry.key, _first_values(entry)) for _, entry in group.entries]
    order: list[str] = []
    for _, values in fields_of:
        order.extend(name for name in values if name not in order)
    for name in order:
        present = [(key, values[name]) for key, values in fields_of if name in values]
        if name in _IDENTIFIERS or name in _DETAILS:
            # ``10.1/x`` and ``https://doi.org/10.1/X`` are one DOI, 1-10 and 1--10 one range
            distinct: set[object] = {_detail(entry, name) for entry in _with_field(group, name)}
        else:
            distinct = {value_meaning(raw, month=name == "month") for _, (_, raw) in present}
        current = fields_of[0][1].get(name)
        if len(distinct) == 1:
            if current is None:
                _set_raw(survivor, present[0][1][0], present[0][1][1])
            continue
        choices = tuple((key, raw) for key, (_, raw) in present)
        chosen = chooser(survivor.key, name, choices) if chooser else _choose(strategy, choices)
        conflicts.append(Conflict(survivor.key, name, choices, chosen))
        written_name = present[chosen][1][0] if current is None else current[0]
        if current is None or current[1] != choices[chosen][1]:
            _set_raw(survivor, written_name, choices[chosen][1])
    types = [entry.type for _, entry in group.entries]
    specific = [kind for kind in types if kind not in _ANY_TYPE]
    if survivor.type in _ANY_TYPE and specific:
        survivor.set_type(
            next(entry.type_as_written for _, entry in group.entries if entry.type == specific[0])
        )
    return conflicts


def merge_duplicates(
    bibliographies: Sequence[Bibliography],
    strategy: MergeStrategy = MergeStrategy.MOST_COMPLETE,
    *,
    chooser: Chooser | None = None,
    groups: Sequence[DuplicateGroup] | None = None,
) -> MergeResult:
    """Merge every duplicate group (editing the bibliographies in place)."""
    result = MergeResult(
        groups=list(groups if groups is not None else find_duplicates(bibliographies))
    )
    for group in result.groups:
        result.conflicts.extend(merge_group(group, strategy, chooser))
        for bibliography, entry in group.entries[1:]:
            bibliography.remove(entry)
            result.removed.append((entry.key, group.survivor.key, bibliography.path))
    return result
