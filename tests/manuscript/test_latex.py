"""Citations found in LaTeX sources and in .aux/.bcf files."""

from __future__ import annotations

from pathlib import Path

import pytest

from refkit.manuscript import ManuscriptKind, find_citations
from refkit.manuscript.latex import find_aux_citations, find_bcf_citations

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def keys(text: str) -> list[str]:
    return [item.key or "" for item in find_citations(text, ManuscriptKind.LATEX)]


@pytest.mark.parametrize(
    "command",
    [
        "cite",
        "citep",
        "citet",
        "citealt",
        "citealp",
        "citeauthor",
        "citeyear",
        "citeyearpar",
        "Citet",
        "Citep",
        "parencite",
        "Parencite",
        "textcite",
        "Textcite",
        "autocite",
        "Autocite",
        "footcite",
        "smartcite",
        "supercite",
        "fullcite",
        "footfullcite",
        "citetitle",
        "nocite",
    ],
)
def test_every_citation_command_yields_its_key(command: str) -> None:
    """Each natbib/biblatex citation command, starred or not, yields its key."""
    assert keys(f"Text \\{command}{{k1}} and \\{command}*{{k2}}.") == ["k1", "k2"]


def test_notes_are_read_as_prenote_and_postnote() -> None:
    """Two optional arguments are pre- and post-note; one is a post-note."""
    found = find_citations(r"\citep[see][p.~5]{a} \cite[chap.~2]{b}", "latex")
    assert [(c.key, c.prenote, c.locator) for c in found] == [
        ("a", "see", "p.~5"),
        ("b", None, "chap.~2"),
    ]


def test_several_keys_have_their_own_columns() -> None:
    """Keys in one command are separate citations located at their own column."""
    found = find_citations("x \\cite{alpha, beta,gamma}", "latex")
    assert [(c.key, c.line, c.column) for c in found] == [
        ("alpha", 1, 9),
        ("beta", 1, 16),
        ("gamma", 1, 21),
    ]


def test_multicite_commands_take_several_groups() -> None:
    """\\parencites(pre)(post)[p. 1]{a}[b1]{b,c} yields a, b and c with their notes."""
    found = find_citations(r"\parencites(see)(and others)[p.~1]{a}[see][ch. 4]{b,c}", "latex")
    assert [(c.key, c.locator) for c in found] == [("a", "p.~1"), ("b", "ch. 4"), ("c", "ch. 4")]


def test_comments_and_verbatim_are_skipped() -> None:
    """Citations after % or inside verbatim are not citations; \\% is not a comment."""
    text = (
        "50\\% \\cite{a} % \\cite{b}\n\\begin{verbatim}\\cite{c}\\end{verbatim} \\verb|\\cite{d}|"
    )
    assert keys(text) == ["a"]


def test_nocite_star_cites_everything() -> None:
    """\\nocite{*} is one citation whose key is '*'."""
    (found,) = find_citations(r"\nocite{*}", "latex")
    assert found.is_all


def test_arguments_may_span_one_line_break_but_not_a_paragraph() -> None:
    """A key group on the next line belongs to the command; after a blank line it does not."""
    assert keys("\\cite\n{a}") == ["a"]
    assert keys("\\cite\n\n{a}") == []


def test_non_citation_commands_with_cite_in_their_name_are_ignored() -> None:
    """\\citestyle and \\citetext take no keys."""
    assert keys(r"\citestyle{authoryear} \citetext{see below}") == []


def test_aux_file_lists_the_keys_latex_resolved() -> None:
    """\\citation lines of the .aux fixture give every key, split at commas."""
    text = (FIXTURES / "paper.aux").read_text(encoding="utf-8")
    found = find_aux_citations(text, "paper.aux")
    assert [c.key for c in found] == [
        "knuth1984",
        "lamport1986",
        "knuth1984",
        "mittelbach2004",
        "knuht1984",
        "ctan",
        "fromchapter2019",
    ]
    assert found[-1].path == "paper.aux"
    assert found[-1].line == 8


def test_bcf_file_lists_citekeys() -> None:
    """<bcf:citekey> elements of a biber control file are citations."""
    text = (
        '<bcf:section number="0">\n'
        '  <bcf:citekey order="1" intorder="1">knuth1984</bcf:citekey>\n'
        '  <bcf:citekey order="2" intorder="1">lamport1986</bcf:citekey>\n'
        "</bcf:section>\n"
    )
    assert [c.key for c in find_bcf_citations(text)] == ["knuth1984", "lamport1986"]


def test_macro_parameters_and_biblatex_control_are_not_keys() -> None:
    """\\cite{#1} in a macro definition and \\citation{biblatex-control} are skipped."""
    assert keys(r"\newcommand{\mycite}[1]{\cite{#1}}") == []
    aux = "\\citation{biblatex-control}\n\\citation{real}\n"
    assert [c.key for c in find_aux_citations(aux)] == ["real"]
