"""Output formats: text, versioned JSON, SARIF 2.1.0 (schema-validated), GitHub."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from refkit.diagnostics import Diagnostic, Edit, EditKind, Fix, Severity
from refkit.report import OutputFormat, format_github, format_json, format_text, render

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
    location = os.environ.get("REFKIT_SARIF_SCHEMA")
    if not location or not Path(location).is_file():
        pytest.skip("REFKIT_SARIF_SCHEMA not set (.ci/run fetches the official schema)")
    return dict(json.loads(Path(location).read_text(encoding="utf-8")))


def test_sarif_validates_against_the_official_schema() -> None:
    """SARIF output is valid SARIF 2.1.0 by the OASIS JSON schema."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = _sarif_schema()
    document = json.loads(render(DIAGNOSTICS, OutputFormat.SARIF))
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
