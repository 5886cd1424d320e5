"""Encodings: BOMs, UTF-16, legacy 8-bit files, and undecodable input."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

import pytest

import refkit

TEXT = "@book{k, title = {Café Müller}, year = 2001}\r\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_files_are_decoded_and_written_back_identically(
    tmp_path: Path, data: bytes, encoding: str
) -> None:
    """Each encoding is recognised, decoded right, and dump() writes the same bytes."""
    path = tmp_path / "refs.bib"
    path.write_bytes(data)
    bib = refkit.load(path)
    assert bib.encoding == encoding
    assert bib["k"].get("title") == "Café Müller"
    refkit.dump(bib)
    assert path.read_bytes() == data


def test_guessed_legacy_encoding_is_reported(tmp_path: Path) -> None:
    """A cp1252 file yields an RK002 info diagnostic, not silent mojibake."""
    path = tmp_path / "legacy.bib"
    path.write_bytes(TEXT.encode("cp1252"))
    assert [problem.code for problem in refkit.load(path).problems] == ["RK002"]


def test_damaged_utf8_is_an_error_with_byte_offset(tmp_path: Path) -> None:
    """Valid UTF-8 with one stray byte is refused, naming the file and byte offset."""
    path = tmp_path / "damaged.bib"
    path.write_bytes("@book{k, title = {Café}}".encode() + b"\xff\n")
    with pytest.raises(refkit.InputError) as caught:
        refkit.load(path)
    assert caught.value.byte_offset == 25
    assert str(path) in str(caught.value)


def test_explicit_encoding_wins(tmp_path: Path) -> None:
    """--encoding latin-1 reads bytes that would otherwise be guessed."""
    path = tmp_path / "l1.bib"
    path.write_bytes("@book{k, title = {Ça}}".encode("latin-1"))
    assert refkit.load(path, encoding="latin-1")["k"].get("title") == "Ça"


def test_wrong_explicit_encoding_is_an_error(tmp_path: Path) -> None:
    """Bytes that the chosen encoding cannot decode are an InputError, not a crash."""
    path = tmp_path / "bad.bib"
    path.write_bytes(b"@book{k, title = {\xff}}")
    with pytest.raises(refkit.InputError, match="byte 18"):
        refkit.load(path, encoding="utf-8")


def test_dump_is_atomic_and_keeps_permissions(tmp_path: Path) -> None:
    """dump() replaces the file via a temporary file and keeps its mode bits."""
    path = tmp_path / "refs.bib"
    path.write_text(TEXT, newline="")
    os.chmod(path, 0o640)
    bib = refkit.load(path)
    bib["k"].set("year", "2002")
    refkit.dump(bib)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert "year = {2002}" in path.read_text()
    assert [item.name for item in tmp_path.iterdir()] == ["refs.bib"]


def test_unwritable_character_is_an_error_and_file_untouched(tmp_path: Path) -> None:
    """A character the file's encoding lacks fails the write and leaves the file."""
    path = tmp_path / "legacy.bib"
    data = "@book{k, title = {Ça}}".encode("cp1252")
    path.write_bytes(data)
    bib = refkit.load(path)
    bib["k"].set("title", "数学")
    with pytest.raises(refkit.InputError, match="cannot be written"):
        refkit.dump(bib)
    assert path.read_bytes() == data
