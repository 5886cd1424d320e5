"""Optional oracle: compare with citeproc-js (npm package ``citeproc``) run by node.

Needs ``node`` and ``require("citeproc")`` (``NODE_PATH`` pointing at a ``node_modules``
that holds the package, as ``.ci/run`` sets it): skipped without them, failed in CI.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from refkit.cite.csl import CitationProcessor
from refkit.cite.csl.locale import locales_dir
from refkit.cite.csl.processor import CiteCluster, CiteRef, compute_positions
from refkit.cite.csl.style import styles_dir
from tests.conftest import require_node_package

from .test_styles import ITEMS

ORACLE_JS = Path(__file__).with_name("oracle.js")
STYLES = [
    "apa",
    "chicago-author-date",
    "ieee",
    "harvard-cite-them-right",
    "modern-language-association",
    "nature",
    "american-medical-association",
    "elsevier-harvard",
    "springer-basic-author-date",
]


@pytest.fixture(autouse=True)
def _citeproc_js_installed() -> None:
    require_node_package("citeproc")


def _citeproc_js(style: str) -> dict[str, Any]:
    req = {
        "style": style,
        "locale": (locales_dir() / "locales-en-US.xml").read_text(encoding="utf-8"),
        "items": ITEMS,
        "clusters": [[it["id"]] for it in ITEMS],
    }
    res = subprocess.run(
        ["node", str(ORACLE_JS)],
        input=json.dumps(req),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    out: dict[str, Any] = json.loads(res.stdout)
    return out


def _norm(s: str) -> str:
    s = s.strip()
    if s.startswith('<div class="csl-entry">') and s.endswith("</div>"):
        s = s[len('<div class="csl-entry">') : -len("</div>")]
    return re.sub(r"\s+", " ", s).strip()


@pytest.mark.parametrize("name", STYLES)
def test_matches_citeproc_js(name: str) -> None:
    path = styles_dir() / f"{name}.csl"
    if not path.is_file():
        pytest.skip(f"style {name} not available")
    style = path.read_text(encoding="utf-8")
    expected = _citeproc_js(style)
    proc = CitationProcessor(style, locale="en-US")
    bib = [_norm(e) for e in proc.bibliography(ITEMS)]
    assert bib == [_norm(e) for e in expected["bibliography"]]
    sess = proc.session(ITEMS)
    cites = []
    for it in ITEMS:
        cl = CiteCluster(id=it["id"], note_index=1, cites=[CiteRef(id=it["id"])])
        infos = compute_positions([cl], proc.style.citation)[0]
        cites.append(proc.to_str(sess.cluster_node(list(zip(cl.cites, infos, strict=True)))))
    assert cites == expected["citations"]


# -- agreement on the bundled bibliography and 100 varied items (issue 7, point 4) --------

#: Style, then the fewest entries (of 18 in bib/trafficking.bib, of 100 varied items)
#: whose bibliography entry must equal citeproc-js's; measured 2026-11-28, so a
#: regression fails.  No known differences remain on these datasets (American
#: Anthropological Association guards an empty subsequent-author-substitute with display
#: blocks).  Known differences elsewhere: citeproc-js reads a number such as "3-A" as a
#: range (plural label, "3rd-A" as ordinal); and its by-cite name registry depends
#: on render order across makeBibliography calls, which refkit models for one run.
AGREEMENT = {
    "american-anthropological-association": (18, 100),
    "apa": (18, 100),
    "chicago-author-date": (18, 100),
    "chicago-notes-bibliography": (18, 100),
    "modern-language-association": (18, 100),
    "ieee": (18, 100),
    "harvard-cite-them-right": (18, 100),
    "elsevier-vancouver": (18, 100),
    "oscola": (18, 100),
    "nature": (18, 100),
}


def _bibliography_js(style: str, items: list[dict[str, Any]]) -> list[str]:
    request = {
        "style": style,
        "locale": (locales_dir() / "locales-en-US.xml").read_text(encoding="utf-8"),
        "items": items,
        "clusters": [],
    }
    result = subprocess.run(
        ["node", str(ORACLE_JS)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return [_norm(entry) for entry in json.loads(result.stdout)["bibliography"]]


def _datasets() -> dict[str, list[dict[str, Any]]]:
    import refkit
    from refkit.cite.csljson import bibliography_to_csl

    from .varied_items import varied_items

    repo = Path(__file__).resolve().parents[2]
    return {
        "trafficking": bibliography_to_csl(refkit.load(repo / "bib" / "trafficking.bib")),
        "varied": varied_items(100),
    }


@pytest.mark.parametrize("name", sorted(AGREEMENT))
def test_bibliographies_agree_with_citeproc_js(name: str) -> None:
    """On trafficking.bib and 100 varied items, entries equal citeproc-js's (at least the
    measured number of them)."""
    style = (styles_dir() / f"{name}.csl").read_text(encoding="utf-8")
    floors = AGREEMENT[name]
    for (label, items), floor in zip(_datasets().items(), floors, strict=True):
        expected = _bibliography_js(style, items)
        mine = [
            _norm(entry) for entry in CitationProcessor(style, locale="en-US").bibliography(items)
        ]
        same = sum(1 for ours, theirs in zip(mine, expected, strict=False) if ours == theirs)
        assert len(mine) == len(expected), label
        assert same >= floor, f"{name} on {label}: {same}/{len(expected)} agree"
