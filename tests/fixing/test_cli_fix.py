"""``refkit fix``: in place and atomic, --diff, --check, --unsafe, -o, exit codes, summary."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from refkit.cli import main
from refkit.cli.fix import format_fix_summary, unified_diff

TEXT = (
    "% keep me\n"
    "@online{vgt,\n"
    "  title = {Visual Global Taskforce Official Website},\n"
    "  publisher = {Spinger},\n"
    "}\n"
)
SAFE = TEXT.replace("Visual Global", "Virtual Global")
ALL = SAFE.replace("{Spinger}", "{Springer}")


@pytest.fixture
def bib(tmp_path: Path) -> Path:
    path = tmp_path / "refs.bib"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_fix_applies_safe_fixes_in_place(bib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Safe fixes are written back to the file; the summary names the unsafe ones left."""
    assert main(["fix", "--select", "RK8", str(bib)]) == 0
    assert bib.read_text(encoding="utf-8") == SAFE
    err = capsys.readouterr().err
    assert "1 fix in 1 entry; 1 unsafe fix available with --unsafe" in err


def test_fix_unsafe_applies_unsafe_fixes(bib: Path) -> None:
    """--unsafe applies the unsafe fixes too."""
    assert main(["fix", "--unsafe", "--select", "RK8", str(bib)]) == 0
    assert bib.read_text(encoding="utf-8") == ALL


def test_diff_prints_a_unified_diff_and_writes_nothing(
    bib: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--diff shows a/ and b/ file names and the changed line; the file is untouched."""
    assert main(["fix", "--diff", "--select", "RK8", str(bib)]) == 0
    out = capsys.readouterr().out
    name = str(bib).lstrip("/")
    assert out.startswith(f"--- a/{name}\n+++ b/{name}\n")
    assert "-  title = {Visual Global Taskforce Official Website},\n" in out
    assert "+  title = {Virtual Global Taskforce Official Website},\n" in out
    assert "Spinger" not in out.replace(" publisher = {Spinger},", "")
    assert bib.read_text(encoding="utf-8") == TEXT


def test_check_exits_1_when_something_would_change(bib: Path) -> None:
    """--check writes nothing and exits 1 when a fix applies, 0 when none does."""
    assert main(["fix", "--check", "--select", "RK8", str(bib)]) == 1
    assert bib.read_text(encoding="utf-8") == TEXT
    bib.write_text(SAFE, encoding="utf-8")
    assert main(["fix", "--check", "--select", "RK8", str(bib)]) == 0
    assert main(["fix", "--check", "--unsafe", "--select", "RK8", str(bib)]) == 1


def test_output_writes_elsewhere(bib: Path, tmp_path: Path) -> None:
    """-o writes the fixed text to another file and leaves the input alone."""
    out = tmp_path / "out.bib"
    assert main(["fix", "--select", "RK8", str(bib), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == SAFE
    assert bib.read_text(encoding="utf-8") == TEXT


def test_output_with_several_inputs_is_a_usage_error(
    bib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o takes exactly one input file (exit 2)."""
    assert main(["fix", str(bib), str(bib), "-o", str(tmp_path / "x.bib")]) == 2
    assert "exactly one input file" in capsys.readouterr().err


def test_unreadable_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing file is an input error: one line on stderr, exit 2."""
    assert main(["fix", str(tmp_path / "missing.bib")]) == 2
    assert "refkit: error:" in capsys.readouterr().err


def test_ignore_skips_rules(bib: Path) -> None:
    """--ignore leaves the ignored rules' fixes out."""
    assert main(["fix", "--select", "RK8", "--ignore", "RK801", str(bib)]) == 0
    assert bib.read_text(encoding="utf-8") == TEXT


def test_permissions_are_kept_and_unchanged_files_are_not_rewritten(bib: Path) -> None:
    """The rewritten file keeps its mode; a file with nothing to fix is not touched."""
    os.chmod(bib, 0o640)
    assert main(["fix", "--select", "RK8", str(bib)]) == 0
    assert stat.S_IMODE(os.stat(bib).st_mode) == 0o640
    before = os.stat(bib).st_mtime_ns
    os.utime(bib, ns=(before - 10**9, before - 10**9))
    assert main(["fix", "--select", "RK8", str(bib)]) == 0
    assert os.stat(bib).st_mtime_ns == before - 10**9
    assert not list(bib.parent.glob(".refkit-*"))


def test_parse_errors_do_not_stop_the_fix(tmp_path: Path) -> None:
    """A broken block is kept byte for byte while the rest of the file is fixed."""
    broken = "@article{bad, title = {Unclosed,\n\n"
    path = tmp_path / "broken.bib"
    path.write_text(broken + TEXT, encoding="utf-8")
    assert main(["fix", "--select", "RK8", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == broken + SAFE


def test_stdin_is_fixed_to_stdout(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """FILE - reads stdin and writes the fixed text to stdout."""
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXT.encode())))
    assert main(["fix", "--select", "RK8", "-"]) == 0
    assert capsys.readouterr().out == SAFE


def test_summary_line_wording() -> None:
    """The summary counts fixes and entries and mentions unsafe fixes left."""
    assert (
        format_fix_summary(12, 5, 3, would=False)
        == "12 fixes in 5 entries; 3 unsafe fixes available with --unsafe"
    )
    assert format_fix_summary(1, 1, 0, would=False) == "1 fix in 1 entry"
    assert format_fix_summary(2, 1, 0, would=True) == "would apply 2 fixes in 1 entry"
    assert format_fix_summary(0, 0, 0, would=False) == "nothing to fix"


def test_unified_diff_marks_a_missing_final_newline() -> None:
    """A last line without a newline is marked as git does."""
    text = unified_diff("a\nb", "a\nc", "x.bib")
    assert text.endswith("+c\n\\ No newline at end of file\n")


def test_verbose_lists_each_applied_fix(bib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """-v names the file, line, rule, entry, field and the values before and after."""
    assert main(["fix", "-v", "--select", "RK8", str(bib)]) == 0
    err = capsys.readouterr().err
    assert (
        f"{bib}:3: RK801 misspelt-organisation [vgt.title] "
        "{Visual Global Taskforce Official Website} -> {Virtual Global Taskforce Official Website}"
    ) in err


MONTHS = (
    "% keep me\n"
    "@article{a,\n"
    "  author = {Smith, Ann},\n"
    "  title = {T},\n"
    "  journal = {J},\n"
    "  year = 2020,\n"
    "  month = {Sept.},\n"
    "}\n"
    '@article{b, author = {Smith, Ann}, title = {T}, journal = {J}, year = 2020, month = "March"}\n'
    "@article{c, author = {Smith, Ann}, title = {T}, journal = {J}, year = 2020, month = {09}}\n"
)


def test_fix_writes_bibtex_months_as_unbraced_macros(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Under the BibTeX model, RK503 turns month names into macros (month = sep): a
    set-raw edit, splicing only the value; a zero-padded number waits for --unsafe."""
    path = tmp_path / "months.bib"
    path.write_text(MONTHS, encoding="utf-8")
    assert main(["fix", "-v", "--select", "RK503", str(path)]) == 0
    safe = MONTHS.replace("{Sept.}", "sep").replace('"March"', "mar")
    assert path.read_text(encoding="utf-8") == safe
    err = capsys.readouterr().err
    assert f"{path}:7: RK503 nonstandard-month [a.month] {{Sept.}} -> sep" in err
    assert "2 fixes in 2 entries; 1 unsafe fix available with --unsafe" in err
    # Idempotent: nothing left to do, and the file is not rewritten.
    assert main(["fix", "--check", "--select", "RK503", str(path)]) == 0
    assert main(["fix", "--unsafe", "--select", "RK503", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == safe.replace("{09}", "sep")
    assert main(["fix", "--check", "--unsafe", "--select", "RK503", str(path)]) == 0
    assert main(["check", "--fail-on", "info", str(path)]) == 0  # sep, mar: known macros


def test_fix_writes_biblatex_months_as_integers(tmp_path: Path) -> None:
    """Under the biblatex model (an @online entry), RK503 writes month = {9} instead."""
    text = "@online{a,\n  title = {T},\n  month = {Sept.},\n  date = {2020},\n}\n"
    path = tmp_path / "months.bib"
    path.write_text(text, encoding="utf-8")
    assert main(["fix", "--select", "RK503", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == text.replace("{Sept.}", "{9}")
    assert main(["fix", "--check", "--select", "RK503", str(path)]) == 0
