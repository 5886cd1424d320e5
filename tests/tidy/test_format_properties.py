"""Formatting never loses data, on generated files: every option set, every odd input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import refkit
from refkit.bib.model import raw_value_problem
from refkit.tidy.formatting import format_text
from refkit.tidy.options import (
    FIELD_ORDER_PRESETS,
    SORT_PRESETS,
    Comments,
    Delimiters,
    FormatOptions,
    MonthStyle,
)
from refkit.tidy.readback import value_reads_back

from .support import assert_keeps_meaning

_WORDS = st.sampled_from(
    [
        "a",
        "Word",
        " ",
        "  ",
        "\n",
        "\t",
        "\u00a0",
        "\u2009",
        "&",
        "\\&",
        '"',
        "{X}",
        "@",
        "@misc{",
        "#",
        ",",
        "=",
        "%",
        "\\%",
        "50\\%",
        "Ümlaut",
        '{\\"u}',
        "--",
        "1998",
        "jan",
        "January",
        "https://x.org/a b",
    ]
)
_CONTENT = st.lists(_WORDS, max_size=12).map("".join)


def _balanced(content: str) -> str:
    # braces in the generated words are balanced pairs, quotes only inside braces
    return content


_VALUE = st.one_of(
    _CONTENT.map(lambda text: "{" + text + "}"),
    _CONTENT.filter(lambda text: '"' not in text and "@" not in text).map(
        lambda text: '"' + text + '"'
    ),
    st.sampled_from(["1998", "007", "jan", "Feb", "jgr", "12"]),
    st.tuples(st.sampled_from(["jgr", "jan"]), _CONTENT.filter(lambda t: "@" not in t)).map(
        lambda pair: f"{pair[0]} # {{{pair[1]}}}"
    ),
    st.sampled_from(["{}", '""', "{ }", "{January}", "{1}", "{Jan.}", "{12}"]),
)
_NAME = st.sampled_from(
    [
        "title",
        "Title",
        "AUTHOR",
        "month",
        "year",
        "url",
        "doi",
        "note",
        "journal",
        "pages",
        "x-y",
        "crossref",
    ]
)
_FIELD = st.tuples(_NAME, st.sampled_from([" = ", "=", " =\n   "]), _VALUE).map("".join)
_KEY = st.sampled_from(["a", "B", "Smith2020", "smith2020", "x:y", "k-1", "zz"])
_TYPE = st.sampled_from(["article", "ARTICLE", "Misc", "book", "inproceedings"])


@st.composite
def _entry(draw: st.DrawFn) -> str:
    fields = draw(st.lists(_FIELD, max_size=6))
    separator = draw(st.sampled_from([",\n  ", ", ", ",\n"]))
    tail = draw(st.sampled_from(["", ",", ",\n", "\n"]))
    opener, closer = draw(st.sampled_from([("{", "}"), ("(", ")")]))
    body = separator.join(fields)
    lead = separator if fields else ""
    return f"@{draw(_TYPE)}{opener}{draw(_KEY)}{lead}{body}{tail}{closer}"


_BLOCK = st.one_of(
    _entry(),
    _entry(),
    _entry(),
    st.sampled_from(
        [
            "@string{jgr = {J. Geophys. Res.}}",
            '@String(jan = "Janvier")',
            '@preamble{"\\newcommand{\\x}{y}"}',
            "@comment{jabref-meta: x;}",
            "@article{broken, title = {unclosed\n",
            "% a comment line",
            "%   indented % comment  ",
            "stray text",
        ]
    ),
)
_GAP = st.sampled_from(["\n", "\n\n", "\n\n\n", " \n", "\r\n"])


@st.composite
def _file(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(_BLOCK, max_size=7))
    text = ""
    for block in blocks:
        text += block + draw(_GAP)
    return text


_OPTIONS = st.builds(
    FormatOptions,
    indent=st.sampled_from(["  ", "\t", "    "]),
    align=st.sampled_from([0, 14, 3]),
    align_per_entry=st.booleans(),
    field_order=st.sampled_from([(), FIELD_ORDER_PRESETS["biblatex"], ("year", "title")]),
    alphabetical_fields=st.booleans(),
    sort=st.sampled_from(list(SORT_PRESETS.values())),
    delimiters=st.sampled_from(list(Delimiters)),
    lowercase=st.booleans(),
    trailing_comma=st.booleans(),
    blank_lines=st.integers(0, 2),
    wrap=st.sampled_from([0, 20, 60]),
    months=st.sampled_from(list(MonthStyle)),
    numeric=st.booleans(),
    remove_empty_fields=st.booleans(),
    comments=st.sampled_from(list(Comments)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_file(), options=_OPTIONS)
def test_formatting_keeps_the_meaning_of_any_file(text: str, options: FormatOptions) -> None:
    """Entries, keys, fields, values, @string, @preamble, comments and failed blocks survive."""
    before = refkit.loads(text)
    result = format_text(before, options)
    assert_keeps_meaning(before, result, options)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_file(), options=_OPTIONS)
def test_formatting_is_idempotent(text: str, options: FormatOptions) -> None:
    """format(format(x)) == format(x), for any options."""
    once = format_text(refkit.loads(text), options).text
    assert format_text(refkit.loads(once), options).text == once


@settings(max_examples=100, deadline=None)
@given(text=_file())
def test_failed_blocks_and_comments_are_byte_identical(text: str) -> None:
    """With the default options every failed block and comment line is in the output as is."""
    before = refkit.loads(text)
    out = format_text(before).text
    for block in before.failed_blocks:
        assert block.raw in out
    for block in before.blocks:
        if isinstance(block, refkit.TextBlock):
            for line in block.raw.splitlines():
                assert line.strip() == "" or line in out


_WRITTEN = st.one_of(
    st.lists(st.sampled_from(["a", "{", "}", "\\", '"', " ", "\n", "@misc{", "#", "x"]), max_size=8)
    .map("".join)
    .map(lambda text: "{" + text + "}"),
    st.lists(st.sampled_from(["a", "{", "}", "\\", '"', " ", "\n", "@misc{", "#"]), max_size=8)
    .map("".join)
    .map(lambda text: '"' + text + '"'),
    st.sampled_from(["1998", "jan", "jgr # {x}", "{a} # {b", "a b", "{a}{b}"]),
)


@settings(max_examples=400, deadline=None)
@given(value=_WRITTEN)
def test_read_back_check_agrees_with_the_scanner(value: str) -> None:
    """refkit.tidy.readback's value check says what the scanner itself reads back."""
    assert value_reads_back(value) == (raw_value_problem(value) is None)
