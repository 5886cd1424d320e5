"""Citations found in Pandoc Markdown."""

from __future__ import annotations

from pathlib import Path

from refkit.manuscript import ManuscriptKind, find_citations

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def keys(text: str) -> list[str]:
    return [item.key or "" for item in find_citations(text, ManuscriptKind.MARKDOWN)]


def test_bracketed_citations_split_at_semicolons() -> None:
    """[see @a, p. 3; @b] is two citations; the first has a prefix and a locator."""
    found = find_citations("Text [see @a, p. 3; @b].", "markdown")
    assert [(c.key, c.prenote, c.locator) for c in found] == [
        ("a", "see", "p. 3"),
        ("b", None, None),
    ]


def test_in_text_citation_with_locator_in_brackets() -> None:
    """@key [p. 33] is an in-text citation with a locator."""
    (found,) = find_citations("@smith04 [p. 33] says so.", "markdown")
    assert (found.key, found.locator, found.command) == ("smith04", "p. 33", "in-text")


def test_suppressed_author_and_braced_keys() -> None:
    """[-@key] suppresses the author; @{key with braces} keeps spaces in the key."""
    found = find_citations("[-@doe99] and @{Knuth: 1984}.", "markdown")
    assert [(c.key, c.suppress_author) for c in found] == [("doe99", True), ("Knuth: 1984", False)]


def test_trailing_punctuation_is_not_part_of_the_key() -> None:
    """@key. at the end of a sentence is the key without the full stop."""
    assert keys("As shown by @smith.2004, and by @jones:") == ["smith.2004", "jones"]


def test_email_addresses_are_not_citations() -> None:
    """An @ preceded by a letter or digit is an e-mail address."""
    assert keys("Mail someone@example.com or [me@example.org].") == []


def test_code_spans_and_blocks_are_skipped() -> None:
    """Inline code, fenced and indented code blocks hold no citations."""
    text = "`@a` x\n\n```\n@b\n```\n\n    @c\n\nand @d here"
    assert keys(text) == ["d"]


def test_fixture_finds_every_citation_in_order() -> None:
    """The notes.md fixture: front-matter nocite, bracketed, in-text, braced keys."""
    text = (FIXTURES / "notes.md").read_text(encoding="utf-8")
    found = find_citations(text, ManuscriptKind.MARKDOWN)
    assert [(c.key, c.line) for c in found] == [
        ("ctan", 4),
        ("knuth1984", 7),
        ("lamport1986", 8),
        ("mittelbach2004", 8),
        ("knuth1984", 10),
        ("missing key", 17),
    ]
