"""Running verify against the local registry with a fake sleep (no test waits for real)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from refkit.bib.io import loads
from refkit.lookup import VerifyResult, verify
from refkit.lookup.cache import Cache
from refkit.lookup.http import HttpClient
from refkit.lookup.options import VerifyOptions
from refkit.lookup.records import Source
from tests.lookup.registry import Registry, arxiv_recording, fixture, recorded

SADASIVAN_ENTRY = """@article{sadasivan2012,
  title = {Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of
           Microglia in the Basal Ganglia of Mice},
  author = {Sadasivan, Shankar and Pond, Brooks B. and Pani, Amar K. and Qu, Chunxu
            and Jiao, Yun and Smeyne, Richard J.},
  journal = {PLoS ONE}, year = {2012}, volume = {7}, number = {3}, pages = {e33693},
  doi = {10.1371/journal.pone.0033693},
}
"""


@dataclass
class Sleeps:
    """Records the waits the client asked for instead of waiting."""

    waits: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def run(
    text: str,
    options: VerifyOptions,
    sleeps: Sleeps | None = None,
    **client: Any,
) -> VerifyResult:
    """``verify`` of a .bib text through the real HTTP client and SQLite cache."""
    bibliography = loads(text, path="refs.bib")
    cache = Cache(options.cache) if options.cache is not None else None
    http = HttpClient(options, cache, sleep=sleeps or Sleeps(), **client)
    try:
        return verify(bibliography, options=options, client=http)
    finally:
        http.close()
        if cache is not None:
            cache.close()


def codes(result: VerifyResult) -> list[str]:
    return [item.code for item in result]


def by_field(result: VerifyResult, code: str = "RK1002") -> dict[str | None, str]:
    return {item.field: item.message for item in result if item.code == code}


def serve_work(registry: Registry, cassette: str, doi: str) -> None:
    """Crossref's recorded answer for ``/works/{doi}``."""
    registry.add(Source.CROSSREF, f"/works/{doi}", recorded(cassette, doi))


def serve_not_found(registry: Registry, doi: str) -> None:
    """A DOI nobody registered: Crossref's, DataCite's and doi.org's real 404s."""
    registry.add(
        Source.CROSSREF,
        f"/works/{doi}",
        recorded("test-works/test_works_bad_id_warn", "notarealdoi"),
    )
    registry.add(Source.DATACITE, f"/dois/{doi}", fixture("datacite_not_found.json"))
    registry.add(
        Source.DOI,
        f"/{doi}",
        recorded(
            "test-content_negotation/test_content_negotiation_raises_an_http_error_with_bad_requests",
            "10.1126/foo",
        ),
    )


def serve_arxiv(registry: Registry, name: str, arxiv_id: str) -> None:
    registry.add(
        Source.ARXIV,
        "/query",
        arxiv_recording(name),
        matches=lambda request: request.args.get("id_list") == arxiv_id,
    )


def cache_path(tmp: Path) -> Path:
    return tmp / "verify.sqlite"
