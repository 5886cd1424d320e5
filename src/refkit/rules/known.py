"""Known-errors family (RK8xx): one rule per corrections-list kind (placeholder)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from refkit.rules.base import Rule


def rules(corrections: Sequence[Path] = ()) -> list[Rule]:
    return []
