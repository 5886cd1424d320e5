"""Placeholder until this command lands."""

from __future__ import annotations

import click


@click.command("fix")
def fix_command() -> int:
    """Not yet available."""
    raise click.ClickException("not implemented yet")
