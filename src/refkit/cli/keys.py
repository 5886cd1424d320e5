"""``refkit keys``: give entries citation keys from a pattern, and fix the manuscripts.

Entries without a key, or whose key does not have the pattern's shape, get a new one
(``--all``: every entry, keeping keys that are already what the pattern gives).  The
pattern and stop words come from ``[tool.refkit.keys]`` or ``--pattern``.  The old -> new
map is written with ``--map keys.json`` (or ``.csv``) and printed with ``--dry-run``;
``--manuscript`` rewrites the citations of LaTeX and Markdown sources (not ``.aux`` or
``.bcf`` files, which LaTeX and biber write anew from the sources on their next run).  Every file is
written atomically, and only after all of them were prepared.
Exit codes: 0 success (``--check``: nothing to rename), 1 ``--check`` found keys to
change, 2 input errors.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from refkit.bib.io import dump, write_text
from refkit.cli.exit_codes import ExitCode
from refkit.cli.options import read_bibliography, split_codes
from refkit.lint.config import find_config
from refkit.tidy.citations import key_map_text, rewrite_manuscripts, write_rewritten
from refkit.tidy.keys import KeyOptions, KeyPattern, assign_keys
from refkit.tidy.options import tool_table
from refkit.tidy.ranges import keys_selector

__all__ = ["keys_command", "print_key_map"]


def _key_options(start: str, config_path: str | None, pattern: str | None) -> KeyOptions:
    found = (
        Path(config_path)
        if config_path
        else find_config(Path(start) if start != "-" else Path.cwd())
    )
    options = (
        KeyOptions.from_mapping(tool_table(found, "keys")) if found is not None else KeyOptions()
    )
    return KeyOptions(pattern, options.stop_words, options.fold) if pattern else options


def print_key_map(changes: list[tuple[str, str, str | None]]) -> None:
    """``path: old -> new`` lines on stdout."""
    for old, new, path in changes:
        click.echo(f"{path or '-'}: {old or '(no key)'} -> {new}")


@click.command("keys")
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--pattern", default=None, help="Key pattern, e.g. '[auth:lower][year][veryshorttitle:lower]'."
)
@click.option(
    "--all",
    "regenerate_all",
    is_flag=True,
    help="Regenerate every key, not only missing or off-pattern ones.",
)
@click.option("--keys", multiple=True, help="Only these entries (comma-separated keys).")
@click.option(
    "--map",
    "map_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the old -> new key map (.json or .csv).",
)
@click.option(
    "--manuscript",
    "manuscripts",
    multiple=True,
    type=click.Path(dir_okay=False),
    help=(
        "LaTeX or Markdown sources whose citations follow the new keys"
        " (not .aux or .bcf: LaTeX writes those anew)."
    ),
)
@click.option("--dry-run", is_flag=True, help="Print the key map; write nothing.")
@click.option(
    "--check", "check_only", is_flag=True, help="Write nothing; exit 1 if a key would change."
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Configuration file.",
)
@click.option("--encoding", default=None, help="Encoding of the input files.")
@click.option("--quiet", "-q", is_flag=True, help="No summary line.")
def keys_command(
    files: tuple[str, ...],
    pattern: str | None,
    regenerate_all: bool,
    keys: tuple[str, ...],
    map_path: str | None,
    manuscripts: tuple[str, ...],
    dry_run: bool,
    check_only: bool,
    config_path: str | None,
    encoding: str | None,
    quiet: bool,
) -> int:
    """Generate or regenerate citation keys from a pattern (JabRef / Better BibTeX markers).

    With --manuscript, the citations of LaTeX and Markdown sources follow the new keys.
    LaTeX's .aux (and biber's .bcf) files are not rewritten: LaTeX writes them anew from
    the sources, so run LaTeX and BibTeX (or biber) again after renaming.
    """
    options = _key_options(files[0], config_path, pattern)
    key_pattern = KeyPattern(options.pattern, options.stop_words, fold=options.fold)
    bibliographies = [read_bibliography(path, encoding) for path in files]
    only = keys_selector(split_codes(keys)) if keys else None
    result = assign_keys(bibliographies, key_pattern, regenerate_all=regenerate_all, only=only)
    changes = [(change.old, change.new, change.path) for change in result.changes]
    renames: dict[str, str] = {}
    for old, new, _ in changes:
        if old:
            renames.setdefault(old, new)
    rewritten = rewrite_manuscripts(list(manuscripts), renames)
    if dry_run or check_only:
        print_key_map(changes)
    else:
        for bibliography in bibliographies:
            if any(entry.is_modified for entry in bibliography.entries):
                if bibliography.path in (None, "<stdin>"):
                    sys.stdout.write(bibliography.dumps())
                else:
                    dump(bibliography)
        write_rewritten(rewritten)
        if map_path is not None:
            write_text(map_path, key_map_text(changes, map_path))
    if not quiet:
        cited = sum(item.replaced for item in rewritten)
        verb = "would change" if dry_run or check_only else "changed"
        summary = f"{len(changes)} key{'s' if len(changes) != 1 else ''} {verb}"
        if manuscripts:
            summary += (
                f", {cited} citation{'s' if cited != 1 else ''} in {len(manuscripts)} manuscript(s)"
            )
        click.echo(summary, err=True)
        for key, reason in result.skipped:
            click.echo(f"refkit: warning: [{key or '(no key)'}] no key made: {reason}", err=True)
    return ExitCode.FINDINGS if check_only and changes else ExitCode.OK
