"""Decoding .bib bytes without mojibake, and encoding them back as they were.

UTF-8 (with or without BOM) and UTF-16/32 with a BOM are recognised for certain.  A
file that is not valid UTF-8 but contains valid UTF-8 multi-byte sequences is a
damaged UTF-8 file: decoding it as an 8-bit code page would silently turn its good
characters into mojibake, so it is an error naming the byte offset.  A file with no
UTF-8 sequences at all is a legacy 8-bit file: Windows-1252 when every byte is defined
there, else Latin-1.  An explicit encoding always wins.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from refkit.core.errors import InputError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


@dataclass(frozen=True)
class Decoded:
    """Text decoded from a file, with what is needed to write it back identically."""

    text: str
    encoding: str
    bom: bytes = b""
    guessed: bool = False


def decode(data: bytes, encoding: str | None = None, path: str = "<string>") -> Decoded:
    """Decode file bytes; raise ``InputError`` naming the byte offset when impossible."""
    bom = b""
    detected: str | None = None
    for mark, name in _BOMS:
        if data.startswith(mark):
            bom, detected = mark, name
            break
    body = data[len(bom) :]
    if encoding is not None:
        return Decoded(_strict(body, encoding, path, len(bom)), _normal(encoding), bom)
    if detected is not None:
        return Decoded(_strict(body, detected, path, len(bom)), detected, bom)
    utf16 = _utf16_without_bom(body)
    if utf16 is not None:
        return Decoded(_strict(body, utf16, path, 0), utf16, b"", guessed=True)
    try:
        return Decoded(body.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        # Not UTF-8 and with NUL bytes: calling it damaged UTF-8, or reading it as cp1252,
        # would mislead (an image or PDF passed by mistake).  Valid UTF-8 with a stray NUL
        # is still read, as before.
        nul = body.find(b"\x00")
        if nul >= 0:
            raise InputError(
                f"looks like a binary file, not text (a NUL byte at byte {nul})",
                path=path,
                byte_offset=nul,
            ) from None
        if _UTF8_MULTIBYTE.search(body):
            raise InputError(
                f"not valid UTF-8 at byte {error.start} (0x{body[error.start]:02x}), "
                "yet other bytes are UTF-8: pass --encoding to choose how to read it",
                path=path,
                byte_offset=error.start,
            ) from None
    legacy = "latin-1" if _CP1252_UNDEFINED.search(body) else "cp1252"
    return Decoded(body.decode(legacy), legacy, b"", guessed=True)


def encode(text: str, encoding: str, bom: bytes = b"") -> bytes:
    """Encode text for writing; characters the encoding lacks become an error."""
    return bom + text.encode(encoding)


def _normal(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None


def _strict(body: bytes, encoding: str, path: str, offset: int) -> str:
    try:
        return body.decode(_normal(encoding))
    except UnicodeDecodeError as error:
        raise InputError(
            f"cannot be decoded as {encoding} at byte {error.start + offset}",
            path=path,
            byte_offset=error.start + offset,
        ) from None


def _utf16_without_bom(body: bytes) -> str | None:
    """UTF-16 of mostly-ASCII text has a zero in every other byte."""
    sample = body[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None
