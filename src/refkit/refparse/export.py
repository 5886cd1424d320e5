"""Writing parsed references: JSON lines (exact spans), CSL-JSON, BibTeX, biblatex."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from refkit.refparse.names import is_organisation
from refkit.refparse.types import ParsedReference

# internal labels written under another CSL name in the span (JSONL) view
_JSONL_LABEL = {"accessed": "note"}


def jsonl_record(ref: ParsedReference) -> dict[str, Any]:
    """The span view of one reference: ``{"text", "type", "fields"}``."""
    fields: dict[str, Any] = {}
    for label, value in ref.fields.items():
        name = _JSONL_LABEL.get(label, label)
        if name in fields:
            prev = fields[name]
            prev_list = prev if isinstance(prev, list) else [prev]
            new_list = value if isinstance(value, list) else [value]
            fields[name] = prev_list + new_list
        else:
            fields[name] = list(value) if isinstance(value, list) else value
    return {"text": ref.text, "type": ref.type, "fields": fields}


def to_jsonl(refs: Iterable[ParsedReference]) -> str:
    """One JSON object per line."""
    return "".join(json.dumps(jsonl_record(r), ensure_ascii=False) + "\n" for r in refs)


# ---------------------------------------------------------------------------
# cleaning spans into values

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
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_YEAR_RE = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_VOL_RE = re.compile(
    r"^(?P<vol>[\w.]+?)\s*(?:\((?P<iss>[^()]+)\)|[,.]?\s*(?:no|nr|issue|n°)\.?\s*"
    r"(?P<iss2>[\w\-–/]+))\s*(?::\s*(?P<pages>\S+))?$",
    re.I,
)


def _trim(value: str) -> str:
    """Strip enclosing brackets/quotes and trailing separators."""
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


_KEEP_ABBREV_DOT = frozenset({"container-title", "authority", "publisher", "collection-title"})


def clean_value(label: str, value: str) -> str:
    """A field value for export: role words, wrapping punctuation and quotes removed."""
    v = value.strip()
    if label == "url":
        return v.strip("<>").rstrip(".,;)>")
    if label == "doi":
        m = re.search(r"10\.\d{4,9}/\S+", v)
        return m.group(0).rstrip(".,;)]") if m else _trim(v)
    if label == "title":
        keep = v.rstrip(_TRAIL + " " + _QUOTES)[-1:] in {"?", "!"}
        t = _trim(v)
        return t if not keep or t.endswith(("?", "!")) else t + v.rstrip(_TRAIL + " " + _QUOTES)[-1]
    abbrev = re.search(r"(?:^|[\s(])([A-Z][A-Za-z]{0,3})\.[,;:]?$", v)
    v = _trim(v)
    role = _LEAD_ROLE.get(label)
    if role is not None:
        v = role.sub("", v).strip()
    if label == "pages":
        v = re.sub(r"\s*[-–—‐]+\s*", "--", v)
    if label == "edition":
        v = re.sub(r"\s*(?:ed|edn|edition)\.?$", "", v, flags=re.I).strip()
    v = _trim(v) if v else v
    if v and abbrev and label in _KEEP_ABBREV_DOT and not v.endswith("."):
        v += "."  # "Supp.", "5th Cir.", "Inc.", "J. Phys."
    return v


def _values(ref: ParsedReference, label: str) -> list[str]:
    v = ref.fields.get(label)
    if v is None:
        return []
    return [v] if isinstance(v, str) else list(v)


_DANGLING_NOTE = re.compile(
    r"^(?:available|retrieved|accessible)(?:\s+(?:at|from|online))?:?$", re.I
)


_TRAILING_AVAILABLE = re.compile(
    r"[\s,;.]*\b(?:available|retrieved|accessible)\s+(?:at|from|online)\s*:?\s*$", re.I
)


def _one(ref: ParsedReference, label: str) -> str:
    """The export value of a label: several title spans are joined, notes lose a
    dangling "Available at:" (reported as a problem instead)."""
    vals = [clean_value(label, v) for v in _values(ref, label)]
    vals = [v for v in vals if v]
    if label == "note":
        vals = [_TRAILING_AVAILABLE.sub("", v) for v in vals]
        return "; ".join(v for v in vals if v and not _DANGLING_NOTE.match(v))
    if label in {"title", "container-title"}:
        return ". ".join(vals)
    return vals[0] if vals else ""


def parse_date(value: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) found in a date span, or None."""
    m = _YEAR_RE.search(value)
    if not m:
        return None
    year = int(m.group(1))
    month = day = None
    low = value.lower()
    for word in re.findall(r"[a-zé]+", low):
        if word[:3] in _MONTHS and (
            len(word) == 3
            or word.startswith(
                (
                    "janu",
                    "febr",
                    "marc",
                    "apri",
                    "may",
                    "june",
                    "july",
                    "augu",
                    "sept",
                    "octo",
                    "nove",
                    "dece",
                )
            )
        ):
            month = _MONTHS[word[:3]]
            break
    if month is not None:
        d = re.search(r"(?<!\d)([0-3]?\d)(?!\d)", _YEAR_RE.sub(" ", value))
        if d and 1 <= int(d.group(1)) <= 31:
            day = int(d.group(1))
    return year, month, day


_NAME_DROP = {"and", "&", "und", "et", "al", "al.", "others"}
_ROLE_TOKENS = {
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
_INITIALS_RE = re.compile(r"^(?:[A-Z]\.?-?){1,3}$")


@lru_cache(maxsize=16384)
def split_person(name: str) -> tuple[str, str, bool] | None:
    """(family, given, is_organisation) for a name span; None for an empty span.

    "et al." marks (returned as family "others") are handled by the caller.
    """
    words = [w for w in name.split() if w.lower().strip(",;") not in _ROLE_TOKENS]
    while words and words[0].lower().strip(",;") in {"and", "&", "und"}:
        words.pop(0)
    while words and words[-1].lower().strip(",;.") in {"et", "al"}:
        words.pop()
    text = " ".join(words).strip().rstrip(",;").strip()
    if text.endswith(".") and not re.search(r"\b[A-Z]\.$", text):
        text = text[:-1]
    text = _trim(text) if text[:1] in '"“' else text
    if not text:
        return None
    if is_organisation(text):
        return _trim(text), "", True
    if "," in text:
        family, given = text.split(",", 1)
        return family.strip(), given.strip().rstrip(","), False
    parts = text.split()
    if (
        len(parts) >= 2
        and _INITIALS_RE.match(parts[-1].rstrip("."))
        and not _INITIALS_RE.match(parts[0].rstrip("."))
    ):
        return " ".join(parts[:-1]), parts[-1], False  # "Skinner R"
    if len(parts) == 1:
        return parts[0], "", False
    i = len(parts) - 1
    while i > 1 and parts[i - 1].lower() in {
        "van",
        "von",
        "de",
        "der",
        "den",
        "du",
        "le",
        "la",
        "da",
        "di",
        "del",
    }:
        i -= 1
    return " ".join(parts[i:]), " ".join(parts[:i]), False


def _has_etal(names: Sequence[str]) -> bool:
    return bool(names) and bool(
        re.search(r"\bet\.?\s+al\b|\bet al\.?$|\bothers\b", " ".join(names), re.I)
    )


# ---------------------------------------------------------------------------
# BibTeX / biblatex

_BIBTEX_TYPE = {
    "article-journal": "article",
    "article": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "book": "book",
    "chapter": "incollection",
    "paper-conference": "inproceedings",
    "report": "techreport",
    "thesis": "phdthesis",
}
_BIBLATEX_TYPE = {
    "article-journal": "article",
    "article": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "book": "book",
    "chapter": "incollection",
    "paper-conference": "inproceedings",
    "report": "report",
    "thesis": "thesis",
    "webpage": "online",
    "legal_case": "jurisdiction",
    "legislation": "legislation",
}
_ESCAPES = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
_VERBATIM = {"url", "doi"}


def bibtex_escape(value: str) -> str:
    """Escape LaTeX specials in a field value."""
    return value.translate(_ESCAPE_TABLE)


def _verbatim(value: str) -> str:
    out = value.replace("{", "").replace("}", "")
    return out.replace("%", r"\%").replace("#", r"\#")


def _bib_names(names: Sequence[str]) -> str:
    parts: list[str] = []
    for raw in names:
        p = split_person(raw)
        if p is None:
            continue
        family, given, org = p
        if org:
            parts.append("{" + bibtex_escape(family) + "}")
        elif given:
            parts.append(f"{bibtex_escape(family)}, {bibtex_escape(given)}")
        else:
            parts.append(bibtex_escape(family))
    if parts and _has_etal(names):
        parts.append("others")
    return " and ".join(parts)


def _bib_fields(ref: ParsedReference, biblatex: bool) -> tuple[str, list[tuple[str, str]]]:
    kind = ref.type
    out: list[tuple[str, str]] = []
    verb: set[str] = set()

    def put(name: str, value: str, raw: bool = False) -> None:
        if value:
            out.append((name, value))
            if raw:
                verb.add(name)

    for role in ("author", "editor", "translator"):
        names = _values(ref, role)
        if names:
            put(role, _bib_names(names), raw=True)
    put("title", _one(ref, "title"))
    container = _one(ref, "container-title")
    if container:
        if kind in {"chapter", "paper-conference"}:
            put("booktitle", container)
        elif kind in {"article-journal", "article"} or not biblatex:
            put("journaltitle" if biblatex else "journal", container)
        else:
            put(
                "booktitle"
                if kind == "book"
                else "howpublished"
                if not biblatex
                else "maintitle"
                if kind == "book"
                else "journaltitle",
                container,
            )
    volume, issue, pages = _one(ref, "volume"), _one(ref, "issue"), _one(ref, "pages")
    m = _VOL_RE.match(volume)
    if m:
        volume, issue = m.group("vol"), issue or m.group("iss") or m.group("iss2")
        if m.group("pages") and not pages:
            pages = clean_value("pages", m.group("pages"))
    put("volume", volume)
    number = _one(ref, "number")
    if biblatex:
        put("number", issue if kind in {"article-journal", "article"} else number or issue)
        if kind in {"article-journal", "article"} and number:
            put("note", number)
    else:
        put("number", number or issue)
    put("pages", pages)
    put("edition", _one(ref, "edition"))
    publisher = _one(ref, "publisher")
    if publisher:
        if kind == "report":
            put("institution", publisher)
        elif kind == "thesis":
            put("institution" if biblatex else "school", publisher)
        else:
            put("publisher", publisher)
    authority = _one(ref, "authority")
    if authority:
        put("institution" if biblatex else "organization", authority)
    location = _one(ref, "location")
    put("location" if biblatex else "address", location)
    genre = _one(ref, "genre")
    put("type", genre)
    dates = _values(ref, "date")
    parsed = next((d for d in (parse_date(v) for v in dates) if d), None)
    if parsed:
        y, mo, dd = parsed
        if biblatex:
            iso = str(y) + (f"-{mo:02d}" if mo else "") + (f"-{dd:02d}" if mo and dd else "")
            put("date", iso)
        else:
            put("year", str(y))
            if mo:
                put(
                    "month",
                    [
                        "jan",
                        "feb",
                        "mar",
                        "apr",
                        "may",
                        "jun",
                        "jul",
                        "aug",
                        "sep",
                        "oct",
                        "nov",
                        "dec",
                    ][mo - 1],
                    raw=True,
                )
    elif dates:
        put("date" if biblatex else "year", clean_value("date", dates[0]))
    put("doi", _one(ref, "doi"), raw=True)
    put("url", _one(ref, "url"), raw=True)
    put("isbn", _one(ref, "isbn"))
    accessed = _values(ref, "accessed")
    if accessed:
        acc = parse_date(" ".join(accessed))
        if biblatex and acc and acc[1] and acc[2]:
            put("urldate", f"{acc[0]}-{acc[1]:02d}-{acc[2]:02d}")
        else:
            put(
                "note",
                "Accessed "
                + clean_value(
                    "note",
                    re.sub(
                        r"^[\[(]?\s*(?:accessed|viewed|retrieved|consulted)\s*:?",
                        "",
                        " ".join(accessed),
                        flags=re.I,
                    ),
                ),
            )
    note = _one(ref, "note")
    put("note", note)
    # merge repeated names (note)
    merged: dict[str, str] = {}
    for name, value in out:
        merged[name] = merged[name] + "; " + value if name in merged else value
    if kind == "thesis" and not biblatex and re.search(r"master", genre, re.I):
        entry_type = "mastersthesis"
    else:
        entry_type = (_BIBLATEX_TYPE if biblatex else _BIBTEX_TYPE).get(kind, "misc")
    if biblatex and kind == "thesis" and "type" not in merged:
        merged["type"] = "phdthesis"
    lines: list[tuple[str, str]] = []
    for name, value in merged.items():
        if name in verb:
            lines.append((name, _verbatim(value) if name in _VERBATIM else value))
        else:
            lines.append((name, bibtex_escape(value)))
    return entry_type, lines


def bibtex_entry(ref: ParsedReference, *, biblatex: bool = False) -> str:
    """One BibTeX (or biblatex) entry."""
    entry_type, fields = _bib_fields(ref, biblatex)
    body = ",\n".join(
        f"  {name} = {{{value}}}" if name != "month" or biblatex else f"  {name} = {value}"
        for name, value in fields
    )
    comments = "".join(
        f"% refkit: {ref.key or 'ref'}: {p.code}: {p.message}\n" for p in ref.problems
    )
    return f"{comments}@{entry_type}{{{ref.key or 'ref'},\n{body}\n}}\n"


def to_bibtex(refs: Iterable[ParsedReference], *, biblatex: bool = False) -> str:
    """A .bib file of the references."""
    return "\n".join(bibtex_entry(r, biblatex=biblatex) for r in refs)


# ---------------------------------------------------------------------------
# CSL-JSON

_CSL_TEXT = (
    "title",
    "container-title",
    "publisher",
    "publisher-place",
    "edition",
    "genre",
    "number",
    "authority",
    "DOI",
    "URL",
    "ISBN",
    "note",
    "volume",
    "issue",
    "page",
    "collection-title",
)
_CSL_FROM = {
    "location": "publisher-place",
    "doi": "DOI",
    "url": "URL",
    "isbn": "ISBN",
    "pages": "page",
}


def csl_item(ref: ParsedReference) -> dict[str, Any]:
    """A CSL-JSON item."""
    item: dict[str, Any] = {"id": ref.key or "ref", "type": ref.type}
    for role in ("author", "editor", "translator"):
        names: list[dict[str, str]] = []
        raw = _values(ref, role)
        for n in raw:
            p = split_person(n)
            if p is None:
                continue
            family, given, org = p
            if org:
                names.append({"literal": family})
            elif given:
                names.append({"family": family, "given": given})
            else:
                names.append({"family": family})
        if names:
            item[role] = names
    for label in ref.fields:
        if label in {"author", "editor", "translator", "date", "accessed", "citation-number"}:
            continue
        name = _CSL_FROM.get(label, label)
        value = _one(ref, label)
        if value and name in _CSL_TEXT:
            if name == "page":
                value = value.replace("--", "-")
            item[name] = value
    m = _VOL_RE.match(item.get("volume", ""))
    if m:
        item["volume"] = m.group("vol")
        item.setdefault("issue", m.group("iss") or m.group("iss2"))
        if m.group("pages"):
            item.setdefault("page", clean_value("pages", m.group("pages")).replace("--", "-"))
    for csl_name, label in (("issued", "date"), ("accessed", "accessed")):
        for v in _values(ref, label):
            d = parse_date(v)
            if d:
                item[csl_name] = {"date-parts": [[x for x in d if x is not None]]}
                break
        else:
            if label == "date" and _values(ref, label):
                item[csl_name] = {"literal": clean_value("date", _values(ref, label)[0])}
    if "citation-number" in ref.fields:
        item["citation-number"] = _one(ref, "citation-number")
    return item


def to_csljson(refs: Iterable[ParsedReference]) -> str:
    """A CSL-JSON array."""
    return json.dumps([csl_item(r) for r in refs], ensure_ascii=False, indent=2) + "\n"


FORMATS = ("bibtex", "biblatex", "csljson", "jsonl")


def render(refs: Sequence[ParsedReference], fmt: str) -> str:
    """The references in one of :data:`FORMATS`."""
    if fmt == "bibtex":
        return to_bibtex(refs)
    if fmt == "biblatex":
        return to_bibtex(refs, biblatex=True)
    if fmt == "csljson":
        return to_csljson(refs)
    if fmt == "jsonl":
        return to_jsonl(refs)
    raise ValueError(f"unknown format: {fmt}")
