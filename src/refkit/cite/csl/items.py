"""The items a session renders and their per-cite and per-item state.

An :class:`Item` is a CSL-JSON item with its names and dates parsed when first asked
for; :class:`CiteInfo` is what one cite adds (locator, position ...); :class:`ItemState`
is what disambiguation and numbering decide for an item (CSL 1.0.2, "Disambiguation").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .dates import DateValue, parse_date
from .names import CslName, parse_name
from .specializer import Specializer
from .variables import DATE_VARS, NAME_VARS, NOTE_VARS, NUMBER_VARS

__all__ = ["CiteInfo", "Item", "ItemState", "year_suffix_letters"]


def year_suffix_letters(n: int) -> str:
    """The year-suffix of the ``n``-th item of an ambiguous set: a ... z, aa, ab ..."""
    out = ""
    while n > 0:
        n -= 1
        out = chr(97 + n % 26) + out
        n //= 26
    return out


@dataclass(slots=True)
class Item:
    """A CSL-JSON item with lazily parsed names and dates."""

    id: str
    data: dict[str, Any]
    _names: dict[str, list[CslName]] = field(default_factory=dict)
    _dates: dict[str, DateValue | None] = field(default_factory=dict)

    type: str = ""
    cond_cache: dict[int, bool] = field(default_factory=dict)
    has_cache: dict[str, bool] = field(default_factory=dict)
    #: the specialization of the style for this kind of item, with the renderer it is for
    #: (compared by identity only; see Renderer.specialization)
    spec: tuple[object, Specializer] | None = None
    #: parsed names shared by the items of a session: a person named in many entries is
    #: one object (fewer objects for the garbage collector, identity hits in the caches)
    name_pool: dict[CslName, CslName] | None = None

    def __post_init__(self) -> None:
        self.type = str(self.data.get("type", ""))
        note = self.data.get("note")
        if isinstance(note, str) and ":" in note:
            self._note_fields(note)

    def _note_fields(self, note: str) -> None:
        """Zotero-style ``variable: value`` lines in ``note`` become variables."""
        extra: dict[str, Any] = {}
        for line in note.splitlines():
            m = _NOTE_FIELD.match(line.strip())
            if not m:
                continue
            key, val = m.group(1), m.group(2).strip()
            if key in self.data or key in extra:
                continue
            if key in NAME_VARS:
                fam, _, giv = val.partition("||")
                name = {"family": fam.strip(), "given": giv.strip()} if giv else {"literal": val}
                extra[key] = [name]
            elif key in DATE_VARS:
                extra[key] = {"raw": val}
            elif key in NOTE_VARS or key in NUMBER_VARS:
                extra[key] = val
        if extra:
            self.data = {**self.data, **extra}

    def names(self, var: str) -> list[CslName]:
        got = self._names.get(var)
        if got is None:
            raw = self.data.get(var)
            got = []
            if isinstance(raw, list):
                pool = self.name_pool
                # citeproc-js writes every personal name of a Japanese or Chinese item in
                # its static order, family then given (NameOutput._isRomanesque gives 1)
                lang = self.data.get("language")
                static = isinstance(lang, str) and lang[:2].lower() in ("ja", "zh")
                for r in raw:
                    n = parse_name(r)
                    if static and n.family and n.given and not n.static_ordering:
                        n = n._replace(static_ordering=True)
                    if n.literal or n.family or n.given:
                        got.append(n if pool is None else pool.setdefault(n, n))
            self._names[var] = got
        return got

    def date(self, var: str) -> DateValue | None:
        if var not in self._dates:
            self._dates[var] = parse_date(self.data.get(var))
        return self._dates[var]


@dataclass(slots=True)
class CiteInfo:
    """Per-cite context (citation items)."""

    locator: str = ""
    label: str = ""
    position: int = 0
    near_note: bool = False
    first_note: int = 0
    prefix: str = ""
    first_in_cluster: bool = True


@dataclass(slots=True)
class ItemState:
    """Disambiguation and numbering state of a registered item."""

    citation_number: int = 0
    year_suffix: int = 0
    add_names: int = 0
    given_level: dict[tuple[str, int], int] = field(default_factory=dict)
    #: the global given-name rules (all-names, primary-name ...): the session's expansion
    #: of each ambiguous person, 1 initials or 2 full given name (shared by all items)
    person_level: dict[CslName, int] | None = None
    disambiguate: bool = False
    #: names registered for by-cite given-name disambiguation (citeproc-js's name
    #: registry, which keys names by item): family -> initials -> given names
    name_reg: dict[str, dict[str, set[str]]] = field(default_factory=dict)


_NOTE_FIELD = re.compile(r"^([a-z][a-z-]+):\s*(.+)$")
