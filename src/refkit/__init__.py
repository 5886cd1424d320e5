"""refkit: citation and bibliography hygiene.

Read and write BibTeX/biblatex losslessly, lint it with named rules, fix known errors,
render citations, import plain-text reference lists and cross-check manuscripts.
"""

from __future__ import annotations

from refkit.bibtex import load, loads
from refkit.diagnostics import Diagnostic, Edit, EditKind, Fix, Severity
from refkit.errors import InputError, RefkitError, UsageError
from refkit.model import (
    Bibliography,
    Block,
    CommentBlock,
    Entry,
    FailedBlock,
    Field,
    PreambleBlock,
    StringBlock,
    TextBlock,
)
from refkit.names import Name
from refkit.spans import Span

__version__ = "0.1.0"

__all__ = [
    "Bibliography",
    "Block",
    "CommentBlock",
    "Diagnostic",
    "Edit",
    "EditKind",
    "Entry",
    "FailedBlock",
    "Field",
    "Fix",
    "InputError",
    "Name",
    "PreambleBlock",
    "RefkitError",
    "Severity",
    "Span",
    "StringBlock",
    "TextBlock",
    "UsageError",
    "__version__",
    "load",
    "loads",
]
