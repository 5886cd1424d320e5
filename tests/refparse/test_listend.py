"""The start and end of a reference list in pasted text; what is left out is reported."""

from __future__ import annotations

from refkit.refparse.listend import find_list
from refkit.refparse.parse import parse_reference_list


def test_comment_form_after_the_list_is_dropped_and_reported() -> None:
    """A blog's comment form is not taken as references, and its lines are reported."""
    lines = [
        "References",
        "",
        "Smith, J. (2001). Trees. Journal, 1, 1-2.",
        "",
        "Be the first to comment",
        "",
        "Leave a Reply",
        "Your email address will not be published.",
    ]
    bounds = find_list(lines)
    assert (bounds.start, bounds.end) == (1, 4)
    assert [(d.first_line, d.last_line) for d in bounds.dropped] == [(5, 8)]


def test_essay_text_before_the_heading_is_reported() -> None:
    """The essay before a '[toggle title="References"]' marker is left out and reported."""
    text = "An essay paragraph.\n\n[toggle title=”References” state=”open”]\n\nSmith, J. 2001. T.\n"
    result = parse_reference_list(text)
    assert [r.text for r in result.references] == ["Smith, J. 2001. T."]
    assert result.dropped[0].reason == "before the reference-list heading"
    assert result.dropped[0].first_line == 1


def test_list_without_surroundings_is_kept_whole() -> None:
    """A plain list loses nothing."""
    lines = ["Smith, J. (2001). Trees.", "Doe, J. (2002). Shrubs."]
    assert find_list(lines).end == 2
    assert find_list(lines).dropped == ()


def test_seed_essay_pasted_whole_gives_seventeen_references(essay_references: str) -> None:
    """The whole seed essay gives its 17 references and reports the footer."""
    from tests.refparse.conftest import ESSAY

    result = parse_reference_list(ESSAY.read_text(encoding="utf-8"))
    assert len(result.references) == 17
    assert result.references[-1].text.startswith("Visual Global Taskforce")
    assert any("Be the first to comment" in d.text for d in result.dropped)
