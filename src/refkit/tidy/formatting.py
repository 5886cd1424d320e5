"""``refkit format``: a whole file (or chosen entries) in one consistent layout.

Entries are rewritten by ``refkit.tidy.layout``; ``@string``, ``@preamble``,
``@comment`` and unparsable blocks are written back byte for byte, and so is the text
between blocks (comments), unless ``comments = "tidy"`` normalises the blank lines
around it.  With ``sort``, entries move within the runs of entries between other blocks,
each carrying the comment above it; entries that others ``crossref`` or ``xdata``
stay after the rest (BibTeX needs a parent after its children).  With a selection
(``only``), just the chosen entries are rewritten and nothing moves.

The result is checked before it is returned: every value laid out must mean what it
replaces (``refkit.tidy.meaning``) and read back exactly as written
(``refkit.tidy.readback``); where blocks could interact (sorting, unparsable blocks, text
on an entry's last line) the whole result is scanned again and compared.  A failed check
refuses the file instead of writing it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from refkit.bib.io import loads
from refkit.bib.model import Bibliography, Block, Entry, FailedBlock, TextBlock
from refkit.core.errors import UsageError
from refkit.tidy.layout import EntryLayout, keep_reason, render_entry
from refkit.tidy.meaning import lost_in_rewrite
from refkit.tidy.options import Comments, FormatOptions, SortKey
from refkit.tidy.readback import text_starts_on_a_line_in_use, value_reads_back

__all__ = ["FormatResult", "KeptEntry", "format_text"]

_LEADING_BLANK = re.compile(r"\A(?:[ \t]*\r?\n)+")
_PARENT_FIELDS = ("crossref", "xdata")


@dataclass(frozen=True)
class KeptEntry:
    """An entry left exactly as written, and why."""

    key: str
    line: int | None
    reason: str


@dataclass
class FormatResult:
    """The formatted text, how many entries it rewrote, and those it left alone."""

    original: str
    text: str
    rewritten: int = 0
    kept: list[KeptEntry] = field(default_factory=list)
    path: str | None = None
    encoding: str = "utf-8"
    bom: bytes = b""
    #: The values of every entry laid out afresh (checked to read back as written).
    laid_out: list[list[str]] = field(default_factory=list)
    #: Type, key, field names and values of every entry, in the order written.
    written: list[tuple[str, str, list[str], list[str]]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.text != self.original

    @property
    def bibliography(self) -> Bibliography:
        """The formatted file, read back."""
        return loads(self.text, path=self.path, encoding=self.encoding)


def _newline_of(text: str) -> str:
    """The line ending most of the text uses (not the first line's: that line may move)."""
    return "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"


def _comment_lines(text: str) -> str:
    """The text from its first non-blank line to its last non-blank character."""
    return _LEADING_BLANK.sub("", text).rstrip(" \t\r\n")


@dataclass
class _Unit:
    """A block with the text that stood before it (None: nothing, or only white space)."""

    lead: str | None
    block: Block


def _units(blocks: list[Block]) -> tuple[list[_Unit], str | None]:
    units: list[_Unit] = []
    pending: str | None = None
    for block in blocks:
        if isinstance(block, TextBlock):
            pending = (pending or "") + block.raw
        else:
            units.append(_Unit(pending, block))
            pending = None
    return units, pending


def _sort_value(entry: Entry, key: SortKey) -> str:
    if key.name == "key":
        return entry.key.lower() + "\0" + entry.key
    if key.name == "type":
        return entry.type
    found = entry.field(key.name)
    if found is None:
        return ""
    return re.sub(r"[{}\\\"]", "", found.value).strip().lower()


def _sorted_run(run: list[_Unit], criteria: tuple[SortKey, ...], parents: set[str]) -> list[_Unit]:
    ordered = list(run)
    for criterion in reversed(criteria):

        def sort_key(unit: _Unit, criterion: SortKey = criterion) -> tuple[bool, str]:
            assert isinstance(unit.block, Entry)
            value = _sort_value(unit.block, criterion)
            # missing values last, whichever the direction
            return (bool(value) if criterion.descending else not value), value

        ordered.sort(key=sort_key, reverse=criterion.descending)
    ordered.sort(key=lambda unit: isinstance(unit.block, Entry) and unit.block.key in parents)
    return ordered


def _parent_keys(entries: list[Entry]) -> set[str]:
    found: set[str] = set()
    for entry in entries:
        for name in _PARENT_FIELDS:
            item = entry.field(name)
            if item is not None:
                found.update(part.strip() for part in item.value.split(",") if part.strip())
    return found


def _sort(units: list[_Unit], criteria: tuple[SortKey, ...], entries: list[Entry]) -> list[_Unit]:
    """Entries reordered within each run of entries; other blocks stay where they are."""
    if not criteria:
        return units
    parents = _parent_keys(entries)
    result: list[_Unit] = []
    run: list[_Unit] = []
    after_failed = False
    for unit in units:
        if isinstance(unit.block, Entry) and not after_failed:
            run.append(unit)
            continue
        result.extend(_sorted_run(run, criteria, parents))
        run = []
        result.append(unit)
        # a failed block runs to the next line starting with "@", so the entry there
        # stays: whatever came in its place would be read as part of the failed block
        after_failed = isinstance(unit.block, FailedBlock)
    result.extend(_sorted_run(run, criteria, parents))
    return result


def _gap(
    lead: str | None, previous: Block | None, block: Block, options: FormatOptions, newline: str
) -> str:
    """What is written between ``previous`` and ``block``."""
    if isinstance(previous, FailedBlock):
        # a failed block runs up to the next line starting with "@": it owns its text
        return lead or ""
    blank = newline * (1 + options.blank_lines)
    if lead is not None and lead.strip():
        if options.comments is Comments.KEEP:
            return lead
        body = _comment_lines(lead) + newline
        return body if previous is None else blank + body
    if previous is None:
        return ""
    if not isinstance(previous, Entry) and not isinstance(block, Entry):
        return lead if lead is not None else newline
    return blank


def _line(entry: Entry) -> int | None:
    span = entry.key_span
    return span.start_line if span is not None else None


def format_text(
    bibliography: Bibliography,
    options: FormatOptions | None = None,
    *,
    only: Callable[[Entry], bool] | None = None,
    verify: bool = True,
) -> FormatResult:
    """Lay the file out; with ``only``, rewrite just the entries it accepts.

    Raises ``UsageError`` (naming the file) when the result, read back, would not mean
    what the input meant: a bug, never a silent loss.
    """
    options = options or FormatOptions()
    newline = _newline_of(bibliography.source.text)
    result = _format(bibliography, options, only, newline)
    if result.changed and _newline_of(result.text) != newline:
        # a file of mixed line endings: write it in the ending its result will be read as,
        # or formatting the result again would change every line
        result = _format(bibliography, options, only, _newline_of(result.text))
    if verify and result.changed:
        _check(bibliography, result, options, only)
    return result


def _format(
    bibliography: Bibliography,
    options: FormatOptions,
    only: Callable[[Entry], bool] | None,
    newline: str,
) -> FormatResult:
    layout = EntryLayout.for_file(options, newline, bibliography.macros)
    original = bibliography.dumps()
    result = FormatResult(
        original,
        original,
        path=bibliography.path,
        encoding=bibliography.encoding,
        bom=bibliography.bom,
    )
    blocks = bibliography.blocks
    entries = [block for block in blocks if isinstance(block, Entry)]
    pieces: list[str] = []
    written: list[tuple[str, str, list[str], list[str]]] = []
    if only is not None:
        for block in blocks:
            if isinstance(block, Entry) and only(block):
                pieces.append(_entry_text(block, layout, result, written))
            else:
                if isinstance(block, Entry):
                    written.append(_as_written(block))
                pieces.append(block.raw)
    else:
        units, trailing = _units(blocks)
        head: str | None = None
        if options.sort and units:
            # the file's head (a header comment) stays at the top whatever moves
            head, units[0].lead = units[0].lead, None
            units = _sort(units, options.sort, entries)
        previous: Block | None = None
        if head is not None:
            pieces.append(_gap(head, None, units[0].block, options, newline))
        for index, unit in enumerate(units):
            gap = _gap(unit.lead, previous, unit.block, options, newline)
            if index == 0 and head is not None and head.strip() and (unit.lead or "").strip():
                # two comments must not run together into one
                gap = (newline if head.endswith("\n") else newline * 2) + gap.lstrip("\r\n")
            pieces.append(gap)
            if isinstance(unit.block, Entry):
                pieces.append(_entry_text(unit.block, layout, result, written))
            else:
                pieces.append(unit.block.raw)
            previous = unit.block
        pieces.append(_trailing(trailing, previous, options, newline))
    result.text = "".join(pieces)
    result.written = written
    return result


def _check(
    bibliography: Bibliography,
    result: FormatResult,
    options: FormatOptions,
    only: Callable[[Entry], bool] | None,
) -> None:
    """Refuse (``UsageError``) a result that would not read back as meant."""
    if any(not value_reads_back(value) for values in result.laid_out for value in values):
        raise UsageError(
            f"{bibliography.path or '<text>'}: a laid-out value would not read back as"
            " written; nothing written (please report this)"
        )
    blocks = bibliography.blocks
    if (
        options.sort
        or bibliography.failed_blocks
        or text_starts_on_a_line_in_use(
            [block.raw for block in blocks[1:] if isinstance(block, TextBlock)]
        )
    ):
        _verify(
            bibliography, result.written, result, ordered=not options.sort or only is not None
        )


def _trailing(
    text: str | None, previous: Block | None, options: FormatOptions, newline: str
) -> str:
    if previous is None:
        return text or ""
    if isinstance(previous, FailedBlock):
        return text or ""
    if text is not None and text.strip():
        if options.comments is Comments.KEEP:
            return text
        return newline * (1 + options.blank_lines) + _comment_lines(text) + newline
    return newline


def _as_written(entry: Entry) -> tuple[str, str, list[str], list[str]]:
    names, raws = entry.field_texts()
    return entry.type_as_written, entry.key, names, raws


def _entry_text(
    entry: Entry,
    layout: EntryLayout,
    result: FormatResult,
    written: list[tuple[str, str, list[str], list[str]]],
) -> str:
    reason = keep_reason(entry)
    if reason is None:
        rendered = render_entry(entry, layout)
        if rendered.problem is not None:
            name, old, new = rendered.problem
            reason = f"laying out {name} would change its value ({old!r} -> {new!r})"
        else:
            written.append((rendered.entry_type, entry.key, rendered.names, rendered.raws))
            result.laid_out.append(rendered.raws)
            if rendered.text != entry.raw:
                result.rewritten += 1
            return rendered.text
    result.kept.append(KeptEntry(entry.key, _line(entry), reason))
    written.append(_as_written(entry))
    return entry.raw


def _verify(
    before: Bibliography,
    written: list[tuple[str, str, list[str], list[str]]],
    result: FormatResult,
    *,
    ordered: bool,
) -> None:
    found = lost_in_rewrite(written, before, result.text, ordered=ordered)
    if found:
        where = before.path or "<text>"
        raise UsageError(
            f"{where}: formatting would change the file's content ({'; '.join(found)});"
            " nothing written (please report this)"
        )
