"""``refkit convert`` between BibTeX, biblatex and CSL-JSON loses nothing and breaks nothing."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refkit.bib.io import load, loads
from refkit.cite.carry import entries_to_csl, items_to_bib
from refkit.cli import main
from refkit.core.errors import InputError
from refkit.tidy.conversion import convert, iso_date
from tests.conftest import REPO
from tests.toolchain.tools import biber_validate, compile_biblatex

CORPUS = REPO / ".." / "shared" / "data" / "bib-corpus" / "files"

ARXIV = r"""@article{roe2020,
  author = {Roe, Richard},
  title = {On $1/{F}^2$ Noise, see \url{http://x.org/a_b} and \href{http://y.org}{here}},
  journal = {J. Phys.},
  year = 2020, month = mar, day = 5,
  eprint = {2001.00001}, archivePrefix = {arXiv}, primaryClass = {hep-th},
  eid = {012345}, options = {useprefix=true}, venue = {Paris},
  adsurl = {https://ui.adsabs.harvard.edu/abs/x},
  subtitle = {A Subtitle},
  urldate = {March 5, 2020},
}
@inbook{knuth, author = {Knuth, Donald}, title = {Fundamental Algorithms}, chapter = {1.2},
  pages = {10--119}, publisher = {Addison-Wesley}, year = 1973}
@techreport{tr, author = {Doe, Jane}, title = {Report}, institution = {Inst}, year = 2001,
  address = {City}}
@phdthesis{phd, author = {Doe, Jane}, title = {Thesis}, school = {Uni}, year = 2001}
@mastersthesis{ma, author = {Doe, Jane}, title = {Thesis}, school = {Uni}, year = 2001}
"""


def _entry(text: str, key: str) -> dict[str, str]:
    entry = loads(text).get(key)
    assert entry is not None
    return {field.key: field.value for field in entry.fields} | {"@type": entry.type}


def test_bibtex_to_biblatex_keeps_values_and_maps_names_and_types() -> None:
    """Math, \\url and \\href stay as written; eprint fields, types and dates are biblatex's."""
    done = convert(loads(ARXIV), "biblatex")
    assert done.losses == ()
    article = _entry(done.text, "roe2020")
    assert article["title"] == (
        r"On $1/{F}^2$ Noise, see \url{http://x.org/a_b} and \href{http://y.org}{here}"
    )
    assert article["journaltitle"] == "J. Phys."
    assert article["eprinttype"] == "arXiv"
    assert article["eprintclass"] == "hep-th"
    assert article["date"] == "2020-03-05"
    assert article["urldate"] == "2020-03-05"
    assert article["subtitle"] == "A Subtitle"
    for name in ("eprint", "eid", "options", "venue", "adsurl"):
        assert name in article
    assert "year" not in article
    assert "day" not in article
    assert _entry(done.text, "knuth")["@type"] == "book"  # BibTeX's inbook: the book's title
    assert _entry(done.text, "tr").items() >= {"@type": "report", "type": "techreport"}.items()
    assert _entry(done.text, "phd").items() >= {"@type": "thesis", "type": "phdthesis"}.items()
    assert _entry(done.text, "ma")["type"] == "mathesis"
    assert _entry(done.text, "ma")["institution"] == "Uni"


def test_biblatex_back_to_bibtex_restores_the_classic_types() -> None:
    """biblatex -> BibTeX undoes the map: @techreport, @phdthesis, @inbook, journal, year."""
    there = convert(loads(ARXIV), "biblatex").text
    back = convert(loads(there), "bibtex")
    assert back.losses == ()
    article = _entry(back.text, "roe2020")
    assert article["journal"] == "J. Phys."
    assert (article["year"], article["month"]) == ("2020", "mar")
    assert article["archiveprefix"] == "arXiv"
    assert article["title"].endswith(": A Subtitle")  # BibTeX styles print no subtitle
    assert "$1/{F}^2$" in article["title"]
    assert _entry(back.text, "knuth")["@type"] == "inbook"
    assert "type" not in _entry(back.text, "tr")
    assert _entry(back.text, "tr")["@type"] == "techreport"
    assert _entry(back.text, "phd")["@type"] == "phdthesis"
    assert _entry(back.text, "ma")["@type"] == "mastersthesis"
    assert _entry(back.text, "ma")["school"] == "Uni"


def test_biblatex_part_of_a_book_is_bibtex_incollection() -> None:
    """A biblatex @inbook (own title, booktitle) is BibTeX's @incollection, titles kept."""
    text = "@inbook{c, title = {Chapter}, booktitle = {Book}, author = {A, B}, date = {2001}}"
    entry = _entry(convert(loads(text), "bibtex").text, "c")
    assert (entry["@type"], entry["title"], entry["booktitle"]) == (
        "incollection",
        "Chapter",
        "Book",
    )


def test_a_date_biber_cannot_read_is_reported_and_exit_1(tmp_path: Path, capsys: object) -> None:
    """An undatable urldate is named on stderr; nothing is written unless --lossy."""
    path = tmp_path / "in.bib"
    path.write_text("@online{k, title = {T}, url = {http://x.org}, urldate = {yesterday}}\n")
    out = tmp_path / "out.bib"
    assert main(["convert", str(path), "--to", "biblatex", "-o", str(out)]) == 1
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert "[k.urldate] 'yesterday' is not an ISO 8601 date" in err
    assert not out.exists()
    assert main(["convert", str(path), "--to", "biblatex", "--lossy", "-o", str(out)]) == 0
    assert "urldate = {yesterday}" in out.read_text()


def test_csl_json_carries_unmapped_fields_in_note_and_back() -> None:
    """eprint, eid, options, ... ride in CSL note as 'name: value' lines and return."""
    bib = loads(ARXIV)
    items, losses = entries_to_csl(bib, keep_title_case=True)
    note = items[0]["note"].split("\n")
    assert "eprint: 2001.00001" in note
    assert "options: useprefix=true" in note
    assert [loss.field for loss in losses] == ["title"]  # math has no CSL form
    text, back_losses = items_to_bib(items, "biblatex")
    assert back_losses == []
    article = _entry(text, "roe2020")
    for name in ("eprint", "eid", "options", "adsurl", "subtitle", "archiveprefix"):
        assert name in article, name
    assert article["subtitle"] == "A Subtitle"
    assert not article["title"].endswith("Subtitle")


def test_cli_csl_json_round_trip_gives_the_same_items(tmp_path: Path) -> None:
    """bib -> CSL-JSON -> biblatex -> CSL-JSON: the same items (note lines included)."""
    source = tmp_path / "in.bib"
    source.write_text(ARXIV.replace("$1/{F}^2$", "one over F"), encoding="utf-8")
    first, second, bib = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "b.bib"
    assert main(["convert", str(source), "--to", "csljson", "-o", str(first)]) == 0
    assert main(["convert", str(first), "--to", "biblatex", "-o", str(bib)]) == 0
    assert main(["convert", str(bib), "--to", "csljson", "-o", str(second)]) == 0
    assert json.loads(second.read_text()) == json.loads(first.read_text())


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2020-03-05", "2020-03-05"),
        ("2020/3/5", "2020-03-05"),
        ("March 5, 2020", "2020-03-05"),
        ("5 March 2020", "2020-03-05"),
        ("Mar. 2020", "2020-03"),
        ("05.03.2020", "2020-03-05"),
        ("25/12/2020", "2020-12-25"),
        ("2001-02/2002-03", "2001-02/2002-03"),
        ("03/05/2020", None),  # month or day first: not clear
        ("yesterday", None),
        ("2020-13-01", None),
    ],
)
def test_iso_date_reads_common_forms_and_refuses_unclear_ones(text: str, iso: str | None) -> None:
    """Dates become ISO 8601 only where the reading is certain."""
    assert iso_date(text) == iso


@given(st.text(max_size=20))
def test_iso_date_output_is_iso_or_none(text: str) -> None:
    """Whatever the input, the result is None or reads back as itself."""
    result = iso_date(text)
    assert result is None or iso_date(result) == result


def test_converting_twice_changes_nothing_more() -> None:
    """biblatex -> biblatex is the identity on a converted file (idempotent)."""
    once = convert(loads(ARXIV), "biblatex").text
    assert convert(loads(once), "biblatex").text == once


def _sample(count: int, seed: int) -> list[Path]:
    files = sorted(CORPUS.resolve().glob("*.bib"))
    readable = []
    for path in random.Random(seed).sample(files, len(files)):
        try:
            bib = load(path)
        except InputError:
            continue
        if 0 < len(bib.entries) <= 60:
            readable.append(path)
        if len(readable) == count:
            break
    return readable


def _biber_fields(path: Path, work: Path) -> tuple[dict[str, set[str]], set[str]]:
    done = biber_validate(path, work)
    out = work / "out.bib"
    fields = {
        entry.key: {field.key for field in entry.fields}
        for entry in (load(out).entries if out.exists() else [])
    }
    # biber names its temporary files in some warnings: not part of the message.
    warnings = {re.sub(r"/tmp/\S+", "", warning).split(" (")[0] for warning in done.warnings}
    return fields, warnings


def _biber_agrees(paths: list[Path], tmp_path: Path) -> None:
    for number, path in enumerate(paths):
        converted = tmp_path / f"c{number}.bib"
        converted.write_text(convert(load(path), "biblatex").text, encoding="utf-8")
        before, warned = _biber_fields(path, tmp_path / f"a{number}")
        after, warned_after = _biber_fields(converted, tmp_path / f"b{number}")
        # Every field biber read before, it reads after; it may read more: a date it
        # dropped as non-ISO ("March 5, 2020") is ISO now.
        # An original biber cannot read (UTF-16 without a BOM) is UTF-8 once converted.
        assert set(before) <= set(after), path.name
        for key, names in before.items():
            assert names <= after[key], (path.name, key)
            assert after[key] - names <= {"urldate", "date", "eventdate", "origdate"}
        if set(before) == set(after):  # else biber warns about entries it now reads
            assert warned_after <= warned, path.name


def test_biber_reads_the_converted_files_as_the_originals(tmp_path: Path) -> None:
    """biber --tool reads the same fields from converted files, with no new warnings."""
    fixture = tmp_path / "arxiv.bib"
    fixture.write_text(ARXIV, encoding="utf-8")
    _biber_agrees([fixture, REPO / "bib" / "trafficking.bib"], tmp_path)


@pytest.mark.slow
def test_biber_reads_a_converted_corpus_sample_as_the_original(tmp_path: Path) -> None:
    """The same over 20 corpus files (seeded sample)."""
    _biber_agrees(_sample(20, 15), tmp_path)


@pytest.mark.slow
def test_converted_trafficking_file_compiles_like_the_original(tmp_path: Path) -> None:
    """LaTeX with biblatex: the converted file gives no error the original does not."""
    original = compile_biblatex(REPO / "bib" / "trafficking.bib", tmp_path / "a")
    converted = tmp_path / "c.bib"
    converted.write_text(
        convert(load(REPO / "bib" / "trafficking.bib"), "biblatex").text, encoding="utf-8"
    )
    after = compile_biblatex(converted, tmp_path / "b")
    assert set(after.errors) <= set(original.errors)
    assert len(after.warnings) <= len(original.warnings)


@pytest.mark.slow
def test_bib_to_csl_json_to_bib_keeps_every_field_over_the_corpus() -> None:
    """Over the whole corpus (1.3 million fields), bib -> CSL-JSON -> bib keeps every
    field, and converting to BibTeX and biblatex raises nothing."""
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    from convert_roundtrip import csl_round_trip

    checked = lost = 0
    for path in sorted(CORPUS.resolve().glob("*.bib")):
        try:
            bib = load(path)
        except InputError:
            continue
        count, missing = csl_round_trip(bib)
        checked += count
        lost += len(missing)
        for target in ("bibtex", "biblatex"):
            convert(bib, target)
    assert checked > 1_000_000
    assert lost == 0


def test_an_edtf_season_becomes_a_bibtex_month_name() -> None:
    # biblatex reads 2019-22 as summer 2019; month 22 used to raise ValueError
    result = convert(loads("@article{a, title={T}, journaltitle={J}, date={2019-22}}"), "bibtex")
    assert "year={2019}, month={Summer}" in result.text
    assert not result.losses


def test_a_date_with_an_impossible_month_stays_and_is_reported() -> None:
    result = convert(loads("@article{a, title={T}, journaltitle={J}, date={2019-13}}"), "bibtex")
    assert "2019-13" in result.text
    assert [loss.field for loss in result.losses] == ["date"]
