"""``refkit extract``: exactly the cited entries and what they need, in master order."""

from __future__ import annotations

from pathlib import Path

import refkit
from refkit.cli import main
from refkit.tidy.extract import cited_keys, extract

MASTER = """% master file
@preamble{"\\newcommand{\\noop}[1]{}"}
@string{j = {Journal}}
@string{jj = j # { of Things}}
@string{unused = {U}}
@article{a, title = {A},   journal = jj, crossref = {p}}
@article{b, title = {B}}
@proceedings{p, title = {P}, xdata = {d}}
@xdata{d, publisher = {Pub}}
@article{C, title = {C}}
"""


def test_cited_entries_come_with_parents_strings_and_preamble() -> None:
    """a brings its crossref p, p its xdata d, and the macros jj and j; b stays out."""
    result = extract([refkit.loads(MASTER)], ["a"])
    assert result.text == (
        '@preamble{"\\newcommand{\\noop}[1]{}"}\n\n@string{j = {Journal}}\n\n'
        "@string{jj = j # { of Things}}\n\n"
        "@article{a, title = {A},   journal = jj, crossref = {p}}\n\n"
        "@proceedings{p, title = {P}, xdata = {d}}\n\n@xdata{d, publisher = {Pub}}\n"
    )
    assert result.missing == []


def test_missing_and_case_only_matches_are_reported() -> None:
    """A key in no file is missing; ``c`` finds ``C`` and says so."""
    result = extract([refkit.loads(MASTER)], ["zz", "c"])
    assert result.missing == ["zz"]
    assert result.case_matched == [("c", "C")]


def test_nocite_star_takes_every_entry() -> None:
    """``\\nocite{*}`` extracts the whole file's entries."""
    assert extract([refkit.loads(MASTER)], ["*"]).entries == 5


def test_keys_are_read_from_latex_markdown_and_aux(tmp_path: Path) -> None:
    """Each source kind gives its cited keys, in order, once each."""
    tex = tmp_path / "p.tex"
    tex.write_text("\\cite{a,b} % \\cite{zz}\n\\parencite[5]{a}\n", encoding="utf-8")
    (tmp_path / "p.aux").write_text("\\citation{C}\n\\@input{ch.aux}\n", encoding="utf-8")
    (tmp_path / "ch.aux").write_text("\\citation{p}\n", encoding="utf-8")
    md = tmp_path / "p.md"
    md.write_text("[@b; @a] and me@example.org\n", encoding="utf-8")
    assert cited_keys(str(tex)) == ["a", "b", "C", "p"]
    assert cited_keys(str(tmp_path / "p.aux")) == ["C", "p"]
    assert cited_keys(str(md)) == ["b", "a"]


def test_extract_command_writes_the_file_and_exits_1_on_missing_keys(tmp_path: Path) -> None:
    """-o writes the extracted file atomically; a missing key makes exit 1."""
    master = tmp_path / "master.bib"
    master.write_text(MASTER, encoding="utf-8")
    tex = tmp_path / "paper.tex"
    tex.write_text("\\cite{b}\n", encoding="utf-8")
    out = tmp_path / "paper.bib"
    assert main(["extract", str(tex), "--bib", str(master), "-o", str(out), "-q"]) == 0
    assert (
        out.read_text(encoding="utf-8")
        == '@preamble{"\\newcommand{\\noop}[1]{}"}\n\n@article{b, title = {B}}\n'
    )
    tex.write_text("\\cite{b,nothere}\n", encoding="utf-8")
    assert main(["extract", str(tex), "--bib", str(master), "-o", str(out), "-q"]) == 1
