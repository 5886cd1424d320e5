"""Scoring parsed references against hand-written expected CSL fields.

The fixtures (``fixtures/realworld.jsonl``, ``fixtures/essay_expected.jsonl``) hold
real works in many styles and languages, with the CSL fields a careful reader would
write; a reference is *fully right* when every expected field matches and no other
core field is filled in.  Runnable by hand to print the figures::

    python tests/refparse/realworld.py
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Fields whose presence is judged even when not expected: a wrong extra value here
# would end up in the user's bibliography.
CORE = (
    "type", "author", "editor", "title", "container-title", "volume", "issue", "page",
    "issued", "DOI", "number", "publisher", "authority", "edition", "ISBN", "URL",
)  # fmt: skip


def _norm(value: str) -> str:
    value = unicodedata.normalize("NFKC", value).casefold()
    value = re.sub(r"[‐‑–—]", "-", value)
    value = re.sub(r"[\"'“”‘’«».,;:()\[\]]", " ", value)
    return " ".join(value.split())


def _name_key(name: Any) -> str:
    if isinstance(name, str):
        if "," in name:
            family, given = name.split(",", 1)
        else:
            return _norm(name)
    elif "literal" in name:
        return _norm(name["literal"])
    else:
        family, given = name.get("family", ""), name.get("given", "")
        particle = name.get("non-dropping-particle", "")
        family = f"{particle} {family}".strip()
        if not given:
            return _norm(family)
    given = given.strip()
    if given.isupper() and given.isalpha():
        return _norm(family) + "|" + given  # "Smith, JA": initials written together
    initials = "".join(w[0] for w in re.split(r"[\s.\-]+", given) if w)
    return _norm(family) + "|" + initials.upper()


def _value(item: dict[str, Any], key: str) -> Any:
    v = item.get(key)
    if key == "issued" and isinstance(v, dict):
        parts = v.get("date-parts") or [[v.get("literal", "")]]
        return str(parts[0][0]) if parts and parts[0] else ""
    return v


def compare(item: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """The fields of ``item`` that are wrong (missing, different or unexpected)."""
    wrong = []
    for key in CORE:
        want, got = expected.get(key), _value(item, key)
        if want is None and got in (None, "", []):
            continue
        if key in {"author", "editor"}:
            if [_name_key(n) for n in want or []] != [_name_key(n) for n in got or []]:
                wrong.append(key)
        elif want is None or got is None or _norm(str(want)) != _norm(str(got)):
            wrong.append(key)
    for key, want in expected.items():
        if key not in CORE and _norm(str(want)) != _norm(str(item.get(key, ""))):
            wrong.append(key)
    return wrong


def csl_of(ref: Any) -> dict[str, Any]:
    """The CSL item refkit writes for a parsed reference (the rules' values applied)."""
    from refkit.refparse.export import csl_item

    return dict(csl_item(ref))


def load(name: str) -> list[dict[str, Any]]:
    with (FIXTURES / name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def score_realworld() -> tuple[int, int, Counter[str], dict[str, list[str]]]:
    """(fully right, total, wrong-field counts, wrong fields per text)."""
    from refkit.refparse import parse_reference

    cases = load("realworld.jsonl")
    misses: Counter[str] = Counter()
    detail: dict[str, list[str]] = {}
    right = 0
    for case in cases:
        wrong = compare(csl_of(parse_reference(case["text"])), case["expected"])
        misses.update(wrong)
        detail[case["text"]] = wrong
        right += not wrong
    return right, len(cases), misses, detail


def score_essay(essay: str) -> tuple[int, int, int, dict[str, list[str]]]:
    """(fully right, expected, references parsed, wrong fields per entry) for the essay."""
    from refkit.refparse import parse_references

    refs = parse_references(essay)
    cases = load("essay_expected.jsonl")
    detail: dict[str, list[str]] = {}
    right = 0
    for case in cases:
        found = [r for r in refs if r.text.startswith(case["start"])]
        wrong = compare(csl_of(found[0]), case["expected"]) if len(found) == 1 else ["missing"]
        detail[case["start"]] = wrong
        right += not wrong
    return right, len(cases), len(refs), detail


def main() -> int:
    right, total, misses, detail = score_realworld()
    print(f"real-world strings fully right: {right}/{total}")
    print("wrong fields:", dict(misses.most_common()))
    for text, wrong in detail.items():
        if wrong:
            print(f"  {wrong}  {text[:90]}")
    seed = Path(__file__).resolve().parents[3] / "shared" / "seed"
    essay_path = seed / "000_d3fd854eabf31603.txt"
    if essay_path.is_file():
        e_right, e_total, n, e_detail = score_essay(essay_path.read_text(encoding="utf-8"))
        print(f"essay (whole file pasted): {n} references, {e_right}/{e_total} fully right")
        for start, wrong in e_detail.items():
            if wrong:
                print(f"  {wrong}  {start}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
