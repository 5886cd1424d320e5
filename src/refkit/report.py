"""Diagnostics out: text for people, JSON/SARIF/GitHub annotations for CI.

The JSON form is a versioned contract (``JSON_SCHEMA_VERSION``)::

    {"version": "1.0", "tool": "refkit", "tool_version": "...",
     "diagnostics": [{code, name, severity, message, path, line, column, end_line,
                      end_column, entry_key, field, fix: {description, safe, edits} | null}],
     "summary": {"files": N, "diagnostics": N, "errors": N, "warnings": N, "infos": N,
                 "fixable": N, "by_code": {code: N}}}
"""

from __future__ import annotations

import enum
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from refkit.diagnostics import JSON_SCHEMA_VERSION, Diagnostic, Severity, sorted_diagnostics

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_COLOURS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}


class OutputFormat(enum.Enum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"


def summary(diagnostics: Sequence[Diagnostic], files: int) -> dict[str, Any]:
    levels = Counter(item.severity for item in diagnostics)
    return {
        "files": files,
        "diagnostics": len(diagnostics),
        "errors": levels[Severity.ERROR],
        "warnings": levels[Severity.WARNING],
        "infos": levels[Severity.INFO],
        "fixable": sum(1 for item in diagnostics if item.fix is not None),
        "by_code": dict(sorted(Counter(item.code for item in diagnostics).items())),
    }


def _location(item: Diagnostic) -> str:
    where = item.path or "<string>"
    if item.line is not None:
        where += f":{item.line}"
        if item.column is not None:
            where += f":{item.column}"
    return where


def format_text(
    diagnostics: Sequence[Diagnostic],
    *,
    sources: Mapping[str, str] | None = None,
    colour: bool = False,
) -> str:
    """``path:line:col: CODE name [key.field] message``, with an excerpt when sources given."""
    lines: list[str] = []
    for item in sorted_diagnostics(diagnostics):
        where = f" [{item.location}]" if item.location else ""
        code = item.code
        if colour:
            code = f"{_COLOURS[item.severity]}{code}\x1b[0m"
        fixable = " (fixable)" if item.fix and item.fix.safe else ""
        lines.append(f"{_location(item)}: {code} {item.name}{where} {item.message}{fixable}")
        if sources and item.path is not None and item.path in sources and item.line is not None:
            source_lines = sources[item.path].split("\n")
            if 0 < item.line <= len(source_lines):
                text = source_lines[item.line - 1].rstrip("\r")
                lines.append(f"    {item.line:>5} | {text}")
                if item.column is not None:
                    span = 1
                    if item.end_line == item.line and item.end_column is not None:
                        span = max(1, item.end_column - item.column + 1)
                    lines.append(f"          | {' ' * (item.column - 1)}{'^' * min(span, 80)}")
    return "\n".join(lines) + ("\n" if lines else "")


def format_summary_line(diagnostics: Sequence[Diagnostic], files: int) -> str:
    counts = summary(diagnostics, files)
    noun = "file" if files == 1 else "files"
    return (
        f"{counts['diagnostics']} problems ({counts['errors']} errors, {counts['warnings']} "
        f"warnings, {counts['infos']} infos) in {files} {noun}; {counts['fixable']} fixable"
    )


def format_json(diagnostics: Sequence[Diagnostic], files: int = 1) -> str:
    from refkit import __version__

    ordered = sorted_diagnostics(diagnostics)
    document = {
        "version": JSON_SCHEMA_VERSION,
        "tool": "refkit",
        "tool_version": __version__,
        "diagnostics": [item.to_dict() for item in ordered],
        "summary": summary(ordered, files),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def format_sarif(
    diagnostics: Sequence[Diagnostic], rules: Mapping[str, tuple[str, str, str]] | None = None
) -> str:
    """SARIF 2.1.0; ``rules`` maps code to (name, summary, full description)."""
    from refkit import __version__

    ordered = sorted_diagnostics(diagnostics)
    known = dict(rules or {})
    for item in ordered:
        known.setdefault(item.code, (item.name, item.name, item.name))
    codes = sorted(known)
    rule_index = {code: index for index, code in enumerate(codes)}
    results = []
    for item in ordered:
        result: dict[str, Any] = {
            "ruleId": item.code,
            "ruleIndex": rule_index[item.code],
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
        results.append(result)
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "refkit",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/refkit/",
                        "rules": [
                            {
                                "id": code,
                                "name": known[code][0],
                                "shortDescription": {"text": known[code][1] or code},
                                "fullDescription": {"text": known[code][2] or code},
                            }
                            for code in codes
                        ],
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


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
    lines = []
    for item in sorted_diagnostics(diagnostics):
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
        lines.append(
            f"::{_GITHUB_LEVEL[item.severity]} {','.join(properties)}::"
            f"{_escape_data(where + item.message)}"
        )
    return "\n".join(lines) + ("\n" if lines else "")


def render(
    diagnostics: Sequence[Diagnostic],
    output: OutputFormat,
    *,
    files: int = 1,
    sources: Mapping[str, str] | None = None,
    colour: bool = False,
    rules: Mapping[str, tuple[str, str, str]] | None = None,
) -> str:
    if output is OutputFormat.JSON:
        return format_json(diagnostics, files)
    if output is OutputFormat.SARIF:
        return format_sarif(diagnostics, rules)
    if output is OutputFormat.GITHUB:
        return format_github(diagnostics)
    return format_text(diagnostics, sources=sources, colour=colour)
