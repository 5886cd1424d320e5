"""Labelled rendering: plain text cut into spans that name the CSL variable, date part
or term each run renders (training data for the reference importer)."""

from __future__ import annotations

from pathlib import Path

import pytest

import refkit
from refkit.cite.csljson import bibliography_to_csl
from refkit.cite.render import parse_cites, render_items, render_labelled
from tests.csl.varied_items import varied_items

BIB = Path(__file__).resolve().parents[2] / "bib" / "trafficking.bib"
STYLES = ("apa", "chicago", "chicago-notes", "mla", "harvard", "ieee", "vancouver", "nature")


@pytest.fixture(scope="module")
def items() -> list[dict[str, object]]:
    return [*varied_items(40), *bibliography_to_csl(refkit.load(BIB))]


@pytest.mark.parametrize("style", STYLES)
def test_spans_join_to_the_plain_text_output(items: list[dict[str, object]], style: str) -> None:
    """Every entry's spans, joined, are byte for byte the text renderer's entry."""
    labelled = render_labelled(items, style)
    plain = render_items(items, style, "text", engine="refkit").entries
    assert [(entry.key, entry.text) for entry in labelled] == [(e.key, e.text) for e in plain]
    assert all(span.text for entry in labelled for span in entry.spans)


def test_cites_join_to_the_plain_text_citations(items: list[dict[str, object]]) -> None:
    keys = [str(item["id"]) for item in items[:6]]
    cites = [parse_cites(f"{keys[0]}, p. 4; {keys[1]}"), parse_cites(keys[2])]
    labelled = render_labelled(items, "chicago-notes", cites=cites)
    plain = render_items(items, "chicago-notes", "text", engine="refkit", cites=cites)
    assert [entry.text for entry in labelled] == list(plain.citations)
    assert labelled[0].key == f"{keys[0]};{keys[1]}"


def test_spans_name_variables_date_parts_and_terms() -> None:
    item = {
        "id": "k",
        "type": "chapter",
        "title": "A title",
        "container-title": "The book",
        "author": [{"family": "Smith", "given": "Jane"}],
        "editor": [{"family": "Doe", "given": "John"}],
        "issued": {"date-parts": [[2001, 5]]},
        "page": "10-20",
        "publisher": "Press",
        "DOI": "10.1000/x",
    }
    (entry,) = render_labelled([item], "apa")
    labels = {span.text: span.label for span in entry.spans}
    assert labels["Smith, J."] == "author"
    assert labels["A title"] == "title"
    assert labels["2001"] == "issued.year"
    assert labels["The book"] == "container-title"
    assert labels["10–20"] == "page"
    assert labels["Press"] == "publisher"
    assert labels["10.1000/x"] == "DOI"
    assert any(label == "term:editor" for label in labels.values())
    # affixes and delimiters are unlabelled
    assert labels.get(". ") == ""


def test_labelled_rendering_needs_a_csl_style() -> None:
    with pytest.raises(refkit.UsageError):
        render_labelled([{"id": "a", "type": "book", "title": "T"}], "bibtex:plain")
