"""Citations in Pandoc Markdown: ``[@key]``, ``[see @a, p. 3; @b]``, ``@key``, ``[-@key]``.

Follows Pandoc's citation syntax: a key is ``@`` followed by letters, digits and ``_``,
with internal punctuation (``:.#$%&-+?<>~/``) allowed between them, or any text in
braces (``@{key with braces}``).  An ``@`` preceded by a letter, digit, ``.`` or ``\\``
starts no citation (e-mail addresses); code spans, fenced and indented code blocks are
skipped.  The ``nocite`` field of a YAML front matter block counts as citing.
"""

from __future__ import annotations

import re

from refkit.core.spans import SourceMap
from refkit.manuscript.model import Citation, CitationStyle, blank, located

__all__ = ["bibliography_files", "blockquotes", "find_markdown_citations", "strip_code"]

_FENCE = re.compile(
    # The whole run of fence characters (no backtracking into it: on a line of them with
    # no line break after, trying every shorter fence was quadratic).
    r"^(?P<indent>[ ]{0,3})(?P<fence>`{3,}(?!`)|~{3,}(?!~))[^\n]*\n.*?"
    r"(?:^(?P=indent)?[ ]{0,3}(?P=fence)[`~]*[ \t]*$|\Z)",
    re.MULTILINE | re.DOTALL,
)
_CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?!`).*?(?<!`)(?P=ticks)(?!`)", re.DOTALL)
_INDENTED = re.compile(r"(?:(?<=\n\n)|\A)(?:(?:[ ]{4}|\t)[^\n]*(?:\n|\Z))+")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_NOCITE = re.compile(r"^nocite:[^\n]*(?:\n[ \t]+[^\n]*)*", re.MULTILINE)
_KEY = re.compile(
    r"(?<![\w.\\@])(?P<minus>-?)@(?:\{(?P<braced>[^{}\n]+)\}|(?P<plain>[\w][\w:.#$%&+?<>~/-]*))"
)
_BRACKET = re.compile(r"(?<![\\!])\[(?P<body>[^\[\]]*@[^\[\]]*)\](?![(\[:])")
_SUFFIX = re.compile(r"\s?\[(?P<body>[^\[\]@]*)\]")
_LOCATOR = re.compile(
    r"\b(?:pp?|pages?|ch(?:ap)?|chapters?|sec(?:tion)?|para|fig|vol|§)\b\.?\s*\d|^\s*,?\s*\d",
    re.I,
)


_BIBLIOGRAPHY_FIELD = re.compile(
    r"^bibliography:[ \t]*(?P<inline>[^\n]*)(?P<items>(?:\n[ \t]*-[ \t]*[^\n]+)*)", re.MULTILINE
)


def bibliography_files(text: str) -> list[str]:
    """The files of the ``bibliography`` field of the YAML front matter."""
    front = _FRONT_MATTER.match(text)
    if front is None:
        return []
    found: list[str] = []
    for match in _BIBLIOGRAPHY_FIELD.finditer(front.group("body")):
        inline = match.group("inline").strip().strip("[]")
        pieces = inline.split(",") if inline else []
        pieces += re.findall(r"-[ \t]*([^\n]+)", match.group("items"))
        found.extend(piece.strip().strip("'\"") for piece in pieces if piece.strip())
    return found


_BLOCKQUOTE = re.compile(r"(?:^[ ]{0,3}>[^\n]*(?:\n|\Z))+", re.MULTILINE)


def blockquotes(text: str) -> list[tuple[int, int]]:
    """Spans of ``>`` block quotations (direct quotations set off from the text)."""
    return [(match.start(), match.end()) for match in _BLOCKQUOTE.finditer(text)]


def _trim_key(key: str) -> str:
    while key and not (key[-1].isalnum() or key[-1] == "_"):
        key = key[:-1]
    return key


def strip_code(text: str) -> str:
    """The text with code blocks and code spans blanked (offsets kept)."""
    spans: list[tuple[int, int]] = [(m.start(), m.end()) for m in _FENCE.finditer(text)]
    text = blank(text, spans)
    spans = [(m.start(), m.end()) for m in _INDENTED.finditer(text) if m.group().strip()]
    text = blank(text, spans)
    spans = [(m.start(), m.end()) for m in _CODE_SPAN.finditer(text)]
    return blank(text, spans)


def find_markdown_citations(text: str, source: SourceMap | None = None) -> list[Citation]:
    """Every citation key, bracketed or in running text, in text order."""
    source = source or SourceMap(text)
    front = _FRONT_MATTER.match(text)
    found: list[Citation] = []
    cleaned = text
    if front is not None:
        for block in _NOCITE.finditer(front.group("body")):
            base = front.start("body") + block.start()
            for match in _KEY.finditer(block.group()):
                found.extend(_citation(source, match, base, command="nocite"))
        cleaned = blank(text, [(0, front.end())])
    cleaned = strip_code(cleaned)
    taken: list[tuple[int, int]] = []
    for bracket in _BRACKET.finditer(cleaned):
        body_start = bracket.start("body")
        for item in re.finditer(r"[^;]+", bracket.group("body")):
            keys = list(_KEY.finditer(item.group()))
            if not keys:
                continue
            first = keys[0]
            prefix = item.group()[: first.start()].strip() or None
            after = item.group()[keys[-1].end() :]
            suffix = after.strip().lstrip(",").strip() or None
            item_start = body_start + item.start()
            item_notes = (
                (item_start, item_start + first.start()),
                (item_start + keys[-1].end(), item_start + len(item.group())),
            )
            for match in keys:
                found.extend(
                    _citation(
                        source,
                        match,
                        body_start + item.start(),
                        command="bracketed",
                        prenote=prefix,
                        locator=suffix if suffix and _LOCATOR.search(suffix) else None,
                        note_spans=item_notes,
                    )
                )
        taken.append((bracket.start(), bracket.end()))
    for match in _KEY.finditer(blank(cleaned, taken)):
        locator = None
        notes: tuple[tuple[int, int], ...] = ()
        bracket_after = _SUFFIX.match(cleaned, match.end())
        if bracket_after is not None and _LOCATOR.search(bracket_after.group("body")):
            locator = bracket_after.group("body").strip()
            notes = ((bracket_after.start("body"), bracket_after.end("body")),)
        found.extend(
            _citation(source, match, 0, command="in-text", locator=locator, note_spans=notes)
        )
    return sorted(found, key=lambda item: item.start)


def _citation(
    source: SourceMap,
    match: re.Match[str],
    base: int,
    *,
    command: str,
    prenote: str | None = None,
    locator: str | None = None,
    note_spans: tuple[tuple[int, int], ...] = (),
) -> list[Citation]:
    if match.group("braced") is not None:
        key = match.group("braced").strip()
        start = base + match.start("braced")
    else:
        key = _trim_key(match.group("plain"))
        start = base + match.start("plain")
    if not key:
        return []
    return [
        located(
            source,
            CitationStyle.KEY,
            start,
            start + len(key),
            key=key,
            command=command,
            prenote=prenote,
            locator=locator,
            suppress_author=bool(match.group("minus")),
            note_spans=note_spans,
        )
    ]
