"""What parsing a reference string produces."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

NAME_LABELS = frozenset({"author", "editor", "translator"})
FieldValue = str | list[str]


@dataclass(frozen=True)
class ParseProblem:
    """A diagnostic about one parsed reference."""

    code: str
    message: str


@dataclass(frozen=True)
class Name:
    """One person or organisation of a name list, in CSL's parts.

    An organisation is a ``literal`` and has no other part; a person has a
    ``family`` name and may have ``given`` names, a ``particle`` kept with the
    family name ("van der", "de la", "von": CSL's non-dropping particle) and a
    ``suffix`` ("Jr.", "III").
    """

    family: str = ""
    given: str = ""
    particle: str = ""
    suffix: str = ""
    literal: str = ""

    def csl(self) -> dict[str, str]:
        """The CSL-JSON name object."""
        if self.literal:
            return {"literal": self.literal}
        out = {"family": self.family}
        if self.given:
            out["given"] = self.given
        if self.particle:
            out["non-dropping-particle"] = self.particle
        if self.suffix:
            out["suffix"] = self.suffix
        return out

    def bibtex(self) -> str:
        """The name in BibTeX's "von Last, Jr, First" form (organisations braced)."""
        if self.literal:
            return "{" + self.literal + "}"
        last = f"{self.particle} {self.family}" if self.particle else self.family
        if self.suffix:
            return f"{last}, {self.suffix}, {self.given}"
        return f"{last}, {self.given}" if self.given else last


@dataclass(frozen=True)
class NameList:
    """The names of one role (author, editor, translator) and whether "et al." ended it."""

    names: tuple[Name, ...] = ()
    et_al: bool = False


@dataclass(frozen=True)
class Normalised:
    """What the rules after tagging made of a reference: values, not spans.

    ``variables`` holds CSL variables whose value a rule decided (``DOI``,
    ``volume``, ``issue``, ``page`` expanded, ``edition``, ``number``, ``genre``, a
    ``title`` with an edition or report number taken out, the parts of a court
    case, ...), ``issued`` a year the rules found ("1996;73:1006-12"), ``names``
    the structured name lists, and ``dropped`` the CSL variables that should not be
    written (a ``URL`` that is only a DOI resolver link).  A CSL item built from
    the spans is completed by :func:`refkit.refparse.normalise.apply_normalised`.
    """

    variables: Mapping[str, str] = field(default_factory=dict)
    names: Mapping[str, NameList] = field(default_factory=dict)
    issued: str = ""
    dropped: frozenset[str] = frozenset()
    type_confidence: float = 0.0


@dataclass(frozen=True)
class ParsedReference:
    """One reference string and the fields found in it.

    ``fields`` maps CSL variable names to exact spans of ``text``: a string, or a
    list when a label occurs in several places; name labels (author, editor,
    translator) are always lists with one element per person or organisation.
    """

    text: str
    type: str
    fields: Mapping[str, FieldValue]
    confidence: float
    key: str = ""
    problems: tuple[ParseProblem, ...] = field(default=())
    normalised: Normalised = field(default_factory=Normalised)
