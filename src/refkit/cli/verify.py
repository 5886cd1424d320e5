"""``refkit verify``: check every reference against the registries, report as findings.

Output formats, ``--fail-on`` and exit codes are those of ``refkit check``: 0 nothing at or
above ``--fail-on``, 1 findings, 2 input errors, or when no entry could be checked at all
(every registry unreachable, or ``--offline`` without the answers in the cache).  A
registry that cannot be used is named once on stderr; its entries are reported as not
checked (RK1000), never as wrong.  A progress bar goes to stderr on a terminal only.

The JSON report is check's (the same 1.0 members, unchanged) with one more top-level
member, ``verification``: the verdict on every entry, also those with no finding
(``refkit.lookup.run.verification_document``).  A consumer of check's JSON reads it as
before; one that wants to know which entries were verified reads the new member.  The
SARIF report carries the same document in its run's property bag
(``runs[0].properties.verification``).
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import click

from refkit.cli.exit_codes import ExitCode
from refkit.cli.options import (
    read_bibliography,
    report_options,
    resolve_config,
    selection_options,
    split_codes,
)
from refkit.core.errors import InputError, UsageError
from refkit.lint.report import ReportFormat, ReportWriter
from refkit.lookup import VerifyOptions, VerifyResult, rules, verify
from refkit.lookup.http import HttpClient
from refkit.lookup.run import close_client, open_client, resolve_options, verification_document

#: Formats written as one document, completed with every entry's verdict at the end.
_DOCUMENTS = frozenset({ReportFormat.JSON, ReportFormat.SARIF})


def rule_table() -> dict[str, tuple[str, str, str]]:
    return {rule.code: (rule.name, rule.summary(), rule.documentation()) for rule in rules()}


class _ProgressBar:
    """``refkit verify: 12/40 entries`` rewritten in place on a terminal's stderr."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\r{self.label} [{bar}] {done}/{total} entries")
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


class _Clients:
    """One HTTP client per distinct settings, shared by the files that have them: its
    cache, its rate limits and what it learnt of registries that cannot be reached."""

    def __init__(self) -> None:
        self._open: list[tuple[VerifyOptions, HttpClient]] = []

    def client(self, options: VerifyOptions) -> HttpClient:
        for known, client in self._open:
            if known == options:
                return client
        client = open_client(options)
        self._open.append((options, client))
        return client

    def close(self) -> None:
        for _options, client in self._open:
            close_client(client)


def _options(
    base: VerifyOptions,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    offline: bool,
    refresh: bool,
    cache: str | None,
    no_cache: bool,
    mailto: str | None,
) -> VerifyOptions:
    changes: dict[str, object] = {"offline": offline, "refresh": refresh}
    chosen = split_codes(select) if select else base.select
    if select or extend_select:
        changes["select"] = chosen + split_codes(extend_select)
    if ignore:
        changes["ignore"] = base.ignore + split_codes(ignore)
    if cache:
        changes["cache"] = Path(cache)
    if no_cache:
        changes["cache"] = None
    if mailto:
        changes["mailto"] = mailto
    return base.replace(**changes)


@click.command("verify")
@click.argument("files", nargs=-1, required=True)
@selection_options
@report_options
@click.option("--offline", is_flag=True, help="Ask no registry: answer from the cache only.")
@click.option("--refresh", is_flag=True, help="Ask the registries again, ignoring the cache.")
@click.option(
    "--cache",
    type=click.Path(dir_okay=False),
    default=None,
    help="The cache file (default: [tool.refkit.verify] cache, else the user cache dir).",
)
@click.option("--no-cache", is_flag=True, help="Keep no cache (every run asks again).")
@click.option("--mailto", default=None, help="Your e-mail for Crossref's polite pool.")
def verify_command(
    files: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    config_path: str | None,
    encoding: str | None,
    output: str,
    fail_on: str | None,
    excerpt: bool | None,
    quiet: bool,
    offline: bool,
    refresh: bool,
    cache: str | None,
    no_cache: bool,
    mailto: str | None,
) -> int:
    """Check .bib entries against Crossref, DataCite, doi.org, arXiv, Open Library, DBLP."""
    if offline and refresh:
        raise UsageError("--offline and --refresh exclude each other")
    tty = sys.stdout.isatty()
    show_excerpt = tty if excerpt is None else excerpt
    chosen = ReportFormat(output)
    buffer = io.StringIO()
    writer = ReportWriter(
        chosen,
        buffer,
        colour=tty,
        excerpts=show_excerpt,
        rules=rule_table() if chosen is ReportFormat.SARIF else None,
    )
    had_error = False
    failing = False
    results: list[VerifyResult] = []
    told: set[str] = set()
    clients = _Clients()
    try:
        for path in sorted(files):
            try:
                config = resolve_config(path, config_path, (), (), (), fail_on, None)
                base = resolve_options(config, None)
                options = _options(
                    base, select, ignore, extend_select, offline, refresh, cache, no_cache, mailto
                )
                bibliography = read_bibliography(path, encoding)
            except (InputError, UsageError) as problem:
                click.echo(f"refkit: error: {problem}", err=True)
                had_error = True
                continue
            shows_progress = sys.stderr.isatty() and not quiet
            progress = _ProgressBar(f"refkit verify {path}") if shows_progress else None
            try:
                client = clients.client(options)
                result = verify(
                    bibliography, config, options=options, client=client, progress=progress
                )
            finally:
                if progress is not None:
                    progress.clear()
            results.append(result)
            writer.write(list(result), bibliography.source.text if show_excerpt else None)
            if chosen not in _DOCUMENTS:
                _flush(buffer)
            threshold = config.fail_on if fail_on else options.fail_on
            failing = failing or any(item.severity >= threshold for item in result)
            _tell(result, told)
    finally:
        clients.close()
    writer.close(len(files))
    if chosen in _DOCUMENTS:
        # The verdicts are known only at the end; a verify report is small (one look-up
        # per entry), so the document is completed whole rather than streamed.
        document = json.loads(buffer.getvalue())
        verification = verification_document(results)
        if chosen is ReportFormat.JSON:
            document["verification"] = verification
        else:
            # SARIF's place for what a tool adds to its run is the run's property bag;
            # an entry verified or not checked is not a result (code scanning would
            # show any result as an alert: it ignores a result's "kind").
            document["runs"][0].setdefault("properties", {})["verification"] = verification
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        _flush(buffer)
    if not quiet:
        # After every file failed to load, a "0 problems" tally would say it was checked.
        if chosen is ReportFormat.TEXT and (results or not had_error):
            click.echo(writer.tally.line(), err=not writer.tally.total)
        for result in results:
            asked = f"{result.requests} requests, {result.cache_hits} answers from the cache"
            click.echo(f"{result.path}: {result.summary()} ({asked})", err=True)
    if had_error:
        return ExitCode.ERROR
    looked_up = [result for result in results if result.outcomes]
    if looked_up and all(result.nothing_checked for result in looked_up):
        return ExitCode.ERROR
    return ExitCode.FINDINGS if failing else ExitCode.OK


def _tell(result: VerifyResult, told: set[str]) -> None:
    """Name each registry that could not be used, and a cache problem, once a run."""
    for notice in result.notices:
        if notice.source.value not in told:
            told.add(notice.source.value)
            click.echo(
                f"refkit: {notice.source.label} could not be used: {notice.reason}; "
                "its entries are reported as not checked (RK1000)",
                err=True,
            )
    if result.cache_problem and "cache" not in told:
        told.add("cache")
        click.echo(f"refkit: warning: {result.cache_problem}", err=True)


def _flush(buffer: io.StringIO) -> None:
    if buffer.tell():
        click.echo(buffer.getvalue(), nl=False)
        buffer.seek(0)
        buffer.truncate()
