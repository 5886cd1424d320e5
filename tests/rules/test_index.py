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


def test_text_prefilters_find_entries_and_read_edited_ones_as_they_now_are() -> None:
    """Needles and patterns select entries by their text; an edited entry by its fields."""
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
    assert may_match(context, second, re.compile("Available"))


def test_an_edited_entry_without_the_text_is_filtered_out() -> None:
    """An edit that removes the text makes the prefilters skip the entry (the fix engine's
    re-checks would otherwise run every rule in full on every edited entry)."""
    bibliography = refkit.loads("@misc{a, note = {Available at: x}, year = 2020}\n")
    entry = bibliography.entries[0]
    entry.set("note", "x")
    context = CheckContext(bibliography)
    assert not may_contain(context, entry, ("available",))
    assert not may_match(context, entry, re.compile("Available"))
    assert entries_with(context, ("available",)) == []
    assert entries_with(context, ("2020",)) == [(0, entry)]


def test_an_edited_entry_has_one_digest_per_check() -> None:
    """Within a check the digest of an edited entry is made once; the next check, after
    another edit, makes a new one."""
    bibliography = refkit.loads("@misc{a, note = {x}}\n")
    entry = bibliography.entries[0]
    entry.set("title", "T")
    context = CheckContext(bibliography)
    assert entry_fields(context, entry) is entry_fields(context, entry)
    entry.set("year", "2020")
    assert "year" in entry_fields(CheckContext(bibliography), entry)


def test_caches_belong_to_one_check() -> None:
    """A new check sees entries edited since the previous one, digests included."""
    bibliography = refkit.loads("@misc{a, note = {x}}\n")
    entry = bibliography.entries[0]
    assert "year" not in entry_fields(CheckContext(bibliography), entry)
    entry.set("year", "2020")
    assert "year" in entry_fields(CheckContext(bibliography), entry)
