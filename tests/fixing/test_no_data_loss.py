"""No data loss, proven: fixing keeps every block, key, field name and untouched byte."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import refkit
from refkit.bib.model import raw_value_problem
from refkit.core.errors import InputError
from refkit.lint.checking import check
from refkit.lint.config import Config
from refkit.lint.fixing import fix
from refkit.lint.rules import default_rules

from .support import DoubleHyphenPages, Restructure, SetRaw, assert_no_data_loss

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "bib-corpus" / "files"
UNDECODABLE = {"gbk_test.bib"}
TODAY = datetime.date(2026, 11, 28)

# -- generated input ---------------------------------------------------------------

_NAMES = st.sampled_from(
    [
        "title",
        "Title",
        "pages",
        "author",
        "publisher",
        "journal",
        "note",
        "institution",
        "x",
        "month",
    ]
)
_WORDS = st.sampled_from(
    [
        "Spinger",
        "Univeristy",
        "Visual Global Taskforce",
        "1-5",
        "2--3",
        "a",
        "b",
        " ",
        "&",
        "\\&",
        "%",
        '"',
        "@",
        "#",
        ",",
        "=",
        "{X}",
        "{",
        "}",
        "\\",
        "é",
        "\n",
        "UNDOC",
        "USA v. Bennett",
        "Sept.",
        "09",
    ]
)
_TEXT = st.lists(_WORDS, max_size=6).map("".join)


@st.composite
def _value(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["braces", "quotes", "number", "macro", "concat"]))
    text = draw(_TEXT)
    if kind == "braces":
        return "{" + text + "}"
    if kind == "quotes":
        return '"' + text.replace('"', "") + '"'
    if kind == "number":
        return str(draw(st.integers(0, 3000)))
    if kind == "macro":
        return draw(st.sampled_from(["jan", "pub", "undefined"]))
    return "pub # {" + text + "}"


@st.composite
def _entry(draw: st.DrawFn) -> str:
    entry_type = draw(st.sampled_from(["article", "ARTICLE", "misc", "Book"]))
    key = draw(st.sampled_from(["Key", "key", "k1", "Smith2020", "a:b"]))
    fields = draw(st.lists(st.tuples(_NAMES, _value()), max_size=5))
    separator = draw(st.sampled_from([",\n  ", ", ", ",\r\n\t"]))
    body = separator.join(f"{name} = {value}" for name, value in fields)
    trailing = draw(st.sampled_from(["", ",", ",\n"]))
    return f"@{entry_type}{{{key}{separator if fields else ''}{body}{trailing}}}"


_OTHER = st.sampled_from(
    [
        "% a comment\n",
        "@comment{anything {nested} here}",
        '@string{pub = "Spinger"}',
        '@preamble{"\\newcommand{\\noop}[1]{}"}',
        "stray text between entries\n",
        "@article{broken, title = {Unclosed,\n",
        "@misc{nocomma title = {x}}",
        '@book{q, title = "unterminated}\n',
        "@{}",
        "\n\n",
    ]
)
_FILE = st.lists(st.one_of(_entry(), _OTHER), max_size=8).map("\n".join)

RULES = Config(rules=(*default_rules(), DoubleHyphenPages(), Restructure()), today=TODAY)


@settings(
    max_examples=int(os.environ.get("REFKIT_HYPOTHESIS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(_FILE)
def test_fixing_generated_files_loses_nothing(text: str) -> None:
    """For well-formed and malformed input alike, fix(unsafe=True) keeps every byte it
    does not change on purpose, and a second fix changes nothing."""
    bibliography = refkit.loads(text)
    result = fix(bibliography, RULES, unsafe=True)
    assert bibliography.dumps() == text
    assert_no_data_loss(bibliography, result)
    fresh = check(result.bibliography, RULES)
    assert list(result.remaining) == fresh
    if result.converged:
        again = fix(
            refkit.loads(result.bibliography.dumps()), RULES, unsafe=True
        )
        assert not again.applied


#: Pieces of value expressions, well-formed and not, for SET_RAW edits.
_RAW_PIECES = ["sep", "9", "x.y", "{9}", '"a"', " # ", "#", " ", "{", "}", '"', "\\", "{\\}"]
_RAW_PIECES += [",", "%", "=", "\n", "\n@misc{", "(", ")", "é"]
_RAW = st.lists(st.sampled_from(_RAW_PIECES), max_size=5).map("".join) | st.sampled_from(
    ["sep", "{9}", 'jan # "~15"', '"a" # {b{c}}', "2020"]
)


@settings(
    max_examples=int(os.environ.get("REFKIT_HYPOTHESIS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(_FILE, _RAW)
def test_raw_values_are_spliced_only_when_well_formed(text: str, raw: str) -> None:
    """A SET_RAW edit applies only a well-formed value expression, and then the file reads
    back with exactly that expression; a malformed one is rejected and changes nothing."""
    bibliography = refkit.loads(text)
    result = fix(bibliography, Config(rules=(SetRaw(raw, "note"),), today=TODAY))
    assert_no_data_loss(bibliography, result)
    if raw_value_problem(raw) is not None:
        assert not result.applied
        assert result.bibliography.dumps() == text
        return
    for change in (change for item in result.applied for change in item.changes):
        assert change.after == raw


# -- the shared corpus -------------------------------------------------------------


def _corpus() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(path for path in CORPUS.glob("*.bib") if path.name not in UNDECODABLE)


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared corpus is not present")
def test_fixing_every_corpus_file_loses_nothing() -> None:
    """Over every decodable file of the shared corpus, fix(unsafe=True) keeps entries, keys,
    field names, comments, @strings, @preambles, failed blocks and untouched bytes."""
    config = Config(rules=tuple(default_rules()), today=TODAY)
    checked = 0
    for path in _corpus():
        try:
            bibliography = refkit.load(path)
        except InputError:
            continue
        result = fix(bibliography, config, unsafe=True)
        try:
            assert_no_data_loss(bibliography, result)
        except AssertionError as error:
            raise AssertionError(f"{path.name}: {error}") from error
        checked += 1
    assert checked > 500
