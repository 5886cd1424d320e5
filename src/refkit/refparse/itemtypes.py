"""The CSL item type of a parsed reference, from its fields, with a confidence.

Each rule that fires adds evidence (a weight) for a type; the type with the most
evidence wins and the confidence is its share of all the evidence, so a
reference with a journal, a volume and pages is an ``article-journal`` with a high
confidence, and one with only a title and a publisher a ``book`` with a lower one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from refkit.refparse.types import FieldValue

__all__ = ["TypeGuess", "infer_type"]

_THESIS_RE = re.compile(
    r"\b(?:ph\.?\s?d\.?|doctoral|master'?s?|m\.?a\.?|m\.?sc\.?|mphil|dissertation|diss\.|"
    r"thesis|th[eè]se|tesis|tesi|doktorarbeit|habilitation(?:sschrift)?|magisterarbeit|"
    r"diplomarbeit|proefschrift)\b",
    re.I,
)
_REPORT_RE = re.compile(
    r"\b(?:report|rapport|bericht|informe|working paper|discussion paper|technical|"
    r"white paper|policy brief|briefing|memorandum|occasional paper|research paper|"
    r"arbeitspapier|document de travail|documento de trabajo|tech\.? rep\.?|"
    r"resource paper|fact sheet|guidelines?)\b",
    re.I,
)
_CONF_RE = re.compile(
    r"\b(?:proc\.?|proceedings|conference|conf\.|symposium|workshop|congress|kongress|"
    r"tagung|colloque|congreso|meeting|colloquium|annual\s+meeting|summit)\b",
    re.I,
)
_NEWS_RE = re.compile(
    r"\b(?:times|post|guardian|herald|tribune|telegraph|gazette|daily|news|independent|"
    r"observer|chronicle|journal-constitution|zeitung|le monde|el país|der spiegel|"
    r"newspaper|economist|reuters|bbc|cnn|ap news)\b",
    re.I,
)
_MAGAZINE_RE = re.compile(
    r"\b(?:magazine|weekly|monthly|newsweek|wired|atlantic|new yorker)\b", re.I
)
_JOURNAL_RE = re.compile(
    r"\b(?:journal|j\.|review|rev\.|annals|ann\.|bulletin|bull\.|quarterly|letters|lett\.|"
    r"transactions|trans\.|acta|zeitschrift|revue|revista|rivista|archives|science|nature|"
    r"lancet|medicine|research|studies)\b",
    re.I,
)
_CHAPTER_RE = re.compile(r"^\s*(?:in|dans|en|im)\s*:?\s", re.I)
_DATASET_RE = re.compile(
    r"\b(?:data\s?set|dataset|data file|datenbank|database|\[data\]|data collection|"
    r"zenodo|dryad|figshare|icpsr|pangaea|dataverse)\b",
    re.I,
)
_SOFTWARE_RE = re.compile(
    r"\b(?:software|computer program|\[computer software\]|r package|python package|"
    r"version\s+\d|v\d+\.\d+|github\.com|gitlab|cran|pypi|source code)\b",
    re.I,
)
_WEB_RE = re.compile(r"\b(?:website|web site|web page|homepage|blog|online|\[online\])\b", re.I)
_PREPRINT_RE = re.compile(r"\b(?:arxiv|biorxiv|medrxiv|ssrn|preprint|research square)\b", re.I)
_LEGIS_RE = re.compile(
    r"\b(?:act|statute|code|regulation|directive|ordinance|gesetz|loi|ley|decreto|"
    r"resolution|convention|protocol|charter|covenant|declaration)\b",
    re.I,
)
_BOOK_RE = re.compile(
    r"\b(?:press|verlag|publishers?|publishing|books|éditions?|editorial)\b", re.I
)

_ISSUING_BODY_RE = re.compile(
    r"\b(?:cent(?:er|re)s?|ctr\.?|institute|institut|policy|council|commission|agency|"
    r"ministry|department|dept\.|office|bureau|laborator(?:y|ies)|observatory)\b",
    re.I,
)


@dataclass(frozen=True)
class TypeGuess:
    """A CSL item type and how sure the rules are of it (0-1)."""

    type: str
    confidence: float


def _text(fields: Mapping[str, FieldValue], label: str) -> str:
    v = fields.get(label)
    if v is None:
        return ""
    return v if isinstance(v, str) else " ".join(v)


def infer_type(
    fields: Mapping[str, FieldValue],
    text: str,
    *,
    variables: Mapping[str, str] | None = None,
) -> TypeGuess:
    """The CSL type of a reference, from its labelled spans, its text and the values
    the rules found (``variables``: ``DOI``, ``number``, ``genre``, ...)."""
    values = variables or {}
    ev: defaultdict[str, float] = defaultdict(float)
    genre = " ".join(x for x in (_text(fields, "genre"), values.get("genre", "")) if x)
    container = _text(fields, "container-title") or values.get("container-title", "")
    title = _text(fields, "title")
    publisher = _text(fields, "publisher")
    has = set(fields) | set(values)
    outside_title = text.replace(title, " ") if title else text
    if genre and _THESIS_RE.search(genre):
        ev["thesis"] += 4
    elif not container and _THESIS_RE.search(outside_title):
        ev["thesis"] += 3
    if genre and _REPORT_RE.search(genre):
        ev["report"] += 4
    if values.get("number") and not container:
        ev["report"] += 2
    if _REPORT_RE.search(title + " " + _text(fields, "note")) and not container:
        ev["report"] += 1.5
    if _DATASET_RE.search(text):
        ev["dataset"] += 3
    if _SOFTWARE_RE.search(text) and not container:
        ev["software"] += 2.5
    if _PREPRINT_RE.search(text) and not container:
        ev["article"] += 3
    if container:
        if _CONF_RE.search(container):
            ev["paper-conference"] += 4
        if _CHAPTER_RE.match(container) or "editor" in fields:
            ev["chapter"] += 3
            if publisher or "location" in fields or "isbn" in fields:
                ev["chapter"] += 1
        if _NEWS_RE.search(container) and not _JOURNAL_RE.search(container):
            ev["article-newspaper"] += 3
        if _MAGAZINE_RE.search(container):
            ev["article-magazine"] += 3
        if "volume" in has or "issue" in has:
            ev["article-journal"] += 2.5
        if "pages" in fields or "page" in values:
            ev["article-journal"] += 1
            ev["chapter"] += 0.5
        if _JOURNAL_RE.search(container):
            ev["article-journal"] += 1.5
        if values.get("ISSN"):
            ev["article-journal"] += 2
        if publisher and "volume" not in has:
            ev["chapter"] += 1.5
        if "url" in fields and not ({"volume", "pages"} & has):
            ev["webpage"] += 1.5
        ev["article-journal"] += 0.5
    else:
        if publisher or "location" in fields:
            ev["book"] += 2
        if values.get("ISBN") or "isbn" in fields:
            ev["book"] += 2
        if "edition" in has:
            ev["book"] += 1.5
        if _BOOK_RE.search(publisher):
            ev["book"] += 1
        elif _ISSUING_BODY_RE.search(publisher):
            # "USC Annenberg Ctr. on Commc'n Leadership & Policy": a research centre or
            # an agency issues reports; a book's publisher is a press or a house
            ev["report"] += 2.5
        if "url" in fields or "URL" in values:
            ev["webpage"] += 1.5
            if _WEB_RE.search(text):
                ev["webpage"] += 1.5
            if "date" not in fields:
                ev["webpage"] += 0.5
        if "accessed" in fields:
            ev["webpage"] += 1
        if re.search(r"\b(?:available (?:at|from|online)|retrieved from)\b", text, re.I):
            ev["webpage"] += 1.5
        if _LEGIS_RE.search(title) and values.get("number"):
            ev["legislation"] += 1
    if values.get("DOI") and not container and not ev:
        ev["article-journal"] += 1
    if not ev:
        return TypeGuess("document", 0.3)
    best, weight = max(ev.items(), key=lambda kv: (kv[1], kv[0] == "article-journal"))
    total = sum(ev.values())
    confidence = weight / total * min(1.0, 0.5 + weight / 8)
    return TypeGuess(best, round(confidence, 3))
