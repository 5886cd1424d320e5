"""Diagnostics out: text for people, JSON/SARIF/GitHub annotations for CI.

The JSON form is a versioned contract (``JSON_SCHEMA_VERSION``)::

    {"version": "1.0", "tool": "refkit", "tool_version": "...",
     "diagnostics": [{code, name, severity, message, path, line, column, end_line,
                      end_column, entry_key, field, fix: {description, safe, edits} | null}],
     "summary": {"files": N, "diagnostics": N, "errors": N, "warnings": N, "infos": N,
                 "fixable": N, "fixable_unsafe": N, "by_code": {code: N}}}

Each edit is ``{action, entry_key, field, value}``; ``action`` is an ``EditKind`` value:
``set-field`` (``value`` is the new content, written in the field's braces or quotes),
``set-raw`` (``value`` is the whole expression as written, e.g. ``sep`` or ``{9}``),
``add-field``, ``remove-field``, ``rename-field`` (``value`` is the new name),
``rename-key`` and ``set-type``.
"""

from __future__ import annotations

import enum
import io
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from refkit.core.diagnostics import JSON_SCHEMA_VERSION, Diagnostic, Severity, sorted_diagnostics
from refkit.core.version import VERSION
from refkit.lint.jsontext import diagnostic_json, dumps_indented

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_COLOURS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}


class ReportFormat(enum.Enum):
    """How findings are written (``--format``); not a rendering format of cite."""

    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"


class Tally:
    """Counts of diagnostics seen so far, for the summary of a streamed report."""

    def __init__(self) -> None:
        self.files = 0
        self.levels: Counter[Severity] = Counter()
        self.codes: Counter[str] = Counter()
        #: Fixes ``fix`` applies as is, and those it applies only with ``--unsafe``.
        self.fixable = 0
        self.unsafe = 0

    def add(self, diagnostics: Iterable[Diagnostic]) -> None:
        for item in diagnostics:
            self.levels[item.severity] += 1
            self.codes[item.code] += 1
            if item.fix is not None and item.fix.safe:
                self.fixable += 1
            elif item.fix is not None:
                self.unsafe += 1

    @property
    def total(self) -> int:
        return sum(self.levels.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "diagnostics": self.total,
            "errors": self.levels[Severity.ERROR],
            "warnings": self.levels[Severity.WARNING],
            "infos": self.levels[Severity.INFO],
            "fixable": self.fixable,
            "fixable_unsafe": self.unsafe,
            "by_code": dict(sorted(self.codes.items())),
        }

    def line(self) -> str:
        levels = ", ".join(
            _count(self.levels[level], noun)
            for level, noun in (
                (Severity.ERROR, "error"),
                (Severity.WARNING, "warning"),
                (Severity.INFO, "info"),
            )
        )
        text = (
            f"{_count(self.total, 'problem')} ({levels}) in {_count(self.files, 'file')}; "
            f"{self.fixable} fixable"
        )
        if self.unsafe:
            text += f", {self.unsafe} more fixable with --unsafe"
        return text


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def summary(diagnostics: Sequence[Diagnostic], files: int) -> dict[str, Any]:
    tally = Tally()
    tally.add(diagnostics)
    tally.files = files
    return tally.as_dict()


def _location(item: Diagnostic) -> str:
    where = item.path or "<string>"
    if item.line is not None:
        where += f":{item.line}"
        if item.column is not None:
            where += f":{item.column}"
    return where


class ReportWriter:
    """Writes a report file by file, so a run over many files holds one file's findings.

    ``write(diagnostics, source)`` takes the findings of one file (``source``: its text,
    for excerpts); ``close(files)`` ends the document.  Files should come in path order:
    each file's findings are sorted, the files are not re-ordered.
    """

    def __init__(
        self,
        output: ReportFormat,
        stream: TextIO,
        *,
        colour: bool = False,
        excerpts: bool = False,
        rules: Mapping[str, tuple[str, str, str]] | None = None,
    ) -> None:
        self.output = output
        self.stream = stream
        self.colour = colour
        self.excerpts = excerpts
        self.tally = Tally()
        #: SARIF rule descriptions in index order; codes not given are added when seen.
        given = dict(rules or {})
        self._rules = {code: given[code] for code in sorted(given)}
        self._rule_index = {code: index for index, code in enumerate(self._rules)}
        self._written = 0
        if output is ReportFormat.JSON:

            stream.write(
                "{\n"
                f'  "version": {json.dumps(JSON_SCHEMA_VERSION)},\n'
                '  "tool": "refkit",\n'
                f'  "tool_version": {json.dumps(VERSION)},\n'
                '  "diagnostics": ['
            )
        elif output is ReportFormat.SARIF:
            # Results come before the tool's rule list (JSON objects are unordered), so
            # rules first seen in the findings can still be listed.
            stream.write(
                "{\n"
                f'  "$schema": {json.dumps(SARIF_SCHEMA)},\n'
                '  "version": "2.1.0",\n'
                '  "runs": [\n'
                "    {\n"
                '      "results": ['
            )

    def write(self, diagnostics: Sequence[Diagnostic], source: str | None = None) -> None:
        ordered = sorted_diagnostics(diagnostics)
        self.tally.add(ordered)
        if self.output is ReportFormat.JSON:
            self._texts([diagnostic_json(item, "    ") for item in ordered], "    ")
        elif self.output is ReportFormat.SARIF:
            self._texts(
                [dumps_indented(self._sarif_result(item), "        ") for item in ordered],
                "        ",
            )
        elif self.output is ReportFormat.GITHUB:
            self.stream.writelines(_github_line(item) + "\n" for item in ordered)
        else:
            self._text(ordered, source)

    def close(self, files: int) -> None:
        self.tally.files = files
        if self.output is ReportFormat.JSON:
            self._end_items("  ")
            body = json.dumps(self.tally.as_dict(), indent=2, ensure_ascii=False)
            self.stream.write(f',\n  "summary": {_indented(body, "  ")}\n}}\n')
        elif self.output is ReportFormat.SARIF:

            self._end_items("      ")
            driver = {
                "name": "refkit",
                "version": VERSION,
                "informationUri": "https://pypi.org/project/refkit/",
                "rules": [
                    {
                        "id": code,
                        "name": name,
                        "shortDescription": {"text": short or code},
                        "fullDescription": {"text": full or code},
                    }
                    for code, (name, short, full) in self._rules.items()
                ],
            }
            body = json.dumps({"driver": driver}, indent=2, ensure_ascii=False)
            self.stream.write(f',\n      "tool": {_indented(body, "      ")}\n    }}\n  ]\n}}\n')

    def _texts(self, documents: list[str], indent: str) -> None:
        """Writes documents already laid out (their later lines indented)."""
        if not documents:
            return
        joiner = ",\n" + indent
        self.stream.write((",\n" if self._written else "\n") + indent + joiner.join(documents))
        self._written += len(documents)

    def _end_items(self, indent: str) -> None:
        self.stream.write(f"\n{indent}]" if self._written else "]")

    def _sarif_result(self, item: Diagnostic) -> dict[str, Any]:
        if item.code not in self._rule_index:
            self._rule_index[item.code] = len(self._rules)
            self._rules[item.code] = (item.name, item.name, item.name)
        result: dict[str, Any] = {
            "ruleId": item.code,
            "ruleIndex": self._rule_index[item.code],
            "level": _SARIF_LEVEL[item.severity],
            "message": {"text": item.message},
        }
        if item.path is not None:
            region: dict[str, int] = {}
            if item.line is not None:
                region["startLine"] = item.line
                if item.column is not None:
                    region["startColumn"] = item.column
                if item.end_line is not None:
                    region["endLine"] = item.end_line
                if item.end_column is not None and item.end_line is not None:
                    region["endColumn"] = item.end_column + 1
            location: dict[str, Any] = {"artifactLocation": {"uri": _uri(item.path)}}
            if region:
                location["region"] = region
            result["locations"] = [{"physicalLocation": location}]
        if item.entry_key is not None:
            result["properties"] = {"entryKey": item.entry_key, "field": item.field}
        return result

    def _text(self, ordered: Sequence[Diagnostic], source: str | None) -> None:
        source_lines = source.split("\n") if source is not None and self.excerpts else None
        lines: list[str] = []
        for item in ordered:
            where = f" [{item.location}]" if item.location else ""
            code = item.code
            if self.colour:
                code = f"{_COLOURS[item.severity]}{code}\x1b[0m"
            fixable = " (fixable)" if item.fix and item.fix.safe else ""
            lines.append(f"{_location(item)}: {code} {item.name}{where} {item.message}{fixable}")
            if source_lines is not None and item.line is not None:
                lines.extend(_excerpt(item, source_lines))
        self.stream.writelines(line + "\n" for line in lines)


def _indented(text: str, indent: str) -> str:
    return text.replace("\n", "\n" + indent)


def _excerpt(item: Diagnostic, source_lines: Sequence[str]) -> list[str]:
    if item.line is None or not 0 < item.line <= len(source_lines):
        return []
    text = source_lines[item.line - 1].rstrip("\r")
    found = [f"    {item.line:>5} | {text}"]
    if item.column is not None:
        span = 1
        if item.end_line == item.line and item.end_column is not None:
            span = max(1, item.end_column - item.column + 1)
        found.append(f"          | {' ' * (item.column - 1)}{'^' * min(span, 80)}")
    return found


def _by_path(diagnostics: Sequence[Diagnostic]) -> list[tuple[str | None, list[Diagnostic]]]:
    groups: dict[str | None, list[Diagnostic]] = {}
    for item in sorted_diagnostics(diagnostics):
        groups.setdefault(item.path, []).append(item)
    return list(groups.items())


def render(
    diagnostics: Sequence[Diagnostic],
    output: ReportFormat,
    *,
    files: int = 1,
    sources: Mapping[str, str] | None = None,
    colour: bool = False,
    rules: Mapping[str, tuple[str, str, str]] | None = None,
) -> str:
    """A whole report as one string (``ReportWriter`` streams it instead)."""
    buffer = io.StringIO()
    writer = ReportWriter(output, buffer, colour=colour, excerpts=bool(sources), rules=rules)
    for path, found in _by_path(diagnostics):
        writer.write(found, (sources or {}).get(path) if path is not None else None)
    writer.close(files)
    return buffer.getvalue()


def format_text(
    diagnostics: Sequence[Diagnostic],
    *,
    sources: Mapping[str, str] | None = None,
    colour: bool = False,
) -> str:
    """``path:line:col: CODE name [key.field] message``, with an excerpt when sources given."""
    return render(diagnostics, ReportFormat.TEXT, sources=sources, colour=colour)


def format_summary_line(diagnostics: Sequence[Diagnostic], files: int) -> str:
    tally = Tally()
    tally.add(diagnostics)
    tally.files = files
    return tally.line()


def format_json(diagnostics: Sequence[Diagnostic], files: int = 1) -> str:
    return render(diagnostics, ReportFormat.JSON, files=files)


def _uri(path: str) -> str:
    return path.replace("\\", "/").replace(" ", "%20")


def _escape_property(text: str) -> str:
    return (
        text.replace("%", "%25")
        .replace("\r", "%0D")
        .replace("\n", "%0A")
        .replace(":", "%3A")
        .replace(",", "%2C")
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def format_github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands: ``::error file=..,line=..::message``."""
    return render(diagnostics, ReportFormat.GITHUB)


def _github_line(item: Diagnostic) -> str:
    properties = []
    if item.path:
        properties.append(f"file={_escape_property(item.path)}")
    if item.line is not None:
        properties.append(f"line={item.line}")
    if item.column is not None:
        properties.append(f"col={item.column}")
    if item.end_line is not None:
        properties.append(f"endLine={item.end_line}")
    properties.append(f"title={_escape_property(item.code + ' ' + item.name)}")
    where = f"[{item.location}] " if item.location else ""
    return (
        f"::{_GITHUB_LEVEL[item.severity]} {','.join(properties)}::"
        f"{_escape_data(where + item.message)}"
    )
