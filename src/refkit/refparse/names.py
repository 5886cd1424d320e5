"""Splitting a labelled name run into persons and organisations.

Every token of the run ends up in exactly one element, so joining the elements
loses no text: connectors ("and", "&") start the element they introduce and
"et al." stays with the last name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from refkit.refparse.tokens import Token

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
    ]
)
_PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "le",
        "la",
        "du",
        "dos",
        "das",
        "ten",
        "ter",
        "st.",
    ]
)


def _core(word: str) -> str:
    return word.strip(".,;:()[]{}\"'“”‘’")


def _is_initial(word: str) -> bool:
    return bool(_INITIAL_RE.match(word.strip("()")))


def _looks_given(part: Sequence[Token]) -> bool:
    if not part or len(part) > 3:
        return False
    if all(_is_initial(t.text) for t in part):
        return True
    return len(part) <= 2 and all(_core(t.text)[:1].isupper() for t in part)


def _looks_surname(part: Sequence[Token]) -> bool:
    if not part or len(part) > 3:
        return False
    words = [t for t in part if _core(t.text).lower() not in _PARTICLES]
    if not words or (_is_initial(words[0].text) and len(_core(words[0].text)) <= 2):
        return False
    return all(_core(t.text)[:1].isupper() or _core(t.text).lower() in _PARTICLES for t in part)


def _comma_parts(seg: Sequence[Token]) -> list[list[Token]]:
    parts: list[list[Token]] = [[]]
    for t in seg:
        parts[-1].append(t)
        if t.text.endswith((",", ";")):
            parts.append([])
    return [p for p in parts if p]


def split_names(tokens: Sequence[Token]) -> list[list[Token]]:
    """Group the tokens of a name run into one token list per person or organisation."""
    whole = " ".join(t.text for t in tokens)
    if "," not in whole.rstrip(",;. ") and ";" not in whole and is_organisation(whole):
        return [list(tokens)]
    segments: list[list[Token]] = [[]]
    for t in tokens:
        low = t.text.lower()
        if low in _CONNECTORS and segments[-1] and low != "et":
            segments.append([])
        segments[-1].append(t)
        if t.text.endswith(";"):
            segments.append([])
    segments = [s for s in segments if s]
    out: list[list[Token]] = []
    for seg in segments:
        lead: list[Token] = []
        body = list(seg)
        while body and body[0].text.lower() in _CONNECTORS:
            lead.append(body.pop(0))
        parts = _comma_parts(body)
        # "et al." and role words attach to the previous part
        merged: list[list[Token]] = []
        for p in parts:
            words = [_core(t.text).lower() for t in p]
            if merged and (
                words[0] in {"et", "al", "ed", "eds", "others", "editor", "editors"}
                or all(not w for w in words)
            ):
                merged[-1].extend(p)
            else:
                merged.append(p)
        parts = merged
        groups: list[list[Token]]
        if len(parts) >= 2 and all(
            _looks_surname(parts[i]) and i + 1 < len(parts) and _looks_given(parts[i + 1])
            for i in range(0, len(parts), 2)
        ):
            groups = [parts[i] + parts[i + 1] for i in range(0, len(parts), 2)]
        elif len(parts) == 2 and _looks_surname(parts[0]) and _looks_given(parts[1]):
            groups = [parts[0] + parts[1]]
        else:
            groups = parts
        if not groups:
            groups = [[]]
        groups[0] = lead + groups[0]
        out.extend(g for g in groups if g)
    return out


@lru_cache(maxsize=16384)
def is_organisation(name: str) -> bool:
    """Guess whether a name span names an organisation rather than a person."""
    words = [_core(w) for w in name.split()]
    words = [w for w in words if w and w.lower() not in _CONNECTORS]
    if not words:
        return False
    if any(w.lower() in _ORG_WORDS for w in words):
        return True
    if any(len(w) >= 3 and w.isupper() and w.isalpha() for w in words) and "," not in name:
        return True
    if len(words) == 1 and "," not in name:
        return bool(re.fullmatch(r"[A-Z][A-Z0-9.&\-]+", words[0]))
    return len(words) >= 4 and not any(_is_initial(w) for w in words)
