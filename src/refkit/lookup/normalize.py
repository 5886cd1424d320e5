"""Text normalisation and the field comparisons that are tolerant of how people write.

Every comparison works on plain text (LaTeX already decoded by the model) and forgives
what does not change the meaning: case, accents, punctuation, ``&`` for ``and``, markup
that registries leave in titles (``<i>KRAS</i>``), Greek letters as letters, words or
LaTeX (``α``, ``alpha``, ``$\\alpha$``), abbreviated journal names (ISO 4, with or without
a journal's subtitle), page-range styles (``519--27`` is ``519-527``, ``e33693`` is
article 33693), particles of family names and the transliterated umlaut
(``Müller``, ``Mueller``).
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
#: LaTeX font and box commands a decoder leaves in math: ``$\\mathcal{O}(n)$`` is O(n).
_LATEX_STYLE = re.compile(
    r"\\(?:math[a-z]*|text[a-z]*|operatorname|boldsymbol|bm|mbox|rm|bf|it|sf|tt|cal|emph)"
    r"(?![a-z])"
)
#: Greek letters as the words people write for them (``α-synuclein``, ``alpha-synuclein``).
_GREEK = {
    code: f" {unicodedata.name(chr(code)).split()[-1].lower()} "
    for code in range(0x3B1, 0x3CA)
    if "LETTER" in unicodedata.name(chr(code), "")
}
#: The umlaut and its relatives spelt out, as in transliterated names.
_SPELT_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ø": "oe", "å": "aa", "æ": "ae"})
#: Letters that NFKD does not split into a base letter and a mark.
_FOLDS = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "þ": "th", "ð": "d"}
)

#: Words a journal abbreviation may leave out (ISO 4 drops them).
_STOP_WORDS = frozenset(
    {
        "of",
        "the",
        "and",
        "for",
        "in",
        "on",
        "a",
        "an",
        "de",
        "des",
        "der",
        "und",
        "fur",
        "zur",
        "la",
        "le",
        "et",
    }
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
    {
        *("van", "von", "der", "den", "ter", "ten"),
        *("de", "del", "della", "di", "da", "du", "d", "la", "le", "dos", "das", "y"),
        *("al", "el", "ibn", "bin"),
    }
)


def fold(text: str) -> str:
    """Lower case without accents, markup or entities: ``Gödel <i>X</i>`` to ``godel x``."""
    # Tags go without a space: Crossref writes "<scp>T</scp>reebase: an<scp>R</scp>package"
    # (the spaces it loses are forgiven by comparing titles without spaces too).
    text = html.unescape(_MARKUP.sub("", text))
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLDS))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """The folded words of a text, ``&`` read as ``and``, Greek letters as their names."""
    plain = fold(_LATEX_STYLE.sub("", text)).replace("&", " and ").translate(_GREEK)
    return [word for word in _NON_WORD.split(plain) if word]


#: Publishers prefix the title of a retracted work (Elsevier: "RETRACTED: ...").
_NOTICE_PREFIX = re.compile(r"^\s*(?:retracted|withdrawn)(?: article)?\s*:\s*", re.IGNORECASE)


def normal_title(text: str) -> str:
    """A title reduced to its folded words, one space apart (a "RETRACTED:" mark dropped)."""
    return " ".join(words(_NOTICE_PREFIX.sub("", text)))


#: Where a subtitle begins: a colon, a dash between words, a question or an exclamation,
#: a full stop before another sentence.
_SUBTITLE_BREAK = re.compile(r"\s*(?::|\s[-–—]+\s|—|–|\?|!|\.\s)\s*")


def main_titles(text: str) -> list[str]:
    """The normalised titles before each place a subtitle may begin.

    ``Attention is all you need: a study`` gives ``attention is all you need``; ``Attention
    is all you need in speech separation`` gives nothing (it has no subtitle).
    """
    found: list[str] = []
    for match in _SUBTITLE_BREAK.finditer(text):
        head = normal_title(text[: match.start()])
        if head and head not in found:
            found.append(head)
    return found


_ROMAN = re.compile(r"^(?=[ivx]{2,}$)x{0,3}(?:ix|iv|v?i{0,3})$")
#: Words before the number of a part of a work (``part II``, ``vol. 3``, ``leg 113``).
_PART_WORDS = frozenset(
    {"part", "pt", "vol", "volume", "book", "chapter", "section", "leg", "phase", "no", "number"}
)


def numbering(normal: str) -> frozenset[str]:
    """What numbers a work among its siblings: numbers, roman numerals from ``ii`` on, and
    the word after ``part``, ``volume`` and the like (``part i``)."""
    tokens = normal.split()
    found: set[str] = set()
    for index, token in enumerate(tokens):
        if token.isdigit():
            found.add(token.lstrip("0") or "0")
        elif _ROMAN.match(token):
            found.add(token)
        if index and tokens[index - 1] in _PART_WORDS:
            found.add(f"{tokens[index - 1]} {token}")
    return frozenset(found)


#: Titles of works about another work: errata, corrections, retraction notes, comments,
#: replies, book reviews, and the data and figures deposited apart (Dryad's "Data from:",
#: figshare's "Figure 2 from").  Each form needs its own ending so that "Correction of
#: refractive errors" and "Response of maize to drought" stay ordinary titles.
_DERIVATIVE = re.compile(
    r"^\W*(?:"
    r"(?:authors?'?|publishers?'?|editorial)?\s*corrections?\s*(?::|to\b|for\b|on\b)"
    r"|(?:erratum|errata|corrigendum|corrigenda|addendum)\b"
    r"|retraction(?:\s+(?:note|notice|statement))?\s*(?::|to\b|of\b|for\b|on\b)"
    r"|notice of retraction\b"
    r"|(?:editorial\s+)?expression of concern\b"
    r"|(?:comments?|commentary)\s*(?::|on\b)"
    r"|(?:reply|replies|response|rebuttal)\s*:"
    r"|(?:reply|replies|rebuttal)\s+to\b"
    r"|response to (?:the )?(?:comments?|letter|critique|criticism|reviewers?)\b"
    r"|authors?'?\s+(?:reply|response)\b"
    r"|book review\b"
    r"|publishers?'?\s+note\b"
    r"|(?:data|supplement(?:ary|al)? (?:material|data|information)|(?:figure|table) \w+)"
    r"\s+(?:from|for|to)\b"
    r")"
)


def is_derivative(title: str) -> bool:
    """Whether a title names a work about another one (``Erratum to: ...``)."""
    return bool(_DERIVATIVE.match(fold(title)))


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


def _spelt_out(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().translate(_SPELT_OUT)


def whole_family(first: str, second: str) -> bool:
    """Whether two family names are the same name, forgiving particles, hyphenation and
    a spelt-out umlaut (``Müller`` and ``Mueller``, ``Sørensen`` and ``Soerensen``)."""
    a, b = family_key(first), family_key(second)
    if not a or not b:
        return False
    return a == b or family_key(_spelt_out(first)) == family_key(_spelt_out(second))


def half_of(first: str, second: str) -> bool:
    """Whether one name is a half of the other, double-barrelled one (``García Márquez``
    and ``García``): registries and citations split them differently.  Longer names
    (organisations: ``World Health Organization``) must agree whole."""
    first_parts = [part for part in words(first) if part not in _PARTICLES]
    second_parts = [part for part in words(second) if part not in _PARTICLES]
    shorter, longer = sorted((first_parts, second_parts), key=len)
    return len(shorter) == 1 and len(longer) == 2 and shorter[0] in longer and len(shorter[0]) >= 3


#: Given names split at spaces, full stops and hyphens (``J.-P.`` is J and P).
_GIVEN_SPLIT = re.compile(r"[\s.\-\u2010\u2011]+")
_GIVEN_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
#: Two spellings of one given name of at least this many letters, with the same initial
#: and at least ``GIVEN_SIMILARITY`` alike, are one name transliterated two ways
#: (Sergei and Sergey, Aleksandr and Alexander); shorter names must be equal (Mark is not
#: Mary, John is not Joan).
GIVEN_SPELLING_LENGTH = 5
GIVEN_SIMILARITY = 0.75


def given_parts(given: str) -> list[str]:
    """Given names as folded words, each initial one letter: ``J.-P.``, ``JP`` and
    ``J. P.`` give ``j, p``; ``Jean-Pierre`` gives ``jean, pierre``."""
    parts: list[str] = []
    for token in _GIVEN_SPLIT.split(given.strip()):
        letters = "".join(words(token))
        if not letters or letters in _GIVEN_SUFFIXES:
            continue
        # Initials run together, as in Vancouver style: "RJ" for R. J.
        if token.isalpha() and token.isupper() and len(token) <= 3:
            parts.extend(letters)
        else:
            parts.append(letters)
    return parts


def _same_given_word(mine: str, theirs: str) -> bool:
    if mine[0] != theirs[0]:
        return False
    if len(mine) == 1 or len(theirs) == 1:
        return True
    if mine.startswith(theirs) or theirs.startswith(mine):
        return True  # Alex and Alexander, Hyun and Hyunju
    if _spelt_out(mine) == _spelt_out(theirs):
        return True
    return (
        min(len(mine), len(theirs)) >= GIVEN_SPELLING_LENGTH
        and difflib.SequenceMatcher(None, mine, theirs).ratio() >= GIVEN_SIMILARITY
    )


def _given_fits(shorter: Sequence[str], longer: Sequence[str], *, first: bool = True) -> bool:
    """Whether ``shorter``'s names are ``longer``'s in order, some left out.  Middle
    names may be left out, and a first initial (T. Alex Perkins is Alex Perkins), but
    not a first name written out (John K. Smith is not Karen Smith)."""
    if not shorter:
        return True
    if len(shorter) > len(longer):
        return False
    if _same_given_word(shorter[0], longer[0]) and _given_fits(
        shorter[1:], longer[1:], first=False
    ):
        return True
    if first and len(longer[0]) > 1:
        return False
    return _given_fits(shorter, longer[1:], first=first)


def same_given(first: str, second: str) -> bool:
    """Whether two people's given names can be one person's (their family names being
    the same): initials for full names (``J.`` is John, ``R. J.`` is Richard James),
    middle names left out, a first initial left out (``T. Alex`` is Alex), names run
    together or hyphenated (``Hyun-Ju``, ``Hyunju``), spelt-out umlauts and long names
    transliterated two ways.  No given name on either side says nothing: they agree."""
    mine, theirs = given_parts(first), given_parts(second)
    if not mine or not theirs:
        return True
    if "".join(mine) == "".join(theirs):
        return True
    shorter, longer = sorted((mine, theirs), key=len)
    return _given_fits(shorter, longer)


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
        # Spaces apart, "Proc Natl Acad Sci USA" is Crossref's "Proc. Natl. Acad. Sci. U.S.A.".
        if mine == theirs or mine.replace(" ", "") == theirs.replace(" ", ""):
            return True
        # An ISO 4 abbreviation may leave a journal's subtitle out ("Proc. R. Soc. A").
        for short, full in ((local, name), (name, local)):
            if any(abbreviates(short, form) for form in (full, full.partition(":")[0])):
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


_PAGE_SPLIT = re.compile(r"(?:(?<!\s)\s*)?(?:-+|–|—|−)\s*")


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


_E_LOCATOR = re.compile(r"^e(?=\d+$)")


def _page_key(page: str) -> str:
    """A page as compared: leading zeros and an e-locator's ``e`` dropped (``e033693``)."""
    return _E_LOCATOR.sub("", page).lstrip("0")


def same_pages(local: str, remote: str) -> bool:
    """Pages agree when the first pages agree and, where both give one, the last pages do.

    ``e33693`` and ``33693`` are one article number, written with and without its ``e``.
    """
    mine, theirs = page_range(local), page_range(remote)
    if mine is None or theirs is None:
        return True
    if _page_key(mine[0]) != _page_key(theirs[0]):
        return False
    return mine[1] is None or theirs[1] is None or _page_key(mine[1]) == _page_key(theirs[1])


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
