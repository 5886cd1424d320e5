"""Shared helpers of the tidy tests: formatting with the meaning check applied."""

from __future__ import annotations

import refkit
from refkit.tidy.formatting import FormatResult, format_text
from refkit.tidy.meaning import differences, meaning_of
from refkit.tidy.options import FormatOptions


def formatted(text: str, options: FormatOptions | None = None) -> str:
    """``text`` formatted (the built-in read-back check on)."""
    return format_text(refkit.loads(text), options or FormatOptions()).text


def assert_keeps_meaning(
    before: refkit.Bibliography, result: FormatResult, options: FormatOptions
) -> None:
    """The formatted file means what the input meant, by the independent yardstick."""
    drop = options.remove_empty_fields
    found = differences(
        meaning_of(before, drop_empty=drop),
        meaning_of(result.bibliography, drop_empty=drop),
        ordered=not options.sort,
    )
    assert found == []
