"""Plain-text reference parsing: split a pasted list, label fields with a CRF.

>>> refs = parse_references(text)            # doctest: +SKIP
>>> refs[0].fields["title"], refs[0].type     # doctest: +SKIP
"""

from __future__ import annotations

from refkit.textrefs.keys import DEFAULT_KEY_PATTERN
from refkit.textrefs.parse import ParsedReference, Problem, parse_reference, parse_references
from refkit.textrefs.split import split_references

__all__ = [
    "DEFAULT_KEY_PATTERN",
    "ParsedReference",
    "Problem",
    "parse_reference",
    "parse_references",
    "split_references",
]
