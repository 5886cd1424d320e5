"""text family rules (placeholder until the family lands)."""

from __future__ import annotations

from refkit.rules.base import Rule


def rules() -> list[Rule]:
    return []
