"""Which entries a partial run touches: named keys, or the lines changed since a git revision.

``git diff --unified=0 REV -- FILE`` gives the changed line ranges of the working file;
an entry is chosen when any of its lines is among them (a deletion chooses the entries
on either side of it).  A file that did not exist at ``REV`` is all new.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Collection
from pathlib import Path

from refkit.bib.model import Entry
from refkit.core.errors import UsageError

__all__ = ["changed_lines", "entries_on_lines", "keys_selector"]

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(?P<start>\d+)(?:,(?P<count>\d+))? @@", re.MULTILINE)


def _git(arguments: list[str], where: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", *arguments], cwd=where, capture_output=True, text=True, check=False
        )
    except OSError as error:
        raise UsageError(f"cannot run git: {error.strerror or error}") from None


def changed_lines(path: str, revision: str) -> set[int] | None:
    """The 1-based line numbers of ``path`` changed since ``revision``; None: every line
    (the file is new since then)."""
    file = Path(path).resolve()
    where = file.parent
    top = _git(["rev-parse", "--show-toplevel"], where)
    if top.returncode != 0:
        raise UsageError(f"{path}: --since needs a git work tree ({top.stderr.strip()})")
    verified = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], where)
    if verified.returncode != 0:
        raise UsageError(f"--since: {revision!r} is not a git revision")
    relative = file.relative_to(Path(top.stdout.strip()).resolve()).as_posix()
    exists = _git(["cat-file", "-e", f"{revision}:{relative}"], where)
    if exists.returncode != 0:
        return None
    diff = _git(["diff", "--unified=0", "--no-color", revision, "--", relative], where)
    if diff.returncode != 0:
        raise UsageError(f"{path}: git diff failed: {diff.stderr.strip()}")
    lines: set[int] = set()
    for hunk in _HUNK.finditer(diff.stdout):
        start = int(hunk.group("start"))
        count = int(hunk.group("count")) if hunk.group("count") is not None else 1
        if count == 0:
            lines.update((start, start + 1))  # a deletion after line ``start``
        else:
            lines.update(range(start, start + count))
    return lines


def entries_on_lines(lines: set[int] | None) -> Callable[[Entry], bool]:
    """A selector of the entries that have a line in ``lines`` (None: every entry)."""

    def chosen(entry: Entry) -> bool:
        if lines is None:
            return True
        span = entry.span
        if span is None:
            return True
        return any(line in lines for line in range(span.start_line, span.end_line + 1))

    return chosen


def keys_selector(keys: Collection[str]) -> Callable[[Entry], bool]:
    """A selector of the entries with one of these keys (exactly, case kept)."""
    wanted = frozenset(keys)
    return lambda entry: entry.key in wanted
