"""Checking a file of any size through a bounded window of entries.

``stream_check(path, config)`` reports what ``check`` reports on the whole file (same
findings, same order), holding one chunk of text at a time.  It reads the file three
times, chunk by chunk (``refkit.lint.distributed``'s chunks, read from disk):

1. **facts**: the ``@string`` definitions, field names and entry types
   (``file_facts``), and where each macro is first defined;
2. **check**: each chunk's per-entry findings (``chunk_findings``), spooled to a
   temporary file, and for each entry a few hashed *signatures*, one per group an
   entry could share with another entry for a cross-entry rule: its folded key and
   the keys it names as parents (RK201, RK702, RK102), its DOI and its (year, first
   author) bucket (RK701), the name forms RK404 and RK607 compare.  A signature
   seen once cannot give a finding; one seen twice marks every entry holding it;
3. **cross**: the stubs (``chunk_stubs``) of the marked entries only, and the
   cross-entry rules run over them (``cross_findings``), one group of rules over the
   entries marked for that group.

Why the result is the same: every cross-entry rule compares entries only within
groups that share a signature (the same folded key, DOI, bucket, name form), and an
entry is marked whenever a signature of it is shared, so each rule sees every member
of every group that can give a finding, in file order, and nothing of a group that
cannot.  Two refinements keep the marked set small on large files, both proven
conservative:

- of a (year, first author) bucket, only the members whose titles *could* be
  near-equal: the duplicate rule compares an entry with the first 40 of its bucket
  by ``difflib``'s ratio, which never exceeds the ratio of their letter counts, so
  the stream keeps the letter counts (37 bytes per title) of those first 40 and
  marks each entry that could match one of them, with the ones it could match; the
  first 40 are all marked when a marked entry lies after them or shares a DOI, so
  the marked part of the bucket starts with the same 40 (``_Bucket``);
- for macros (RK703, RK704): every ``@string``, the first use of each macro name, and
  each use that is undefined or above its first definition.

Hashes are Python's, within one process (chunks read in one process); a collision
only marks more entries, never changes a finding.  Memory: one chunk, the facts, the
signatures (a few 8-byte numbers per entry), the first 40 titles of each bucket as
letter counts, and the stubs of the marked entries; findings are read back from the
spool in order, merged with the cross-entry ones.
"""

from __future__ import annotations

import codecs
import heapq
import os
import pickle
import tempfile
from array import array
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from refkit.bib.io import loads
from refkit.bib.model import MONTH_MACROS, Bibliography, Entry, Field, StringBlock
from refkit.bib.names import NAME_FIELDS
from refkit.core.diagnostics import Diagnostic, sorted_diagnostics
from refkit.lint.config import Config
from refkit.lint.distributed import (
    Chunk,
    CrossRecords,
    EntryStub,
    FileFacts,
    chunk_findings,
    chunk_stubs,
    cross_findings,
    facts_of,
    load_chunk,
    merge_file_facts,
    split_text,
)
from refkit.lint.index import digest_of, plain_value
from refkit.lint.rules.crossentry import (
    _LINK_NAMES,
    _MAX_BUCKET,
    _MIN_TITLE,
    _NEAR,
    _bare_parts,
    _first_family,
    _normal,
)
from refkit.lint.rules.identifiers import bare_doi
from refkit.lint.rules.names import (
    InconsistentNameSpelling,
    _normal_organisation,
    _Occurrence,
    acronym_of,
)
from refkit.lint.rules.text import _NAME_TOKEN_SPLIT, decode_accents

__all__ = ["NotStreamableError", "StreamedCheck", "read_chunks", "stream_check"]

#: Characters per chunk: the window of text held at a time.
STREAM_CHUNK_CHARS = 1 << 20
#: Bytes read from the file at a time.
READ_BYTES = 1 << 22

#: The groups of cross-entry rules, each run over the entries marked for it.
_KEYS = frozenset({"RK102", "RK201", "RK702"})
_DUPLICATES = frozenset({"RK701"})
_NAMES = frozenset({"RK404", "RK607"})
_MACROS = frozenset({"RK703", "RK704"})
_GROUPS = (_KEYS, _DUPLICATES, _NAMES, _MACROS)
_KEYS_BIT, _DUPLICATES_BIT, _NAMES_BIT, _MACROS_BIT = 1, 2, 4, 8
_BITS = (_KEYS_BIT, _DUPLICATES_BIT, _NAMES_BIT, _MACROS_BIT)

#: Signature kinds, in a signature's two low bits.
_KEY, _DOI, _BUCKET, _NAME = 0, 1, 2, 3
_KIND_BIT = {_KEY: _KEYS_BIT, _DOI: _DUPLICATES_BIT, _BUCKET: _DUPLICATES_BIT, _NAME: _NAMES_BIT}

_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
#: Letter counts at or above this may be capped: such a title is always a candidate.
_CAP = 255
#: Bytes per title in a bucket: its block number, its length, then its letter counts.
_RECORD = 8 + len(_ALPHABET) + 1

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


class NotStreamableError(Exception):
    """The file cannot be read in pieces (not UTF-8, a byte-order mark, NUL bytes):
    the caller checks it whole."""


def read_chunks(
    path: str,
    size: int = STREAM_CHUNK_CHARS,
    *,
    read_bytes: int = READ_BYTES,
    name: str | None = None,
) -> Iterator[Chunk]:
    """The file's chunks as ``split_text`` cuts them, read from disk a piece at a time.

    The file must be UTF-8 without a byte-order mark (``NotStreamableError`` otherwise,
    before the first chunk when the start shows it).  A chunk is given out only when
    two more chunks follow it in the text read so far, so the block at the end of what
    has been read, which may be cut short, never decides a cut.  The chunks carry
    ``name`` as their path when given (standard input spooled to a file).
    """
    shown = path if name is None else name
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    pending = ""
    offset = 0
    line = 1
    first = True
    with open(path, "rb") as handle:
        while True:
            data = handle.read(read_bytes)
            if first and data.startswith(_BOMS):
                raise NotStreamableError("a byte-order mark")
            first = False
            if b"\x00" in data:
                raise NotStreamableError("a NUL byte")
            try:
                pending += decoder.decode(data, final=not data)
            except UnicodeDecodeError as error:
                raise NotStreamableError("not UTF-8") from error
            if not data:
                break
            if len(pending) < 3 * size:
                continue
            pieces = split_text(pending, shown, size=size)
            if len(pieces) < 3:
                continue  # no cut yet (one huge block, or old Mac line ends)
            for piece in pieces[:-2]:
                yield Chunk(shown, piece.text, offset + piece.offset, line + piece.line - 1)
            rest = pieces[-2]
            offset += rest.offset
            line += rest.line - 1
            pending = pending[rest.offset :]
    for piece in split_text(pending, shown, size=size):
        yield Chunk(shown, piece.text, offset + piece.offset, line + piece.line - 1)


def _first_definitions(bibliography: Bibliography, chunk: Chunk) -> dict[str, int]:
    found: dict[str, int] = {}
    for block in bibliography.blocks:
        if isinstance(block, StringBlock) and block.offsets is not None:
            found.setdefault(block.name.lower(), chunk.offset + block.offsets[0])
    return found


class _Signatures:
    """Pass 2's compact index: each record block's signatures and marks.

    A signature names a group of entries one cross-entry rule compares (a folded key,
    a DOI, a bucket, a name form); it is *shared* when the group could give a finding:
    a second member for keys and DOIs, a second *form* for name groups (two spellings
    of one person, an acronym beside the organisation it abbreviates).  Keys and DOIs,
    one or two per entry and nearly all distinct, go through a bit table first (one
    bit per 4 bytes of the file): only a signature whose bit is already set is kept
    exactly, so a collision marks more entries but a distinct key costs no memory.
    """

    def __init__(self, file_bytes: int) -> None:
        #: Per record block (entry or @string, in file order): the bits of the groups
        #: it is marked for, and where its signatures start in ``values``.
        self.marks = bytearray()
        self.starts: array[int] = array("q")
        self.values: array[int] = array("q")
        self._bits = bytearray(max(1 << 12, file_bytes // 32))
        self._size = len(self._bits) * 8
        #: Keys and DOIs whose bit was set before (a second member, or a collision).
        self._again: set[int] = set()
        #: The first form of each name group (a hash), until a second form shares it.
        self._forms: dict[int, int] = {}
        self.shared: set[int] = set()
        #: Whether the last key or DOI added had its bit set already.
        self.seen_before = False
        #: Each bucket's *prefix*: its first members, up to the ``_MAX_BUCKET``-th one
        #: that surely enters RK701's bucket (``_RECORD`` bytes each, see ``_Bucket``).
        self.buckets: dict[int, _Bucket] = {}
        #: Macro names used so far (lower case).
        self.used: set[str] = set()

    def add(self, kind: int, group: object, form: object = None) -> int:
        """Records a signature of the current block; returns its value."""
        value = (hash((kind, group)) & ~3) | kind
        self.values.append(value)
        if kind == _BUCKET:
            return value  # buckets are judged by their titles (``near``)
        if kind == _NAME:
            shape = hash(form)
            first = self._forms.setdefault(value, shape)
            if first != shape:
                self.shared.add(value)
            return value
        slot = (value >> 2) % self._size
        byte, bit = slot >> 3, 1 << (slot & 7)
        if self._bits[byte] & bit:
            self._again.add(value)
            self.seen_before = True
        else:
            self._bits[byte] |= bit
            self.seen_before = False
        return value

    def resolve(self) -> bytearray:
        """Each record block's marks, now that every signature has been counted."""
        marks, values, starts = self.marks, self.values, self.starts
        shared = self.shared | self._again
        self._forms.clear()
        self._bits = bytearray()
        # A member sharing a DOI is compared by RK701 (its DOI decides whether it
        # enters its bucket), so its bucket's prefix is kept whole (see ``_Bucket``).
        buckets = self.buckets
        count = len(starts)
        for number in range(count):
            begin, end = starts[number], starts[number + 1] if number + 1 < count else len(values)
            own = values[begin:end]
            doi_shared = False
            for value in own:
                if value & 3 != _BUCKET and value in shared:
                    marks[number] |= _KIND_BIT[value & 3]
                    doi_shared = doi_shared or value & 3 == _DOI
            if doi_shared:
                for value in own:
                    bucket = buckets.get(value) if value & 3 == _BUCKET else None
                    if bucket is not None:
                        bucket.mark_prefix(marks)
        buckets.clear()
        return marks


def _letter_counts(title: str) -> bytes:
    counts = [title.count(letter) for letter in _ALPHABET]
    counts.append(len(title) - sum(counts))
    return bytes(min(count, _CAP) for count in counts)


def _could_match(one: bytes | bytearray, two: bytes, length: int, other_length: int) -> bool:
    """Whether two normalised titles could pass RK701's near-equal test: its length
    test exactly, and the ratio of matching letters, which bounds ``difflib``'s."""
    if abs(other_length - length) > length * (1 - _NEAR):
        return False
    if _CAP in one or _CAP in two:
        return True
    matches = sum(map(min, one, two))
    return 2.0 * matches / (length + other_length) >= _NEAR


def _entry_signatures(entry: Entry, index: _Signatures) -> None:
    fields = digest_of(entry)
    if entry.key:
        index.add(_KEY, entry.key.lower())
    if not _LINK_NAMES.isdisjoint(fields.keys()):
        index.marks[-1] |= _KEYS_BIT  # RK702 and RK102 read every entry with a parent
        for name in _LINK_NAMES:
            item = fields.get(name)
            if item is not None:
                for target in plain_value(item).split(","):
                    index.add(_KEY, target.strip().lower())
    _duplicate_signatures(entry, index)
    _name_signatures(entry, index)


def _duplicate_signatures(entry: Entry, index: _Signatures) -> None:
    """RK701's: the DOI as ``duplicate_pairs`` reads it, and the (year, first author)
    bucket with the title's letter counts compared against the bucket's first titles."""
    if entry.type in ("xdata", "set"):
        return
    digest = digest_of(entry)
    doi_field = digest.get("doi")
    doi = bare_doi(plain_value(doi_field)) if doi_field is not None else ""
    if doi.startswith("10."):
        index.add(_DOI, doi)
    title_field = digest.get("title")
    year_field = digest.get("year") or digest.get("date")
    if title_field is None or year_field is None:
        return
    title = _normal(plain_value(title_field))
    year = plain_value(year_field).strip(" {}")[:4]
    family = _first_family(digest.get("author") or digest.get("editor"))
    if len(title) < _MIN_TITLE or not year or not family:
        return
    # A member whose DOI was seen before may match it by DOI and stay out of the bucket.
    uncertain = doi.startswith("10.") and index.seen_before
    key = index.add(_BUCKET, (year, family))
    bucket = index.buckets.get(key)
    if bucket is None:
        bucket = index.buckets[key] = _Bucket()
    bucket.add(len(index.marks) - 1, len(title), _letter_counts(title), uncertain, index.marks)


class _Bucket:
    """The stream's view of one RK701 bucket, in bounded memory.

    RK701 compares a member with the first ``_MAX_BUCKET`` members of its bucket
    before it (the *window*; members matched by DOI never enter), and reports the
    first that is near-equal.  The stream keeps the letter counts of the bucket's
    *prefix*: every member up to the ``_MAX_BUCKET``-th one that surely enters (its
    DOI unseen before), so the prefix holds the window.  A member whose counts could
    match a prefix member before it is marked with all such members: they include
    every partner RK701 can report.  The marked members must see the same window in
    the marked entries as in the file: that holds when all marked members lie in the
    window, and otherwise (a marked member after the prefix, a member whose DOI is
    shared, an uncertain member in the prefix: if it enters, the window ends before
    the prefix does) the whole prefix is marked, so the marked bucket starts with
    the window itself.  Memory: at most ``_MAX_BUCKET`` records per bucket, beyond
    those with a DOI seen before.
    """

    __slots__ = ("certain", "marked", "records", "uncertain", "whole")

    def __init__(self) -> None:
        #: Per prefix member: its block number (4 bytes), title length (4), counts.
        self.records = bytearray()
        self.certain = 0
        self.uncertain = False
        #: Whether any member is marked by its counts, and whether the prefix is.
        self.marked = False
        self.whole = False

    def add(
        self, number: int, length: int, counts: bytes, uncertain: bool, marks: bytearray
    ) -> None:
        records = self.records
        found = False
        for start in range(0, len(records), _RECORD):
            other_length = int.from_bytes(records[start + 4 : start + 8], "little")
            other = records[start + 8 : start + _RECORD]
            if _could_match(other, counts, length, other_length):
                marks[int.from_bytes(records[start : start + 4], "little")] |= _DUPLICATES_BIT
                found = True
        in_prefix = self.certain < _MAX_BUCKET
        if in_prefix:
            records += number.to_bytes(4, "little") + length.to_bytes(4, "little") + counts
            if uncertain:
                self.uncertain = True
            else:
                self.certain += 1
            if self.whole:
                marks[number] |= _DUPLICATES_BIT  # the prefix grows after it was marked
        if found:
            marks[number] |= _DUPLICATES_BIT
            self.marked = True
        if self.marked and (self.uncertain or (found and not in_prefix)):
            self.mark_prefix(marks)

    def mark_prefix(self, marks: bytearray) -> None:
        if self.whole:
            return
        self.whole = True
        for start in range(0, len(self.records), _RECORD):
            marks[int.from_bytes(self.records[start : start + 4], "little")] |= _DUPLICATES_BIT


def _name_signatures(entry: Entry, index: _Signatures) -> None:
    """RK404's name forms (through its own collector) and RK607's decoded words."""
    digest = digest_of(entry)
    acronyms: dict[str, list[_Occurrence]] = defaultdict(list)
    long_names: dict[str, list[_Occurrence]] = defaultdict(list)
    people: dict[tuple[str, str], list[tuple[str, int, Entry, Field]]] = {}
    for name in ("author", "editor"):
        item = digest.get(name)
        if item is not None:
            InconsistentNameSpelling._collect(0, entry, item, acronyms, long_names, people)
    # Each group with the form that must differ for a finding: RK404 compares spellings
    # of one person, acronyms of the same letters, organisations that normalise alike,
    # and an acronym with an organisation it abbreviates.
    for acronym in acronyms:
        index.add(_NAME, ("acronym", acronym), "acronym")
        if len(acronym) >= 4:
            index.add(_NAME, ("letters", "".join(sorted(acronym))), acronym)
    for long_name in long_names:
        index.add(_NAME, ("organisation", _normal_organisation(long_name)), long_name)
        abbreviation = acronym_of(long_name)
        if abbreviation is not None:
            index.add(_NAME, ("acronym", abbreviation), "organisation")
    for person, found in people.items():
        for family, *_ in found:
            index.add(_NAME, ("person", person), family)
    for key in NAME_FIELDS.intersection(digest.keys()):
        item = digest[key]
        raw = item.raw
        if "\\" not in raw and raw.isascii():
            continue
        for token in _NAME_TOKEN_SPLIT.split(plain_value(item)):
            if "\\" in token:
                decoded = decode_accents(token).strip('."')
                if decoded and not decoded.isascii() and decoded.isalpha():
                    index.add(_NAME, ("word", decoded), "latex")
            elif not token.isascii():
                word = token.strip('{}."')
                if word.isalpha():
                    index.add(_NAME, ("word", word), "unicode")


def _macro_marks(
    block: Entry | StringBlock,
    where: int,
    first_defined: dict[str, int],
    index: _Signatures,
) -> None:
    """RK703/RK704: a use that is undefined or above its definition, and the first use
    of each name, mark the block; ``@string`` blocks are always marked."""
    if isinstance(block, StringBlock):
        index.marks[-1] |= _MACROS_BIT
        uses = _bare_parts(block.field)
    else:
        uses = [name for item in digest_of(block).bare for name in _bare_parts(item)]
    for name in uses:
        folded = name.lower()
        first = first_defined.get(folded)
        if folded not in index.used or (
            folded not in MONTH_MACROS and (first is None or first >= where)
        ):
            index.used.add(folded)
            index.marks[-1] |= _MACROS_BIT


@dataclass
class StreamedCheck:
    """A file checked by ``stream_check``: its findings come out of ``batches`` in
    report order; ``entries`` counts its entries, ``worst`` is filled as they come."""

    path: str
    diagnostics: Iterator[list[Diagnostic]]
    entries: int
    #: How many entries were marked for at least one cross-entry group.
    marked: int = 0

    def batches(self) -> Iterator[list[Diagnostic]]:
        return self.diagnostics


def stream_check(
    path: str,
    config: Config | None = None,
    *,
    size: int = STREAM_CHUNK_CHARS,
    read_bytes: int = READ_BYTES,
    name: str | None = None,
) -> StreamedCheck:
    """``check`` of the file at ``path``, in bounded memory (see the module docstring);
    its findings name ``name`` as their file when given, else ``path``.

    Raises ``NotStreamableError`` before reporting anything when the file is not UTF-8
    text without a byte-order mark.  The findings are computed when ``batches`` is
    iterated, except those of the cross-entry rules, which are ready on return.
    """
    config = config or Config()
    shown = path if name is None else name
    # Pass 1: facts, and where each macro is first defined.
    facts = FileFacts()
    first_defined: dict[str, int] = {}
    for chunk in read_chunks(path, size, read_bytes=read_bytes, name=name):
        bibliography = loads(chunk.text, path=chunk.path)
        facts = merge_file_facts(facts, facts_of(bibliography, chunk))
        for macro, where in _first_definitions(bibliography, chunk).items():
            first_defined.setdefault(macro, where)
    # Pass 2: per-entry findings to the spool, signatures to the index.
    # Closed by the reader of the findings (``_spooled``), or below on an error.
    spool = tempfile.TemporaryFile()  # noqa: SIM115
    index = _Signatures(os.path.getsize(path))
    unplaced: list[Diagnostic] = []  # findings without a line sort first, not in chunks
    entries = 0
    try:
        for chunk in read_chunks(path, size, read_bytes=read_bytes, name=name):
            bibliography = load_chunk(chunk, facts)
            found = chunk_findings(chunk, bibliography, facts, config)
            placed = [item for item in found if item.line]
            unplaced.extend(item for item in found if not item.line)
            if placed:
                pickle.dump(placed, spool, protocol=pickle.HIGHEST_PROTOCOL)
            for block in _blocks(bibliography):
                index.starts.append(len(index.values))
                index.marks.append(0)
                bounds = block.offsets
                assert bounds is not None
                if isinstance(block, Entry):
                    if not entries:
                        index.marks[-1] |= _MACROS_BIT  # RK704 needs an entry
                    entries += 1
                    _entry_signatures(block, index)
                _macro_marks(block, chunk.offset + bounds[0], first_defined, index)
        marks = index.resolve()
        del index
        # Pass 3: the marked blocks' stubs, and the cross-entry findings over them.
        stubs = _marked_stubs(path, size, read_bytes, facts, marks, name)
        cross: list[Diagnostic] = []
        for group, codes in enumerate(_GROUPS):
            if stubs[group]:
                cross.extend(
                    cross_findings(
                        CrossRecords(tuple(stubs[group])), facts, config, shown, codes=codes
                    )
                )
        marked = sum(1 for mark in marks if mark)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    merged = heapq.merge(
        sorted_diagnostics(unplaced),
        _spooled(spool),
        sorted_diagnostics(cross),
        key=Diagnostic.sort_key,
    )
    return StreamedCheck(shown, _batched(merged), entries, marked)


def _marked_stubs(
    path: str,
    size: int,
    read_bytes: int,
    facts: FileFacts,
    marks: bytearray,
    name: str | None,
) -> list[list[EntryStub]]:
    """Pass 3: the stubs of the marked record blocks, for each group of rules."""
    stubs: list[list[EntryStub]] = [[] for _ in _GROUPS]
    number = 0
    for chunk in read_chunks(path, size, read_bytes=read_bytes, name=name):
        bibliography = load_chunk(chunk, facts)
        base = number

        def wanted(at: int, base: int = base) -> bool:
            return marks[base + at] != 0

        for at, stub in chunk_stubs(chunk, bibliography, wanted):
            for group, bit in enumerate(_BITS):
                if marks[base + at] & bit:
                    stubs[group].append(stub)
        number += sum(1 for _ in _blocks(bibliography))
    return stubs


def _blocks(bibliography: Bibliography) -> Iterator[Entry | StringBlock]:
    """The record blocks, as ``chunk_stubs`` numbers them."""
    for block in bibliography.blocks:
        if isinstance(block, (Entry, StringBlock)) and block.offsets is not None:
            yield block


def _spooled(spool: IO[bytes]) -> Iterator[Diagnostic]:
    with spool:
        while True:
            try:
                batch: list[Diagnostic] = pickle.load(spool)
            except EOFError:
                return
            yield from batch


def _batched(items: Iterator[Diagnostic], size: int = 4096) -> Iterator[list[Diagnostic]]:
    batch: list[Diagnostic] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def stream_findings(
    path: str,
    config: Config | None = None,
    *,
    size: int = STREAM_CHUNK_CHARS,
    read_bytes: int = READ_BYTES,
) -> list[Diagnostic]:
    """Every finding of ``stream_check`` in one list (for tests and small files)."""
    checked = stream_check(path, config, size=size, read_bytes=read_bytes)
    return [item for batch in checked.batches() for item in batch]
