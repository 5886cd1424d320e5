"""Rule sets.  Each family module has a ``rules()`` function returning fresh instances.

Codes are grouped by family in hundreds and never reused:

- RK0xx syntax          - RK1xx structure      - RK2xx keys
- RK3xx identifiers     - RK4xx names          - RK5xx dates
- RK6xx text            - RK7xx cross-entry    - RK8xx known errors (corrections list)
- RK9xx manuscript citations (cite-check)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from refkit.lint.rules.base import (
    BibliographyRule,
    CheckContext,
    DataModel,
    EntryRule,
    Rule,
)


def default_rules(corrections: Sequence[Path] = ()) -> list[Rule]:
    """Every rule of ``refkit check``, freshly built, in code order.

    ``corrections`` are extra corrections lists (from configuration) for the
    known-errors family, read beside the one shipped in the package.
    """
    from refkit.lint.rules import (
        crossentry,
        dates,
        identifiers,
        keys,
        known,
        names,
        propernouns,
        structure,
        syntax,
        text,
    )

    found: list[Rule] = []
    families = (syntax, structure, keys, identifiers, names, dates, text, propernouns, crossentry)
    for family in families:
        found.extend(family.rules())
    found.extend(known.rules(corrections))
    return sorted(found, key=lambda rule: rule.code)


__all__ = [
    "BibliographyRule",
    "CheckContext",
    "DataModel",
    "EntryRule",
    "Rule",
    "default_rules",
]
