"""``refkit import``: turn a pasted plain-text reference list into BibTeX and friends."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from refkit.core.errors import InputError
from refkit.refparse.export import FORMATS, render
from refkit.refparse.keys import DEFAULT_KEY_PATTERN, PLACEHOLDERS


def _checked_pattern(_context: click.Context, _parameter: click.Parameter, value: str) -> str:
    """The key pattern, refused before any input is read when it could not make keys."""
    from refkit.refparse.keys import check_key_pattern

    try:
        check_key_pattern(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    return value


def _fail(path: str, message: str) -> NoReturn:
    # Raised, not sys.exit: cli.main prints the one line and returns 2, also when
    # called in-process (a SystemExit escaped main()).
    raise InputError(message, path=path)


@click.command("import")
@click.argument("file", type=str)
@click.option(
    "-o",
    "--output",
    "output",
    type=str,
    default=None,
    help="Write here instead of standard output.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="bibtex",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--key-pattern",
    default=DEFAULT_KEY_PATTERN,
    show_default=True,
    callback=_checked_pattern,
    help="Citation key pattern; placeholders: "
    + ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
    + ".",
)
@click.option(
    "--one-per-line",
    is_flag=True,
    default=False,
    help="Treat every non-empty line as one reference.",
)
def import_command(
    file: str, output: str | None, fmt: str, key_pattern: str, one_per_line: bool
) -> None:
    """Parse the plain-text reference list in FILE ('-' for standard input)."""
    from refkit.bib.io import read_input, read_stream
    from refkit.refparse.parse import parse_reference_list

    try:
        # Read as a regular file of bounded size: /dev/zero or a FIFO would never end.
        data = read_stream(sys.stdin.buffer) if file == "-" else read_input(file)[0]
        text = data.decode("utf-8")
    except InputError as exc:
        _fail(file, exc.message if file == "-" or os.path.exists(file) else "no such file")
    except FileNotFoundError:
        _fail(file, "no such file")
    except IsADirectoryError:
        _fail(file, "is a directory")
    except UnicodeDecodeError as exc:
        _fail(file, f"not UTF-8 text (byte {exc.start})")
    except OSError as exc:
        _fail(file, exc.strerror or str(exc))
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        found = parse_reference_list(
            text, key_pattern=key_pattern, one_per_line=True if one_per_line else None
        )
    except ValueError as exc:
        _fail(file, str(exc))
    except FileNotFoundError as exc:  # missing model file: an installation problem
        _fail(file, str(exc))
    refs = list(found.references)
    for dropped in found.dropped:
        # What was not imported is said, not silently lost.
        lines = dropped.text.count("\n") + 1
        click.echo(
            f"refkit: {file}:{dropped.first_line}-{dropped.last_line}: note: "
            f"{lines} line(s) {dropped.reason} not imported",
            err=True,
        )
    if not refs:
        _fail(file, "no references found")
    out = render(refs, fmt)
    if output is None or output == "-":
        click.echo(out, nl=False)
        return
    try:
        Path(output).write_text(out, encoding="utf-8")
    except OSError as exc:
        _fail(output, exc.strerror or str(exc))
