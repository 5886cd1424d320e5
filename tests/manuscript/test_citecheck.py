"""cite_check and the ``refkit cite-check`` command on hand-made LaTeX and Markdown."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from refkit import Severity, load, loads
from refkit.cli import main
from refkit.lint.config import Config
from refkit.manuscript import Manuscript, ManuscriptKind, cite_check

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BIB = FIXTURES / "paper.bib"


def codes(found: list[object]) -> list[tuple[str, str | None]]:
    return [(item.code, item.entry_key) for item in found]  # type: ignore[attr-defined]


def test_latex_fixture_with_its_aux_file() -> None:
    """The typo key and the key only the .aux knows are missing; unused2000 is never cited."""
    found = cite_check(FIXTURES / "paper.tex", load(BIB))
    assert codes(found) == [
        ("RK901", "fromchapter2019"),
        ("RK902", "unused2000"),
        ("RK901", "knuht1984"),
    ]
    typo = found[-1]
    assert (typo.line, typo.column) == (8, 19)
    assert "nearest: knuth1984" in typo.message
    assert found[0].path is not None
    assert found[0].path.endswith("paper.aux")


def test_latex_without_aux_reads_only_the_source(tmp_path: Path) -> None:
    """Without a .aux beside it only the .tex citations count."""
    shutil.copy(FIXTURES / "paper.tex", tmp_path / "paper.tex")
    found = cite_check(tmp_path / "paper.tex", load(BIB))
    assert sorted(codes(found)) == [("RK901", "knuht1984"), ("RK902", "unused2000")]


def test_nocite_star_cites_every_entry() -> None:
    """\\nocite{*} leaves no entry uncited."""
    manuscript = Manuscript(text="\\nocite{*}", kind=ManuscriptKind.LATEX, path="x.tex")
    assert cite_check(manuscript, load(BIB)) == []


def test_markdown_fixture() -> None:
    """The braced missing key is reported; front-matter nocite cites ctan."""
    found = cite_check(FIXTURES / "notes.md", [load(BIB)])
    assert codes(found) == [("RK901", "missing key"), ("RK902", "unused2000")]


def test_several_bibliographies_are_searched() -> None:
    """A key in a second bibliography is found; entries of both can be never cited."""
    extra = loads("@misc{knuht1984, title = {Typo entry}, year = {1984}}", path="extra.bib")
    manuscript = Manuscript(text="\\cite{knuht1984}", kind=ManuscriptKind.LATEX, path="a.tex")
    found = cite_check(manuscript, [load(BIB), extra])
    assert ("RK901", "knuht1984") not in codes(found)
    assert [key for code, key in codes(found) if code == "RK902"] == [
        "knuth1984",
        "lamport1986",
        "mittelbach2004",
        "ctan",
        "unused2000",
    ]


def test_quotation_rule_can_be_switched_off_by_option_or_ignore() -> None:
    """quote-without-locator = false, or ignoring RK906, silences the quotation rule."""
    bib = loads("@book{smith2010, author = {Smith, John}, year = {2010}}", path="s.bib")
    text = "Smith (2010) wrote “this is a long enough direct quotation”."
    manuscript = Manuscript(text=text, kind=ManuscriptKind.PROSE, path="essay.txt")
    assert [d.code for d in cite_check(manuscript, bib)] == ["RK906"]
    off = Config(options={"quote-without-locator": False})
    assert cite_check(manuscript, bib, config=off) == []
    assert cite_check(manuscript, bib, config=Config(ignore=("RK906",))) == []
    located = "Smith (2010, p. 4) wrote “this is a long enough direct quotation”."
    with_page = Manuscript(text=located, kind=ManuscriptKind.PROSE, path="essay.txt")
    assert cite_check(with_page, bib) == []


def test_severity_override_from_configuration() -> None:
    """[tool.refkit.severity] applies to RK9xx codes."""
    manuscript = Manuscript(text="\\cite{nope}", kind=ManuscriptKind.LATEX, path="a.tex")
    bib = loads("", path="e.bib")
    (found,) = cite_check(manuscript, bib, config=Config(severity={"RK901": Severity.INFO}))
    assert found.severity is Severity.INFO


def test_cli_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    """1 with an error finding, 0 when only warnings remain below --fail-on, 2 for bad input."""
    tex = str(FIXTURES / "paper.tex")
    assert main(["cite-check", tex, "--bib", str(BIB)]) == 1
    assert main(["cite-check", tex, "--bib", str(BIB), "--ignore", "RK901"]) == 0
    assert (
        main(["cite-check", tex, "--bib", str(BIB), "--ignore", "RK901", "--fail-on", "warning"])
        == 1
    )
    assert main(["cite-check", tex, "--bib", "no-such-file.bib"]) == 2
    assert main(["cite-check", "no-such-file.tex", "--bib", str(BIB)]) == 2
    capsys.readouterr()


def test_cli_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json prints the versioned JSON document with RK9xx diagnostics."""
    main(["cite-check", str(FIXTURES / "notes.md"), "--bib", str(BIB), "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert document["summary"]["by_code"] == {"RK901": 1, "RK902": 1}
    first = document["diagnostics"][0]
    assert (first["code"], first["line"], first["entry_key"]) == ("RK901", 17, "missing key")


def test_cli_sarif_lists_the_cite_check_rules(capsys: pytest.CaptureFixture[str]) -> None:
    """SARIF output names every RK9xx rule in its driver."""
    main(["cite-check", str(FIXTURES / "notes.md"), "--bib", str(BIB), "--format", "sarif"])
    document = json.loads(capsys.readouterr().out)
    rules = {rule["id"] for rule in document["runs"][0]["tool"]["driver"]["rules"]}
    assert {"RK901", "RK902", "RK906", "RK907"} <= rules


def test_cli_kind_option_overrides_the_extension(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--kind latex reads a .txt file as LaTeX."""
    source = tmp_path / "draft.txt"
    source.write_text("\\cite{absent}\n", encoding="utf-8")
    main(
        [
            "cite-check",
            str(source),
            "--bib",
            str(BIB),
            "--kind",
            "latex",
            "--select",
            "RK901",
            "--format",
            "github",
        ]
    )
    out = capsys.readouterr().out
    assert out.startswith("::error file=")
    assert "RK901" in out


def test_page_after_a_quotation_satisfies_the_locator_rule() -> None:
    """Smith (2010) wrote “...” (p. 5) gives the quotation its page."""
    bib = loads("@book{smith2010, author = {Smith, John}, year = {2010}}", path="s.bib")
    text = "Smith (2010) wrote “this is a long enough direct quotation” (p. 5)."
    manuscript = Manuscript(text=text, kind=ManuscriptKind.PROSE, path="essay.txt")
    assert cite_check(manuscript, bib) == []


def test_single_author_narrative_mention() -> None:
    """'According to Smith' cites the only Smith entry; 'Smithson' does not."""
    bib = loads("@book{smith2010, author = {Smith, John}, year = {2010}}", path="s.bib")
    mentioned = Manuscript(
        text="According to Smith, it rains.", kind=ManuscriptKind.PROSE, path="a.txt"
    )
    assert cite_check(mentioned, bib) == []
    other = Manuscript(
        text="According to Smithson, it rains.", kind=ManuscriptKind.PROSE, path="a.txt"
    )
    assert [d.code for d in cite_check(other, bib)] == ["RK902"]


def test_latex_quotation_without_locator() -> None:
    """\\enquote{...} cited by \\textcite without a post-note is reported; with one it is not."""
    bib = load(BIB)
    bare = "\\nocite{*}\n\n\\textcite{knuth1984} says \\enquote{a long direct quotation here}."
    paged = "\\nocite{*}\n\n\\textcite[12]{knuth1984} says \\enquote{a long direct quotation here}."
    found = cite_check(Manuscript(text=bare, kind=ManuscriptKind.LATEX, path="a.tex"), bib)
    assert [(d.code, d.line) for d in found] == [("RK906", 3)]
    assert cite_check(Manuscript(text=paged, kind=ManuscriptKind.LATEX, path="a.tex"), bib) == []


def test_same_key_in_two_bibliographies_counts_as_cited_in_both() -> None:
    """A key defined in two files is cited in both; neither is reported as never cited."""
    first = loads("@misc{a, title = {One}}", path="one.bib")
    second = loads("@misc{a, title = {Two}}", path="two.bib")
    manuscript = Manuscript(text="[@a]", kind=ManuscriptKind.MARKDOWN, path="a.md")
    assert cite_check(manuscript, [first, second]) == []


def test_year_mismatch_and_two_author_citation() -> None:
    """(Smith & Jones, 2011) names the 2010 Smith and Jones entry with the wrong year."""
    bib = loads(
        "@book{sj2010, author = {Smith, John and Jones, Mary}, year = {2010}}", path="b.bib"
    )
    text = "It is so (Smith & Jones, 2011)."
    found = cite_check(Manuscript(text=text, kind=ManuscriptKind.PROSE, path="a.txt"), bib)
    assert [(d.code, d.entry_key, d.column) for d in found] == [("RK904", "sj2010", 11)]
    assert "cited 2011, the bibliography has 2010" in found[0].message


def test_missing_author_year_citation_suggests_nearest_entries() -> None:
    """A misspelt person not close enough for a variant is missing, with the entry suggested."""
    bib = loads("@book{knuth1984, author = {Knuth, Donald}, year = {1984}}", path="b.bib")
    text = "As noted (Knuthson, 1984)."
    found = cite_check(Manuscript(text=text, kind=ManuscriptKind.PROSE, path="a.txt"), bib)
    assert [d.code for d in found] == ["RK901", "RK902"]
    assert "nearest: knuth1984" in found[0].message


def test_cli_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """'-' reads the manuscript from standard input."""
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\\cite{zzz}\n")))
    code = main(["cite-check", "-", "--kind", "latex", "--bib", str(BIB), "--select", "RK901"])
    assert code == 1
    assert "<stdin>:1:7: RK901" in capsys.readouterr().out


def test_crossref_parent_of_a_cited_entry_counts_as_cited() -> None:
    """Citing an entry with crossref = {proc} uses proc too."""
    bib = loads(
        "@inproceedings{paper, title = {P}, crossref = {proc}}\n@proceedings{proc, title = {Q}}",
        path="b.bib",
    )
    manuscript = Manuscript(text="\\cite{paper}", kind=ManuscriptKind.LATEX, path="a.tex")
    assert cite_check(manuscript, bib) == []


def test_cli_finds_the_bibliography_the_manuscript_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --bib, \\addbibresource (LaTeX) or YAML bibliography (Markdown) is used."""
    shutil.copy(BIB, tmp_path / "paper.bib")
    shutil.copy(FIXTURES / "paper.tex", tmp_path / "paper.tex")
    (tmp_path / "notes.md").write_text(
        "---\nbibliography:\n  - paper.bib\n---\n[@knuth1984; @lamport1986; @mittelbach2004;"
        " @ctan; @unused2000]\n",
        encoding="utf-8",
    )
    assert main(["cite-check", str(tmp_path / "notes.md")]) == 0
    assert main(["cite-check", str(tmp_path / "paper.tex"), "--select", "RK901"]) == 1
    assert "knuht1984" in capsys.readouterr().out
    (tmp_path / "plain.txt").write_text("No citations.\n", encoding="utf-8")
    assert main(["cite-check", str(tmp_path / "plain.txt")]) == 2
    assert "no bibliography" in capsys.readouterr().err


def test_markdown_blockquote_needs_a_locator() -> None:
    """A > block quotation introduced by a citation without a page is reported."""
    text = "As @knuth1984 puts it:\n\n> Some words quoted from the book at length.\n"
    manuscript = Manuscript(text=text, kind=ManuscriptKind.MARKDOWN, path="a.md")
    found = cite_check(manuscript, load(BIB), config=Config(select=("RK906",)))
    assert [(d.code, d.line) for d in found] == [("RK906", 3)]
    paged = text.replace("@knuth1984", "@knuth1984 [p. 9]")
    manuscript = Manuscript(text=paged, kind=ManuscriptKind.MARKDOWN, path="a.md")
    assert cite_check(manuscript, load(BIB), config=Config(select=("RK906",))) == []


def test_suppression_comments_in_the_manuscript() -> None:
    """'% refkit: ignore RK901' on the line or the line above silences that finding only."""
    text = (
        "\\nocite{*}\n"
        "% refkit: ignore RK901 -- added to the bibliography later\n"
        "\\cite{later2025}\n"
        "\\cite{typo2020} % refkit: ignore cited-author-mismatch\n"
        "<!-- refkit: ignore -->\n"
        "\\cite{other2021}\n"
    )
    manuscript = Manuscript(text=text, kind=ManuscriptKind.LATEX, path="a.tex")
    found = cite_check(manuscript, load(BIB))
    assert [(d.code, d.entry_key) for d in found] == [("RK901", "typo2020")]


def test_chapter_aux_files_are_followed(tmp_path: Path) -> None:
    """\\@input{chapter.aux} in the main .aux adds the chapter's citations."""
    (tmp_path / "main.tex").write_text("\\include{chapter}\n", encoding="utf-8")
    (tmp_path / "main.aux").write_text("\\relax\n\\@input{chapter.aux}\n", encoding="utf-8")
    (tmp_path / "chapter.aux").write_text("\\citation{absent}\n", encoding="utf-8")
    found = cite_check(tmp_path / "main.tex", load(BIB), config=Config(select=("RK901",)))
    assert [(d.entry_key, Path(d.path or "").name, d.line) for d in found] == [
        ("absent", "chapter.aux", 1)
    ]


def test_latex_quote_environment_belongs_to_the_paragraph_introducing_it() -> None:
    """A quote environment after "\\textcite{x} writes:" needs a post-note on that citation."""
    text = (
        "\\nocite{*}\n\n\\textcite{knuth1984} writes:\n\n"
        "\\begin{quote}\nA long displayed quotation from the book.\n\\end{quote}\n"
    )
    manuscript = Manuscript(text=text, kind=ManuscriptKind.LATEX, path="a.tex")
    found = cite_check(manuscript, load(BIB))
    assert [(d.code, d.line) for d in found] == [("RK906", 5)]


NOTES_BIB = """@book{smith2010, author = {Smith, John}, title = {T}, year = {2010}}
@book{jones2011, author = {Jones, Ann}, title = {U}, year = {2011}}
"""


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (
            ManuscriptKind.LATEX,
            "As \\citep[p.10]{smith2010} and \\textcite[et al][12]{jones2011} show.",
            [
                (1, 11, "no space after 'p.' (write 'p. 10')"),
                (1, 42, "'et al' without its full stop"),
            ],
        ),
        (
            ManuscriptKind.MARKDOWN,
            "As [@smith2010, p.10] and [see @jones2011 , pp. 3-5]; @smith2010 [pp.12-14] says.",
            [
                (1, 17, "no space after 'p.' (write 'p. 10')"),
                (1, 42, "space before ','"),
                (1, 67, "no space after 'pp.' (write 'pp. 12-14')"),
            ],
        ),
    ],
)
def test_malformed_punctuation_in_citation_notes_is_reported(
    kind: ManuscriptKind, text: str, expected: list[tuple[int, int, str]]
) -> None:
    """RK907 reads the notes of LaTeX and Pandoc citations too: "p.10" and "et al" in a
    LaTeX option, "p.10" and a space before a comma in a Pandoc prefix or suffix."""
    manuscript = Manuscript(text=text, kind=kind, path="paper")
    found = [d for d in cite_check(manuscript, loads(NOTES_BIB)) if d.code == "RK907"]
    assert [(d.line, d.column, d.message) for d in found] == expected


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (ManuscriptKind.LATEX, "\\parencite[p.~10]{smith2010}, \\cite[S.~10,~12]{jones2011}."),
        (ManuscriptKind.LATEX, "\\cites[vgl.][33]{smith2010}[pp.\\,3--5]{jones2011}"),
        (ManuscriptKind.MARKDOWN, "[@smith2010, p. 10; see @jones2011, 33] and [-@smith2010]."),
        (ManuscriptKind.MARKDOWN, "@smith2010 [p. 12] says, as @jones2011 [chap. 3] does."),
    ],
)
def test_well_punctuated_citation_notes_pass(kind: ManuscriptKind, text: str) -> None:
    """Ties, thin spaces and ordinary notes are not punctuation problems."""
    manuscript = Manuscript(text=text, kind=kind, path="paper")
    assert [d for d in cite_check(manuscript, loads(NOTES_BIB)) if d.code == "RK907"] == []
