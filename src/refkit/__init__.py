"""refkit: citation and bibliography hygiene.

Read and write BibTeX/biblatex losslessly, lint it with named rules, fix known errors,
render citations, import plain-text reference lists and cross-check manuscripts.
"""

from __future__ import annotations

from refkit.bibtex import load, loads
from refkit.checking import check
from refkit.config import Config
from refkit.diagnostics import Diagnostic, Edit, EditKind, Fix, Severity
from refkit.errors import InputError, RefkitError, UsageError
from refkit.fixing import FixResult, fix
from refkit.manuscript import cite_check
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
from refkit.render import Rendered
from refkit.render import render as _render_function
from refkit.spans import Span
from refkit.textrefs import ParsedReference, parse_references

# ``refkit.render`` is the function; the package stays importable as ``refkit.render.*``.
render = _render_function

__version__ = "0.1.0"

__all__ = [
    "Bibliography",
    "Block",
    "CommentBlock",
    "Config",
    "Diagnostic",
    "Edit",
    "EditKind",
    "Entry",
    "FailedBlock",
    "Field",
    "Fix",
    "FixResult",
    "InputError",
    "Name",
    "ParsedReference",
    "PreambleBlock",
    "RefkitError",
    "Rendered",
    "Severity",
    "Span",
    "StringBlock",
    "TextBlock",
    "UsageError",
    "__version__",
    "check",
    "cite_check",
    "fix",
    "load",
    "loads",
    "parse_references",
    "render",
]
