"""The exit codes of every ``refkit`` command, as CI jobs and pre-commit read them."""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """What a ``refkit`` run tells its caller."""

    #: Clean, or the job was done.
    OK = 0
    #: Findings at or above ``--fail-on`` (or, for ``--check`` modes, something would change).
    FINDINGS = 1
    #: Usage or input errors: a bad option, an unreadable file, nothing could be done.
    ERROR = 2
    #: Interrupted by the user (SIGINT), as shells report it.
    INTERRUPTED = 130
