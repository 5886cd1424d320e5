"""refkit: citation and bibliography hygiene.

Read and write BibTeX/biblatex losslessly, lint it with named rules, fix known errors,
render citations, import plain-text reference lists and cross-check manuscripts.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from refkit.bib.io import dump, load, loads
from refkit.bib.model import (
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
from refkit.bib.names import Name
from refkit.core.diagnostics import Diagnostic, Edit, EditKind, Fix, Severity
from refkit.core.errors import InputError, RefkitError, UsageError
from refkit.core.spans import Span
from refkit.core.version import VERSION
from refkit.lint.checking import check
from refkit.lint.config import Config

if TYPE_CHECKING:
    from refkit.cite.csl import CitationProcessor
    from refkit.cite.render import Rendered, render
    from refkit.lint.distributed import (
        Chunk,
        ChunkResult,
        CrossRecords,
        FileFacts,
        check_chunk,
        check_chunks,
        cross_findings,
        file_facts,
        merge_file_facts,
        merge_records,
        merged_findings,
        split_text,
    )
    from refkit.lint.fixing import FixResult, fix
    from refkit.lookup import VerifyResult, verify
    from refkit.manuscript import cite_check
    from refkit.refparse import ParsedReference, parse_references
    from refkit.tidy import FormatOptions, FormatResult, format

__version__ = VERSION

#: Parts of the API imported on first use: a ``refkit check`` run never needs the
#: rendering, manuscript, import or fix machinery, and importing them costs it start-up
#: time and memory.
_LAZY = {
    "Chunk": "refkit.lint.distributed",
    "ChunkResult": "refkit.lint.distributed",
    "CrossRecords": "refkit.lint.distributed",
    "FileFacts": "refkit.lint.distributed",
    "check_chunk": "refkit.lint.distributed",
    "check_chunks": "refkit.lint.distributed",
    "cross_findings": "refkit.lint.distributed",
    "file_facts": "refkit.lint.distributed",
    "merge_file_facts": "refkit.lint.distributed",
    "merge_records": "refkit.lint.distributed",
    "merged_findings": "refkit.lint.distributed",
    "split_text": "refkit.lint.distributed",
    "CitationProcessor": "refkit.cite.csl",
    "FixResult": "refkit.lint.fixing",
    "ParsedReference": "refkit.refparse",
    "Rendered": "refkit.cite.render",
    "cite_check": "refkit.manuscript",
    "fix": "refkit.lint.fixing",
    "format": "refkit.tidy",
    "FormatOptions": "refkit.tidy",
    "FormatResult": "refkit.tidy",
    "parse_references": "refkit.refparse",
    "render": "refkit.cite.render",
    "verify": "refkit.lookup",
    "VerifyResult": "refkit.lookup",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'refkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "Bibliography",
    "Block",
    "Chunk",
    "ChunkResult",
    "CitationProcessor",
    "CommentBlock",
    "Config",
    "CrossRecords",
    "Diagnostic",
    "Edit",
    "EditKind",
    "Entry",
    "FailedBlock",
    "Field",
    "FileFacts",
    "Fix",
    "FixResult",
    "FormatOptions",
    "FormatResult",
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
    "VerifyResult",
    "__version__",
    "check",
    "check_chunk",
    "check_chunks",
    "cite_check",
    "cross_findings",
    "dump",
    "file_facts",
    "fix",
    "format",
    "load",
    "loads",
    "merge_file_facts",
    "merge_records",
    "merged_findings",
    "parse_references",
    "render",
    "split_text",
    "verify",
]
