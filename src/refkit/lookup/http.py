"""The one HTTP client of refkit verify: polite, patient, and never insecure.

- httpx with connect and read timeouts; gzip bodies are decoded by httpx.
- Retries with exponential back-off on 429, 5xx and network errors; a ``Retry-After``
  (seconds or an HTTP date) is honoured up to ``max_wait`` seconds.  A connection that
  fails, or an answer that does not come within the timeout, is tried twice only: each
  try of a silent server costs the whole timeout, and a further one rarely helps.
- Crossref's ``x-rate-limit-limit``/``x-rate-limit-interval`` space the requests to that
  host and ``x-concurrency-limit`` bounds how many are in flight; other hosts get the
  run's concurrency.
- A User-Agent naming refkit and the user's ``mailto`` (Crossref's polite pool).
- HTTPS only; ``http://`` only to loopback addresses, and a redirect never leaves
  ``https://`` (not even for a loopback address: a server must not point refkit at a
  local service).
- Answers come from the cache when it has them; ``offline`` asks nothing at all.
- A registry that cannot be reached (no connection, or a ``Retry-After`` beyond
  ``max_wait``) is given up at once for the rest of the run, one whose look-ups failed
  ``DOWN_AFTER`` times in a row after their retries (5xx, timeouts) then: a run without
  a network ends quickly and says so once, and one bad answer is not an outage.
"""

from __future__ import annotations

import email.utils
import json
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

import httpx

from refkit.lookup.cache import Cache
from refkit.lookup.options import NEGATIVE_TTL_DAYS, VerifyOptions, url_allowed
from refkit.lookup.records import Source

#: Answers kept in the cache: a record, or a definite "no such thing".
CACHEABLE = frozenset({200, 400, 404, 410})
RETRIED = frozenset({429, 500, 502, 503, 504})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
#: Look-ups of one registry that fail in a row before it is given up for the run.
DOWN_AFTER = 3
#: Tries of a request whose connection fails or whose answer does not come in time.
SILENT_TRIES = 2
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$")


class UnavailableError(Exception):
    """A registry could not give an answer (network, rate limit, server error, bad body)."""

    def __init__(self, source: Source, reason: str) -> None:
        super().__init__(f"{source.label}: {reason}")
        self.source = source
        self.reason = reason


class UnreachableError(UnavailableError):
    """A registry that cannot be asked at all: no connection, or asked to wait too long."""


def redirect_allowed(origin: str, target: str) -> bool:
    """A redirect target must be allowed (``url_allowed``) and keep ``https://``."""
    if not url_allowed(target):
        return False
    return urlsplit(origin).scheme != "https" or urlsplit(target).scheme == "https"


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    url: str
    content_type: str = ""

    @property
    def found(self) -> bool:
        return self.status == 200

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class _HostGate:
    """Spacing and concurrency for one host, adjusted from its rate-limit headers."""

    def __init__(self, limit: int) -> None:
        self.condition = threading.Condition()
        self.limit = limit
        self.in_flight = 0
        self.interval = 0.0
        self.next_start = 0.0
        self.last_start = 0.0

    def enter(self, clock: Callable[[], float], sleep: Callable[[float], None]) -> None:
        with self.condition:
            while self.in_flight >= self.limit:
                self.condition.wait(timeout=1.0)
            self.in_flight += 1
            now = clock()
            wait = self.next_start - now
            self.last_start = max(now, self.next_start)
            self.next_start = self.last_start + self.interval
        if wait > 0:
            sleep(wait)

    def leave(self) -> None:
        with self.condition:
            self.in_flight -= 1
            self.condition.notify()

    def learn(self, headers: Mapping[str, str], ceiling: int) -> None:
        limit = _int(headers.get("x-rate-limit-limit"))
        interval = _seconds(headers.get("x-rate-limit-interval"))
        concurrency = _int(headers.get("x-concurrency-limit"))
        with self.condition:
            if limit and interval is not None:
                self.interval = interval / limit
                # The limit is learnt from an answer: the next start counts from the last.
                self.next_start = max(self.next_start, self.last_start + self.interval)
            if concurrency:
                self.limit = max(1, min(ceiling, concurrency))


def _int(value: str | None) -> int | None:
    try:
        number = int(str(value).strip())
    except ValueError:
        return None
    return number if number > 0 else None


def _seconds(value: str | None) -> float | None:
    match = _INTERVAL.match(value or "")
    if match is None:
        return None
    number = float(match.group(1))
    return {"ms": number / 1000, "m": number * 60}.get(match.group(2) or "s", number)


def retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: a number or an HTTP date."""
    if value is None:
        return None
    text = value.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


class HttpClient:
    """GET requests to the registries through the cache, with the policies above."""

    def __init__(
        self,
        options: VerifyOptions,
        cache: Cache | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.options = options
        self.cache = cache
        self.sleep = sleep
        self.clock = clock
        self.wall_clock = wall_clock
        self._client = httpx.Client(
            timeout=httpx.Timeout(options.timeout, connect=min(options.timeout, 10.0)),
            headers={"User-Agent": options.user_agent, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=False,
            transport=transport,
            trust_env=False,
        )
        self._lock = threading.Lock()
        self._gates: dict[str, _HostGate] = {}
        #: Registries given up for this run, with the reason (said once).
        self.down: dict[Source, str] = {}
        self._failures: Counter[Source] = Counter()
        self.requests = 0

    def close(self) -> None:
        self._client.close()

    def _gate(self, url: str) -> _HostGate:
        host = httpx.URL(url).host
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = self._gates[host] = _HostGate(self.options.concurrency)
            return gate

    def get(
        self,
        source: Source,
        url: str,
        params: Mapping[str, str] | None = None,
        *,
        accept: str = "application/json",
        body: str = "json",
    ) -> Response:
        """The answer to one GET; raises ``UnavailableError`` when there is none to be had.

        ``body`` (``json``, ``xml`` or ``any``) is how a 200 answer must parse before it is
        cached: a malformed body is never kept.
        """
        full = str(httpx.URL(url, params=dict(params) if params else None))
        key = f"{accept} {full}"
        if self.cache is not None and not self.options.refresh:
            # Offline, an old answer is better than none.
            online = not self.options.offline
            max_age = self.options.ttl_days * 86400 if online else None
            negative = NEGATIVE_TTL_DAYS * 86400 if online else None
            cached = self.cache.get(key, max_age, negative)
            if cached is not None:
                return Response(
                    cached.status,
                    cached.body,
                    cached.url,
                    cached.headers.get("content-type", ""),
                )
        if self.options.offline:
            raise UnavailableError(source, "offline, and the answer is not in the cache")
        with self._lock:
            reason = self.down.get(source)
        if reason is not None:
            raise UnavailableError(source, reason)
        try:
            response = self._fetch(source, full, accept)
        except UnavailableError as problem:
            with self._lock:
                self._failures[source] += 1
                given_up = isinstance(problem, UnreachableError)
                if given_up or self._failures[source] >= DOWN_AFTER:
                    self.down.setdefault(source, problem.reason)
            raise
        with self._lock:
            self._failures[source] = 0
        if response.status == 200:
            # One garbled answer spoils one look-up, not the registry for the whole run.
            _check_body(source, response.body, body)
        if self.cache is not None and response.status in CACHEABLE:
            self.cache.put(
                key,
                response.status,
                {"content-type": response.content_type},
                response.body,
                response.url,
            )
        return response

    def _fetch(self, source: Source, url: str, accept: str) -> Response:
        current = previous = url
        for _hop in range(MAX_REDIRECTS + 1):
            if not redirect_allowed(previous, current):
                raise UnavailableError(source, f"refusing the insecure URL {current}")
            answer = self._with_retries(source, current, accept)
            if answer.status_code in REDIRECTS and "location" in answer.headers:
                previous = current
                current = str(httpx.URL(current).join(answer.headers["location"]))
                continue
            return Response(
                answer.status_code,
                answer.content,
                current,
                answer.headers.get("content-type", ""),
            )
        raise UnavailableError(source, f"more than {MAX_REDIRECTS} redirects from {url}")

    def _with_retries(self, source: Source, url: str, accept: str) -> httpx.Response:
        gate = self._gate(url)
        attempts = self.options.retries + 1
        problem = ""
        unreachable = False
        attempt = 0
        while attempt < attempts:
            gate.enter(self.clock, self.sleep)
            try:
                with self._lock:
                    self.requests += 1
                answer = self._client.get(url, headers={"Accept": accept})
                answer.read()
            except (httpx.ConnectError, httpx.ConnectTimeout) as error:
                # Refused, unresolvable or unanswered: one more try covers a blip; more
                # only delay the news that there is no network.
                problem = f"cannot connect ({type(error).__name__}: {error})"
                wait = self._backoff(attempt)
                attempts = min(attempts, SILENT_TRIES)
                unreachable = True
            except httpx.TimeoutException:
                problem = f"no answer within {self.options.timeout:g} s"
                wait = self._backoff(attempt)
                attempts = min(attempts, SILENT_TRIES)
            except httpx.HTTPError as error:
                problem = f"cannot connect ({type(error).__name__}: {error})"
                wait = self._backoff(attempt)
            else:
                gate.learn(answer.headers, self.options.concurrency)
                if answer.status_code not in RETRIED:
                    return answer
                problem = f"HTTP {answer.status_code}"
                asked = retry_after(answer.headers.get("retry-after"), self.wall_clock())
                if asked is not None and asked > self.options.max_wait:
                    raise UnreachableError(
                        source, f"HTTP {answer.status_code}, asked to wait {asked:g} s"
                    )
                wait = asked if asked is not None else self._backoff(attempt)
            finally:
                gate.leave()
            attempt += 1
            if attempt < attempts:
                self.sleep(wait)
        failure = UnreachableError if unreachable else UnavailableError
        raise failure(source, f"{problem} (after {attempts} tries)")

    def _backoff(self, attempt: int) -> float:
        return float(min(self.options.backoff * (2**attempt), 30.0))


def _check_body(source: Source, body: bytes, kind: str) -> None:
    try:
        if kind == "json":
            json.loads(body)
        elif kind == "xml":
            ElementTree.fromstring(body)
    except (ValueError, ElementTree.ParseError) as error:
        raise UnavailableError(source, f"the answer could not be read ({kind}: {error})") from None


def parse_json(source: Source, response: Response) -> Any:
    """The JSON of a 200 answer (checked before it was cached)."""
    try:
        return json.loads(response.body)
    except ValueError as error:
        raise UnavailableError(source, f"the answer could not be read (json: {error})") from None
