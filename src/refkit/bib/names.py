"""Person and organisation names in name fields, parsed the BibTeX way with pybtex.

``and`` at brace depth 0 separates names; each name splits into first, von, last and
jr parts by BibTeX's rules (pybtex implements them).  A name that is one brace group,
``{United Nations Office on Drugs and Crime}``, is an organisation and stays whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from refkit.bib.braces import is_balanced
from refkit.bib.latex import to_unicode

NAME_FIELDS = frozenset(
    {
        "author",
        "editor",
        "translator",
        "editora",
        "editorb",
        "editorc",
        "annotator",
        "commentator",
        "introduction",
        "foreword",
        "afterword",
        "bookauthor",
        "holder",
        "shortauthor",
        "shorteditor",
        "namea",
        "nameb",
        "namec",
    }
)

_WHITESPACE = re.compile(r"\s+")
_SINGLE_GROUP = re.compile(r"^\{(?P<inner>.*)\}$", re.DOTALL)


@dataclass(frozen=True)
class Name:
    """One name: BibTeX's four parts for a person, or one literal for an organisation."""

    raw: str
    first: str = ""
    von: str = ""
    last: str = ""
    jr: str = ""
    literal: str | None = None

    @property
    def is_corporate(self) -> bool:
        return self.literal is not None

    @property
    def is_others(self) -> bool:
        return self.raw.strip().lower() == "others"

    @property
    def family(self) -> str:
        """The family name with its particle, as a reader sees it (``de la Fontaine``)."""
        if self.literal is not None:
            return self.literal
        return " ".join(part for part in (self.von, self.last) if part)

    def __str__(self) -> str:
        if self.literal is not None:
            return self.literal
        return " ".join(part for part in (self.first, self.von, self.last) if part) + (
            f", {self.jr}" if self.jr else ""
        )


#: pybtex's separator of names, applied after white space is normalised.
_NAME_SEPARATOR = re.compile(" [Aa][Nn][Dd] ")


def split_names(value: str) -> list[str]:
    """The raw name strings of a name field, split on ``and`` at brace depth 0."""
    # pybtex does not split at an "and" that a line break follows; wrapped lists are common.
    normalised = _WHITESPACE.sub(" ", value)
    pieces = _NAME_SEPARATOR.split(normalised)
    # pybtex's split costs ~40 us a field; when every piece is brace-balanced, no " and "
    # was inside a group and the plain split is exactly its answer.
    if "{" in normalised and not all(is_balanced(piece, escapes=False) for piece in pieces):
        from pybtex.bibtex.utils import split_name_list

        pieces = split_name_list(normalised)
    return [stripped for stripped in (piece.strip() for piece in pieces) if stripped]


def parse_name(raw: str) -> Name:
    """Parse one raw name (LaTeX kept in ``raw``, parts decoded to Unicode)."""
    from pybtex.database import Person

    text = raw.strip()
    single = _SINGLE_GROUP.match(text)
    if single is not None and is_balanced(single.group("inner"), escapes=False):
        return Name(raw=raw, literal=to_unicode(single.group("inner")))
    try:
        person = Person(text)
    except Exception:  # pybtex rejects some malformed names (too many commas)
        return Name(raw=raw, last=to_unicode(text))

    def part(pieces: list[str]) -> str:
        return to_unicode(" ".join(pieces))

    return Name(
        raw=raw,
        first=part(person.first_names + person.middle_names),
        von=part(person.prelast_names),
        last=part(person.last_names),
        jr=part(person.lineage_names),
    )


def parse_names(value: str) -> list[Name]:
    """Every name in a name field's value."""
    return [parse_name(raw) for raw in split_names(value)]
