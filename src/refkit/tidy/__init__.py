"""Tidying jobs on the lossless model: format, citation keys, merging duplicates, extracting.

Imports only ``refkit.core``, ``refkit.bib``, ``refkit.lint`` and ``refkit.manuscript``.
Every job here changes only what it was asked to change and proves it: formatting is
checked to keep the file's meaning (``refkit.tidy.meaning``), key changes and merges come
with the map of old to new keys, and manuscripts are rewritten only at the citations.
One module per job: ``formatting`` (with ``layout``, ``options``, ``meaning``,
``ranges``), ``keys``, ``merging``, ``extract``; ``citations`` rewrites manuscripts.
"""

from __future__ import annotations

from collections.abc import Callable

from refkit.bib.model import Bibliography, Entry
from refkit.tidy.formatting import FormatResult, format_text
from refkit.tidy.options import FormatOptions

__all__ = ["FormatOptions", "FormatResult", "format"]


def format(
    bibliography: Bibliography,
    options: FormatOptions | None = None,
    *,
    only: Callable[[Entry], bool] | None = None,
) -> FormatResult:
    """``refkit.format(bib, options)``: the file laid out (``.text``, ``.bibliography``,
    ``.changed``, ``.kept``), checked to mean what ``bib`` means."""
    return format_text(bibliography, options, only=only)
