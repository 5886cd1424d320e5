"""Property: parsing never loses text."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from refkit.refparse import parse_reference

WORDS = st.sampled_from(
    [
        "Smith,",
        "J.",
        "(2001).",
        "Title",
        "of",
        "things.",
        "Journal",
        "3(2):",
        "1-2.",
        "London:",
        "Press.",
        "Available",
        "at:",
        "http://x.org/a",
        "doi:10.1/x",
        "In",
        "Eds.",
        "“Quoted",
        "title,”",
        "vol.",
        "pp.",
        "A/RES/55/25",
        "No.",
        "06-41233",
        "v.",
        "[1]",
        "UNODC,",
        "&",
        "et",
        "al.",
        "ISBN",
        "[accessed",
        "5",
        "May",
        "2016]",
        "(5th",
        "Cir.",
        "2007)",
        "—",
        "Ö",
        "x_y",
        "%",
    ]
)


def _chars(s: str) -> Counter[str]:
    return Counter(c for c in s if not c.isspace())


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(WORDS, st.text(min_size=1, max_size=8)), min_size=1, max_size=30))
def test_every_character_lands_in_a_field_or_the_note(words: list[str]) -> None:
    """Every non-space character of a reference appears in some field or the note."""
    text = " ".join(words).strip()
    ref = parse_reference(text)
    spans: list[str] = []
    for value in ref.fields.values():
        spans.extend([value] if isinstance(value, str) else value)
    assert _chars(" ".join(spans)) == _chars(ref.text)
    for span in spans:
        assert span in ref.text
