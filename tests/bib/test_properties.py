"""Property tests: any text round-trips; edits never disturb other blocks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import refkit

_WORD = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:-_",
    min_size=1,
    max_size=8,
)
_VALUE_TEXT = st.text(
    alphabet=st.characters(blacklist_characters='{}"\\@', blacklist_categories=("Cs",)),
    max_size=20,
)


@st.composite
def _value(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["braces", "quotes", "number", "macro", "nested"]))
    text = draw(_VALUE_TEXT)
    if kind == "braces":
        return "{" + text + "}"
    if kind == "quotes":
        return '"' + text + '"'
    if kind == "number":
        return str(draw(st.integers(0, 3000)))
    if kind == "macro":
        return draw(st.sampled_from(["jan", "feb", "un", "acm"]))
    return "{" + text + "{" + draw(_VALUE_TEXT) + "}}"


@st.composite
def _entry(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["article", "Book", "misc", "online"]))
    key = draw(_WORD)
    fields = draw(st.lists(st.tuples(_WORD, _value()), max_size=5))
    separator = draw(st.sampled_from([",\n  ", ", ", ",\r\n\t", "\n  , "]))
    equals = draw(st.sampled_from([" = ", "=", " =\t"]))
    trailing = draw(st.sampled_from(["", ",", "\n", ",\n"]))
    body = "".join(f"{separator}{name}{equals}{value}" for name, value in fields)
    return f"@{kind}{{{key}{body}{trailing}}}"


@st.composite
def _bib_text(draw: st.DrawFn) -> str:
    pieces = draw(
        st.lists(
            st.one_of(
                _entry(),
                st.just("@string{un = {United Nations}}"),
                st.just('@preamble{"\\noop"}'),
                st.just("@comment{hello {world}}"),
                st.just("% a comment line"),
                st.text(max_size=30),  # arbitrary junk, malformed blocks included
                _entry().map(lambda text: text[: len(text) // 2]),  # truncated entries
            ),
            max_size=8,
        )
    )
    separators = draw(
        st.lists(
            st.sampled_from(["\n", "\n\n", "\r\n", " "]), min_size=len(pieces), max_size=len(pieces)
        )
    )
    return "".join(piece + sep for piece, sep in zip(pieces, separators, strict=False))


@settings(max_examples=300, deadline=None)
@given(_bib_text())
def test_any_text_round_trips(text: str) -> None:
    """loads(t).dumps() == t for generated well-formed and malformed input."""
    assert refkit.loads(text).dumps() == text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_unicode_round_trips(text: str) -> None:
    """Even random text, full of stray @ and braces, round-trips."""
    assert refkit.loads(text).dumps() == text


@settings(max_examples=200, deadline=None)
@given(
    _bib_text(),
    st.text(alphabet="abc XYZ{}0123", max_size=10).filter(
        lambda value: value.count("{") == value.count("}") and "}" not in value.split("{")[0]
    ),
)
def test_setting_a_field_changes_only_that_entry(text: str, value: str) -> None:
    """After set(), every block but the edited entry is byte-identical and re-parses."""
    bib = refkit.loads(text)
    indexed = list(bib.indexed_entries())
    if not indexed:
        return
    index, entry = indexed[0]
    before = [block.raw for block in bib.blocks]
    entry.set("note", value)
    after = [block.raw for block in bib.blocks]
    assert [i for i, (old, new) in enumerate(zip(before, after, strict=False)) if old != new] in (
        [index],
        [],
    )
    reparsed = refkit.loads(bib.dumps())
    assert len(reparsed.entries) == len(bib.entries)
