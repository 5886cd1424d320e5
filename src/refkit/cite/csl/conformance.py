"""Drive the CSL processor test suite (``processor-tests/humans``).

Usage: ``python -m refkit.cite.csl.conformance SUITE_DIR [--json OUT] [-v] [-k SUBSTR]``
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .processor import CitationProcessor, CiteCluster, CiteRef, compute_positions

__all__ = ["Fixture", "FixtureResult", "load_fixture", "main", "run_fixture", "run_suite"]

_SECTION = re.compile(r"^>>=+\s*([A-Z-]+)\s*=+>>\s*$(.*?)^<<=+\s*\1\s*=+<<\s*$", re.M | re.S)


@dataclass(slots=True)
class Fixture:
    name: str
    mode: str
    result: str
    csl: str
    input: list[dict[str, Any]]
    citation_items: list[list[dict[str, Any]]] | None = None
    citations: list[list[Any]] | None = None

    @property
    def category(self) -> str:
        return self.name.split("_", 1)[0]


@dataclass(slots=True)
class FixtureResult:
    name: str
    category: str
    passed: bool
    expected: str
    got: str
    error: str = ""


def load_fixture(path: Path) -> Fixture:
    text = path.read_text(encoding="utf-8").lstrip("\ufeff")
    sections = {m.group(1): m.group(2) for m in _SECTION.finditer(text)}
    ci = sections.get("CITATION-ITEMS")
    cs = sections.get("CITATIONS")
    return Fixture(
        name=path.stem,
        mode=sections.get("MODE", "citation").strip(),
        result=sections.get("RESULT", "").strip("\n"),
        csl=sections.get("CSL", "").strip(),
        input=json.loads(sections.get("INPUT", "[]")),
        citation_items=json.loads(ci) if ci and ci.strip() else None,
        citations=json.loads(cs) if cs and cs.strip() else None,
    )


def _bib_html(entries: Sequence[str]) -> str:
    body = "".join(f'  <div class="csl-entry">{e}</div>\n' for e in entries)
    return f'<div class="csl-bib-body">\n{body}</div>'


def _cluster_from_citation(c: dict[str, Any]) -> CiteCluster:
    props = c.get("properties", {}) or {}
    return CiteCluster(
        id=str(c.get("citationID", "")),
        note_index=int(props.get("noteIndex", 0) or 0),
        cites=[CiteRef.from_json(x) for x in c.get("citationItems", [])],
    )


def _render_doc(
    proc: CitationProcessor, items: list[dict[str, Any]], clusters: list[CiteCluster]
) -> list[str]:
    order: list[str] = []
    for c in clusters:
        for ref in c.cites:
            if ref.id not in order:
                order.append(ref.id)
    sess = proc.session(items, order)
    infos = compute_positions(clusters, proc.style.citation)
    return [
        proc.to_str(sess.cluster_node(list(zip(c.cites, inf, strict=False))))
        for c, inf in zip(clusters, infos, strict=False)
    ]


def _run(fx: Fixture) -> str:
    proc = CitationProcessor(fx.csl, output="html")
    items = fx.input
    all_ids = [str(i.get("id", "")) for i in items]
    for it in items:
        it["id"] = str(it.get("id", ""))
    if fx.citations is not None:
        docs: dict[str, CiteCluster] = {}
        prev_texts: dict[str, str] = {}
        texts: list[str] = []
        order: list[str] = []
        last_new = ""
        for idx, call in enumerate(fx.citations):
            cl = _cluster_from_citation(call[0])
            docs[cl.id] = cl
            pre = [(str(a), int(b)) for a, b in call[1]] if len(call) > 1 else []
            post = [(str(a), int(b)) for a, b in call[2]] if len(call) > 2 else []
            for cid, note in pre + post:
                if cid in docs:
                    docs[cid].note_index = note
            order = [c for c, _ in pre] + [cl.id] + [c for c, _ in post]
            order = [c for c in order if c in docs]
            texts = _render_doc(proc, items, [docs[c] for c in order])
            last_new = cl.id
            if idx < len(fx.citations) - 1:
                prev_texts = dict(zip(order, texts, strict=False))
        prev_snapshot = prev_texts
        if fx.mode.startswith("bibliography"):
            cited: list[str] = []
            for c in order:
                for ref in docs[c].cites:
                    if ref.id not in cited:
                        cited.append(ref.id)
            sess = proc.session(items, cited)
            return _bib_html([proc.to_str(n) for n in sess.bib_entries()])
        lines = []
        for i, (cid, t) in enumerate(zip(order, texts, strict=False)):
            mark = ">>" if cid == last_new or prev_snapshot.get(cid) != t else ".."
            lines.append(f"{mark}[{i}] {t}")
        return "\n".join(lines)
    if fx.mode.startswith("bibliography"):
        if fx.mode == "bibliography-nosort" and proc.style.bibliography is not None:
            proc.style.bibliography.sort = []
        sess = proc.session(items, all_ids)
        return _bib_html([proc.to_str(n) for n in sess.bib_entries()])
    if fx.citation_items is not None:
        raw_clusters = fx.citation_items
    else:
        raw_clusters = [[{"id": i} for i in all_ids]]
    sess = proc.session(items, all_ids)
    out: list[str] = []
    for n, raw in enumerate(raw_clusters):
        cl = CiteCluster(id=str(n), note_index=n + 1, cites=[CiteRef.from_json(x) for x in raw])
        infos = compute_positions([cl], proc.style.citation)[0]
        for ref, info in zip(cl.cites, infos, strict=False):
            info.position = ref.position or 0
            info.near_note = bool(ref.near_note)
            info.first_note = 0
        for info, raw_ref in zip(infos, raw, strict=False):
            if "first-reference-note-number" in raw_ref:
                info.first_note = int(raw_ref["first-reference-note-number"])
        out.append(proc.to_str(sess.cluster_node(list(zip(cl.cites, infos, strict=False)))))
    return "\n".join(out)


def run_fixture(fx: Fixture) -> FixtureResult:
    try:
        got = _run(fx)
        err = ""
    except Exception as exc:
        got, err = "", f"{type(exc).__name__}: {exc}"
    expected = fx.result.strip()
    passed = _norm(got) == _norm(expected)
    return FixtureResult(fx.name, fx.category, passed, expected, got, err)


def _norm(s: str) -> list[str]:
    return [line.rstrip() for line in s.strip().splitlines()]


def fixture_paths(suite: Path) -> list[Path]:
    return sorted(p for p in suite.glob("*.txt") if p.is_file())


def run_suite(suite: Path, filt: str = "") -> list[FixtureResult]:
    out = []
    for p in fixture_paths(suite):
        if filt and filt not in p.stem:
            continue
        out.append(run_fixture(load_fixture(p)))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m refkit.cite.csl.conformance")
    ap.add_argument("suite", type=Path)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("-k", default="")
    ap.add_argument("--failures", type=Path, default=None, help="write failing names here")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    results = run_suite(args.suite, args.k)
    dt = time.perf_counter() - t0
    cats: dict[str, list[int]] = {}
    for r in results:
        c = cats.setdefault(r.category, [0, 0])
        c[1] += 1
        c[0] += int(r.passed)
        if args.verbose and not r.passed:
            print(f"--- FAIL {r.name} {r.error}")
            print("expected:\n" + r.expected)
            print("got:\n" + r.got)
    for cat, (p, t) in sorted(cats.items(), key=lambda kv: -kv[1][1]):
        print(f"{cat:15s} {p:4d}/{t:<4d} {100.0 * p / t:5.1f}%")
    passed = sum(r.passed for r in results)
    total = len(results)
    print(f"TOTAL {passed}/{total} = {100.0 * passed / max(total, 1):.1f}% in {dt:.1f}s")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "passed": passed,
                    "total": total,
                    "categories": {k: {"passed": v[0], "total": v[1]} for k, v in cats.items()},
                    "failures": sorted(r.name for r in results if not r.passed),
                },
                indent=2,
            )
        )
    if args.failures:
        header = (
            "# Fixtures of the CSL processor test suite that refkit.cite.csl does not pass yet.\n"
            "# Regenerate with: python -m refkit.cite.csl.conformance "
            "../shared/data/csl-test-suite/processor-tests/humans "
            "--failures tests/csl/known_failures.txt\n"
        )
        args.failures.write_text(
            header + "".join(f"{r.name}\n" for r in results if not r.passed), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
