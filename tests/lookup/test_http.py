"""The HTTP client: retries, back-off, rate limits, timeouts, bad bodies, and HTTPS only."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from werkzeug import Request, Response

from refkit.core.errors import UsageError
from refkit.lookup.http import HttpClient, UnavailableError, redirect_allowed, retry_after
from refkit.lookup.options import options_from, url_allowed
from refkit.lookup.records import Source
from tests.lookup.registry import Registry, recorded, status
from tests.lookup.support import SADASIVAN_ENTRY, Sleeps, codes, run, serve_work

PONE = "10.1371/journal.pone.0033693"
WORK = recorded("test-works/test_works_with_one_id", PONE)


def test_a_429_with_retry_after_is_waited_out_then_answered(
    registry: Registry, cache_file: Path
) -> None:
    """HTTP 429 with ``Retry-After: 3``: the client waits 3 s (asked of the fake sleep)."""
    registry.add(
        Source.CROSSREF, f"/works/{PONE}", status(429, "slow down", {"Retry-After": "3"}), times=1
    )
    serve_work(registry, "test-works/test_works_with_one_id", PONE)
    sleeps = Sleeps()
    result = run(SADASIVAN_ENTRY, registry.options(cache_file), sleeps)
    assert codes(result) == []
    assert 3.0 in sleeps.waits
    assert len(registry.log) == 2


def test_retry_after_as_an_http_date_counts_from_now() -> None:
    now = 1_000_000_000.0
    assert retry_after("Sun, 09 Sep 2001 01:46:50 GMT", now) == pytest.approx(10.0)
    assert retry_after("7", now) == 7.0
    assert retry_after("soon", now) is None


def test_a_retry_after_longer_than_max_wait_gives_the_source_up(
    registry: Registry, cache_file: Path
) -> None:
    registry.add(Source.CROSSREF, f"/works/{PONE}", status(429, "", {"Retry-After": "3600"}))
    result = run(SADASIVAN_ENTRY, registry.options(cache_file))
    assert codes(result) == ["RK1000"]
    assert "asked to wait 3600 s" in result[0].message
    assert len(registry.requests_to(Source.CROSSREF)) == 1


def test_server_errors_are_retried_with_growing_back_off(
    registry: Registry, cache_file: Path
) -> None:
    """503, then 502, then the recorded answer: two back-offs, doubling."""
    registry.add(Source.CROSSREF, f"/works/{PONE}", status(503), times=1)
    registry.add(Source.CROSSREF, f"/works/{PONE}", status(502), times=1)
    serve_work(registry, "test-works/test_works_with_one_id", PONE)
    sleeps = Sleeps()
    result = run(SADASIVAN_ENTRY, registry.options(cache_file, backoff=0.5), sleeps)
    assert codes(result) == []
    assert sleeps.waits == [0.5, 1.0]


def test_a_registry_that_keeps_failing_is_given_up_once_for_the_run(
    registry: Registry, cache_file: Path
) -> None:
    """Every 500: after three look-ups that failed in a row each registry is given up;
    the fourth entry asks none again, all are not checked (never wrong), and each
    registry is named once."""
    for prefix in ("/crossref/works", "/datacite/dois", "/doi"):
        registry.add(None, "", status(500), matches=lambda r, p=prefix: r.path.startswith(p))
    text = "\n".join(f"@misc{{{key}, doi = {{10.1000/{key}}}}}" for key in "abcd")
    result = run(text, registry.options(cache_file, retries=1, concurrency=1))
    assert codes(result) == ["RK1000"] * 4
    # Two tries for each registry of the first three entries; none for the fourth.
    assert [item.path for item in registry.log] == [
        path
        for key in "abc"
        for path in (
            *[f"/crossref/works/10.1000/{key}"] * 2,
            *[f"/datacite/dois/10.1000/{key}"] * 2,
            *[f"/doi/10.1000/{key}"] * 2,
        )
    ]
    notices = {notice.source: notice.entries for notice in result.notices}
    assert notices == {Source.CROSSREF: 4, Source.DATACITE: 0, Source.DOI: 0}
    assert result.nothing_checked


def test_one_failed_look_up_does_not_give_the_registry_up(
    registry: Registry, cache_file: Path
) -> None:
    """Crossref answers 500 for one DOI and the recorded work for the next: the second
    entry is checked (one bad answer is not an outage)."""
    registry.add(Source.CROSSREF, "/works/10.1000/a", status(500))
    registry.add(None, "", status(500), matches=lambda r: r.path.startswith("/d"))
    serve_work(registry, "test-works/test_works_with_one_id", PONE)
    text = "@misc{a, doi = {10.1000/a}}\n" + SADASIVAN_ENTRY
    result = run(text, registry.options(cache_file, retries=0, concurrency=1))
    assert codes(result) == ["RK1000"]
    assert [item.verdict.value for item in result.outcomes] == ["not checked", "verified"]


def test_a_timeout_is_retried_once_then_reported_as_not_checked(
    registry: Registry, cache_file: Path
) -> None:
    """A server that does not answer within the timeout rarely answers on the fourth
    try, and each try costs the whole timeout: two tries, whatever ``retries`` says."""

    def slow(request: Request) -> Response:
        time.sleep(0.6)
        return Response("{}", status=200)

    registry.add(Source.CROSSREF, f"/works/{PONE}", slow)
    registry.add(Source.DATACITE, f"/dois/{PONE}", slow)
    registry.add(Source.DOI, f"/{PONE}", slow)
    options = registry.options(cache_file, timeout=0.2, retries=3)
    result = run(SADASIVAN_ENTRY, options)
    assert codes(result) == ["RK1000"]
    assert "no answer within 0.2 s (after 2 tries)" in result[0].message
    assert len(registry.requests_to(Source.CROSSREF)) == 2


def test_malformed_json_leaves_the_entry_unchecked_and_is_not_cached(
    registry: Registry, cache_file: Path
) -> None:
    registry.add(
        Source.CROSSREF,
        f"/works/{PONE}",
        status(200, '{"message": {', {"Content-Type": "application/json"}),
    )
    result = run(SADASIVAN_ENTRY, registry.options(cache_file))
    assert codes(result) == ["RK1000"]
    assert "could not be read" in result[0].message
    registry.routes.clear()
    serve_work(registry, "test-works/test_works_with_one_id", PONE)
    again = run(SADASIVAN_ENTRY, registry.options(cache_file))
    assert codes(again) == []
    assert again.requests == 1


def test_gzip_bodies_are_decoded(registry: Registry, cache_file: Path) -> None:
    """The recorded body is gzip (Content-Encoding: gzip) as Crossref sent it."""
    assert WORK.gzipped
    assert WORK.body[:2] == b"\x1f\x8b"
    options = registry.options(cache_file)
    serve_work(registry, "test-works/test_works_with_one_id", PONE)
    client = HttpClient(options, None)
    try:
        answer = client.get(Source.CROSSREF, f"{options.endpoint(Source.CROSSREF)}/works/{PONE}")
    finally:
        client.close()
    assert answer.body.startswith(b'{"status":"ok"')


def test_crossref_rate_limit_headers_space_the_requests(
    registry: Registry, cache_file: Path
) -> None:
    """``x-rate-limit-limit: 2`` per ``1s``: the next request starts 0.5 s later."""
    limited = Response(
        WORK.body,
        status=200,
        headers={
            "Content-Encoding": "gzip",
            "Content-Type": "application/json",
            "x-rate-limit-limit": "2",
            "x-rate-limit-interval": "1s",
            "x-concurrency-limit": "1",
        },
    )
    registry.add(Source.CROSSREF, f"/works/{PONE}", limited)
    registry.add(Source.CROSSREF, "/works/10.1371/journal.pone.0020476", limited)
    clock = [100.0]
    sleeps = Sleeps()
    text = f"@misc{{a, doi = {{{PONE}}}}}\n@misc{{b, doi = {{10.1371/journal.pone.0020476}}}}"
    run(text, registry.options(None, concurrency=1), sleeps, clock=lambda: clock[0])
    assert sleeps.waits == [pytest.approx(0.5)]


def test_the_user_agent_names_refkit_and_the_mailto(registry: Registry, cache_file: Path) -> None:
    serve_work(registry, "test-works/test_works_with_one_id", PONE)
    run(SADASIVAN_ENTRY, registry.options(cache_file, mailto="me@example.org"))
    agent = registry.log[0].headers["User-Agent"]
    assert agent.startswith("refkit/")
    assert "mailto:me@example.org" in agent
    assert "mailto" not in registry.log[0].query_string.decode(), "the address stays out of URLs"


def test_the_mailto_comes_from_the_environment_before_the_file() -> None:
    options = options_from(
        {"mailto": "file@example.org"}, environ={"REFKIT_MAILTO": "env@example.org"}
    )
    assert options.mailto == "env@example.org"


def test_endpoints_come_from_the_environment_and_must_be_https() -> None:
    environ = {
        "REFKIT_CROSSREF_URL": "https://mirror.example.org/crossref",
        "REFKIT_DBLP_URL": "http://127.0.0.1:8080",
    }
    options = options_from({}, environ=environ)
    assert options.endpoint(Source.CROSSREF) == "https://mirror.example.org/crossref"
    assert options.endpoint(Source.DBLP) == "http://127.0.0.1:8080"
    with pytest.raises(UsageError, match="must use https"):
        options_from({}, environ={"REFKIT_DOI_URL": "http://doi.org"})
    with pytest.raises(UsageError, match="must use https"):
        options_from({"endpoints": {"arxiv": "http://10.0.0.1/api"}}, environ={})


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://api.crossref.org", True),
        ("http://api.crossref.org", False),
        ("http://127.0.0.1:5000/x", True),
        ("http://localhost/x", True),
        ("http://[::1]:80/x", True),
        ("http://192.168.1.1/x", False),
        ("ftp://example.org", False),
    ],
)
def test_only_https_or_loopback_http_is_allowed(url: str, allowed: bool) -> None:
    assert url_allowed(url) is allowed


def test_a_redirect_to_plain_http_is_refused(registry: Registry, cache_file: Path) -> None:
    registry.add(Source.DOI, "/10.1/x", status(302, "", {"Location": "http://example.org/x"}))
    options = registry.options(cache_file)
    client = HttpClient(options, None)
    try:
        with pytest.raises(UnavailableError, match=r"insecure URL http://example\.org/x"):
            client.get(Source.DOI, f"{options.endpoint(Source.DOI)}/10.1/x")
    finally:
        client.close()


@pytest.mark.parametrize(
    ("origin", "target", "allowed"),
    [
        ("https://doi.org/10.1/x", "https://api.crossref.org/v1/works/10.1/x", True),
        ("https://doi.org/10.1/x", "http://127.0.0.1:8080/admin", False),
        ("https://doi.org/10.1/x", "http://example.org/x", False),
        ("http://127.0.0.1:5000/doi/x", "http://127.0.0.1:5000/crossref/x", True),
        ("http://127.0.0.1:5000/doi/x", "https://api.crossref.org/x", True),
    ],
)
def test_a_redirect_never_leaves_https_for_http(origin: str, target: str, allowed: bool) -> None:
    """Not even to a loopback address: a registry's redirect must not reach a local
    service (http:// is for an endpoint the user configured, not one a server names)."""
    assert redirect_allowed(origin, target) is allowed


def test_unknown_configuration_keys_are_an_error() -> None:
    with pytest.raises(UsageError, match="mail-to"):
        options_from({"mail-to": "x"}, environ={})
