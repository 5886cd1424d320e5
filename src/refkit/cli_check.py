"""``refkit check`` and ``refkit rules``."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click

from refkit.bibtex import load, loads
from refkit.checking import check
from refkit.config import Config, config_for, load_config
from refkit.diagnostics import Severity
from refkit.errors import InputError, RefkitError, UsageError
from refkit.model import Bibliography
from refkit.report import OutputFormat, ReportWriter
from refkit.rules import DataModel, Rule, default_rules

FORMATS = [item.value for item in OutputFormat]


def split_codes(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--select RK1,RK2 --select RK3`` to ``("RK1", "RK2", "RK3")``."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def resolve_config(
    path: str,
    config_path: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    fail_on: str | None,
    data_model: str | None,
) -> Config:
    """The file's configuration with command-line options on top."""
    start = Path(path) if path != "-" else Path.cwd()
    config = load_config(Path(config_path)) if config_path else config_for(start)
    changes: dict[str, object] = {}
    if select:
        changes["select"] = split_codes(select)
    if ignore:
        changes["ignore"] = config.ignore + split_codes(ignore)
    if extend_select:
        changes["extend_select"] = config.extend_select + split_codes(extend_select)
    if fail_on:
        changes["fail_on"] = Severity.parse(fail_on)
    if data_model:
        changes["data_model"] = DataModel(data_model)
    return config.replace(**changes) if changes else config


def read_bibliography(path: str, encoding: str | None) -> Bibliography:
    if path == "-":
        data = sys.stdin.buffer.read()
        from refkit.encoding import decode

        decoded = decode(data, encoding, "<stdin>")
        return loads(decoded.text, path="<stdin>", encoding=decoded.encoding)
    return load(path, encoding=encoding)


def selection_options(function: click.decorators.FC) -> click.decorators.FC:
    """The rule-selection options shared by check, fix and cite-check."""
    for decorator in reversed(
        [
            click.option("--select", multiple=True, help="Only these codes/prefixes/names."),
            click.option("--ignore", multiple=True, help="Skip these codes/prefixes/names."),
            click.option("--extend-select", multiple=True, help="Add to the selection."),
            click.option(
                "--config",
                "config_path",
                type=click.Path(dir_okay=False),
                default=None,
                help="Configuration file (default: nearest refkit.toml or pyproject.toml).",
            ),
            click.option("--encoding", default=None, help="Encoding of the input files."),
        ]
    ):
        function = decorator(function)
    return function


def report_options(function: click.decorators.FC) -> click.decorators.FC:
    """The reporting options shared by check and cite-check."""
    for decorator in reversed(
        [
            click.option(
                "--format",
                "output",
                type=click.Choice(FORMATS),
                default="text",
                show_default=True,
                help="Output format.",
            ),
            click.option(
                "--fail-on",
                type=click.Choice(["error", "warning", "info"]),
                default=None,
                help="Lowest severity that makes the exit code 1 (default: error).",
            ),
            click.option(
                "--excerpt/--no-excerpt",
                default=None,
                help="Show source lines under text findings (default: on a terminal).",
            ),
            click.option("--quiet", "-q", is_flag=True, help="Text format: no summary line."),
        ]
    ):
        function = decorator(function)
    return function


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
) -> int:
    """Lint .bib files with refkit's rules (see `refkit rules`)."""
    had_error = False
    failing = False
    tty = sys.stdout.isatty()
    show_excerpt = tty if excerpt is None else excerpt
    chosen = OutputFormat(output)
    buffer = io.StringIO()
    # Streamed file by file: a run over a large corpus holds one file's findings, and CI
    # logs show output as it comes.  Only SARIF describes the rules, so only it builds
    # the table (which imports cite-check's rules too).
    writer = ReportWriter(
        chosen,
        buffer,
        colour=tty,
        excerpts=show_excerpt,
        rules=rule_table() if chosen is OutputFormat.SARIF else None,
    )
    for path in sorted(files):
        try:
            config = resolve_config(
                path, config_path, select, ignore, extend_select, fail_on, data_model
            )
            bibliography = read_bibliography(path, encoding)
        except (InputError, UsageError) as problem:
            click.echo(f"refkit: error: {problem}", err=True)
            had_error = True
            continue
        diagnostics = check(bibliography, config)
        writer.write(diagnostics, bibliography.source.text if show_excerpt else None)
        _flush(buffer)
        failing = failing or any(item.severity >= config.fail_on for item in diagnostics)
        # Free this file before the next is read: two at once would double the peak.
        del bibliography, diagnostics
    writer.close(len(files))
    _flush(buffer)
    if chosen is OutputFormat.TEXT and not quiet:
        click.echo(writer.tally.line(), err=not writer.tally.total)
    if had_error:
        return 2
    return 1 if failing else 0


def _flush(buffer: io.StringIO) -> None:
    if buffer.tell():
        click.echo(buffer.getvalue(), nl=False)
        buffer.seek(0)
        buffer.truncate()


def every_rule() -> list[Rule]:
    """The rules of check and fix, then those of cite-check (RK9xx)."""
    from refkit.manuscript.rules import cite_rules

    return [*default_rules(), *cite_rules()]


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
        return 0
    for rule in rules:
        if code.upper() == rule.code or code == rule.name:
            click.echo(f"{rule.code} {rule.name} (default severity: {rule.severity.label})\n")
            click.echo(rule.documentation())
            return 0
    raise RefkitError(f"no rule {code!r} (see `refkit rules`)")
