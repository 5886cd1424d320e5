"""The SQLite cache: a second run asks nothing, --refresh asks again, offline reads only."""

from __future__ import annotations

import os
import sqlite3
import stat
import zlib
from pathlib import Path
from typing import Any

import pytest

from refkit.lookup import cache as cache_module
from refkit.lookup.records import Source
from tests.lookup.registry import Registry
from tests.lookup.support import SADASIVAN_ENTRY, codes, run, serve_not_found, serve_work

PONE = "10.1371/journal.pone.0033693"
TWO = SADASIVAN_ENTRY + "@article{bad, title = {X}, author = {Y, Z}, doi = {10.1371/notarealdoi}}\n"


def _serve(registry: Registry) -> None:
    serve_work(registry, "test-works/test_works_with_one_id", PONE)
    serve_not_found(registry, "10.1371/notarealdoi")


def test_a_second_run_makes_no_requests_and_finds_the_same(
    registry: Registry, cache_file: Path
) -> None:
    _serve(registry)
    first = run(TWO, registry.options(cache_file))
    asked = len(registry.log)
    second = run(TWO, registry.options(cache_file))
    assert first.requests == asked == 4
    assert second.requests == 0
    assert len(registry.log) == asked
    assert second.cache_hits == 4
    assert codes(second) == codes(first) == ["RK1001"]


def test_refresh_asks_again_and_offline_asks_nothing(registry: Registry, cache_file: Path) -> None:
    _serve(registry)
    run(TWO, registry.options(cache_file))
    refreshed = run(TWO, registry.options(cache_file, refresh=True))
    assert refreshed.requests == 4
    registry.routes.clear()  # the registries are gone: offline must not notice
    offline = run(TWO, registry.options(cache_file, offline=True))
    assert offline.requests == 0
    assert codes(offline) == ["RK1001"]


def test_offline_without_the_answer_is_not_checked_and_says_why(
    registry: Registry, cache_file: Path
) -> None:
    result = run(TWO, registry.options(cache_file, offline=True))
    assert codes(result) == ["RK1000", "RK1000"]
    assert "offline, and the answer is not in the cache" in result[0].message
    assert registry.log == []
    assert result.nothing_checked


def test_answers_older_than_the_ttl_are_asked_again(registry: Registry, cache_file: Path) -> None:
    _serve(registry)
    run(SADASIVAN_ENTRY, registry.options(cache_file))
    with sqlite3.connect(cache_file) as connection:
        connection.execute("UPDATE responses SET fetched = fetched - 31 * 86400")
    again = run(SADASIVAN_ENTRY, registry.options(cache_file))
    assert again.requests == 1
    # Offline, an old answer is still better than none.
    with sqlite3.connect(cache_file) as connection:
        connection.execute("UPDATE responses SET fetched = fetched - 365 * 86400")
    assert run(SADASIVAN_ENTRY, registry.options(cache_file, offline=True)).requests == 0


def test_not_found_answers_expire_after_a_week(registry: Registry, cache_file: Path) -> None:
    """A DOI registered since the last run must show up: 404s are kept 7 days, not 30."""
    serve_not_found(registry, "10.1371/notarealdoi")
    text = "@misc{bad, doi = {10.1371/notarealdoi}}"
    run(text, registry.options(cache_file))
    with sqlite3.connect(cache_file) as connection:
        connection.execute("UPDATE responses SET fetched = fetched - 8 * 86400")
    offline = run(text, registry.options(cache_file, offline=True))
    assert codes(offline) == ["RK1001"], "offline, an old answer is better than none"
    assert offline.requests == 0
    again = run(text, registry.options(cache_file))
    assert again.requests == 3
    assert again.cache_hits == 0, "an expired answer is not a hit"


def test_failures_are_never_cached(registry: Registry, cache_file: Path) -> None:
    """A 503 leaves nothing in the cache, so the next run asks again."""
    for prefix in ("/crossref", "/datacite", "/doi"):
        registry.add(
            None,
            "",
            lambda request: __import__("werkzeug").Response("", status=503),
            matches=lambda r, p=prefix: r.path.startswith(p),
        )
    run(SADASIVAN_ENTRY, registry.options(cache_file, retries=0))
    with sqlite3.connect(cache_file) as connection:
        assert connection.execute("SELECT COUNT(*) FROM responses").fetchone() == (0,)


def test_the_cache_file_holds_decoded_bodies_without_the_mailto(
    registry: Registry, cache_file: Path
) -> None:
    """A committed cache must not leak the user's address, and holds the decoded body
    (compressed by refkit, not as the registry's gzip)."""
    serve_work(registry, "test-works/test_works_with_one_id", PONE)
    run(SADASIVAN_ENTRY, registry.options(cache_file, mailto="secret@example.org"))
    with sqlite3.connect(cache_file) as connection:
        rows = connection.execute("SELECT key, body, headers FROM responses").fetchall()
    assert len(rows) == 1
    key, body, headers = rows[0]
    assert "secret" not in key + headers
    assert b"secret" not in body
    assert zlib.decompress(bytes(body)).startswith(b'{"status":"ok"')
    assert registry.requests_to(Source.CROSSREF)


def _read_only(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the cache file and its folder read-only, as a checkout or a CI cache mount
    may be.  Root ignores file modes, so as root SQLite is made to open the file the
    way it opens a write-protected one for anybody else: read-only."""
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    path.parent.chmod(stat.S_IRUSR | stat.S_IXUSR)
    if os.geteuid() != 0:
        return
    connect = sqlite3.connect

    def read_only(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        if str(database) == str(path) and not kwargs.get("uri"):
            return connect(f"file:{database}?mode=ro", *args, uri=True, **kwargs)
        return connect(database, *args, **kwargs)

    monkeypatch.setattr(cache_module.sqlite3, "connect", read_only)


def test_a_read_only_committed_cache_serves_an_offline_run(
    registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CI recipe on a read-only checkout: every answer comes from the file, nothing
    is written, nothing is said about the cache."""
    folder = tmp_path / "repo"
    folder.mkdir()
    cache_file = folder / "refs.verify.sqlite"
    _serve(registry)
    first = run(TWO, registry.options(cache_file))
    _read_only(cache_file, monkeypatch)
    registry.routes.clear()
    try:
        offline = run(TWO, registry.options(cache_file, offline=True))
    finally:
        folder.chmod(stat.S_IRWXU)
    assert offline.requests == 0
    assert codes(offline) == codes(first) == ["RK1001"]
    assert offline.cache_problem is None


def test_a_read_only_cache_is_read_online_and_said_once_to_be_unwritable(
    registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "repo"
    folder.mkdir()
    cache_file = folder / "refs.verify.sqlite"
    _serve(registry)
    run(SADASIVAN_ENTRY, registry.options(cache_file))
    _read_only(cache_file, monkeypatch)
    try:
        again = run(TWO, registry.options(cache_file))
    finally:
        folder.chmod(stat.S_IRWXU)
    assert again.cache_hits == 1, "the stored answer is read"
    assert again.requests == 3, "the new DOI is asked of the three registries"
    assert again.cache_problem is not None
    assert "cannot write the cache" in again.cache_problem
