"""``refkit fix``: apply the rules' fixes in place, or show them as a diff.

Safe fixes are applied by default, unsafe ones with ``--unsafe``.  Files are written
atomically and only when something changed; ``--diff`` and ``--check`` write nothing.
Exit codes: 0 success, 1 ``--check`` found something to change, 2 input errors.
"""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass, field

import click

from refkit.bib.io import dump
from refkit.bib.model import Bibliography
from refkit.cli.exit_codes import ExitCode
from refkit.cli.options import read_bibliography, resolve_config, selection_options
from refkit.cli.parallel import jobs_option, ordered_map
from refkit.core.errors import InputError, UsageError
from refkit.lint.config import Config
from refkit.lint.fixing import AppliedFix, FixResult, fix

__all__ = ["describe_fix", "fix_command", "format_fix_summary", "unified_diff"]


def unified_diff(before: str, after: str, path: str) -> str:
    """A unified diff of one file with ``a/`` and ``b/`` names, as ``git diff`` writes it."""
    name = path.lstrip("/") if path != "-" else "<stdin>"
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
    )
    out: list[str] = []
    for line in lines:
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def format_fix_summary(fixes: int, entries: int, unsafe_available: int, *, would: bool) -> str:
    """``12 fixes in 5 entries; 3 unsafe fixes available with --unsafe``."""
    text = f"{_plural(fixes, 'fix', 'fixes')} in {_plural(entries, 'entry', 'entries')}"
    if not fixes:
        text = "nothing to fix"
    elif would:
        text = f"would apply {text}"
    if unsafe_available:
        text += (
            f"; {_plural(unsafe_available, 'unsafe fix', 'unsafe fixes')} available with --unsafe"
        )
    return text


def describe_fix(path: str, item: AppliedFix) -> str:
    """``refs.bib:12: RK301 doi-is-url [smith2020.doi] {https://doi.org/10.1/x} -> {10.1/x}``."""
    line = item.diagnostic.line
    where = f"{path}:{line}" if line is not None else path
    field = f".{item.field}" if item.field else ""
    change = f" {item.before} -> {item.after}" if item.before or item.after else ""
    return f"{where}: {item.code} {item.name} [{item.entry_key}{field}]{change}"


@click.command("fix")
@click.argument("files", nargs=-1, required=True)
@selection_options
@click.option("--unsafe", is_flag=True, help="Also apply fixes that may be wrong in context.")
@click.option(
    "--online",
    is_flag=True,
    help="Also run refkit verify's rules (RK10xx, asking the registries); their fixes "
    "are unsafe, so they apply only with --unsafe.",
)
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff; write nothing.")
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 when a fix would change something.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the fixed file here instead of in place (one input file only; - for stdout).",
)
@click.option("--quiet", "-q", is_flag=True, help="No summary line.")
@click.option("--verbose", "-v", is_flag=True, help="List every fix applied on stderr.")
@jobs_option
def fix_command(
    files: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    config_path: str | None,
    encoding: str | None,
    unsafe: bool,
    online: bool,
    show_diff: bool,
    check_only: bool,
    output: str | None,
    quiet: bool,
    verbose: bool,
    jobs: int,
) -> int:
    """Apply the safe fixes of refkit's rules to .bib files (in place, atomically)."""
    if output is not None and len(files) != 1:
        raise UsageError("-o/--output takes exactly one input file")
    writes = not (show_diff or check_only)
    had_error = False
    total_fixes = 0
    total_entries = 0
    unsafe_left = 0
    changed_files = 0
    tasks = [
        _FixTask(
            path,
            config_path,
            select,
            ignore,
            extend_select,
            encoding,
            unsafe,
            online,
            show_diff,
            writes,
            output,
            verbose,
        )
        for path in files
    ]
    # Standard input and output belong to this process; online look-ups share one
    # client and its rate limits.
    serial = online or output is not None or "-" in files
    for outcome in ordered_map(_fix_file, tasks, 1 if serial else jobs):
        if outcome.diff:
            click.echo(outcome.diff, nl=False)
        for line in outcome.messages:
            click.echo(line, err=True)
        if outcome.failed:
            had_error = True
            continue
        changed_files += outcome.changed
        total_fixes += outcome.fixes
        total_entries += outcome.entries
        unsafe_left += outcome.unsafe_left
    if not quiet and (not had_error or total_fixes or unsafe_left):
        # After an error, "nothing to fix" would claim a file was looked at and was fine.
        click.echo(
            format_fix_summary(total_fixes, total_entries, unsafe_left, would=not writes),
            err=True,
        )
    if had_error:
        return ExitCode.ERROR
    return ExitCode.FINDINGS if check_only and changed_files else ExitCode.OK


@dataclass(frozen=True)
class _FixTask:
    """What a worker needs to fix one file (the command's options, as given)."""

    path: str
    config_path: str | None
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    extend_select: tuple[str, ...]
    encoding: str | None
    unsafe: bool
    online: bool
    show_diff: bool
    writes: bool
    output: str | None
    verbose: bool


@dataclass
class _FixOutcome:
    """What fixing one file printed and counted, replayed by the parent in file order."""

    diff: str = ""
    messages: list[str] = field(default_factory=list)
    failed: bool = False
    changed: bool = False
    fixes: int = 0
    entries: int = 0
    unsafe_left: int = 0


def _fix_file(task: _FixTask) -> _FixOutcome:
    """Fix one file (run in a worker): write it if asked, and say what happened."""
    path = task.path
    outcome = _FixOutcome()
    try:
        config = resolve_config(
            path, task.config_path, task.select, task.ignore, task.extend_select, None, None
        )
        bibliography = read_bibliography(path, task.encoding)
        if task.online:
            result = _fix_online(bibliography, config, task.unsafe)
        else:
            result = fix(bibliography, config, unsafe=task.unsafe)
        before = bibliography.dumps()
        after = result.bibliography.dumps()
        if task.show_diff and after != before:
            outcome.diff = unified_diff(before, after, path)
        if task.writes:
            _write(result, path, task.output, changed=after != before)
    except (InputError, UsageError) as problem:
        outcome.messages.append(f"refkit: error: {problem}")
        outcome.failed = True
        return outcome
    outcome.changed = after != before
    outcome.fixes = len(result.applied)
    outcome.entries = result.entries_changed
    outcome.unsafe_left = result.available_unsafe
    for item in result.applied:
        # Changes taken from a registry always name their source record.
        if task.verbose or item.code.startswith(ONLINE_PREFIX):
            source = f" ({item.description})" if item.code.startswith(ONLINE_PREFIX) else ""
            outcome.messages.append(describe_fix(path, item) + source)
    if not result.converged:
        outcome.messages.append(
            f"refkit: warning: {path}: fixes did not settle after {result.passes} passes"
        )
    for diagnostic, reason in result.rejected:
        outcome.messages.append(
            f"refkit: warning: {path}: fix of {diagnostic.code} for "
            f"{diagnostic.location or '?'} not applied: {reason}"
        )
    return outcome


#: The code prefix of refkit verify's rules (``--online``).
ONLINE_PREFIX = "RK10"


def _fix_online(bibliography: Bibliography, config: Config, unsafe: bool) -> FixResult:
    """``fix`` with the RK10xx rules too, their look-ups done once before fixing."""
    from refkit.lint.rules import default_rules
    from refkit.lookup import online_rules

    with online_rules(bibliography, config) as extra:
        rules = [*(config.rules or default_rules(config.corrections)), *extra]
        return fix(bibliography, config.replace(rules=tuple(rules)), unsafe=unsafe)


def _write(result: FixResult, path: str, output: str | None, *, changed: bool) -> None:
    """Write the fixed text: to ``output``, to stdout for ``-``, or in place if it changed."""
    target = output if output is not None else path
    if target == "-":
        sys.stdout.write(result.bibliography.dumps())
        sys.stdout.flush()
        return
    if output is None and not changed:
        return
    dump(result.bibliography, target)
