"""Shared fixtures: where the repository and the read-only shared data are."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
CORPUS = SHARED / "data" / "bib-corpus" / "files"
SEED = SHARED / "seed" / "000_d3fd854eabf31603.txt"


@pytest.fixture
def repo_dir() -> Path:
    """The repository root."""
    return REPO


@pytest.fixture
def shared_dir() -> Path:
    """The read-only shared data beside the repository; skips the test when absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


def corpus_files() -> list[Path]:
    """Every .bib file of the shared corpus (empty when the corpus is absent)."""
    return sorted(CORPUS.glob("*.bib")) if CORPUS.is_dir() else []
