"""``refkit merge``: fold duplicate entries into one, in one file or across several.

Only entries that RK701 (``refkit check``) reports as duplicates and that are the same
work by the stricter policy of ``refkit.tidy.merging`` are merged.  Conflicting fields
are resolved by ``--strategy`` (``first``, ``last``, ``most-complete``) or, with
``--interactive``, by asking; every conflict is printed with the values that lost.  The
removed keys are written as a key map (``--map``) and replaced in ``--manuscript``
sources.  ``--dry-run`` shows the groups and conflicts and writes nothing.
Exit codes: 0 success, 1 ``--dry-run`` found duplicates, 2 input errors.
"""

from __future__ import annotations

from collections.abc import Sequence

import click

from refkit.bib.io import dump, write_text
from refkit.bib.model import Entry
from refkit.cli.exit_codes import ExitCode
from refkit.cli.options import read_bibliography
from refkit.core.errors import UsageError
from refkit.tidy.citations import key_map_text, rewrite_manuscripts, write_rewritten
from refkit.tidy.merging import Conflict, MergeStrategy, find_duplicates, merge_duplicates

__all__ = ["merge_command"]


def _ask(survivor: str, name: str, values: Sequence[tuple[str, str]]) -> int:
    click.echo(f"[{survivor}] {name} differs:", err=True)
    for number, (key, raw) in enumerate(values, 1):
        click.echo(f"  {number}) {key}: {name} = {raw}", err=True)
    choice: int = click.prompt(
        "keep which", type=click.IntRange(1, len(values)), default=1, err=True
    )
    return choice - 1


def _line(entry: Entry) -> str:
    span = entry.key_span
    return str(span.start_line) if span is not None else "?"


def _describe(conflict: Conflict) -> str:
    lost = "; ".join(
        f"{key}: {raw}"
        for index, (key, raw) in enumerate(conflict.values)
        if index != conflict.chosen
    )
    source = conflict.values[conflict.chosen][0]
    where = f"{conflict.survivor}.{conflict.field}"
    return f"[{where}] kept {conflict.kept} (from {source}); not kept: {lost}"


@click.command("merge")
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--strategy",
    type=click.Choice([item.value for item in MergeStrategy]),
    default=MergeStrategy.MOST_COMPLETE.value,
    show_default=True,
    help="Which value a conflicting field keeps.",
)
@click.option(
    "--interactive", "-i", is_flag=True, help="Ask which value to keep for each conflict."
)
@click.option(
    "--dry-run", is_flag=True, help="Show the duplicate groups and conflicts; write nothing."
)
@click.option(
    "--map",
    "map_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write removed -> kept keys (.json or .csv).",
)
@click.option(
    "--manuscript",
    "manuscripts",
    multiple=True,
    type=click.Path(dir_okay=False),
    help=(
        "LaTeX or Markdown sources whose citations follow"
        " (not .aux or .bcf: LaTeX writes those anew)."
    ),
)
@click.option("--encoding", default=None, help="Encoding of the input files.")
@click.option("--quiet", "-q", is_flag=True, help="No summary line.")
def merge_command(
    files: tuple[str, ...],
    strategy: str,
    interactive: bool,
    dry_run: bool,
    map_path: str | None,
    manuscripts: tuple[str, ...],
    encoding: str | None,
    quiet: bool,
) -> int:
    """Merge duplicate entries: those RK701 reports, when they have the same DOI or the
    same title, year and authors, and nothing that conflicts.

    A duplicate whose RK701 is silenced (% refkit: ignore RK701) is kept.
    """
    if interactive and dry_run:
        raise UsageError("--interactive and --dry-run do not go together")
    if "-" in files:
        raise UsageError("merge rewrites files in place: standard input is not accepted")
    bibliographies = [read_bibliography(path, encoding) for path in files]
    groups = find_duplicates(bibliographies)
    for group in groups:
        keys = ", ".join(
            f"{entry.key} ({bibliography.path}:{_line(entry)})"
            for bibliography, entry in group.entries
        )
        click.echo(f"{group.reason}: {keys} -> {group.survivor.key}")
    if dry_run:
        copies = [bibliography.copy() for bibliography in bibliographies]
        preview = merge_duplicates(copies, MergeStrategy(strategy))
        for conflict in preview.conflicts:
            click.echo(f"  conflict {_describe(conflict)}")
        if not quiet:
            click.echo(f"{len(groups)} duplicate group(s); nothing written", err=True)
        return ExitCode.FINDINGS if groups else ExitCode.OK
    result = merge_duplicates(
        bibliographies,
        MergeStrategy(strategy),
        chooser=_ask if interactive else None,
        groups=groups,
    )
    for conflict in result.conflicts:
        click.echo(f"refkit: conflict {_describe(conflict)}", err=True)
    renames = {old: new for old, new, _ in result.removed}
    rewritten = rewrite_manuscripts(list(manuscripts), renames)
    for bibliography in bibliographies:
        if (
            any(entry.is_modified for entry in bibliography.entries)
            or bibliography.dumps() != bibliography.source.text
        ):
            dump(bibliography)
    write_rewritten(rewritten)
    if map_path is not None:
        write_text(map_path, key_map_text(result.removed, map_path))
    if not quiet:
        cited = sum(item.replaced for item in rewritten)
        click.echo(
            f"{len(result.removed)} entr{'y' if len(result.removed) == 1 else 'ies'} merged into"
            f" {len(groups)}; {len(result.conflicts)} conflict(s) resolved"
            + (f"; {cited} citation(s) rewritten" if manuscripts else ""),
            err=True,
        )
    return ExitCode.OK
