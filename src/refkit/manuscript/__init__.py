"""``refkit cite-check``: a manuscript's citations against its bibliography.

``find_citations(text, kind)`` lists the citations of a LaTeX, Pandoc Markdown or
plain-prose (author-year) text; ``cite_check(manuscript, bib)`` resolves them against one
or more bibliographies and reports the RK9xx findings (``refkit.manuscript.rules``):
citations with no entry, entries never cited, author and year mismatches, ambiguous
citations, quotations without a locator and malformed citation punctuation.

Selection, severities and per-file ignores come from the same configuration as
``refkit check``; a ``refkit: ignore RK9xx -- reason`` comment in the manuscript silences
findings on its own line and the next.  LaTeX manuscripts also count the keys of the
``.aux`` and ``.bcf`` files beside them; with no ``--bib``, the command uses the files a
manuscript names (``\\bibliography``, ``\\addbibresource``, YAML ``bibliography``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from refkit.bib.io import read_input
from refkit.bib.model import Bibliography
from refkit.core.diagnostics import Diagnostic, sorted_diagnostics
from refkit.core.encoding import decode
from refkit.core.spans import SourceMap
from refkit.lint.checking import is_selected
from refkit.lint.config import Config
from refkit.manuscript.latex import bibliography_files as latex_bibliography_files
from refkit.manuscript.latex import (
    find_aux_citations,
    find_bcf_citations,
    find_latex_citations,
    latex_quotations,
    strip_latex,
)
from refkit.manuscript.markdown import bibliography_files as markdown_bibliography_files
from refkit.manuscript.markdown import blockquotes, find_markdown_citations, strip_code
from refkit.manuscript.matching import (
    EntryProfile,
    Resolution,
    Status,
    find_mentions,
    profiles,
    resolve,
)
from refkit.manuscript.model import (
    Citation,
    CitationStyle,
    ManuscriptKind,
    PunctuationProblem,
    blank,
)
from refkit.manuscript.prose import (
    paragraphs,
    punctuation_problems,
    quotations,
    references_start,
    scan_prose,
)
from refkit.manuscript.rules import CiteContext, CiteRule, ScannedManuscript, cite_rules

__all__ = [
    "Citation",
    "CitationStyle",
    "CiteRule",
    "Manuscript",
    "ManuscriptKind",
    "Resolution",
    "Status",
    "check_manuscripts",
    "cite_check",
    "cite_rules",
    "find_citations",
    "read_manuscript",
]


@dataclass(frozen=True)
class Manuscript:
    """A manuscript's text, kind, and the .aux/.bcf citations LaTeX left beside it."""

    text: str
    kind: ManuscriptKind
    path: str | None = None
    resolved: tuple[Citation, ...] = ()
    #: The .bib files the manuscript names (\\bibliography, \\addbibresource, YAML
    #: ``bibliography``), as paths relative to the working directory.
    bibliographies: tuple[str, ...] = ()


def find_citations(text: str, kind: ManuscriptKind | str) -> list[Citation]:
    """The citations of ``text`` read as LaTeX, Pandoc Markdown or author-year prose.

    Prose citations are the parenthetical and ``Name (Year)`` ones; narrative mentions
    need the bibliography's names and are found by ``cite_check``.
    """
    kind = ManuscriptKind(kind)
    source = SourceMap(text)
    if kind is ManuscriptKind.LATEX:
        return find_latex_citations(text, source)
    if kind is ManuscriptKind.MARKDOWN:
        return find_markdown_citations(text, source)
    return scan_prose(text, source).citations


def _read_text(path: Path, encoding: str | None) -> str:
    # bib's reader refuses a FIFO, a device (/dev/zero was read until memory ran out)
    # and a file over the size limit, with the one-line error .bib input gets.
    data, _stamp = read_input(str(path))
    return decode(data, encoding, str(path)).text


def read_manuscript(
    path: str | Path, kind: ManuscriptKind | str | None = None, encoding: str | None = None
) -> Manuscript:
    """Read a manuscript; for LaTeX also the .aux and .bcf files beside it, when present."""
    where = Path(path)
    text = _read_text(where, encoding)
    chosen = ManuscriptKind(kind) if kind is not None else ManuscriptKind.from_path(str(where))
    resolved: list[Citation] = []
    named: list[str] = []
    if chosen is ManuscriptKind.LATEX:
        named = latex_bibliography_files(text)
    elif chosen is ManuscriptKind.MARKDOWN:
        named = markdown_bibliography_files(text)
    bibliographies = tuple(str(where.parent / name) for name in named)
    if chosen is ManuscriptKind.LATEX:
        resolved.extend(_aux_citations(where.with_suffix(".aux"), encoding))
        bcf = where.with_suffix(".bcf")
        if bcf.is_file():
            resolved.extend(find_bcf_citations(_read_text(bcf, encoding), str(bcf)))
    return Manuscript(
        text=text,
        kind=chosen,
        path=str(path),
        resolved=tuple(resolved),
        bibliographies=bibliographies,
    )


_AUX_INPUT = re.compile(r"\\@input\{(?P<file>[^{}]+)\}")


def _aux_citations(aux: Path, encoding: str | None) -> list[Citation]:
    """The \\citation keys of a .aux file and of the chapter .aux files it \\@inputs."""
    found: list[Citation] = []
    pending = [aux]
    seen: set[Path] = set()
    while pending:
        current = pending.pop(0)
        if current in seen or not current.is_file():
            continue
        seen.add(current)
        text = _read_text(current, encoding)
        found.extend(find_aux_citations(text, str(current)))
        pending.extend(aux.parent / match.group("file") for match in _AUX_INPUT.finditer(text))
    return found


def _scan(manuscript: Manuscript, entries: Sequence[EntryProfile]) -> ScannedManuscript:
    text = manuscript.text
    source = SourceMap(text)
    scanned = ScannedManuscript(manuscript.path, text, manuscript.kind, source)
    if manuscript.kind is ManuscriptKind.LATEX:
        citations = find_latex_citations(text, source)
        searchable = strip_latex(text)
    elif manuscript.kind is ManuscriptKind.MARKDOWN:
        citations = find_markdown_citations(text, source)
        searchable = strip_code(text)
    else:
        prose = scan_prose(text, source)
        citations = prose.citations
        scanned.problems = prose.problems
        scanned.locators = prose.locators
        cut = references_start(text)
        searchable = blank(text, [(cut, len(text))]) if cut is not None else text
    if manuscript.kind is not ManuscriptKind.PROSE:
        scanned.problems = _note_problems(searchable, citations, manuscript.kind)
    in_text = {citation.key for citation in citations if citation.key is not None}
    extra = [item for item in manuscript.resolved if item.key not in in_text]
    extra = list({item.key: item for item in extra}.values())
    scanned.resolutions = [
        resolution
        for resolution in resolve([*citations, *extra], entries)
        if not _is_stray_abbreviation(resolution)
    ]
    if manuscript.kind is ManuscriptKind.PROSE:
        hidden = blank(searchable, [(item.start, item.end) for item in citations])
        scanned.resolutions.extend(find_mentions(hidden, source, entries))
        scanned.resolutions.sort(key=lambda item: (item.citation.path or "", item.citation.start))
    scanned.quotations = quotations(searchable)
    if manuscript.kind is ManuscriptKind.LATEX:
        scanned.quotations = sorted([*scanned.quotations, *latex_quotations(searchable)])
    elif manuscript.kind is ManuscriptKind.MARKDOWN:
        scanned.quotations = sorted([*scanned.quotations, *blockquotes(searchable)])
    scanned.paragraphs = paragraphs(searchable)
    return scanned


def _note_problems(
    searchable: str, citations: Sequence[Citation], kind: ManuscriptKind
) -> list[PunctuationProblem]:
    """Malformed punctuation in the notes of LaTeX and Pandoc citations ("p.10",
    "et al" without its stop), each note once however many keys share it."""
    if kind is ManuscriptKind.LATEX:
        # a tie is LaTeX's non-breaking space ("p.~10", "S.~10,~12")
        searchable = searchable.replace("~", " ")
    spans = sorted({span for citation in citations for span in citation.note_spans})
    problems: list[PunctuationProblem] = []
    for start, end in spans:
        problems.extend(punctuation_problems(searchable, start, end))
    return problems


_SUPPRESSION = re.compile(r"refkit:[ \t]*ignore\b(?P<codes>[^\n]*)")
_CODE = re.compile(r"\bRK\d{1,3}\b|\b[a-z]+(?:-[a-z0-9]+)+\b")


def suppressions(text: str) -> dict[int, set[str] | None]:
    """Line to the codes silenced there by a ``refkit: ignore RK906 -- reason`` comment
    (``%`` in LaTeX, ``<!-- -->`` in Markdown) on that line or the line above; None: all."""
    found: dict[int, set[str] | None] = {}
    source = SourceMap(text)
    for match in _SUPPRESSION.finditer(text):
        line, _ = source.line_col(match.start())
        listed = match.group("codes").split("--")[0]
        codes = {code.upper() if code.startswith("RK") else code for code in _CODE.findall(listed)}
        for target in (line, line + 1):
            if not codes:
                found[target] = None
            elif target not in found or found[target] is not None:
                found[target] = (found.get(target) or set()) | codes
    return found


def _suppressed(diagnostic: Diagnostic, silenced: dict[str, dict[int, set[str] | None]]) -> bool:
    lines = silenced.get(diagnostic.path or "")
    if not lines or diagnostic.line not in lines:
        return False
    codes = lines[diagnostic.line]
    return codes is None or diagnostic.code in codes or diagnostic.name in codes


def _is_stray_abbreviation(resolution: Resolution) -> bool:
    """A yearless one-word group like ``(NATO).`` that names no entry is an abbreviation,
    not a citation."""
    citation = resolution.citation
    return (
        resolution.status is Status.MISSING
        and citation.style is CitationStyle.AUTHOR_YEAR
        and citation.year is None
        and len((citation.author or "").split()) == 1
    )


def check_manuscripts(
    manuscripts: Sequence[Manuscript],
    bibliographies: Sequence[Bibliography],
    config: Config | None = None,
) -> list[Diagnostic]:
    """The RK9xx findings of several manuscripts cited against the same bibliographies.

    An entry counts as cited when any of the manuscripts cites it.
    """
    config = config or Config()
    entries = profiles(bibliographies)
    context = CiteContext(
        manuscripts=[_scan(item, entries) for item in manuscripts],
        entries=entries,
        options=dict(config.options),
    )
    select = config.select + config.extend_select
    silenced = {item.path: suppressions(item.text) for item in manuscripts if item.path is not None}
    found: list[Diagnostic] = []
    for rule in cite_rules():
        if not is_selected(rule, select, config.ignore):
            continue
        for diagnostic in rule.check(context):
            if diagnostic.path is not None and not is_selected(
                rule, select, config.ignored_for(diagnostic.path)
            ):
                continue
            if _suppressed(diagnostic, silenced):
                continue
            override = config.severity.get(diagnostic.code) or config.severity.get(diagnostic.name)
            found.append(diagnostic.with_severity(override) if override else diagnostic)
    return sorted_diagnostics(found)


def cite_check(
    manuscript: str | Path | Manuscript,
    bib: Bibliography | Sequence[Bibliography],
    *,
    kind: ManuscriptKind | str | None = None,
    config: Config | None = None,
    encoding: str | None = None,
) -> list[Diagnostic]:
    """The RK9xx findings of one manuscript (a path, or a ``Manuscript``) against ``bib``."""
    if not isinstance(manuscript, Manuscript):
        manuscript = read_manuscript(manuscript, kind, encoding)
    bibliographies = [bib] if isinstance(bib, Bibliography) else list(bib)
    return check_manuscripts([manuscript], bibliographies, config)
