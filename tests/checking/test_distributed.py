"""Checking as map and reduce: chunks checked apart and merged report what one check does."""

from __future__ import annotations

import io
import itertools
import random
from functools import reduce
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refkit.bib.io import load, loads
from refkit.core.diagnostics import Diagnostic
from refkit.lint.checking import check
from refkit.lint.config import Config
from refkit.lint.distributed import (
    Chunk,
    CrossRecords,
    FileFacts,
    check_chunk,
    check_chunks,
    cross_findings,
    file_facts,
    merge_file_facts,
    merge_records,
    merged_findings,
    split_text,
)
from refkit.lint.report import ReportFormat, ReportWriter
from tests.conftest import CORPUS

#: Corpus files with what the cross-entry rules look at: @string macros, crossref
#: parents, duplicates, suppression comments, biblatex-only types, lone CR line ends.
_CORPUS_FILES = (
    "plk_biber__t__tdata__crossrefs.bib",
    "iridia-ulb_references__crossref.bib",
    "plk_biblatex__bibtex__bib__biblatex__biblatex-examples.bib",
    "FlamingTempura_bibtex-tidy__test__bibliographies__better-bibtex__Better_BibTeX.001.bib",
    "ge-ne_bibtool__test__bib__xampl.bib",
    "beebe-journals__inst__bib__transamfishsoc2010.bib",
)


def _corpus(name: str) -> Path:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{name} is not in ../shared")
    return path


def _json(diagnostics: list[Diagnostic], source: str) -> str:
    buffer = io.StringIO()
    writer = ReportWriter(ReportFormat.JSON, buffer, colour=False, excerpts=False)
    writer.write(diagnostics, source)
    writer.close(1)
    return buffer.getvalue()


@pytest.mark.parametrize("name", _CORPUS_FILES)
@pytest.mark.parametrize("size", [1, 5_000, 200_000])
def test_chunked_check_of_a_corpus_file_writes_the_json_of_one_check(name: str, size: int) -> None:
    path = str(_corpus(name))
    bibliography = load(path)
    text = bibliography.source.text
    whole = check(bibliography)
    chunks = split_text(text, path, size=size)
    if size == 1:
        assert len(chunks) >= min(len(bibliography.entries), 2)  # cut at every entry
    chunked = check_chunks(chunks)
    assert [item.to_dict() for item in chunked] == [item.to_dict() for item in whole]
    assert _json(chunked, text) == _json(whole, text)


def test_chunks_tile_the_text_and_start_on_their_lines() -> None:
    text = "@string{j = {J}}\n\n% note\n@article{a, journal = j}\r\n@book{b,\r title={T}}\n"
    chunks = split_text(text, "x.bib", size=1)
    assert "".join(chunk.text for chunk in chunks) == text
    assert len(chunks) >= 2
    for chunk in chunks:
        assert text[chunk.offset :].startswith(chunk.text)
        assert chunk.line == loads(text).source.line_col(chunk.offset)[0]


def test_suppression_comment_travels_with_its_entry() -> None:
    text = (
        "@article{a, title = {A long enough title here}, year = 2020, author = {Smith, J}}\n"
        "\n"
        "% refkit: ignore RK701 -- kept on purpose\n"
        "@article{b, title = {A long enough title here}, year = 2020, author = {Smith, J}}\n"
    )
    chunks = split_text(text, "x.bib", size=1)
    assert len(chunks) == 2
    assert chunks[1].text.startswith("\n% refkit: ignore")
    codes = [item.code for item in check_chunks(chunks)]
    assert "RK701" not in codes
    assert codes == [item.code for item in check(loads(text, path="x.bib"))]


def test_macros_defined_in_another_chunk_count_as_defined() -> None:
    text = "@string{jgr = {J. Geophys. Res.}}\n\n@article{a, journal = jgr, title = {T}}\n"
    chunks = split_text(text, "x.bib", size=1)
    assert len(chunks) == 2
    found = check_chunks(chunks)
    assert "RK703" not in {item.code for item in found}
    assert [item.to_dict() for item in found] == [
        item.to_dict() for item in check(loads(text, path="x.bib"))
    ]


@pytest.mark.parametrize(
    "text",
    [
        "@article{a, journal = jgr, title = {T}}\n\n@string{jgr = {J}}\n\n"
        "@article{b, journal = jgr, title = {U}}\n",
        "@string{c = c # c}\n\n@article{a, author = c, title = {T}}\n",
    ],
)
def test_a_macro_used_above_its_definition_is_undefined_in_chunks_too(text: str) -> None:
    found = check_chunks(split_text(text, "x.bib", size=1))
    assert "RK703" in {item.code for item in found}
    assert [item.to_dict() for item in found] == [
        item.to_dict() for item in check(loads(text, path="x.bib"))
    ]


def _sample() -> tuple[str, str, list[Chunk]]:
    path = str(_corpus("plk_biber__t__tdata__crossrefs.bib"))
    text = load(path).source.text
    return path, text, split_text(text, path, size=1)


def _reduce_in_order(items: list[object], order: list[int], merge: object) -> object:
    """Merge ``items`` pairwise, picking the pair at ``order[i]`` each time (any tree)."""
    pool = list(items)
    for choice in order:
        if len(pool) < 2:
            break
        where = choice % (len(pool) - 1)
        pool[where : where + 2] = [merge(pool[where], pool[where + 1])]  # type: ignore[operator]
    return reduce(merge, pool)  # type: ignore[arg-type]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_chunking_and_any_merge_order_give_the_findings_of_one_check(
    data: st.DataObject,
) -> None:
    path, _, finest = _SAMPLE
    # Any chunking: join runs of the finest chunks (every possible cut is a finest one).
    cuts = data.draw(st.sets(st.integers(1, len(finest) - 1), max_size=12))
    bounds = [0, *sorted(cuts), len(finest)]
    chunks = [
        Chunk(path, "".join(c.text for c in finest[a:b]), finest[a].offset, finest[a].line)
        for a, b in itertools.pairwise(bounds)
    ]
    seed = data.draw(st.integers(0, 2**16))
    shuffled = list(chunks)
    random.Random(seed).shuffle(shuffled)
    order = data.draw(st.lists(st.integers(0, 100), max_size=len(chunks)))
    facts = _reduce_in_order([file_facts(chunk) for chunk in shuffled], order, merge_file_facts)
    assert isinstance(facts, FileFacts)
    results = [check_chunk(chunk, facts) for chunk in shuffled]
    records = _reduce_in_order([result.records for result in results], order, merge_records)
    assert isinstance(records, CrossRecords)
    found = sorted(
        [item for result in results for item in result.diagnostics]
        + cross_findings(records, facts, Config(), path),
        key=Diagnostic.sort_key,
    )
    assert [item.to_dict() for item in found] == _WHOLE


def _whole() -> list[dict[str, object]]:
    path, _, _ = _SAMPLE
    return [item.to_dict() for item in check(load(path))]


if (CORPUS / "plk_biber__t__tdata__crossrefs.bib").is_file():
    _SAMPLE = _sample()
    _WHOLE = _whole()
else:  # pragma: no cover - without ../shared the property test skips
    _SAMPLE = ("", "", [])
    _WHOLE = []
    test_any_chunking_and_any_merge_order_give_the_findings_of_one_check = pytest.mark.skip(
        reason="../shared is not present"
    )(test_any_chunking_and_any_merge_order_give_the_findings_of_one_check)


def test_merging_is_associative_and_commutative_on_facts_and_records() -> None:
    _, _, finest = _SAMPLE
    if not finest:
        pytest.skip("../shared is not present")
    facts = [file_facts(chunk) for chunk in finest[:3]]
    a, b, c = facts
    left = merge_file_facts(merge_file_facts(a, b), c)
    right = merge_file_facts(a, merge_file_facts(c, b))
    assert left == right
    merged = reduce(merge_file_facts, facts)
    records = [check_chunk(chunk, merged).records for chunk in finest[:3]]
    x, y, z = records
    assert merge_records(merge_records(x, y), z) == merge_records(z, merge_records(y, x))
    assert len(merge_records(x, y).stubs) == len(x.stubs) + len(y.stubs)


def test_merged_findings_of_chunk_results_are_in_report_order() -> None:
    path, _, finest = _SAMPLE
    if not finest:
        pytest.skip("../shared is not present")
    facts = reduce(merge_file_facts, map(file_facts, finest))
    results = [check_chunk(chunk, facts) for chunk in reversed(finest)]
    found = merged_findings(results, facts, None, path)
    assert [item.to_dict() for item in found] == _WHOLE
    assert found == sorted(found, key=Diagnostic.sort_key)
