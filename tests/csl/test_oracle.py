"""Optional oracle: compare with citeproc-js (npm package ``citeproc``) run by node.

Skipped unless ``node`` is on PATH and ``require("citeproc")`` works (e.g. with
``NODE_PATH`` pointing at a ``node_modules`` that holds the package).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from refkit.csl import CitationProcessor
from refkit.csl.locale import locales_dir
from refkit.csl.processor import CiteRef, Cluster, compute_positions
from refkit.csl.style import styles_dir

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


def _node_ok() -> bool:
    if shutil.which("node") is None:
        return False
    res = subprocess.run(
        ["node", "-e", "require('citeproc')"], capture_output=True, text=True, check=False
    )
    return res.returncode == 0


pytestmark = pytest.mark.skipif(not _node_ok(), reason="node or npm package citeproc missing")


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
        cl = Cluster(id=it["id"], note_index=1, cites=[CiteRef(id=it["id"])])
        infos = compute_positions([cl], proc.style.attrs, proc.style.citation)[0]
        cites.append(proc.to_str(sess.cluster_node(list(zip(cl.cites, infos, strict=True)))))
    assert cites == expected["citations"]
