"""One ``fix`` run reaches the fixed point (issue 19): fixes addressing different fields
of one entry by position apply in the same pass, so 30 repeated fields need one pass,
not one pass per field."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import refkit
from refkit.lint.fixing import fix


def _entry(key: str, fields: list[tuple[str, str]]) -> str:
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
    return f"@article{{{key},\n{body}}}\n"


def test_thirty_duplicate_titles_go_in_one_pass_and_the_result_is_final() -> None:
    text = _entry("a", [("author", "Doe, J."), *[("title", "T")] * 30, ("year", "2020")])
    done = fix(refkit.loads(text))
    assert done.converged
    assert done.passes == 1
    fixed = done.bibliography.dumps()
    assert fixed == "@article{a,\n  author = {Doe, J.},\n  title = {T},\n  year = {2020},\n}\n"
    again = fix(refkit.loads(fixed))
    assert not again.changed
    assert again.bibliography.dumps() == fixed


def test_removals_in_one_pass_do_not_shift_other_fixes_of_the_entry() -> None:
    """Duplicates interleaved with fields other fixes rewrite by position (escapes, a
    month): every edit lands on the field its finding named, all in one pass."""
    fields = [("author", "Doe, J."), ("title", "T"), ("journal", "A & B"), ("title", "T")]
    fields += [("publisher", "C & D"), ("title", "T"), ("series", "E & F"), ("title", "T")]
    fields += [("year", "2020"), ("title", "T"), ("month", "January")]
    done = fix(refkit.loads(_entry("a", fields)))
    assert (done.converged, done.passes) == (True, 1)
    assert done.bibliography.dumps() == (
        "@article{a,\n  author = {Doe, J.},\n  title = {T},\n  journal = {A \\& B},\n"
        "  publisher = {C \\& D},\n  series = {E \\& F},\n  year = {2020},\n"
        "  month = jan,\n}\n"
    )


_NAMES = st.sampled_from(["title", "author", "year", "note", "pages", "journal", "doi"])
_VALUES = st.sampled_from(["T", "Doe, J.", "2020", "1-2", "x", "{Ab} c", "10.1/x"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(st.tuples(_NAMES, _VALUES, st.integers(1, 15)), min_size=1, max_size=6),
        min_size=1,
        max_size=3,
    )
)
def test_fix_of_fix_is_fix_on_entries_with_repeated_fields(
    entries: list[list[tuple[str, str, int]]],
) -> None:
    """fix(fix(x)) == fix(x), on entries with runs of up to 15 copies of a field."""
    text = "\n".join(
        _entry(f"k{index}", [(name, value) for name, value, copies in runs for _ in range(copies)])
        for index, runs in enumerate(entries)
    )
    once = fix(refkit.loads(text))
    assert once.converged
    fixed = once.bibliography.dumps()
    twice = fix(refkit.loads(fixed))
    assert twice.bibliography.dumps() == fixed
    assert not twice.changed
