"""Splitting pasted reference lists into reference strings."""

from __future__ import annotations

from refkit.refparse import split_references


def test_numbered_brackets_start_new_references_and_wrapped_lines_join() -> None:
    """Lines starting "[n]" start a reference; the lines after them continue it."""
    text = "[1] Smith, J. 2001. A title.\n    Journal 3: 1-2.\n[2] Doe, K. 2002. Another.\n"
    assert split_references(text) == [
        "[1] Smith, J. 2001. A title. Journal 3: 1-2.",
        "[2] Doe, K. 2002. Another.",
    ]


def test_numbered_with_dots_keeps_the_number_in_the_text() -> None:
    """ "1." markers split the list and stay in the reference text as citation numbers."""
    text = "1. Smith, J. (2001). A title. Journal, 3, 1-2.\n2. Doe, K. (2002). Another.\n"
    assert split_references(text) == [
        "1. Smith, J. (2001). A title. Journal, 3, 1-2.",
        "2. Doe, K. (2002). Another.",
    ]


def test_bulleted_list_drops_the_bullets() -> None:
    """Each bullet starts a reference and the bullet character is removed."""
    text = "- Smith, J. (2001). A title.\n  Journal, 3.\n• Doe, K. (2002). Another.\n"
    assert split_references(text) == [
        "Smith, J. (2001). A title. Journal, 3.",
        "Doe, K. (2002). Another.",
    ]


def test_hanging_indent_continuation_lines_join_their_reference() -> None:
    """Indented lines continue the reference started by the unindented line above."""
    text = (
        "Smith, J. (2001). A rather long title that wraps\n"
        "    onto a second line. Journal, 3, 1-2.\n"
        "Doe, K. (2002). Another title.\n"
        "    Publisher.\n"
    )
    assert split_references(text) == [
        "Smith, J. (2001). A rather long title that wraps onto a second line. Journal, 3, 1-2.",
        "Doe, K. (2002). Another title. Publisher.",
    ]


def test_blank_line_separated_blocks_are_one_reference_each() -> None:
    """With blank lines between entries, each block is one reference, wraps joined."""
    text = "Smith, J. (2001). A title\nthat wraps. Journal.\n\nDoe, K. (2002). Another.\n"
    assert split_references(text) == [
        "Smith, J. (2001). A title that wraps. Journal.",
        "Doe, K. (2002). Another.",
    ]


def test_one_reference_per_line_stays_one_per_line() -> None:
    """A file with one complete reference per line yields one reference per line."""
    lines = [
        "Smith, J. (2001). A title. Journal, 3, 1-2.",
        "Doe, K. (2002). Another title. Publisher.",
        "Roe, L. (2003). Third title. Other Journal, 4, 5-6.",
    ]
    assert split_references("\n".join(lines) + "\n") == lines


def test_forced_one_per_line_never_joins_lines() -> None:
    """one_per_line=True keeps every non-empty line separate, even apparent wraps."""
    text = "Smith, J. and\nlower case start.\n"
    assert split_references(text, one_per_line=True) == ["Smith, J. and", "lower case start."]


def test_references_heading_is_dropped() -> None:
    """A "References" heading line is not a reference."""
    assert split_references("References\n\nSmith, J. 2001. Title.\n") == ["Smith, J. 2001. Title."]


def test_hyphenated_line_break_is_rejoined() -> None:
    """A word broken with a hyphen at the end of a wrapped line is put back together."""
    text = "[1] Smith, J. 2001. Infor-\n    mation retrieval.\n[2] Doe, K. 2002. X.\n"
    assert split_references(text)[0] == "[1] Smith, J. 2001. Information retrieval."


def test_empty_text_has_no_references() -> None:
    """Whitespace-only input yields no references."""
    assert split_references("  \n\n \n") == []


def test_a_whole_document_is_cut_at_its_reference_list_heading() -> None:
    """Text before the last 'References' heading (markup allowed) is not imported."""
    from refkit.refparse import split_references

    text = (
        "An essay paragraph that cites (Smith, 2001).\n\n"
        "Another paragraph.\n\n"
        "[toggle title=”References” state=”open”]\n\n"
        "Smith, J. (2001) A title. Publisher.\n\n"
        "Jones, K. (2003) Another title. Journal 4: 1-2.\n"
    )
    assert split_references(text) == [
        "Smith, J. (2001) A title. Publisher.",
        "Jones, K. (2003) Another title. Journal 4: 1-2.",
    ]


def test_a_reference_mentioning_references_is_not_a_heading() -> None:
    """A reference line naming 'references' with a year is kept, not treated as a heading."""
    from refkit.refparse import split_references

    text = "Smith, J. (2001) Cross references in 2001. Publisher.\nJones, K. (2003) T. J 4.\n"
    assert len(split_references(text)) == 2
