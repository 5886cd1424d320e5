"""Shared fixtures for the plain-text reference parser tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
REFPARSE_DIR = SHARED / "data" / "refparse"
ESSAY = SHARED / "seed" / "000_d3fd854eabf31603.txt"


@pytest.fixture(scope="session")
def refparse_dir() -> Path:
    """The shared labelled reference strings (skips when absent)."""
    if not (REFPARSE_DIR / "dev.jsonl").is_file():
        pytest.skip("shared refparse data not available")
    return REFPARSE_DIR


@pytest.fixture(scope="session")
def essay_references() -> str:
    """The reference section of the shared seed essay (skips when absent)."""
    if not ESSAY.is_file():
        pytest.skip("shared seed essay not available")
    lines = ESSAY.read_text(encoding="utf-8").split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("[toggle title"))
    end = next(i for i, ln in enumerate(lines) if ln.startswith("Be the first to comment"))
    return "\n".join(lines[start + 1 : end])
