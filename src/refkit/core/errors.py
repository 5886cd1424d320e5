"""Exceptions for the caller's mistakes (bad paths, options, undecodable files).

Problems *in* a bibliography are diagnostics, not exceptions; these are for input
that cannot be read at all, or API misuse.
"""

from __future__ import annotations


class RefkitError(Exception):
    """Base class of refkit's exceptions; the CLI prints them as one line, exit 2."""


class InputError(RefkitError):
    """A file cannot be read, decoded or written."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        byte_offset: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.byte_offset = byte_offset

    def __str__(self) -> str:
        where = self.path or ""
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.message}" if where else self.message


class UsageError(RefkitError):
    """The API or CLI was called with arguments that make no sense."""
