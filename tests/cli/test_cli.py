"""CLI conventions: version, help, exit codes, one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from refkit import __version__
from refkit.cli import main


def test_version_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    """refkit --version prints the package version and exits 0."""
    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


def test_help_lists_the_subcommands(capsys: pytest.CaptureFixture[str]) -> None:
    """refkit --help names every subcommand."""
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("check", "fix", "render", "convert", "import", "cite-check", "rules"):
        assert command in out


def test_missing_file_is_one_line_error_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A file that does not exist: exit 2, one stderr line naming it, no traceback."""
    assert main(["check", "no/such.bib"]) == 2
    err = capsys.readouterr().err
    assert "refkit: error: no/such.bib: No such file or directory" in err
    assert "Traceback" not in err


def test_unknown_option_is_usage_error_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown option is a one-line usage error with exit code 2."""
    assert main(["check", "--frobnicate", "x.bib"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("refkit: error:")


def test_undecodable_file_exit_2_names_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Damaged UTF-8: exit 2 and the message names file and byte offset."""
    path = tmp_path / "bad.bib"
    path.write_bytes("@book{k, title = {Café}}".encode() + b"\xff")
    assert main(["check", str(path)]) == 2
    assert f"{path}: not valid UTF-8 at byte 25" in capsys.readouterr().err


def test_syntax_error_is_a_finding_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A syntax error is reported at its line with exit code 1."""
    path = tmp_path / "broken.bib"
    path.write_text("@book{ok, title = {T}}\n@book{b, title = {x} year = 1}\n")
    assert main(["check", "--select", "RK0", str(path)]) == 1
    assert f"{path}:2:" in capsys.readouterr().out


def test_clean_file_exit_0(tmp_path: Path) -> None:
    """A file with no findings at the fail-on level exits 0."""
    path = tmp_path / "ok.bib"
    path.write_text("@book{ok, title = {T}}\n")
    assert main(["check", "--select", "RK0", str(path)]) == 0
