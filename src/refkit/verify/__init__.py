"""refkit verify: check every reference against the registries, and report as findings.

``verify(bibliography)`` looks each entry up (Crossref, DataCite, doi.org, arXiv, Open
Library, DBLP), matches strictly (``refkit.verify.matching``) and returns the RK10xx
diagnostics: identifier not found, metadata mismatch (one per field), preprint published,
retracted, no matching record, missing identifier, and not checked.  Answers are cached
in SQLite (``refkit.verify.cache``); ``[tool.refkit.verify]`` configures the run
(``refkit.verify.options``).
"""

from __future__ import annotations

import sys
import types
from typing import Any

from refkit.verify.assess import Verdict
from refkit.verify.options import VerifyOptions, options_from
from refkit.verify.records import Record, Source
from refkit.verify.rules import rules
from refkit.verify.run import EntryOutcome, Notice, VerifyResult, online_rules, verify

__all__ = [
    "EntryOutcome",
    "Notice",
    "Record",
    "Source",
    "Verdict",
    "VerifyOptions",
    "VerifyResult",
    "online_rules",
    "options_from",
    "rules",
    "verify",
]


class _CallableModule(types.ModuleType):
    """``refkit.verify(bib)`` must work although ``refkit.verify`` is also this package:
    importing a submodule binds the package, not the facade's function, to that name."""

    def __call__(self, *args: Any, **kwargs: Any) -> VerifyResult:
        return verify(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
