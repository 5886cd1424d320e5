"""Peak memory and time of ``refkit check`` on generated files of 100,000 and 1,000,000
entries (issue 21, point 4: under 1 KB per entry plus a constant, in linear time).

The file is built in /tmp from the corpus's 52 beebe journal files (59,512 entries):
copy 0 is the files as they are; every further copy has its entries only (no
``@string``, ``@preamble`` or comments), their keys renamed (``key~c3``), their DOIs
moved under a copy prefix (``10.1002/c3.x``) and the letters of their titles
permuted by a per-copy table.  Without the last two, copy 3 of an entry would be the
same work as copy 0 (same DOI, same title, year and first author): a file of 17
copies would be 94% duplicates, not a large bibliography.

Each run is a fresh ``refkit check --format json`` subprocess (output to /dev/null);
its peak resident set comes from ``os.wait4``'s rusage, its CPU time too.

    python benchmarks/bench_memory.py                 # streamed (the CLI's default)
    python benchmarks/bench_memory.py --in-memory     # the whole-file check, for comparison
    python benchmarks/bench_memory.py --sizes 100000  # one size only
"""

from __future__ import annotations

import argparse
import os
import random
import re
import string
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "bib-corpus" / "files"

_ENTRY = re.compile(r"@(?!string\b|preamble\b|comment\b)(\w+)\s*\{\s*([^,\s]+)\s*,", re.I)
_DOI = re.compile(r"(\bdoi\s*=\s*[{\"]\s*(?:https?://(?:dx\.)?doi\.org/)?10\.\d+/)", re.I)
_TITLE = re.compile(r"^(\s*title\s*=\s*)(.*)$", re.I | re.M)


def _entry_texts(text: str) -> list[str]:
    """The entry blocks of a beebe file, roughly: from each ``@type{`` to the next ``@``
    at a line start (beebe's files put every block at a line start)."""
    starts = [match.start() for match in re.finditer(r"^@", text, re.M)]
    ends = [*starts[1:], len(text)]
    blocks = [text[start:end] for start, end in zip(starts, ends, strict=True)]
    return [block for block in blocks if _ENTRY.match(block)]


def _copy(block: str, number: int, table: dict[int, int]) -> str:
    block = _ENTRY.sub(lambda m: f"@{m.group(1)}{{{m.group(2)}~c{number},", block, count=1)
    block = _DOI.sub(lambda m: f"{m.group(1)}c{number}.", block)
    return _TITLE.sub(lambda m: m.group(1) + m.group(2).translate(table), block, count=1)


def generate(entries: int, target: Path) -> int:
    """Writes a file of about ``entries`` entries to ``target``; returns the count."""
    files = sorted(CORPUS.glob("beebe-journals__*.bib"))
    texts = [path.read_text(encoding="utf-8") for path in files]
    written = 0
    with target.open("w", encoding="utf-8") as out:
        for text in texts:
            out.write(text if text.endswith("\n") else text + "\n")
            written += len(_entry_texts(text))
        number = 0
        while written < entries:
            number += 1
            letters = list(string.ascii_lowercase)
            random.Random(number).shuffle(letters)
            table = str.maketrans(
                string.ascii_lowercase + string.ascii_uppercase,
                "".join(letters) + "".join(letters).upper(),
            )
            for text in texts:
                for block in _entry_texts(text):
                    if written >= entries:
                        break
                    out.write(_copy(block, number, table))
                    written += 1
    return written


def measure(path: Path, in_memory: bool) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in KB) of one check of ``path``."""
    command = [sys.executable, "-m", "refkit", "check", "--format", "json", str(path)]
    command[4:4] = ["--streaming", "never" if in_memory else "always"]
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - began
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"refkit check failed: {status}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--in-memory", action="store_true", help="the whole-file check")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    options = parser.parse_args()
    rows: list[tuple[int, int, float, float, int]] = []
    for size in options.sizes:
        target = Path(f"/tmp/refkit-bench-{size}.bib")
        if not target.exists():
            generate(size, target)
        entries = len(_ENTRY.findall(target.read_text(encoding="utf-8")))
        wall, cpu, peak = measure(target, options.in_memory)
        rows.append((entries, target.stat().st_size, wall, cpu, peak))
        print(
            f"{entries:>9,} entries {target.stat().st_size / 1e6:8.1f} MB: "
            f"wall {wall:7.1f} s, CPU {cpu:7.1f} s, peak {peak / 1024:8.1f} MB, "
            f"{peak / entries:6.3f} KB/entry, {cpu / entries * 1e6:6.1f} us/entry",
            flush=True,
        )
        if not options.keep:
            target.unlink()
    if len(rows) >= 2:
        (n1, _, _, c1, p1), (n2, _, _, c2, p2) = rows[0], rows[-1]
        print(
            f"growth {n1:,} -> {n2:,}: {(p2 - p1) / (n2 - n1):.3f} KB per added entry; "
            f"CPU per entry ratio {(c2 / n2) / (c1 / n1):.2f} (1.00 = linear)"
        )


if __name__ == "__main__":
    main()
