"""BibTeX titles to CSL's sentence case, as pandoc's BibTeX reader converts English entries.

CSL expects titles stored in sentence case: a style that wants title case (Chicago)
applies it, one that wants sentence case (APA) prints the title as stored.  BibTeX titles
are usually written in Title Case with the words that must keep their capitals braced, so
pandoc (``Text.Pandoc.Citeproc.BibTeX``) and biblatex-apa (``\\MakeSentenceCase``) lower
the case of English titles on the way.  This module does the same on a CSL string in which
the braced runs are already ``<span class="nocase">`` spans (``csljson.csl_string``).
Which entries are English is ``refkit.bib.language.is_english`` (langid, hyphenation,
then language; biblatex's case languages and BCP 47 ``en`` tags).

What is kept as written, as in pandoc: protected (braced) runs; a word with a digit
(``3D``, ``19th-century``); a word in capitals (``NASA``); a word with a capital after its
first letter (``iPhone``, ``McDonald``).  A word that starts the title, or follows a colon
or a full stop, gets a capital first letter.  After ``?`` or ``!`` a word is kept as
written.  Deliberate differences from pandoc 2.17 (which lowers them): the pronoun ``I``,
dotted abbreviations (``U.S.``), capitals joined by ampersands (``R&D``, ``AT&T``) and a
capital after an apostrophe (``O'Brien``) are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Re-exported: which entries get sentence case is bib.language's one definition.
from refkit.bib.language import is_english

__all__ = ["is_english", "sentence_case"]

#: Markup that ``csl_string``/``latex_string`` write: nocase spans, small caps, HTML tags.
_TAG = re.compile(r"<span [^>]*>|</span>|</?(?:i|em|b|strong|sup|sub)>")
_NOCASE_OPEN = '<span class="nocase">'
_WORD = re.compile(r"\S+")
_CHUNK = re.compile(r"[^\W_]+")
_ABBREVIATION = re.compile(r"(?:[^\W\d_]\.){2,}")
#: Capitals joined by ampersands: R&D, AT&T, Q&A (each piece alone would look plain).
_AMPERSAND_ACRONYM = re.compile(r"[^\W\d_a-z]+(?:&(?:amp;)?[^\W\d_a-z]+)+")
#: Quotes and brackets that may open a word before its first letter.
_OPENERS = "\"'“‘«([{¿¡"

def _pieces(text: str) -> Iterator[tuple[str, bool]]:
    """``(piece, is_tag)`` in order."""
    position = 0
    for match in _TAG.finditer(text):
        if match.start() > position:
            yield text[position : match.start()], False
        yield match.group(0), True
        position = match.end()
    if position < len(text):
        yield text[position:], False


class _State:
    """Where the walk is: is the next word the start of a sentence, or kept as written."""

    def __init__(self) -> None:
        self.capitalise = True
        self.keep = False

    def after(self, word: str) -> None:
        stripped = word.rstrip("\"'”’»)]}")
        self.capitalise = stripped.endswith((":", "."))
        self.keep = stripped.endswith(("?", "!"))


def _is_plain(chunk: str) -> bool:
    """Only its first letter may be a capital, and it has no digit."""
    return not any(char.isdigit() for char in chunk) and (len(chunk) == 1 or chunk[1:].islower())


def _is_ampersand_acronym(word: str) -> bool:
    letters = word.strip(_OPENERS + "\"'”’»)]}.,;:?!")
    bare = letters.replace("&amp;", "&")
    return _AMPERSAND_ACRONYM.fullmatch(letters) is not None and bare.upper() == bare


def _convert_word(word: str, state: _State) -> str:
    if state.keep or _ABBREVIATION.search(word) or _is_ampersand_acronym(word):
        return word
    out: list[str] = []
    position = 0
    first = True
    for match in _CHUNK.finditer(word):
        out.append(word[position : match.start()])
        chunk = match.group(0)
        start = match.start()
        # O'Brien, D'Angelo: a capital after an apostrophe inside a word is a name's.
        in_name = start >= 2 and word[start - 1] in "'’" and word[start - 2].isalpha()
        if not _is_plain(chunk) or chunk == "I" or in_name:
            pass  # NASA, iPhone, McDonald, 3D; the pronoun
        elif first and state.capitalise and not word[:start].strip(_OPENERS):
            chunk = chunk[:1].upper() + chunk[1:]
        else:
            chunk = chunk.lower()
        first = False
        out.append(chunk)
        position = match.end()
    out.append(word[position:])
    return "".join(out)


def sentence_case(text: str) -> str:
    """A CSL title string in sentence case, nocase spans and markup kept as they are."""
    state = _State()
    protected = 0
    out: list[str] = []
    for piece, is_tag in _pieces(text):
        if is_tag:
            if piece.startswith("<span"):
                protected += 1 if piece == _NOCASE_OPEN or protected else 0
            elif piece == "</span>" and protected:
                protected -= 1
            out.append(piece)
            continue
        if protected:
            out.append(piece)
            for word in _WORD.findall(piece):
                state.after(word)
            continue
        position = 0
        for match in _WORD.finditer(piece):
            out.append(piece[position : match.start()])
            word = match.group(0)
            out.append(_convert_word(word, state))
            state.after(word)
            position = match.end()
        out.append(piece[position:])
    return "".join(out)
