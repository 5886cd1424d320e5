"""CLI conventions: version, help, exit codes, one-line errors."""

from __future__ import annotations

import json
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


def test_check_of_missing_file_or_directory_has_no_summary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """After the only file fails, no "0 problems in 1 file" claims it was checked."""
    for target in ("no/such.bib", str(tmp_path)):
        assert main(["check", target]) == 2
        err = capsys.readouterr().err
        assert err.startswith("refkit: error:")
        assert "problems" not in err


def test_check_of_a_file_without_entries_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A .tex file or an empty file: a note that no entries were found, exit 0."""
    paper = tmp_path / "paper.tex"
    paper.write_text("\\documentclass{article}\n\\begin{document}Hi\\end{document}\n")
    empty = tmp_path / "empty.bib"
    empty.write_text("")
    assert main(["check", str(paper), str(empty)]) == 0
    err = capsys.readouterr().err
    assert f"refkit: note: {paper}: no entries found (this does not look like a BibTeX" in err
    assert f"refkit: note: {empty}: no entries found (the file is empty)" in err
    assert main(["check", "--format", "json", str(paper)]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["summary"]["files"] == 1
    assert "no entries found" in captured.err


def test_binary_file_is_called_binary_not_damaged_utf8(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A PNG passed by mistake: one line saying it looks binary, exit 2."""
    image = tmp_path / "figure.bib"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8")
    assert main(["check", str(image)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"refkit: error: {image}: looks like a binary file, not text (a NUL byte at byte 8)"
    ]


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
