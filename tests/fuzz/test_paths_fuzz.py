"""Fuzzing the other public paths: render in every engine and format, conversion
between BibTeX and CSL-JSON both ways, the reference importer and cite-check
(issue 19, point 4).  Every path returns a value or raises a ``RefkitError`` (the CLI's
one-line ``refkit: error: ...``), never another exception.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import refkit
from refkit.cite.carry import entries_to_csl, items_to_bib
from refkit.cite.cslinput import read_csl_json
from refkit.cite.csljson import bibliography_to_csl, dumps_json
from refkit.cite.formats import FORMATS
from refkit.cite.render import render, render_items
from refkit.core.diagnostics import Diagnostic
from refkit.core.errors import RefkitError
from refkit.manuscript import Manuscript, cite_check
from refkit.manuscript.model import ManuscriptKind
from refkit.refparse.export import to_bibtex, to_csljson
from tests.fuzz.inputs import ANY_TEXT, LATEX, MARKDOWN, PROSE, REFERENCES, bib_text
from tests.fuzz.profiles import fuzz

#: (engine, style) pairs: each engine with a style it renders.
_ENGINES = [
    ("refkit", "apa"),
    ("refkit", "ieee"),
    ("citeproc-py", "apa"),
    ("pybtex", "bibtex:plain"),
]
_FIXED_BIB = refkit.loads(
    "@article{k, author = {Doe, Jane and Roe, R.}, title = {A Title}, journal = {J},"
    " year = 2020, pages = {1--5}}\n@book{Doe2020, editor = {Doe, J.}, title = {B},"
    " publisher = {P}, year = 2019}\n@misc{a:b, title = {C}, url = {https://x.org/a_(b)}}"
)


@pytest.mark.parametrize(("engine", "style"), _ENGINES, ids=[engine for engine, _ in _ENGINES])
@fuzz(12)
@given(text=bib_text(4), output=st.sampled_from(FORMATS))
@example(text="@misc{k, author = {\\{}, title = {<script>}}", output="html")
@example(text="@misc{k, title = {[^1] *a* `b` & ~}}", output="markdown")
def test_render_gives_text_or_a_clear_error_in_every_engine_and_format(
    engine: str, style: str, text: str, output: str
) -> None:
    """Any file renders in any engine and format: text per entry, or a RefkitError."""
    bibliography = refkit.loads(text)
    try:
        rendered = render(bibliography, style, output, engine=engine)  # type: ignore[arg-type]
    except RefkitError as error:
        refusal = str(error)
    else:
        refusal = None
    if refusal is not None:
        assert refusal.strip()
        return
    assert len(rendered.entries) <= len(bibliography.entries)
    assert all(isinstance(entry.text, str) for entry in rendered.entries)
    assert isinstance(str(rendered), str)


_CSL_VALUES = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), ANY_TEXT.map(str)
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
    max_leaves=6,
)
_CSL_KEYS = st.sampled_from(
    ["id", "type", "title", "author", "editor", "issued", "page", "volume", "DOI", "URL",
     "container-title", "publisher", "note", "language", "accessed", "citation-key", "x"]
)  # fmt: skip
_CSL_ITEM = st.dictionaries(_CSL_KEYS, _CSL_VALUES, max_size=6)


@fuzz(30)
@given(st.lists(_CSL_ITEM, max_size=3), st.sampled_from(FORMATS))
@example([{"id": "k", "author": [None], "issued": {"date-parts": [["NaN"]]}}], "text")
@example([{"id": {"a": 1}, "title": ["x"], "page": 1e400}], "html")
def test_rendering_any_csl_json_items_gives_text_or_a_clear_error(
    items: list[dict[str, object]], output: str
) -> None:
    """Hostile CSL-JSON items render or are refused with a RefkitError."""
    try:
        rendered = render_items(items, "apa", output, engine="refkit")  # type: ignore[arg-type]
    except RefkitError as error:
        refusal = str(error)
    else:
        refusal = None
    if refusal is not None:
        assert refusal.strip()
        return
    assert isinstance(str(rendered), str)


@fuzz(40)
@given(bib_text(6))
def test_bib_to_csl_json_and_back_keeps_the_entries(text: str) -> None:
    """bib -> CSL-JSON -> biblatex -> CSL-JSON: one item per entry, the same ids, and
    the second CSL-JSON is the first (what one conversion keeps, the next keeps too)."""
    bibliography = refkit.loads(text)
    items, _ = entries_to_csl(bibliography, keep_title_case=True)
    assert len(items) == len(bibliography.entries)
    again = list(read_csl_json(dumps_json(items), "<fuzz>").items)
    assert again == json.loads(json.dumps(items))
    back, _ = items_to_bib(again, "biblatex")
    reread = refkit.loads(back)
    assert len(reread.entries) == len(items)
    second, _ = entries_to_csl(reread, keep_title_case=True)
    ids = [item["id"] for item in items]
    if len({str(key).lower() for key in ids}) < len(ids) or "" in ids:
        # A repeated key is made unique in BibTeX ('k', 'k-2') and an empty one given a
        # name ('item1'); from there on the keys are kept.
        third, _ = entries_to_csl(
            refkit.loads(items_to_bib(second, "biblatex")[0]), keep_title_case=True
        )
        assert [item["id"] for item in third] == [item["id"] for item in second]
        return
    assert [item["id"] for item in second] == ids
    assert second == items


@fuzz(30)
@given(bib_text(6))
def test_csl_mapping_of_any_file_is_json(text: str) -> None:
    """bibliography_to_csl of any file is a list of JSON objects with string ids."""
    items = bibliography_to_csl(refkit.loads(text))
    assert all(isinstance(item.get("id"), str) for item in items)
    json.dumps(items)


@fuzz(30)
@given(st.one_of(REFERENCES, ANY_TEXT))
@example("Doe, J. " * 200)
def test_importing_any_text_gives_references_that_write_as_bibtex_and_csl_json(
    text: str,
) -> None:
    """parse_references never raises on text; its BibTeX output reads back with one
    entry per reference, and its CSL-JSON output is JSON."""
    references = refkit.parse_references(text)
    bibtex = to_bibtex(references)
    assert len(refkit.loads(bibtex).entries) == len(references)
    assert len(json.loads(to_csljson(references) or "[]")) == len(references)


@pytest.mark.parametrize(
    ("kind", "texts"),
    [
        (ManuscriptKind.LATEX, LATEX),
        (ManuscriptKind.MARKDOWN, MARKDOWN),
        (ManuscriptKind.PROSE, PROSE),
    ],
    ids=["latex", "markdown", "prose"],
)
@fuzz(40)
@given(data=st.data())
def test_cite_check_of_any_manuscript_gives_diagnostics(
    kind: ManuscriptKind, texts: st.SearchStrategy[str], data: st.DataObject
) -> None:
    """cite-check never raises on a manuscript; its findings are RK9xx diagnostics."""
    text = data.draw(texts)
    for diagnostic in cite_check(Manuscript(text, kind), _FIXED_BIB):
        assert isinstance(diagnostic, Diagnostic)
        assert diagnostic.code.startswith("RK9")
        assert diagnostic.line is None or diagnostic.line >= 1
