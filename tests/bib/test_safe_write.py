"""Writing back safely (issue 19.2, 19.3, 19.7): other writers, links, permissions,
special files and interruptions."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import refkit
from refkit.bib.io import load, read_input, write_text
from refkit.cli import main

BIB = "@article{a, title = {T}, doi = {https://doi.org/10.1000/x}}\n"


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        code = main(args)
    except SystemExit as exit_:  # refkit import exits through sys.exit
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _leftovers(directory: Path) -> list[str]:
    return [name for name in os.listdir(directory) if name.startswith(".refkit-")]


def test_fix_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    """An entry appended by another program between read and write is not lost."""
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")
    bibliography = load(path)
    with path.open("a", encoding="utf-8") as stream:
        stream.write("@misc{appended, title = {New}}\n")
    with pytest.raises(refkit.InputError, match="changed since it was read"):
        refkit.dump(refkit.fix(bibliography).bibliography)
    assert "appended" in path.read_text(encoding="utf-8")
    assert not _leftovers(tmp_path)


def test_fix_refuses_same_size_rewrite_with_mtime_kept(tmp_path: Path) -> None:
    """Same size and modification time, other content: the hash still tells."""
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")
    before = path.stat()
    bibliography = load(path)
    path.write_text(BIB.replace("T", "U"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    with pytest.raises(refkit.InputError, match="changed since"):
        refkit.dump(bibliography)


def test_fix_through_a_symlink_replaces_the_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The link stays a link; the file it points to gets the fix."""
    target = tmp_path / "real.bib"
    target.write_text(BIB, encoding="utf-8")
    link = tmp_path / "link.bib"
    link.symlink_to(target)
    code, _output = _run(["fix", str(link)], capsys)
    assert code == 0
    assert link.is_symlink()
    assert "{10.1000/x}" in target.read_text(encoding="utf-8")


def test_fix_refuses_to_split_hard_links(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file with two names is left whole, with a one-line error and exit 2."""
    first = tmp_path / "a.bib"
    first.write_text(BIB, encoding="utf-8")
    second = tmp_path / "b.bib"
    os.link(first, second)
    code, output = _run(["fix", str(first)], capsys)
    assert code == 2
    assert "hard links" in output
    assert os.stat(first).st_ino == os.stat(second).st_ino
    assert first.read_text(encoding="utf-8") == BIB


def test_write_keeps_the_mode(tmp_path: Path) -> None:
    """The replaced file keeps its permission bits."""
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")
    path.chmod(0o640)
    write_text(str(path), "x\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write any file")
def test_fix_never_replaces_a_file_the_user_cannot_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A read-only file is refused even in a writable directory."""
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")
    path.chmod(0o444)
    code, output = _run(["fix", str(path)], capsys)
    assert code == 2
    assert "not writable" in output
    assert path.read_text(encoding="utf-8") == BIB


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in any directory")
def test_read_only_directory_is_a_one_line_error(tmp_path: Path) -> None:
    """mkstemp's PermissionError is an input error, not an internal error."""
    directory = tmp_path / "ro"
    directory.mkdir()
    path = directory / "new.bib"
    directory.chmod(0o555)
    try:
        with pytest.raises(refkit.InputError):
            write_text(str(path), "x\n")
    finally:
        directory.chmod(0o755)


def test_failed_write_leaves_original_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails part-way (disk full) keeps the original and cleans up."""
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")

    def full(_descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(refkit.InputError, match="No space left"):
        write_text(str(path), "replacement\n")
    assert path.read_text(encoding="utf-8") == BIB
    assert not _leftovers(tmp_path)


def test_disk_full_summary_does_not_say_nothing_to_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """After a write error the summary does not claim there was nothing to fix."""
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")

    def full(_descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    code, output = _run(["fix", str(path)], capsys)
    assert code == 2
    assert "No space left" in output
    assert "nothing to fix" not in output


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_during_write_leaves_original_and_no_temporary(tmp_path: Path, signum: int) -> None:
    """SIGTERM or SIGINT while the temporary file is written: original kept, no litter."""
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")
    script = f"""
import os, signal
import refkit.bib.io as io
def fsync(descriptor):
    os.kill(os.getpid(), {int(signum)})
os.fsync = fsync
io.write_text({str(path)!r}, "replacement\\n")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, check=False)
    assert done.returncode != 0
    assert path.read_text(encoding="utf-8") == BIB
    assert not _leftovers(tmp_path)


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_special_files_are_refused_at_once(
    tmp_path: Path, special: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """/dev/zero and a FIFO are refused with one line, instead of hanging."""
    name = special
    if special == "fifo":
        name = str(tmp_path / "pipe.bib")
        os.mkfifo(name)
    for command in (["check", name], ["import", name]):
        code, output = _run(command, capsys)
        assert code == 2, command
        assert "not a regular file" in output, command
        assert "internal error" not in output


def test_standard_input_over_the_size_limit_is_refused() -> None:
    """``refkit check - < /dev/zero`` stops at the limit instead of filling memory."""
    import io as stdio

    from refkit.bib.io import read_stream

    assert read_stream(stdio.BytesIO(b"x" * 100), max_bytes=100) == b"x" * 100
    with pytest.raises(refkit.InputError, match=r"<stdin>.*over the limit of 100 bytes"):
        read_stream(stdio.BytesIO(b"x" * 101), max_bytes=100)


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    """A file over ``max_bytes`` is an input error naming the limit."""
    path = tmp_path / "big.bib"
    path.write_text(BIB * 10, encoding="utf-8")
    with pytest.raises(refkit.InputError, match="over the limit"):
        read_input(str(path), max_bytes=100)
    with pytest.raises(refkit.InputError, match="over the limit"):
        load(path, max_bytes=100)
