"""Name lists as the common styles write them, read into persons and organisations.

The conventions covered (each a test in tests/refparse/test_persons.py):

- "Family, G., & Family, G." (APA), "Family, Given, and Given Family" (Chicago and
  MLA: only the first author inverted), "Family, Given ; Family, Given :" (DIN 1505-2);
- "Family AB, Family CD" (Vancouver), "FAMILY G" and "FAMILY, Given" (capitals),
  "G. Family and G. Family" (IEEE), "Given Family";
- connectors "and", "&", "und", "et", "y", "e"; "et al.", "u. a.", "et coll.",
  "y otros", "and others" ending the list;
- particles kept with the family name ("van der Berg", "de la Cruz", "ibn Khaldun")
  and suffixes ("Jr.", "III");
- organisations as one literal name ("United Nations Office on Drugs and Crime").

Every token of the run lands in exactly one group, so the span view loses no text:
a connector starts the group it introduces, role words ("eds.") and "et al." stay
with the name before them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from refkit.refparse.names import is_organisation
from refkit.refparse.tokens import Token, tokenize
from refkit.refparse.types import Name, NameList

__all__ = ["NameRun", "parse_name_run", "parse_name_text"]

_CONNECTORS = frozenset({"and", "&", "und", "et", "y", "e", "og", "och", "en", "i", "és", "ve"})
# Lower-case words between given and family names that belong to the family name.
PARTICLES = frozenset(
    {
        "van", "von", "der", "den", "de", "del", "della", "degli", "dei", "di", "da", "das",
        "do", "dos", "du", "des", "la", "le", "les", "lo", "ten", "ter", "te", "zu", "zum",
        "zur", "af", "av", "ibn", "bin", "binti", "bint", "ben", "al", "el", "y", "st.",
        "sankt", "op", "'t", "in",
    }
)  # fmt: skip
_SUFFIXES = frozenset(
    {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "jun.", "sen.", "jun", "sen", "jnr"}
)
_ROLE_RE = re.compile(
    r"^[(\[]?(?:eds?|editors?|edited|ed|hrsg|hg|hgg|dir|dirs|coord|coords|comp|comps|"
    r"trans|transl|translated|tr|übers|trad|éd|éds|red|reds|by|v)\.?[)\]]?[.,;:]*$",
    re.I,
)
_ET_AL_PHRASES = (
    ("et", "al"),
    ("et", "al."),
    ("et.", "al."),
    ("u.", "a."),
    ("et", "coll."),
    ("y", "otros"),
    ("and", "others"),
    ("et", "alii"),
    ("e", "outros"),
    ("e", "altri"),
    ("m.", "fl."),
    ("i", "in."),
)
# "al." alone is a given name ("Al Mok") unless "et" stands before it (see _et_al_indices)
_ET_AL_WORDS = frozenset({"et al.", "etal.", "u.a.", "[et al.]", "others"})
_INITIALS_CAPS_RE = re.compile(r"^[A-Z\u00c0-\u00de]{1,4}$")
_INITIAL_RE = re.compile(
    r"^(?:[A-Z\u00c0-\u00de][a-z]?\.|[A-Z\u00c0-\u00de]\.?-[A-Z\u00c0-\u00de]\.?)+$"
    r"|^(?:[A-Z\u00c0-\u00de]\.)+[A-Z\u00c0-\u00de]$"  # "J.P" without its last dot
)
_WORD_CORE = ".,;:()[]{}\"'“”‘’"


@dataclass(frozen=True)
class NameRun:
    """A name run read: one token group per name (together, every token) and the names."""

    groups: tuple[tuple[Token, ...], ...]
    names: NameList


def _core(word: str) -> str:
    return word.strip(_WORD_CORE)


def _is_initials(word: str) -> bool:
    """ "J.", "J.-P.", "J.A.", "Th." - a given name written as initials."""
    w = word.strip(",;:()")
    return bool(_INITIAL_RE.match(w)) or (len(w) == 1 and w.isupper())


def _is_caps_initials(word: str) -> bool:
    """ "AB" in "Smith AB": Vancouver's undotted initials (not "JOHN" or "JIM")."""
    w = word.strip(",;:.")
    if not _INITIALS_CAPS_RE.match(w) or word.count(".") > 1:
        return False
    vowels = [c in "AEIOUY" for c in w]
    if len(w) == 3:
        return not (vowels[1] and not vowels[0] and not vowels[2])
    return len(w) <= 2 or not any(vowels)


def _is_caps_word(word: str) -> bool:
    """ "SMITH", "MÜLLER-LÜDENSCHEIDT", "O'BRIEN": a family name set in capitals."""
    return bool(re.fullmatch(r"[^\W\d_]{2,}(?:['’\-][^\W\d_]+)*", word)) and word.isupper()


@dataclass
class _Part:
    tokens: list[Token]
    lead: bool = False  # starts with a connector: never the given name of the part before
    hard: bool = False  # ";" or ":" ended the part before: no pairing across
    skip: frozenset[int] = frozenset()  # starts of the "et al." tokens in it


def _clean_word(word: str) -> str:
    core = word.strip(",;:")
    # "Russell." ends a sentence, "Th." and "Jr." are abbreviations
    if (
        core.endswith(".")
        and len(core) > 4
        and any(c.islower() for c in core[:-1])
        and core.lower() not in _SUFFIXES
    ):
        core = core[:-1]
    return core


_INITIALS_AFTER_RE = re.compile(r"^(?:[A-Z]\.-?){1,3}[,;]?$|^[A-Z]{1,3}[,;]?$")


def _is_surname_role(word: str, after: Sequence[Token]) -> bool:
    core = word.rstrip(",;")
    return (
        core[:1].isupper()
        and core.lower() == "editor"
        and bool(after)
        and bool(_INITIALS_AFTER_RE.match(after[0].text))
    )


def _words(part: _Part) -> list[str]:
    """The words of a part that name someone: no connectors, roles or "et al."."""
    out = []
    for i, t in enumerate(part.tokens):
        low = t.text.lower()
        if i == 0 and part.lead and low in _CONNECTORS:
            continue
        # "v." ("hrsg. v.") is a role word; "V." is an initial
        role = _ROLE_RE.match(t.text) and not t.text.startswith("V")
        # "Editor, I., editor.": a capitalised role word written out in full, first in
        # its part and followed by initials, is the person's family name
        if role and i == 0 and _is_surname_role(t.text, part.tokens[1:2]):
            role = None
        # "in Peter Hill (ed.)": the word that opens a container, not a given name
        opens = i == 0 and low in {"in", "in:"} and len(part.tokens) > 1
        if t.start in part.skip or role or opens or low.strip(",;:") in _ET_AL_WORDS:
            continue
        core = _clean_word(t.text)
        if core in {"", "(", ")"}:
            continue
        out.append(core)
    return out


def _et_al_indices(words: Sequence[str]) -> set[int]:
    lows = [w.lower().rstrip(",;:") for w in words]
    marked: set[int] = set()
    for i in range(len(lows)):
        for a, b in _ET_AL_PHRASES:
            if lows[i] == a and i + 1 < len(lows) and lows[i + 1].rstrip(".") == b.rstrip("."):
                marked.update({i, i + 1})
        if lows[i] in {"et al.", "u.a.", "etal.", "[et al.]", "al."} and (
            lows[i] != "al." or i - 1 in marked
        ):
            marked.add(i)
    return marked


def _parts(tokens: Sequence[Token]) -> tuple[list[_Part], bool]:
    """Comma, semicolon and connector parts, and whether "et al." ended the run."""
    etal = _et_al_indices([t.text for t in tokens])
    skip = frozenset(tokens[i].start for i in etal)
    parts: list[_Part] = [_Part([], skip=skip)]
    for i, t in enumerate(tokens):
        low = t.text.lower()
        cur = parts[-1]
        if i in etal:
            cur.tokens.append(t)
            continue
        if t.text in {";", ":", "/"}:
            cur.tokens.append(t)
            parts.append(_Part([], hard=True, skip=skip))
            continue
        lower_next = i + 1 < len(tokens) and tokens[i + 1].text[:1].islower()
        if low in _CONNECTORS and not (low in {"y", "e", "i", "en"} and lower_next):
            if cur.tokens:
                parts.append(_Part([t], lead=True, skip=skip))
            else:
                cur.tokens.append(t)
                cur.lead = True
            continue
        cur.tokens.append(t)
        # "In: Higham, N." — the colon of the word opening a container parts nothing
        opener = i == 0 and low == "in:"
        if t.text.endswith((";", ":")) and not _ROLE_RE.match(t.text) and not opener:
            parts.append(_Part([], hard=True, skip=skip))
        elif t.text.endswith(","):
            parts.append(_Part([], skip=skip))
    parts = [p for p in parts if p.tokens]
    # a part of nothing but role words, "et al." or punctuation joins the one before
    merged: list[_Part] = []
    for p in parts:
        if merged and not _words(p) and not (p.lead and len(p.tokens) > 1):
            merged[-1].tokens.extend(p.tokens)
        else:
            merged.append(p)
    return merged, bool(etal)


def _surname_only(words: Sequence[str]) -> bool:
    """A part that can be the family half of "Family, Given"."""
    if not words or len(words) > 4:
        return False
    if any(_is_initials(w) for w in words):
        return False
    main = [w for w in words if w.lower() not in PARTICLES]
    return 0 < len(main) <= 2 and all(w[:1].isupper() or w[:1] in "'’" for w in main)


def _given_like(words: Sequence[str]) -> bool:
    """A part that can be the given half of "Family, Given"."""
    if not words or len(words) > 4:
        return False
    if all(_is_initials(w) or _is_caps_initials(w) for w in words):
        return True
    return all(
        w[:1].isupper() or w.lower() in PARTICLES or _is_initials(w) for w in words
    ) and not any(w.lower().rstrip(".") in _SUFFIXES for w in words[:1])


def _is_suffix(words: Sequence[str]) -> bool:
    return len(words) == 1 and words[0].lower() in _SUFFIXES


def _title(word: str) -> str:
    """ "SMITH" -> "Smith", "O'BRIEN" -> "O'Brien", "MÜLLER-LÜDENSCHEIDT" -> "Müller-Lüdenscheidt"."""  # noqa: E501
    if not (word.isupper() and len(word) > 1):
        return word
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), word.lower())


def _dot_initials(caps: str) -> str:
    """ "AB" -> "A. B."."""
    return " ".join(c + "." for c in caps)


def _split_particle(words: list[str]) -> tuple[str, list[str]]:
    """Leading lower-case particles of a family name, and the rest."""
    i = 0
    while i < len(words) - 1 and words[i].lower() in PARTICLES and words[i][:1].islower():
        i += 1
    return " ".join(words[:i]), words[i:]


def _family_name(words: list[str], given: str, suffix: str = "") -> Name:
    particle, rest = _split_particle(words)
    family = " ".join(_title(w) for w in rest)
    given_words = given.split()
    # "Berg, Jan van der": the particle written after the given name
    k = len(given_words)
    while k > 0 and given_words[k - 1].lower() in PARTICLES and given_words[k - 1].islower():
        k -= 1
    if k < len(given_words) and k > 0 and not particle:
        particle = " ".join(given_words[k:])
        given_words = given_words[:k]
    given = " ".join(_title(w) if not _is_caps_initials(w) else w for w in given_words)
    return Name(family=family, given=given, particle=particle, suffix=suffix)


def _one_name(words: list[str]) -> Name:
    """A name written in one part: "Given Family", "G. Family", "Family AB", "FAMILY G"."""
    words = [w.rstrip(".") if w.lower().rstrip(".") in {"jr", "sr"} else w for w in words]
    suffix = ""
    if len(words) > 1 and words[-1].lower().rstrip(".") in {s.rstrip(".") for s in _SUFFIXES}:
        suffix = words.pop()
        suffix = suffix + "." if suffix.lower() in {"jr", "sr"} else suffix
    if len(words) == 1:
        family, comma, given = words[0].partition(",")
        if comma and family and given[:1].isupper():
            return _family_name([family], given, suffix)  # "Keays,R.R.": no space after the comma
        return Name(family=_title(words[0]), suffix=suffix)
    last = words[-1]
    # Vancouver "Smith AB", "van der Berg JH"; "Smith J.A."
    if (_is_caps_initials(last) or _is_initials(last)) and not _is_initials(words[0]):
        bare = last.rstrip(".")
        given = _dot_initials(bare) if _is_caps_initials(last) and bare.isalpha() else last
        return _family_name(words[:-1], given, suffix)
    # "AM Trinkoff", "JA Lipscomb": undotted initials before a family name not in capitals
    if (
        len(words) == 2
        and len(words[0]) <= 2
        and words[0].isalpha()
        and _is_caps_initials(words[0])
        and words[1][:1].isupper()
        and not words[1].isupper()
    ):
        return _family_name(words[1:], _dot_initials(words[0]), suffix)
    # "DUPONT Jean", "MÜLLER Hans-Peter": family in capitals first
    caps = 0
    while caps < len(words) - 1 and _is_caps_word(words[caps]):
        caps += 1
    if caps and not all(w.isupper() for w in words):
        return _family_name(words[:caps], " ".join(words[caps:]), suffix)
    # "Given [particle] Family"
    i = len(words) - 1
    while i > 1 and words[i - 1].lower() in PARTICLES and words[i - 1][:1].islower():
        i -= 1
    given = " ".join(_title(w) for w in words[:i])
    particle, rest = _split_particle(words[i:])
    return Name(
        family=" ".join(_title(w) for w in rest),
        given=given,
        particle=particle,
        suffix=suffix,
    )


def _person_pattern(words: Sequence[str]) -> bool:
    """Words that read as one person ("LEE J", "J. Smith"), whatever the word list says."""
    if len(words) < 2 or len(words) > 5:
        return False
    if _is_caps_initials(words[-1]) and not all(_is_caps_initials(w) for w in words):
        return all(w[:1].isupper() or w.lower() in PARTICLES for w in words[:-1])
    if _is_caps_word(words[0]) and not all(_is_caps_word(w) for w in words):
        return (
            len(words) <= 3
            and all(w[:1].isupper() for w in words)
            and not is_organisation(" ".join(words[1:]))
        )
    return _is_initials(words[0]) and all(w[:1].isupper() or w.lower() in PARTICLES for w in words)


def _initials_as_word(words: Sequence[str]) -> bool:
    """ "Hoare CAR": a capitalised family name and 3-4 capitals that read as a word."""
    last = words[-1].rstrip(".,") if words else ""
    return (
        len(words) == 2
        and bool(re.fullmatch(r"[A-Z]{3,4}", last))
        and not _is_caps_initials(last)
        and words[0][:1].isupper()
        and words[0][1:].islower()
    )


def _organisation(words: Sequence[str]) -> bool:
    text = " ".join(words)
    return bool(words) and not _person_pattern(words) and is_organisation(text)


def parse_name_run(tokens: Sequence[Token]) -> NameRun:
    """Read a run of name tokens (an author, editor or translator span)."""
    return _parse_name_run(tuple(tokens))


@lru_cache(maxsize=1024)
def _parse_name_run(tokens: tuple[Token, ...]) -> NameRun:
    if not tokens:
        return NameRun((), NameList())
    whole_words = [t.text.strip(",;:") for t in tokens]
    etal_whole = _et_al_indices([t.text for t in tokens])
    core_words = [w for i, w in enumerate(whole_words) if i not in etal_whole and w]
    text = " ".join(t.text for t in tokens).rstrip(",;:. ")
    if (
        "," not in text
        and ";" not in text
        and _organisation([w for w in core_words if not _ROLE_RE.match(w)])
    ):
        literal = " ".join(w for w in core_words if not _ROLE_RE.match(w)).rstrip(".")
        return NameRun((tuple(tokens),), NameList((Name(literal=literal),), bool(etal_whole)))
    parts, et_al = _parts(tokens)
    groups: list[list[Token]] = []
    names: list[Name] = []
    # "Dahl OJ, Dijkstra EW, Hoare CAR": in a list of "Family AB" names, three or four
    # capitals after a family name are initials too, even where they spell a word
    vancouver = (
        sum(
            1
            for p in parts
            if len(_words(p)) >= 2
            and _is_caps_initials(_words(p)[-1])
            and not _is_caps_word(_words(p)[0])
        )
        >= 1
    )
    i = 0
    while i < len(parts):
        part = parts[i]
        words = _words(part)
        if vancouver and _initials_as_word(words):
            groups.append(list(part.tokens))
            names.append(_family_name(list(words[:-1]), _dot_initials(words[-1].rstrip(".")), ""))
            i += 1
            continue
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        nxt_words = _words(nxt) if nxt is not None else []
        if not words:
            if groups:
                groups[-1].extend(part.tokens)
            else:
                groups.append(list(part.tokens))
                names.append(Name())
            i += 1
            continue
        after_words = _words(parts[i + 2]) if i + 2 < len(parts) else []
        caps_family = (
            len(words) == 1
            and _is_caps_word(words[0])
            and nxt is not None
            and not nxt.hard
            and _given_like(nxt_words)
            and (
                any(_is_initials(w) for w in nxt_words)
                or (len(after_words) == 1 and _is_caps_word(after_words[0]))
            )
        )
        if _organisation(words) and not caps_family:
            # "ANISI, David A.", "BAHL, P., CHANCRE, R.": a family name in capitals
            groups.append(list(part.tokens))
            names.append(Name(literal=" ".join(words).rstrip(".")))
            i += 1
            continue
        pair = (
            nxt is not None
            and not nxt.lead
            and not nxt.hard
            and _surname_only(words)
            and _given_like(nxt_words)
            and (
                len([w for w in words if w.lower() not in PARTICLES]) == 1
                or len(nxt_words) == 1
                or all(_is_initials(w) for w in nxt_words)
            )
            and not (len(words) >= 2 and _person_pattern(words))
        )
        if pair and nxt is not None:
            taken = list(part.tokens) + list(nxt.tokens)
            step = 2
            suffix = ""
            after = parts[i + 2] if i + 2 < len(parts) else None
            if after is not None and not after.lead and _is_suffix(_words(after)):
                suffix = _words(after)[0]
                taken += after.tokens
                step = 3
            given_words = nxt_words
            if len(given_words) > 1 and given_words[-1].lower().rstrip(".") in {"jr", "sr"}:
                suffix = given_words[-1]
                given_words = given_words[:-1]
            given = " ".join(
                _dot_initials(w) if _is_caps_initials(w) and w.isalpha() else w for w in given_words
            )
            groups.append(taken)
            names.append(_family_name(list(words), given, suffix))
            i += step
            continue
        taken = list(part.tokens)
        step = 1
        if nxt is not None and not nxt.lead and _is_suffix(nxt_words):
            words = [*words, nxt_words[0]]
            taken += nxt.tokens
            step = 2
        groups.append(taken)
        names.append(_one_name(list(words)))
        i += step
    # A group of no name (a leading "edited by") joins the next one.
    out_groups: list[tuple[Token, ...]] = []
    out_names: list[Name] = []
    carry: list[Token] = []
    for g, n in zip(groups, names, strict=True):
        if n == Name():
            carry.extend(g)
            continue
        out_groups.append(tuple(carry + g))
        out_names.append(n)
        carry = []
    if carry:
        if out_groups:
            out_groups[-1] = out_groups[-1] + tuple(carry)
        else:
            out_groups.append(tuple(carry))
    return NameRun(tuple(out_groups), NameList(tuple(out_names), et_al))


def parse_name_text(text: str) -> NameList:
    """Read a name list written as plain text ("Smith, J., & Doe, J.")."""
    return parse_name_run(tokenize(text)).names
