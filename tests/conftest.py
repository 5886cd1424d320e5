"""Shared fixtures: where the repository and the read-only shared data are."""

from __future__ import annotations

import os
import shutil
import subprocess
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


def in_ci() -> bool:
    """Whether the tests run in CI (``.ci/run`` is started with ``CI=true``)."""
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def _missing(what: str) -> None:
    reason = f"{what} is not installed (.ci/run installs it)"
    if in_ci():
        pytest.fail(f"{reason}; in CI a test may not skip for a missing tool", pytrace=False)
    pytest.skip(reason)


def require_tool(name: str) -> str:
    """The path of the program ``name``; when it is missing the test skips, or fails in CI."""
    path = shutil.which(name)
    if path is None:
        _missing(f"the program {name!r}")
    assert path is not None
    return path


def require_node_package(package: str) -> None:
    """Skip (or, in CI, fail) unless ``node`` can ``require(package)`` (``NODE_PATH``)."""
    node = require_tool("node")
    done = subprocess.run(
        [node, "-e", f"require({package!r})"], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        _missing(f"the npm package {package!r} (for node, via NODE_PATH)")


def require_env_file(variable: str) -> Path:
    """The file named by the environment variable ``variable``; skips (fails in CI) if unset."""
    location = os.environ.get(variable, "")
    if not location or not Path(location).is_file():
        _missing(f"the file named by ${variable}")
    return Path(location)


def require_tex_file(name: str) -> str:
    """The path of a TeX file (``biblatex.sty``, ``apa.bbx``) as kpsewhich finds it."""
    kpsewhich = require_tool("kpsewhich")
    done = subprocess.run([kpsewhich, name], capture_output=True, text=True, check=False)
    if done.returncode != 0 or not done.stdout.strip():
        _missing(f"the TeX file {name!r}")
    return done.stdout.strip()
