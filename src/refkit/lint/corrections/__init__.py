"""The known-errors data: corrections lists shipped as TOML, and their loader.

Each ``[[correction]]`` of a list names one known error: which fields it looks at, what
it matches (a regular expression, or a literal matched as whole words), what it becomes,
what kind of error it is, the citable evidence for the correction, and whether applying it
blindly is safe.  The lists shipped in this package are read lazily (never at import);
users add their own through ``corrections = [...]`` in the configuration.
"""

from __future__ import annotations

from refkit.lint.corrections.loader import (
    Condition,
    Correction,
    CorrectionKind,
    CorrectionsError,
    load_corrections,
    load_file,
    shipped_corrections,
    shipped_paths,
)

__all__ = [
    "Condition",
    "Correction",
    "CorrectionKind",
    "CorrectionsError",
    "load_corrections",
    "load_file",
    "shipped_corrections",
    "shipped_paths",
]
