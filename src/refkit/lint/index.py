"""Fast access for rules: each entry's field digest and each check's search index.

``refkit check`` runs some forty rules over files of 60,000 entries; each rule walking
every field of every entry in Python would cost more than parsing.  Two shared caches
keep the rules cheap: the fields of an entry by lower-case name (built once per
unedited entry and kept on it), and the entries whose source text matches a pattern
(one regex pass over the file's text per pattern).  The search index belongs to one
check (its ``CheckContext``) and is dropped with it, so edits between checks (the fix
loop) never see stale data.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, KeysView, Sequence
from sys import intern

from refkit.bib.model import Bibliography, Entry, Field
from refkit.lint.context import CheckContext

__all__ = [
    "EntryDigest",
    "digest_of",
    "entries_with",
    "entry_digest",
    "entry_fields",
    "file_field_names",
    "file_memo",
    "has_repeated_fields",
    "may_contain",
    "may_match",
    "plain_value",
    "prefetch_needles",
    "remember_field_names",
    "source_pieces",
    "used_field_names",
]


def plain_value(field: Field) -> str:
    """The raw value without its delimiters, computed cheaply for the common cases.

    Equal to ``field.value`` but avoids re-scanning simple braced or quoted values.
    """
    raw = field.raw
    if "#" not in raw and len(raw) >= 2:
        first = raw[0]
        if (first == "{" and raw[-1] == "}") or (first == '"' and raw[-1] == '"'):
            return raw[1:-1]
    return field.value


class EntryDigest:
    """What several rules want to know about an entry's fields, read in one pass.

    Behaves as a small read-only mapping from lower-case field name to the first field
    of that name.  Built from the fields' names and raw text; a ``Field`` object is made
    only when a rule asks for that field (most of a large file's fields are never
    asked for by name).
    """

    __slots__ = (
        "_bare",
        "_index",
        "_slots",
        "empty",
        "repeated",
        "spaced",
        "special",
    )

    def __init__(self, entry: Entry) -> None:
        written, raws = entry.field_texts()
        first: dict[str, int] = {}
        spaced: list[str] = []
        special: list[str] = []
        bare: list[int] = []
        empty = False
        for position, raw in enumerate(raws):
            key = intern(written[position].lower())
            if key not in first:
                first[key] = position
            if "  " in raw:
                spaced.append(key)
            if "&" in raw or "%" in raw or "_" in raw or "#" in raw:
                special.append(key)
            if raw[:1] not in _DELIMITERS or "#" in raw:
                bare.append(position)
            elif len(raw) <= 8 and not raw.strip(_BLANK):
                empty = True
        self._slots = entry.field_slots()
        #: Where the first field of each (lower-case) name is.
        self._index = first
        #: Whether a name occurs twice (case-insensitively).
        self.repeated = len(first) != len(raws)
        #: Names of fields whose raw value holds two spaces in a row.
        self.spaced = tuple(spaced)
        #: Names of fields whose raw value holds one of ``& % _ #``.
        self.special = tuple(special)
        self._bare = tuple(bare)
        #: Whether a braced or quoted value is empty (``{}``, ``""``, ``{ }``).
        self.empty = empty

    @property
    def names(self) -> tuple[str, ...]:
        """Lower-case names of the fields, first occurrences, in order."""
        return tuple(self._index)

    @property
    def fields(self) -> tuple[Field, ...]:
        """The first field of each name, parallel to ``names``."""
        slots = self._slots
        return tuple(slots[position] for position in self._index.values())

    @property
    def bare(self) -> tuple[Field, ...]:
        """Fields whose value is not one braced or quoted string (macros, numbers, ``#``)."""
        slots = self._slots
        return tuple(slots[position] for position in self._bare)

    def get(self, name: str) -> Field | None:
        """The first field called ``name`` (lower case), or None."""
        position = self._index.get(name)
        if position is None:
            return None
        # The slot list is read directly: this runs a quarter of a million times a file.
        return self._slots.items[position] or self._slots[position]

    def __getitem__(self, name: str) -> Field:
        return self._slots[self._index[name]]

    def __contains__(self, name: object) -> bool:
        return name in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def keys(self) -> KeysView[str]:
        return self._index.keys()

    def items(self) -> Iterator[tuple[str, Field]]:
        return zip(self.names, self.fields, strict=True)


_DELIMITERS = ("{", '"')
_BLANK = '{}" \t\r\n'


class _FileIndex:
    """Per-bibliography caches shared by the rules of one check."""

    __slots__ = ("digests", "edited", "memo", "offsets", "triggers")

    def __init__(self) -> None:
        #: Digests of edited entries by ``id``: rules never edit, so within one check an
        #: edited entry's digest holds (the fix engine's re-checks ask for thousands).
        self.digests: dict[int, EntryDigest] = {}
        #: The text of each edited entry as it now reads, and lower-cased (see ``_edited``).
        self.edited: dict[int, tuple[str, str]] = {}
        self.offsets: (
            tuple[list[int], list[int], list[Entry], list[tuple[int, Entry]]] | None
        ) = None
        self.triggers: dict[re.Pattern[str] | tuple[str, ...], tuple[set[int], set[int]]] = {}
        self.memo: dict[str, object] = {}


def _index(context: CheckContext) -> _FileIndex:
    """The caches of one check, kept in its context's scratch space."""
    found = context.scratch.get("index")
    if not isinstance(found, _FileIndex):
        found = _FileIndex()
        context.scratch["index"] = found
    return found


def entry_digest(context: CheckContext, entry: Entry) -> EntryDigest:
    """The digest of an entry's fields, kept on the entry while it is unedited.

    Some forty rules ask for it per entry; a lookup in a per-check table cost more than
    the rules' own work, and an unedited entry's fields never change.
    """
    found = entry.analysis
    if found.__class__ is EntryDigest and not entry.is_modified:
        return found
    if not entry.is_modified:
        return digest_of(entry)
    digests = _index(context).digests
    made = digests.get(id(entry))
    if made is None:
        made = digests[id(entry)] = EntryDigest(entry)
    return made


def digest_of(entry: Entry) -> EntryDigest:
    """``entry_digest`` for callers without a check context (the engine's set-up)."""
    found = entry.analysis
    if isinstance(found, EntryDigest) and not entry.is_modified:
        return found
    digest = EntryDigest(entry)
    if not entry.is_modified:
        entry.analysis = digest
    return digest


def used_field_names(entries: Iterable[Entry]) -> set[str]:
    """Every lower-case field name of the entries, from their digests (which every check
    builds anyway, so reading the names first costs one set update per entry)."""
    names: set[str] = set()
    for entry in entries:
        names.update(digest_of(entry)._index)
    return names


#: The first field of each lower-case name in an entry: the digest, read as a mapping.
entry_fields = entry_digest


def has_repeated_fields(context: CheckContext, entry: Entry) -> bool:
    """Whether a field name occurs twice in the entry (case-insensitively)."""
    return entry_digest(context, entry).repeated


def file_field_names(context: CheckContext) -> set[str]:
    """Every (lower-case) field name used in the checked file, read once per check."""
    memo = _index(context).memo
    found = memo.get("field-names")
    if not isinstance(found, set):
        found = memo["field-names"] = used_field_names(context.bibliography.entries)
    return found


def remember_field_names(context: CheckContext, names: set[str]) -> None:
    """Hand ``file_field_names`` the names the engine already read for the data model."""
    _index(context).memo["field-names"] = names


def file_memo(context: CheckContext) -> dict[str, object]:
    """A per-check dictionary for results several rules share."""
    return _index(context).memo


def may_match(context: CheckContext, entry: Entry, pattern: re.Pattern[str]) -> bool:
    """Whether the entry's text may contain ``pattern`` (a cheap, exact-or-over prefilter).

    The file's source text is searched once per pattern; an edited entry's fields are
    searched as they now read.
    Patterns should start with a literal character, which ``re`` scans for quickly.
    """
    if entry.is_modified:
        return _edited_matches(context, entry, pattern)
    return id(entry) in _trigger_hits(context, pattern)[0]


def may_contain(context: CheckContext, entry: Entry, needles: tuple[str, ...]) -> bool:
    """Whether the entry's text may contain one of the lower-case ``needles``, ignoring case.

    Each needle is looked for once per file with ``str.find`` in the lower-cased text.
    """
    if entry.is_modified:
        return _edited_matches(context, entry, needles)
    return id(entry) in _trigger_hits(context, needles)[0]


def entries_with(
    context: CheckContext, trigger: re.Pattern[str] | tuple[str, ...]
) -> list[tuple[int, Entry]]:
    """The entries (with block index) whose text may match a pattern or contain a needle.

    Edited entries are included when their fields, as they now read, match.  Lets a
    rule visit only the few entries that can concern it instead of being called for
    every entry.
    """
    hits, positions = _trigger_hits(context, trigger)
    index = _index(context)
    bibliography = context.bibliography
    assert index.offsets is not None
    found = [
        pair
        for pair in (index.offsets[3][position] for position in sorted(positions))
        if not pair[1].is_modified or _edited_matches(context, pair[1], trigger)
    ]
    edited = [
        (block_index, entry)
        for block_index, entry in bibliography.indexed_entries()
        if entry.is_modified
        and id(entry) not in hits
        and _edited_matches(context, entry, trigger)
    ]
    return sorted(found + edited, key=lambda pair: pair[0]) if edited else found


def _edited(context: CheckContext, entry: Entry) -> tuple[str, str]:
    """An edited entry's type, key, field names and values as they now are, and the same
    lower-cased: what a trigger is searched in instead of the stale source text.

    The fix engine's re-checks meet thousands of edited entries; searching each one's
    fields keeps the rules' prefilters working for them (a pattern or needle that occurs
    in a field occurs here too, so no finding is lost).
    """
    edited = _index(context).edited
    found = edited.get(id(entry))
    if found is None:
        names, raws = entry.field_texts()
        body = ",\n  ".join(f"{name} = {raw}" for name, raw in zip(names, raws, strict=True))
        text = f"@{entry.type_as_written}{{{entry.key},\n  {body}\n}}"
        found = edited[id(entry)] = (text, text.lower())
    return found


def _edited_matches(
    context: CheckContext, entry: Entry, trigger: re.Pattern[str] | tuple[str, ...]
) -> bool:
    text, lowered = _edited(context, entry)
    if isinstance(trigger, tuple):
        return any(needle in lowered for needle in trigger)
    return trigger.search(text) is not None


def _trigger_hits(
    context: CheckContext, trigger: re.Pattern[str] | tuple[str, ...]
) -> tuple[set[int], set[int]]:
    index = _index(context)
    bibliography = context.bibliography
    found = index.triggers.get(trigger)
    if found is None:
        if isinstance(trigger, tuple):
            offsets: Iterable[int] = _find_all_lowered(bibliography, trigger)
        else:
            offsets = (match.start() for match in trigger.finditer(bibliography.source.text))
        found = index.triggers[trigger] = _hits(bibliography, index, offsets)
    return found


#: Characters per piece of a file searched case-insensitively: lower-casing a whole
#: 3 MB file would add a copy of it to the check's peak memory.
PIECE_SIZE = 1 << 17


def source_pieces(bibliography: Bibliography, size: int = PIECE_SIZE) -> Iterator[tuple[int, str]]:
    """The source text as ``(offset, piece)`` pairs of about ``size`` characters.

    Pieces are cut only where an entry starts, so no field value is ever split: a search
    of the pieces finds exactly what a search of each entry's text would.
    """
    text = bibliography.source.text
    begin = 0
    for entry in bibliography.entries:
        bounds = entry.offsets
        if bounds is not None and bounds[0] - begin >= size:
            yield begin, text[begin : bounds[0]]
            begin = bounds[0]
    yield begin, text[begin:]


def _find_all_lowered(bibliography: Bibliography, needles: tuple[str, ...]) -> Iterator[int]:
    return iter(_find_lowered(bibliography, (needles,))[0])


def _find_lowered(
    bibliography: Bibliography, groups: Sequence[tuple[str, ...]]
) -> list[list[int]]:
    """Offsets of the lower-case needles of each group, every piece lowered only once."""
    found: list[list[int]] = [[] for _ in groups]
    for begin, piece in source_pieces(bibliography):
        lowered = piece.lower()
        # Lower-casing may change lengths (İ); keep offsets exact by falling back.
        if len(lowered) != len(piece):
            lowered = piece
        for offsets, needles in zip(found, groups, strict=True):
            for needle in needles:
                position = lowered.find(needle)
                while position >= 0:
                    offsets.append(begin + position)
                    position = lowered.find(needle, position + 1)
    return found


def prefetch_needles(context: CheckContext, groups: Iterable[tuple[str, ...]]) -> None:
    """Find several rules' needles (``entries_with`` tuples) in one pass over the file.

    The engine calls it with the needles of the selected rules; each later
    ``entries_with``/``may_contain`` call for one of them is then a look-up.
    """
    index = _index(context)
    wanted = [group for group in dict.fromkeys(groups) if group not in index.triggers]
    if not wanted:
        return
    bibliography = context.bibliography
    for group, offsets in zip(wanted, _find_lowered(bibliography, wanted), strict=True):
        index.triggers[group] = _hits(bibliography, index, offsets)


def _hits(
    bibliography: Bibliography, index: _FileIndex, offsets: Iterable[int]
) -> tuple[set[int], set[int]]:
    if index.offsets is None:
        starts: list[int] = []
        ends: list[int] = []
        entries: list[Entry] = []
        pairs: list[tuple[int, Entry]] = []
        for block_index, entry in bibliography.indexed_entries():
            bounds = entry.offsets
            if bounds is None:
                continue
            starts.append(bounds[0])
            ends.append(bounds[1])
            entries.append(entry)
            pairs.append((block_index, entry))
        index.offsets = (starts, ends, entries, pairs)
    starts, ends, entries, _ = index.offsets
    hits: set[int] = set()
    positions: set[int] = set()
    for offset in offsets:
        where = bisect.bisect_right(starts, offset) - 1
        if where >= 0 and offset < ends[where]:
            hits.add(id(entries[where]))
            positions.add(where)
    return hits, positions
