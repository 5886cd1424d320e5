"""RK615: proper nouns in titles that styles which change case will lower.

BibTeX's standard styles lower the case of article titles, and CSL's sentence-case styles
(APA) print titles in sentence case (refkit and pandoc convert BibTeX titles on the way):
"in Poland" prints "in poland" unless the word is braced.  Evidence that a capitalised
word is a proper noun:

- a gazetteer hit: a country, subdivision or language name (pycountry), a demonym or
  region, a month or weekday (``propernouns.toml``), a family name of the entry's own
  authors or editors, or an organisation's name (a place, demonym or "United", "World",
  ... followed by capitalised words ending in "Nations", "Bank", "Union", ...);
- in a title written in sentence case, any capitalised word after the first of a
  sentence: the writer capitalised it on purpose.  In a title written in Title Case,
  capitals say nothing, so only gazetteer hits count.

The first word of a title or of a sentence in it (after ``:``, ``.``, ``?``, ``!``) keeps
its capital in every style, so a one-word hit there is not reported.
"""

from __future__ import annotations

import functools
import itertools
import re
import sys
from collections.abc import Container, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import NamedTuple

from refkit.bib.language import entry_language, is_english
from refkit.bib.latex import needs_latex
from refkit.bib.model import Entry
from refkit.bib.months import MONTH_NUMBERS
from refkit.bib.names import NAME_FIELDS
from refkit.core.diagnostics import Diagnostic, Severity
from refkit.lint.index import EntryDigest, entry_fields, plain_value
from refkit.lint.rules.base import CheckContext, EntryRule, Rule, set_field_fix

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["UnprotectedProperNoun", "proper_noun_spans", "rules"]

#: Title fields BibTeX styles or sentence-case CSL styles change the case of.
CASED_FIELDS = ("title", "subtitle", "booktitle", "shorttitle")
#: Top-level tokens of a title: groups, math, commands, words, sentence punctuation.
_TOKEN = re.compile(r"\\[A-Za-z@]+\*?|\\.|\$\$?|\{|\}|[^\W\d_][\w'’-]*|[:.?!]")
_SMALL = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "over",
        "per",
        "the",
        "to",
        "up",
        "via",
        "vs",
        "with",
    ]
)


@dataclass(frozen=True)
class Gazetteer:
    """Proper nouns by their first word: the phrases (as word tuples) that start with it."""

    phrases: dict[str, tuple[tuple[str, ...], ...]]
    organisation_words: frozenset[str]
    opening: frozenset[str]

    def longest(self, words: list[str], start: int) -> int:
        """How many words from ``start`` make the longest known phrase (0 if none)."""
        best = 0
        for phrase in self.phrases.get(words[start], ()):
            if tuple(words[start : start + len(phrase)]) == phrase:
                best = max(best, len(phrase))
        return best


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """pycountry's names and the package's list, read once."""
    import pycountry

    data = tomllib.loads(
        resources.files("refkit.lint.rules").joinpath("propernouns.toml").read_text("utf-8")
    )
    ambiguous = frozenset(data["ambiguous"])
    strong: set[str] = set(data["regions"])
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            name = getattr(country, attribute, None)
            if name:
                strong.add(name.split(",")[0].strip())
    weak: set[str] = set(data["demonyms"]) | set(data["days"])
    weak.update(month.capitalize() for month in MONTH_NUMBERS if len(month) > 3)
    for language in pycountry.languages:
        if hasattr(language, "alpha_2"):
            weak.add(language.name.split(";")[0].split(",")[0].strip())
    for subdivision in pycountry.subdivisions:
        if subdivision.type in {"State", "Province", "Prefecture", "Country", "Canton"}:
            weak.add(subdivision.name.split(",")[0].strip())
    names = strong | {name for name in weak if name not in ambiguous}
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for name in names:
        words = tuple(name.split())
        if words and words[0][:1].isupper() and all(word.isalpha() for word in words[:1]):
            phrases.setdefault(words[0], []).append(words)
    return Gazetteer(
        {first: tuple(found) for first, found in phrases.items()},
        frozenset(data["organisation_words"]),
        frozenset(data["opening"]),
    )


class _Word(NamedTuple):
    text: str
    start: int
    end: int
    #: The first word of the title or of a sentence in it.
    initial: bool


_NOT_WORD = frozenset("{}$\\:.?!")


def _top_level_words(value: str) -> list[_Word | None]:
    """Top-level words in order; None where a group, math or command breaks a phrase."""
    out: list[_Word | None] = []
    initial = True
    depth = 0
    in_math = False
    skip_group = False
    for match in _TOKEN.finditer(value):
        token = match.group()
        if token[0] not in _NOT_WORD:  # most tokens: a word, tested first
            if not depth and not in_math:
                out.append(_Word(token, *match.span(), initial))
                initial = False
            continue
        if token == "{":
            depth += 1
            if depth == 1:
                out.append(None)
            continue
        if token == "}":
            depth = max(0, depth - 1)
            if depth == 0 and not skip_group:
                initial = False
            skip_group = False
            continue
        if depth:
            continue
        if token.startswith("$"):
            in_math = not in_math
            out.append(None)
            continue
        if in_math:
            continue
        if token.startswith("\\"):
            skip_group = token[1:2].isalpha()  # \emph{...}: its argument is not ours
            out.append(None)
            continue
        if token in ":.?!()":
            initial = True
            continue
        out.append(_Word(token, match.start(), match.end(), initial))
        initial = False
    return out


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper() and word[1:].replace("-", "").replace("'", "").islower()


_COMMAND_OR_MATH = re.compile(r"\\[A-Za-z@]+\*?|\\.|\$[^$]*\$|[{}]")
_GROUP = re.compile(r"\\[A-Za-z@]+\*?\s*\{[^{}]*\}|\{[^{}]*\}")


def _unprotected_text(value: str) -> str:
    """The title without brace groups and command arguments (nested titles, species names,
    protected words): what is left is what a style changes the case of."""
    previous = None
    while previous != value:
        previous, value = value, _GROUP.sub(" ", value)
    return _COMMAND_OR_MATH.sub("", value)
_CASE_WORD = re.compile(r"[^\W\d_][\w'’-]*|[:.?!()]")


def _content_words(value: str) -> list[str]:
    """The title's words outside braces that are neither small words nor sentence-initial."""
    content: list[str] = []
    initial = True
    for token in _CASE_WORD.findall(_unprotected_text(value)):
        if token in ":.?!()":
            initial = True
            continue
        if not initial and token.lower() not in _SMALL:
            content.append(token)
        initial = False
    return content


def _case_counts(value: str) -> tuple[int, int]:
    """How many content words the title has, and how many of them are capitalised."""
    content = _content_words(value)
    return len(content), sum(1 for word in content if word[:1].isupper())


def is_title_case(value: str) -> bool:
    """Most content words (not small words, not sentence-initial) are capitalised.

    Brace groups and command arguments do not count: their case is not the title's.
    """
    return _title_case(*_case_counts(value))


def is_sentence_case(value: str) -> bool:
    """At least three content words after a sentence's first, two of them in lower case.

    Short titles ("Book Reviews", "Machine Learning") say nothing either way.
    """
    return _sentence_case(*_case_counts(value))


def _title_case(content: int, capitalised: int) -> bool:
    return content >= 2 and capitalised >= 0.75 * content


def _sentence_case(content: int, capitalised: int) -> bool:
    return content >= 3 and content - capitalised >= 2


def proper_noun_spans(
    value: str, family_names: Container[str] = frozenset()
) -> list[tuple[int, int]]:
    """``(start, end)`` of the unprotected proper nouns (words or phrases) in a title."""
    tokens = _top_level_words(value)
    if not any(token is not None and _is_capitalised(token.text) for token in tokens):
        return []
    counts = _case_counts(value)
    sentence_case = not _title_case(*counts) and _sentence_case(*counts)
    places = gazetteer()
    spans: list[tuple[int, int]] = []
    index = 0
    count = len(tokens)
    while index < count:
        token = tokens[index]
        if token is None or not _is_capitalised(token.text):
            index += 1
            continue
        run = [token]
        for later in itertools.islice(tokens, index + 1, None):
            if later is None or later.initial:
                break
            run.append(later)
        texts = [word.text for word in run]
        length = places.longest(texts, 0)
        organisation = _organisation(texts, places) if length or texts[0] in places.opening else 0
        length = max(length, organisation)
        # A one-word hit on a sentence's first word is never reported, and in a title in
        # sentence case every later capital counts: only the rest need the family names.
        if (
            not length
            and not token.initial
            and (sentence_case or token.text in family_names)
        ):
            length = 1
        if length and (length > 1 or not token.initial):
            spans.append((token.start, run[length - 1].end))
        # ``run`` holds consecutive tokens from ``index``: skip past the phrase.
        index += max(length, 1)
    return _merged(value, spans)


def _merged(value: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Neighbouring spans with only spaces between them as one: {General Assembly}."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and not value[out[-1][1] : start].strip():
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _organisation(texts: list[str], places: Gazetteer) -> int:
    """The length of an organisation's name at the start of ``texts`` (0 if none)."""
    best = 0
    for position, word in enumerate(texts[1:], start=1):
        if not word[:1].isupper() and word not in {"of", "for", "on", "and", "the"}:
            break
        if word in places.organisation_words:
            best = position + 1
    return best


class _FamilyNames:
    """The capitalised words of the family names of an entry's people, parsed only when
    a title word could be one of them.

    Parsing names (pybtex) costs more than the rest of the rule.  A name field without
    braces, commands or other LaTeX decodes to itself, so each word of its family names
    is a substring of its text: a word found in no such text, with no other name field,
    is no family name, and nothing needs parsing.
    """

    __slots__ = ("_entry", "_fields", "_parsed", "_plain")

    def __init__(self, entry: Entry, fields: EntryDigest) -> None:
        self._entry = entry
        self._fields = fields
        self._plain: list[str] | None = None
        self._parsed: frozenset[str] | None = None

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        if self._parsed is None:
            if self._plain is None:
                self._plain = self._plain_texts()
            if self._plain is not None and not any(word in text for text in self._plain):
                return False
            self._parsed = _family_names(self._entry)
        return word in self._parsed

    def _plain_texts(self) -> list[str] | None:
        """The name fields' texts when all of them are plain, or None."""
        fields = self._fields
        if fields.repeated:
            return None  # a second author field: parse them all
        texts: list[str] = []
        for name in fields.keys() & NAME_FIELDS:
            text = fields[name].resolved
            if "{" in text or "}" in text or needs_latex(text):
                return None
            texts.append(text)
        return texts


def _family_names(entry: Entry) -> frozenset[str]:
    names: set[str] = set()
    written, _ = entry.field_texts()
    slots = entry.field_slots()
    for position, name in enumerate(written):
        if name.lower() in NAME_FIELDS:
            for person in slots[position].names:
                names.update(part for part in person.last.split() if part[:1].isupper())
    return frozenset(names)


class UnprotectedProperNoun(EntryRule):
    """A proper noun in a title is not brace-protected, so styles that change case lower it.

    BibTeX styles and sentence-case CSL styles (APA) print "in poland": a country, a
    nationality, a language, a place, an organisation, a month or an author's name
    keeps its capitals only in braces.

    Bad:  title = {Trafficking in Human Beings in Poland}
    Good: title = {Trafficking in Human Beings in {Poland}}
    """

    code = "RK615"
    name = "unprotected-proper-noun"
    severity = Severity.WARNING
    fixable = True
    family = "text"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        fields = entry_fields(context, entry)
        present = [fields[name] for name in CASED_FIELDS if name in fields]
        if not present or not is_english(entry_language(entry)):
            return
        family = _FamilyNames(entry, fields)
        for item in present:
            if item.raw[:1] not in '{"':
                continue  # a macro or a concatenation: no safe edit
            value = plain_value(item)
            spans = proper_noun_spans(value, family)
            if not spans:
                continue
            words = list(dict.fromkeys(value[start:end] for start, end in spans))
            pieces: list[str] = []
            last = 0
            for start, end in spans:
                pieces.extend((value[last:start], "{", value[start:end], "}"))
                last = end
            pieces.append(value[last:])
            yield self.diagnostic(
                context,
                f"{', '.join(words[:5])}{' ...' if len(words) > 5 else ''} in {item.name}: "
                "styles that change case will lower it; brace-protect proper nouns",
                entry=entry,
                block_index=block_index,
                field=item,
                fix=set_field_fix(
                    "brace-protect the proper nouns",
                    block_index,
                    entry,
                    item,
                    "".join(pieces),
                    safe=False,
                ),
            )


def rules() -> list[Rule]:
    return [UnprotectedProperNoun()]
