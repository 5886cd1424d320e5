"""Placeholder until this command lands."""

from __future__ import annotations

import click


@click.command("cite-check")
def cite_check_command() -> int:
    """Not yet available."""
    raise click.ClickException("not implemented yet")
