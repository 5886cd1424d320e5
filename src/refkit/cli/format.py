"""``refkit format``: lay .bib files out consistently, losing nothing.

Options come from ``[tool.refkit.format]`` (``refkit.tidy.options``), overridden by the
command line.  Files are rewritten in place atomically and only when something changed;
``--check`` and ``--diff`` write nothing.  ``--keys`` and ``--since REV`` rewrite only
some entries, so that a formatting commit can stay small.
Exit codes: 0 success, 1 ``--check`` found a file to reformat, 2 input errors.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from refkit.bib.io import write_text
from refkit.bib.model import Entry
from refkit.cli.exit_codes import ExitCode
from refkit.cli.fix import unified_diff
from refkit.cli.options import read_bibliography, split_codes
from refkit.core.errors import InputError, UsageError
from refkit.tidy.formatting import FormatResult, format_text
from refkit.tidy.options import FormatOptions, format_options, format_options_for
from refkit.tidy.ranges import changed_lines, entries_on_lines, keys_selector

__all__ = ["format_command"]

#: Command-line options that override a ``[tool.refkit.format]`` key of the same name.
_OVERRIDES = (
    "indent",
    "align",
    "field_order",
    "sort",
    "delimiters",
    "lowercase",
    "trailing_comma",
    "blank_lines",
    "wrap",
    "months",
    "numeric",
    "remove_empty_fields",
    "comments",
)


def _integer_or(word: str) -> Callable[[str], int | str]:
    def convert(value: str) -> int | str:
        if value.lower() == word:
            return word
        try:
            return int(value)
        except ValueError:
            raise click.BadParameter(f"expected a number or {word!r}, not {value!r}") from None

    return convert


def _options(path: str, config_path: str | None, overrides: dict[str, Any]) -> FormatOptions:
    start = Path(path) if path != "-" else Path.cwd()
    base = format_options_for(start, Path(config_path) if config_path else None)
    table = {
        name.replace("_", "-"): value for name, value in overrides.items() if value is not None
    }
    return format_options(table, base) if table else base


def _selector(
    path: str, keys: tuple[str, ...], since: str | None
) -> Callable[[Entry], bool] | None:
    chosen: list[Callable[[Entry], bool]] = []
    if keys:
        chosen.append(keys_selector(split_codes(keys)))
    if since is not None:
        if path == "-":
            raise UsageError("--since needs a file, not standard input")
        chosen.append(entries_on_lines(changed_lines(path, since)))
    if not chosen:
        return None
    return lambda entry: any(select(entry) for select in chosen)


@click.command("format")
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--check", "check_only", is_flag=True, help="Write nothing; exit 1 if a file would change."
)
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff; write nothing.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the result here instead of in place (one input file only; - for stdout).",
)
@click.option("--keys", multiple=True, help="Only these entries (comma-separated keys).")
@click.option(
    "--since", metavar="REV", default=None, help="Only entries changed since a git revision."
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Configuration file (default: nearest refkit.toml or pyproject.toml).",
)
@click.option("--encoding", default=None, help="Encoding of the input files.")
@click.option(
    "--indent", type=_integer_or("tab"), default=None, metavar="N|tab", help="Spaces, or tab."
)
@click.option(
    "--align",
    type=_integer_or("entry"),
    default=None,
    metavar="N|entry",
    help="Name column width, 0, or 'entry'.",
)
@click.option(
    "--field-order", default=None, help="keep, bibtex-tidy, biblatex, alphabetical, or names."
)
@click.option("--sort", default=None, help="none, key, type+key, year, or fields (-year,key).")
@click.option("--delimiters", type=click.Choice(["braces", "quotes", "keep"]), default=None)
@click.option("--lowercase/--no-lowercase", default=None, help="Lower-case types and field names.")
@click.option("--trailing-comma/--no-trailing-comma", default=None)
@click.option(
    "--blank-lines", type=click.IntRange(0), default=None, help="Blank lines between entries."
)
@click.option(
    "--wrap", type=click.IntRange(0), default=None, help="Wrap long values at this column."
)
@click.option("--months", type=click.Choice(["keep", "macro"]), default=None)
@click.option("--numeric/--no-numeric", default=None, help="Write digit-only values bare.")
@click.option("--remove-empty-fields/--keep-empty-fields", "remove_empty_fields", default=None)
@click.option("--comments", type=click.Choice(["keep", "tidy"]), default=None)
@click.option("--quiet", "-q", is_flag=True, help="No summary line.")
@click.option("--verbose", "-v", is_flag=True, help="List entries left as written, and why.")
def format_command(
    files: tuple[str, ...],
    check_only: bool,
    show_diff: bool,
    output: str | None,
    keys: tuple[str, ...],
    since: str | None,
    config_path: str | None,
    encoding: str | None,
    quiet: bool,
    verbose: bool,
    **overrides: Any,
) -> int:
    """Lay .bib files out in one consistent style, in place and atomically."""
    if output is not None and len(files) != 1:
        raise UsageError("-o/--output takes exactly one input file")
    writes = not (show_diff or check_only)
    chosen = {name: overrides.get(name) for name in _OVERRIDES}
    had_error = False
    changed = 0
    for path in files:
        try:
            options = _options(path, config_path, chosen)
            bibliography = read_bibliography(path, encoding)
            result = format_text(bibliography, options, only=_selector(path, keys, since))
            if show_diff and result.changed:
                click.echo(unified_diff(result.original, result.text, path), nl=False)
            if writes:
                _write(result, path, output)
        except (InputError, UsageError) as problem:
            click.echo(f"refkit: error: {problem}", err=True)
            had_error = True
            continue
        if result.changed:
            changed += 1
            if check_only and not quiet:
                click.echo(f"would reformat {path}", err=True)
        if verbose:
            for kept in result.kept:
                where = f"{path}:{kept.line}" if kept.line is not None else path
                click.echo(f"{where}: [{kept.key}] left as written: {kept.reason}", err=True)
    if not quiet:
        verb = "would be reformatted" if not writes else "reformatted"
        click.echo(
            f"{changed} of {len(files)} file{'s' if len(files) != 1 else ''} {verb}", err=True
        )
    if had_error:
        return ExitCode.ERROR
    return ExitCode.FINDINGS if check_only and changed else ExitCode.OK


def _write(result: FormatResult, path: str, output: str | None) -> None:
    """To ``output``, to stdout for ``-`` (or stdin input), or in place if it changed."""
    target = output if output is not None else path
    if target == "-":
        sys.stdout.write(result.text)
        sys.stdout.flush()
        return
    if output is None and not result.changed:
        return
    write_text(target, result.text, result.encoding, result.bom)
