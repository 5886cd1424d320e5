"""The ``refkit import`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from refkit.cli import main
from refkit.cli.importing import import_command

REFS = (
    "[1] Smith, J. (2001). Trees. Journal of Things, 1, 1-2.\n"
    "[2] Doe, K. (2002). Bushes. London: Routledge.\n"
)


def test_import_writes_bibtex_to_stdout(tmp_path: Path) -> None:
    """The default output is BibTeX on standard output, exit status 0."""
    src = tmp_path / "refs.txt"
    src.write_text(REFS, encoding="utf-8")
    result = CliRunner().invoke(import_command, [str(src)])
    assert result.exit_code == 0, result.output
    assert "@article{smith2001trees," in result.output
    assert "@book{doe2002bushes," in result.output


def test_import_writes_jsonl_to_a_file(tmp_path: Path) -> None:
    """-o and --format jsonl write one JSON object per reference."""
    src = tmp_path / "refs.txt"
    src.write_text(REFS, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(import_command, [str(src), "-o", str(out), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["fields"]["citation-number"] for r in rows] == ["[1]", "[2]"]


def test_missing_file_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing input file exits 2 with a one-line message and no traceback."""
    missing = tmp_path / "nope.txt"
    assert main(["import", str(missing)]) == 2
    assert capsys.readouterr().err == f"refkit: error: {missing}: no such file\n"


def test_non_utf8_file_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Undecodable input exits 2 with a one-line message."""
    src = tmp_path / "bad.txt"
    src.write_bytes(b"Smith \xff\xfe 2001")
    assert main(["import", str(src)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"refkit: error: {src}: not UTF-8")
    assert err.count("\n") == 1


def test_empty_file_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file without references exits 2."""
    src = tmp_path / "empty.txt"
    src.write_text("\n\n", encoding="utf-8")
    assert main(["import", str(src)]) == 2
    assert capsys.readouterr().err == f"refkit: error: {src}: no references found\n"


def test_bad_key_pattern_is_an_input_error(tmp_path: Path) -> None:
    """An unknown key placeholder exits 2 with a one-line message."""
    src = tmp_path / "refs.txt"
    src.write_text(REFS, encoding="utf-8")
    result = CliRunner().invoke(import_command, [str(src), "--key-pattern", "{bogus}"])
    assert result.exit_code == 2
    assert "unknown key placeholder" in result.stderr


def test_stdin_is_read_for_dash() -> None:
    """FILE '-' reads standard input."""
    result = CliRunner().invoke(import_command, ["-", "--format", "biblatex"], input=REFS)
    assert result.exit_code == 0
    assert "journaltitle = {Journal of Things}" in result.output
