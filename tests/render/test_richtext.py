"""The rich-text tree and its backends: what each format writes, and the output
defects of issue 19 (links cut short, Markdown syntax in titles, lost characters)."""

from __future__ import annotations

import re
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import refkit
from refkit.cite.formats import FORMATS, convert
from refkit.cite.render import render, render_items
from refkit.cite.richtext.html_reader import read_html
from refkit.cite.richtext.rtf import rtf_escape
from refkit.cite.richtext.tree import (
    Block,
    Display,
    Link,
    Quoted,
    RichText,
    Style,
    Styled,
    Text,
)
from tests.conftest import require_tool

TREE = RichText(
    (
        Block(Display.LEFT_MARGIN, (Text("[1]"),)),
        Text("Doe, J. "),
        Quoted("\u201c", "\u201d", (Text("A & B_1 50%"),)),
        Text(" "),
        Styled(Style.ITALIC, (Text("Journal"),)),
        Text(", "),
        Styled(Style.SMALL_CAPS, (Text("Smallcaps"),)),
        Text(" H"),
        Styled(Style.SUBSCRIPT, (Text("2"),)),
        Text("O, x"),
        Styled(Style.SUPERSCRIPT, (Text("2"),)),
        Text(". "),
        Link("https://doi.org/10.1/x", (Text("https://doi.org/10.1/x"),)),
    )
)


def test_each_backend_writes_the_tree() -> None:
    assert convert(TREE, "text") == (
        "[1] Doe, J. \u201cA & B_1 50%\u201d Journal, Smallcaps H2O, x2. https://doi.org/10.1/x"
    )
    assert convert(TREE, "html") == (
        '<span class="csl-left-margin">[1]</span> Doe, J. '
        "\u201cA &amp; B_1 50%\u201d <i>Journal</i>, "
        '<span style="font-variant:small-caps">Smallcaps</span> H<sub>2</sub>O, x<sup>2</sup>. '
        '<a href="https://doi.org/10.1/x">https://doi.org/10.1/x</a>'
    )
    assert convert(TREE, "markdown") == (
        "[1] Doe, J. \u201cA & B\\_1 50%\u201d *Journal*, Smallcaps H<sub>2</sub>O, x<sup>2</sup>. "
        "<https://doi.org/10.1/x>"
    )
    assert convert(TREE, "latex") == (
        "[1] Doe, J. \u201cA \\& B\\_1 50\\%\u201d \\emph{Journal}, \\textsc{Smallcaps} "
        "H\\textsubscript{2}O, x\\textsuperscript{2}. \\url{https://doi.org/10.1/x}"
    )
    assert convert(TREE, "rst") == (
        "[1] Doe, J. \u201cA & B\\_1 50%\u201d *Journal*, Smallcaps H\\ :sub:`2`\\ O, "
        "x\\ :sup:`2`. https://doi.org/10.1/x"
    ).replace("H\\ :sub:", "H:sub:").replace("x\\ :sup:", "x:sup:")
    assert convert(TREE, "rtf") == (
        "[1] Doe, J. \\u8220?A & B_1 50%\\u8221? {\\i Journal}, {\\scaps Smallcaps} H{\\sub 2}O, "
        "x{\\super 2}. {\\field{\\*\\fldinst{HYPERLINK \"https://doi.org/10.1/x\"}}"
        "{\\fldrslt{https://doi.org/10.1/x}}}"
    )


# -- issue 19, point 9 ---------------------------------------------------------------

ODD_DOI = {
    "id": "odd",
    "type": "article-journal",
    "title": "Odd",
    "author": [{"family": "Doe", "given": "Jane"}],
    "issued": {"date-parts": [[2020]]},
    "DOI": 'javascript:alert(9)"x',
}


def test_a_doi_link_is_whole_and_its_address_escaped() -> None:
    """The DOI with ( ) and a quote is one link to doi.org, not cut at ')' or '"'."""
    html = str(render_items([ODD_DOI], "apa", "html"))
    (anchor,) = re.findall(r"<a [^>]*>.*?</a>", html)
    assert anchor == (
        '<a href="https://doi.org/javascript:alert(9)%22x">'
        'https://doi.org/javascript:alert(9)"x</a>'
    )
    assert html.endswith("</a></div>\n</div>")


def test_a_url_in_text_keeps_its_parentheses() -> None:
    """Engine HTML (citeproc-py, pybtex): a URL with (balanced) parentheses stays whole."""
    tree = read_html("See https://en.wikipedia.org/wiki/Fish_(food). Next")
    assert convert(tree, "html") == (
        'See <a href="https://en.wikipedia.org/wiki/Fish_(food)">'
        "https://en.wikipedia.org/wiki/Fish_(food)</a>. Next"
    )
    tree = read_html("(see https://x.org/a)")
    assert convert(tree, "latex") == "(see \\url{https://x.org/a})"


def test_only_http_addresses_become_links() -> None:
    item = {key: value for key, value in ODD_DOI.items() if key != "DOI"}
    item.update(type="webpage", URL="javascript:alert(1)")
    for engine in ("refkit", "citeproc-py"):
        html = str(render_items([item], "apa", "html", engine=engine))
        assert "<a " not in html
        assert "javascript:alert(1)" in html


BIB_WITH_SYNTAX = r"""
@article{syntax,
  author = {Smith, John},
  title = {A {\textless}b{\textgreater} tag, Tom & Jerry, about ~ 5 km, see [^1] and [@doe]},
  journal = {J},
  year = {2000},
}
"""


def test_markdown_escapes_footnotes_and_citations() -> None:
    """[^1] and [@doe] in a title stay text in Markdown (not a footnote or a citation)."""
    markdown = str(render(refkit.loads(BIB_WITH_SYNTAX), style="apa", format="markdown"))
    assert "\\[\\^1]" in markdown
    assert "\\[\\@doe]" in markdown
    assert "[^" not in markdown.replace("\\[\\^", "")


@pytest.mark.parametrize("engine", ["refkit", "citeproc-py", "pybtex"])
def test_textless_renders_a_literal_tag(engine: str) -> None:
    """{\\textless}b{\\textgreater} is the text <b>: escaped in HTML, never bold."""
    bib = refkit.loads(BIB_WITH_SYNTAX)
    style = "bibtex:plain" if engine == "pybtex" else "apa"
    html = str(render(bib, style=style, format="html", engine=engine))
    assert "A &lt;b&gt; tag" in html
    assert "<b>" not in html
    assert "A <b> tag" in str(render(bib, style=style, format="text", engine=engine))
    assert "A \\textless{}b\\textgreater{} tag" in str(
        render(bib, style=style, format="latex", engine=engine)
    )


@pytest.mark.parametrize("engine", ["refkit", "citeproc-py", "pybtex"])
def test_latex_keeps_bare_ampersand_and_tilde(engine: str) -> None:
    """A bare & and a spaced ~ in a title are characters, escaped for LaTeX."""
    style = "bibtex:plain" if engine == "pybtex" else "apa"
    bib = refkit.loads(BIB_WITH_SYNTAX)
    # (BibTeX's plain style lower-cases the title)
    latex = str(render(bib, style=style, format="latex", engine=engine)).lower()
    assert "tom \\& jerry" in latex
    assert "about \\textasciitilde{} 5 km" in latex


def test_a_tie_stays_a_space() -> None:
    bib = refkit.loads("@book{t, author = {D.~Knuth}, title = {Fig.~3}, year = 1990}")
    assert "Fig. 3" in str(render(bib, style="apa", format="text"))


# -- RTF -----------------------------------------------------------------------------


def test_rtf_escapes_unicode_braces_and_backslashes() -> None:
    assert rtf_escape("a{b}\\c") == "a\\{b\\}\\\\c"
    assert rtf_escape("é\u00a0\u201c") == "\\u233?\\~\\u8220?"
    assert rtf_escape("\U0001d49c") == "\\u-10187?\\u-9060?"  # a surrogate pair


def _balanced(rtf: str) -> bool:
    depth = 0
    escaped = False
    for char in rtf:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def test_rtf_document_is_well_formed(bib_trafficking: refkit.Bibliography) -> None:
    rtf = str(render(bib_trafficking, style="ieee", format="rtf"))
    assert rtf.startswith("{\\rtf1\\ansi")
    assert rtf.isascii()
    assert _balanced(rtf)
    assert rtf.count("\\pard ") == len(bib_trafficking.entries)


def test_pandoc_reads_the_rtf(bib_trafficking: refkit.Bibliography) -> None:
    """pandoc's RTF reader finds the italics, the text and the links."""
    pandoc = require_tool("pandoc")
    rtf = str(render(bib_trafficking, style="apa", format="rtf"))
    text = str(render(bib_trafficking, style="apa", format="text"))
    done = subprocess.run(
        [pandoc, "-f", "rtf", "-t", "plain", "--wrap=none"],
        input=rtf,
        capture_output=True,
        text=True,
        check=True,
    )
    read = " ".join(done.stdout.split())
    for line in text.splitlines()[:10]:
        assert " ".join(line.split()) in read
    markdown = subprocess.run(
        [pandoc, "-f", "rtf", "-t", "markdown", "--wrap=none"],
        input=rtf,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "*" in markdown  # italics survive
    assert "](http" in markdown or "<http" in markdown  # and links


@pytest.fixture(scope="module")
def bib_trafficking() -> refkit.Bibliography:
    from tests.conftest import REPO

    return refkit.load(REPO / "bib" / "trafficking.bib")


# -- properties ------------------------------------------------------------------------

_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@settings(max_examples=60, deadline=None)
@given(title=_text)
def test_every_format_writes_any_title(title: str) -> None:
    """Any title renders in every format; HTML never gains a tag from it."""
    item = {"id": "p", "type": "book", "title": title, "issued": {"date-parts": [[2000]]}}
    for fmt in FORMATS:
        out = str(render_items([item], "apa", fmt))  # type: ignore[arg-type]
        if fmt == "html":
            assert "<script" not in out
        if fmt == "rtf":
            assert out.isascii()
            assert _balanced(out)
