#!/usr/bin/env python3
"""Parse-back benchmark of the reference importer on unseen styles and unseen items.

    python benchmarks/bench_import_styles.py [--items 300] [--seed 7] [--markdown]

Items: the held-out split of ``../shared/data/bib-corpus`` (whole files, seed 7, see
``scripts/refparse_synth.py``), never used for training.  Styles: the held-out styles
(APA, Chicago author-date and notes, MLA, IEEE, Vancouver (Elsevier), AMA, ACS, Nature,
Harvard (Cite Them Right), Springer author-date and LNCS, DIN 1505-2, ASA, Cell,
Science, Elsevier Harvard, ISO 690, MHRA, APSA); neither they nor any style of their
families is in the training data.  Each item is rendered by refkit's CSL processor,
the text parsed back by ``refkit.refparse.parse_reference`` and its CSL item compared,
field by field, with the item's own values.  A field is judged only where the style
rendered it (the processor's labelled rendering says which variables it wrote), so a
style without DOIs is not counted against the DOI figure.  Comparisons ignore case,
accents and punctuation; names compare family names in order (as many as the style
wrote before "et al."); pages compare as expanded ranges.  Throughput is parse time
only, in CPU seconds.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import refparse_synth as synth  # noqa: E402

from refkit.refparse import parse_reference  # noqa: E402
from refkit.refparse.export import csl_item  # noqa: E402
from refkit.refparse.numbers import expand_page_range  # noqa: E402
from refkit.refparse.tagger import get_tagger  # noqa: E402

FIELDS = (
    "author", "editor", "title", "container-title", "issued", "volume", "issue", "page",
    "DOI", "publisher", "publisher-place",
)  # fmt: skip


def _norm(value: Any) -> str:
    v = unicodedata.normalize("NFKD", str(value))
    v = "".join(c for c in v if not unicodedata.combining(c)).casefold()
    v = re.sub(r"<[^>]+>", "", v)
    v = re.sub(r"[‐‑–—]", "-", v)
    v = re.sub(r"[^\w\s-]", " ", v)
    return " ".join(v.split())


def _families(names: Any) -> list[str]:
    out = []
    names = list(names or [])
    if names and names[-1].get("literal") == "others":
        names.pop()  # "et al." written as BibTeX's "and others": the list is cut, not wrong
    for n in names:
        if "literal" in n:
            out.append(_norm(n["literal"]))
        else:
            fam = " ".join(str(n.get(k, "")) for k in ("non-dropping-particle", "family"))
            out.append(_norm(fam))
    return out


def _year(v: Any) -> str:
    if isinstance(v, dict):
        parts = v.get("date-parts")
        if parts and parts[0]:
            return str(parts[0][0])
        return str(v.get("literal", ""))[:4]
    return ""


def _pages(v: Any) -> str:
    return _norm(expand_page_range(re.sub(r"[‐‑–—]+", "-", str(v))))


def field_right(field: str, want: dict[str, Any], got: dict[str, Any], text: str) -> bool:
    if field in {"author", "editor"}:
        fams = _families(want.get(field))
        shown = [f for f in fams if f and f in _norm(text)]
        parsed = _families(got.get(field))
        if not parsed:
            return False
        return parsed == fams[: len(parsed)] and len(parsed) >= len(shown) - 0
    if field == "issued":
        return _year(want.get(field)) == _year(got.get(field))
    if field == "page":
        return _pages(want.get(field, "")) == _pages(got.get(field, ""))
    if field == "DOI":
        # a DOI percent-encoded in its URL form is the same DOI
        return (
            unquote(str(want.get(field, ""))).casefold()
            == unquote(str(got.get(field, ""))).casefold()
        )
    return _norm(want.get(field, "")) == _norm(got.get(field, ""))


def _sample(items: list[dict[str, Any]], n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    others = [i for i in items if i["type"] != "article-journal"]
    articles = [i for i in items if i["type"] == "article-journal"]
    rng.shuffle(others)
    rng.shuffle(articles)
    chosen = others[: n // 2] + articles[: n - min(len(others), n // 2)]
    for k, item in enumerate(chosen):
        item["id"] = f"h{k}"
    return chosen


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--items", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--styles", nargs="*", default=list(synth.HELD_OUT_STYLES))
    ap.add_argument(
        "--dev",
        action="store_true",
        help="the dev styles (unseen in training, not held out) instead: choose a mix on these",
    )
    ap.add_argument("--markdown", action="store_true", help="print the README table")
    ap.add_argument("--show-errors", type=int, default=0)
    a = ap.parse_args()
    if a.dev:
        a.styles = synth.dev_styles()
    items = _sample(synth.corpus_items("held-out", seed=a.seed), a.items, a.seed)
    get_tagger()
    per_style: dict[str, Counter[str]] = defaultdict(Counter)
    per_field_total: Counter[str] = Counter()
    per_field_right: Counter[str] = Counter()
    refs = full = 0
    cpu = 0.0
    errors: list[str] = []
    for style in a.styles:
        from refkit.cite.render import render_labelled

        try:
            entries = render_labelled(items, style)
        except Exception as exc:
            print(f"{style}: not rendered ({exc})", file=sys.stderr)
            continue
        by_id = {i["id"]: i for i in items}
        for entry in entries:
            want = by_id[entry.key]
            text = " ".join("".join(s.text for s in entry.spans).split())
            shown = {s.label.split(".", 1)[0] for s in entry.spans if s.label}
            c0 = time.process_time()
            got = csl_item(parse_reference(text))
            cpu += time.process_time() - c0
            all_right = True
            stats = per_style[style]
            stats["refs"] += 1
            # "———." stands for the author of the entry before (MLA, Chicago): a list's
            # convention the parser of one string cannot undo; not judged, counted
            substituted = bool(re.match(r"^\W*(?:[—–-]{2,}|_{2,})", text))
            stats["substituted"] += substituted
            for field in FIELDS:
                if field not in shown or not want.get(field):
                    continue
                if substituted and field == "author":
                    continue
                ok = field_right(field, want, got, text)
                stats[field + ":n"] += 1
                stats[field + ":ok"] += ok
                per_field_total[field] += 1
                per_field_right[field] += ok
                if not ok:
                    all_right = False
                    if len(errors) < a.show_errors:
                        errors.append(
                            f"[{style}] {field}: want {want.get(field)!r} got "
                            f"{got.get(field)!r}\n    {text}"
                        )
            stats["full"] += all_right
            refs += 1
            full += all_right
    cols = [f for f in FIELDS if per_field_total[f]]
    head = "| style | refs | all fields right | " + " | ".join(cols) + " |"
    print(head)
    print("|" + "---|" * (3 + len(cols)))
    for style, st in per_style.items():
        cells = [f"{100 * st[f + ':ok'] / st[f + ':n']:.0f}" if st[f + ":n"] else "-" for f in cols]
        print(
            f"| {style} | {st['refs']} | {100 * st['full'] / st['refs']:.1f}% | "
            + " | ".join(cells)
            + " |"
        )
    cells = [f"{100 * per_field_right[f] / per_field_total[f]:.1f}" for f in cols]
    print(
        f"| **all** | {refs} | **{100 * full / max(refs, 1):.1f}%** | " + " | ".join(cells) + " |"
    )
    print()
    print(f"styles: {len(per_style)}  items: {len(items)}  references: {refs}")
    subst = sum(st["substituted"] for st in per_style.values())
    print(f"references whose author is a repeated-author dash (author not judged): {subst}")
    print(f"throughput (parse + CSL item): {refs / max(cpu, 1e-9):.0f} references per CPU second")
    for e in errors:
        print(e)
    return 0


if __name__ == "__main__":
    sys.exit(main())
