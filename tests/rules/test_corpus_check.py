"""``check`` over the whole shared corpus: no crash, and every finding is located."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

import refkit
from refkit.core.errors import InputError
from refkit.lint.checking import check
from refkit.lint.config import Config
from refkit.lint.rules import default_rules

TODAY = datetime.date(2026, 11, 28)


@pytest.mark.slow
def test_check_runs_over_the_corpus_and_locates_every_finding(shared_dir: Path) -> None:
    """Every readable corpus file is checked without an exception and each finding has a line."""
    files = sorted((shared_dir / "data" / "bib-corpus" / "files").glob("*.bib"))
    if not files:
        pytest.skip("the bib corpus is not present")
    config = Config(rules=tuple(default_rules()), today=TODAY)
    unlocated: list[str] = []
    checked = 0
    for path in files:
        try:
            bibliography = refkit.load(str(path))
        except InputError:
            continue  # gbk_test.bib: not UTF-8, needs --encoding
        checked += 1
        for diagnostic in check(bibliography, config):
            if diagnostic.line is None:
                unlocated.append(f"{path.name}: {diagnostic.code} {diagnostic.message}")
    assert checked >= len(files) - 1
    assert unlocated == []
