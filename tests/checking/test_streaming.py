"""Checking in bounded memory (``lint.streaming``) reports what one whole-file check does."""

from __future__ import annotations

import io
import random
import string
from pathlib import Path

import pytest

from refkit.bib.io import load
from refkit.cli import check as check_cli
from refkit.cli import main
from refkit.core.diagnostics import Diagnostic
from refkit.lint.checking import check
from refkit.lint.config import Config
from refkit.lint.report import ReportFormat, ReportWriter
from refkit.lint.streaming import NotStreamableError, read_chunks, stream_check, stream_findings
from tests.conftest import CORPUS, corpus_files

#: Corpus files with what the cross-entry rules look at: @string macros (beebe's),
#: crossref parents, duplicates, suppression comments, biblatex-only types.
_CORPUS_FILES = (
    "plk_biber__t__tdata__crossrefs.bib",
    "iridia-ulb_references__crossref.bib",
    "plk_biblatex__bibtex__bib__biblatex__biblatex-examples.bib",
    "FlamingTempura_bibtex-tidy__test__bibliographies__better-bibtex__Better_BibTeX.001.bib",
    "ge-ne_bibtool__test__bib__xampl.bib",
    "beebe-journals__inst__bib__transamfishsoc2010.bib",
)


def _json(diagnostics: list[Diagnostic]) -> str:
    buffer = io.StringIO()
    writer = ReportWriter(ReportFormat.JSON, buffer)
    writer.write(diagnostics)
    writer.close(1)
    return buffer.getvalue()


def _corpus(name: str) -> Path:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{name} is not in ../shared")
    return path


@pytest.mark.parametrize("name", _CORPUS_FILES)
@pytest.mark.parametrize(("size", "read_bytes"), [(1, 64), (3_000, 5_000), (1 << 20, 1 << 22)])
def test_streamed_check_of_a_corpus_file_writes_the_json_of_one_check(
    name: str, size: int, read_bytes: int
) -> None:
    path = str(_corpus(name))
    whole = check(load(path))
    streamed = stream_findings(path, size=size, read_bytes=read_bytes)
    assert whole
    assert _json(streamed) == _json(whole)


@pytest.mark.parametrize(("size", "read_bytes"), [(1, 7), (500, 1_000), (10_000, 3)])
def test_chunks_read_from_disk_tile_the_file_at_their_offsets_and_lines(
    size: int, read_bytes: int
) -> None:
    path = _corpus("beebe-journals__inst__bib__transamfishsoc2010.bib")
    text = path.read_text(encoding="utf-8")
    chunks = list(read_chunks(str(path), size, read_bytes=read_bytes))
    assert len(chunks) > 3
    assert "".join(chunk.text for chunk in chunks) == text
    for chunk in chunks:
        assert text[chunk.offset : chunk.offset + len(chunk.text)] == chunk.text
        assert chunk.line == text.count("\n", 0, chunk.offset) + 1


def _far_apart(tmp_path: Path) -> Path:
    """Every cross-entry rule's cases, each pair of entries hundreds of entries apart."""
    filler = "".join(
        f"@article{{filler{n},\n  author = {{Q{'a' * (n // 20 + 1)}{'z' * (n % 20 + 1)}, Given}},\n"
        f"  title = {{A filler title number {n} of the file}},\n"
        f"  journal = {{J}}, year = {{{1950 + n % 50}}}, volume = {{{n}}}\n}}\n\n"
        for n in range(300)
    )
    pairs = [
        (
            "@string{used = {Used Journal}}\n@string{unused = {Never Used}}\n"
            "@article{early, author = {Early, Ann}, title = {Before its definition},"
            " journal = later, year = 2001}\n",
            "@string{later = {Defined Late}}\n@article{late, author = {Late, Al},"
            " title = {After}, journal = used # later, year = 2002, note = undefinedmacro}\n",
        ),
        (
            "@article{dup1, author = {Smith, John}, title = {The Same Work Twice Over Again},"
            " journal = {J}, year = 2010, doi = {10.1000/xyz}}\n",
            "@article{dup2, author = {Smith, John}, title = {The same work twice over again},"
            " journal = {J}, year = 2010, doi = {10.1000/XYZ}}\n",
        ),
        (
            "@article{near1, author = {Jones, Mary}, title = {A Study of Bounded Memory Checks},"
            " journal = {J}, year = 2011}\n",
            "@article{near2, author = {Jones, M.}, title = {A study of bounded-memory checks.},"
            " journal = {J}, year = 2011}\n",
        ),
        (
            "@article{Key, author = {A, B}, title = {One}, journal = {J}, year = 2000}\n",
            "@article{key, author = {C, D}, title = {Two}, journal = {J}, year = 2000}\n",
        ),
        (
            "@inproceedings{child, author = {Kid, Ada}, title = {Child},"
            " crossref = {parent}}\n@inproceedings{orphan, author = {Lone, Al},"
            " title = {Orphan}, booktitle = {B}, year = 2003, crossref = {Missing}}\n",
            "@proceedings{parent, title = {Parent Proceedings}, year = 2003,"
            " booktitle = {Parent}}\n@proceedings{missing, title = {Lower}, year = 2004}\n",
        ),
        (
            "@article{org1, author = {{United Nations Office on Drugs and Crime}},"
            " title = {Report one}, journal={J}, year=2005}\n"
            "@article{acr1, author = {{UNODC}}, title = {Report two}, journal={J}, year=2006}\n"
            "@article{acr2, author = {{UNODC}}, title = {Report six}, journal={J}, year=2009}\n",
            "@article{acr3, author = {{UNDOC}}, title = {Report three}, journal={J}, year=2007}\n"
            '@article{g1, author = {G{\\"o}del, Kurt}, title = {Logic}, journal={J}, year=1931}\n'
            "@article{g2, author = {Gödel, Kurt}, title = {More logic}, journal={J}, year=1932}\n"
            "@article{p1, author = {Transposition, Gerald}, title = {X1}, year = 1990,"
            " journal = {J}}\n@article{p2, author = {Transpoistion, Gerald}, title = {X2},"
            " year = 1991, journal = {J}}\n@article{p3, author = {Transposition, Gerald},"
            " title = {X3}, year = 1992, journal = {J}}\n",
        ),
    ]
    text = "".join(first for first, _ in pairs) + filler + "".join(last for _, last in pairs)
    text += "% refkit: ignore RK201\n@article{KEY, author = {E, F}, title = {Three}, year = 1}\n"
    path = tmp_path / "far.bib"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("size", [1, 200, 5_000, 1 << 20])
def test_cross_entry_findings_between_distant_chunks_are_those_of_one_check(
    size: int, tmp_path: Path
) -> None:
    path = _far_apart(tmp_path)
    whole = check(load(str(path)))
    codes = {item.code for item in whole}
    assert {"RK201", "RK404", "RK607", "RK701", "RK702", "RK703", "RK704"} <= codes
    assert _json(stream_findings(str(path), size=size, read_bytes=256)) == _json(whole)


def test_only_entries_that_could_share_a_finding_are_kept(tmp_path: Path) -> None:
    path = _far_apart(tmp_path)
    streamed = stream_check(str(path), size=200, read_bytes=256)
    list(streamed.batches())
    assert streamed.entries == len(load(str(path)).entries) == 322
    # The 300 fillers share nothing (distinct keys, buckets, names): the 22 cases'
    # entries and their 3 @strings are kept, and a few fillers whose key or DOI falls on
    # a bit already set in the (here smallest, 32,768-bit) table of keys and DOIs.
    assert streamed.marked <= 22 + 3 + 15


def test_a_bucket_of_different_titles_keeps_no_entry(tmp_path: Path) -> None:
    """Same year and first author, titles far apart: the letter counts rule them out."""
    draw = random.Random(21)
    entries = "".join(
        f"@article{{k{n}, author = {{Wang, Li}}, year = 2019, journal = {{J}},"
        f" title = {{{''.join(draw.choices(string.ascii_lowercase, k=25))} in a long title}}}}\n"
        for n in range(60)
    )
    path = tmp_path / "bucket.bib"
    path.write_text(entries, encoding="utf-8")
    streamed = stream_check(str(path), size=300, read_bytes=500)
    assert _json([item for batch in streamed.batches() for item in batch]) == _json(
        check(load(str(path)))
    )
    # The first entry (for RK704), and at most a key on a bit already set in the table.
    assert streamed.marked <= 3


@pytest.mark.parametrize(
    "data", [b"\xef\xbb\xbf@book{k, title = {T}}\n", b"@book{k, title = {Caf\xe9}}\n"]
)
def test_a_file_with_a_byte_order_mark_or_not_utf8_is_not_streamed(
    data: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "other.bib"
    path.write_bytes(data)
    with pytest.raises(NotStreamableError):
        stream_check(str(path), Config())


@pytest.mark.parametrize("output", ["json", "sarif", "text", "github"])
def test_streamed_cli_check_writes_the_bytes_of_the_whole_file_check(
    output: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    far = _far_apart(tmp_path)
    latin = tmp_path / "latin.bib"
    latin.write_bytes(b"@book{k, title = {Caf\xe9}, year = 2000}\n")
    files = [str(_corpus(_CORPUS_FILES[-1])), str(far), str(latin), str(tmp_path / "none.bib")]
    results = []
    for mode in ("never", "always"):
        code = main(["check", "--format", output, "--no-excerpt", "--streaming", mode, *files])
        captured = capsys.readouterr()
        results.append((code, captured.out, captured.err))
    assert results[0][1]
    assert results[1] == results[0]


def test_files_over_the_threshold_are_streamed_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(_far_apart(tmp_path))
    calls: list[str] = []
    original = check_cli.stream_check

    def spy(name: str, config: Config) -> object:
        calls.append(name)
        return original(name, config)

    monkeypatch.setattr(check_cli, "stream_check", spy)
    main(["check", "--format", "json", "--no-excerpt", path])
    assert calls == []
    monkeypatch.setattr(check_cli, "STREAMED_FILE_BYTES", 1_000)
    main(["check", "--format", "json", "--no-excerpt", path])
    assert calls == [path]
    first, second = capsys.readouterr().out.split("}\n{")
    assert first + "}\n" == "{" + second


@pytest.mark.slow
def test_every_utf8_corpus_file_streams_to_the_findings_of_one_check() -> None:
    checked = 0
    for path in corpus_files():
        try:
            whole = check(load(str(path)))
            streamed = stream_findings(str(path), size=2_000, read_bytes=3_000)
        except NotStreamableError:
            continue
        except Exception:  # unreadable for the whole-file check too
            continue
        assert _json(streamed) == _json(whole), path.name
        checked += 1
    assert checked > 500


def _shared_bucket(draw: random.Random, count: int) -> str:
    """``count`` entries of one (year, first author) bucket, many of them near-equal
    titles of earlier ones (before and after RK701's window of 40), some sharing a DOI
    with an earlier entry with the same or another title."""
    titles: list[str] = []
    dois: list[str] = []
    out = []
    for n in range(count):
        roll = draw.random()
        if titles and roll < 0.5:
            base = list(draw.choice(titles))
            base[draw.randrange(len(base))] = draw.choice(string.ascii_lowercase)
            title = "".join(base)
        else:
            title = "".join(draw.choices(string.ascii_lowercase + " ", k=draw.randint(20, 40)))
        doi = f"10.1000/b{n}"
        if dois and draw.random() < 0.15:
            doi = draw.choice(dois)
            if draw.random() < 0.5:
                title = titles[dois.index(doi)]
        titles.append(title)
        dois.append(doi)
        doi_field = f", doi = {{{doi}}}" if draw.random() < 0.3 else ""
        out.append(
            f"@article{{b{n}, author = {{Wang, Li}}, year = 2019, journal = {{J}},"
            f" title = {{X{title}}}{doi_field}}}\n"
        )
    return "".join(out)


@pytest.mark.parametrize("seed", range(6))
def test_a_large_shared_bucket_streams_to_the_findings_of_one_check(
    seed: int, tmp_path: Path
) -> None:
    path = tmp_path / "bucket.bib"
    path.write_text(_shared_bucket(random.Random(seed), 160), encoding="utf-8")
    whole = check(load(str(path)))
    assert any(item.code == "RK701" for item in whole)
    assert _json(stream_findings(str(path), size=700, read_bytes=1_000)) == _json(whole)


def test_near_pairs_after_the_window_of_a_bucket_keep_no_entry(tmp_path: Path) -> None:
    """RK701 compares each entry with the first 40 of its bucket only: 60 near pairs
    after those 40 give no finding, and the stream keeps none of the 160 entries."""
    draw = random.Random(7)
    first = ["".join(draw.choices(string.ascii_lowercase, k=30)) for _ in range(40)]
    later = ["".join(draw.choices(string.ascii_lowercase, k=30)) for _ in range(60)]
    titles = first + [title for title in later for _ in (0, 1)]
    text = "".join(
        f"@article{{w{n}, author = {{Wang, Li}}, year = 2019, journal = {{J}},"
        f" title = {{{title} in a long title}}}}\n"
        for n, title in enumerate(titles)
    )
    path = tmp_path / "late.bib"
    path.write_text(text, encoding="utf-8")
    whole = check(load(str(path)))
    assert not any(item.code == "RK701" for item in whole)
    streamed = stream_check(str(path), size=300, read_bytes=500)
    assert _json([item for batch in streamed.batches() for item in batch]) == _json(whole)
    # The first entry (for RK704), and at most a key on a bit already set in the table.
    assert streamed.marked <= 3


def test_a_late_near_copy_of_a_windowed_title_keeps_the_window_not_the_bucket(
    tmp_path: Path,
) -> None:
    """An entry after the window near-equal to one in it: the 40 of the window and the
    entry are kept, not the 100 other late entries of the bucket."""
    draw = random.Random(8)
    titles = ["".join(draw.choices(string.ascii_lowercase, k=30)) for _ in range(140)]
    titles.append(titles[5][:-1] + "q")
    text = "".join(
        f"@article{{w{n}, author = {{Wang, Li}}, year = 2019, journal = {{J}},"
        f" title = {{{title} in a long title}}}}\n"
        for n, title in enumerate(titles)
    )
    path = tmp_path / "window.bib"
    path.write_text(text, encoding="utf-8")
    whole = check(load(str(path)))
    assert [item.code for item in whole].count("RK701") == 1
    streamed = stream_check(str(path), size=300, read_bytes=500)
    assert _json([item for batch in streamed.batches() for item in batch]) == _json(whole)
    assert 41 <= streamed.marked <= 41 + 3


def _run_stdin(
    data: bytes,
    arguments: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    code = main(["check", "--format", "json", "--no-excerpt", *arguments, "-"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_large_standard_input_is_spooled_and_streamed_to_the_whole_check_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _far_apart(tmp_path).read_bytes()
    calls: list[tuple[str, str | None]] = []
    original = check_cli.stream_check

    def spy(path: str, config: Config, name: str | None = None) -> object:
        calls.append((path, name))
        return original(path, config, name=name)

    monkeypatch.setattr(check_cli, "stream_check", spy)
    whole = _run_stdin(data, ["--streaming", "never"], monkeypatch, capsys)
    small = _run_stdin(data, [], monkeypatch, capsys)
    assert calls == []
    monkeypatch.setattr(check_cli, "STREAMED_FILE_BYTES", 1_000)
    large = _run_stdin(data, [], monkeypatch, capsys)
    assert [name for _, name in calls] == ["<stdin>"]
    assert not Path(calls[0][0]).exists()  # the spooled copy is removed
    assert '"<stdin>"' in whole[1]
    assert whole[0] == 1
    assert small == whole
    assert large == whole


def test_standard_input_that_cannot_be_streamed_is_checked_whole(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    latin = b"@book{k, title = {Caf\xe9}, year = 2000}\n@book{k, title = {T}}\n"
    whole = _run_stdin(latin, ["--streaming", "never"], monkeypatch, capsys)
    assert "RK" in whole[1]
    assert _run_stdin(latin, ["--streaming", "always"], monkeypatch, capsys) == whole


def test_endless_standard_input_with_nul_bytes_stops_at_the_size_limit(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(check_cli, "MAX_FILE_BYTES", 3_000_000)
    code, _, err = _run_stdin(b"\x00" * 5_000_000, [], monkeypatch, capsys)
    assert code == 2
    assert "<stdin>" in err
    assert "over the limit of 3,000,000 bytes" in err
