"""A stand-in for the registries on 127.0.0.1, replaying real recorded answers.

The recordings are read from ``../shared/data/registry-recordings`` at run time (habanero's
VCR cassettes of Crossref and doi.org, arxiv.py's arXiv fixtures); they are never copied
into the project.  The answers that no recording holds (DataCite, Open Library, DBLP, a
retraction) are in ``fixtures/``, each written from the service's published documentation
and saying so.  One local server (pytest-httpserver) plays every registry, each under a
path prefix, and the real client (``refkit.lookup.http.HttpClient``) talks to it.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from refkit.lookup.options import DEFAULT_ENDPOINTS, VerifyOptions
from refkit.lookup.records import Source

REPO = Path(__file__).resolve().parents[2]
RECORDINGS = (REPO / ".." / "shared" / "data" / "registry-recordings").resolve()
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PREFIXES = {
    Source.CROSSREF: "/crossref",
    Source.DOI: "/doi",
    Source.DATACITE: "/datacite",
    Source.ARXIV: "/arxiv/api",
    Source.OPENLIBRARY: "/openlibrary",
    Source.DBLP: "/dblp",
}
#: The recorded hosts, to rewrite redirects to the local server.
HOSTS = {
    "https://api.crossref.org": Source.CROSSREF,
    "http://api.crossref.org": Source.CROSSREF,
    "https://doi.org": Source.DOI,
    "https://export.arxiv.org/api": Source.ARXIV,
}
_KEPT = ("content-type", "content-encoding", "location", "retry-after")


class _Binary(yaml.SafeLoader):
    """VCR writes gzip bodies as ``!!binary``; SafeLoader reads them as bytes."""


@dataclass(frozen=True)
class Recording:
    """One recorded exchange: what was asked and the real answer, body as sent."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    origin: str

    @property
    def gzipped(self) -> bool:
        return self.headers.get("content-encoding", "") == "gzip"

    def decoded(self) -> bytes:
        return gzip.decompress(self.body) if self.gzipped else self.body

    def json(self) -> Any:
        return json.loads(self.decoded())


def cassette(name: str) -> list[Recording]:
    """The exchanges of one habanero cassette, e.g. ``test-works/test_works_with_one_id``."""
    path = RECORDINGS / "habanero" / f"{name}.yaml"
    data = yaml.load(path.read_text("utf-8"), Loader=_Binary)
    found: list[Recording] = []
    for item in data["interactions"]:
        response = item["response"]
        body = response["body"]["string"]
        if isinstance(body, str):
            body = body.encode("utf-8")
        headers = {
            name.lower(): values[0] if isinstance(values, list) else str(values)
            for name, values in response["headers"].items()
        }
        found.append(
            Recording(item["request"]["uri"], response["status"]["code"], headers, body, name)
        )
    return found


def recorded(name: str, url_part: str) -> Recording:
    """The exchange of a cassette whose URL contains ``url_part``."""
    for item in cassette(name):
        if url_part in item.url:
            return item
    raise LookupError(f"{name} has no exchange for {url_part}")


def arxiv_recording(name: str) -> Recording:
    """One of arxiv.py's fixtures (``id_1605.08386_s0_m100_...``): an Atom feed."""
    path = next((RECORDINGS / "arxiv.py").glob(f"{name}_s0_*.json"))
    data = json.loads(path.read_text("utf-8"))
    return Recording(
        data["url"],
        int(data["status_code"]),
        {"content-type": "application/atom+xml"},
        data["body"].encode("utf-8"),
        path.name,
    )


def fixture(name: str) -> Recording:
    """A hand-written answer from ``fixtures/``: JSON with ``_source`` (where it comes from),
    ``status`` and ``body`` (a JSON answer) or ``body_text`` (any other)."""
    data = json.loads((FIXTURES / name).read_text("utf-8"))
    return Recording(
        data.get("_url", ""),
        int(data.get("status", 200)),
        {"content-type": data.get("content_type", "application/json")},
        data["body_text"].encode("utf-8")
        if "body_text" in data
        else json.dumps(data["body"]).encode(),
        name,
    )


Matcher = Callable[[Request], bool]


@dataclass
class _Route:
    path: str | None
    respond: Callable[[Request], Response]
    matches: Matcher
    times: int | None


@dataclass
class Registry:
    """Routes of the local server, and a log of what the client asked."""

    server: HTTPServer
    routes: list[_Route] = field(default_factory=list)
    log: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.server.expect_request(re.compile(".*")).respond_with_handler(self._dispatch)

    def url(self, source: Source) -> str:
        return self.server.url_for(PREFIXES[source]).rstrip("/")

    def options(self, cache: Path | None, **changes: Any) -> VerifyOptions:
        endpoints = dict(DEFAULT_ENDPOINTS)
        endpoints.update({source: self.url(source) for source in PREFIXES})
        base = VerifyOptions(
            cache=cache, endpoints=endpoints, backoff=0.01, timeout=2.0, mailto="test@example.org"
        )
        return base.replace(**changes)

    def _dispatch(self, request: Request) -> Response:
        self.log.append(request)
        for route in list(self.routes):
            if route.path in (None, request.path) and route.matches(request):
                if route.times is not None:
                    route.times -= 1
                    if route.times == 0:
                        self.routes.remove(route)
                return route.respond(request)
        return Response(f"no route for {request.path}", status=599)

    def add(
        self,
        source: Source | None,
        path: str,
        respond: Callable[[Request], Response] | Recording | Response,
        *,
        matches: Matcher = lambda request: True,
        times: int | None = None,
        first: bool = False,
    ) -> None:
        """Answer GET ``{prefix}{path}`` (a decoded path) with a recording or a handler
        (``source`` None: any path that ``matches``)."""
        if isinstance(respond, Recording):
            handler = self._replay(respond)
        elif isinstance(respond, Response):
            answer = respond
            handler = lambda request: answer  # noqa: E731
        else:
            handler = respond
        full = PREFIXES[source] + path if source is not None else None
        route = _Route(full, handler, matches, times)
        if first:
            self.routes.insert(0, route)
        else:
            self.routes.append(route)

    def _replay(self, recording: Recording) -> Callable[[Request], Response]:
        headers = {name: recording.headers[name] for name in _KEPT if name in recording.headers}
        if "location" in headers:
            headers["location"] = self.local(headers["location"])

        def respond(request: Request) -> Response:
            return Response(recording.body, status=recording.status, headers=headers)

        return respond

    def local(self, url: str) -> str:
        """A recorded URL of a registry, as the same path on the local server."""
        for host, source in HOSTS.items():
            if url.startswith(host + "/"):
                return self.url(source) + url[len(host) :]
        return url

    def requests_to(self, source: Source) -> list[Request]:
        return [item for item in self.log if item.path.startswith(PREFIXES[source] + "/")]


def status(code: int, body: str = "", headers: Mapping[str, str] | None = None) -> Response:
    return Response(body, status=code, headers=dict(headers or {}))


def gzip_base64(text: str) -> str:
    return base64.b64encode(gzip.compress(text.encode())).decode()


def list_item(recording: Recording, doi: str) -> Recording:
    """One work of a recorded search answer, as Crossref's ``/works/{doi}`` wraps it.

    The work's JSON is real (the same document Crossref gives in a list and alone); only
    the envelope is rebuilt, for DOIs that were recorded in a list but not alone.
    """
    items = recording.json()["message"]["items"]
    item = next(entry for entry in items if entry["DOI"].lower() == doi.lower())
    body = {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": item}
    return Recording(
        recording.url,
        200,
        {"content-type": "application/json"},
        json.dumps(body).encode(),
        recording.origin,
    )
