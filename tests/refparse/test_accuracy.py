"""Regression guard: the committed model on the labelled development strings."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

from refkit.refparse.export import jsonl_record
from refkit.refparse.parse import parse_tokens
from refkit.refparse.tagger import get_tagger

# The model was trained on this very file, so this is an upper bound, not an estimate;
# cross-validated figures are in scripts/train_refparse.py --cv 5 (micro F1 ~0.95).
TRAINING_MICRO_F1_FLOOR = 0.97


def _evaluator(directory: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("refparse_evaluate", directory / "evaluate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_model_scores_above_floor_on_dev(refparse_dir: Path) -> None:
    """Exact-match micro F1 of the shipped model on dev.jsonl stays above the floor."""
    evaluate = _evaluator(refparse_dir)
    gold_path = refparse_dir / "dev.jsonl"
    tagger = get_tagger()
    preds = {}
    with gold_path.open(encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"]
            preds[text] = jsonl_record(parse_tokens(text, tagger))["fields"]
    res = evaluate.evaluate(evaluate.load(str(gold_path)), preds, canonical=True)
    micro = res["views"]["exact"]["micro"]["f1"]
    assert micro >= TRAINING_MICRO_F1_FLOOR, micro
    assert res["n_gold_without_prediction"] == 0
