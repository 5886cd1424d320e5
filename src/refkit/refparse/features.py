"""Token features for the reference-string CRF.

Each token becomes a list of string features (``name=value``): its word form and
shape, its punctuation, lexicon memberships (months, publisher words, journal
words, places, role words), patterns (year, page range, initial, URL, DOI),
its position in the string, whether it stands inside quotes or parentheses,
what has been seen before it, and the same kinds of facts about its neighbours.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from refkit.bib.months import MONTH_NUMBERS
from refkit.refparse.tokens import Token

#: Month words: English (from the one month table), French and German, and the seasons.
MONTHS = frozenset(MONTH_NUMBERS) | frozenset(
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
        "januar",
        "februar",
        "märz",
        "juni",
        "juli",
        "oktober",
        "dezember",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
    ]
)
PUBLISHER_WORDS = frozenset(
    [
        "press",
        "publishers",
        "publisher",
        "publishing",
        "publications",
        "books",
        "verlag",
        "inc",
        "inc.",
        "ltd",
        "co",
        "company",
        "wiley",
        "springer",
        "elsevier",
        "routledge",
        "sage",
        "academic",
        "university",
        "univ.",
        "univ",
        "kluwer",
        "mcgraw-hill",
        "addison-wesley",
        "prentice",
        "hall",
        "norton",
        "penguin",
        "macmillan",
        "blackwell",
        "harper",
        "random",
        "house",
        "oxford",
        "cambridge",
        "mit",
        "pearson",
        "taylor",
        "francis",
        "éditions",
        "editions",
        "gallimard",
        "seuil",
        "presses",
        "universitaires",
        "de",
        "france",
        "puf",
        "institute",
        "institution",
        "laboratory",
        "laboratories",
        "department",
        "dept",
        "school",
        "centre",
        "center",
        "corporation",
        "corp",
        "foundation",
        "association",
        "society",
        "organization",
        "organisation",
    ]
)
JOURNAL_WORDS = frozenset(
    [
        "journal",
        "j.",
        "j",
        "proceedings",
        "proc.",
        "proc",
        "conference",
        "conf.",
        "conf",
        "symposium",
        "workshop",
        "review",
        "rev.",
        "rev",
        "transactions",
        "trans.",
        "letters",
        "lett.",
        "bulletin",
        "bull.",
        "annals",
        "ann.",
        "quarterly",
        "magazine",
        "acta",
        "research",
        "science",
        "sciences",
        "studies",
        "international",
        "intl.",
        "int.",
        "american",
        "european",
        "society",
        "soc.",
        "physical",
        "phys.",
        "chemical",
        "chem.",
        "computer",
        "comput.",
        "mathematical",
        "math.",
        "national",
        "advances",
        "quarterly",
        "newsletter",
        "series",
        "revue",
        "zeitschrift",
        "archives",
        "archiv",
        "reports",
        "today",
        "communications",
        "comm.",
        "acm",
        "ieee",
        "annual",
        "meeting",
        "congress",
    ]
)
PLACES = frozenset(
    [
        "london",
        "new",
        "york",
        "ny",
        "paris",
        "berlin",
        "boston",
        "cambridge",
        "oxford",
        "chicago",
        "amsterdam",
        "tokyo",
        "washington",
        "dc",
        "d.c.",
        "san",
        "francisco",
        "ca",
        "mass.",
        "ma",
        "nj",
        "princeton",
        "philadelphia",
        "toronto",
        "montreal",
        "sydney",
        "melbourne",
        "heidelberg",
        "dordrecht",
        "leiden",
        "vienna",
        "wien",
        "munich",
        "münchen",
        "stuttgart",
        "frankfurt",
        "hamburg",
        "leipzig",
        "zurich",
        "zürich",
        "geneva",
        "genève",
        "basel",
        "rome",
        "milan",
        "madrid",
        "barcelona",
        "lisbon",
        "stockholm",
        "copenhagen",
        "oslo",
        "helsinki",
        "brussels",
        "los",
        "angeles",
        "berkeley",
        "stanford",
        "baltimore",
        "ithaca",
        "mahwah",
        "englewood",
        "cliffs",
        "reading",
        "norwood",
        "hillsdale",
        "thousand",
        "oaks",
        "newbury",
        "park",
        "beverly",
        "hills",
        "menlo",
        "amherst",
        "austin",
        "atlanta",
        "usa",
        "uk",
        "germany",
        "france",
        "italy",
        "japan",
        "canada",
        "australia",
        "netherlands",
        "switzerland",
        "singapore",
        "beijing",
        "shanghai",
        "hong",
        "kong",
        "delhi",
        "lyon",
        "québec",
        "quebec",
        "bruxelles",
    ]
)
EDITOR_WORDS = frozenset(
    [
        "ed",
        "ed.",
        "eds",
        "eds.",
        "(ed.)",
        "(eds.)",
        "(ed)",
        "(eds)",
        "editor",
        "editors",
        "edited",
        "(editor)",
        "(editors)",
        "hrsg.",
        "(hrsg.)",
        "hg.",
        "(hg.)",
        "éd.",
        "(éd.)",
        "dir.",
        "(dir.)",
    ]
)
TRANS_WORDS = frozenset(
    ["trans.", "trans", "translated", "tr.", "(trans.)", "(tr.)", "transl.", "übers."]
)
GENRE_WORDS = frozenset(
    [
        "thesis",
        "dissertation",
        "phd",
        "ph.d.",
        "ph.d",
        "master's",
        "masters",
        "msc",
        "m.sc.",
        "technical",
        "tech",
        "report",
        "tr",
        "memo",
        "memorandum",
        "working",
        "paper",
        "patent",
        "manuscript",
        "unpublished",
        "habilitation",
    ]
)
ROLE_WORDS = {
    "in": "IN",
    "in:": "IN",
    "pp.": "PP",
    "pp": "PP",
    "p.": "PP",
    "pages": "PP",
    "vol.": "VOL",
    "vol": "VOL",
    "volume": "VOL",
    "no.": "NO",
    "no": "NO",
    "nr.": "NO",
    "n°": "NO",
    "issue": "NO",
    "doi:": "DOI",
    "doi": "DOI",
    "isbn": "ISBN",
    "isbn:": "ISBN",
    "available": "AVAIL",
    "accessed": "ACCESSED",
    "[accessed": "ACCESSED",
    "retrieved": "ACCESSED",
    "viewed": "ACCESSED",
    "url:": "URL",
    "and": "AND",
    "&": "AND",
    "et": "ETAL",
    "al.": "ETAL",
    "al": "ETAL",
    "al.,": "ETAL",
    "edn": "EDN",
    "edn.": "EDN",
    "edition": "EDN",
    "ed.,": "ED",
}

OPEN_Q = "\"“„«‘'"
CLOSE_Q = "\"”»’'"
_YEAR_RE = re.compile(r"^\(?\[?(1[5-9]\d\d|20\d\d)[a-z]?\]?\)?[.,;:)]*$")
_YEAR_ANY_RE = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_PAGES_RE = re.compile(r"^\(?[A-Za-z]?\d+[A-Za-z]?\s*[-–—‐]+\s*[A-Za-z]?\d+[A-Za-z]?\)?[.,;:]*$")
_INITIAL_RE = re.compile(r"^(?:[A-Z]\.?-?)+[.,]*$|^(?:[A-Z]\.)+[A-Z]?[.,]*$")
_NUM_RE = re.compile(r"^\(?\d+\)?[.,;:]*$")
_ROMAN_RE = re.compile(r"^[ivxlcdmIVXLCDM]+[.,]*$")
_URL_RE = re.compile(r"(?:https?|ftp|file)://|^www\.|^<?https?:", re.I)
_DOI_RE = re.compile(r"10\.\d{4,9}/", re.I)
_VOLISSUE_RE = re.compile(r"^\d+\s*\(\d+[-–/]?\d*\)")
_ORDINAL_RE = re.compile(r"^\d+(?:st|nd|rd|th|e|er|ème)$", re.I)


_ASCII_PUNCT = frozenset(chr(i) for i in range(128) if unicodedata.category(chr(i))[0] in "PS")


def _is_punct(ch: str) -> bool:
    if ch < "\x80":
        return ch in _ASCII_PUNCT
    return unicodedata.category(ch)[0] in "PS"


_CHAR_CLASS: dict[str, str] = {}


def _char_class(ch: str) -> str:
    if ch.isupper():
        c = "X"
    elif ch.isalpha():
        c = "x"
    elif ch.isdigit():
        c = "d"
    else:
        c = ch
    if len(_CHAR_CLASS) < 10_000:
        _CHAR_CLASS[ch] = c
    return c


def _strip(word: str) -> str:
    i, j = 0, len(word)
    while i < j and _is_punct(word[i]):
        i += 1
    while j > i and _is_punct(word[j - 1]):
        j -= 1
    return word[i:j]


def _shape(word: str, limit: int = 6) -> str:
    out: list[str] = []
    last = ""
    get = _CHAR_CLASS.get
    for ch in word:
        c = get(ch) or _char_class(ch)
        if c != last:
            out.append(c)
            last = c
    return "".join(out[:limit])


def _token_facts(word: str) -> tuple[list[str], str, str]:
    """Features of the token alone; also its lowercase core and short shape."""
    lw = word.lower()
    core = _strip(word)
    lcore = core.lower()
    shp = _shape(word)
    feats = [
        "w=" + lcore,
        "raw=" + lw,
        "shape=" + shp,
        "cshape=" + _shape(core, 4),
        "len=" + str(min(len(core), 8)),
        "first=" + (word[0] if _is_punct(word[0]) else "a"),
        "last=" + (word[-1] if _is_punct(word[-1]) else "a"),
        "last2=" + word[-2:] if len(word) > 1 else "last2=" + word,
        "p3=" + lcore[:3],
        "s3=" + lcore[-3:],
    ]
    has_digit = any(c.isdigit() for c in word)
    if has_digit:
        if _YEAR_RE.match(word):
            feats.append("YEAR")
        elif _YEAR_ANY_RE.search(word):
            feats.append("HASYEAR")
        if _PAGES_RE.match(word):
            feats.append("PAGERANGE")
        if _NUM_RE.match(word):
            feats.append("NUM")
            feats.append("numlen=" + str(min(len(core), 5)))
        if _DOI_RE.search(word):
            feats.append("DOI")
        if _VOLISSUE_RE.match(word):
            feats.append("VOLISSUE")
        if _ORDINAL_RE.match(core):
            feats.append("ORDINAL")
    if _INITIAL_RE.match(word):
        feats.append("INITIAL")
    if len(core) <= 5 and _ROMAN_RE.match(word):
        feats.append("ROMAN")
    if ("/" in word or "www" in lw or "http" in lw) and _URL_RE.search(word):
        feats.append("URL")
    if core.isupper() and len(core) > 1:
        feats.append("ALLCAPS")
    elif core[:1].isupper():
        feats.append("CAP")
    elif core[:1].islower():
        feats.append("LOWER")
    if has_digit:
        feats.append("HASDIGIT")
    if lcore in MONTHS:
        feats.append("MONTH")
    if lcore in PUBLISHER_WORDS:
        feats.append("PUBWORD")
    if lcore in JOURNAL_WORDS or lw in JOURNAL_WORDS:
        feats.append("JWORD")
    if lcore in PLACES:
        feats.append("PLACE")
    if lw in EDITOR_WORDS or lw.rstrip(",.;:") in EDITOR_WORDS:
        feats.append("EDWORD")
    if lw in TRANS_WORDS or lw.rstrip(",.;:") in TRANS_WORDS:
        feats.append("TRANSWORD")
    if lcore in GENRE_WORDS:
        feats.append("GENREWORD")
    role = ROLE_WORDS.get(lw) or ROLE_WORDS.get(lw.rstrip(",.;:"))
    if role:
        feats.append("ROLE=" + role)
    if word[0] in OPEN_Q:
        feats.append("QOPEN")
    if word[-1] in CLOSE_Q or word.rstrip(".,;:")[-1:] in CLOSE_Q:
        feats.append("QCLOSE")
    if word[0] in "([":
        feats.append("POPEN")
    if word.rstrip(".,;:")[-1:] in ")]":
        feats.append("PCLOSE")
    return feats, lcore, shp


_PREV_FLAGS = (
    "YEAR",
    "INITIAL",
    "PAGERANGE",
    "NUM",
    "MONTH",
    "EDWORD",
    "PCLOSE",
    "QCLOSE",
    "ROLE=IN",
    "ROLE=AND",
    "ROLE=PP",
    "ROLE=VOL",
    "ROLE=NO",
    "PLACE",
    "PUBWORD",
    "JWORD",
    "URL",
)
_NEXT_FLAGS = (
    "YEAR",
    "INITIAL",
    "PAGERANGE",
    "NUM",
    "MONTH",
    "EDWORD",
    "POPEN",
    "QOPEN",
    "ROLE=IN",
    "ROLE=AND",
    "PLACE",
    "PUBWORD",
    "JWORD",
    "URL",
    "CAP",
    "LOWER",
)


class _Facts(NamedTuple):
    feats: tuple[str, ...]
    lcore: str
    shp: str
    lastp: str
    as_prev: tuple[str, ...]  # features this token gives the token after it
    as_next: tuple[str, ...]  # ... and the token before it
    as_prev2: tuple[str, ...]
    as_next2: tuple[str, ...]
    has_year: bool


@lru_cache(maxsize=100_000)
def _facts(word: str) -> _Facts:
    feats, lcore, shp = _token_facts(word)
    fs = set(feats)
    lastp = word[-1] if _is_punct(word[-1]) else "a"
    firstp = word[0] if _is_punct(word[0]) else "a"
    as_prev = (
        "-1w=" + lcore,
        "-1shape=" + shp,
        "-1last=" + lastp,
        *tuple("-1" + fl for fl in _PREV_FLAGS if fl in fs),
    )
    as_next = (
        "+1w=" + lcore,
        "+1shape=" + shp,
        "+1first=" + firstp,
        *tuple("+1" + fl for fl in _NEXT_FLAGS if fl in fs),
    )
    return _Facts(
        feats=tuple(feats),
        lcore=lcore,
        shp=shp,
        lastp=lastp,
        as_prev=as_prev,
        as_next=as_next,
        as_prev2=("-2w=" + lcore, "-2shape=" + shp),
        as_next2=("+2w=" + lcore, "+2shape=" + shp),
        has_year="YEAR" in fs or "HASYEAR" in fs,
    )


def token_features(tokens: Sequence[Token]) -> list[list[str]]:
    """Feature lists, one per token, for a tokenised reference string."""
    n = len(tokens)
    facts = [_facts(t.text) for t in tokens]
    ed_flags = ["EDWORD" in fc.feats for fc in facts]
    out: list[list[str]] = []
    in_quote = False
    in_paren = 0
    seen_year = False
    seen_quote = False
    seen_in = False
    seen_colon = False
    periods = 0
    for i, tok in enumerate(tokens):
        word = tok.text
        fact = facts[i]
        f = list(fact.feats)
        f.append("pos=" + str(min(9, (10 * i) // max(n, 1))))
        if i < 4:
            f.append("idx=" + str(i))
        if i == n - 1:
            f.append("LASTTOK")
        if i >= n - 3:
            f.append("NEAREND")
        # state before this token
        if in_quote:
            f.append("INQUOTE")
        if in_paren > 0:
            f.append("INPAREN")
        if seen_year:
            f.append("AFTERYEAR")
        if seen_quote:
            f.append("AFTERQUOTE")
        if seen_in:
            f.append("AFTERIN")
        if seen_colon:
            f.append("AFTERCOLON")
        f.append("periods=" + str(min(periods, 6)))
        # neighbours
        if i > 0:
            prev = facts[i - 1]
            f.extend(prev.as_prev)
            f.append("-1last|shape=" + prev.lastp + "|" + fact.shp)
            f.append("-1w|w=" + prev.lcore + "|" + fact.lcore)
        else:
            f.append("BOS")
        if i > 1:
            f.extend(facts[i - 2].as_prev2)
        if i + 1 < n:
            f.extend(facts[i + 1].as_next)
            f.append("last|+1shape=" + fact.lastp + "|" + facts[i + 1].shp)
        else:
            f.append("EOS")
        if i + 2 < n:
            f.extend(facts[i + 2].as_next2)
        if any(ed_flags[i + 1 : i + 7]):
            f.append("EDAHEAD")
        if any(ed_flags[max(0, i - 4) : i]):
            f.append("EDBEHIND")
        out.append(f)
        # update state after this token
        if word[0] in OPEN_Q and not in_quote:
            in_quote = True
            seen_quote = True
        stripped = word.rstrip(".,;:")
        if in_quote and stripped and stripped[-1] in CLOSE_Q and (len(word) > 1 or i > 0):
            in_quote = False
        in_paren += word.count("(") + word.count("[") - word.count(")") - word.count("]")
        in_paren = max(in_paren, 0)
        if fact.has_year:
            seen_year = True
        if fact.lcore == "in" and not word[0].isdigit():
            seen_in = True
        if word.endswith(":"):
            seen_colon = True
        if word.endswith("."):
            periods += 1
    return out
