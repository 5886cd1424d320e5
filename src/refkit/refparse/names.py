"""Whether a name is an organisation's (refparse.persons reads the name lists)."""

from __future__ import annotations

import re
from functools import lru_cache

_CONNECTORS = frozenset({"and", "&", "und", "et", "y", "e"})
_INITIAL_RE = re.compile(r"^(?:[A-Z][a-z]?\.?-?)+[.,;]*$|^[A-Z]{1,3}[.,;]*$")
_ORG_WORDS = frozenset(
    [
        "international",
        "organization",
        "organisation",
        "office",
        "ministry",
        "centre",
        "center",
        "ctr",
        "assembly",
        "nations",
        "council",
        "association",
        "university",
        "department",
        "website",
        "news",
        "agency",
        "commission",
        "institute",
        "institution",
        "bank",
        "fund",
        "foundation",
        "society",
        "committee",
        "group",
        "board",
        "bureau",
        "corporation",
        "company",
        "inc",
        "ltd",
        "union",
        "federation",
        "forum",
        "programme",
        "program",
        "service",
        "services",
        "network",
        "project",
        "trust",
        "court",
        "government",
        "parliament",
        "league",
        "administration",
        "taskforce",
        "force",
        "unit",
        "secretariat",
        "secretary",
        "general",
        "world",
        "global",
        "national",
        "federal",
        "press",
        "team",
        "consortium",
        "alliance",
        # other languages
        "ministerium",
        "ministère",
        "ministerio",
        "ministero",
        "ministério",
        "institut",
        "instituto",
        "istituto",
        "universität",
        "université",
        "universidad",
        "università",
        "universidade",
        "universiteit",
        "hochschule",
        "gesellschaft",
        "verein",
        "verband",
        "stiftung",
        "fondation",
        "fundación",
        "fondazione",
        "fundação",
        "bundesamt",
        "behörde",
        "agence",
        "agencia",
        "agenzia",
        "comité",
        "comisión",
        "commissione",
        "kommission",
        "conseil",
        "consejo",
        "consiglio",
        "conselho",
        "zentrum",
        "centro",
        "centre",
        "gobierno",
        "regierung",
        "gouvernement",
        "governo",
        "secretaría",
        "departamento",
        "servicio",
        "service",
        "dienst",
        "organización",
        "organisation",
        "organização",
        "asociación",
        "associazione",
        "associação",
        "société",
        "sociedad",
        "società",
        "bundesanstalt",
        "landesamt",
        "senat",
        "parlament",
        "assemblée",
        "oficina",
        "ufficio",
        "direction",
        "dirección",
        "observatory",
        "observatoire",
        "observatorio",
        "laboratory",
        "laboratoire",
        "museum",
        "musée",
        "museo",
        "library",
        "bibliothèque",
        "biblioteca",
        "archives",
        "archiv",
        "hospital",
        "clinic",
        "council",
        "authority",
        "authorities",
        "coalition",
        "campaign",
        "initiative",
        "partnership",
        "collaboration",
        "collaborative",
        "registry",
        "statistics",
        "statistik",
        "statistique",
        "estadística",
        "ngo",
        "charity",
        "embassy",
        "news",
        "inc.",
        "ltd.",
        "llc",
        "gmbh",
        "e.v",
        "plc",
        "s.a",
        "corp",
        "corp.",
        "co.",
        "limited",
        "incorporated",
        "unesco",
        "unicef",
        "oecd",
    ]
)
# The ends of German compound organisation names ("Bundesministerium", "Umweltbundesamt").
_ORG_SUFFIXES = (
    "ministerium",
    "bundesamt",
    "landesamt",
    "institut",
    "gesellschaft",
    "verband",
    "stiftung",
    "behörde",
    "kommission",
    "zentrum",
    "anstalt",
    "verwaltung",
    "amt",
)
# Places that are not countries in pycountry but name organisations' home nations.
_NATIONS = frozenset(
    {
        "scotland",
        "wales",
        "england",
        "northern ireland",
        "europe",
        "africa",
        "asia",
        "america",
        "americas",
        "latin america",
        "oceania",
        "caribbean",
        "british",
        "european",
        "african",
        "american",
        "asian",
        "canadian",
        "australian",
        "scottish",
        "irish",
        "welsh",
        "english",
        "french",
        "german",
        "international",
        "arab",
    }
)


def _core(word: str) -> str:
    return word.strip(".,;:()[]{}\"'“”‘’")


def _is_initial(word: str) -> bool:
    return bool(_INITIAL_RE.match(word.strip("()")))


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    """Country names and their common and official forms (pycountry), lower-cased."""
    import pycountry

    names: set[str] = set(_NATIONS)
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(value.lower())
    return frozenset(names)


def is_country(name: str) -> bool:
    """Whether ``name`` ("Germany", "United Kingdom", "Scotland") names a country or
    nation; two- and three-letter codes ("UK", "USA") count too."""
    low = _core(name).lower()
    return low in _country_names() or low in {"uk", "usa", "us", "u.s.a", "u.k"}


def _names_a_place(words: list[str]) -> bool:
    """Whether one word, or two or three adjacent words, of ``words`` name a country
    or nation ("Alzheimer Scotland", "Oxfam Canada", "Save the Children UK").

    A country first in a name of two words is a given name as often as not
    ("Georgia Smith", "Jordan Peterson"), so it does not count.
    """
    places = _country_names()
    lows = [w.lower() for w in words]
    for size in (3, 2, 1):
        for i in range(len(lows) - size + 1):
            if " ".join(lows[i : i + size]) in places and not (i == 0 and len(lows) == 2):
                return True
    return False


def has_organisation_word(name: str) -> bool:
    """Whether a word of ``name`` names a kind of body ("Ministry", "Center", "Inc.",
    "Umweltbundesamt"): the strong signal, without the guesses of :func:`is_organisation`
    (four capitalised words are as often a book's title)."""
    words = [_core(w).lower() for w in name.split()]
    return any(
        w in _ORG_WORDS or w.rstrip(".") in _ORG_WORDS or (len(w) > 6 and w.endswith(_ORG_SUFFIXES))
        for w in words
    )


@lru_cache(maxsize=16384)
def is_organisation(name: str) -> bool:
    """Guess whether a name span names an organisation rather than a person.

    Signals: an organisation word in one of several languages ("Ministry",
    "Bundesamt", "Université", "Inc."), the end of a German compound of one
    ("Umweltbundesamt"), an acronym, a country or nation in a name of two words or
    more with no initials ("Alzheimer Scotland"), or four words or more without
    initials.
    """
    words = [_core(w) for w in name.split()]
    words = [w for w in words if w and w.lower() not in _CONNECTORS]
    if not words:
        return False
    if any(w.lower() in _ORG_WORDS or w.lower().rstrip(".") in _ORG_WORDS for w in words):
        return True
    if any(len(w) > 6 and w.lower().endswith(_ORG_SUFFIXES) for w in words) and "," not in name:
        return True
    if (
        len(words) >= 2
        and "," not in name
        and not any(_is_initial(w) for w in words)
        and _names_a_place(words)
    ):
        return True
    if any(len(w) >= 3 and w.isupper() and w.isalpha() for w in words) and "," not in name:
        return True
    if len(words) == 1 and "," not in name:
        return bool(re.fullmatch(r"[A-Z][A-Z0-9.&\-]+", words[0]))
    return len(words) >= 4 and not any(_is_initial(w) for w in words)
