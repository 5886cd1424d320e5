"""Benchmark: load the 52 beebe-journals files, refkit vs bare bibtexparser v2.

Run by hand:  python benchmarks/bench_load.py [--corpus DIR]
Each measurement runs in its own subprocess so peak memory (ru_maxrss) is its own.
Loading means building the full model: every entry's fields are materialised.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

DEFAULT_CORPUS = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "bib-corpus" / "files"
)

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
files = sorted(Path(sys.argv[2]).glob("beebe-journals__*.bib"))
tool = sys.argv[1]
start = time.perf_counter()
entries = fields = 0
if tool == "refkit":
    import refkit
    keep = []
    for path in files:
        bib = refkit.load(path)
        for entry in bib.entries:
            entries += 1
            fields += len(entry.fields)
        keep.append(bib)
else:
    import bibtexparser
    keep = []
    for path in files:
        library = bibtexparser.parse_file(str(path))
        for entry in library.entries:
            entries += 1
            fields += len(entry.fields)
        keep.append(library)
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"tool": tool, "files": len(files), "entries": entries, "fields": fields,
                  "seconds": elapsed, "peak_mb": peak}))
"""


def measure(tool: str, corpus: Path) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-c", _CHILD, tool, str(corpus)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    arguments = parser.parse_args()
    results = [measure("bibtexparser", arguments.corpus), measure("refkit", arguments.corpus)]
    for result in results:
        print(
            f"{result['tool']:<13} {result['files']:.0f} files  {result['entries']:.0f} entries  "
            f"{result['seconds']:.2f} s  {result['entries'] / result['seconds']:,.0f} entries/s  "
            f"peak {result['peak_mb']:.0f} MB"
        )
    base, ours = results
    print(
        f"refkit/bibtexparser: time {ours['seconds'] / base['seconds']:.2f}x, "
        f"memory {ours['peak_mb'] / base['peak_mb']:.2f}x"
    )


if __name__ == "__main__":
    main()
