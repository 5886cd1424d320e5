"""Properties: the extractors never fail and their offsets point at what they report."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from refkit.manuscript import ManuscriptKind, find_citations
from refkit.manuscript.prose import scan_prose

PIECES = st.sampled_from(
    [
        "\\cite",
        "\\citep",
        "\\parencites",
        "\\nocite",
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        "@",
        "-@",
        "@{",
        "%",
        "\\",
        "`",
        "```",
        "\n",
        "\n\n",
        " ",
        ",",
        ";",
        " & ",
        "et al",
        "p.",
        "2010",
        "Smith",
        "UN.GIFT",
        "“",
        "”",
        '"',
        "key",
        "x@y.z",
        "---",
        "nocite:",
        "\u00e9",
    ]
)
TEXTS = st.lists(PIECES, max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from(list(ManuscriptKind)))
def test_citations_are_located_at_their_text(text: str, kind: ManuscriptKind) -> None:
    """Every citation's offsets cut its own text out of the input, in bounds."""
    for citation in find_citations(text, kind):
        assert 0 <= citation.start <= citation.end <= len(text)
        assert text[citation.start : citation.end] == citation.text
        if citation.key is not None and kind is ManuscriptKind.LATEX:
            assert citation.text == citation.key
        assert citation.line >= 1
        assert citation.column >= 1


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_prose_problems_are_in_bounds(text: str) -> None:
    """Punctuation problems point inside the text."""
    for problem in scan_prose(text).problems:
        assert 0 <= problem.offset < problem.end <= len(text)
