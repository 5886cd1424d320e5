"""The ``refkit`` command.

Exit codes: 0 clean or success, 1 findings (or changes, for ``fix --check``), 2 usage
or input errors.  Errors are one line on stderr, ``refkit: error: FILE:LINE: message``;
a traceback only with ``--debug`` (``refkit.cli.exit_codes``).  Each subcommand lives in a
module of its own; the options they share in ``refkit.cli.options``.
"""

from __future__ import annotations

import importlib
import logging
import sys
import traceback
from collections.abc import Sequence

import click

from refkit.cli.exit_codes import ExitCode
from refkit.core.errors import RefkitError
from refkit.core.version import VERSION

#: Subcommand name to ``module:attribute``.  Imported on use (click's lazy-group
#: pattern) so that ``refkit check`` in a pre-commit hook or CI job does not pay for
#: the import, render and manuscript machinery in start-up time and memory.
SUBCOMMANDS = {
    "check": "refkit.cli.check:check_command",
    "rules": "refkit.cli.check:rules_command",
    "fix": "refkit.cli.fix:fix_command",
    "render": "refkit.cli.render:render_command",
    "convert": "refkit.cli.render:convert_command",
    "import": "refkit.cli.importing:import_command",
    "cite-check": "refkit.cli.citecheck:cite_check_command",
    "verify": "refkit.cli.verify:verify_command",
    "format": "refkit.cli.format:format_command",
    "keys": "refkit.cli.keys:keys_command",
    "merge": "refkit.cli.merge:merge_command",
    "extract": "refkit.cli.extract:extract_command",
}


class LazyGroup(click.Group):
    """A command group whose subcommands are imported when they are run or listed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *SUBCOMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is not None or cmd_name not in SUBCOMMANDS:
            return found
        module_name, attribute = SUBCOMMANDS[cmd_name].split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(VERSION, "--version", prog_name="refkit")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def cli(context: click.Context, debug: bool) -> None:
    """refkit: check, fix, render, import and cite-check BibTeX bibliographies."""
    context.ensure_object(dict)
    context.obj["debug"] = debug


def error_line(message: str) -> str:
    return f"refkit: error: {message}"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns (and exits with) the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in arguments
    # pylatexenc logs about odd LaTeX in user data; refkit reports such data itself.
    logging.getLogger("pylatexenc").setLevel(logging.CRITICAL)
    try:
        result = cli.main(args=arguments, prog_name="refkit", standalone_mode=False)
    except click.exceptions.Exit as done:
        code = int(done.exit_code)
    except click.exceptions.Abort:
        click.echo(error_line("aborted"), err=True)
        code = ExitCode.ERROR
    except click.ClickException as problem:
        if debug:
            traceback.print_exc()
        click.echo(error_line(problem.format_message().replace("\n", " ")), err=True)
        code = ExitCode.ERROR
    except RefkitError as problem:
        if debug:
            traceback.print_exc()
        click.echo(error_line(str(problem)), err=True)
        code = ExitCode.ERROR
    except KeyboardInterrupt:
        code = ExitCode.INTERRUPTED
    except Exception as problem:  # a bug in refkit: still one line unless --debug
        if debug:
            traceback.print_exc()
        click.echo(
            error_line(f"internal error: {type(problem).__name__}: {problem} (rerun with --debug)"),
            err=True,
        )
        code = ExitCode.ERROR
    else:
        code = int(result) if isinstance(result, int) else ExitCode.OK
    if argv is None:
        sys.exit(code)
    return code


if __name__ == "__main__":  # pragma: no cover
    main()
