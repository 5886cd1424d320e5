#!/usr/bin/env python3
"""Throughput of the plain-text reference parser (run by hand, not in CI).

    python benchmarks/bench_import.py [--repeat N]

Parses the 1,398 strings of ../shared/data/refparse/dev.jsonl (or, when that is
absent, the seed essay's reference list repeated) as one pasted list, one per
line, `--repeat` times; model loading is counted once.  Prints references a
second (the target is at least 500).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from refkit.refparse import parse_references  # noqa: E402
from refkit.refparse.export import to_bibtex  # noqa: E402
from refkit.refparse.tagger import get_tagger  # noqa: E402

SHARED = ROOT.parent / "shared"


def corpus() -> list[str]:
    dev = SHARED / "data" / "refparse" / "dev.jsonl"
    if dev.is_file():
        with dev.open(encoding="utf-8") as f:
            return [" ".join(json.loads(line)["text"].split()) for line in f if line.strip()]
    essay = SHARED / "seed" / "000_d3fd854eabf31603.txt"
    lines = essay.read_text(encoding="utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("[toggle title"))
    refs = [ln for ln in lines[start + 1 :] if ln.strip()][:17]
    return refs * 80


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    refs = corpus()
    text = "\n".join(refs) + "\n"
    t0, c0 = time.perf_counter(), time.process_time()
    get_tagger()
    n = 0
    for _ in range(a.repeat):
        parsed = parse_references(text, one_per_line=True)
        to_bibtex(parsed)
        n += len(parsed)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"references: {n}  wall: {wall:.2f} s  cpu: {cpu:.2f} s (model load included once)")
    print(f"throughput: {n / wall:.0f} references/second wall-clock, {n / cpu:.0f} per CPU-second")
    return 0


if __name__ == "__main__":
    sys.exit(main())
