"""Settings of ``refkit verify``: ``[tool.refkit.verify]``, environment variables, defaults.

::

    [tool.refkit.verify]
    mailto = "you@example.org"      # or REFKIT_MAILTO; sent in the User-Agent (polite pool)
    cache = "refs.verify.sqlite"    # default: refkit/verify.sqlite in the user's cache dir
    ttl-days = 30                   # how long an answer is reused (not-found answers: 7 days)
    sources = ["crossref", "datacite", "doi", "arxiv", "openlibrary", "dblp"]
    protected-fields = ["title", "author"]   # no fix changing one of these is proposed
    select = ["RK10"]               # which RK10xx rules run (verify's own selection)
    ignore = []
    fail-on = "error"
    concurrency = 4                 # requests in flight at once (per registry at most this)
    timeout = 10.0                  # seconds per request
    retries = 3                     # further tries after a 429, 5xx or network error
    [tool.refkit.verify.endpoints]  # or REFKIT_CROSSREF_URL, REFKIT_DOI_URL, ...
    crossref = "https://api.crossref.org"

An endpoint must be ``https://``; ``http://`` is accepted only for loopback addresses
(a test server or a local mirror).  The environment overrides the file.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from refkit.core.diagnostics import Severity
from refkit.core.errors import UsageError
from refkit.lookup.records import Source

DEFAULT_ENDPOINTS: Mapping[Source, str] = {
    Source.CROSSREF: "https://api.crossref.org",
    Source.DOI: "https://doi.org",
    Source.DATACITE: "https://api.datacite.org",
    Source.ARXIV: "https://export.arxiv.org/api",
    Source.OPENLIBRARY: "https://openlibrary.org",
    Source.DBLP: "https://dblp.org",
}
ENDPOINT_VARIABLES: Mapping[Source, str] = {
    Source.CROSSREF: "REFKIT_CROSSREF_URL",
    Source.DOI: "REFKIT_DOI_URL",
    Source.DATACITE: "REFKIT_DATACITE_URL",
    Source.ARXIV: "REFKIT_ARXIV_URL",
    Source.OPENLIBRARY: "REFKIT_OPENLIBRARY_URL",
    Source.DBLP: "REFKIT_DBLP_URL",
}
MAILTO_VARIABLE = "REFKIT_MAILTO"
DEFAULT_TTL_DAYS = 30.0
#: Not-found answers are kept for a shorter time: a DOI registered yesterday shows up.
NEGATIVE_TTL_DAYS = 7.0

_KEYS = frozenset(
    {
        "mailto",
        "cache",
        "ttl-days",
        "sources",
        "protected-fields",
        "select",
        "ignore",
        "fail-on",
        "concurrency",
        "timeout",
        "retries",
        "endpoints",
    }
)


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def url_allowed(url: str) -> bool:
    """HTTPS, or HTTP to a loopback address."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return True
    return parts.scheme == "http" and is_loopback(parts.hostname or "")


def user_cache_dir() -> Path:
    """The per-user cache directory (XDG on Linux, Caches on macOS, LOCALAPPDATA on Windows)."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "refkit" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "refkit"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "refkit"


@dataclass(frozen=True)
class VerifyOptions:
    """How verify asks the registries and what it may change."""

    mailto: str | None = None
    #: The SQLite cache file; None for no cache at all.
    cache: Path | None = None
    ttl_days: float = DEFAULT_TTL_DAYS
    offline: bool = False
    refresh: bool = False
    sources: tuple[Source, ...] = tuple(Source)
    protected_fields: frozenset[str] = frozenset()
    select: tuple[str, ...] = ("RK10",)
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Severity.ERROR
    concurrency: int = 4
    timeout: float = 10.0
    retries: int = 3
    endpoints: Mapping[Source, str] = field(default_factory=lambda: dict(DEFAULT_ENDPOINTS))
    #: Seconds of the first back-off; doubled on each further try.
    backoff: float = 1.0
    #: Longest wait refkit accepts from a Retry-After before giving the source up.
    max_wait: float = 60.0

    def replace(self, **changes: Any) -> VerifyOptions:
        return dataclasses.replace(self, **changes)

    def endpoint(self, source: Source) -> str:
        return self.endpoints[source].rstrip("/")

    def uses(self, source: Source) -> bool:
        return source in self.sources

    @property
    def user_agent(self) -> str:
        from refkit.core.version import VERSION

        contact = f"; mailto:{self.mailto}" if self.mailto else ""
        return f"refkit/{VERSION} (https://pypi.org/project/refkit/{contact})"


def _strings(value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise UsageError(f"[tool.refkit.verify] {key!r} must be a list of strings")


def _number(value: Any, key: str, low: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < low:
        raise UsageError(f"[tool.refkit.verify] {key!r} must be a number of at least {low}")
    return float(value)


def options_from(
    table: Mapping[str, Any],
    base: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> VerifyOptions:
    """Options from a ``[tool.refkit.verify]`` table and the environment.

    ``base`` is the folder of the configuration file, against which a relative ``cache``
    path is read.
    """
    environ = os.environ if environ is None else environ
    unknown = set(table) - _KEYS
    if unknown:
        raise UsageError(f"unknown [tool.refkit.verify] key(s) {sorted(unknown)}")
    folder = base if base is not None else Path.cwd()
    endpoints = dict(DEFAULT_ENDPOINTS)
    given = table.get("endpoints", {})
    if not isinstance(given, Mapping):
        raise UsageError("[tool.refkit.verify.endpoints] must be a table")
    for name, url in given.items():
        try:
            endpoints[Source(str(name))] = str(url)
        except ValueError:
            raise UsageError(
                f"unknown registry {name!r} in [tool.refkit.verify.endpoints]"
            ) from None
    for source, variable in ENDPOINT_VARIABLES.items():
        if environ.get(variable):
            endpoints[source] = environ[variable]
    for source, url in endpoints.items():
        if not url_allowed(url):
            raise UsageError(
                f"the {source.label} endpoint {url!r} must use https:// "
                "(http:// only for loopback addresses)"
            )
    try:
        sources = tuple(Source(name) for name in _strings(table.get("sources", []), "sources"))
    except ValueError as error:
        raise UsageError(f"[tool.refkit.verify] sources: {error}") from None
    cache_value = table.get("cache")
    cache = (folder / str(cache_value)) if cache_value else user_cache_dir() / "verify.sqlite"
    mailto = environ.get(MAILTO_VARIABLE) or table.get("mailto")
    try:
        fail_on = Severity.parse(str(table.get("fail-on", "error")))
    except ValueError as error:
        raise UsageError(f"[tool.refkit.verify] fail-on: {error}") from None
    return VerifyOptions(
        mailto=str(mailto) if mailto else None,
        cache=cache,
        ttl_days=_number(table.get("ttl-days", DEFAULT_TTL_DAYS), "ttl-days", 0),
        sources=sources or tuple(Source),
        protected_fields=frozenset(
            name.lower() for name in _strings(table.get("protected-fields", []), "protected-fields")
        ),
        select=_strings(table.get("select", ["RK10"]), "select"),
        ignore=_strings(table.get("ignore", []), "ignore"),
        fail_on=fail_on,
        concurrency=int(_number(table.get("concurrency", 4), "concurrency", 1)),
        timeout=_number(table.get("timeout", 10.0), "timeout", 0.01),
        retries=int(_number(table.get("retries", 3), "retries", 0)),
        endpoints=endpoints,
    )
