"""``refkit check`` and ``refkit rules``."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import reduce

import click

from refkit.bib.io import MAX_FILE_BYTES, loads, read_input
from refkit.bib.model import Bibliography
from refkit.cli.exit_codes import ExitCode
from refkit.cli.options import read_bibliography, report_options, resolve_config, selection_options
from refkit.cli.parallel import jobs_option, ordered_map
from refkit.core.diagnostics import Diagnostic, Severity
from refkit.core.encoding import decode
from refkit.core.errors import InputError, RefkitError, UsageError
from refkit.lint.checking import check
from refkit.lint.config import Config
from refkit.lint.distributed import (
    Chunk,
    ChunkResult,
    FileFacts,
    check_chunk,
    file_facts,
    merge_file_facts,
    merged_findings,
    split_text,
)
from refkit.lint.report import ReportFormat, ReportWriter
from refkit.lint.rules import Rule, default_rules
from refkit.lint.streaming import NotStreamableError, StreamedCheck, stream_check


@click.command("check")
@click.argument("files", nargs=-1, required=True)
@selection_options
@report_options
@click.option(
    "--data-model",
    type=click.Choice(["auto", "bibtex", "biblatex"]),
    default=None,
    help="Data model for required and known fields (default: detect).",
)
@click.option(
    "--streaming",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    hidden=True,
    help="Check files in bounded memory: auto (files of at least STREAMED_FILE_BYTES).",
)
@jobs_option
def check_command(
    files: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    config_path: str | None,
    encoding: str | None,
    output: str,
    fail_on: str | None,
    data_model: str | None,
    excerpt: bool | None,
    quiet: bool,
    jobs: int,
    streaming: str = "auto",
) -> int:
    """Lint .bib files with refkit's rules (see `refkit rules`).

    A file with no entries (empty, or not BibTeX at all, such as a .tex file) gets a
    note on stderr; it is not an error, so the exit code is that of its findings.
    """
    had_error = False
    checked = 0
    failing = False
    tty = sys.stdout.isatty()
    show_excerpt = tty if excerpt is None else excerpt
    chosen = ReportFormat(output)
    buffer = io.StringIO()
    # Streamed file by file: a run over a large corpus holds one file's findings, and CI
    # logs show output as it comes.  Only SARIF describes the rules, so only it builds
    # the table (which imports cite-check's rules too).
    writer = ReportWriter(
        chosen,
        buffer,
        colour=tty,
        excerpts=show_excerpt,
        rules=rule_table() if chosen is ReportFormat.SARIF else None,
    )
    tasks = [
        _CheckTask(
            path,
            config_path,
            select,
            ignore,
            extend_select,
            fail_on,
            data_model,
            encoding,
            show_excerpt,
            streaming,
        )
        for path in sorted(files)
    ]
    # Standard input belongs to this process: a worker would read nothing.
    for outcome in _outcomes(tasks, 1 if "-" in files else jobs):
        if outcome.error is not None:
            click.echo(f"refkit: error: {outcome.error}", err=True)
            had_error = True
            continue
        checked += 1
        if outcome.note is not None:
            click.echo(f"refkit: note: {outcome.note}", err=True)
        writer.write(outcome.diagnostics, outcome.source)
        _flush(buffer)
        failing = failing or outcome.failing
        if outcome.streamed is not None:
            # In report order already: written batch by batch, never held whole.
            for batch in outcome.streamed.batches():
                writer.write(batch)
                _flush(buffer)
                failing = failing or any(item.severity >= outcome.fail_on for item in batch)
        # Free this file before the next is read: two at once would double the peak.
        del outcome
    writer.close(checked)
    _flush(buffer)
    # A summary after every file failed would read "0 problems", as if they were clean.
    if chosen is ReportFormat.TEXT and not quiet and checked:
        click.echo(writer.tally.line(), err=not writer.tally.total)
    if had_error:
        return ExitCode.ERROR
    return ExitCode.FINDINGS if failing else ExitCode.OK


@dataclass(frozen=True)
class _CheckTask:
    """What a worker needs to check one file (the command's options, as given)."""

    path: str
    config_path: str | None
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    extend_select: tuple[str, ...]
    fail_on: str | None
    data_model: str | None
    encoding: str | None
    excerpt: bool
    streaming: str = "auto"


@dataclass(frozen=True)
class _CheckOutcome:
    diagnostics: list[Diagnostic]
    source: str | None = None
    failing: bool = False
    error: str | None = None
    note: str | None = None
    #: A file checked in bounded memory: its findings, written as they come.
    streamed: StreamedCheck | None = None
    fail_on: Severity = Severity.ERROR


def _task_config(task: _CheckTask) -> Config:
    return resolve_config(
        task.path,
        task.config_path,
        task.select,
        task.ignore,
        task.extend_select,
        task.fail_on,
        task.data_model,
    )


def _check_file(task: _CheckTask) -> _CheckOutcome:
    """One file's findings, or the one-line error that stops it (run in a worker)."""
    try:
        config = _task_config(task)
        bibliography = read_bibliography(task.path, task.encoding)
    except (InputError, UsageError) as problem:
        return _CheckOutcome([], error=str(problem))
    return _checked(task, config, bibliography)


def _checked(task: _CheckTask, config: Config, bibliography: Bibliography) -> _CheckOutcome:
    diagnostics = check(bibliography, config)
    note = None
    if not bibliography.entries:
        note = f"{task.path}: no entries found" + _looks_like(bibliography.source.text)
    return _CheckOutcome(
        diagnostics,
        bibliography.source.text if task.excerpt else None,
        any(item.severity >= config.fail_on for item in diagnostics),
        note=note,
    )


#: Files of at least this many bytes are cut into chunks when there are more workers
#: than files left to give them; smaller ones cost more to cut than they gain.
CHUNKED_FILE_BYTES = 1 << 20
#: Chunks pay from three workers: the parent's share (merging, the cross-entry rules
#: over the records) is about 40% of a one-process check, so two workers gain nothing
#: (ARCHITECTURE.md, "Checking 10^8 entries").
CHUNKED_MIN_JOBS = 3
#: The smallest chunk worth a worker's round trip, in characters.
CHUNK_FLOOR = 1 << 18


def _outcomes(tasks: list[_CheckTask], jobs: int) -> Iterator[_CheckOutcome]:
    """Each task's outcome in order: files over workers, and a large file over chunks
    of it when the files alone would leave workers idle (``refkit.lint.distributed``)."""
    pending: list[_CheckTask] = []
    for number, task in enumerate(tasks):
        if task.path == "-" and _may_stream(task):
            yield from ordered_map(_check_file, pending, jobs)
            pending = []
            yield _check_stdin(task)
        elif _streams(task):
            yield from ordered_map(_check_file, pending, jobs)
            pending = []
            yield _check_file_streamed(task)
        elif jobs >= CHUNKED_MIN_JOBS and len(tasks) - number < jobs and _is_large(task.path):
            yield from ordered_map(_check_file, pending, jobs)
            pending = []
            yield _check_file_in_chunks(task, jobs)
        else:
            pending.append(task)
    yield from ordered_map(_check_file, pending, jobs)


#: Files of at least this many bytes are checked in bounded memory (``lint.streaming``):
#: an in-memory check holds about 10 KB per entry (about 10 times the text), so
#: 256 MB of text would need several GB.
STREAMED_FILE_BYTES = 1 << 28


def _streams(task: _CheckTask) -> bool:
    """Whether to check the task's file in bounded memory: asked for, or a file of at
    least ``STREAMED_FILE_BYTES``.  Excerpts need the whole text, standard input the
    whole of it read: both are checked in memory."""
    if task.path == "-" or not _may_stream(task):
        return False
    if task.streaming == "always":
        return True
    try:
        return os.path.getsize(task.path) >= STREAMED_FILE_BYTES
    except OSError:
        return False


def _may_stream(task: _CheckTask) -> bool:
    """Streaming is not refused: by the option, by excerpts (they need the whole text)
    or by an encoding other than UTF-8 (chunks are read as UTF-8)."""
    if task.streaming == "never" or task.excerpt:
        return False
    return task.encoding is None or task.encoding.lower().replace("_", "-") in ("utf-8", "utf8")


#: Standard input's name in findings (as ``read_bibliography`` names it).
_STDIN = "<stdin>"
#: Spooled standard input beyond this is refused: a stream that never ends (``yes``)
#: would otherwise fill the disk.
STDIN_SPOOL_BYTES = 1 << 36
_SPOOL_PIECE = 1 << 20


def _spool_stdin(target: str) -> tuple[int, bool]:
    """Copies standard input to ``target`` a piece at a time; returns its size and
    whether it had a NUL byte.  Stops past ``MAX_FILE_BYTES`` once a NUL byte shows
    the input cannot be streamed (``/dev/zero``), and past ``STDIN_SPOOL_BYTES``."""
    size = 0
    nul = False
    with open(target, "wb") as out:
        while True:
            piece = sys.stdin.buffer.read(_SPOOL_PIECE)
            if not piece:
                break
            out.write(piece)
            size += len(piece)
            nul = nul or b"\x00" in piece
            if (nul and size > MAX_FILE_BYTES) or size > STDIN_SPOOL_BYTES:
                break
    return size, nul


def _check_stdin(task: _CheckTask) -> _CheckOutcome:
    """Standard input, spooled to a temporary file: streamed when a file of its size
    would be (``_streams``), else checked whole as ``_check_file`` does."""
    try:
        config = _task_config(task)
    except (InputError, UsageError) as problem:
        return _CheckOutcome([], error=str(problem))
    with tempfile.TemporaryDirectory(prefix="refkit-stdin-") as folder:
        spool = os.path.join(folder, "stdin.bib")
        try:
            size, nul = _spool_stdin(spool)
        except OSError as error:
            return _CheckOutcome([], error=str(InputError(str(error), path=_STDIN)))
        if size > STDIN_SPOOL_BYTES:
            return _over_limit(STDIN_SPOOL_BYTES)
        if not nul and (task.streaming == "always" or size >= STREAMED_FILE_BYTES):
            try:
                streamed = stream_check(spool, config, name=_STDIN)
            except NotStreamableError:
                pass  # checked whole below, as a file would be
            else:
                # stream_check has read the input: only its findings' spool is left.
                if streamed.entries:
                    return _CheckOutcome([], streamed=streamed, fail_on=config.fail_on)
        if size > MAX_FILE_BYTES:
            return _over_limit(MAX_FILE_BYTES)
        with open(spool, "rb") as handle:
            data = handle.read()
    try:
        decoded = decode(data, task.encoding, _STDIN)
    except InputError as problem:
        return _CheckOutcome([], error=str(problem))
    del data
    return _checked(task, config, loads(decoded.text, path=_STDIN, encoding=decoded.encoding))


def _over_limit(limit: int) -> _CheckOutcome:
    return _CheckOutcome(
        [], error=str(InputError(f"is over the limit of {limit:,} bytes", path=_STDIN))
    )


def _check_file_streamed(task: _CheckTask) -> _CheckOutcome:
    """``_check_file`` in bounded memory, its findings left in the outcome to be
    written as they come; a file that cannot be read in pieces is checked whole."""
    try:
        config = _task_config(task)
    except (InputError, UsageError) as problem:
        return _CheckOutcome([], error=str(problem))
    try:
        streamed = stream_check(task.path, config)
    except (NotStreamableError, OSError):
        return _check_file(task)  # which reports an unreadable file as usual
    if not streamed.entries:
        return _check_file(task)  # its note quotes the text; such a file is rare
    return _CheckOutcome([], streamed=streamed, fail_on=config.fail_on)


def _is_large(path: str) -> bool:
    try:
        return os.path.getsize(path) >= CHUNKED_FILE_BYTES
    except OSError:
        return False  # the worker reports why it cannot be read


@dataclass(frozen=True)
class _ChunkTask:
    chunk: Chunk
    facts: FileFacts
    config: Config


def _check_chunk(task: _ChunkTask) -> ChunkResult:
    return check_chunk(task.chunk, task.facts, task.config)


def _check_file_in_chunks(task: _CheckTask, jobs: int) -> _CheckOutcome:
    """``_check_file`` for one large file, its chunks checked by ``jobs`` workers: the
    same findings (``check_chunks``), the parent merging facts and cross-entry records."""
    try:
        config = _task_config(task)
        data, _ = read_input(task.path)
        decoded = decode(data, task.encoding, task.path)
    except (InputError, UsageError) as problem:
        return _CheckOutcome([], error=str(problem))
    if decoded.guessed:
        return _check_file(task)  # RK002 is a finding about the whole file's bytes
    text = decoded.text
    chunks = split_text(text, task.path, size=max(len(text) // (4 * jobs), CHUNK_FLOOR))
    facts = reduce(merge_file_facts, ordered_map(file_facts, chunks, jobs))
    work = [_ChunkTask(chunk, facts, config) for chunk in chunks]
    results = list(ordered_map(_check_chunk, work, jobs))
    diagnostics = merged_findings(results, facts, config, task.path)
    note = None
    if not any(result.entries for result in results):
        note = f"{task.path}: no entries found" + _looks_like(text)
    return _CheckOutcome(
        diagnostics,
        text if task.excerpt else None,
        any(item.severity >= config.fail_on for item in diagnostics),
        note=note,
    )


def _looks_like(text: str) -> str:
    if not text.strip():
        return " (the file is empty)"
    if "@" not in text:
        return " (this does not look like a BibTeX file: no @ at all)"
    return " (no @type{key, ...} entry was recognised)"


def _flush(buffer: io.StringIO) -> None:
    if buffer.tell():
        click.echo(buffer.getvalue(), nl=False)
        buffer.seek(0)
        buffer.truncate()


def every_rule() -> list[Rule]:
    """The rules of check and fix, then those of cite-check (RK9xx) and verify (RK10xx)."""
    from refkit.lookup import rules as verify_rules
    from refkit.manuscript.rules import cite_rules

    return [*default_rules(), *cite_rules(), *verify_rules()]


def rule_table() -> dict[str, tuple[str, str, str]]:
    return {rule.code: (rule.name, rule.summary(), rule.documentation()) for rule in every_rule()}


@click.command("rules")
@click.argument("code", required=False)
def rules_command(code: str | None) -> int:
    """List every rule, or explain one (by code or name) with its examples."""
    rules = every_rule()
    if code is None:
        for rule in rules:
            click.echo(f"{rule.code}  {rule.name:<32} {rule.severity.label:<8} {rule.summary()}")
        return ExitCode.OK
    for rule in rules:
        if code.upper() == rule.code or code == rule.name:
            click.echo(f"{rule.code} {rule.name} (default severity: {rule.severity.label})\n")
            click.echo(rule.documentation())
            return ExitCode.OK
    raise RefkitError(f"no rule {code!r} (see `refkit rules`)")
