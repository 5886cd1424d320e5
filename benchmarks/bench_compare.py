"""refkit check / fix --check / convert beside bibtexparser, bibclean and bibtex-tidy.

Every workload runs as its own process over the 52 ``beebe-journals__*.bib`` files of
the shared corpus (about 59,500 entries, 57 MB).  The figure is the process's CPU time
(user + system, children included, from ``wait4``) and its peak resident memory: on a
shared machine these hold steady where wall time does not.  Workloads are interleaved
(one of each per round), and each round's ratios to ``refkit check`` are taken, so a
drift of the machine's speed between rounds cancels out; the medians are printed.

Set-up (the other tools are not refkit's dependencies; install them by hand):

    apt-get install -y bibclean                               # Debian's package, 2.11
    npm install --prefix /work/scratch/node-perf bibtex-tidy   # outside the project

Usage::

    nice -n 10 python benchmarks/bench_compare.py [--rounds 3] [--only check,bibclean]
    nice -n 10 python benchmarks/bench_compare.py --scale 50000,100000   # memory per entry

A tool that is not installed is skipped with a note.  ``--scale`` builds files of N
entries from the corpus's entries (keys renamed so none repeats) in a temporary
directory, checks each and prints the peak memory and CPU time per entry; the files are
deleted afterwards and never committed.  ``--jobs 2`` of refkit is reported by wall time
only (CPU time adds the workers up): on a loaded machine that figure is an estimate.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "bib-corpus" / "files"
PATTERN = "beebe-journals__*.bib"
NODE_PREFIX = Path("/work/scratch/node-perf")

_PARSE = """
import sys, bibtexparser
for name in sys.argv[1:]:
    bibtexparser.parse_file(name)
"""
_CONVERT = """
import contextlib, io, sys
from refkit.cli import main
for name in sys.argv[1:]:
    with contextlib.redirect_stdout(io.StringIO()):
        main(["convert", name, "--to", "csljson"])
"""


def workloads(files: Sequence[str]) -> dict[str, list[str] | None]:
    """The command of each workload, or None when its tool is missing."""
    python = sys.executable
    tidy = NODE_PREFIX / "node_modules" / ".bin" / "bibtex-tidy"
    return {
        "refkit check": [python, "-m", "refkit", "check", "--format", "json", "-j", "1", *files],
        "refkit fix --check": [python, "-m", "refkit", "fix", "--check", "-j", "1", *files],
        "refkit convert": [python, "-c", _CONVERT, *files],
        "bibtexparser parse": [python, "-c", _PARSE, *files],
        "bibclean -check-values": (
            ["bibclean", "-check-values", *files] if shutil.which("bibclean") else None
        ),
        # bibtex-tidy tidies one file per run (file arguments before options, one output).
        "bibtex-tidy": (
            ["sh", "-c", f'for f; do "{tidy}" < "$f"; done', "sh", *files]
            if tidy.exists()
            else None
        ),
    }


def run(command: Sequence[str]) -> tuple[float, float, float]:
    """CPU seconds, wall seconds and peak memory (MB) of one command."""
    start = time.perf_counter()
    with open(os.devnull, "w") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=sink)
        _, _status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def compare(files: list[str], rounds: int, only: set[str] | None) -> None:
    commands = {
        name: command
        for name, command in workloads(files).items()
        if only is None or any(part in name for part in only)
    }
    for name, command in commands.items():
        if command is None:
            print(f"{name}: not installed, skipped (see the set-up notes)")
    present = {name: command for name, command in commands.items() if command is not None}
    figures: dict[str, list[tuple[float, float, float]]] = {name: [] for name in present}
    for number in range(rounds):
        for name, command in present.items():
            figures[name].append(run(command))
            cpu, wall, peak = figures[name][-1]
            print(f"round {number + 1}: {name:24} {cpu:7.2f} CPU s {wall:7.2f} s {peak:7.0f} MB")
    base = figures.get("refkit check")
    print(f"\n{len(files)} files; medians of {rounds} rounds (CPU s, peak MB, ratio to check)")
    for name, runs in figures.items():
        cpu = statistics.median(item[0] for item in runs)
        peak = statistics.median(item[2] for item in runs)
        ratio = ""
        if base is not None:
            ratios = [mine[0] / check[0] for mine, check in zip(runs, base, strict=True)]
            ratio = f"{statistics.median(ratios):6.2f}x check"
        print(f"{name:24} {cpu:8.2f} {peak:8.0f} {ratio}")
    if base is not None and "refkit check" in present:
        parallel = present["refkit check"][: -len(files)]
        command = [*[part if part != "1" else "2" for part in parallel], *files]
        walls = [run(command)[1] for _ in range(rounds)]
        serial = statistics.median(item[1] for item in base)
        print(
            f"refkit check -j 2: {statistics.median(walls):.2f} s wall vs {serial:.2f} s "
            f"with -j 1 ({serial / statistics.median(walls):.2f}x; wall time on a shared "
            "machine: an estimate)"
        )


_KEY = re.compile(r"(@[A-Za-z]+\s*\{\s*)([^,\s]+)(\s*,)")


def build_file(sources: list[str], entries: int, target: Path) -> int:
    """Write about ``entries`` entries from ``sources``, keys renamed; returns the count."""
    written = 0
    copy = 0
    with target.open("w", encoding="utf-8") as out:
        while written < entries:
            before = written
            for name in sources:
                text = Path(name).read_text(encoding="utf-8", errors="replace")
                count = len(_KEY.findall(text))
                if written + count > entries:
                    continue
                suffix = f".c{copy}"
                out.write(
                    _KEY.sub(lambda match, tail=suffix: match[1] + match[2] + tail + match[3], text)
                )
                written += count
                copy += 1
            if written == before:  # no whole file fits in what is left
                break
    return written


def scale(files: list[str], sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / f"scale-{size}.bib"
            made = build_file(files, size, path)
            command = [sys.executable, "-m", "refkit", "check", "--format", "json", str(path)]
            cpu, _wall, peak = run(command)
            print(
                f"{made:>9} entries, {path.stat().st_size / 1e6:7.1f} MB: {cpu:7.2f} CPU s "
                f"({cpu / made * 1e6:5.1f} us/entry), peak {peak:7.0f} MB "
                f"({peak * 1024 / made:5.2f} KB/entry)"
            )
            path.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default=None, help="comma-separated parts of workload names")
    parser.add_argument("--scale", default=None, help="comma-separated entry counts")
    parser.add_argument("--every", type=int, default=1, help="every Nth file only (a sample)")
    args = parser.parse_args(argv)
    files = sorted(str(path) for path in args.corpus.resolve().glob(PATTERN))[:: args.every]
    if not files:
        print(f"no {PATTERN} in {args.corpus}")
        return 1
    if args.scale:
        scale(files, [int(part) for part in args.scale.split(",")])
        return 0
    compare(files, args.rounds, set(args.only.split(",")) if args.only else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
