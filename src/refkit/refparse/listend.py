"""Where a reference list starts and ends inside pasted text, and what is left out.

A list pasted from a web page or a document brings its surroundings: the essay
before the "References" heading (or a ``[toggle title="References"]`` shortcode),
and after the list a comment form ("Be the first to comment", "Leave a Reply",
"Your email address will not be published"), share buttons, navigation, an
"About the author" box, a footer or an appendix.  The list is the lines between;
the rest is returned as :class:`DroppedText` with its line numbers, so a caller
reports it instead of losing it or importing it as references.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["DroppedText", "ListBounds", "find_list"]

# A heading line of the reference list inside a longer document, markup allowed:
# "## References", "\\section*{Bibliography}", "<h2>Works cited</h2>", or a
# blog shortcode such as '[toggle title="References" state="open"]'.
_LIST_HEADING_RE = re.compile(
    r"\b(?:references|bibliography|works cited|literature cited|reference list|"
    r"literaturverzeichnis|literatur|bibliographie|références|referencias|bibliografía|"
    r"bibliografia|riferimenti bibliografici|sources cited)\b",
    re.I,
)
_YEAR_RE = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
# What follows a list on a web page or in a document: each pattern matches a whole
# line (markup allowed around it).
_AFTER_LIST = (
    r"be the first to comment",
    r"leave a (?:reply|comment|response)",
    r"your email address will not be published.*",
    r"required fields are marked.*",
    r"(?:post|submit) (?:a )?comment",
    r"cancel reply",
    r"\d+ (?:comments?|responses?|replies)",
    r"comments?(?: \(\d+\))?",
    r"share (?:this|on \w+).*",
    r"click to (?:share|print|email).*",
    r"like this:?",
    r"related(?: posts?| articles?)?:?",
    r"you (?:may|might) also like.*",
    r"about the authors?:?.*",
    r"(?:posted|filed) (?:in|under):? .*",
    r"tags?: .*",
    r"(?:previous|next|older|newer) (?:post|article|entry).*",
    r"(?:©|copyright|\(c\)) .*",
    r"all rights reserved.*",
    r"(?:subscribe|sign up)\b.*",
    r"(?:privacy policy|terms of (?:use|service)|cookie policy).*",
    r"back to top",
    r"skip to (?:content|main content)",
    r"(?:appendix|appendices|anhang|annexe?s?|anexo)\b.{0,60}",
    r"\[/toggle\]",
    r"(?:footnotes|endnotes)",
    r"print (?:this )?(?:page|article)",
)
_AFTER_LIST_RE = re.compile(
    r"^\s*(?:[#*>\-=]+\s*|<[^>]+>\s*)*(?:" + "|".join(_AFTER_LIST) + r")\s*(?:<[^>]+>\s*)*$",
    re.I,
)


@dataclass(frozen=True)
class DroppedText:
    """Lines of the input that are not part of the reference list (1-based, inclusive)."""

    first_line: int
    last_line: int
    text: str
    reason: str


@dataclass(frozen=True)
class ListBounds:
    """The reference list's lines ``[start, end)`` (0-based) and what lies outside."""

    start: int
    end: int
    dropped: tuple[DroppedText, ...]


def _is_heading(line: str) -> bool:
    stripped = line.strip()
    return (
        bool(stripped)
        and len(stripped) <= 80
        and bool(_LIST_HEADING_RE.search(stripped))
        and not _YEAR_RE.search(stripped)
    )


def list_start(lines: Sequence[str]) -> int:
    """Index of the first line after the last reference-list heading (0 when none).

    Pasting a whole document (an essay ending in its list) should import the list,
    not the essay's paragraphs.  A heading is a short line naming the list, with no
    year, and with something after it.
    """
    start = 0
    for index, line in enumerate(lines):
        if index + 1 < len(lines) and _is_heading(line):
            start = index + 1
    return start


def _looks_like_reference(line: str) -> bool:
    """A line that could be (part of) a reference: a year, a URL or DOI, an
    "Available at", or a few capitalised words with a separator."""
    s = line.strip()
    if _YEAR_RE.search(s) or re.search(r"https?://|www\.|\b10\.\d{4,}/|\bdoi\b", s, re.I):
        return True
    if re.search(r"\b(?:available|retrieved|accessed)\b", s, re.I):
        return True
    words = s.split()
    capitals = sum(1 for w in words if w[:1].isupper())
    return len(words) >= 4 and capitals >= 2 and bool(re.search(r"[,.:;]", s))


def _block(lines: Sequence[str], a: int, b: int, reason: str) -> DroppedText:
    return DroppedText(a + 1, b, "\n".join(lines[a:b]).strip("\n"), reason)


def find_list(lines: Sequence[str]) -> ListBounds:
    """The bounds of the reference list in ``lines`` and the text left out."""
    dropped: list[DroppedText] = []
    start = list_start(lines)
    if start and any(ln.strip() for ln in lines[: start - 1]):
        dropped.append(_block(lines, 0, start, "before the reference-list heading"))
    end = len(lines)
    for index in range(start, len(lines)):
        if _AFTER_LIST_RE.match(lines[index]):
            end = index
            break
    # Short trailing lines that do not read as references (a signature, a button).
    last = end
    while last > start:
        line = lines[last - 1]
        if line.strip() and (
            _looks_like_reference(line) or re.search(r"[,.;:]", line) or len(line.split()) > 12
        ):
            break
        last -= 1
    while last < end and not lines[last].strip():
        last += 1
    if end < len(lines) and any(ln.strip() for ln in lines[end:]):
        if last < end and any(ln.strip() for ln in lines[last:end]):
            end = last
        dropped.append(_block(lines, end, len(lines), "after the reference list"))
    elif last < end and any(ln.strip() for ln in lines[last:end]):
        dropped.append(_block(lines, last, end, "after the reference list"))
        end = last
    return ListBounds(start, end, tuple(dropped))
