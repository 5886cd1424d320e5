"""Fixtures of the verify tests: the local registry server and a client with a fake clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from tests.lookup.registry import RECORDINGS, Registry


@pytest.fixture
def registry(httpserver: HTTPServer) -> Iterator[Registry]:
    """The registries, played by a local server on 127.0.0.1 (recordings from ../shared)."""
    if not RECORDINGS.is_dir():
        pytest.skip("../shared/data/registry-recordings is not present")
    return Registry(httpserver)


@pytest.fixture
def cache_file(tmp_path: Path) -> Path:
    return tmp_path / "verify.sqlite"


@pytest.fixture(autouse=True)
def _no_registry_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The user's REFKIT_* settings must not reach the tests, nor the tests the user's
    cache directory."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    for name in (
        "REFKIT_MAILTO",
        "REFKIT_CROSSREF_URL",
        "REFKIT_DOI_URL",
        "REFKIT_DATACITE_URL",
        "REFKIT_ARXIV_URL",
        "REFKIT_OPENLIBRARY_URL",
        "REFKIT_DBLP_URL",
    ):
        monkeypatch.delenv(name, raising=False)
