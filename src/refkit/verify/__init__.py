"""refkit verify: check every reference against the registries, and report as findings.

``verify(bibliography)`` looks each entry up (Crossref, DataCite, doi.org, arXiv, Open
Library, DBLP), matches strictly (``refkit.verify.matching``) and returns the RK10xx
diagnostics: identifier not found, metadata mismatch (one per field), preprint published,
retracted, no matching record, missing identifier, and not checked.  Answers are cached
in SQLite (``refkit.verify.cache``); ``[tool.refkit.verify]`` configures the run
(``refkit.verify.options``).
"""

from __future__ import annotations

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
