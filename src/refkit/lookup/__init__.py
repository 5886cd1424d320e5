"""Registry look-ups (``refkit verify``): check every reference against the registries,
and report what is wrong as findings.

``verify(bibliography)`` looks each entry up (Crossref, DataCite, doi.org, arXiv, Open
Library, DBLP), matches strictly (``refkit.lookup.matching``) and returns the RK10xx
diagnostics: identifier not found, metadata mismatch (one per field), preprint published,
retracted, no matching record, missing identifier, and not checked.  Answers are cached
in SQLite (``refkit.lookup.cache``); ``[tool.refkit.verify]`` configures the run
(``refkit.lookup.options``).
"""

from __future__ import annotations

from refkit.lookup.assess import Verdict
from refkit.lookup.options import VerifyOptions, options_from
from refkit.lookup.records import Record, Source
from refkit.lookup.rules import rules
from refkit.lookup.run import EntryOutcome, Notice, VerifyResult, online_rules, verify

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

