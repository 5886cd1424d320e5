"""``--jobs``: worker processes change the time a run takes, never its output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from refkit.cli import main
from refkit.cli.parallel import available_cores, ordered_map
from tests.conftest import corpus_files

REPO = Path(__file__).resolve().parents[2]


def _files(tmp_path: Path) -> list[str]:
    """A dozen small corpus files, the repository's sample, and one unreadable file."""
    small = [path for path in corpus_files() if path.stat().st_size < 40_000][:12]
    broken = tmp_path / "broken.bib"
    broken.write_bytes("@book{k, title = {Café}}".encode() + b"\xff")
    return [*map(str, small), str(REPO / "bib" / "trafficking.bib"), str(broken)]


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("output", ["json", "sarif", "text"])
def test_check_with_workers_writes_the_bytes_of_one_process(
    output: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _files(tmp_path)
    args = ["check", "--format", output, "--excerpt", *files]
    alone = _run([*args, "--jobs", "1"], capsys)
    assert alone[0] == 2  # the unreadable file's error
    assert alone[1]
    assert _run([*args, "--jobs", "3"], capsys) == alone


def test_fix_with_workers_prints_and_counts_as_one_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _files(tmp_path)
    args = ["fix", "--diff", "--verbose", "--unsafe", *files]
    alone = _run([*args, "--jobs", "1"], capsys)
    assert "would apply" in alone[2]
    assert alone[1].startswith("--- a/")
    assert _run([*args, "--jobs", "2"], capsys) == alone


def test_fix_with_workers_writes_each_file_in_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = [Path(name) for name in _files(tmp_path)[:-1]]
    serial, parallel = tmp_path / "one", tmp_path / "two"
    for folder in (serial, parallel):
        folder.mkdir()
        for number, source in enumerate(sources):
            shutil.copy(source, folder / f"{number:02}.bib")
    _run(["fix", "--jobs", "1", *map(str, sorted(serial.iterdir()))], capsys)
    _run(["fix", "--jobs", "2", *map(str, sorted(parallel.iterdir()))], capsys)
    for made in sorted(serial.iterdir()):
        assert (parallel / made.name).read_bytes() == made.read_bytes()


def _square(number: int) -> int:
    return number * number


def test_ordered_map_keeps_input_order_whatever_finishes_first() -> None:
    numbers = list(range(40))
    assert list(ordered_map(_square, numbers, 3)) == [n * n for n in numbers]
    assert list(ordered_map(_square, numbers, 1)) == [n * n for n in numbers]


def test_default_jobs_is_the_cores_this_process_may_use() -> None:
    import os

    assert 1 <= available_cores() <= (os.cpu_count() or 1)


def test_jobs_below_one_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ok.bib"
    path.write_text("@book{ok, title = {T}}\n")
    assert main(["check", "--jobs", "0", str(path)]) == 2
    assert "--jobs" in capsys.readouterr().err


@pytest.mark.parametrize("output", ["json", "sarif", "text"])
def test_check_of_one_large_file_in_chunks_writes_the_bytes_of_one_process(
    output: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from refkit.cli import check as check_module

    # Every file counts as large, so the last files are cut into chunks for the workers.
    monkeypatch.setattr(check_module, "CHUNKED_FILE_BYTES", 0)
    monkeypatch.setattr(check_module, "CHUNK_FLOOR", 2_000)  # several chunks a file
    chunked: list[str] = []
    real = check_module._check_file_in_chunks

    def spy(task: check_module._CheckTask, jobs: int) -> check_module._CheckOutcome:
        chunked.append(task.path)
        return real(task, jobs)

    monkeypatch.setattr(check_module, "_check_file_in_chunks", spy)
    names = [
        "plk_biber__t__tdata__crossrefs.bib",
        "ge-ne_bibtool__test__bib__xampl.bib",
        "plk_biblatex__bibtex__bib__biblatex__biblatex-examples.bib",
    ]
    files = [str(path) for path in corpus_files() if path.name in names]
    if len(files) != len(names):
        pytest.skip("the corpus files are not in ../shared")
    args = ["check", "--format", output, "--excerpt", *files]
    alone = _run([*args, "--jobs", "1"], capsys)
    assert not chunked
    assert alone[1]
    assert _run([*args, "--jobs", "2"], capsys) == alone
    assert not chunked  # two workers: files only
    assert _run([*args, "--jobs", "3"], capsys) == alone
    assert chunked == sorted(files)[-2:]  # the last two files leave a worker idle
    chunked.clear()
    assert _run([*args, "--jobs", "4"], capsys) == alone
    assert chunked == sorted(files)
