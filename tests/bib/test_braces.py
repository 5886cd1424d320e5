"""The one brace-group walker (refkit.bib.braces) and the one month table (refkit.bib.months)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refkit.bib.braces import find_closer, is_balanced, top_level_groups
from refkit.bib.months import MONTH_MACROS, MONTH_NUMBERS, month_macro, month_number
from refkit.bib.scanner import BlockKind, scan

#: Short texts made of the characters that matter to brace counting.
_BRACEY = st.text(alphabet='{}\\"a ', max_size=24)


def _reference_depths(text: str) -> list[int]:
    """Brace depth after each character, counted as bibtexparser counts (a brace right
    after a backslash is text), by the plainest loop."""
    depths = []
    depth = 0
    for index, char in enumerate(text):
        escaped = index > 0 and text[index - 1] == "\\"
        if char == "{" and not escaped:
            depth += 1
        elif char == "}" and not escaped:
            depth -= 1
        depths.append(depth)
    return depths


def test_find_closer_returns_the_brace_that_closes_the_group() -> None:
    """Nested groups are skipped and the index of the closing brace comes back."""
    text = "{a {b} {c {d}} e} f"
    assert find_closer(text, 1) == text.index("} f")


def test_find_closer_ignores_escaped_braces_as_bibtexparser_does() -> None:
    """``\\{`` and ``\\}`` are characters, so they neither open nor close a group."""
    assert find_closer(r"{a \} b \{ c} d", 1) == 12
    assert find_closer(r"{a \\} b}", 1) == 8  # as in bibtexparser, \\} is not counted either


def test_find_closer_reports_an_unclosed_group_as_minus_one() -> None:
    """No closing brace before ``end`` gives -1, like str.find."""
    assert find_closer("{a {b}", 1) == -1
    assert find_closer("{a} b", 1, end=2) == -1


def test_find_closer_in_a_quoted_string_stops_at_the_quote_or_a_stray_brace() -> None:
    """A quote inside braces is text; a quote or ``}`` at depth 0 ends the walk."""
    text = '"a {"b"} c" d'
    assert find_closer(text, 1, quoted=True) == text.index('" d')
    assert '"a } b"'[find_closer('"a } b"', 1, quoted=True)] == "}"


@given(_BRACEY)
def test_is_balanced_agrees_with_a_plain_count(text: str) -> None:
    """Balanced means no prefix closes more than it opened and nothing is left open."""
    depths = _reference_depths(text)
    expected = all(depth >= 0 for depth in depths) and (not depths or depths[-1] == 0)
    assert is_balanced(text) is expected


def test_is_balanced_without_escapes_counts_every_brace() -> None:
    """pybtex's view: ``\\{`` counts like any brace."""
    assert is_balanced(r"a \{ b") is True
    assert is_balanced(r"a \{ b", escapes=False) is False
    assert is_balanced(r"{a \} b", escapes=False) is True


@given(_BRACEY)
def test_a_balanced_value_is_read_back_by_the_scanner_as_one_value(text: str) -> None:
    """What the walker calls balanced (and not ending in a backslash), the scanner reads
    as exactly one braced value: the two count braces the same way."""
    if not is_balanced(text) or text.endswith("\\") or "\n" in text:
        return
    prefix = "@misc{k, f = "
    result = scan(prefix + "{" + text + "}\n}")
    entries = [block for block in result.blocks if block.kind is BlockKind.ENTRY]
    assert len(entries) == 1
    value_start, value_end = result.field(entries[0].field_start)[2:4]
    assert (value_start, value_end) == (len(prefix), len(prefix) + len(text) + 2)


@given(_BRACEY)
def test_top_level_groups_are_the_depth_zero_groups_in_order(text: str) -> None:
    """Each group opens at depth 0 and closes with the brace that returns there."""
    groups = list(top_level_groups(text))
    previous_end = 0
    for start, end in groups:
        assert start >= previous_end
        assert text[start] == "{"
        if end < 0:
            assert (start, end) == groups[-1]
            break
        assert text[end - 1] == "}"
        assert find_closer(text, start + 1) == end - 1
        previous_end = end


def test_top_level_groups_skip_a_stray_closing_brace_and_report_an_unclosed_group() -> None:
    """A ``}`` that closes nothing is text; an open group ends the list with end -1."""
    assert list(top_level_groups("a} {b{c}} d {e")) == [(3, 9), (12, -1)]


def test_month_table_knows_macros_names_and_sept() -> None:
    """The forms people write map to the month's number, in any case."""
    assert [month_number(word) for word in ("jan", "September", "SEPT", "may")] == [1, 9, 9, 5]
    assert month_number("marine") is None
    assert len(MONTH_MACROS) == 12
    assert set(MONTH_NUMBERS.values()) == set(range(1, 13))


def test_month_macro_is_the_bibtex_macro_of_a_number() -> None:
    """Numbers 1-12 give jan..dec; anything else is refused."""
    assert [month_macro(number) for number in (1, 9, 12)] == ["jan", "sep", "dec"]
    with pytest.raises(ValueError, match="13"):
        month_macro(13)
