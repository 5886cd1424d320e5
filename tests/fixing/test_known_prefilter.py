"""The whole-file prefilter of the known-error rules never hides a match."""

from __future__ import annotations

import re

import pytest

import refkit
from refkit.lint.rules.known import _required_literal


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bUNDOC\b", ("UNDOC", False)),
        (r"(?<=adopted in )\b2001\b", ("adopted in 2001", False)),
        (r"(?<!x)\bUSA v\. Bennett\b(?= case)", ("USA v. Bennett case", False)),
        (r"colou?r", None),
        (r"\d{4}", None),
        (r"a|b", None),
    ],
)
def test_required_literal_is_found_only_for_literal_patterns(
    pattern: str, expected: tuple[str, bool] | None
) -> None:
    """Plain patterns yield the text they need; anything regex-like yields None."""
    assert _required_literal(re.compile(pattern)) == expected


def test_braced_match_passes_the_prefilter() -> None:
    """'{Spin}ger' (braces inside the word) still reports the misspelt publisher."""
    bib = refkit.loads("@book{b, title = {T}, publisher = {{Spin}ger Verlag}}\n")
    assert "RK801" in {item.code for item in refkit.check(bib)}


def test_file_without_any_known_error_reports_none() -> None:
    """A file none of whose text matches gets no RK8xx finding."""
    bib = refkit.loads("@book{a, title = {A Plain Title}, year = 2001}\n")
    assert not [item for item in refkit.check(bib) if item.code.startswith("RK8")]


def test_an_edited_entry_is_scanned_even_when_the_file_text_had_no_match() -> None:
    """A field set through the API after loading is still checked."""
    bib = refkit.loads("@book{a, title = {A Plain Title}, year = 2001}\n")
    refkit.check(bib)
    bib["a"].set("publisher", "Spinger")
    assert "RK801" in {item.code for item in refkit.check(bib)}
