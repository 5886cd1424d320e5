"""Benchmark checking as map and reduce (``refkit.lint.distributed``) against one check.

For each file (by default the five largest of the shared corpus) it times, in CPU
seconds, ``check`` on the whole file and the chunked pipeline's phases: pass 1
(``file_facts`` of every chunk), pass 2 (``check_chunk`` of every chunk) and the
finish (``merged_findings``: the cross-entry rules over the merged records), and checks
that both report the same findings.  The finish is what one process must do however
many workers there are, so ``(pass1 + pass2) / N + finish`` bounds the N-worker time.

Usage::

    python benchmarks/bench_distributed.py [--chunks 8] [--repeat 3] [FILE ...]
"""

from __future__ import annotations

import argparse
import statistics
import time
from functools import reduce
from pathlib import Path

from refkit.bib.io import load
from refkit.lint.checking import check
from refkit.lint.distributed import (
    check_chunk,
    file_facts,
    merge_file_facts,
    merged_findings,
    split_text,
)

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "bib-corpus" / "files"


def _cpu(function: object) -> tuple[float, object]:
    start = time.process_time()
    result = function()  # type: ignore[operator]
    return time.process_time() - start, result


def measure(path: str, chunks: int) -> dict[str, float | bool | int]:
    whole_time, whole = _cpu(lambda: check(load(path)))
    text = load(path).source.text
    pieces = split_text(text, path, size=max(len(text) // chunks, 1))
    pass1, facts = _cpu(lambda: reduce(merge_file_facts, map(file_facts, pieces)))
    pass2, results = _cpu(lambda: [check_chunk(piece, facts) for piece in pieces])  # type: ignore[arg-type]
    finish, found = _cpu(lambda: merged_findings(results, facts, None, path))  # type: ignore[arg-type]
    stubs = sum(len(stub.text) for result in results for stub in result.records.stubs)  # type: ignore[attr-defined]
    return {
        "whole": whole_time,
        "pass1": pass1,
        "pass2": pass2,
        "finish": finish,
        "chunks": len(pieces),
        "stub_share": stubs / max(len(text), 1),
        "same": [d.to_dict() for d in found] == [d.to_dict() for d in whole],  # type: ignore[attr-defined]
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*")
    parser.add_argument("--chunks", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    files = options.files or [
        str(path)
        for path in sorted(CORPUS.glob("*.bib"), key=lambda p: p.stat().st_size, reverse=True)[:5]
    ]
    print("file  whole  pass1  pass2  finish  chunks  stubs/text  same  bound(2)  bound(4)")
    for path in files:
        runs = [measure(path, options.chunks) for _ in range(options.repeat)]
        median = {key: statistics.median(float(run[key]) for run in runs) for key in runs[0]}
        work = median["pass1"] + median["pass2"]
        print(
            f"{Path(path).name[:40]:40}  {median['whole']:.2f}  {median['pass1']:.2f}"
            f"  {median['pass2']:.2f}  {median['finish']:.2f}  {int(median['chunks'])}"
            f"  {median['stub_share']:.2f}  {all(run['same'] for run in runs)}"
            f"  {median['whole'] / (work / 2 + median['finish']):.2f}x"
            f"  {median['whole'] / (work / 4 + median['finish']):.2f}x"
        )


if __name__ == "__main__":
    main()
