"""Citation keys from a pattern, in the notation of JabRef and Better BibTeX.

A pattern is text with ``[marker]`` or ``[marker:modifier:...]`` parts::

    [auth:lower][year][veryshorttitle:lower]     smith2020deep  (the default)
    [auth][year]                                 Smith2020      (JabRef's default)
    [authEtAl][shortyear]-[shorttitle]           SmithJones20-DeepLearningCats

Markers: ``auth`` (first author's family name; the editor's when there is no author),
``authN`` (its first N letters), ``authors`` (every family name), ``authorsN`` (the
first N, then ``EtAl``), ``authEtAl`` (one, two, or the first with ``EtAl``),
``auth.etal`` (``Smith.Jones``, ``Smith.etal``), ``authorLast``, ``authIni``
(initials of all authors' family names), ``year``, ``shortyear``,
``title`` (every significant word, capitalised), ``shorttitle`` (the first three),
``shorttitleN``, ``veryshorttitle`` (the first), ``camel`` (every word, capitalised),
``firstpage``, ``lastpage``, ``entrytype``, ``key``; any other name is that field's
text (``[journal]``).  Significant words skip the stop words (JabRef's function
words).  Modifiers: ``lower``, ``upper``, ``capitalize``, ``fold`` (ASCII), ``abbr``
(first letters) and ``truncateN``.

A key is always folded to ASCII (``Müller`` -> ``Muller``, ``ß`` -> ``ss``) unless
``fold = false``, and keeps only characters BibTeX, biber and Pandoc all accept in a key.
Clashes get ``a``, ``b``, ``c`` ... as Better BibTeX and JabRef add them.  A key that
already has the pattern's shape (``[auth:lower][year]...`` -> lower-case letters, four
digits, ...) is left alone unless every key is to be regenerated.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from refkit.bib.model import Bibliography, Entry
from refkit.bib.names import Name
from refkit.core.errors import UsageError

__all__ = [
    "DEFAULT_PATTERN",
    "STOP_WORDS",
    "KeyChange",
    "KeyOptions",
    "KeyPattern",
    "assign_keys",
    "fold_ascii",
]

DEFAULT_PATTERN = "[auth:lower][year][veryshorttitle:lower]"

#: JabRef's function words, skipped by the title markers.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "above",
        "about",
        "across",
        "against",
        "along",
        "among",
        "around",
        "at",
        "before",
        "behind",
        "below",
        "beneath",
        "beside",
        "between",
        "beyond",
        "by",
        "down",
        "during",
        "except",
        "for",
        "from",
        "in",
        "inside",
        "into",
        "like",
        "near",
        "of",
        "off",
        "on",
        "onto",
        "since",
        "to",
        "toward",
        "through",
        "under",
        "until",
        "up",
        "upon",
        "with",
        "within",
        "without",
        "and",
        "but",
        "nor",
        "or",
        "so",
        "yet",
    ]
)

_PART = re.compile(r"\[(?P<body>[^\[\]]+)\]")
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_NOT_KEY = re.compile(r"[^A-Za-z0-9\-_:./+]")
_NOT_KEY_UNICODE = re.compile(r"[\s,{}()\"#%~'=\\]")
_SPECIAL_LETTERS = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "Þ": "Th",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
    }
)
_NUMBER = re.compile(r"\d+")


def fold_ascii(text: str) -> str:
    """Letters without their accents, ligatures spelt out: ``Müller`` -> ``Muller``."""
    text = text.translate(_SPECIAL_LETTERS)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@dataclass(frozen=True)
class KeyOptions:
    """The ``[tool.refkit.keys]`` table."""

    pattern: str = DEFAULT_PATTERN
    stop_words: frozenset[str] = STOP_WORDS
    fold: bool = True

    @classmethod
    def from_mapping(cls, table: Mapping[str, object]) -> KeyOptions:
        unknown = sorted(set(table) - {"pattern", "stop-words", "fold"})
        if unknown:
            raise UsageError(f"unknown keys option(s) {unknown}")
        pattern = table.get("pattern", DEFAULT_PATTERN)
        words = table.get("stop-words", sorted(STOP_WORDS))
        fold = table.get("fold", True)
        if not isinstance(pattern, str) or not isinstance(fold, bool):
            raise UsageError("keys: 'pattern' must be text and 'fold' true or false")
        if not isinstance(words, list) or not all(isinstance(word, str) for word in words):
            raise UsageError("keys: 'stop-words' must be a list of words")
        KeyPattern(pattern)  # fail early on a bad pattern
        return cls(pattern, frozenset(word.lower() for word in words), fold)


def _family(name: Name) -> str:
    if name.literal is not None:
        words = _WORD.findall(name.literal)
        significant = [word for word in words if word.lower() not in STOP_WORDS]
        if len(significant) > 1:
            return "".join(word[0].upper() for word in significant)  # WHO, UNODC
        return "".join(words)
    family = " ".join(part for part in (name.von, name.last) if part) if name.von else name.last
    return "".join(word[:1].upper() + word[1:] for word in _WORD.findall(family))


@dataclass
class _Source:
    """What the markers read of one entry, each read once."""

    entry: Entry
    stop_words: frozenset[str]
    _people: list[str] | None = None
    _title: list[str] | None = None

    def people(self) -> list[str]:
        if self._people is None:
            found: list[str] = []
            for name in ("author", "editor"):
                item = self.entry.field(name)
                if item is not None:
                    found = [_family(person) for person in item.names if not person.is_others]
                    found = [person for person in found if person]
                    if found:
                        break
            self._people = found
        return self._people

    def title_words(self) -> list[str]:
        if self._title is None:
            text = self.entry.get("title") or ""
            self._title = _WORD.findall(text)
        return self._title

    def significant(self) -> list[str]:
        return [word for word in self.title_words() if word.lower() not in self.stop_words]

    def year(self) -> str:
        for name in ("year", "date"):
            value = self.entry.get(name)
            if value:
                match = re.search(r"\d{4}", value)
                if match:
                    return match.group()
        return ""


def _capitalised(words: Iterable[str]) -> str:
    return "".join(word[:1].upper() + word[1:] for word in words)


def _etal(people: list[str], limit: int) -> str:
    if len(people) <= limit:
        return "".join(people)
    return "".join(people[:limit]) + "EtAl"


def _pages(source: _Source, last: bool) -> str:
    pages = source.entry.get("pages") or ""
    numbers: list[str] = _NUMBER.findall(pages)
    if not numbers:
        return ""
    return numbers[-1] if last else numbers[0]


_Marker = Callable[[_Source, int | None], str]

_MARKERS: dict[str, _Marker] = {
    "auth": lambda s, n: (s.people()[0][:n] if n else s.people()[0]) if s.people() else "",
    "authors": lambda s, n: _etal(s.people(), n) if n else "".join(s.people()),
    "authetal": lambda s, _: (
        "".join(s.people()) if len(s.people()) <= 2 else s.people()[0] + "EtAl"
    ),
    "auth.etal": lambda s, _: (
        ".".join(s.people()) if len(s.people()) <= 2 else s.people()[0] + ".etal"
    ),
    "authorlast": lambda s, _: s.people()[-1] if s.people() else "",
    "authini": lambda s, _: "".join(person[:1] for person in s.people()),
    "year": lambda s, _: s.year(),
    "shortyear": lambda s, _: s.year()[-2:],
    "title": lambda s, _: _capitalised(s.significant()),
    "shorttitle": lambda s, n: _capitalised(s.significant()[: n or 3]),
    "veryshorttitle": lambda s, _: _capitalised(s.significant()[:1]),
    "camel": lambda s, _: _capitalised(s.title_words()),
    "firstpage": lambda s, _: _pages(s, False),
    "lastpage": lambda s, _: _pages(s, True),
    "entrytype": lambda s, _: s.entry.type,
    "key": lambda s, _: s.entry.key,
}
_NUMBERED = re.compile(r"(?P<name>auth|authors|shorttitle)(?P<n>\d+)")


def _modify(text: str, modifier: str) -> str:
    lowered = modifier.lower()
    if lowered == "lower":
        return text.lower()
    if lowered == "upper":
        return text.upper()
    if lowered == "capitalize":
        return text[:1].upper() + text[1:]
    if lowered in ("fold", "ascii"):
        return fold_ascii(text)
    if lowered == "abbr":
        return "".join(word[:1] for word in re.findall(r"[A-Z][a-z]*|[a-z]+|\d+", text))
    match = re.fullmatch(r"truncate(\d+)", lowered)
    if match:
        return text[: int(match.group(1))]
    raise UsageError(f"unknown key pattern modifier {modifier!r}")


@dataclass(frozen=True)
class _Part:
    literal: str
    marker: str = ""
    number: int | None = None
    modifiers: tuple[str, ...] = ()


class KeyPattern:
    """A parsed pattern; ``key_for(entry)`` is the key it gives (no clash suffix)."""

    def __init__(
        self, pattern: str, stop_words: frozenset[str] = STOP_WORDS, *, fold: bool = True
    ) -> None:
        self.pattern = pattern
        self.stop_words = stop_words
        self.fold = fold
        self._parts: list[_Part] = []
        position = 0
        for match in _PART.finditer(pattern):
            if match.start() > position:
                self._parts.append(_Part(pattern[position : match.start()]))
            name, *modifiers = match.group("body").split(":")
            marker = name.strip()
            lowered = marker.lower()
            number = None
            numbered = _NUMBERED.fullmatch(lowered)
            if numbered:
                lowered, number = numbered.group("name"), int(numbered.group("n"))
            for modifier in modifiers:
                _modify("", modifier)  # an unknown modifier is an error now, not later
            self._parts.append(_Part("", lowered, number, tuple(modifiers)))
            position = match.end()
        if position < len(pattern):
            self._parts.append(_Part(pattern[position:]))
        if not any(part.marker for part in self._parts):
            raise UsageError(f"the key pattern {pattern!r} has no [marker]")

    def key_for(self, entry: Entry) -> str:
        source = _Source(entry, self.stop_words)
        pieces: list[str] = []
        for part in self._parts:
            if not part.marker:
                pieces.append(part.literal)
                continue
            marker = _MARKERS.get(part.marker)
            if marker is not None:
                text = marker(source, part.number)
            else:
                text = _capitalised(_WORD.findall(entry.get(part.marker) or ""))
            for modifier in part.modifiers:
                text = _modify(text, modifier)
            pieces.append(text)
        key = "".join(pieces)
        if self.fold:
            return _NOT_KEY.sub("", fold_ascii(key))
        return _NOT_KEY_UNICODE.sub("", key)

    @property
    def shape(self) -> re.Pattern[str]:
        """What keys this pattern makes look like (markers as character classes), with
        an optional clash suffix: keys of that shape count as following the pattern."""
        pieces: list[str] = []
        for part in self._parts:
            if not part.marker:
                pieces.append(re.escape(part.literal))
            elif part.marker in ("year",):
                pieces.append(r"\d{4}")
            elif part.marker == "shortyear":
                pieces.append(r"\d{2}")
            elif part.marker in ("firstpage", "lastpage"):
                pieces.append(r"\d*")
            else:
                modifiers = {modifier.lower() for modifier in part.modifiers}
                if "lower" in modifiers:
                    pieces.append(r"[a-z0-9.\-]*")
                elif "upper" in modifiers:
                    pieces.append(r"[A-Z0-9.\-]*")
                else:
                    pieces.append(r"[A-Za-z0-9.\-]*")
        return re.compile("".join(pieces) + r"[a-z]{0,2}")

    def follows(self, key: str) -> bool:
        """Whether ``key`` has the shape of the keys this pattern makes."""
        return self.shape.fullmatch(key) is not None

    @staticmethod
    def same_base(key: str, generated: str) -> bool:
        """Whether ``key`` is ``generated`` with at most a clash suffix."""
        return (
            bool(generated) and re.fullmatch(re.escape(generated) + r"[a-z]{0,2}", key) is not None
        )


@dataclass(frozen=True)
class KeyChange:
    """One entry's key: what it was, what it is now."""

    old: str
    new: str
    path: str | None = None
    line: int | None = None


@dataclass
class KeyResult:
    """The key changes made, and the entries no key could be made for."""

    changes: list[KeyChange] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def _suffixes() -> Iterable[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    yield from letters
    for first in letters:
        for second in letters:
            yield first + second


def assign_keys(
    bibliographies: Sequence[Bibliography],
    pattern: KeyPattern,
    *,
    regenerate_all: bool = False,
    only: Callable[[Entry], bool] | None = None,
) -> KeyResult:
    """Give the entries that need one a key from ``pattern``, editing them in place.

    An entry needs one when it has no key or its key is not what the pattern gives (a
    clash suffix aside), or always with ``regenerate_all``.  Keys are unique across all
    ``bibliographies`` (they are usually cited together).
    """
    result = KeyResult()
    todo: list[tuple[Bibliography, Entry, str]] = []
    taken: set[str] = set()
    for bibliography in bibliographies:
        for entry in bibliography.entries:
            wanted = only is None or only(entry)
            if not wanted or (not regenerate_all and entry.key and pattern.follows(entry.key)):
                taken.add(entry.key)
                continue
            generated = pattern.key_for(entry)
            if not generated:
                result.skipped.append((entry.key, "the pattern gives an empty key"))
                taken.add(entry.key)
                continue
            todo.append((bibliography, entry, generated))
    settled: set[int] = set()
    for _, entry, generated in todo:
        if KeyPattern.same_base(entry.key, generated) and entry.key not in taken:
            taken.add(entry.key)  # already this key, suffix and all: no churn
            settled.add(id(entry))
    for bibliography, entry, generated in todo:
        if id(entry) in settled:
            continue
        key = generated
        if key in taken:
            key = next(
                generated + suffix for suffix in _suffixes() if generated + suffix not in taken
            )
        taken.add(key)
        if key != entry.key:
            span = entry.key_span
            result.changes.append(
                KeyChange(entry.key, key, bibliography.path, span.start_line if span else None)
            )
            entry.rename(key)
    return result
