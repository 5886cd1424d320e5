"""The bibliography: every block of a .bib file in file order, and how to write it back.

Duplicate keys and duplicate field names are kept as they are (the rules report them);
nothing is resolved by "last one wins".  Writing gives back every untouched byte.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from refkit.bib.blocks import Block, FailedBlock, TextBlock, newline_of
from refkit.bib.entry import Entry
from refkit.bib.fields import SourceContext
from refkit.core.diagnostics import Diagnostic
from refkit.core.errors import UsageError
from refkit.core.spans import SourceMap

__all__ = ["ENCODING_GUESSED", "Bibliography", "FileStamp"]

ENCODING_GUESSED = ("RK002", "encoding-guessed")


@dataclass(frozen=True)
class FileStamp:
    """What a file was when it was read: compared again just before it is replaced."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, status: os.stat_result, data: bytes) -> FileStamp:
        return cls(status.st_size, status.st_mtime_ns, hashlib.sha256(data).hexdigest())


class Bibliography:
    """A parsed .bib file: every block in file order, and how to write it back."""

    def __init__(
        self,
        blocks: list[Block],
        *,
        context: SourceContext,
        encoding: str = "utf-8",
        bom: bytes = b"",
        problems: list[Diagnostic] | None = None,
    ) -> None:
        self._blocks = blocks
        self._context = context
        self.encoding = encoding
        self.bom = bom
        self._problems = problems or []
        #: What the file was when read (``refkit.bib.io.load``), or None.
        self.stamp: FileStamp | None = None

    @property
    def path(self) -> str | None:
        return self._context.path

    @property
    def source(self) -> SourceMap:
        return self._context.source

    @property
    def blocks(self) -> list[Block]:
        """Every block in file order (a copy of the list; blocks are shared)."""
        return list(self._blocks)

    @property
    def entries(self) -> list[Entry]:
        return [block for block in self._blocks if isinstance(block, Entry)]

    def indexed_entries(self) -> Iterator[tuple[int, Entry]]:
        """Entries with their block index, the identity edits address them by."""
        for index, block in enumerate(self._blocks):
            if isinstance(block, Entry):
                yield index, block

    @property
    def macros(self) -> Mapping[str, str]:
        """``@string`` definitions, lower-case name to value expression."""
        return dict(self._context.macros)

    @property
    def failed_blocks(self) -> list[FailedBlock]:
        return [block for block in self._blocks if isinstance(block, FailedBlock)]

    @property
    def problems(self) -> list[Diagnostic]:
        """Problems met while reading: syntax errors (one per failed block), encoding."""
        found = list(self._problems)
        for index, block in enumerate(self._blocks):
            if isinstance(block, FailedBlock):
                found.append(block.diagnostic(index))
        return found

    @property
    def newline(self) -> str:
        return newline_of(self._context.source.text)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def get(self, key: str) -> Entry | None:
        """The first entry with exactly this key."""
        for entry in self.entries:
            if entry.key == key:
                return entry
        return None

    def first_by_key(self) -> dict[str, Entry]:
        """The first entry of each key, as ``get`` finds it: a snapshot, for many look-ups.

        ``get`` walks the entries, so resolving every entry's ``crossref`` through it is
        quadratic; index once instead (the snapshot does not follow later edits).
        """
        first: dict[str, Entry] = {}
        for entry in self.entries:
            first.setdefault(entry.key, entry)
        return first

    def __getitem__(self, key: str) -> Entry:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    # -- editing -----------------------------------------------------------------

    def add(self, entry: Entry) -> None:
        """Append an entry at the end, separated by a blank line."""
        newline = self.newline
        text = self.dumps()
        if not text or text.endswith(newline * 2):
            gap = ""
        else:
            gap = newline if text.endswith(newline) else newline * 2
        if gap:
            self._blocks.append(TextBlock(text=gap))
        self._blocks.append(entry)
        self._blocks.append(TextBlock(text=newline))

    def remove(self, entry: Entry) -> None:
        """Remove an entry (by identity) and the line break that followed it."""
        for index, block in enumerate(self._blocks):
            if block is entry:
                del self._blocks[index]
                if index < len(self._blocks) and isinstance(self._blocks[index], TextBlock):
                    following = self._blocks[index].raw
                    trimmed = re.sub(r"^[ \t]*\r?\n", "", following, count=1)
                    self._blocks[index] = TextBlock(text=trimmed)
                return
        raise UsageError(f"entry {entry.key!r} is not in this bibliography")

    def copy(self) -> Bibliography:
        """An independent copy: editing it leaves this one as it is."""
        blocks = [block.copy() if isinstance(block, Entry) else block for block in self._blocks]
        copied = Bibliography(
            blocks,
            context=self._context,
            encoding=self.encoding,
            bom=self.bom,
            problems=list(self._problems),
        )
        copied.stamp = self.stamp
        return copied

    # -- writing -----------------------------------------------------------------

    def dumps(self) -> str:
        """The file's text: identical to the input for every untouched byte."""
        newline = self.newline
        return "".join(
            block.format(newline)
            if isinstance(block, Entry) and block.offsets is None
            else block.raw
            for block in self._blocks
        )
