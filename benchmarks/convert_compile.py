"""Does ``refkit convert``'s output compile wherever the original does?  (issue 15, point 4)

Usage::

    python benchmarks/convert_compile.py --files 30 --seed 21

For a seeded sample of corpus files, each original is compiled with LaTeX + biblatex/biber
and with LaTeX + BibTeX (plain.bst), on a document that cites every entry; then its
conversions are compiled the same way: ``convert --to biblatex`` with biber,
``convert --to bibtex`` with BibTeX, and the CSL-JSON round trip (``convert --to csljson``
and back to biblatex) with biber.  A conversion fails when the original compiled without
an error and the converted file does not, or when it prints fewer entries.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.toolchain.tools import Compilation, compile_biblatex, compile_bibtex  # noqa: E402

from refkit.bib.io import load  # noqa: E402
from refkit.cite.carry import entries_to_csl, items_to_bib  # noqa: E402
from refkit.core.errors import InputError  # noqa: E402
from refkit.tidy.conversion import convert  # noqa: E402

CORPUS = ROOT / ".." / "shared" / "data" / "bib-corpus" / "files"
_BIBLATEX_ITEM = re.compile(r"\\entry\{([^}]*)\}")
_BIBTEX_ITEM = re.compile(r"\\bibitem(?:\[[^]]*\])?\{([^}]*)\}")


def printed(compilation: Compilation, pattern: re.Pattern[str]) -> set[str]:
    return set(pattern.findall(compilation.bbl))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=30)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--max-bytes", type=int, default=40_000)
    args = parser.parse_args()
    pool = sorted(
        path for path in CORPUS.resolve().glob("*.bib") if path.stat().st_size <= args.max_bytes
    )
    sample = random.Random(args.seed).sample(pool, min(args.files, len(pool)))
    outcome = {name: [0, 0] for name in ("biblatex", "bibtex", "csl-json round trip")}
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        for number, path in enumerate(sample):
            try:
                bib = load(path)
            except InputError:
                continue
            items, _ = entries_to_csl(bib, keep_title_case=True)
            conversions = {
                "biblatex": (convert(bib, "biblatex").text, compile_biblatex, _BIBLATEX_ITEM),
                "bibtex": (convert(bib, "bibtex").text, compile_bibtex, _BIBTEX_ITEM),
                "csl-json round trip": (
                    items_to_bib(items, "biblatex")[0],
                    compile_biblatex,
                    _BIBLATEX_ITEM,
                ),
            }
            originals: dict[str, Compilation] = {}
            for name, (text, compile_, pattern) in conversions.items():
                kind = "bibtex" if compile_ is compile_bibtex else "biblatex"
                if kind not in originals:
                    originals[kind] = compile_(path, work / f"{number}-original-{kind}")
                original = originals[kind]
                if original.errors:
                    continue  # the original does not compile: nothing to keep
                converted_path = work / f"{number}-{name.replace(' ', '-')}.bib"
                converted_path.write_text(text, encoding="utf-8")
                converted = compile_(converted_path, work / f"{number}-{name.replace(' ', '-')}")
                outcome[name][1] += 1
                lost = printed(original, pattern) - printed(converted, pattern)
                if converted.errors or lost:
                    print(
                        f"  {name}: {path.name}: errors {converted.errors[:2]},"
                        f" lost {sorted(lost)[:5]}"
                    )
                else:
                    outcome[name][0] += 1
    print(f"sample: {len(sample)} files (seed {args.seed}, <= {args.max_bytes} bytes)")
    for name, (good, compared) in outcome.items():
        print(
            f"{name}: compiles with every entry in {good} of {compared} files whose original does"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
