"""refkit: citation and bibliography hygiene.

Read and write BibTeX/biblatex losslessly, lint it with named rules, fix known errors,
render citations, import plain-text reference lists and cross-check manuscripts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from refkit.bibtex import load, loads
from refkit.checking import check
from refkit.config import Config
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
from refkit.render import Rendered
from refkit.render import render as _render_function
from refkit.spans import Span

if TYPE_CHECKING:
    from refkit.fixing import FixResult, fix
    from refkit.manuscript import cite_check
    from refkit.textrefs import ParsedReference, parse_references

# ``refkit.render`` is the function; the package stays importable as ``refkit.render.*``.
render = _render_function

__version__ = "0.1.0"

#: Parts of the API imported on first use: a ``refkit check`` run never needs the
#: manuscript, import or fix machinery, and importing them would cost it memory.
_LAZY = {
    "FixResult": "refkit.fixing",
    "fix": "refkit.fixing",
    "cite_check": "refkit.manuscript",
    "ParsedReference": "refkit.textrefs",
    "parse_references": "refkit.textrefs",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'refkit' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value

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
