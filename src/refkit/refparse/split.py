"""Split a pasted reference list into reference strings.

Handles numbered lists ("[1]", "1.", "(1)", "1)"), bulleted lists (the bullet is
dropped), hanging indents (continuation lines indented), blank-line separated
entries (each block one reference, wrapped lines joined) and one reference per
line.  A "References"/"Bibliography" heading line is dropped.
"""

from __future__ import annotations

import re

from refkit.refparse.listend import ListBounds, find_list

_NUMBERED_RE = re.compile(r"^\s*(?:\[\d{1,4}[a-z]?\]|\(\d{1,3}\)|\d{1,3}[.)])\s+\S")
_BULLET_RE = re.compile(r"^\s*([-*•‣◦▪–—·])\s+(?=\S)")
_HEADING_RE = re.compile(
    r"^\s*(?:references?|bibliography|works cited|literature( cited)?|sources|"
    r"further reading|literatur|bibliographie|références)\s*:?\s*$",
    re.I,
)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _join(lines: list[str]) -> str:
    out = ""
    for line in lines:
        s = line.strip()
        if not s:
            continue
        if not out:
            out = s
        elif out.endswith("-") and out[-2:-1].isalpha() and s[:1].islower():
            out = out[:-1] + s  # de-hyphenate "infor-\nmation"
        elif out.endswith("-") and out[-2:-1].isalpha() and s[:1].isupper():
            out = out + s  # "Technology-\nFacilitated"
        else:
            out = out + " " + s
    return out


def _split_on_markers(lines: list[str], marker: re.Pattern[str]) -> list[list[str]]:
    groups: list[list[str]] = []
    for line in lines:
        if marker.match(line) or not groups:
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def _split_block(lines: list[str], blank_separated: bool) -> list[list[str]]:
    """Split the lines of one block (no blank lines inside) into references."""
    if len(lines) == 1:
        return [lines]
    numbered = sum(1 for ln in lines if _NUMBERED_RE.match(ln))
    if numbered >= 2 and _NUMBERED_RE.match(lines[0]):
        return _split_on_markers(lines, _NUMBERED_RE)
    bulleted = sum(1 for ln in lines if _BULLET_RE.match(ln))
    if bulleted >= 2 and _BULLET_RE.match(lines[0]):
        return _split_on_markers(lines, _BULLET_RE)
    indents = [_indent(ln) for ln in lines]
    base = min(indents)
    if indents[0] == base and any(i > base for i in indents):
        # hanging indent: a line at the base indentation starts a reference
        groups: list[list[str]] = []
        for line, ind in zip(lines, indents, strict=False):
            if ind == base or not groups:
                groups.append([line])
            else:
                groups[-1].append(line)
        return groups
    if indents[0] > base and sum(1 for i in indents if i > base) < len(lines) / 2:
        # first-line indent: an indented line starts a reference
        groups = []
        for line, ind in zip(lines, indents, strict=False):
            if ind > base or not groups:
                groups.append([line])
            else:
                groups[-1].append(line)
        return groups
    if blank_separated:
        return [lines]
    # one reference per line, except obvious wraps
    groups = []
    for line in lines:
        s = line.strip()
        prev = groups[-1][-1].rstrip() if groups else ""
        wrapped = bool(groups) and (
            (
                prev.endswith(("-", "–", ",", "&", " and", "(", " in", " of", " the"))
                and not prev.endswith((" -", " –"))
            )
            or (s[:1].islower() and not s.startswith(("http", "www", "van ", "von ", "de ")))
        )
        if wrapped:
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _strip_bullet(text: str) -> str:
    return _BULLET_RE.sub("", text, count=1)


def split_references(text: str, *, one_per_line: bool | None = None) -> list[str]:
    """Split pasted text into reference strings (whitespace inside each collapsed).

    Only the reference list is split: what comes before its heading and after its
    end (see :mod:`refkit.refparse.listend`) is left out; :func:`split_list` also
    says what was left out.  ``one_per_line=True`` forces one reference per
    non-empty line.
    """
    return split_list(text, one_per_line=one_per_line)[0]


def split_list(text: str, *, one_per_line: bool | None = None) -> tuple[list[str], ListBounds]:
    """The reference strings of pasted text and the bounds of the list in it."""
    all_lines = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4).split("\n")
    bounds = find_list(all_lines)
    return _split_lines(all_lines[bounds.start : bounds.end], one_per_line), bounds


def _split_lines(raw_lines: list[str], one_per_line: bool | None) -> list[str]:
    lines = [ln for ln in raw_lines if not _HEADING_RE.match(ln)]
    if one_per_line:
        return [" ".join(_strip_bullet(ln).split()) for ln in lines if ln.strip()]
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    blank_separated = len(blocks) >= 2
    refs: list[str] = []
    for block in blocks:
        for group in _split_block(block, blank_separated):
            joined = _join(group)
            joined = _strip_bullet(joined)
            joined = " ".join(joined.split())
            if joined:
                refs.append(joined)
    return refs
