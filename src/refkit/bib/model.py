"""The lossless model of a .bib file, in one import: blocks, entries, fields, values.

Every block keeps the exact text it was read from.  Writing an untouched block gives
that text back; an edited entry is re-emitted by splicing only its changed parts into
its original text, so a fix produces a minimal diff.  Duplicate keys and duplicate
field names are kept as they are (the rules report them); nothing is resolved by
"last one wins".

The model lives in ``values`` (value expressions), ``fields``, ``blocks``, ``entry`` and
``bibliography``; this module gathers the names the other layers use.
"""

from __future__ import annotations

from refkit.bib.bibliography import ENCODING_GUESSED, Bibliography
from refkit.bib.blocks import (
    SYNTAX_ERROR,
    Block,
    CommentBlock,
    FailedBlock,
    PreambleBlock,
    StringBlock,
    TextBlock,
)
from refkit.bib.entry import Entry
from refkit.bib.fields import Field
from refkit.bib.months import MONTH_MACROS
from refkit.bib.values import Delimiter, raw_value_problem, value_parts

__all__ = [
    "ENCODING_GUESSED",
    "MONTH_MACROS",
    "SYNTAX_ERROR",
    "Bibliography",
    "Block",
    "CommentBlock",
    "Delimiter",
    "Entry",
    "FailedBlock",
    "Field",
    "PreambleBlock",
    "StringBlock",
    "TextBlock",
    "raw_value_problem",
    "value_parts",
]
