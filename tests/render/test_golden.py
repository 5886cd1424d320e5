"""Golden files: trafficking.bib in six styles, text and HTML, as committed in tests/golden/.

The files are named ``trafficking__<style>.<txt|html>`` and are rendered with the default
engine, refkit's own CSL processor (tests/render/test_citeproc_py.py covers citeproc-py).
Regenerate them after an intended change with
``REFKIT_REGEN_GOLDEN=1 pytest tests/render/test_golden.py`` and review the diff by hand.
"""

from __future__ import annotations

import os

import pytest

import refkit
from refkit.cite.render import render
from tests.conftest import REPO

GOLDEN = REPO / "tests" / "golden"
STYLES = ("apa", "chicago", "harvard", "mla", "ieee", "oscola")
SUFFIXES = {"text": "txt", "html": "html"}


@pytest.fixture(scope="module")
def bib() -> refkit.Bibliography:
    """The bundled trafficking bibliography."""
    return refkit.load(str(REPO / "bib" / "trafficking.bib"))


@pytest.mark.parametrize("fmt", sorted(SUFFIXES))
@pytest.mark.parametrize("style", STYLES)
def test_trafficking_matches_golden(bib: refkit.Bibliography, style: str, fmt: str) -> None:
    """The rendering of trafficking.bib equals its committed golden file."""
    text = str(render(bib, style=style, format=fmt)) + "\n"  # type: ignore[arg-type]
    path = GOLDEN / f"trafficking__{style}.{SUFFIXES[fmt]}"
    if os.environ.get("REFKIT_REGEN_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path.name} is missing: run with REFKIT_REGEN_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")
