"""Options and input handling shared by the commands: rule selection, reporting, reading."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from refkit.bib.io import load, loads, read_stream
from refkit.bib.model import Bibliography
from refkit.core.diagnostics import Severity
from refkit.lint.config import Config, config_for, load_config
from refkit.lint.datamodel import DataModel
from refkit.lint.report import ReportFormat

FORMATS = [item.value for item in ReportFormat]


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
        data = read_stream(sys.stdin.buffer)
        from refkit.core.encoding import decode

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
