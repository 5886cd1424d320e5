"""``refkit format`` against bibtex-tidy: time, memory, and what each changes in the data.

Both tools format copies of the same files in place, each in one process of its own
(``refkit format FILES...`` and ``bibtex-tidy FILES... --modify``, both with their default
options), timed with the child's own resource usage (``os.wait4``: CPU seconds and peak
RSS of that process alone).  Then every output is compared with its input by meaning
(``refkit.tidy.meaning``: delimiters and white space aside) and the differences are
counted: entries lost, keys changed, fields dropped, values changed, comments and
``@string`` blocks changed, and which fields bibtex-tidy changes most.

Needs bibtex-tidy from npm: ``npm install bibtex-tidy`` (found in ./node_modules/.bin,
on PATH, or given with ``--bibtex-tidy PATH``).  Run by hand::

    python benchmarks/bench_format.py                  # the 52 beebe-journals files
    python benchmarks/bench_format.py --glob '*.bib' --per-file   # the whole corpus
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import refkit
from refkit.bib.model import StringBlock
from refkit.core.errors import InputError
from refkit.tidy.meaning import entry_meaning, meaning_of, value_meaning

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "bib-corpus" / "files"


@dataclass
class Run:
    tool: str
    wall: float
    cpu: float
    peak_mb: float
    returncode: int


def run(tool: str, command: list[str]) -> Run:
    """One process, timed by its own rusage."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.stderr is not None:
        process.stderr.close()
    return Run(
        tool, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode
    )


def find_bibtex_tidy(given: str | None) -> list[str]:
    if given:
        return [given]
    local = Path("node_modules/.bin/bibtex-tidy")
    if local.exists():
        return [str(local)]
    found = shutil.which("bibtex-tidy")
    if found:
        return [found]
    sys.exit("bibtex-tidy not found: npm install bibtex-tidy, or pass --bibtex-tidy PATH")


@dataclass
class Changes:
    """What a tool changed in the data of the files it formatted."""

    files: int = 0
    unreadable: int = 0
    entries: int = 0
    entries_lost: int = 0
    keys_changed: int = 0
    entries_changed: int = 0
    fields_dropped: int = 0
    values_changed: int = 0
    strings_changed: int = 0
    strings_rewritten: int = 0
    comments_changed: int = 0
    failed_blocks_changed: int = 0
    by_field: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)


def compare(original: Path, formatted: Path, changes: Changes) -> None:
    """Count the differences in meaning between one input and its formatted copy."""
    changes.files += 1
    try:
        before = refkit.load(original)
        after = refkit.load(formatted)
    except InputError:
        changes.unreadable += 1
        return
    old, new = meaning_of(before), meaning_of(after)
    changes.entries += len(old.entries)
    if _strings(before) != _strings(after):
        changes.strings_changed += 1
    if _strings(before, exact=True) != _strings(after, exact=True):
        changes.strings_rewritten += 1
    if [b for k, b in old.verbatim if k == "FailedBlock"] != [
        b for k, b in new.verbatim if k == "FailedBlock"
    ]:
        changes.failed_blocks_changed += 1
    if sorted(old.comments) != sorted(new.comments):
        changes.comments_changed += 1
    after_by_key: dict[str, list[refkit.Entry]] = {}
    folded: dict[str, list[refkit.Entry]] = {}
    for entry in after.entries:
        after_by_key.setdefault(entry.key, []).append(entry)
        folded.setdefault(entry.key.lower(), []).append(entry)
    for entry in before.entries:
        candidates = after_by_key.get(entry.key)
        if not candidates:
            candidates = folded.get(entry.key.lower())
            if candidates:
                changes.keys_changed += 1
            else:
                changes.entries_lost += 1
                continue
        twin = candidates.pop(0)
        mine = dict(_fields(entry))
        theirs = dict(_fields(twin))
        changed = False
        for name, values in mine.items():
            other = theirs.get(name, [])
            if len(other) < len(values):
                changes.fields_dropped += len(values) - len(other)
                changes.by_field[f"{name} (dropped)"] += 1
                changed = True
            for value, value_after in zip(values, other, strict=False):
                if value != value_after:
                    changes.values_changed += 1
                    changes.by_field[name] += 1
                    changed = True
                    if len(changes.examples) < 12:
                        changes.examples.append(
                            f"{entry.key}.{name}: {_excerpt(value, value_after)}"
                        )
        if changed or entry_meaning(entry)[0] != entry_meaning(twin)[0]:
            changes.entries_changed += 1


def _strings(bib: refkit.Bibliography, *, exact: bool = False) -> list[object]:
    # The @string blocks from the block list (Bibliography.strings went as dead code).
    blocks = [block for block in bib.blocks if isinstance(block, StringBlock)]
    if exact:
        return [block.raw for block in blocks]
    return [(block.name.lower(), value_meaning(block.field.raw)) for block in blocks]


def _excerpt(before: object, after: object) -> str:
    """The two values around their first difference."""
    one, two = str(before), str(after)
    start = next((i for i, (a, b) in enumerate(zip(one, two, strict=False)) if a != b), 0)
    start = max(0, start - 30)
    return f"...{one[start : start + 70]!r} -> ...{two[start : start + 70]!r}"


def _fields(entry: refkit.Entry) -> dict[str, list[object]]:
    found: dict[str, list[object]] = {}
    for name, value in entry_meaning(entry)[2]:
        found.setdefault(name, []).append(value)
    return found


def report(name: str, changes: Changes) -> None:
    print(f"\n{name}: {changes.files} files, {changes.entries} entries")
    for label, value in [
        ("files it could not write readably", changes.unreadable),
        ("entries lost", changes.entries_lost),
        ("keys changed (case)", changes.keys_changed),
        ("entries with changed data", changes.entries_changed),
        ("fields dropped", changes.fields_dropped),
        ("values changed in meaning", changes.values_changed),
        ("files whose @string values changed in meaning", changes.strings_changed),
        ("files whose @string blocks were rewritten", changes.strings_rewritten),
        ("files whose comments changed", changes.comments_changed),
        ("files whose unparsable blocks changed", changes.failed_blocks_changed),
    ]:
        print(f"  {label}: {value}")
    if changes.by_field:
        print(
            "  most changed fields: "
            + ", ".join(f"{n} {c}" for n, c in changes.by_field.most_common(10))
        )
    for example in changes.examples:
        print(f"    e.g. {example}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--glob", default="beebe-journals__*.bib")
    parser.add_argument("--bibtex-tidy", default=None)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-compare", action="store_true", help="time only")
    parser.add_argument(
        "--per-file",
        action="store_true",
        help="run bibtex-tidy once per file (its exit code: the files it failed on)",
    )
    arguments = parser.parse_args()
    files = sorted(CORPUS.glob(arguments.glob))
    if not files:
        sys.exit(f"no corpus files match {arguments.glob!r} in {CORPUS}")
    tidy = find_bibtex_tidy(arguments.bibtex_tidy)
    size = sum(path.stat().st_size for path in files) / 1e6
    print(f"{len(files)} files, {size:.1f} MB")
    runs: list[Run] = []
    with tempfile.TemporaryDirectory() as scratch:
        for repeat in range(arguments.repeat):
            copies: dict[str, list[Path]] = {}
            for tool in ("refkit", "bibtex-tidy"):
                folder = Path(scratch) / f"{tool}-{repeat}"
                folder.mkdir()
                copies[tool] = []
                for path in files:
                    target = folder / path.name
                    shutil.copyfile(path, target)
                    copies[tool].append(target)
            refkit_run = run(
                "refkit",
                [sys.executable, "-m", "refkit", "format", "-q", *map(str, copies["refkit"])],
            )
            if arguments.per_file:
                # bibtex-tidy stops at the first file it cannot parse: one process a file
                tidy_runs = [
                    run("bibtex-tidy", [*tidy, str(path), "--modify", "--quiet"])
                    for path in copies["bibtex-tidy"]
                ]
                tidy_run = Run(
                    "bibtex-tidy",
                    sum(item.wall for item in tidy_runs),
                    sum(item.cpu for item in tidy_runs),
                    max(item.peak_mb for item in tidy_runs),
                    sum(1 for item in tidy_runs if item.returncode),
                )
            else:
                tidy_run = run(
                    "bibtex-tidy",
                    [*tidy, *map(str, copies["bibtex-tidy"]), "--modify", "--quiet"],
                )
            runs.extend([refkit_run, tidy_run])
            print(
                f"run {repeat + 1}: refkit {refkit_run.wall:.1f} s wall,"
                f" {refkit_run.cpu:.1f} s CPU,"
                f" {refkit_run.peak_mb:.0f} MB peak (exit {refkit_run.returncode});"
                f" bibtex-tidy {tidy_run.wall:.1f} s wall, {tidy_run.cpu:.1f} s CPU,"
                f" {tidy_run.peak_mb:.0f} MB peak (exit {tidy_run.returncode});"
                f" CPU ratio {refkit_run.cpu / tidy_run.cpu:.2f}x"
            )
        if arguments.no_compare:
            return
        for tool in ("refkit", "bibtex-tidy"):
            changes = Changes()
            for original, formatted in zip(files, copies[tool], strict=True):
                compare(original, formatted, changes)
            report(tool, changes)


if __name__ == "__main__":
    main()
