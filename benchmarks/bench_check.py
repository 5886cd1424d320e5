"""Benchmark ``refkit check`` against a bare ``bibtexparser.parse_file`` (run by hand).

Each measurement runs in its own subprocess, so peak memory (``ru_maxrss``) is that of
one workload alone.  The workload is the 52 ``beebe-journals__*.bib`` files of the
shared corpus (about 59,500 entries), each read and processed in turn.

Usage::

    python benchmarks/bench_check.py [--repeat 1] [--corpus DIR] [--select RK1,RK2]

Targets (issue 3, point 7): check time <= 1.3 x parse time, peak memory <= 1.2 x.
CPU time (``time.process_time``) is reported beside wall time: on a shared machine
it is the steadier of the two.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "bib-corpus" / "files"
PATTERN = "beebe-journals__*.bib"

_WORKER = r"""
import json, resource, sys, time
from pathlib import Path

mode, corpus, pattern, select = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
files = sorted(str(path) for path in Path(corpus).resolve().glob(pattern))
entries = findings = 0
if mode == "bibtexparser":
    import bibtexparser
    start, cpu_start = time.perf_counter(), time.process_time()
    for name in files:
        entries += len(bibtexparser.parse_file(name).entries)
elif mode == "load":
    import refkit
    start, cpu_start = time.perf_counter(), time.process_time()
    for name in files:
        entries += len(refkit.load(name).entries)
else:
    import datetime
    import refkit
    from refkit.lint.checking import check
    from refkit.lint.config import Config
    config = Config(select=tuple(select.split(",")), today=datetime.date(2026, 11, 28))
    start, cpu_start = time.perf_counter(), time.process_time()
    for name in files:
        bibliography = refkit.load(name)
        entries += len(bibliography.entries)
        findings += len(check(bibliography, config))
        # Like parse_file(name).entries above: one file alive at a time, not two.
        del bibliography
elapsed = time.perf_counter() - start
cpu = time.process_time() - cpu_start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"mode": mode, "select": select, "files": len(files), "entries": entries,
                  "findings": findings, "seconds": elapsed, "cpu_seconds": cpu,
                  "peak_mb": peak}))
"""


def measure(mode: str, corpus: Path, select: str = "RK") -> dict[str, float]:
    """Run one workload in a fresh interpreter and return its figures."""
    output = subprocess.run(
        [sys.executable, "-c", _WORKER, mode, str(corpus), PATTERN, select],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--modes", default="bibtexparser,load,check")
    parser.add_argument(
        "--select", default="RK", help="code prefixes checked in 'check' mode (comma-separated)"
    )
    args = parser.parse_args(argv)
    best: dict[str, dict[str, float]] = {}
    pairs: list[tuple[float, float]] = []
    for _ in range(args.repeat):
        runs: dict[str, dict[str, float]] = {}
        for mode in args.modes.split(","):
            result = runs[mode] = measure(mode, args.corpus, args.select)
            print(json.dumps(result))
            if mode not in best or result["cpu_seconds"] < best[mode]["cpu_seconds"]:
                best[mode] = result
        if "bibtexparser" in runs and "check" in runs:
            base, run = runs["bibtexparser"], runs["check"]
            pairs.append(
                (run["cpu_seconds"] / base["cpu_seconds"], run["peak_mb"] / base["peak_mb"])
            )
    if pairs:
        # This machine's speed drifts by +-20% between runs; each pair is measured back
        # to back, so the median of the pairs' ratios is the figure to quote.
        times = sorted(ratio for ratio, _ in pairs)
        memory = sorted(ratio for _, ratio in pairs)
        base, run = best["bibtexparser"], best["check"]
        print(
            f"check/parse CPU time: median of {len(pairs)} pairs {statistics.median(times):.2f}x "
            f"(range {times[0]:.2f}-{times[-1]:.2f}; best runs {run['cpu_seconds']:.1f} s / "
            f"{base['cpu_seconds']:.1f} s = {run['cpu_seconds'] / base['cpu_seconds']:.2f}x; "
            f"target <= 1.3); peak memory {statistics.median(memory):.2f}x (target <= 1.2)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
