"""What a conversion between data models (BibTeX, biblatex, CSL-JSON) could not keep."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Loss"]


@dataclass(frozen=True)
class Loss:
    """A field (or an entry type, field "") that a conversion could not keep as it was."""

    key: str
    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.line}: " if self.line else ""
        name = f"{self.key}.{self.field}" if self.field else self.key
        return f"{where}[{name}] {self.message}"
