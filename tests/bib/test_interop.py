"""refkit.bib.interop: a Bibliography as a bibtexparser Library and back."""

from __future__ import annotations

import sys
from pathlib import Path

import bibtexparser
import pytest
from bibtexparser import middlewares
from bibtexparser import model as bp
from hypothesis import given, settings

import refkit
from refkit.bib.interop import from_bibtexparser, to_bibtexparser
from refkit.bib.model import Bibliography, Entry, PreambleBlock, StringBlock, TextBlock
from refkit.core.errors import InputError, UsageError
from tests.bib.test_properties import _bib_text

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "data" / "bib-corpus" / "files"


def _content(bib: Bibliography) -> list[tuple[object, ...]]:
    """What bibtexparser keeps of each block: everything but white space between blocks."""
    found: list[tuple[object, ...]] = []
    for block in bib.blocks:
        if isinstance(block, Entry):
            fields = tuple((item.name, item.raw) for item in block.fields)
            found.append(("entry", block.type, block.key, fields))
        elif isinstance(block, StringBlock):
            found.append(("string", block.name, block.field.raw))
        elif isinstance(block, PreambleBlock):
            found.append(("preamble", block.value))
        elif isinstance(block, TextBlock):
            if block.raw.strip():
                found.append(("text", block.raw.strip()))
        else:
            found.append((type(block).__name__, block.raw))
    return found


def _entries(library: bibtexparser.Library) -> list[tuple[object, ...]]:
    return [(e.entry_type, e.key, [(f.key, f.value) for f in e.fields]) for e in library.entries]


def _corpus_sample() -> list[Path]:
    """Every 40th corpus file (14 files, from 2 to 2,500 entries)."""
    return sorted(CORPUS.glob("*.bib"))[::40]


@pytest.mark.parametrize("name", ["trafficking.bib", "trafficking.raw.bib"])
def test_bundled_bibliographies_round_trip_byte_for_byte(name: str) -> None:
    """refkit -> bibtexparser -> refkit gives the file back exactly."""
    bib = refkit.load(REPO / "bib" / name)
    assert from_bibtexparser(to_bibtexparser(bib)).dumps() == bib.dumps()


@pytest.mark.parametrize("name", ["trafficking.bib", "trafficking.raw.bib"])
def test_bibtexparsers_own_library_comes_back_byte_for_byte(name: str) -> None:
    """A library bibtexparser parsed itself (no middleware) gives the file back exactly."""
    text = (REPO / "bib" / name).read_text(encoding="utf-8")
    library = bibtexparser.parse_string(text, parse_stack=[])
    assert from_bibtexparser(library).dumps() == text


def test_the_library_is_what_bibtexparser_reads_from_the_file() -> None:
    """Entries, strings, preambles and comments equal bibtexparser's own reading."""
    bib = refkit.load(REPO / "bib" / "trafficking.raw.bib")
    ours = to_bibtexparser(bib)
    theirs = bibtexparser.parse_string(bib.dumps(), parse_stack=[])
    assert [(e.entry_type, e.key, e.start_line) for e in ours.entries] == [
        (e.entry_type, e.key, e.start_line) for e in theirs.entries
    ]
    assert [[(f.key, f.value) for f in e.fields] for e in ours.entries] == [
        [(f.key, f.value) for f in e.fields] for e in theirs.entries
    ]
    assert [c.comment for c in ours.comments] == [c.comment for c in theirs.comments]
    assert len(ours.entries) == len(bib.entries)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the repository")
@pytest.mark.parametrize("path", _corpus_sample(), ids=lambda path: path.name[:60])
def test_corpus_sample_round_trips_and_agrees_with_bibtexparser(path: Path) -> None:
    """Every block's content survives the round trip, and the entries are bibtexparser's."""
    try:
        bib = refkit.load(path)
    except InputError:
        pytest.skip("not decodable without --encoding")
    library = to_bibtexparser(bib)
    assert _content(from_bibtexparser(library)) == _content(bib)
    theirs = bibtexparser.parse_string(bib.dumps(), parse_stack=[])
    if not theirs.failed_blocks and not bib.failed_blocks:
        assert _entries(library) == _entries(theirs)


@settings(max_examples=150, deadline=None)
@given(_bib_text())
def test_any_text_keeps_its_blocks_through_bibtexparser(text: str) -> None:
    """For generated files, well-formed or not, the round trip keeps every block."""
    bib = refkit.loads(text)
    assert _content(from_bibtexparser(to_bibtexparser(bib))) == _content(bib)


def test_values_without_their_braces_get_them_back() -> None:
    """After bibtexparser's default parse (enclosings removed) values are re-enclosed."""
    text = (
        '@article{k,\n  title = {A {DNA} Study},\n  note = "quoted",\n  year = 2001,\n'
        "  month = jan\n}\n"
    )
    library = bibtexparser.parse_string(text)
    assert library.entries[0]["title"] == "A {DNA} Study"
    back = from_bibtexparser(library)
    assert [(f.name, f.raw) for f in back.entries[0].fields] == [
        ("title", "{A {DNA} Study}"),
        ("note", '"quoted"'),
        ("year", "2001"),
        ("month", "jan"),
    ]
    assert back.dumps() == text


def test_an_edited_entry_is_written_afresh_and_the_others_kept() -> None:
    """A value changed in bibtexparser is written; untouched entries keep their text."""
    bib = refkit.load(REPO / "bib" / "trafficking.bib")
    library = to_bibtexparser(bib)
    first = library.entries[0]
    first.set_field(bp.Field("note", "{Changed}"))
    back = from_bibtexparser(library)
    assert back.entries[0].field("note") is not None
    assert back.entries[0].get("note") == "Changed"
    for ours, original in zip(back.entries[1:], bib.entries[1:], strict=True):
        assert ours.raw == original.raw


def test_duplicates_are_bibtexparser_failed_blocks_and_come_back_as_entries() -> None:
    """A repeated key or field name is a failed block in bibtexparser, as its own parser
    makes it, and both entries are refkit entries again."""
    text = "@misc{a, title = {One}}\n\n@misc{a, title = {Two}, title = {Again}}\n"
    library = to_bibtexparser(refkit.loads(text))
    assert len(library.entries) == 1
    assert [type(block).__name__ for block in library.failed_blocks] == ["DuplicateFieldKeyBlock"]
    back = from_bibtexparser(library)
    assert [entry.key for entry in back.entries] == ["a", "a"]
    assert back.dumps() == text


def test_a_block_that_failed_to_parse_stays_failed_with_its_text() -> None:
    """refkit's failed block is bibtexparser's ParsingFailedBlock, and back."""
    text = "@article{broken, title = {no end\n\n@misc{fine, title = {Yes}}\n"
    bib = refkit.loads(text)
    library = to_bibtexparser(bib)
    assert library.failed_blocks[0].raw == bib.failed_blocks[0].raw
    back = from_bibtexparser(library)
    assert [block.raw for block in back.failed_blocks] == [block.raw for block in bib.failed_blocks]
    assert [entry.key for entry in back.entries] == ["fine"]


def test_middlewares_run_on_the_library_when_asked() -> None:
    """parse_stack applies bibtexparser middlewares, as parse_string would."""
    bib = refkit.loads("@misc{k, author = {Doe, Jane and Roe, Richard}}\n")
    library = to_bibtexparser(
        bib, [middlewares.RemoveEnclosingMiddleware(), middlewares.SeparateCoAuthors()]
    )
    assert library.entries[0]["author"] == ["Doe, Jane", "Roe, Richard"]


def test_a_list_value_is_a_usage_error_naming_the_field() -> None:
    """A value a middleware made into a list cannot be written as BibTeX as it is."""
    bib = refkit.loads("@misc{k, author = {Doe, Jane and Roe, Richard}}\n")
    library = to_bibtexparser(
        bib, [middlewares.RemoveEnclosingMiddleware(), middlewares.SeparateCoAuthors()]
    )
    with pytest.raises(UsageError, match=r"'author'.*list"):
        from_bibtexparser(library)


def test_without_bibtexparser_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both functions raise a UsageError saying how to install the extra."""
    monkeypatch.setitem(sys.modules, "bibtexparser", None)
    with pytest.raises(UsageError, match=r"refkit\[bibtexparser\]"):
        to_bibtexparser(refkit.loads(""))
    with pytest.raises(UsageError, match=r"refkit\[bibtexparser\]"):
        from_bibtexparser(bibtexparser.Library())
