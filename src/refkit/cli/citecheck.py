"""``refkit cite-check``: a manuscript's citations against its bibliography (RK9xx)."""

from __future__ import annotations

import sys

import click

from refkit.bib.model import Bibliography
from refkit.cli.exit_codes import ExitCode
from refkit.cli.options import read_bibliography, report_options, resolve_config, selection_options
from refkit.core.diagnostics import Diagnostic
from refkit.core.errors import InputError, UsageError
from refkit.lint.report import ReportFormat, format_summary_line, render
from refkit.manuscript import Manuscript, ManuscriptKind, check_manuscripts, read_manuscript
from refkit.manuscript.rules import cite_rules


def _read(path: str, kind: str | None, encoding: str | None) -> Manuscript:
    """A manuscript from a file, or from standard input for ``-`` (prose unless --kind)."""
    if path != "-":
        return read_manuscript(path, kind, encoding)
    from refkit.bib.io import read_stream
    from refkit.core.encoding import decode

    text = decode(read_stream(sys.stdin.buffer), encoding, "<stdin>").text
    chosen = ManuscriptKind(kind) if kind else ManuscriptKind.PROSE
    return Manuscript(text=text, kind=chosen, path="<stdin>")


def cite_rule_table() -> dict[str, tuple[str, str, str]]:
    """Code to (name, summary, documentation) of every cite-check rule, for SARIF."""
    return {rule.code: (rule.name, rule.summary(), rule.documentation()) for rule in cite_rules()}


@click.command("cite-check")
@click.argument("manuscripts", nargs=-1, required=True)
@click.option(
    "--bib",
    "bibs",
    multiple=True,
    metavar="FILE",
    help="Bibliography (.bib) to check against; repeat for several (default: the files the "
    "manuscript names with \\bibliography, \\addbibresource or YAML `bibliography`).",
)
@click.option(
    "--kind",
    type=click.Choice([kind.value for kind in ManuscriptKind]),
    default=None,
    help="Manuscript markup (default: from the extension; .tex LaTeX, .md Markdown, else prose).",
)
@selection_options
@report_options
def cite_check_command(
    manuscripts: tuple[str, ...],
    bibs: tuple[str, ...],
    kind: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    config_path: str | None,
    encoding: str | None,
    output: str,
    fail_on: str | None,
    excerpt: bool | None,
    quiet: bool,
) -> int:
    """Check MANUSCRIPT citations (LaTeX, Pandoc Markdown or author-year prose) against --bib.

    \b
    RK901 citation-not-in-bibliography   RK905 ambiguous-citation
    RK902 entry-never-cited              RK906 quotation-without-locator
    RK903 cited-author-mismatch          RK907 malformed-citation-punctuation
    RK904 cited-year-mismatch
    """
    config = resolve_config(
        manuscripts[0], config_path, select, ignore, extend_select, fail_on, None
    )
    bibliographies: list[Bibliography] = []
    read: list[Manuscript] = []
    sources: dict[str, str] = {}
    had_error = False
    for path in manuscripts:
        try:
            manuscript = _read(path, kind, encoding)
        except (InputError, UsageError) as problem:
            click.echo(f"refkit: error: {problem}", err=True)
            had_error = True
            continue
        read.append(manuscript)
        sources[manuscript.path or path] = manuscript.text
    if not bibs:
        bibs = tuple(dict.fromkeys(name for item in read for name in item.bibliographies))
        if not bibs and not had_error:
            raise UsageError("no bibliography: give --bib FILE (the manuscript names no .bib file)")
    for path in bibs:
        try:
            bibliography = read_bibliography(path, encoding)
        except (InputError, UsageError) as problem:
            click.echo(f"refkit: error: {problem}", err=True)
            had_error = True
            continue
        bibliographies.append(bibliography)
        sources[bibliography.path or path] = bibliography.source.text
    if had_error:
        # Nothing was checked: a "0 problems" summary after the error would say otherwise.
        return ExitCode.ERROR
    found: list[Diagnostic] = check_manuscripts(read, bibliographies, config)
    chosen = ReportFormat(output)
    tty = sys.stdout.isatty()
    show_excerpt = tty if excerpt is None else excerpt
    files = len(manuscripts) + len(bibs)
    text = render(
        found,
        chosen,
        files=files,
        sources=sources if show_excerpt else None,
        colour=tty,
        rules=cite_rule_table(),
    )
    click.echo(text, nl=False)
    if chosen is ReportFormat.TEXT and not quiet:
        click.echo(format_summary_line(found, files), err=not found)
    failing = any(item.severity >= config.fail_on for item in found)
    return ExitCode.FINDINGS if failing else ExitCode.OK
