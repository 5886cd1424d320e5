"""Parse reference strings into labelled fields.

The CRF labels each whitespace token; rules then fix what a pattern decides
better than the model (URLs, DOIs, ISBNs, document symbols, court cases,
"Available at:"), runs of equal labels become fields whose values are the exact
spans of the input, and tokens that fit nowhere go to ``note``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from refkit.refparse.editors import mark_editors
from refkit.refparse.features import token_features
from refkit.refparse.keys import DEFAULT_KEY_PATTERN, assign_keys
from refkit.refparse.listend import DroppedText
from refkit.refparse.names import is_organisation
from refkit.refparse.normalise import normalise, relabel
from refkit.refparse.persons import parse_name_run
from refkit.refparse.spanrules import label_runs, relabel_spans
from refkit.refparse.split import split_list
from refkit.refparse.tagger import Tagger, get_tagger
from refkit.refparse.tokens import Token, tokenize
from refkit.refparse.types import NAME_LABELS, FieldValue, ParsedReference, ParseProblem

_URL_RE = re.compile(r"^<?(?:(?:https?|ftp|file):/+|www\.)\S+", re.I)
_DOI_RE = re.compile(r"10\.\d{4,9}/\S+", re.I)
_ISBN_RE = re.compile(r"^(?:97[89][-‐ ]?)?\d[\d‐-]{8,15}[\dXx][.,;]?$")
_UNDOC_RE = re.compile(r"^\(?[A-Z]{1,6}(?:/[A-Za-z0-9.()\-]+)+[,.;:)]*$")
_AVAIL_RE = re.compile(r"^(?:available|retrieved|accessible|online)$", re.I)
_ACCESSED_RE = re.compile(r"^[\[(]?(?:accessed|viewed|retrieved|consulted)\b", re.I)
_COURT_RE = re.compile(
    r"\b(?:Cir\.?|Ct\.?|Court|S\.D\.N\.Y\.|E\.D\.|N\.D\.|W\.D\.|D\.C\.|App\.|Tribunal"
    r"|Supreme|ECHR|ICJ|ICTY|EWCA|UKSC|UKHL|F\.\d?d|F\.Supp\.)",
)
_VERSUS_RE = re.compile(r"^[A-Z][^\s]*(?:\s\S+){0,8}?\s(?:v\.|vs\.?|v)\s[A-Z]")
_NUMBER_PREFIX = frozenset({"sales", "case", "docket", "doc.", "document", "resolution"})
_YEAR_RE = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_INITIAL_TOKEN_RE = re.compile(r"^(?:[A-Z]\.-?)+[A-Z]?\.?,?$|^[A-Z]{1,2},?$")
# a whole word and a full stop ("Anonymous.", "Society."), not an abbreviation ("Dept.")
_SENTENCE_END_RE = re.compile(r"^[A-Z]?[a-z]{5,}\.$")
_CITNUM_RE = re.compile(r"^(?:\[\d+[a-z]?\]|\(\d+\)|\d+[.)]?)$")


def _strip_punct(word: str) -> str:
    return word.strip(".,;:()[]{}\"'“”‘’")


def _apply_rules(
    tokens: Sequence[Token], labels: list[str], text: str
) -> tuple[str | None, list[ParseProblem]]:
    """Override model labels where a pattern knows better; return a forced type."""
    n = len(tokens)
    problems: list[ParseProblem] = []
    forced_type: str | None = None
    words = [t.text for t in tokens]
    lows = [w.lower() for w in words]
    for i, w in enumerate(words):
        if _URL_RE.match(w):
            labels[i] = "url"
        elif _DOI_RE.search(w) and "://" not in w:
            labels[i] = "doi"
            if i > 0 and lows[i - 1].rstrip(":") in {"doi", "doi.org"}:
                labels[i - 1] = "doi"
        elif lows[i].rstrip(":") == "isbn" and i + 1 < n and _ISBN_RE.match(words[i + 1]):
            labels[i] = labels[i + 1] = "isbn"
        elif _UNDOC_RE.match(w) and any(c.isdigit() for c in w) and "/" in w and w[:1] != "(":
            labels[i] = "number"
            j = i - 1
            while j >= 0 and (lows[j] in {"doc.", "doc", "u.n.", "un", "symbol", "symbol:"}):
                labels[j] = "number"
                j -= 1
    # "No." numbers with a telling prefix (sales numbers, dockets, case numbers)
    for i, lw in enumerate(lows):
        core = lw.rstrip(",;")
        if core.startswith("no.") or core in {"no", "nos."}:
            rest = core[3:].lstrip(":") if core.startswith("no.") else ""
            has_value = any(c.isdigit() for c in rest)
            nxt = i + 1
            if not has_value and nxt < n and any(c.isdigit() for c in words[nxt]):
                has_value = True
            prefix = i > 0 and lows[i - 1].rstrip(",") in _NUMBER_PREFIX
            if not has_value:
                continue
            if prefix or rest or _VERSUS_RE.match(text):
                if prefix:
                    labels[i - 1] = "number"
                labels[i] = "number"
                if not rest and nxt < n:
                    labels[nxt] = "number"
    # citation number at the very start
    if (
        n > 1
        and _CITNUM_RE.match(words[0])
        and labels[0] in {"citation-number", "date", "volume", "pages", "O"}
    ) and (not _YEAR_RE.fullmatch(_strip_punct(words[0])) or words[0][0] in "[("):
        labels[0] = "citation-number"
    # court cases: "A v. B, No. 06-41233 (5th Cir. 2007)"
    if _VERSUS_RE.match(text):
        k = 0
        while k < n and not words[k].endswith(",") and not words[k].startswith("("):
            k += 1
        court_open = None
        for i, w in enumerate(words):
            if w.startswith("(") and _COURT_RE.search(" ".join(words[i : i + 4])):
                court_open = i
                break
        is_case = court_open is not None or "number" in labels
        if is_case:
            forced_type = "legal_case"
            end = min(k, n - 1)
            for i in range(end + 1):
                if labels[i] != "citation-number":
                    labels[i] = "title"
            if court_open is not None:
                i = court_open
                while i < n:
                    closes = words[i].rstrip(".,;:").endswith(")")
                    if _YEAR_RE.search(words[i]) and (closes or i + 1 == n):
                        labels[i] = "date"
                    else:
                        labels[i] = "authority"
                    if closes:
                        break
                    i += 1
    if forced_type != "legal_case":
        mark_editors(words, labels)
        _corporate_author(words, labels)
        _organisation_before_year(words, labels)
        relabel_spans(words, labels)
    # "Available at:" — a URL must follow
    for i, w in enumerate(lows):
        if not _AVAIL_RE.match(w.rstrip(":")):
            continue
        j = i + 1
        if j < n and lows[j].startswith(("at", "from")):
            glued = words[j].split(":", 1)[1] if ":" in words[j] else ""
            phrase = f"{words[i]} {words[j].split(':', 1)[0]}:"
            j2 = j + 1
            labels[i] = labels[j] = "note"
            if glued and not _URL_RE.match(glued):
                problems.append(
                    ParseProblem(
                        "available-at-not-url",
                        f"{phrase!r} is followed by {glued!r}, which is not a URL",
                    )
                )
            elif not glued and (j2 >= n or not _URL_RE.match(words[j2])):
                if j2 >= n:
                    problems.append(
                        ParseProblem("available-at-empty", f"{phrase!r} is not followed by a URL")
                    )
                else:
                    problems.append(
                        ParseProblem(
                            "available-at-not-url",
                            f"{phrase!r} is followed by {words[j2]!r}, which is not a URL",
                        )
                    )
    website = _website_and_title(words, labels)
    if website and forced_type is None:
        forced_type = website
    # access dates: "[accessed 5 March 2016]", "Accessed: 12 May 2019."
    for i, w in enumerate(words):
        if _ACCESSED_RE.match(w) and not (i + 1 < n and lows[i + 1].startswith("from")):
            j = i
            bracket = w[0] in "[("
            while j < n and labels[j] != "url":
                labels[j] = "accessed"
                if bracket and words[j].rstrip(".,;").endswith(("]", ")")):
                    break
                if not bracket and _YEAR_RE.search(words[j]):
                    break
                j += 1
    return forced_type, problems


def _corporate_author(words: Sequence[str], labels: list[str]) -> None:
    """ "UNODC, Global Report ..." — a leading organisation name ended by a comma is the
    author, and what the model took for more author after it is title."""
    n = len(words)
    start = 1 if labels and labels[0] == "citation-number" else 0
    if start >= n or labels[start] not in {"author", "O", "note", "title"}:
        return
    k = start
    while k < n and k - start < 8 and not words[k].endswith(","):
        k += 1
    if k >= n or k - start >= 8 or not words[k].endswith(","):
        return
    chunk = " ".join(words[start : k + 1]).rstrip(",")
    if any(labels[i] not in {"author", "O", "note", "title"} for i in range(start, k + 1)):
        return
    if any(_SENTENCE_END_RE.match(words[i]) for i in range(start, k)):
        return  # "Anonymous. List of members, 1909": the full stop ended the author
    if "," in chunk or not is_organisation(chunk):
        return
    if k + 1 < n and _INITIAL_TOKEN_RE.match(words[k + 1]):
        return  # "SMITH, J." — a person in capitals
    # "ROUSSILLON, René." / "McCarthy, Kathleen." — given names follow, so a person
    j = k + 1
    given: list[str] = []
    while j < n and len(given) < 4 and labels[j] == "author":
        given.append(words[j])
        if words[j][-1] in ".,;:":
            break
        j += 1
    if given and given[-1][-1] in ".,;:" and all(w[:1].isupper() for w in given):
        return
    for i in range(start, k + 1):
        labels[i] = "author"
    i = k + 1
    while i < n and labels[i] == "author":
        labels[i] = "title"
        i += 1


_PAREN_YEAR_RE = re.compile(r"^\((?:1[5-9]\d\d|20\d\d)[a-z]?\)[.,:;]?$")


def _organisation_before_year(words: Sequence[str], labels: list[str]) -> None:
    """ "UN News Centre (2014) Title" — an organisation name before a bracketed year,
    where the model found no author, is the author."""
    n = len(words)
    start = 1 if labels and labels[0] == "citation-number" else 0
    y = next((i for i in range(start, min(n, start + 8)) if _PAREN_YEAR_RE.match(words[i])), -1)
    if y <= start or "author" in labels[start:y] or "editor" in labels[start:y]:
        return
    if any(
        labels[i] not in {"title", "publisher", "O", "note", "container-title", "location"}
        for i in range(start, y)
    ):
        return
    chunk = " ".join(words[start:y])
    if chunk[-1] in ".,;:" or not is_organisation(chunk):
        return
    for i in range(start, y):
        labels[i] = "author"
    labels[y] = "date"


_WEBSITE_OWNER = frozenset({"O", "note", "author", "title", "publisher", "container-title"})
_WEBSITE_OWNER_HOME = frozenset({"O", "note", "author", "title"})  # "Home Page" is weaker
# with any of these the container is a container (a book's title with no chapter, as the
# labelled strings write it, has its publisher)
_LOCATOR_LABELS = frozenset({"volume", "issue", "pages", "editor", "publisher"})


def _website_and_title(words: Sequence[str], labels: list[str]) -> str | None:
    """Give a title to references the model found none in; spot "X Official Website"."""
    n = len(words)
    end = n
    for i, w in enumerate(words):
        if labels[i] in {"accessed", "url"} or (
            _AVAIL_RE.match(w.lower().rstrip(":")) and labels[i] == "note"
        ):
            end = i
            break
    lows = [w.lower().strip(".,;:") for w in words[:end]]
    for i in range(end):
        if lows[i] == "website" or (
            lows[i] in {"homepage", "home"} and i == end - 1 - (lows[i] == "home")
        ):
            w0 = i - 1 if i > 0 and lows[i - 1] in {"official", "web"} else i
            # whatever the tagger made of the name before it (a title, a publisher)
            owners = _WEBSITE_OWNER if lows[i] == "website" else _WEBSITE_OWNER_HOME
            if w0 > 0 and all(labels[j] in owners for j in range(w0)):
                for j in range(w0):
                    labels[j] = "author"
                for j in range(w0, end):
                    labels[j] = "title"
                return "webpage"
    if "title" in labels:
        return None
    if "container-title" in labels and not _LOCATOR_LABELS.intersection(labels):
        # a container with no title and nothing located in it is the work itself
        # ("Ministry of ... (2008) Trafficking in Human Beings in Poland Available at:")
        for j, lab in enumerate(labels):
            if lab == "container-title":
                labels[j] = "title"
        return None
    best: tuple[int, int] | None = None
    i = 0
    while i < end:
        if labels[i] in {"O", "note"}:
            j = i
            while j < end and labels[j] in {"O", "note"}:
                j += 1
            if best is None or j - i > best[1] - best[0]:
                best = (i, j)
            i = j
        else:
            i += 1
    if best is not None:
        for j in range(*best):
            labels[j] = "title"
    return None


def _fields_from_labels(
    text: str, tokens: Sequence[Token], labels: Sequence[str]
) -> dict[str, FieldValue]:
    collected: dict[str, list[str]] = {}
    for lab, a, b in label_runs(labels):
        name = "note" if lab == "O" else lab
        if name in NAME_LABELS:
            for group in parse_name_run(tokens[a:b]).groups:
                collected.setdefault(name, []).append(text[group[0].start : group[-1].end])
        else:
            collected.setdefault(name, []).append(text[tokens[a].start : tokens[b - 1].end])
    fields: dict[str, FieldValue] = {}
    for name, spans in collected.items():
        fields[name] = spans if name in NAME_LABELS or len(spans) > 1 else spans[0]
    return fields


def parse_tokens(text: str, tagger: Tagger) -> ParsedReference:
    """Parse one reference string (no key assigned)."""
    tokens = tokenize(text)
    if not tokens:
        return ParsedReference(
            text=text,
            type="document",
            fields={},
            confidence=0.0,
            problems=(ParseProblem("empty", "empty reference"),),
        )
    labels, marginals = tagger.tag(token_features(tokens))
    forced_type, problems = _apply_rules(tokens, labels, text)
    forced_type = relabel(text, tokens, labels) or forced_type
    fields = _fields_from_labels(text, tokens, labels)
    confidence = sum(marginals) / len(marginals) if marginals else 0.0
    ref_type, normalised = normalise(text, tokens, labels, fields, forced_type)
    if "title" not in fields:
        problems.append(ParseProblem("no-title", "no title found"))
    return ParsedReference(
        text=text,
        type=ref_type,
        fields=fields,
        confidence=round(confidence, 4),
        problems=tuple(problems),
        normalised=normalised,
    )


def parse_reference(text: str, *, model: str | Path | None = None) -> ParsedReference:
    """Parse one reference string (its key is generated from its own fields)."""
    ref = parse_tokens(text.strip(), get_tagger(model))
    return assign_keys([ref])[0]


def parse_references(
    text: str,
    *,
    key_pattern: str = DEFAULT_KEY_PATTERN,
    model: str | Path | None = None,
    one_per_line: bool | None = None,
) -> list[ParsedReference]:
    """Split a pasted reference list and parse every reference in it.

    Text before the list's heading and after its end is left out; use
    :func:`parse_reference_list` to know what was.
    """
    return list(
        parse_reference_list(
            text, key_pattern=key_pattern, model=model, one_per_line=one_per_line
        ).references
    )


@dataclass(frozen=True)
class ReferenceList:
    """The parsed references of a pasted text and the lines that were left out."""

    references: tuple[ParsedReference, ...]
    dropped: tuple[DroppedText, ...]


def parse_reference_list(
    text: str,
    *,
    key_pattern: str = DEFAULT_KEY_PATTERN,
    model: str | Path | None = None,
    one_per_line: bool | None = None,
) -> ReferenceList:
    """Find the reference list in pasted text, split it and parse every reference."""
    tagger = get_tagger(model)
    strings, bounds = split_list(text, one_per_line=one_per_line)
    refs = assign_keys([parse_tokens(s, tagger) for s in strings], key_pattern)
    return ReferenceList(tuple(refs), bounds.dropped)
