"""A small CI sample of ``benchmarks/csl_agreement.py``: five styles of different
categories, a few generated items and clusters, compared with citeproc-js.

Needs node and the npm package ``citeproc`` (``require_tool`` style: skipped outside CI
when missing, failing in CI).  The floors are the agreement measured when the sample was
set; a regression fails, an improvement is welcome (raise the floor).
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from refkit.cite.csl.style import styles_dir

from ..conftest import require_tool

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"

#: style -> (entries identical, citations identical) of 14 items and 10 clusters, as
#: measured 2026-12-03.  The known differences: punctuation moved into a closing quote
#: lands inside a formatting span ("<i>sapiens,</i>”", citeproc-js "<i>sapiens</i>,”"),
#: and citeproc-js prints CJK text upright under font-style="italic".
FLOORS = {
    "apa": (14, 10),
    "ieee": (11, 10),
    "chicago-notes-bibliography": (11, 8),
    "modern-language-association": (11, 10),
    "harvard-cite-them-right": (11, 10),
}


def _harness() -> ModuleType:
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("csl_agreement", BENCH / "csl_agreement.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["csl_agreement"] = module  # its dataclasses look themselves up there
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCH))
    return module


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    node = require_tool("node")
    probe = subprocess.run([node, "-e", "require('citeproc')"], capture_output=True, check=False)
    if probe.returncode != 0:
        require_tool("citeproc-js (npm citeproc on NODE_PATH)")
    assert shutil.which("node")
    bench = _harness()
    styles = [
        bench.StyleInfo(name, styles_dir() / f"{name}.csl", "sample") for name in sorted(FLOORS)
    ]
    items = bench.make_items(14, 5)
    clusters = bench.make_clusters(items, 10, 6)
    return {r.name: r for r in bench.run(styles, items, clusters, batch_size=len(styles))}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_sample_styles_agree_with_citeproc_js(name: str, results: dict[str, Any]) -> None:
    result = results[name]
    entries, citations = FLOORS[name]
    assert result.error is None
    detail = result.diffs[:3]
    assert result.entries_same >= entries, detail
    assert result.citations_same >= citations, detail
