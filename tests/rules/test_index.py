"""The shared per-entry digests and per-check search index the rules read."""

from __future__ import annotations

import re

import refkit
from refkit.lint.context import CheckContext
from refkit.lint.index import entries_with, entry_fields, may_contain, may_match


def test_entry_fields_maps_lower_case_names_to_first_fields() -> None:
    """The digest answers by lower-case name with the first field of that name."""
    bibliography = refkit.loads("@misc{a, Title = {One}, title = {Two}, year = 2020}\n")
    entry = bibliography.entries[0]
    fields = entry_fields(CheckContext(bibliography), entry)
    assert fields["title"].value == "One"
    assert fields.get("author") is None
    assert list(fields) == ["title", "year"]


def test_text_prefilters_find_entries_and_always_pass_edited_ones() -> None:
    """Needles and patterns select entries by their text; an edited entry always passes."""
    bibliography = refkit.loads("@misc{a, note = {Available at:}}\n@misc{b, note = {x}}\n")
    context = CheckContext(bibliography)
    first, second = bibliography.entries
    assert may_contain(context, first, ("available",))
    assert not may_contain(context, second, ("available",))
    assert not may_match(context, second, re.compile("Available"))
    assert [index for index, _ in entries_with(context, ("available",))] == [0]
    second.set("note", "Available from")
    assert may_contain(context, second, ("available",))
    assert [entry.key for _, entry in entries_with(context, ("available",))] == ["a", "b"]


def test_caches_belong_to_one_check() -> None:
    """A new check sees entries edited since the previous one, digests included."""
    bibliography = refkit.loads("@misc{a, note = {x}}\n")
    entry = bibliography.entries[0]
    assert "year" not in entry_fields(CheckContext(bibliography), entry)
    entry.set("year", "2020")
    assert "year" in entry_fields(CheckContext(bibliography), entry)
