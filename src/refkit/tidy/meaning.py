"""What a .bib file means, apart from its layout: the yardstick of "formatting loses nothing".

Two files mean the same when they have the same entries (type case-insensitive, key
exactly, the same fields with the same values), the same ``@string``, ``@preamble``,
``@comment`` and failed blocks byte for byte in the same order, and the same comment
text between blocks.  A value's meaning ignores its delimiters (``{x}``, ``"x"``; ``1998``
and ``{1998}``), how runs of white space are written and the spacing around ``#``; a
month given as a macro, a full name or a number means that month.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from refkit.bib.model import (
    Bibliography,
    CommentBlock,
    Delimiter,
    Entry,
    FailedBlock,
    PreambleBlock,
    StringBlock,
    TextBlock,
    value_parts,
)
from refkit.bib.scanner import FIELD_WIDTH, BlockKind, scan

__all__ = [
    "BibliographyMeaning",
    "differences",
    "entry_meaning",
    "is_empty_value",
    "lost_in_rewrite",
    "meaning_of",
    "month_number",
    "same_value",
    "value_meaning",
]

_SPACE_RUN = re.compile(r"[ \t\r\n]+")
_DIGITS = re.compile(r"[0-9]+")
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_NUMBERS = {
    **{name: number for number, name in enumerate(_MONTHS, 1)},
    **{name[:3]: number for number, name in enumerate(_MONTHS, 1)},
    **{str(number): number for number in range(1, 13)},
    **{f"{number:02d}": number for number in range(1, 10)},
}

Part = tuple[str, str]
ValueMeaning = tuple[Part, ...]
FieldMeaning = tuple[str, ValueMeaning]
EntryMeaning = tuple[str, str, tuple[FieldMeaning, ...]]


def _squeeze(text: str) -> str:
    if "  " in text or "\n" in text or "\t" in text or "\r" in text:
        return _SPACE_RUN.sub(" ", text)
    return text


def _parts(raw: str) -> list[tuple[Delimiter, str]]:
    """``value_parts`` with the common one-part cases done without a scan."""
    if raw and "#" not in raw:
        first, last = raw[0], raw[-1]
        if (first == "{" and last == "}") or (first == '"' and last == '"' and len(raw) > 1):
            kind = Delimiter.BRACES if first == "{" else Delimiter.QUOTES
            return [(kind, raw[1:-1])]
        if _DIGITS.fullmatch(raw):
            return [(Delimiter.BARE, raw)]
    return value_parts(raw)


def month_number(text: str) -> int | None:
    """1-12 for a month's full English name, three-letter abbreviation or number."""
    return _MONTH_NUMBERS.get(text.strip().lower())


def value_meaning(raw: str, *, month: bool = False) -> ValueMeaning:
    """The value as strings (``s``) and macro names (``m``), layout aside."""
    if not month and raw and "#" not in raw:
        first = raw[0]
        if (first == "{" and raw[-1] == "}") or (first == '"' and raw[-1] == '"' and len(raw) > 1):
            return (("s", _squeeze(raw[1:-1])),)
    pieces: list[Part] = []
    for kind, content in _parts(raw):
        if kind is Delimiter.BARE and not _DIGITS.fullmatch(content):
            pieces.append(("m", content.lower()))
        elif pieces and pieces[-1][0] == "s":
            pieces[-1] = ("s", pieces[-1][1] + content)
        else:
            pieces.append(("s", content))
    squeezed = tuple((kind, _squeeze(text) if kind == "s" else text) for kind, text in pieces)
    if month and len(squeezed) == 1:
        number = month_number(squeezed[0][1])
        if number is not None:
            return (("month", str(number)),)
    return squeezed


def is_empty_value(raw: str) -> bool:
    """Whether a value is an empty (or blank) string: ``{}``, ``""``, ``{ }``."""
    parts = _parts(raw)
    return len(parts) == 1 and parts[0][0] is not Delimiter.BARE and not parts[0][1].strip()


def entry_meaning(entry: Entry, *, drop_empty: bool = False) -> EntryMeaning:
    """Type, key and the fields' meanings (sorted: field order is layout)."""
    names, raws = entry.field_texts()
    fields = [
        (name.lower(), value_meaning(raw, month=name.lower() == "month"))
        for name, raw in zip(names, raws, strict=True)
        if not (drop_empty and is_empty_value(raw))
    ]
    return entry.type, entry.key, tuple(sorted(fields))


@dataclass(frozen=True)
class BibliographyMeaning:
    """A file's content as ``refkit format`` must keep it."""

    #: Entry meanings in file order.
    entries: tuple[EntryMeaning, ...]
    #: ``@string``, ``@preamble``, ``@comment`` and failed blocks, exactly, in order.
    verbatim: tuple[tuple[str, str], ...]
    #: The text between blocks (comments) in paragraphs (blank lines apart), each stripped
    #: of the white space around it.
    comments: tuple[str, ...]


def meaning_of(bibliography: Bibliography, *, drop_empty: bool = False) -> BibliographyMeaning:
    entries: list[EntryMeaning] = []
    verbatim: list[tuple[str, str]] = []
    comments: list[str] = []
    for block in bibliography.blocks:
        if isinstance(block, Entry):
            entries.append(entry_meaning(block, drop_empty=drop_empty))
        elif isinstance(block, TextBlock):
            comments.extend(
                chunk.strip() for chunk in _BLANK_LINE.split(block.raw) if chunk.strip()
            )
        elif isinstance(block, (StringBlock, PreambleBlock, CommentBlock, FailedBlock)):
            verbatim.append((type(block).__name__, block.raw))
    return BibliographyMeaning(tuple(entries), tuple(verbatim), tuple(comments))


def _describe(items: Iterable[EntryMeaning]) -> str:
    return ", ".join(f"@{kind}{{{key}}}" for kind, key, _ in list(items)[:5])


def differences(
    before: BibliographyMeaning, after: BibliographyMeaning, *, ordered: bool = True
) -> list[str]:
    """What changed in meaning, as sentences; empty when nothing did.

    ``ordered=False`` allows entries (and the comments that travel with them) to move.
    """
    found: list[str] = []
    old: Sequence[EntryMeaning] = before.entries
    new: Sequence[EntryMeaning] = after.entries
    if not ordered:
        old, new = sorted(old), sorted(new)
    if old != new:
        lost = [item for item in old if item not in set(new)]
        gained = [item for item in new if item not in set(old)]
        if lost or gained:
            found.append(
                f"entries differ: {len(lost)} changed or lost ({_describe(lost)}),"
                f" {len(gained)} changed or new ({_describe(gained)})"
            )
        else:
            found.append("entries are in another order")
    if before.verbatim != after.verbatim:
        found.append("@string, @preamble, @comment or unparsable blocks differ")
    old_comments, new_comments = before.comments, after.comments
    if not ordered:
        old_comments, new_comments = tuple(sorted(old_comments)), tuple(sorted(new_comments))
    if old_comments != new_comments:
        found.append("comments between entries differ")
    return found


def same_value(name: str, old: str, new: str) -> bool:
    """Whether two value expressions of field ``name`` mean the same."""
    if old == new:
        return True
    if (
        len(old) > 1
        and len(new) > 1
        and old[0] in '{"'
        and new[0] in '{"'
        and "#" not in old
        and "#" not in new
        and old[1:-1] == new[1:-1]
    ):
        return True  # only the delimiters changed
    month = name == "month"
    return value_meaning(old, month=month) == value_meaning(new, month=month)


def lost_in_rewrite(
    expected: Sequence[tuple[str, str, list[str], list[str]]],
    before: Bibliography,
    text: str,
    *,
    ordered: bool = True,
) -> list[str]:
    """How ``text``, the rewritten file, read back differs from what was meant to be written.

    ``expected`` holds, per entry in output order, the type, key, field names and raw
    values written (each value already checked to mean what it replaced); ``text`` must
    scan back as exactly that, and keep ``before``'s other blocks and comments.  The
    scanner is asked directly: building the model again would double the cost.
    """
    found: list[str] = []
    scanned = scan(text)
    offsets = scanned.offsets
    entries = [block for block in scanned.blocks if block.kind is BlockKind.ENTRY]
    if len(entries) != len(expected):
        found.append(f"{len(expected)} entries became {len(entries)}")
    else:
        for (entry_type, key, names, raws), block in zip(expected, entries, strict=True):
            if (
                text[block.type_start : block.type_end] != entry_type
                or text[block.key_start : block.key_end] != key
            ):
                found.append(f"@{entry_type}{{{key}}} does not read back as written")
                break
            first = block.field_start * FIELD_WIDTH
            bounds = offsets[first : first + block.field_count * FIELD_WIDTH].tolist()
            step = range(0, len(bounds), FIELD_WIDTH)
            if [text[bounds[i] : bounds[i + 1]] for i in step] != names or [
                text[bounds[i + 2] : bounds[i + 3]] for i in step
            ] != raws:
                found.append(f"{key!r} does not read back as written")
                break
    verbatim: list[tuple[str, str]] = []
    comments: list[str] = []
    for block in scanned.blocks:
        if block.kind is BlockKind.TEXT:
            _comment_chunks(text[block.start : block.end], comments)
        elif block.kind is not BlockKind.ENTRY:
            verbatim.append((block.kind.value, text[block.start : block.end]))
    old_verbatim, old_comments = meaning_of_blocks(before)
    if old_verbatim != verbatim:
        found.append("@string, @preamble, @comment or unparsable blocks differ")
    if not ordered:
        old_comments, comments = sorted(old_comments), sorted(comments)
    if old_comments != comments:
        found.append("comments between entries differ")
    return found


def _comment_chunks(raw: str, into: list[str]) -> None:
    if not raw.isspace():
        into.extend(chunk.strip() for chunk in _BLANK_LINE.split(raw) if chunk.strip())


def meaning_of_blocks(bibliography: Bibliography) -> tuple[list[tuple[str, str]], list[str]]:
    """The verbatim blocks (kind, text) and the comment paragraphs of a file, in order."""
    verbatim: list[tuple[str, str]] = []
    comments: list[str] = []
    for block in bibliography.blocks:
        if isinstance(block, TextBlock):
            _comment_chunks(block.raw, comments)
        elif not isinstance(block, Entry):
            verbatim.append((block.kind.value, block.raw))
    return verbatim, comments
