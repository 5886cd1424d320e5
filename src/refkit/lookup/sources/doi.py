"""doi.org content negotiation: ``{base}/{doi}``, asking for CSL-JSON.

``Accept: application/vnd.citationstyles.csl+json``.

The DOI resolver knows every registration agency (Crossref, DataCite, mEDRA, JaLC, ...);
it answers with a redirect to the agency's CSL-JSON, or 404 for a DOI nobody registered.
It is the authority on whether a DOI exists, so only its 404 makes a DOI "not found".
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from refkit.lookup.http import HttpClient, UnavailableError, parse_json
from refkit.lookup.options import VerifyOptions
from refkit.lookup.records import Record, Source
from refkit.lookup.sources.crossref import parse_work

CSL_JSON = "application/vnd.citationstyles.csl+json"


def lookup(client: HttpClient, options: VerifyOptions, doi: str) -> Record | None:
    url = f"{options.endpoint(Source.DOI)}/{quote(doi, safe='/')}"
    response = client.get(Source.DOI, url, accept=CSL_JSON)
    if response.status in (404, 410):
        return None
    if not response.found:
        raise UnavailableError(Source.DOI, f"HTTP {response.status} for {url}")
    data = parse_json(Source.DOI, response)
    if not isinstance(data, Mapping):
        raise UnavailableError(Source.DOI, "the answer is not a CSL-JSON item")
    record = parse_work(data, Source.DOI)
    if record.doi is None:
        record = parse_work({**data, "DOI": doi}, Source.DOI)
    return record
