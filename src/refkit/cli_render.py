"""Placeholder until these commands land."""

from __future__ import annotations

import click


@click.command("render")
def render_command() -> int:
    """Not yet available."""
    raise click.ClickException("not implemented yet")


@click.command("convert")
def convert_command() -> int:
    """Not yet available."""
    raise click.ClickException("not implemented yet")
