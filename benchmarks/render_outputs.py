"""Snapshot of rendered output (every engine, style family and format), to show that a
change to the render path changes no output it does not mean to.

Usage::

    python benchmarks/render_outputs.py before.json     # on the old commit
    python benchmarks/render_outputs.py after.json      # on the new one
    python benchmarks/render_outputs.py --compare before.json after.json

The items: the 100 varied CSL items of the CSL tests, 15 entries from each of 25
corpus files (a fixed random sample) and trafficking.bib; bibliographies in 13 CSL
styles by refkit, 3 by citeproc-py, 2 BibTeX styles by pybtex, and 19 citation
clusters per CSL style by refkit, each in text, HTML, Markdown, LaTeX and reST.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.csl.varied_items import varied_items  # noqa: E402

import refkit  # noqa: E402
from refkit.cite.csljson import bibliography_to_csl  # noqa: E402
from refkit.cite.render import parse_cites, render_items  # noqa: E402
from refkit.core.errors import RefkitError  # noqa: E402

CORPUS = REPO / ".." / "shared" / "data" / "bib-corpus" / "files"
FORMATS = ("text", "html", "markdown", "latex", "rst")
CSL_STYLES = (
    "apa", "chicago", "chicago-notes", "mla", "harvard", "ieee", "oscola", "vancouver",
    "nature", "ama", "acs", "science", "bluebook",
)  # fmt: skip


def _items() -> list[dict[str, object]]:
    items: list[dict[str, object]] = list(varied_items(100))
    files = sorted(CORPUS.glob("*.bib"))
    for path in random.Random(7).sample(files, min(25, len(files))):
        try:
            items += bibliography_to_csl(refkit.load(path))[:15]
        except RefkitError:
            continue
    items += bibliography_to_csl(refkit.load(REPO / "bib" / "trafficking.bib"))
    unique: dict[str, dict[str, object]] = {}
    for item in items:
        unique.setdefault(str(item["id"]), item)
    return list(unique.values())


def _render(out: dict[str, object], name: str, *args: object, **kwargs: object) -> None:
    try:
        rendered = render_items(*args, **kwargs)  # type: ignore[arg-type]
    except RefkitError as error:
        out[name] = repr(error)
        return
    if rendered.citations:
        out[name] = list(rendered.citations)
    else:
        out[name] = [[entry.key, entry.text] for entry in rendered.entries]


def snapshot() -> dict[str, object]:
    items = _items()
    keys = [str(item["id"]) for item in items[:40]]
    cites = [parse_cites(f"{keys[i]}, p. {i}; {keys[i + 1]}") for i in range(0, 38, 2)]
    out: dict[str, object] = {}
    for fmt in FORMATS:
        for style in CSL_STYLES:
            _render(out, f"refkit|{style}|{fmt}", items, style, fmt, engine="refkit")
            _render(out, f"refkit-cites|{style}|{fmt}", items, style, fmt, cites=cites)
        for style in ("apa", "ieee", "chicago-notes"):
            _render(out, f"cpy|{style}|{fmt}", items[:120], style, fmt, engine="citeproc-py")
        for style in ("bibtex:plain", "bibtex:alpha"):
            _render(out, f"pybtex|{style}|{fmt}", items, style, fmt, engine="pybtex")
    return out


def compare(before: dict[str, object], after: dict[str, object]) -> int:
    changed = 0
    for name, old in before.items():
        new = after.get(name)
        if old != new:
            olds = old if isinstance(old, list) else [old]
            news = new if isinstance(new, list) else [new]
            diffs = [(o, n) for o, n in zip(olds, news, strict=False) if o != n]
            changed += max(len(diffs), 1)
            print(f"{name}: {len(diffs)} changed")
            for o, n in diffs[:2]:
                print(f"  - {o}\n  + {n}")
    total = sum(len(v) if isinstance(v, list) else 1 for v in before.values())
    print(f"{changed} of {total} rendered strings changed")
    return 1 if changed else 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--compare", action="store_true")
    args = parser.parse_args()
    if args.compare:
        before, after = (json.loads(path.read_text(encoding="utf-8")) for path in args.paths)
        return compare(before, after)
    args.paths[0].write_text(json.dumps(snapshot(), ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
