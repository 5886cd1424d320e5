"""Output formats: text, versioned JSON, SARIF 2.1.0 (schema-validated), GitHub."""

from __future__ import annotations

import dataclasses
import io
import json
import os

import pytest

from refkit.core.diagnostics import Diagnostic, Edit, EditKind, Fix, Severity
from refkit.lint.report import (
    ReportFormat,
    ReportWriter,
    format_github,
    format_json,
    format_text,
    render,
)
from tests.conftest import require_env_file

DIAGNOSTICS = [
    Diagnostic(
        code="RK301",
        name="doi-is-url",
        severity=Severity.WARNING,
        message="store the bare DOI '10.1/x'",
        path="refs.bib",
        line=12,
        column=3,
        end_line=12,
        end_column=30,
        entry_key="smith2020",
        field="doi",
        fix=Fix(
            "bare DOI",
            (Edit(EditKind.SET_FIELD, 4, "smith2020", "doi", "10.1/x", 2),),
            safe=True,
        ),
    ),
    Diagnostic(
        code="RK001",
        name="syntax-error",
        severity=Severity.ERROR,
        message="missing ',' after field 'title', with: colons, commas\nand a newline",
        path="refs.bib",
        line=3,
        column=9,
    ),
]


def test_text_lines_are_path_line_col_code_name_location_message() -> None:
    """Text output follows path:line:col: CODE name [key.field] message, sorted by line."""
    lines = format_text(DIAGNOSTICS).splitlines()
    assert lines[0].startswith("refs.bib:3:9: RK001 syntax-error missing")
    assert lines[-1] == (
        "refs.bib:12:3: RK301 doi-is-url [smith2020.doi] store the bare DOI '10.1/x' (fixable)"
    )


def test_text_excerpt_points_at_the_column() -> None:
    """With sources, a source line and a caret line follow each finding."""
    source = "\n" * 11 + "  doi = {https://doi.org/10.1/x},\n"
    text = format_text(DIAGNOSTICS[:1], sources={"refs.bib": source})
    assert text.splitlines()[1:] == [
        "       12 |   doi = {https://doi.org/10.1/x},",
        "          |   " + "^" * 28,
    ]


def test_json_is_the_documented_versioned_contract() -> None:
    """JSON carries version, diagnostics with every documented key, and a summary."""
    document = json.loads(format_json(DIAGNOSTICS, files=1))
    assert document["version"] == "1.0"
    first = document["diagnostics"][0]
    assert set(first) == {
        "code",
        "name",
        "severity",
        "message",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "entry_key",
        "field",
        "fix",
    }
    fixed = document["diagnostics"][1]["fix"]
    assert fixed["safe"] is True
    assert fixed["edits"] == [
        {"action": "set-field", "entry_key": "smith2020", "field": "doi", "value": "10.1/x"}
    ]
    assert document["summary"]["errors"] == 1
    assert document["summary"]["by_code"] == {"RK001": 1, "RK301": 1}


def _sarif_schema() -> dict[str, object]:
    location = require_env_file("REFKIT_SARIF_SCHEMA")
    return dict(json.loads(location.read_text(encoding="utf-8")))


def test_sarif_validates_against_the_official_schema() -> None:
    """SARIF output is valid SARIF 2.1.0 by the OASIS JSON schema."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = _sarif_schema()
    document = json.loads(render(DIAGNOSTICS, ReportFormat.SARIF))
    jsonschema.validate(document, schema)
    results = document["runs"][0]["results"]
    assert [result["ruleId"] for result in results] == ["RK001", "RK301"]
    assert results[1]["locations"][0]["physicalLocation"]["region"]["startLine"] == 12


def test_github_annotations_escape_properties_and_data() -> None:
    """Workflow commands carry file, line and col; newlines and commas are escaped."""
    lines = format_github(DIAGNOSTICS).splitlines()
    assert lines[0].startswith("::error file=refs.bib,line=3,col=9,title=RK001 syntax-error::")
    assert "%0Aand a newline" in lines[0]
    assert lines[1].startswith("::warning file=refs.bib,line=12,col=3,endLine=12,")


def _two_files() -> list[Diagnostic]:
    other = [dataclasses.replace(item, path="zeta.bib") for item in DIAGNOSTICS]
    return [*DIAGNOSTICS, *other]


@pytest.mark.parametrize("output", list(ReportFormat))
def test_streamed_report_equals_the_whole_report(output: ReportFormat) -> None:
    """Writing file by file gives the same document as rendering every finding at once."""
    stream = io.StringIO()
    writer = ReportWriter(output, stream)
    writer.write(DIAGNOSTICS)
    writer.write([item for item in _two_files() if item.path == "zeta.bib"])
    writer.close(2)
    assert stream.getvalue() == render(_two_files(), output, files=2)
    if output in (ReportFormat.JSON, ReportFormat.SARIF):
        json.loads(stream.getvalue())


def test_streamed_report_writes_each_file_before_the_next_is_read() -> None:
    """A file's lines are in the stream as soon as it is written, not at close."""
    stream = io.StringIO()
    writer = ReportWriter(ReportFormat.TEXT, stream)
    writer.write(DIAGNOSTICS)
    assert "RK001" in stream.getvalue()
    assert "RK301" in stream.getvalue()
    assert writer.tally.total == 2
    writer.close(1)
    assert writer.tally.line() == (
        "2 problems (1 error, 1 warning, 0 infos) in 1 file; 1 fixable"
    )


def test_summary_counts_unsafe_fixes_apart_from_fixable() -> None:
    """A fix applied only with --unsafe is not "fixable"; it is counted on its own."""
    safe = DIAGNOSTICS[0]
    assert safe.fix is not None
    unsafe = dataclasses.replace(safe, fix=dataclasses.replace(safe.fix, safe=False))
    stream = io.StringIO()
    writer = ReportWriter(ReportFormat.TEXT, stream)
    writer.write([safe, unsafe])
    writer.close(1)
    assert writer.tally.line() == (
        "2 problems (0 errors, 2 warnings, 0 infos) in 1 file; "
        "1 fixable, 1 more fixable with --unsafe"
    )
    summary = json.loads(render([safe, unsafe], ReportFormat.JSON))["summary"]
    assert (summary["fixable"], summary["fixable_unsafe"]) == (1, 1)


def test_sarif_lists_rules_first_seen_in_findings_with_matching_indexes() -> None:
    """Codes missing from the rule table are added as seen; every ruleIndex points right."""
    jsonschema = pytest.importorskip("jsonschema")
    document = json.loads(
        render(_two_files(), ReportFormat.SARIF, rules={"RK999": ("x", "y", "z")})
    )
    run = document["runs"][0]
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert ids == ["RK999", "RK001", "RK301"]
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
    if os.environ.get("REFKIT_SARIF_SCHEMA"):
        jsonschema.validate(document, _sarif_schema())
