"""Checking as map and reduce: chunks of a file checked apart, cross-entry facts merged.

A distributed engine (Dask, Spark) or a process pool schedules; refkit only provides
pure functions over picklable values (ARCHITECTURE.md, "Checking 10^8 entries"):

1. ``split_text`` cuts a file's text into ``Chunk``s at entry boundaries, each cut at
   the start of a line and before the comment lines above an entry, so a
   ``% refkit: ignore`` comment travels with its entry;
2. ``file_facts`` reads a chunk's ``@string`` definitions, field names and entry types
   (what the per-entry rules need from the whole file); ``merge_file_facts`` combines
   them, associatively and commutatively (definitions are ordered by file offset);
3. ``check_chunk`` runs the per-entry rules on a chunk under the merged facts, giving
   its findings with file lines, and ``CrossRecords``: for each entry a stub holding only
   the values the cross-entry rules read (keys, names, titles, identifiers, links,
   macro uses; every field name), and the chunk's ``@string`` blocks;
   ``merge_records`` combines them;
4. ``cross_findings`` runs the cross-entry rules (``CROSS_ENTRY_CODES``: duplicate keys
   and works, crossrefs, macros, name spellings, mixed LaTeX/Unicode spellings, and
   required fields of entries that inherit from a crossref/xdata parent) over the
   merged records, locating findings in the file.

``facts`` given to ``check_chunk`` must include the chunk's own (its macros are read
from them).

``check_chunks`` runs the four steps in one process; its findings, sorted by
``sorted_diagnostics``, report the same as ``check`` on the whole file (same JSON
bytes).  ``Diagnostic.block_index`` is the exception: it counts blocks of the chunk
(it only addresses fixes within the parsed chunk, and no report shows it).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import reduce

from refkit.bib.io import loads
from refkit.bib.model import Bibliography, Entry, StringBlock
from refkit.bib.names import NAME_FIELDS
from refkit.bib.scanner import BlockKind, scan
from refkit.core.diagnostics import Diagnostic, sorted_diagnostics
from refkit.core.spans import SourceMap
from refkit.lint.checking import (
    CheckRun,
    data_model_from,
    has_biblatex_type,
    selected_rules,
    suppressions,
)
from refkit.lint.config import Config
from refkit.lint.datamodel import DataModel
from refkit.lint.index import digest_of, used_field_names
from refkit.lint.rules.base import Rule

__all__ = [
    "CROSS_ENTRY_CODES",
    "Chunk",
    "ChunkResult",
    "CrossRecords",
    "EntryStub",
    "FileFacts",
    "check_chunk",
    "check_chunks",
    "cross_findings",
    "file_facts",
    "merge_file_facts",
    "merge_records",
    "merged_findings",
    "split_text",
]

#: The rules that compare entries with each other; every other rule sees one chunk.
CROSS_ENTRY_CODES = frozenset(
    {"RK102", "RK201", "RK404", "RK607", "RK701", "RK702", "RK703", "RK704"}
)
#: Entry rules that read a crossref or xdata parent: they run in the chunk for entries
#: without one, and over the merged records for those with one.
_INHERITING = frozenset({"RK102"})
_PARENT_FIELDS = ("crossref", "xdata")

#: Fields whose values the cross-entry rules read (besides macro uses, which any field
#: may hold, and the names of every field, which RK102 reads).
_CROSS_FIELDS = NAME_FIELDS | frozenset(
    {
        "author", "editor", "title", "year", "date", "doi", "pages", "volume", "number",
        "edition", "note", "howpublished", "crossref", "xref", "xdata", "entryset", "related",
    }
)  # fmt: skip

#: About this many characters per chunk when ``split_text`` is not told otherwise.
CHUNK_CHARS = 1 << 20


@dataclass(frozen=True, slots=True)
class Chunk:
    """A slice of a file that starts at a line start before a block: its text, the
    file's path, and where the slice starts in the file (offset, 1-based line)."""

    path: str | None
    text: str
    offset: int = 0
    line: int = 1


def split_text(text: str, path: str | None = None, *, size: int = CHUNK_CHARS) -> list[Chunk]:
    """``text`` cut into chunks of about ``size`` characters at entry boundaries.

    A cut falls only at the start of a line that begins a block's run-up: after the
    first line break following the previous block, when nothing but white space follows
    that block on its line.  The comment lines above an entry therefore stay with it,
    and no value is ever split.  The chunks' texts concatenate to ``text``.
    """
    chunks: list[Chunk] = []
    begin = 0
    line = 1
    previous_end = 0
    for block in scan(text).blocks:
        if block.kind is BlockKind.TEXT:
            continue
        cut = _cut_before(text, previous_end, block.start)
        previous_end = block.end
        if cut is None or cut - begin < size or cut <= begin:
            continue
        chunks.append(Chunk(path, text[begin:cut], begin, line))
        line += _line_breaks(text, begin, cut)
        begin = cut
    chunks.append(Chunk(path, text[begin:], begin, line))
    return chunks


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _line_breaks(text: str, begin: int, end: int) -> int:
    """Line breaks as ``SourceMap`` counts them (CRLF, LF, and a lone CR)."""
    newlines = text.count("\n", begin, end)
    if text.find("\r", begin, end) < 0:
        return newlines
    return sum(1 for _ in _LINE_BREAK.finditer(text, begin, end))


def _cut_before(text: str, previous_end: int, start: int) -> int | None:
    """Where a chunk may start so that the block at ``start`` and the lines above it
    are in it, or None when no line start qualifies."""
    if start == 0:
        return 0
    if "\r" in text[previous_end:start]:
        return None  # old Mac line ends: lines are not counted by "\n" alone
    newline = text.find("\n", previous_end, start)
    if newline < 0 or text[previous_end:newline].strip():
        return None
    return newline + 1


@dataclass(frozen=True, slots=True)
class FileFacts:
    """What per-entry rules need of the whole file, merged over its chunks.

    ``macros`` maps each ``@string`` name to ``(offset, value expression)``: the last
    definition in the file wins, as in the reader, whatever order chunks merge in.
    """

    field_names: frozenset[str] = frozenset()
    biblatex_type: bool = False
    macros: Mapping[str, tuple[int, str]] = field(default_factory=dict)

    def macro_values(self) -> dict[str, str]:
        return {name: raw for name, (_, raw) in self.macros.items()}


def file_facts(chunk: Chunk) -> FileFacts:
    """Pass 1 over one chunk: its field names, whether it has a biblatex-only entry
    type, and its ``@string`` definitions (at file offsets)."""
    return facts_of(loads(chunk.text, path=chunk.path), chunk)


def facts_of(bibliography: Bibliography, chunk: Chunk) -> FileFacts:
    """``file_facts`` of a chunk already read into ``bibliography``."""
    macros: dict[str, tuple[int, str]] = {}
    for block in bibliography.blocks:
        if isinstance(block, StringBlock):
            bounds = block.offsets
            where = chunk.offset + (bounds[0] if bounds is not None else 0)
            macros[block.field.key] = (where, block.field.raw)
    entries = bibliography.entries
    return FileFacts(frozenset(used_field_names(entries)), has_biblatex_type(entries), macros)


def merge_file_facts(one: FileFacts, two: FileFacts) -> FileFacts:
    """The facts of two sets of chunks together (associative and commutative)."""
    macros = dict(one.macros)
    for name, defined in two.macros.items():
        if name not in macros or macros[name][0] < defined[0]:
            macros[name] = defined
    return FileFacts(
        one.field_names | two.field_names, one.biblatex_type or two.biblatex_type, macros
    )


@dataclass(frozen=True, slots=True)
class EntryStub:
    """One block as the cross-entry rules see it: its text with every other field blanked
    (line breaks kept, so lines inside it still count), where it starts in the file,
    and the codes a ``% refkit: ignore`` comment above it silences (None: all)."""

    offset: int
    line: int
    column: int
    text: str
    silenced: frozenset[str] | None = frozenset()
    #: Whether it names a parent (crossref, xdata) whose fields it inherits.
    inherits: bool = False


@dataclass(frozen=True, slots=True)
class CrossRecords:
    """Cross-entry records of some chunks, in file order."""

    stubs: tuple[EntryStub, ...] = ()


def merge_records(one: CrossRecords, two: CrossRecords) -> CrossRecords:
    """The records of two sets of chunks together (associative and commutative)."""
    if not two.stubs:
        return one
    if not one.stubs:
        return two
    if one.stubs[-1].offset < two.stubs[0].offset:
        return CrossRecords(one.stubs + two.stubs)
    if two.stubs[-1].offset < one.stubs[0].offset:
        return CrossRecords(two.stubs + one.stubs)
    return CrossRecords(tuple(sorted(one.stubs + two.stubs, key=lambda stub: stub.offset)))


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """``check_chunk``'s answer: the chunk's per-entry findings (sorted, with file
    lines) and its cross-entry records."""

    diagnostics: tuple[Diagnostic, ...]
    records: CrossRecords
    #: How many entries the chunk holds (a file with none gets a note from the CLI).
    entries: int = 0


class _ShiftedSourceMap(SourceMap):
    """A chunk's text whose lines count from the chunk's first line in the file."""

    def __init__(self, text: str, encoding: str, first_line: int) -> None:
        super().__init__(text, encoding)
        self.shift = first_line - 1

    def line_col(self, offset: int) -> tuple[int, int]:
        line, column = super().line_col(offset)
        return line + self.shift, column

    def byte_offset(self, offset: int) -> int:
        # Offsets within the chunk: byte offsets would need the text before it.
        raise NotImplementedError("byte offsets are not known in a chunk")


def load_chunk(chunk: Chunk, facts: FileFacts) -> Bibliography:
    """The chunk read with file lines and the file's macros."""
    bibliography = loads(chunk.text, path=chunk.path)
    # The reader's shared context is reached directly: a chunk is the one place where a
    # text's lines do not start at 1 and its macros come from elsewhere in the file.
    context = bibliography._context
    context.source = _ShiftedSourceMap(chunk.text, context.source.encoding, chunk.line)
    context.macros.clear()
    context.macros.update(facts.macro_values())
    return bibliography


def _rules(config: Config, path: str | None, cross: bool) -> list[Rule]:
    chosen = selected_rules(config, path)
    if cross:
        return [rule for rule in chosen if rule.code in CROSS_ENTRY_CODES]
    return [
        rule for rule in chosen if rule.code not in CROSS_ENTRY_CODES or rule.code in _INHERITING
    ]


def _model(config: Config, facts: FileFacts) -> DataModel:
    if config.data_model is DataModel.AUTO:
        return data_model_from(facts.biblatex_type, facts.field_names)
    return config.data_model


def check_chunk(chunk: Chunk, facts: FileFacts, config: Config | None = None) -> ChunkResult:
    """Pass 2 over one chunk: per-entry findings under the file's merged ``facts``, and
    the records the cross-entry rules need."""
    config = config or Config()
    bibliography = load_chunk(chunk, facts)
    kept = chunk_findings(chunk, bibliography, facts, config)
    stubs = [stub for _, stub in chunk_stubs(chunk, bibliography)]
    return ChunkResult(tuple(kept), CrossRecords(tuple(stubs)), len(bibliography.entries))


def chunk_findings(
    chunk: Chunk, bibliography: Bibliography, facts: FileFacts, config: Config
) -> list[Diagnostic]:
    """The per-entry findings of a chunk read by ``load_chunk`` (sorted, file lines)."""
    run = CheckRun(config, _rules(config, chunk.path, cross=False))
    found = run.check(bibliography, _model(config, facts), set(facts.field_names))
    heirs = {index for index, block in _record_blocks(bibliography) if _inherits(block)}
    # An heir's parent may be in another chunk: its inheriting findings come from the
    # merged records (``cross_findings``).
    return [item for item in found if not (item.code in _INHERITING and item.block_index in heirs)]


def _record_blocks(bibliography: Bibliography) -> Iterator[tuple[int, Entry | StringBlock]]:
    """The blocks that get a record (entries and ``@string``s with a place), in order."""
    for index, block in enumerate(bibliography.blocks):
        if isinstance(block, (Entry, StringBlock)) and block.offsets is not None:
            yield index, block


def _inherits(block: Entry | StringBlock) -> bool:
    if not isinstance(block, Entry):
        return False
    names = digest_of(block)
    return any(name in names for name in _PARENT_FIELDS)


def chunk_stubs(
    chunk: Chunk,
    bibliography: Bibliography,
    wanted: Callable[[int], bool] | None = None,
) -> Iterator[tuple[int, EntryStub]]:
    """The stub of each record block of the chunk (numbered in order from 0), or of
    those whose number ``wanted`` accepts."""
    silenced = suppressions(bibliography)
    text = chunk.text
    source = bibliography.source
    for number, (index, block) in enumerate(_record_blocks(bibliography)):
        if wanted is not None and not wanted(number):
            continue
        bounds = block.offsets
        assert bounds is not None
        start, end = bounds
        stub = _stub_text(text, block) if isinstance(block, Entry) else text[start:end]
        line, column = source.line_col(start)
        codes: set[str] | frozenset[str] | None = silenced.get(index, frozenset())
        yield (
            number,
            EntryStub(
                chunk.offset + start,
                line,
                column,
                stub,
                None if codes is None else frozenset(codes),
                _inherits(block),
            ),
        )


def _stub_text(text: str, entry: Entry) -> str:
    """The entry's text with the values no cross-entry rule reads cut to a placeholder.

    Every field name stays (RK102 judges a crossref child by its parent's fields), and
    so does whether a value is empty; a placeholder keeps the value's line breaks, and
    its width too when something follows it on its last line, so what the rules do
    read keeps its line and column.
    """
    bounds = entry.offsets
    assert bounds is not None
    names, raws = entry.field_texts()
    slots = entry.field_slots()
    pieces: list[str] = []
    cursor = bounds[0]
    for position, (name, raw) in enumerate(zip(names, raws, strict=True)):
        if raw[:1] not in ("{", '"') or "#" in raw or name.lower() in _CROSS_FIELDS:
            continue  # read by a cross-entry rule, or a macro use (RK703, RK704)
        if len(raw) <= 3 or not raw[1:-1].strip(" \t\r\n"):
            continue  # short, or empty: an empty value counts as a missing field
        where = slots[position].offsets
        if where is None:
            continue
        stop = where[1]
        begin = stop - len(raw)
        breaks = raw.count("\n")
        line_end = text.find("\n", stop, bounds[1])
        if line_end >= 0 and not text[stop:line_end].strip(" \t\r,"):
            # Nothing follows on its line, so its width is free: ``name={x}``, with the
            # line breaks of the name, the value and what lies between them.
            pieces.append(text[cursor : where[0]])
            pieces.append(
                f"{name}={raw[0]}{chr(10) * text.count(chr(10), where[0], stop)}x{raw[-1]}"
            )
            cursor = stop
            continue
        if breaks:
            width = len(raw) - raw.rfind("\n") - 1  # the last line, closing delimiter too
            inner = "\n" * breaks + " " * (width - 2) + "x" if width >= 2 else "x" + "\n" * breaks
        else:
            inner = " " * (len(raw) - 3) + "x"
        pieces.append(text[cursor:begin])
        pieces.append(raw[0] + inner + raw[-1])
        cursor = stop
    pieces.append(text[cursor : bounds[1]])
    return "".join(pieces)


_LINE_REFERENCE = re.compile(r"\bline (\d+)\b")
#: Rules whose messages name the line of another block ("already used at line 12").
_LINE_IN_MESSAGE = frozenset({"RK201", "RK701", "RK703"})


def cross_findings(
    records: CrossRecords,
    facts: FileFacts,
    config: Config | None = None,
    path: str | None = None,
    *,
    codes: frozenset[str] | None = None,
) -> list[Diagnostic]:
    """The cross-entry rules' findings over a whole file's merged records, sorted.

    The stubs are laid one after another, each at its column, and read as one small
    bibliography; findings are moved back to the stubs' lines in the file.  ``codes``
    runs only those of the cross-entry rules.
    """
    config = config or Config()
    rules = _rules(config, path, cross=True)
    if codes is not None:
        rules = [rule for rule in rules if rule.code in codes]
    if not rules or not records.stubs:
        return []
    pieces: list[str] = []
    starts: list[int] = []  # the stubs' first lines in the laid-out text
    lines = 1
    for stub in records.stubs:
        starts.append(lines)
        pieces.append(" " * (stub.column - 1) + stub.text + "\n")
        lines += stub.text.count("\n") + 1
    laid_out = loads("".join(pieces), path=path)
    laid_out._context.macros.clear()
    laid_out._context.macros.update(facts.macro_values())
    block_of: dict[int, EntryStub] = {}
    blocks = laid_out.blocks
    stub_number = 0
    for index, block in enumerate(blocks):
        if isinstance(block, (Entry, StringBlock)):
            block_of[index] = records.stubs[stub_number]
            stub_number += 1
    if stub_number != len(records.stubs):
        raise ValueError("the records do not read back as one block each")
    heirs = {index for index, stub in block_of.items() if stub.inherits}
    run = CheckRun(config, rules)
    found = run.check(laid_out, _model(config, facts), set(facts.field_names), heirs)

    def moved(line: int | None) -> int | None:
        if line is None:
            return None
        number = bisect_right(starts, line) - 1
        return line - starts[number] + records.stubs[number].line

    result: list[Diagnostic] = []
    for diagnostic in found:
        owner = block_of.get(diagnostic.block_index) if diagnostic.block_index is not None else None
        if owner is not None and (
            owner.silenced is None
            or diagnostic.code in owner.silenced
            or diagnostic.name in owner.silenced
        ):
            continue
        message = diagnostic.message
        if diagnostic.code in _LINE_IN_MESSAGE:
            message = _LINE_REFERENCE.sub(
                lambda match: f"line {moved(int(match.group(1)))}", message
            )
        result.append(
            replace(
                diagnostic,
                message=message,
                line=moved(diagnostic.line),
                end_line=moved(diagnostic.end_line),
            )
        )
    return sorted_diagnostics(result)


def check_chunks(chunks: Sequence[Chunk], config: Config | None = None) -> list[Diagnostic]:
    """Every finding on the file the chunks tile, in one process: pass 1, merge, pass 2,
    merge, cross-entry rules.  Reports the same as ``check`` on the whole file."""
    if not chunks:
        return []
    config = config or Config()
    facts = reduce(merge_file_facts, map(file_facts, chunks))
    results = [check_chunk(chunk, facts, config) for chunk in chunks]
    return merged_findings(results, facts, config, chunks[0].path)


def merged_findings(
    results: Iterable[ChunkResult],
    facts: FileFacts,
    config: Config | None = None,
    path: str | None = None,
) -> list[Diagnostic]:
    """The chunks' per-entry findings and the cross-entry findings, in report order."""
    found: list[Diagnostic] = []
    records = CrossRecords()
    for result in results:
        found.extend(result.diagnostics)
        records = merge_records(records, result.records)
    found.extend(cross_findings(records, facts, config, path))
    return sorted_diagnostics(found)
