"""The ``refkit format`` command: in place, --check, --diff, -o, --keys, --since."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import refkit
from refkit.cli import main

MESSY = "@ARTICLE{a,title={A},year={2000}}\n@MISC{b,title={B}}\n"
TIDY = (
    "@article{a,\n  title         = {A},\n  year          = {2000}\n}\n\n"
    "@misc{b,\n  title         = {B}\n}\n"
)


def _file(tmp_path: Path, text: str = MESSY) -> Path:
    path = tmp_path / "refs.bib"
    path.write_text(text, encoding="utf-8")
    return path


def test_format_rewrites_in_place(tmp_path: Path) -> None:
    """Without options the file is rewritten in the default layout."""
    path = _file(tmp_path)
    assert main(["format", str(path), "-q"]) == 0
    assert path.read_text(encoding="utf-8") == TIDY


def test_in_place_writes_are_atomic_and_keep_the_files_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The file is replaced whole, with its permissions, and no temporary file stays; a
    write that fails at the last step leaves the file as it was, with a one-line error."""
    import os

    path = _file(tmp_path)
    path.chmod(0o640)
    assert main(["format", str(path), "-q"]) == 0
    assert path.read_text(encoding="utf-8") == TIDY
    assert path.stat().st_mode & 0o777 == 0o640
    assert [item.name for item in tmp_path.iterdir()] == ["refs.bib"]
    path.write_text(MESSY, encoding="utf-8")

    def refuse(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    capsys.readouterr()
    assert main(["format", str(path), "-q"]) == 2
    assert path.read_text(encoding="utf-8") == MESSY
    assert [item.name for item in tmp_path.iterdir()] == ["refs.bib"]
    err = capsys.readouterr().err
    assert err.startswith("refkit: error: ")
    assert "No space left on device" in err
    assert len(err.strip().splitlines()) == 1


def test_check_exits_1_and_writes_nothing_then_0_once_formatted(tmp_path: Path) -> None:
    """--check is for CI and pre-commit: 1 while a file would change, 0 after."""
    path = _file(tmp_path)
    assert main(["format", "--check", str(path), "-q"]) == 1
    assert path.read_text(encoding="utf-8") == MESSY
    main(["format", str(path), "-q"])
    assert main(["format", "--check", str(path), "-q"]) == 0


def test_diff_prints_a_unified_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--diff shows the change git-style and leaves the file."""
    path = _file(tmp_path)
    assert main(["format", "--diff", str(path), "-q"]) == 0
    out = capsys.readouterr().out
    assert "-@ARTICLE{a,title={A},year={2000}}" in out
    assert "+@article{a," in out
    assert path.read_text(encoding="utf-8") == MESSY


def test_output_option_writes_elsewhere_and_to_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o FILE writes there; -o - prints; the input stays."""
    path = _file(tmp_path)
    out = tmp_path / "out.bib"
    assert main(["format", str(path), "-o", str(out), "-q"]) == 0
    assert out.read_text(encoding="utf-8") == TIDY
    assert main(["format", str(path), "-o", "-", "-q"]) == 0
    assert capsys.readouterr().out == TIDY
    assert path.read_text(encoding="utf-8") == MESSY


def test_command_line_options_override_the_configuration(tmp_path: Path) -> None:
    """--sort, --align and --trailing-comma beat [tool.refkit.format]."""
    (tmp_path / "refkit.toml").write_text('[format]\nsort = "none"\nalign = 14\n', encoding="utf-8")
    path = _file(tmp_path, "@misc{z, x = 1}\n@misc{a, x = 2}\n")
    assert (
        main(["format", str(path), "--sort", "key", "--align", "0", "--trailing-comma", "-q"]) == 0
    )
    assert path.read_text(encoding="utf-8") == "@misc{a,\n  x = 2,\n}\n\n@misc{z,\n  x = 1,\n}\n"


def test_keys_option_formats_only_the_named_entries(tmp_path: Path) -> None:
    """--keys b leaves a byte for byte."""
    path = _file(tmp_path)
    assert main(["format", str(path), "--keys", "b", "-q"]) == 0
    assert (
        path.read_text(encoding="utf-8")
        == "@ARTICLE{a,title={A},year={2000}}\n@misc{b,\n  title         = {B}\n}\n"
    )


def _git(where: Path, *arguments: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *arguments],
        cwd=where,
        check=True,
        capture_output=True,
    )


def test_since_formats_only_entries_changed_since_a_revision(tmp_path: Path) -> None:
    """Entries edited after the commit are formatted; the others stay as committed."""
    path = _file(tmp_path)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "refs.bib")
    _git(tmp_path, "commit", "-qm", "start")
    path.write_text(MESSY.replace("{B}", "{B2}"), encoding="utf-8")
    assert main(["format", str(path), "--since", "HEAD", "-q"]) == 0
    assert (
        path.read_text(encoding="utf-8")
        == "@ARTICLE{a,title={A},year={2000}}\n@misc{b,\n  title         = {B2}\n}\n"
    )


def test_since_outside_git_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--since needs a repository; the error names the file and exit code is 2."""
    path = _file(tmp_path)
    assert main(["format", str(path), "--since", "HEAD", "-q"]) == 2
    assert "needs a git work tree" in capsys.readouterr().err


def test_unreadable_file_is_an_error_and_others_are_still_formatted(tmp_path: Path) -> None:
    """A missing file gives exit 2; the readable one is formatted anyway."""
    path = _file(tmp_path)
    assert main(["format", str(tmp_path / "missing.bib"), str(path), "-q"]) == 2
    assert path.read_text(encoding="utf-8") == TIDY


def test_public_api_format_returns_the_text_and_the_bibliography() -> None:
    """``refkit.format(bib, options)`` is the library form of the command."""
    result = refkit.format(refkit.loads(MESSY), refkit.FormatOptions(blank_lines=0))
    assert result.changed
    assert result.text.count("\n\n") == 0
    assert [entry.key for entry in result.bibliography.entries] == ["a", "b"]
