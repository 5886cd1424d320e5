"""Count ``refkit check`` findings per rule over the shared corpus; sample them for review.

Usage::

    python benchmarks/corpus_findings.py                 # counts per rule
    python benchmarks/corpus_findings.py --sample RK305 20 [--sample RK306 10] [--seed 1]

Files that cannot be read (``InputError``, e.g. a GBK file without ``--encoding``) are
skipped and listed.  The shared corpus lives beside the repository in ``../shared``.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import random
import sys
from pathlib import Path

import refkit
from refkit.core.diagnostics import Diagnostic
from refkit.core.errors import InputError
from refkit.lint.checking import check
from refkit.lint.config import Config
from refkit.lint.rules import default_rules

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "bib-corpus" / "files"
TODAY = datetime.date(2026, 11, 28)


def findings(corpus: Path) -> tuple[list[tuple[Path, Diagnostic]], list[Path]]:
    """Every diagnostic of every readable corpus file, and the unreadable files."""
    found: list[tuple[Path, Diagnostic]] = []
    skipped: list[Path] = []
    for path in sorted(corpus.resolve().glob("*.bib")):
        try:
            bibliography = refkit.load(str(path))
        except InputError:
            skipped.append(path)
            continue
        found.extend((path, diagnostic) for diagnostic in check(bibliography, Config(today=TODAY)))
    return found, skipped


def show(path: Path, diagnostic: Diagnostic) -> str:
    """One finding with the source line it points at."""
    lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    line = diagnostic.line or 0
    source = lines[line - 1].strip()[:160] if 0 < line <= len(lines) else ""
    return (
        f"{path.name}:{line}: {diagnostic.code} [{diagnostic.location}] {diagnostic.message}\n"
        f"    | {source}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--sample", nargs=2, metavar=("CODE", "N"), action="append")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    found, skipped = findings(args.corpus)
    names = {rule.code: rule.name for rule in default_rules()}
    counts = collections.Counter(diagnostic.code for _, diagnostic in found)
    files = collections.defaultdict(set)
    for path, diagnostic in found:
        files[diagnostic.code].add(path.name)
    print(f"{'code':6} {'name':32} {'findings':>9} {'files':>6}")
    for code in sorted(names):
        print(f"{code:6} {names[code]:32} {counts.get(code, 0):9} {len(files.get(code, ())):6}")
    print(f"total {sum(counts.values())} findings; skipped (unreadable): "
          + (", ".join(path.name for path in skipped) or "none"))
    if args.sample:
        print()
        for code, size_text in args.sample:
            size = int(size_text)
            chosen = [item for item in found if item[1].code == code.upper()]
            random.Random(args.seed).shuffle(chosen)
            for path, diagnostic in chosen[:size]:
                print(show(path, diagnostic))
            print(f"({min(size, len(chosen))} of {len(chosen)} {code} findings)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
