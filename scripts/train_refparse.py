#!/usr/bin/env python3
"""Train refkit's reference-string CRF from the shared labelled data.

    python scripts/train_refparse.py                 # train on all of dev.jsonl and
                                                     # write src/refkit/refparse/refparse.crfsuite
    python scripts/train_refparse.py --cv 5          # k-fold cross-validation report
    python scripts/train_refparse.py --cv 5 --pred cv.jsonl   # also keep the predictions

The committed model is built by the recipe (strings rendered by refkit's CSL processor
in 300 styles, see scripts/make_refparse_training.py, added to dev.jsonl)::

    python scripts/make_refparse_training.py --out build/refparse_synth.jsonl
    python scripts/train_refparse.py --synth build/refparse_synth.jsonl
    python scripts/train_refparse.py --synth build/refparse_synth.jsonl --cv 5   # held-out F1

The data (``../shared/data/refparse/dev.jsonl`` relative to the repository root)
is read, never copied.  Gold spans are aligned to whitespace tokens and mapped
to canonical CSL labels (journal/booktitle -> container-title, institution/school
-> publisher, tech/type -> genre, ...); unlabelled tokens get ``O``.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pycrfsuite

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from refkit.refparse.export import jsonl_record  # noqa: E402
from refkit.refparse.features import token_features  # noqa: E402
from refkit.refparse.parse import parse_tokens  # noqa: E402
from refkit.refparse.tagger import MODEL_NAME, Tagger  # noqa: E402
from refkit.refparse.tokens import Token, tokenize  # noqa: E402

DATA_DIR = ROOT.parent / "shared" / "data" / "refparse"
DEFAULT_DATA = DATA_DIR / "dev.jsonl"
DEFAULT_OUT = ROOT / "src" / "refkit" / "refparse" / MODEL_NAME

CANONICAL = {
    "journal": "container-title",
    "booktitle": "container-title",
    "journal_title": "container-title",
    "year": "date",
    "address": "location",
    "series": "collection-title",
    "institution": "publisher",
    "school": "publisher",
    "tech": "genre",
    "type": "genre",
    "ref-marker": "citation-number",
    "linemarker": "citation-number",
}
PARAMS = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 200,
    "feature.possible_transitions": True,
    "feature.minfreq": 1,
}

VERBOSE = [False]  # set once from the command line
#: how many times each hand-labelled string is given to the trainer: the rendered strings
#: outnumber them, and real pasted lists look more like them than like any CSL style
DEV_WEIGHT = [1]


def load(path: Path) -> list[dict[str, Any]]:
    """Records of a JSON-lines file."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def align(text: str, fields: dict[str, Any]) -> tuple[list[Token], list[str]]:
    """Whitespace tokens of ``text`` and their gold labels."""
    tokens = tokenize(text)
    owner: list[str | None] = [None] * len(text)
    spans: list[tuple[str, str]] = []
    for label, value in fields.items():
        lab = CANONICAL.get(label, label)
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, str) and v.strip():
                spans.append((lab, v))
    spans.sort(key=lambda s: -len(s[1]))
    for lab, v in spans:
        start = 0
        while True:
            i = text.find(v, start)
            if i < 0:
                break
            if all(o is None for o in owner[i : i + len(v)]):
                for p in range(i, i + len(v)):
                    owner[p] = lab
                break
            start = i + 1
    labels = []
    for t in tokens:
        counts: dict[str, int] = {}
        for p in range(t.start, t.end):
            o = owner[p]
            if o is not None:
                counts[o] = counts.get(o, 0) + 1
        labels.append(max(counts, key=lambda k: counts[k]) if counts else "O")
    return tokens, labels


def load_synth(path: Path | None, limit: int, seed: int) -> list[tuple[list[Token], list[str]]]:
    """Rendered, labelled strings (``{"tokens", "labels"}`` lines), at most ``limit``."""
    if path is None:
        return []
    rows = load(path)
    random.Random(seed).shuffle(rows)
    out = []
    for row in rows[:limit]:
        tokens = tokenize(" ".join(row["tokens"]))
        if len(tokens) == len(row["labels"]):
            out.append((tokens, list(row["labels"])))
    return out


def train(
    records: list[dict[str, Any]],
    out: Path,
    verbose: bool = False,
    extra: list[tuple[list[Token], list[str]]] | None = None,
) -> None:
    """Train a CRF on ``records`` (and the ``extra`` labelled strings); write it to ``out``."""
    trainer = pycrfsuite.Trainer(verbose=verbose or VERBOSE[0])
    for r in records:
        tokens, labels = align(r["text"], r["fields"])
        if tokens:
            for _ in range(DEV_WEIGHT[0]):
                trainer.append(token_features(tokens), labels)
    for tokens, labels in extra or []:
        trainer.append(token_features(tokens), labels)
    trainer.set_params(PARAMS)
    trainer.train(str(out))


def predict(records: list[dict[str, Any]], model: Path) -> list[dict[str, Any]]:
    """Parse each record's text with ``model``; the JSONL (span) view."""
    tagger = Tagger(model)
    return [jsonl_record(parse_tokens(r["text"], tagger)) for r in records]


def cross_validate(
    records: list[dict[str, Any]],
    k: int,
    seed: int,
    extra: list[tuple[list[Token], list[str]]] | None = None,
    only_fold: int | None = None,
) -> list[dict[str, Any]]:
    """Predictions for every record from a model that never saw it (k folds)."""
    order = list(range(len(records)))
    random.Random(seed).shuffle(order)
    preds: list[dict[str, Any]] = [{} for _ in records]
    with tempfile.TemporaryDirectory() as tmp:
        for fold in range(k):
            if only_fold is not None and fold != only_fold:
                continue
            test_idx = [i for n, i in enumerate(order) if n % k == fold]
            test_set = set(test_idx)
            train_recs = [records[i] for i in order if i not in test_set]
            path = Path(tmp) / f"fold{fold}.crfsuite"
            train(train_recs, path, extra=extra)
            for i, p in zip(test_idx, predict([records[i] for i in test_idx], path), strict=False):
                preds[i] = p
            print(f"fold {fold + 1}/{k} done", file=sys.stderr)
    return preds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--cv", type=int, default=0, metavar="K", help="k-fold cross-validation")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--pred", type=Path, help="write (CV) predictions here")
    ap.add_argument("--show-errors", type=int, default=0)
    ap.add_argument("--synth", type=Path, help="rendered, labelled strings to train on too")
    ap.add_argument("--synth-limit", type=int, default=5000)
    ap.add_argument("--max-iterations", type=int, default=PARAMS["max_iterations"])
    ap.add_argument("--dev-weight", type=int, default=1, help="repeat each dev string N times")
    ap.add_argument("--fold", type=int, help="with --cv: run only this fold (0-based)")
    ap.add_argument("--verbose", action="store_true", help="crfsuite's per-iteration log")
    a = ap.parse_args(argv)
    if not a.data.is_file():
        print(f"data not found: {a.data}", file=sys.stderr)
        return 2
    records = load(a.data)
    extra = load_synth(a.synth, a.synth_limit, a.seed)
    PARAMS["max_iterations"] = a.max_iterations
    VERBOSE[0] = a.verbose
    DEV_WEIGHT[0] = a.dev_weight
    if a.cv:
        preds = cross_validate(records, a.cv, a.seed, extra, a.fold)
        if a.fold is not None:
            # score only the fold's strings
            keep = [i for i, p in enumerate(preds) if p]
            records = [records[i] for i in keep]
            preds = [preds[i] for i in keep]
            a.data = Path(tempfile.mkstemp(suffix=".jsonl")[1])
            with a.data.open("w", encoding="utf-8") as f:
                for r in records:
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
    else:
        train(records, a.out, extra=extra)
        print(f"wrote {a.out} ({a.out.stat().st_size / 1e6:.2f} MB)", file=sys.stderr)
        preds = predict(records, a.out) if a.pred else []
    if a.pred or a.cv:
        pred_path = a.pred or Path(tempfile.mkstemp(suffix=".jsonl")[1])
        with pred_path.open("w", encoding="utf-8") as f:
            for p in preds:
                f.write(json.dumps(p, ensure_ascii=False) + "\n")
        cmd = [
            sys.executable,
            str(DATA_DIR / "evaluate.py"),
            str(a.data),
            str(pred_path),
            "--canonical",
        ]
        if a.show_errors:
            cmd += ["--show-errors", str(a.show_errors)]
        subprocess.run(cmd, check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
