"""The Bad and Good examples of every RK10xx rule's documentation are true: run against
the recorded registry answers, Bad is reported by its rule and Good is not."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from refkit.lint.rules.base import Rule
from refkit.lookup import rules
from refkit.lookup.records import Source
from tests.lookup.registry import Registry, fixture, list_item, recorded
from tests.lookup.support import codes, run, serve_arxiv, serve_not_found, serve_work

BOETTIGER = recorded("test-works/test_works_field_queries", "query.author=carl+boettiger")
RULES = rules()
_EXAMPLE = re.compile(r"^(?P<label>Bad|Good):(?P<text>.*?)(?=^Good:|\Z)", re.S | re.M)


def examples(documentation: str) -> dict[str, str]:
    """``{"Bad": text, "Good": text}`` of a rule's documentation, dedented."""
    found: dict[str, str] = {}
    for match in _EXAMPLE.finditer(documentation):
        first, _, rest = match.group("text").partition("\n")
        found[match.group("label")] = first.strip() + "\n" + textwrap.dedent(rest)
    return found


def _serve(registry: Registry) -> None:
    serve_work(registry, "test-works/test_works_with_one_id", "10.1371/journal.pone.0033693")
    serve_not_found(registry, "10.1371/notarealdoi")
    registry.add(Source.CROSSREF, "/works", BOETTIGER)
    forecast = "10.1111/ele.14024"
    registry.add(Source.CROSSREF, f"/works/{forecast}", list_item(BOETTIGER, forecast))
    registry.add(
        Source.CROSSREF, "/works/10.1016/s0140-6736(97)11096-0", fixture("crossref_retracted.json")
    )
    registry.add(Source.DBLP, "/search/publ/api", fixture("dblp_empty.json"))
    serve_arxiv(registry, "id_astro-ph_0601001", "astro-ph/0601001")


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_bad_is_reported_and_good_is_not(rule: Rule, registry: Registry, cache_file: Path) -> None:
    """The rule's own code is among Bad's findings and not among Good's."""
    found = examples(rule.documentation())
    assert set(found) == {"Bad", "Good"}
    _serve(registry)
    options = registry.options(cache_file)
    assert rule.code in codes(run(found["Bad"], options)), found["Bad"]
    assert rule.code not in codes(run(found["Good"], options)), found["Good"]
