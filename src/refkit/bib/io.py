"""Reading and writing .bib files: bytes to the lossless model and back.

``loads`` builds the model from the scanner's blocks; ``load`` decodes a file first
(see ``refkit.core.encoding``); ``write_text`` writes atomically: a temporary file in the
same directory, flushed and fsynced, then renamed over the target, permissions kept.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from refkit.bib.bibliography import ENCODING_GUESSED, Bibliography
from refkit.bib.blocks import (
    Block,
    CommentBlock,
    FailedBlock,
    PreambleBlock,
    StringBlock,
    TextBlock,
)
from refkit.bib.entry import Entry
from refkit.bib.fields import Field, SourceContext
from refkit.bib.scanner import BlockKind, scan
from refkit.core.diagnostics import Diagnostic, Severity
from refkit.core.encoding import decode, encode
from refkit.core.errors import InputError, UsageError
from refkit.core.spans import SourceMap


def loads(text: str, *, path: str | None = None, encoding: str = "utf-8") -> Bibliography:
    """Parse BibTeX text; never raises for problems in the text itself."""
    return _read(text, path, encoding, b"", [])


def _read(
    text: str, path: str | None, encoding: str, bom: bytes, problems: list[Diagnostic]
) -> Bibliography:
    scanned = scan(text)
    context = SourceContext(SourceMap(text, encoding), scanned.offsets, path=path)
    blocks: list[Block] = []
    for raw in scanned.blocks:
        kind = raw.kind
        if kind is BlockKind.ENTRY:
            blocks.append(
                Entry(
                    text[raw.type_start : raw.type_end],
                    text[raw.key_start : raw.key_end],
                    start=raw.start,
                    end=raw.end,
                    context=context,
                    field_start=raw.field_start,
                    field_count=raw.field_count,
                    type_span=(raw.type_start, raw.type_end),
                    key_span=(raw.key_start, raw.key_end),
                )
            )
        elif kind is BlockKind.TEXT:
            blocks.append(TextBlock(raw.start, raw.end, context))
        elif kind is BlockKind.STRING:
            item = scanned.field(raw.field_start)
            string_field = Field(
                text[item[0] : item[1]],
                text[item[2] : item[3]],
                origin=raw.field_start,
                context=context,
            )
            context.macros[string_field.key] = string_field.raw
            blocks.append(StringBlock(raw.start, raw.end, context, string_field))
        elif kind is BlockKind.PREAMBLE:
            item = scanned.field(raw.field_start)
            blocks.append(PreambleBlock(raw.start, raw.end, context, text[item[2] : item[3]]))
        elif kind is BlockKind.COMMENT:
            blocks.append(CommentBlock(raw.start, raw.end, context))
        else:
            blocks.append(
                FailedBlock(
                    raw.start,
                    raw.end,
                    context,
                    text[raw.type_start : raw.type_end],
                    raw.error or "syntax error",
                    raw.error_offset,
                )
            )
    return Bibliography(blocks, context=context, encoding=encoding, bom=bom, problems=problems)


def load(path: str | os.PathLike[str], encoding: str | None = None) -> Bibliography:
    """Read a .bib file; ``InputError`` when it cannot be read or decoded."""
    name = os.fspath(path)
    try:
        data = Path(name).read_bytes()
    except OSError as error:
        raise InputError(error.strerror or str(error), path=name) from None
    decoded = decode(data, encoding, name)
    problems: list[Diagnostic] = []
    if decoded.guessed:
        problems.append(
            Diagnostic(
                code=ENCODING_GUESSED[0],
                name=ENCODING_GUESSED[1],
                severity=Severity.INFO,
                message=f"the file is not UTF-8; read as {decoded.encoding} "
                "(pass --encoding to choose another)",
                path=name,
                line=1,
                column=1,
            )
        )
    return _read(decoded.text, name, decoded.encoding, decoded.bom, problems)


def dump(bibliography: Bibliography, path: str | os.PathLike[str] | None = None) -> None:
    """Write atomically, with the encoding, BOM and line endings the file was read with.

    ``path`` defaults to the file the bibliography was read from.
    """
    target = os.fspath(path) if path is not None else bibliography.path
    if target is None:
        raise UsageError("no path to write to")
    write_text(target, bibliography.dumps(), bibliography.encoding, bibliography.bom)


def write_text(path: str, text: str, encoding: str = "utf-8", bom: bytes = b"") -> None:
    """Write text atomically, keeping the target's permissions if it exists."""
    try:
        data = encode(text, encoding, bom)
    except UnicodeEncodeError as error:
        raise InputError(
            f"character {text[error.start]!r} cannot be written in {encoding}", path=path
        ) from None
    directory = os.path.dirname(os.path.abspath(path))
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    handle, temporary = tempfile.mkstemp(prefix=".refkit-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise InputError(error.strerror or str(error), path=path) from None
