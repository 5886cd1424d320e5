"""Hostile inputs for the fuzz suite: BibTeX text, LaTeX and Markdown manuscripts and
reference lists made of the pieces that break parsers (unbalanced braces, stray ``@``,
``#`` concatenation, macros, duplicate fields, odd white space, non-ASCII, control
characters), mixed with arbitrary text."""

from __future__ import annotations

from hypothesis import strategies as st

#: Characters of any kind except lone surrogates (text files cannot hold them).
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)

_FIELD_NAMES = st.sampled_from(
    [
        "author", "editor", "title", "booktitle", "journal", "year", "date", "month",
        "pages", "volume", "number", "publisher", "address", "doi", "url", "isbn", "issn",
        "note", "crossref", "keywords", "edition", "urldate", "Title", "AUTHOR", "x-y",
        "language", "langid", "series", "institution", "school", "howpublished", "eprint",
    ]
)  # fmt: skip
_PIECES = st.sampled_from(
    [
        "Doe, Jane", "Jane Doe", " and ", "and others", "{\\'e}", "\\&", "&", "%", "~", "$x^2$",
        "{", "}", "\\", '"', "@", "#", ",", "=", "(", ")", "\n", "\r\n", "\t", "  ", "2020",
        "1999--2001", "12-15", "xv--xx", "10.1000/xyz", "https://doi.org/10.1/a", "jan", "Mar",
        "978-3-16-148410-0", "{NASA}", "\\textit{a}", "\\url{http://x.y}", "é", "ß", "中文",
        "\u0000", "\u200b", "\ufeff", "et al.", "Jr.", "von", "van der", "{\\relax Ch}ristoph",
        "De Gruyter", "Springer", "Spinger", "ed.", "2nd", "vol. 3", "no. 4", "pp. 1-5", "--",
        "\\cite{k}", "<b>", "&amp;", "[^1]", "*x*", "`", "|", "{}", "{{}}", "\\{", "\\}",
    ]
)  # fmt: skip
_TEXT = st.one_of(st.lists(_PIECES, max_size=6).map("".join), ANY_TEXT.map(lambda t: t[:12]))


@st.composite
def bib_value(draw: st.DrawFn) -> str:
    """A value expression: braced, quoted, a number, a macro, a concatenation, or junk."""
    text = draw(_TEXT)
    kind = draw(st.sampled_from(["braces", "quotes", "number", "macro", "concat", "raw"]))
    if kind == "braces":
        return "{" + text + "}"
    if kind == "quotes":
        return '"' + text + '"'
    if kind == "number":
        return str(draw(st.integers(-5, 10**6)))
    if kind == "macro":
        return draw(st.sampled_from(["jan", "dec", "pub", "undefined", "c"]))
    if kind == "concat":
        return "pub # {" + text + "} # jan"
    return text


@st.composite
def bib_entry(draw: st.DrawFn) -> str:
    """One entry, well-formed or not, with repeated fields now and then."""
    entry_type = draw(
        st.sampled_from(["article", "Book", "inproceedings", "misc", "online", "thesis", "x"])
    )
    key = draw(st.sampled_from(["k", "k1", "Doe2020", "a:b", "", "ü", "k k", "k,"]))
    fields = draw(st.lists(st.tuples(_FIELD_NAMES, bib_value()), max_size=6))
    separator = draw(st.sampled_from([",\n  ", ", ", ",\r\n\t", ","]))
    body = separator.join(f"{name} = {value}" for name, value in fields)
    opener, closer = draw(st.sampled_from([("{", "}"), ("(", ")"), ("{", ""), ("{", "}}")]))
    trailing = draw(st.sampled_from(["", ",", ",\n"]))
    return f"@{entry_type}{opener}{key}{separator if fields else ''}{body}{trailing}{closer}"


_OTHER_BLOCKS = st.sampled_from(
    [
        '@string{pub = "Spinger"}',
        "@string{c = c # c}",
        "@string{c = {x} # c # c # c}",
        '@preamble{"\\newcommand{\\noop}[1]{}"}',
        "@comment{anything {nested} here}",
        "% a comment line\n",
        "@{}",
        "@",
        "\n\n",
        "stray text\n",
        "@article{broken, title = {Unclosed,\n",
    ]
)


def bib_text(max_blocks: int = 6) -> st.SearchStrategy[str]:
    """A .bib file's text: entries, other blocks and arbitrary text between them."""
    block = st.one_of(bib_entry(), bib_entry(), _OTHER_BLOCKS, ANY_TEXT)
    return st.lists(block, max_size=max_blocks).map("\n".join)


_LATEX_PIECES = st.sampled_from(
    [
        "\\cite{k}", "\\cite{k1,Doe2020}", "\\citep[p.~5]{k}", "\\citet[see][12]{a:b}",
        "\\cite{", "\\cite[", "\\cite{k", "\\nocite{*}", "\\autocite{x}", "\\textcite{",
        "\\begin{verbatim}\\cite{v}", "\\end{verbatim}", "\\begin{comment}", "\\end{comment}",
        "%", "% \\cite{c}\n", "\\", "{", "}", "[", "]", "\n", "\n\n", " ", "(Doe, 2020)",
        "Doe (2020)", "Doe and Roe 2020", "(Ab and Ab and Cd, 2020)", "et al.", "\\footnote{",
        "\\bibliography{refs}", "\\addbibresource{x.bib}", "\\input{", "$x$", "\\verb|\\cite{v}|",
    ]
)  # fmt: skip
_MARKDOWN_PIECES = st.sampled_from(
    [
        "[@k]", "@k", "[@k; @Doe2020, p. 5]", "[-@k]", "@Doe2020 [p. 3]", "[see @k, pp. 1-2]",
        "[@", "@", "[", "]", "`@code`", "```\n@fenced\n```", "```", "<!-- @c -->", "<!--",
        "\\@", "email@example.com", "\n", " ", "[^1]", "[^1]: @k says", "(Doe, 2020)",
        "Doe and Roe (2020)", "{@k}", "@{k}", "# Title\n", "---\nbibliography: x.bib\n---\n",
    ]
)  # fmt: skip


def manuscript_text(pieces: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A manuscript made of citation pieces, mixed with arbitrary text."""
    return st.lists(st.one_of(pieces, pieces, ANY_TEXT.map(lambda t: t[:10])), max_size=12).map(
        "".join
    )


_PROSE_PIECES = st.sampled_from(
    [
        "(Doe, 2020)", "(Doe 2020; Roe 2019a)", "Doe (2020)", "Doe and Roe (2020)",
        "Doe et al. (2020)", "(Doe et al., 2020, p. 5)", "(Ab and Ab and Cd, 2020)", "(",
        ")", ";", ",", " and ", " & ", "2020", "(2020)", "n.d.", "United Nations (2019)",
        "(UN, 2019)", "Smith v. Jones (1990)", " ", "\n", "Doe", "(see Doe, 2020)", "e.g.",
    ]
)  # fmt: skip

LATEX = manuscript_text(_LATEX_PIECES)
MARKDOWN = manuscript_text(_MARKDOWN_PIECES)
PROSE = manuscript_text(_PROSE_PIECES)

_REFERENCE_PIECES = st.sampled_from(
    [
        "Doe, J.", "Doe, Jane", "J. Doe", "DOE, J.", " and ", ", ", "& ", "et al.", "(2020).",
        "2020", "(n.d.).", " Title of the work.", " Journal of Things,", " 12(3),", " 45-67.",
        " pp. 1-5.", " https://doi.org/10.1000/xyz", " doi:10.1/a", " Retrieved from http://x",
        " In ", " (Ed.),", " (Eds.)", " New York: Springer.", " [Online].", "\n", "\n\n",
        "1. ", "[1] ", "•", " “Quoted title,”", " vol. 3, no. 4,", " ISBN 978-3-16-148410-0.",
        " Available at: ", " (accessed 1 May 2020)", " v. ", "U.S.C.", " §", " ", "  ",
    ]
)  # fmt: skip
REFERENCES = st.lists(
    st.one_of(_REFERENCE_PIECES, _REFERENCE_PIECES, ANY_TEXT.map(lambda t: t[:10])), max_size=20
).map("".join)
