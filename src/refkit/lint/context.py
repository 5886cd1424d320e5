"""What one check hands its rules besides the entry they look at."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from refkit.bib.model import Bibliography
from refkit.lint.datamodel import DataModel

__all__ = ["CheckContext"]


@dataclass(frozen=True)
class CheckContext:
    """What rules may consult besides the entry itself."""

    bibliography: Bibliography
    data_model: DataModel = DataModel.BIBLATEX
    today: datetime.date = field(default_factory=datetime.date.today)
    key_pattern: str | None = None
    options: dict[str, object] = field(default_factory=dict)
    #: Results that several rules share within this one check (file indexes); it
    #: lives and dies with the context, so a re-check after edits never sees stale data.
    scratch: dict[str, object] = field(default_factory=dict, compare=False)

    @property
    def path(self) -> str | None:
        return self.bibliography.path
