"""LaTeX to Unicode: the text pylatexenc drops is kept (bib/latex.py corrects it)."""

from __future__ import annotations

import pytest
from pylatexenc.latex2text import LatexNodes2Text

from refkit.bib.latex import to_unicode


@pytest.mark.parametrize(
    ("latex", "dropped_upstream"),
    [(r"\texttt{grep} Z", " Z"), (r"\TeX", ""), (r"x \mbox{A-B}", "x "), (r"\pounds", "")],
)
def test_pylatexenc_drops_text_that_refkit_keeps(latex: str, dropped_upstream: str) -> None:
    # The upstream defect: if pylatexenc is fixed, this fails and the correction can go.
    assert LatexNodes2Text().latex_to_text(latex) == dropped_upstream
    assert to_unicode(latex) != dropped_upstream.strip()


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"{UK \TeX{} Users Group}", "UK TeX Users Group"),
        (r"The \LaTeX\ Companion", "The LaTeX Companion"),
        (r"\LaTeXe", "LaTeX2ε"),
        (r"Typesetting with \BibTeX", "Typesetting with BibTeX"),
        (r"The \texttt{grep} command", "The grep command"),
        (r"\textsf{Sans} and \textup{up}", "Sans and up"),
        (r"\mbox{Jean-Luc}", "Jean-Luc"),
        (r"\MF\ and \MP", "Metafont and MetaPost"),
        (r"input\slash output", "input/output"),
        (r"\pounds 5 \S 3 \P 2", "£5 §3 ¶2"),
        (r"\glqq Wort\grqq", "„Wort“"),
        (r"\flqq mot\frqq", "«mot»"),
        (r"\Thorn\eth", "Þð"),
    ],
)
def test_text_macros_decode_to_their_characters(latex: str, text: str) -> None:
    assert to_unicode(latex) == text


def test_macros_that_print_nothing_still_print_nothing() -> None:
    assert to_unicode(r"A\label{x} B") == "A B"


def test_the_noopsort_trick_prints_only_the_year() -> None:
    assert to_unicode(r"{\noopsort{1973b}}1973") == "1973"
