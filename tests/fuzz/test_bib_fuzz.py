"""Fuzzing the BibTeX paths: reading and writing, check and fix (issue 19, point 4).

Profiles and how to run the long fuzz: ``tests/fuzz/profiles.py``.
"""

from __future__ import annotations

import datetime
import os
import tempfile

from hypothesis import example, given
from hypothesis import strategies as st

import refkit
from refkit.core.diagnostics import Diagnostic
from refkit.core.errors import InputError
from refkit.lint.config import Config
from tests.fixing.support import assert_no_data_loss
from tests.fuzz.inputs import bib_text
from tests.fuzz.profiles import fuzz

_CONFIG = Config(today=datetime.date(2026, 12, 1))
_ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16"])
_ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])


@fuzz(100)
@given(bib_text(10))
@example("@string{c = c # c # c # c}\n@misc{k, author = c}")
@example("@article{k, title = {\\{}}\n@article{k, title = {\\}}, title = {x}}")
def test_any_bib_text_is_written_back_unchanged(text: str) -> None:
    """loads(t).dumps() == t, whatever the text."""
    assert refkit.loads(text).dumps() == text


@fuzz(20)
@given(bib_text(4), _ENCODINGS, _ENDINGS)
def test_a_file_is_written_back_byte_for_byte(text: str, encoding: str, ending: str) -> None:
    """load then dump gives the file's bytes back: encoding, BOM and line endings kept
    (a file whose text the encoding cannot hold, or that is not read as written, aside)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", ending)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    with tempfile.TemporaryDirectory() as directory:
        source, target = os.path.join(directory, "in.bib"), os.path.join(directory, "out.bib")
        with open(source, "wb") as handle:
            handle.write(data)
        try:
            bibliography = refkit.load(source)
        except InputError:
            return  # refused as binary or undecodable: a clear error, nothing written
        refkit.dump(bibliography, target)
        with open(target, "rb") as handle:
            written = handle.read()
    if bibliography.dumps() == text:
        assert written == data


@fuzz(40)
@given(bib_text(8))
@example("@misc{k, " + ", ".join(f"f{i} = {{{i}}}" for i in range(50)) + "}")
def test_check_gives_diagnostics_on_any_text(text: str) -> None:
    """check never raises; each finding is a Diagnostic with a code and a position in
    the file."""
    lines = text.count("\n") + text.count("\r") + 2
    for diagnostic in refkit.check(refkit.loads(text), _CONFIG):
        assert isinstance(diagnostic, Diagnostic)
        assert diagnostic.code.startswith("RK")
        assert diagnostic.message
        assert 1 <= diagnostic.line <= lines


def _has_duplicate_fields(text: str) -> bool:
    for entry in refkit.loads(text).entries:
        names = [item.key for item in entry.fields]
        if len(names) != len(set(names)):
            return True
    return False


@fuzz(30)
@given(bib_text(6), st.booleans())
def test_fix_loses_nothing_but_what_a_fix_records(text: str, unsafe: bool) -> None:
    """Every block, key and field a fix did not touch is kept byte for byte, the input is
    not changed, and what remains is what a fresh check finds."""
    bibliography = refkit.loads(text)
    result = refkit.fix(bibliography, _CONFIG, unsafe=unsafe)
    assert bibliography.dumps() == text
    assert_no_data_loss(bibliography, result)
    assert list(result.remaining) == refkit.check(result.bibliography, _CONFIG)


@fuzz(30)
@given(bib_text(6).filter(lambda text: not _has_duplicate_fields(text)), st.booleans())
def test_fixing_a_fixed_file_changes_nothing(text: str, unsafe: bool) -> None:
    """fix(fix(x)) == fix(x) when the first fix converged (files without repeated fields;
    those are the next test)."""
    first = refkit.fix(refkit.loads(text), _CONFIG, unsafe=unsafe)
    if not first.converged:
        return
    fixed = first.bibliography.dumps()
    again = refkit.fix(refkit.loads(fixed), _CONFIG, unsafe=unsafe)
    assert again.bibliography.dumps() == fixed


_REPEATED = st.sampled_from(
    [
        "@article{k, title = {A}, title = {B}}",
        "@article{k, title = {A}, Title = {A}, year = 2020}",
        "@book{k, author = {Doe, J.}, author = {Roe, R.}, title = {T}, title = {t}}",
        "@misc{k, note = {x}, note = {y}, note = {x}}",
        "@article{k, pages = {1-5}, pages = {1--5}, journal = {Spinger}, journal = {J}}",
    ]
)


@fuzz(30)
@given(st.lists(st.one_of(_REPEATED, bib_text(2)), min_size=1, max_size=4).map("\n".join))
def test_fixing_a_fixed_file_with_repeated_fields_changes_nothing(text: str) -> None:
    """fix(fix(x)) == fix(x) for entries that repeat a field."""
    first = refkit.fix(refkit.loads(text), _CONFIG, unsafe=True)
    if not first.converged:
        return
    fixed = first.bibliography.dumps()
    assert refkit.fix(refkit.loads(fixed), _CONFIG, unsafe=True).bibliography.dumps() == fixed
