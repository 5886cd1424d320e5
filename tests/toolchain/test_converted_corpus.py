"""Converted corpus files in biber (slow): ``refkit convert`` breaks nothing biber reads.

For a fixed random sample of corpus files that biber reads whole, two conversions of each
file go through ``biber --tool --validate-datamodel``:

* BibTeX -> biblatex (``tidy.conversion.convert``, what ``refkit convert --to biblatex``
  writes);
* BibTeX -> CSL-JSON -> biblatex (``cite.carry``, what ``refkit convert --to csljson`` and
  back writes), titles kept as written;

and biber may say nothing of the converted file that it does not say of the original
(same entry, same message).  The figures are in the report of issue 15.  The files that
once failed the CSL-JSON round trip (an @techreport without ``type``, @xdata read as
entries, a @software's ``institution`` as ``publisher``, ...) are pinned in
``tests/render/test_carry_provenance.py``.
"""

from __future__ import annotations

import random
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from refkit.bib.io import load
from refkit.cite.carry import entries_to_csl, items_to_bib
from refkit.core.errors import InputError
from refkit.tidy.conversion import convert
from tests.conftest import REPO
from tests.toolchain.tools import biber_validate

CORPUS = (REPO / ".." / "shared" / "data" / "bib-corpus" / "files").resolve()
#: Files up to this size keep the sample to minutes of biber time.
MAX_BYTES = 60_000
SAMPLE_SIZE = 40
SEED = 15


@cache
def sample() -> tuple[Path, ...]:
    if not CORPUS.is_dir():
        return ()
    # By size only, so that collecting the fast suite reads no corpus file.
    files = sorted(path for path in CORPUS.glob("*.bib") if path.stat().st_size <= MAX_BYTES)
    return tuple(sorted(random.Random(SEED).sample(files, min(SAMPLE_SIZE, len(files)))))


def normal(warning: str) -> str:
    """A warning with the file's name and biber's temporary paths left out, keys in NFC."""
    warning = re.sub(r"/tmp/\S+|\s*\([^)]*\.bib\)", "", warning)
    return unicodedata.normalize("NFC", warning)


def warnings_of(bib: Path, work: Path) -> set[str] | None:
    """biber's warnings on a .bib file, or None when biber stops (a syntax error)."""
    result = biber_validate(bib, work)
    if result.errors:
        return None
    return {normal(warning) for warning in result.warnings}


@pytest.mark.slow
@pytest.mark.parametrize(
    "path", list(sample()), ids=[path.name[-60:] for path in sample()]
)
def test_converted_corpus_file_gives_biber_no_new_warnings(path: Path, tmp_path: Path) -> None:
    """biber's warnings on the file converted to biblatex, and on its round trip through
    CSL-JSON, are among its warnings on the original."""
    original = warnings_of(path, tmp_path / "original")
    if original is None:
        pytest.skip("biber stops on the original (a syntax error btparse rejects)")
    try:
        bibliography = load(path)
    except InputError as error:
        pytest.skip(f"refkit does not read it without options: {error}")
    if not bibliography.entries:
        pytest.skip("no entries: biber reads an empty conversion as an empty data source")
    to_biblatex = convert(bibliography, "biblatex").text
    items, _losses = entries_to_csl(bibliography, keep_title_case=True)
    round_trip, _lost = items_to_bib(items, "biblatex")
    for name, text in (("biblatex", to_biblatex), ("csl-json round trip", round_trip)):
        written = tmp_path / f"{name.replace(' ', '-')}.bib"
        written.write_text(text, encoding="utf-8")
        converted = warnings_of(written, tmp_path / name.replace(" ", "-"))
        assert converted is not None, f"{name}: biber stops on the converted file"
        assert sorted(converted - original) == [], name


def test_the_sample_is_drawn_from_the_corpus() -> None:
    """The slow test has files to run on (where the shared corpus is present)."""
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is not present")
    assert len(sample()) == SAMPLE_SIZE
