"""refkit's own CSL 1.0.2 citation processor (pure Python)."""

from __future__ import annotations

from .formatting import OutputFormat
from .processor import CitationProcessor, CiteRef, Cluster
from .style import StyleError

__all__ = ["CitationProcessor", "CiteRef", "Cluster", "OutputFormat", "StyleError"]
