"""The scanner's block boundaries."""

from __future__ import annotations

import refkit


def test_a_percent_inside_the_previous_entrys_value_does_not_comment_out_the_next_entry() -> None:
    """``x = {%}} @article{b}``: the ``%`` is the value's text, so ``b`` is an entry."""
    text = "@article{a,\n  x = {%}} @article{b,\n  y = {1}}\n"
    assert [entry.key for entry in refkit.loads(text).entries] == ["a", "b"]
    assert refkit.loads("@article{a, x = {1}} % @article{b}\n").entries[0].key == "a"
    assert len(refkit.loads("@article{a, x = {1}} % @article{b}\n").entries) == 1
