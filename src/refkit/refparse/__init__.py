"""Plain-text reference parsing: split a pasted list, label fields with a CRF.

>>> refs = parse_references(text)            # doctest: +SKIP
>>> refs[0].fields["title"], refs[0].type     # doctest: +SKIP
"""

from __future__ import annotations

from refkit.refparse.keys import DEFAULT_KEY_PATTERN
from refkit.refparse.parse import parse_reference, parse_references
from refkit.refparse.split import split_references
from refkit.refparse.types import ParsedReference, ParseProblem

__all__ = [
    "DEFAULT_KEY_PATTERN",
    "ParseProblem",
    "ParsedReference",
    "parse_reference",
    "parse_references",
    "split_references",
]
