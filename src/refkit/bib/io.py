"""Reading and writing .bib files: bytes to the lossless model and back.

``loads`` builds the model from the scanner's blocks; ``load`` decodes a file first
(see ``refkit.core.encoding``); ``write_text`` writes atomically: a temporary file in the
same directory, flushed and fsynced, then renamed over the target, permissions kept.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from typing import BinaryIO

from refkit.bib.bibliography import ENCODING_GUESSED, Bibliography, FileStamp
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


#: The largest file ``load`` reads, in bytes (``max_bytes`` changes it): a .bib file of
#: a quarter of a gigabyte is already far beyond any real bibliography.
MAX_FILE_BYTES = 256 * 1024 * 1024


def read_input(name: str, max_bytes: int = MAX_FILE_BYTES) -> tuple[bytes, FileStamp]:
    """The bytes of a regular file, and its stamp; ``InputError`` for anything else.

    A FIFO, a device (``/dev/zero``) or a directory is refused before it is opened for
    reading (opening a FIFO would wait for a writer; ``/dev/zero`` never ends), and so
    is a file over ``max_bytes``.
    """
    try:
        status = os.stat(name)
        if stat.S_ISDIR(status.st_mode):
            raise InputError("is a directory, not a file", path=name)
        if not stat.S_ISREG(status.st_mode):
            raise InputError("is not a regular file (a device, FIFO or socket)", path=name)
        if status.st_size > max_bytes:
            raise InputError(
                f"is {status.st_size:,} bytes, over the limit of {max_bytes:,}", path=name
            )
        descriptor = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as stream:
            status = os.fstat(stream.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise InputError("is not a regular file", path=name)
            data = stream.read(max_bytes + 1)
    except OSError as error:
        raise InputError(error.strerror or str(error), path=name) from None
    if len(data) > max_bytes:
        raise InputError(f"is over the limit of {max_bytes:,} bytes", path=name)
    return data, FileStamp.of(status, data)


def read_stream(
    stream: BinaryIO, name: str = "<stdin>", max_bytes: int = MAX_FILE_BYTES
) -> bytes:
    """All of ``stream`` (standard input), refused like a file when over ``max_bytes``:
    ``refkit check - < /dev/zero`` stops at the limit instead of filling memory."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"is over the limit of {max_bytes:,} bytes", path=name)
    return data


def load(
    path: str | os.PathLike[str], encoding: str | None = None, *, max_bytes: int = MAX_FILE_BYTES
) -> Bibliography:
    """Read a .bib file; ``InputError`` when it cannot be read or decoded, or is not a
    regular file of at most ``max_bytes``."""
    name = os.fspath(path)
    data, stamp = read_input(name, max_bytes)
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
    bibliography = _read(decoded.text, name, decoded.encoding, decoded.bom, problems)
    bibliography.stamp = stamp
    return bibliography


def dump(bibliography: Bibliography, path: str | os.PathLike[str] | None = None) -> None:
    """Write atomically, with the encoding, BOM and line endings the file was read with.

    ``path`` defaults to the file the bibliography was read from; writing back to that
    file is refused when it changed since it was read (see ``write_text``).
    """
    target = os.fspath(path) if path is not None else bibliography.path
    if target is None:
        raise UsageError("no path to write to")
    same = bibliography.path is not None and _same_file(target, bibliography.path)
    expected = bibliography.stamp if same else None
    write_text(target, bibliography.dumps(), bibliography.encoding, bibliography.bom, expected)


def _same_file(first: str, second: str) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return os.path.abspath(first) == os.path.abspath(second)


def write_text(
    path: str,
    text: str,
    encoding: str = "utf-8",
    bom: bytes = b"",
    expected: FileStamp | None = None,
) -> None:
    """Write text atomically: a temporary file beside the target, fsynced, renamed over it.

    A symbolic link is followed: its target is replaced and the link stays.  The target
    keeps its mode and, where permitted, its owner and group.  Refused (``InputError``,
    nothing written): a target the user may not write, one with other hard links (a
    rename would split them), and, given ``expected``, one that changed since it was read
    (size, modification time and content compared just before the rename).  However the
    write ends (an error, SIGINT, SIGTERM), the original stays whole and no temporary
    file is left.
    """
    try:
        data = encode(text, encoding, bom)
    except UnicodeEncodeError as error:
        raise InputError(
            f"character {text[error.start]!r} cannot be written in {encoding}", path=path
        ) from None
    target = os.path.realpath(path)
    try:
        status: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        status = None
    except OSError as error:
        raise InputError(error.strerror or str(error), path=path) from None
    if status is not None:
        _check_replaceable(path, target, status)
        mode = stat.S_IMODE(status.st_mode)
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    with _terminated_as_exit():
        temporary: str | None = None
        try:
            handle, temporary = tempfile.mkstemp(
                prefix=".refkit-", suffix=".tmp", dir=os.path.dirname(target)
            )
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, mode)
            if status is not None:
                _keep_owner(temporary, status)
            if expected is not None:
                _check_unchanged(path, target, expected)
            os.replace(temporary, target)
            temporary = None
        except OSError as error:
            raise InputError(error.strerror or str(error), path=path) from None
        finally:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)


def _check_replaceable(path: str, target: str, status: os.stat_result) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise InputError("is not a regular file; nothing written", path=path)
    if not os.access(target, os.W_OK):
        raise InputError("is not writable by you; nothing written", path=path)
    if status.st_nlink > 1:
        raise InputError(
            f"has {status.st_nlink} hard links, which replacing it would split; nothing"
            " written (write elsewhere with -o)",
            path=path,
        )


def _keep_owner(temporary: str, status: os.stat_result) -> None:
    """The original's owner and group, as far as this user may set them."""
    for uid, gid in ((status.st_uid, status.st_gid), (-1, status.st_gid)):
        try:
            os.chown(temporary, uid, gid)
            return
        except OSError:
            continue


def _check_unchanged(path: str, target: str, expected: FileStamp) -> None:
    try:
        status = os.stat(target)
        with open(target, "rb") as stream:
            current = FileStamp.of(status, stream.read())
    except FileNotFoundError:
        raise InputError("was removed since it was read; nothing written", path=path) from None
    if current != expected:
        raise InputError(
            "changed since it was read (another program wrote it); nothing written, run again",
            path=path,
        )


@contextlib.contextmanager
def _terminated_as_exit() -> Iterator[None]:
    """SIGTERM raises ``SystemExit`` while the body runs, so that its clean-up runs
    (Python already turns SIGINT into ``KeyboardInterrupt``)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, terminate)
    except ValueError:  # not settable here (an embedding without signals)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
