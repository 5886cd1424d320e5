"""Cleaning labelled spans into values: role words, wrapping punctuation and quotes off.

A span is exactly what stood in the reference string ("pp. 163-172.", "(eds.)",
"[accessed 5 March 2016]"); a value is what a bibliography field holds ("163–172").
Only the spans are cleaned here; what the values mean (names, dates, types) is read
by the core when the reference becomes a CSL item (``refkit.refparse.csl``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from refkit.refparse.types import ParsedReference

__all__ = ["clean_value", "has_et_al", "name_text", "one", "spans", "trim"]

_TRAIL = ".,;:"
_QUOTES = "\"'“”‘’„«»"
_LEAD_ROLE = {
    "pages": re.compile(r"^(?:pp?\.?|pages?|pgs?\.?)\s*", re.I),
    "volume": re.compile(r"^(?:vols?\.?|volume)\s*", re.I),
    "issue": re.compile(r"^(?:no\.?|nr\.?|n°|issue|iss\.)\s*", re.I),
    "container-title": re.compile(r"^in:?\s+", re.I),
    "isbn": re.compile(r"^isbn(?:-1[03])?:?\s*", re.I),
    "doi": re.compile(r"^(?:doi:?\s*|https?://(?:dx\.)?doi\.org/)", re.I),
    "edition": re.compile(r"^\(|\)$"),
    "number": re.compile(r"^no\.?:?\s*", re.I),
}
_KEEP_ABBREV_DOT = frozenset({"container-title", "authority", "publisher", "collection-title"})
_DANGLING_NOTE = re.compile(
    r"^(?:available|retrieved|accessible)(?:\s+(?:at|from|online))?:?$", re.I
)
_TRAILING_AVAILABLE = re.compile(
    r"(?:(?<![\s,;.])[\s,;.]*)?\b(?:available|retrieved|accessible)\s+(?:at|from|online)"
    r"\s*:?\s*$",
    re.I,
)
#: Words of a name span that say what the person did, not who they are.
_ROLE_TOKENS = frozenset(
    {
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
        "by",
        "trans.",
        "trans",
        "translated",
        "tr.",
        "(trans.)",
        "(tr.)",
        "hrsg.",
        "(hrsg.)",
        "(hg.)",
        "hg.",
        "(dir.)",
        "dir.",
    }
)
_ET_AL = re.compile(r"\bet\.?\s+al\b|\bet al\.?$|\bothers\b", re.I)


def trim(value: str) -> str:
    """``value`` without enclosing brackets or quotes and trailing separators."""
    v = " ".join(value.split())
    for _ in range(3):
        before = v
        v = v.strip().rstrip(_TRAIL).strip()
        if len(v) >= 2 and v[0] in "([" and v[-1] in ")]" and v.count("(") <= 1:
            v = v[1:-1]
        elif v[:1] in "([" and ")" not in v and "]" not in v:
            v = v[1:]
        elif v[-1:] in ")]" and "(" not in v and "[" not in v:
            v = v[:-1]
        if v[:1] in _QUOTES:
            v = v[1:]
        if v[-1:] in _QUOTES:
            v = v[:-1]
        if v == before:
            break
    return v.strip()


def clean_value(label: str, value: str) -> str:
    """A field value from a span: role words, wrapping punctuation and quotes removed.

    URLs and DOIs lose braces too, which no URL needs and which would unbalance a
    BibTeX value.
    """
    v = value.strip()
    if label == "url":
        return v.strip("<>").rstrip(".,;)>").replace("{", "").replace("}", "")
    if label == "doi":
        m = re.search(r"10\.\d{4,9}/\S+", v)
        doi = m.group(0).rstrip(".,;)]") if m else trim(v)
        return doi.replace("{", "").replace("}", "")
    if label == "title":
        keep = v.rstrip(_TRAIL + " " + _QUOTES)[-1:] in {"?", "!"}
        t = trim(v)
        return t if not keep or t.endswith(("?", "!")) else t + v.rstrip(_TRAIL + " " + _QUOTES)[-1]
    abbrev = re.search(r"(?:^|[\s(])([A-Z][A-Za-z]{0,3})\.[,;:]?$", v)
    v = trim(v)
    role = _LEAD_ROLE.get(label)
    if role is not None:
        v = role.sub("", v).strip()
    if label == "pages":
        v = re.sub(r"(?:(?<!\s)\s*)?[-–—‐]+\s*", "--", v)
    if label == "edition":
        v = re.sub(r"(?:(?<!\s)\s*)?(?:ed|edn|edition)\.?$", "", v, flags=re.I).strip()
    v = trim(v) if v else v
    if v and abbrev and label in _KEEP_ABBREV_DOT and not v.endswith("."):
        v += "."  # "Supp.", "5th Cir.", "Inc.", "J. Phys."
    return v


def spans(ref: ParsedReference, label: str) -> list[str]:
    """The spans labelled ``label``, in text order."""
    v = ref.fields.get(label)
    if v is None:
        return []
    return [v] if isinstance(v, str) else list(v)


def one(ref: ParsedReference, label: str) -> str:
    """The value of a label: several title spans are joined, notes lose a dangling
    "Available at:" (reported as a problem instead)."""
    vals = [clean_value(label, v) for v in spans(ref, label)]
    vals = [v for v in vals if v]
    if label == "note":
        vals = [_TRAILING_AVAILABLE.sub("", v) for v in vals]
        return "; ".join(v for v in vals if v and not _DANGLING_NOTE.match(v))
    if label in {"title", "container-title"}:
        return ". ".join(vals)
    return vals[0] if vals else ""


def name_text(span: str) -> str:
    """A name span without role words ("eds."), connectors ("and") or "et al."."""
    words = [w for w in span.split() if w.lower().strip(",;") not in _ROLE_TOKENS]
    while words and words[0].lower().strip(",;") in {"and", "&", "und"}:
        words.pop(0)
    while words and words[-1].lower().strip(",;.") in {"et", "al"}:
        words.pop()
    text = " ".join(words).strip().rstrip(",;").strip()
    if text.endswith(".") and not re.search(r"\b[A-Z]\.$", text):
        text = text[:-1]
    return trim(text) if text[:1] in '"“' else text


def has_et_al(names: Sequence[str]) -> bool:
    """Whether a list of name spans ends the list with "et al." (or "others")."""
    return bool(names) and bool(_ET_AL.search(" ".join(names)))
