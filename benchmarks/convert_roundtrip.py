"""Measure ``refkit convert`` over the shared corpus: fields kept, losses, biber's reading.

Usage::

    python benchmarks/convert_roundtrip.py                    # CSL-JSON and biblatex round trips
    python benchmarks/convert_roundtrip.py --biber 40 --seed 1  # + biber --tool on a sample

* BibTeX -> CSL-JSON -> BibTeX: every field of every entry must come back (under its own
  name or the biblatex name biber would give it; year/month/day as date).
* BibTeX -> biblatex: the losses reported (dates biber cannot read, ...).
* With ``--biber N``: for N sampled files, ``biber --tool`` on the original and on the
  converted file must read the same fields for each entry, with no new warnings.
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from refkit.bib.io import load, loads  # noqa: E402
from refkit.bib.model import Bibliography  # noqa: E402
from refkit.cite.carry import entries_to_csl, items_to_bib  # noqa: E402
from refkit.core.errors import InputError  # noqa: E402
from refkit.lint.biblatex_datamodel import BIBTEX_FIELD_MAP  # noqa: E402
from refkit.tidy.conversion import convert  # noqa: E402

CORPUS = ROOT / ".." / "shared" / "data" / "bib-corpus" / "files"
_DATE_PARTS = {"year": "date", "month": "date", "day": "date"}
#: (after the temporary file's path is cut out of the message)
_EMPTY = re.compile(r"Data source '\S*\s*(?:is empty|contains no BibTeX entries/macros)")


def normal_names(names: list[str]) -> set[str]:
    """Field names as biber reads them (journal -> journaltitle, year -> date, ...)."""
    out = set()
    for name in names:
        name = name.lower()
        name = BIBTEX_FIELD_MAP.get(name, name)
        out.add(_DATE_PARTS.get(name, name))
    return out


def csl_round_trip(bib: Bibliography) -> tuple[int, list[str]]:
    """Fields checked, and ``key.field`` of those missing after bib -> CSL -> bib."""
    items, _ = entries_to_csl(bib, keep_title_case=True)
    text, _ = items_to_bib(items, "biblatex")
    back = loads(text).entries
    checked = 0
    missing: list[str] = []
    for position, entry in enumerate(bib.entries):
        other = back[position] if position < len(back) else None
        want = normal_names([field.key for field in entry.fields])
        checked += len(want)
        if other is None:
            missing.extend(f"{entry.key}.*" for _ in want)
            continue
        have = normal_names([field.key for field in other.fields])
        # CSL reads these into one variable: either name back means the field survived.
        groups = [{"institution", "school", "organization", "publisher", "howpublished"}]
        for name in sorted(want - have):
            if any(name in group and group & have for group in groups):
                continue
            missing.append(f"{entry.key}.{name}")
    return checked, missing


def biber_tool(path: Path, work: Path) -> tuple[dict[str, set[str]], set[str], bool]:
    """Fields per entry and warnings of ``biber --tool --validate-datamodel`` on ``path``,
    and whether biber read the file at all (no ERROR, an output file written)."""
    out = work / (path.stem + ".out.bib")
    command = ["biber", "--tool", "--validate-datamodel", "--nolog", "--output-file", str(out)]
    done = subprocess.run(
        [*command, str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=work,
    )
    warnings = {
        # biber's temporary file names left out, keys in NFC (as tests/toolchain compares);
        # an empty file and one of comments only are one case ("no entries")
        _EMPTY.sub(
            "Data source has no entries",
            unicodedata.normalize("NFC", re.sub(r"/tmp/\S+|\s*\([^)]*\.bib\)", "", line)),
        )
        for line in done.stdout.splitlines()
        if line.startswith("WARN")
    }
    # a field invalid for the entry's type is the same finding whatever the conversion
    # called the type (BibTeX's @inbook without a booktitle is biblatex's @book)
    # called the type (BibTeX's @inbook without a booktitle is biblatex's @book); a year
    # biber cannot read as a number likewise, however it is written
    warnings = {
        re.sub(r"legacy year field '.*' in entry", "legacy year field in entry", line)
        for line in (re.sub(r" for entrytype '[^']*'", " for its entrytype", w) for w in warnings)
    }
    failed = any(line.startswith("ERROR") for line in done.stdout.splitlines())
    fields: dict[str, set[str]] = {}
    if out.exists():
        for entry in loads(out.read_text(encoding="utf-8", errors="replace")).entries:
            fields[entry.key] = {field.key for field in entry.fields}
    return fields, warnings, out.exists() and not failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--biber", type=int, default=0, help="files to run biber on")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-bytes", type=int, default=60_000, help="largest file sampled")
    args = parser.parse_args()
    files = sorted(CORPUS.resolve().glob("*.bib"))
    checked = 0
    missing: list[str] = []
    losses: Counter[str] = Counter()
    csl_losses: Counter[str] = Counter()
    readable: list[Path] = []
    for path in files:
        try:
            bib = load(path)
        except InputError:
            continue
        readable.append(path)
        count, lost = csl_round_trip(bib)
        checked += count
        missing.extend(f"{path.name}:{item}" for item in lost)
        for loss in convert(bib, "biblatex").losses:
            losses[loss.message.split(" is ")[-1] if "ISO" in loss.message else loss.message] += 1
        for loss in entries_to_csl(bib)[1]:
            csl_losses[loss.message] += 1
    print(f"files read: {len(readable)} of {len(files)}")
    print(f"bib -> CSL-JSON -> bib: {checked - len(missing)} of {checked} fields kept")
    for item in missing[:30]:
        print(f"  missing {item}")
    print(f"bib -> biblatex losses: {sum(losses.values())} {dict(losses.most_common(8))}")
    print(f"bib -> CSL-JSON losses: {sum(csl_losses.values())} {dict(csl_losses)}")
    if args.biber:
        # Sampled as tests/toolchain/test_converted_corpus.py samples (seed 15 there).
        small = sorted(path for path in readable if path.stat().st_size <= args.max_bytes)
        sample = random.Random(args.seed).sample(small, min(args.biber, len(small)))
        same = entries = 0
        new_warnings: Counter[str] = Counter()
        files_warned: Counter[str] = Counter()
        unreadable: list[str] = []
        without_entries: list[str] = []
        with tempfile.TemporaryDirectory() as temp:
            work = Path(temp)
            for path in sample:
                bib = load(path)
                items, _ = entries_to_csl(bib, keep_title_case=True)
                texts = {
                    "biblatex": convert(bib, "biblatex").text,
                    "csl-json round trip": items_to_bib(items, "biblatex")[0],
                }
                before, warned, read = biber_tool(path, work)
                if not read:
                    # biber stops on the original (a syntax error, a key-less entry): there
                    # is nothing of biber's to compare the converted file with
                    unreadable.append(path.name)
                    continue
                if not bib.entries:
                    # only @string macros (a journal abbreviations file): nothing to convert
                    without_entries.append(path.name)
                    continue
                for name, text in texts.items():
                    converted = work / name.replace(" ", "-") / path.name
                    converted.parent.mkdir(exist_ok=True)
                    converted.write_text(text, encoding="utf-8")
                    after, warned_after, _ = biber_tool(converted, converted.parent)
                    if name == "biblatex":
                        for key, names in before.items():
                            entries += 1
                            if after.get(key) == names:
                                same += 1
                            else:
                                diff = names ^ after.get(key, set())
                                print(f"  {path.name}[{key}] fields differ: {sorted(diff)}")
                    extra = warned_after - warned
                    new_warnings[name] += len(extra)
                    files_warned[name] += bool(extra)
                    for line in sorted(extra)[:5]:
                        print(f"  {name}: {path.name} new warning: {line}")
        compared = len(sample) - len(unreadable) - len(without_entries)
        print(f"{len(without_entries)} files hold no entry (not compared)")
        print(
            f"biber --tool on {len(sample)} files: {len(unreadable)} originals biber cannot read"
            f" (not compared: {', '.join(unreadable) or '-'})"
        )
        print(f"on the other {compared}: {same} of {entries} entries read the same")
        for name in ("biblatex", "csl-json round trip"):
            print(
                f"{name}: new biber warnings {new_warnings[name]}, "
                f"in {files_warned[name]} of {compared} files"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
