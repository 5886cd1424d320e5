"""The months, once for the whole package: BibTeX's month macros and their names.

Every BibTeX style defines the macros ``jan`` .. ``dec``; biblatex takes them too.
``MONTH_NUMBERS`` also knows the English names and ``sept``, the forms people write.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["MONTH_MACROS", "MONTH_NUMBERS", "month_macro", "month_number"]

#: The month macros every BibTeX style defines, to the English month names.
MONTH_MACROS: Mapping[str, str] = MappingProxyType(
    {
        "jan": "January",
        "feb": "February",
        "mar": "March",
        "apr": "April",
        "may": "May",
        "jun": "June",
        "jul": "July",
        "aug": "August",
        "sep": "September",
        "oct": "October",
        "nov": "November",
        "dec": "December",
    }
)

#: Lower-case month words to month numbers: the macros, the English names and ``sept``.
MONTH_NUMBERS: Mapping[str, int] = MappingProxyType(
    {
        **{macro: number for number, macro in enumerate(MONTH_MACROS, start=1)},
        **{name.lower(): number for number, name in enumerate(MONTH_MACROS.values(), start=1)},
        "sept": 9,
    }
)

_MACROS = tuple(MONTH_MACROS)


def month_number(word: str) -> int | None:
    """The number of a month word (``Sept``, ``september``, ``sep``; any case), or None."""
    return MONTH_NUMBERS.get(word.lower())


def month_macro(number: int) -> str:
    """The BibTeX macro of month ``number`` (1-12): ``month_macro(9) == "sep"``."""
    if not 1 <= number <= 12:
        raise ValueError(f"{number} is not a month number")
    return _MACROS[number - 1]
