r"""Citations in LaTeX: the natbib and biblatex citation commands, and .aux/.bcf files.

Every command whose name contains ``cite`` takes keys (``\cite``, ``\citep``,
``\citet*``, ``\parencite``, ``\textcite``, ``\autocite``, ``\footcite``, ``\fullcite``,
``\citeauthor``, ``\Citet``, ...), as does ``\nocite`` (``\nocite{*}``: every entry).
Optional pre- and post-notes ``[see][p.~5]`` are kept; one optional argument is a
post-note.  Multicite commands (``\cites``, ``\parencites``, ``\textcites``, ...) take an
optional ``(pre)(post)`` pair and then several ``[pre][post]{keys}`` groups.  ``%``
comments, verbatim environments and ``\verb`` are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from refkit.bib.braces import BRACE
from refkit.core.spans import SourceMap
from refkit.manuscript.model import Citation, CitationStyle, blank, located

__all__ = [
    "bibliography_files",
    "find_aux_citations",
    "find_bcf_citations",
    "find_latex_citations",
    "latex_quotations",
    "strip_latex",
]

_COMMAND = re.compile(r"\\(?P<name>[A-Za-z]*[cC]ite[A-Za-z]*|nocite)(?![A-Za-z@])(?P<star>\*?)")
#: Commands with "cite" in their name that take no keys.
_NOT_CITATIONS = frozenset(
    {
        "citestyle",
        "citetext",
        "citation",
        "citeindextrue",
        "citeindexfalse",
        "citereset",
        "citesetup",
        "citetrackerfalse",
        "citetrackertrue",
        "bibcite",
        "citeurlfont",
        "citeleft",
        "citeright",
        "citepunct",
        "citemid",
        "citenumfont",
        "citedash",
        "citeform",
    }
)
_VERBATIM = re.compile(
    r"\\(?P<edge>begin|end)\{(?P<env>verbatim\*?|Verbatim\*?|lstlisting|minted|comment)\}"
)
_VERB = re.compile(r"\\verb\*?(?P<delim>[^A-Za-z\s*]).*?(?P=delim)")
_AUX_CITATION = re.compile(r"\\citation\{(?P<keys>[^}]*)\}")
#: Keys biblatex and friends write to the .aux for their own use.
_AUX_INTERNAL = frozenset({"biblatex-control"})
_BCF_CITEKEY = re.compile(r"<bcf:citekey\b[^>]*>(?P<key>[^<]*)</bcf:citekey>")
_LOCATOR = re.compile(r"\d|\b(?:pp?|pages?|ch(?:ap)?|chapter|sec(?:tion)?|para|fig|vol)\b", re.I)


def strip_latex(text: str) -> str:
    """The text with comments, verbatim environments and ``\\verb`` blanked (offsets kept)."""
    spans: list[tuple[int, int]] = []
    spans.extend(environments(text, _VERBATIM))
    for match in _VERB.finditer(text):
        spans.append((match.start(), match.end()))
    for start, end in _comments(text):
        spans.append((start, end))
    return blank(text, spans)


def environments(text: str, edges: re.Pattern[str]) -> list[tuple[int, int]]:
    """The spans from each ``\\begin{env}`` to the first ``\\end{env}`` after it, as a
    lazy ``\\begin{env}.*?\\end{env}`` search finds them, in linear time: ``edges``
    matches both, with groups ``edge`` (begin or end) and ``env``.  An environment that
    is never closed is no span; one inside another span is part of it."""
    marks = list(edges.finditer(text))
    # For each mark, the index of the next "end" of the same environment from there on.
    next_end: list[int | None] = [None] * len(marks)
    seen: dict[str, int] = {}
    for index in range(len(marks) - 1, -1, -1):
        mark = marks[index]
        if mark.group("edge") == "end":
            seen[mark.group("env")] = index
        next_end[index] = seen.get(mark.group("env"))
    spans: list[tuple[int, int]] = []
    covered = 0
    for index, mark in enumerate(marks):
        if mark.group("edge") != "begin" or mark.start() < covered:
            continue
        closing = next_end[index]
        if closing is not None:
            covered = marks[closing].end()
            spans.append((mark.start(), covered))
    return spans


def _comments(text: str) -> Iterator[tuple[int, int]]:
    covered = 0  # a "%" inside a comment starts none of its own
    for match in re.finditer(r"%", text):
        if match.start() < covered:
            continue
        backslashes = 0
        pos = match.start() - 1
        while pos >= 0 and text[pos] == "\\":
            backslashes += 1
            pos -= 1
        if backslashes % 2:
            continue
        end = text.find("\n", match.start())
        covered = len(text) if end == -1 else end
        yield match.start(), covered


@dataclass
class _Group:
    """One ``[pre][post]{keys}`` group of a citation command."""

    options: list[str]
    keys: str
    keys_start: int
    #: the ``[start, end)`` of each option's text
    option_spans: tuple[tuple[int, int], ...] = ()


def _skip_space(text: str, pos: int) -> int:
    """Past spaces and at most one line break (a blank line ends a command's arguments)."""
    breaks = 0
    while pos < len(text) and text[pos] in " \t\r\n":
        if text[pos] == "\n":
            breaks += 1
            if breaks > 1:
                break
        pos += 1
    return pos


class _Pairs:
    """The closer of every ``{``, ``[`` and ``(`` of one text, found in one pass.

    A brace closes as ``refkit.bib.braces.find_closer`` counts (not after a backslash).
    A bracket or parenthesis closes at the matching one of its kind at the same brace
    level, a backslash escaping the next character; it stays open when its brace group
    ends first.  Looking a closer up is then constant time, where a walk to the end of
    the text for each unclosed opener made ``\\cite{`` repeated quadratic.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.closers: dict[int, int] = {}
        braces: list[int] = []
        for mark in BRACE.finditer(text):
            if mark.group() == "{":
                braces.append(mark.start())
            elif braces:
                self.closers[braces.pop()] = mark.end()
        # One stack of open brackets per kind, per open brace group.
        levels: list[dict[str, list[int]]] = [{"[": [], "(": []}]
        for mark in _BRACKET_TOKEN.finditer(text):
            char = mark.group()
            if char == "{":
                levels.append({"[": [], "(": []})
            elif char == "}":
                if len(levels) > 1:
                    levels.pop()
            elif char in "[(":
                levels[-1][char].append(mark.start())
            elif char in "])":
                opened = levels[-1]["[" if char == "]" else "("]
                if opened:
                    self.closers[opened.pop()] = mark.end()

    def end(self, pos: int, opener: str) -> int | None:
        """The offset just past the group opened at ``pos``, or None when it is not closed."""
        if pos >= len(self.text) or self.text[pos] != opener:
            return None
        return self.closers.get(pos)


#: What the bracket pass sees: an escaped character, or a brace, bracket or parenthesis.
_BRACKET_TOKEN = re.compile(r"\\.|[{}\[\]()]", re.DOTALL)


def _options(pairs: _Pairs, pos: int, limit: int) -> tuple[list[tuple[int, int]], int]:
    """The spans of up to ``limit`` ``[...]`` options at ``pos``, and the offset after them."""
    spans: list[tuple[int, int]] = []
    while len(spans) < limit:
        probe = _skip_space(pairs.text, pos)
        end = pairs.end(probe, "[")
        if end is None:
            break
        spans.append((probe + 1, end - 1))
        pos = end
    return spans, pos


def _group(pairs: _Pairs, pos: int, limit: int = 2) -> tuple[_Group | None, int]:
    text = pairs.text
    spans, after = _options(pairs, pos, limit)
    probe = _skip_space(text, after)
    end = pairs.end(probe, "{")
    if end is None:
        return None, pos
    options = [text[start:stop] for start, stop in spans]
    return _Group(options, text[probe + 1 : end - 1], probe + 1, tuple(spans)), end


def _notes(options: list[str]) -> tuple[str | None, str | None]:
    if len(options) == 1:
        return None, options[0]
    if len(options) >= 2:
        return options[0] or None, options[1] or None
    return None, None


def find_latex_citations(text: str, source: SourceMap | None = None) -> list[Citation]:
    """Every key of every citation command, in text order."""
    source = source or SourceMap(text)
    cleaned = strip_latex(text)
    pairs = _Pairs(cleaned)
    found: list[Citation] = []
    for match in _COMMAND.finditer(cleaned):
        name = match.group("name")
        if name in _NOT_CITATIONS or name.startswith(("Declare", "Execute", "Save")):
            continue
        command = name + match.group("star")
        pos = match.end()
        groups: list[_Group] = []
        if name.endswith("cites") or name == "volcites":
            probe = _skip_space(cleaned, pos)
            for _ in range(2):  # the global (pre)(post) notes
                end = pairs.end(probe, "(")
                if end is None:
                    break
                pos = end
                probe = _skip_space(cleaned, pos)
            while True:
                group, after = _group(pairs, pos)
                if group is None:
                    break
                groups.append(group)
                pos = after
        elif "volcite" in name:
            pre, after = _options(pairs, pos, 1)
            volume, after = _group(pairs, after, 0)
            rest, after = _group(pairs, after, 1) if volume is not None else (None, pos)
            if volume is not None and rest is not None:
                page = rest.options[0] if rest.options else ""
                note = f"vol. {volume.keys}" + (f", {page}" if page else "")
                options = [cleaned[pre[0][0] : pre[0][1]], note] if pre else [note]
                spans = (*pre, *rest.option_spans)
                groups.append(_Group(options, rest.keys, rest.keys_start, spans))
                pos = after
        else:
            group, after = _group(pairs, pos)
            if group is not None:
                groups.append(group)
                pos = after
        for group in groups:
            prenote, postnote = _notes(group.options)
            offset = group.keys_start
            for piece in group.keys.split(","):
                key = piece.strip()
                start = offset + (len(piece) - len(piece.lstrip()))
                offset += len(piece) + 1
                if not key or "#" in key:  # empty, or a macro parameter (\newcommand)
                    continue
                citation = located(
                    source,
                    CitationStyle.KEY,
                    start,
                    start + len(key),
                    key=key,
                    command=command,
                    prenote=prenote,
                    locator=postnote if postnote and _LOCATOR.search(postnote) else None,
                    note_spans=group.option_spans,
                )
                found.append(citation)
    return found


_QUOTE_COMMAND = re.compile(r"\\(?:enquote|textquote|foreignquote\{[^{}]*\})\*?(?=\{)")
_QUOTE_ENV = re.compile(r"\\(?P<edge>begin|end)\{(?P<env>quote|quotation|displayquote)\}")


_BIBLIOGRAPHY = re.compile(
    r"\\(?:bibliography|addbibresource|addglobalbib|addsectionbib)\s*(?:\[[^\]]*\])?\s*"
    r"\{(?P<files>[^{}]*)\}"
)


def bibliography_files(text: str) -> list[str]:
    """The .bib files a LaTeX source names (``\\bibliography{a,b}``, ``\\addbibresource``)."""
    found: list[str] = []
    for match in _BIBLIOGRAPHY.finditer(strip_latex(text)):
        for name in match.group("files").split(","):
            name = name.strip()
            if name:
                found.append(name if name.lower().endswith(".bib") else name + ".bib")
    return list(dict.fromkeys(found))


def latex_quotations(text: str) -> list[tuple[int, int]]:
    """Spans of ``\\enquote{...}``-style quotations and quote environments."""
    spans = environments(text, _QUOTE_ENV)
    pairs = _Pairs(text)
    for match in _QUOTE_COMMAND.finditer(text):
        end = pairs.end(match.end(), "{")
        if end is not None:
            spans.append((match.end(), end))
    return spans


def find_aux_citations(text: str, path: str | None = None) -> list[Citation]:
    r"""The keys of the ``\citation{...}`` lines of a .aux file (what LaTeX resolved)."""
    source = SourceMap(text)
    found: list[Citation] = []
    for match in _AUX_CITATION.finditer(text):
        offset = match.start("keys")
        for piece in match.group("keys").split(","):
            key = piece.strip()
            start = offset + (len(piece) - len(piece.lstrip()))
            offset += len(piece) + 1
            if key and key not in _AUX_INTERNAL:
                found.append(
                    located(
                        source,
                        CitationStyle.KEY,
                        start,
                        start + len(key),
                        key=key,
                        command="citation",
                        path=path,
                    )
                )
    return found


def find_bcf_citations(text: str, path: str | None = None) -> list[Citation]:
    """The ``<bcf:citekey>`` keys of a biber control file (.bcf)."""
    source = SourceMap(text)
    found: list[Citation] = []
    for match in _BCF_CITEKEY.finditer(text):
        written = match.group("key")
        key = written.strip()
        if key:
            start = match.start("key") + (len(written) - len(written.lstrip()))
            found.append(
                located(
                    source,
                    CitationStyle.KEY,
                    start,
                    start + len(key),
                    key=key,
                    command="citekey",
                    path=path,
                )
            )
    return found
