"""Text normalisation and the field comparisons that are tolerant of how people write.

Every comparison works on plain text (LaTeX already decoded by the model) and forgives
what does not change the meaning: case, accents, punctuation, ``&`` for ``and``, markup
that registries leave in titles (``<i>KRAS</i>``), abbreviated journal names, page-range
styles (``519--27`` is ``519-527``) and particles of family names.
"""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from collections.abc import Iterable, Sequence

_MARKUP = re.compile(r"<[^<>]{1,80}>")
_NON_WORD = re.compile(r"[^\w]+")
_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{2,}\b")
#: Letters that NFKD does not split into a base letter and a mark.
_FOLDS = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "þ": "th", "ð": "d"}
)

#: Words a journal abbreviation may leave out (ISO 4 drops them).
_STOP_WORDS = frozenset(
    {"of", "the", "and", "for", "in", "on", "a", "an", "de", "des", "der", "und", "la", "le"}
)
#: Words too generic to say that two venue names are the same venue.
_GENERIC_VENUE_WORDS = frozenset(
    {
        "proceedings",
        "proc",
        "conference",
        "conf",
        "international",
        "intl",
        "int",
        "annual",
        "workshop",
        "workshops",
        "symposium",
        "meeting",
        "journal",
        "j",
        "ieee",
        "acm",
        "th",
        "st",
        "nd",
        "rd",
        *_STOP_WORDS,
    }
)
#: Words of a publisher's name that do not tell publishers apart.
_GENERIC_PUBLISHER_WORDS = frozenset(
    {
        "press",
        "publishing",
        "publishers",
        "publisher",
        "publications",
        "inc",
        "ltd",
        "llc",
        "co",
        "company",
        "gmbh",
        "verlag",
        "group",
        "bv",
        "sa",
        "ag",
        "limited",
        *_STOP_WORDS,
    }
)
#: Family-name particles, compared apart from the name itself.
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "ter", "ten"}
)


def fold(text: str) -> str:
    """Lower case without accents, markup or entities: ``Gödel <i>X</i>`` to ``godel x``."""
    # Tags go without a space: Crossref writes "<scp>T</scp>reebase: an<scp>R</scp>package"
    # (the spaces it loses are forgiven by comparing titles without spaces too).
    text = html.unescape(_MARKUP.sub("", text))
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLDS))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """The folded words of a text, ``&`` read as ``and``."""
    return [word for word in _NON_WORD.split(fold(text).replace("&", " and ")) if word]


#: Publishers prefix the title of a retracted work (Elsevier: "RETRACTED: ...").
_NOTICE_PREFIX = re.compile(r"^\s*(?:retracted|withdrawn)(?: article)?\s*:\s*", re.IGNORECASE)


def normal_title(text: str) -> str:
    """A title reduced to its folded words, one space apart (a "RETRACTED:" mark dropped)."""
    return " ".join(words(_NOTICE_PREFIX.sub("", text)))


def title_similarity(first: str, second: str) -> float:
    """difflib's ratio of two normalised titles (1.0: the same words)."""
    a, b = normal_title(first), normal_title(second)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def family_key(family: str) -> str:
    """A family name for comparison: folded, particles and punctuation dropped.

    ``van der Berg``, ``Berg`` and ``VanDerBerg`` give ``berg``; ``Müller-Lüdenscheidt``
    gives ``mullerludenscheidt``.
    """
    parts = words(family)
    kept = [part for part in parts if part not in _PARTICLES] or parts
    return "".join(kept)


def same_family(first: str, second: str) -> bool:
    """Whether two family names are the same name, forgiving particles and hyphenation.

    A double-barrelled name agrees with either of its halves (``García Márquez`` and
    ``García``): registries and citations split them differently.
    """
    a, b = family_key(first), family_key(second)
    if not a or not b:
        return False
    if a == b:
        return True
    first_parts = [part for part in words(first) if part not in _PARTICLES]
    second_parts = [part for part in words(second) if part not in _PARTICLES]
    if len(first_parts) > 1 or len(second_parts) > 1:
        return bool(set(first_parts) & set(second_parts)) and min(len(a), len(b)) >= 3
    return False


def _abbreviates(short: str, full: str) -> bool:
    """Whether one word abbreviates another: same first letter, letters in order.

    ``natl`` abbreviates ``national``, ``orthop`` ``orthopaedic``, ``j`` ``journal``.
    """
    if short == full:
        return True
    if not short or not full or short[0] != full[0] or len(short) > len(full):
        return False
    position = 0
    for char in full:
        if position < len(short) and char == short[position]:
            position += 1
    return position == len(short)


def abbreviates(short: str, full: str) -> bool:
    """Whether ``short`` is an abbreviation of the name ``full`` (ISO 4 style).

    Each word of ``short`` must abbreviate a word of ``full`` in order; the words of
    ``full`` it skips must be stop words (``Proc. Natl. Acad. Sci.`` abbreviates
    ``Proceedings of the National Academy of Sciences``).
    """
    abbreviation = words(short)
    name = words(full)
    if not abbreviation or not name:
        return False
    return _aligns(tuple(abbreviation), tuple(name))


def _aligns(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    # A small dynamic programme over word positions; names are a dozen words at most.
    reachable = {0}
    for word in full:
        following: set[int] = set()
        for position in reachable:
            if position < len(short) and _abbreviates(short[position], word):
                following.add(position + 1)
            if word in _STOP_WORDS:
                following.add(position)
            # A word the abbreviation skips entirely is allowed only when it is not a
            # content word; otherwise "J. Res." would abbreviate any journal of research.
        reachable = following
        if not reachable:
            return False
    return len(short) in reachable


def acronym_of(short: str, full: str) -> bool:
    """Whether ``short`` (one word, e.g. ``ICDCS``) is the initials of ``full``'s words."""
    letters = "".join(words(short))
    initials = "".join(word[0] for word in words(full) if word not in _STOP_WORDS)
    return len(letters) >= 3 and letters in initials


def same_container(local: str, remote: Iterable[str]) -> bool:
    """Whether a journal or proceedings title names one of the record's container titles.

    Equal after folding, one abbreviating the other, or an acronym of it agree.
    """
    mine = normal_title(local)
    if not mine:
        return True
    for name in remote:
        theirs = normal_title(name)
        if not theirs:
            continue
        if mine == theirs or abbreviates(local, name) or abbreviates(name, local):
            return True
        if any(acronym_of(word, name) for word in _ACRONYM.findall(local)):
            return True
    return False


def same_venue(local: str, remote: Iterable[str]) -> bool:
    """A lenient container test for proceedings, whose names are written many ways.

    Besides ``same_container``, two venue names agree when they share a word that is
    not generic (``Workshops``, ``International`` and years do not count).
    """
    names = [name for name in remote if name.strip()]
    if not names or same_container(local, names):
        return True
    if any(acronym_of(word, local) for name in names for word in _ACRONYM.findall(name)):
        return True
    mine = _significant(local, _GENERIC_VENUE_WORDS)
    if not mine:
        return True
    return any(mine & _significant(name, _GENERIC_VENUE_WORDS) for name in names)


def _significant(text: str, generic: frozenset[str]) -> set[str]:
    return {word for word in words(text) if word not in generic and not word.isdigit()}


def same_publisher(local: str, remote: str) -> bool:
    """Publishers agree when one's distinctive words include the other's.

    ``MIT Press`` and ``The MIT Press``, ``Springer`` and ``Springer Science and Business
    Media LLC`` agree; ``Elsevier`` and ``Wiley`` do not.
    """
    mine = _significant(local, _GENERIC_PUBLISHER_WORDS)
    theirs = _significant(remote, _GENERIC_PUBLISHER_WORDS)
    if not mine or not theirs:
        return True
    return (
        mine <= theirs or theirs <= mine or acronym_of(local, remote) or acronym_of(remote, local)
    )


_PAGE_SPLIT = re.compile(r"\s*(?:-+|–|—|−)\s*")


def page_range(text: str) -> tuple[str, str | None] | None:
    """``(first, last)`` of a page field, the last page expanded (``519--27`` -> 519, 527)."""
    cleaned = fold(text).replace("pp.", "").replace("p.", "").strip()
    if not cleaned:
        return None
    parts = [part for part in _PAGE_SPLIT.split(cleaned, maxsplit=1) if part]
    first = parts[0].strip()
    if len(parts) == 1:
        return first, None
    last = parts[1].strip()
    if first.isdigit() and last.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return first, last


def same_pages(local: str, remote: str) -> bool:
    """Pages agree when the first pages agree and, where both give one, the last pages do."""
    mine, theirs = page_range(local), page_range(remote)
    if mine is None or theirs is None:
        return True
    if mine[0].lstrip("0") != theirs[0].lstrip("0"):
        return False
    return mine[1] is None or theirs[1] is None or mine[1].lstrip("0") == theirs[1].lstrip("0")


def same_number(local: str, remote: str) -> bool:
    """Volume or issue numbers agree: ``07`` and ``7``, ``3-4`` and ``3/4``."""
    mine = [part.lstrip("0") or "0" for part in _DIGITS.findall(local)]
    theirs = [part.lstrip("0") or "0" for part in _DIGITS.findall(remote)]
    if mine and theirs:
        return mine == theirs
    return normal_title(local) == normal_title(remote)


def names_listed(names: Sequence[str]) -> str:
    """``A, B and C`` for messages (at most five, then ``et al.``)."""
    shown = list(names[:5])
    if len(names) > 5:
        return ", ".join(shown) + " et al."
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def collapse(text: str) -> str:
    """White space collapsed, markup removed: a registry title fit for a message."""
    return _SPACES.sub(" ", html.unescape(_MARKUP.sub("", text))).strip()
