"""Which language an entry is in, and whether that is English: the one definition.

Styles change the case of titles only in English entries: biblatex's sentence case
(``\\MakeSentenceCase*``) applies to the languages of ``\\DeclareCaseLangs``, and pandoc's
BibTeX reader converts titles to sentence case only when the entry's language tag is
English.  So both the sentence-case conversion on the way to CSL and the proper-noun rule
(RK615) ask this module.

An entry's language is its ``langid`` (biblatex), else ``hyphenation`` (its BibTeX-era
name, which biber maps to ``langid``), else the first item of ``language`` (the work's
languages, a biblatex list).  A value is English when it is

* a babel/polyglossia language biblatex changes the case of (biblatex 3.18b,
  ``\\DeclareCaseLangs``): american, australian, british, canadian, english,
  newzealand, UKenglish, USenglish, compared without case, or biblatex's localisation
  key for one (``langenglish``, ``langamerican``);
* a BCP 47 tag whose primary language subtag is ``en`` (``en``, ``en-GB``,
  ``en-Latn-US``; also the POSIX form ``en_GB``), or the ISO 639-2 code ``eng``;
* one of those names followed by a qualifier (``English (UK)``, ``english, british``).

No language at all counts as English (pandoc's and biblatex's default, ``en-US``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from refkit.bib.entry import Entry

__all__ = ["CASE_LANGUAGES", "LANGUAGE_FIELDS", "entry_language", "is_english"]

#: biblatex's ``\\DeclareCaseLangs`` (biblatex.sty, 3.18b), lower-cased.
CASE_LANGUAGES = frozenset(
    {
        "american",
        "australian",
        "british",
        "canadian",
        "english",
        "newzealand",
        "ukenglish",
        "usenglish",
    }
)

#: The fields that say an entry's language, first found first.
LANGUAGE_FIELDS = ("langid", "hyphenation", "language")

_TAG = re.compile(r"(?:en|eng)(?:[-_][a-z0-9]{1,8})*")
_LEADING_WORD = re.compile(r"[a-z]+")
_LIST_SEPARATOR = re.compile(r"(?<!\s)\s+and\s+")  # linear: a run is entered once


def is_english(language: str | None) -> bool:
    """Whether a ``langid``/``hyphenation``/``language`` value is English (or absent)."""
    if language is None:
        return True
    value = _LIST_SEPARATOR.split(language.strip(" \t\r\n{}").lower(), maxsplit=1)[0]
    value = value.strip(" {}")
    if not value:
        return True
    if _TAG.fullmatch(value):
        return True
    word = _LEADING_WORD.match(value)
    if word is None:
        return False
    name = word.group()
    if name.startswith("lang") and name[4:] in CASE_LANGUAGES:
        return True  # biblatex's localisation key: language = {langenglish}
    return name in CASE_LANGUAGES


def entry_language(entry: Entry | Callable[[str], str | None]) -> str | None:
    """The entry's language as written (``langid``, else ``hyphenation``, else the first
    ``language``), or None.  Takes an entry or a look-up of a field's text by name."""
    get = entry.get if isinstance(entry, Entry) else entry
    for name in LANGUAGE_FIELDS:
        value = get(name)
        if value is not None and value.strip(" \t\r\n{}"):
            return value
    return None
