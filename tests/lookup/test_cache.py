"""The SQLite cache: a second run asks nothing, --refresh asks again, offline reads only."""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path

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
    assert run(text, registry.options(cache_file)).requests == 3


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
