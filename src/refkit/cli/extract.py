"""``refkit extract``: write the bibliography of one paper, cut from a master file.

``refkit extract paper.tex --bib master.bib -o paper.bib`` writes the entries the paper
cites (LaTeX, Pandoc Markdown, or a .aux file LaTeX wrote), their ``crossref``/``xdata``
parents, the ``@string``s they use and the ``@preamble``, in the master's order and
bytes (``refkit.tidy.extract``).  Written atomically; ``-o -`` (the default) prints.
Exit codes: 0 success, 1 a cited key is in no master file, 2 input errors.
"""

from __future__ import annotations

import sys

import click

from refkit.bib.io import write_text
from refkit.cli.exit_codes import ExitCode
from refkit.cli.options import read_bibliography
from refkit.tidy.extract import cited_keys, extract

__all__ = ["extract_command"]


@click.command("extract")
@click.argument("manuscripts", nargs=-1, required=True)
@click.option("--bib", "bib_files", multiple=True, required=True, help="The master .bib file(s).")
@click.option(
    "-o",
    "--output",
    default="-",
    type=click.Path(dir_okay=False),
    help="Where to write (default: stdout).",
)
@click.option("--encoding", default=None, help="Encoding of the input files.")
@click.option("--quiet", "-q", is_flag=True, help="No summary line.")
def extract_command(
    manuscripts: tuple[str, ...],
    bib_files: tuple[str, ...],
    output: str,
    encoding: str | None,
    quiet: bool,
) -> int:
    """Write exactly the entries a paper cites (and what they need) to a new .bib file."""
    keys: list[str] = []
    for path in manuscripts:
        keys.extend(cited_keys(path, encoding))
    bibliographies = [read_bibliography(path, encoding) for path in bib_files]
    result = extract(bibliographies, list(dict.fromkeys(keys)))
    if output == "-":
        sys.stdout.write(result.text)
        sys.stdout.flush()
    else:
        first = bibliographies[0]
        write_text(output, result.text, first.encoding, first.bom)
    for cited, found in result.case_matched:
        click.echo(
            f"refkit: warning: {cited!r} matches {found!r} only when case is ignored", err=True
        )
    for key in result.missing:
        click.echo(f"refkit: warning: {key!r} is cited but in no --bib file", err=True)
    if not quiet:
        click.echo(
            f"{result.entries} entries and {result.strings} @string(s) extracted"
            + (f"; {len(result.missing)} cited key(s) missing" if result.missing else ""),
            err=True,
        )
    return ExitCode.FINDINGS if result.missing else ExitCode.OK
