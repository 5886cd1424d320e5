"""The generated items and citation clusters of ``benchmarks/csl_agreement.py``.

Deterministic for a seed, and built to draw widely rather than to suit any style: every
CSL 1.0.2 item type; every name shape (particles dropping and not, suffixes, literal
organisations, single names, given-only names, CJK and Cyrillic names, long lists for
et al.); non-English items; missing fields (no author, no date, no title, no
publisher); dates with ranges, seasons, circa, literal and raw dates; and clusters with
labelled locators, multi-cite clusters, suppressed authors, prefixes and suffixes,
same-author and near-duplicate items (disambiguation) and ibid / subsequent sequences
with note numbers.
"""

from __future__ import annotations

import random
from typing import Any

__all__ = ["TYPES", "clusters", "items"]

TYPES = [
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
    "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry",
    "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic", "hearing",
    "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
    "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical",
    "personal_communication", "post", "post-weblog", "regulation", "report", "review",
    "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
]  # fmt: skip

PEOPLE: list[dict[str, Any]] = [
    {"family": "Smith", "given": "Jane"},
    {"family": "Smith", "given": "John"},
    {"family": "Smith", "given": "J. R."},
    {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
    {"family": "Gaulle", "given": "Charles", "dropping-particle": "de"},
    {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
    {"family": "García Márquez", "given": "Gabriel"},
    {"family": "O'Neil", "given": "Cathy"},
    {"family": "Alembert", "given": "Jean le Rond", "non-dropping-particle": "d'"},
    {"family": "Müller-Lüdenscheidt", "given": "Hans-Peter"},
    {"family": "Nakamura", "given": "Hiro"},
    {"family": "毛", "given": "泽东"},
    {"family": "Толстой", "given": "Лев Николаевич"},
    {"family": "Nguyen", "given": "Thi Minh"},
    {"family": "Roberts", "given": "Rose"},
    {"family": "Roberts", "given": "Jack"},
    {"family": "Plato"},
    {"given": "Madonna"},
    {"family": "Al-Khwarizmi", "given": "Muhammad ibn Musa"},
    {"family": "Brown", "given": "Ann-Marie"},
]
ORGS = [
    {"literal": "World Health Organization"},
    {"literal": "United Nations Office on Drugs and Crime"},
    {"literal": "The Royal Society"},
    {"literal": "Deutsches Institut für Normung"},
]
LANGS = ["en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "ja-JP", "ru-RU", "zh-CN", "it-IT"]
TITLES = [
    "The structure of scientific revolutions",
    "On the origin of species: by means of natural selection",
    "A study of trafficking and technology in the twenty-first century",
    "Über die Elektrodynamik bewegter Körper",
    "La vie mode d'emploi",
    "Why “quoted” words matter? An inquiry",
    "Data and its discontents: notes on <i>Homo sapiens</i>",
    "源氏物語の研究",
    "Война и мир",
    "IEEE 802.11: wireless LAN medium access control",
]
CONTAINERS = [
    "Journal of Applied Physics", "Nature", "The Guardian", "Annual Review of Sociology",
    "Handbook of Crime", "Proceedings of the ACM Conference on Software",
    "Zeitschrift für Physik", "Revue française de sociologie",
]  # fmt: skip
PUBLISHERS = [
    ("Oxford University Press", "Oxford"),
    ("Routledge", "London; New York"),
    ("Springer", "Cham"),
    ("Gallimard", "Paris"),
    ("MIT Press", "Cambridge, MA"),
]


_IN_CONTAINER = {
    "article-journal", "article-magazine", "article-newspaper", "review", "review-book",
    "chapter", "paper-conference", "entry-encyclopedia", "entry-dictionary", "post-weblog",
}  # fmt: skip
_PUBLISHED = {
    "book", "chapter", "report", "thesis", "classic", "collection", "pamphlet",
    "musical_score", "map", "software", "standard", "paper-conference", "document",
}  # fmt: skip


def _date(rng: random.Random) -> dict[str, Any] | None:
    year = rng.randint(1850, 2025)
    kind = rng.randrange(12)
    if kind == 0:
        return None
    if kind == 1:
        return {"date-parts": [[year, rng.randint(1, 12)], [year + 1, rng.randint(1, 12)]]}
    if kind == 2:
        return {"date-parts": [[year]], "season": rng.randint(1, 4)}
    if kind == 3:
        return {"date-parts": [[year]], "circa": True}
    if kind == 4:
        return {"literal": f"Spring {year}"}
    if kind == 5:
        return {"date-parts": [[year], [year + rng.randint(1, 5)]]}
    if kind == 6:
        return {"date-parts": [[year, rng.randint(1, 12), rng.randint(1, 28)]]}
    if kind == 7:
        return {"raw": f"{year}-{rng.randint(1, 12):02d}"}
    if kind == 8:
        return {"date-parts": [[-rng.randint(50, 400)]]}
    return {"date-parts": [[year]]}


def _names(rng: random.Random) -> list[dict[str, Any]]:
    shape = rng.randrange(10)
    if shape == 0:
        return [dict(rng.choice(ORGS))]
    count = rng.choice([4, 6, 8, 12, 25]) if shape in (1, 2) else rng.choice([1, 1, 2, 3])
    people = rng.sample(PEOPLE, min(count, len(PEOPLE)))
    while len(people) < count:
        people.append({"family": f"Author{len(people)}", "given": "Pat"})
    return [dict(p) for p in people]


def _fill(item: dict[str, Any], rng: random.Random, i: int) -> None:
    t = item["type"]
    drop = rng.random
    if drop() > 0.1:
        item["title"] = rng.choice(TITLES) + ("" if i % 3 else f" {i}")
    if drop() > 0.1:
        item["author"] = _names(rng)
    if drop() > 0.6:
        item["editor"] = _names(rng)[:3]
    if drop() > 0.85:
        item["translator"] = [dict(rng.choice(PEOPLE))]
    date = _date(rng)
    if date is not None:
        item["issued"] = date
    if t in _IN_CONTAINER:
        item["container-title"] = rng.choice(CONTAINERS)
        if drop() > 0.3:
            item["page"] = rng.choice(["12-34", "101–119", "7", "iii-xv", "1234-1256", "e1002"])
        if drop() > 0.3:
            item["volume"] = rng.choice(["3", "12", "IV", "2-3"])
        if drop() > 0.5:
            item["issue"] = rng.choice(["1", "4", "Suppl. 2", "Spring"])
        if drop() > 0.7:
            item["container-title-short"] = "J. Short"
    if t in _PUBLISHED:
        if drop() > 0.2:
            pub, place = rng.choice(PUBLISHERS)
            item["publisher"] = pub
            if drop() > 0.3:
                item["publisher-place"] = place
        if drop() > 0.7:
            item["edition"] = rng.choice(["2", "3rd", "Rev. ed."])
        if drop() > 0.8:
            item["number-of-pages"] = "320"
        if drop() > 0.8:
            item["collection-title"] = "Studies in Everything"
            item["collection-number"] = str(rng.randint(1, 99))
    if t in ("report", "patent", "bill", "standard", "legislation", "regulation"):
        item["number"] = rng.choice(["TR-2001-4", "No. 77", "US 5,123,456", "ISO 9001"])
    if t in ("legal_case", "hearing", "treaty"):
        item["authority"] = rng.choice(["Supreme Court", "5th Cir.", "House of Lords"])
        item["container-title"] = "U.S."
        item["volume"] = str(rng.randint(100, 600))
        item["page"] = str(rng.randint(1, 999))
    if t == "thesis":
        item["genre"] = rng.choice(["PhD thesis", "Master's thesis", "Dissertation"])
    if t in ("webpage", "post", "post-weblog", "dataset", "software") or drop() > 0.8:
        item["URL"] = f"https://example.org/{t}/{i}"
        item["accessed"] = {"date-parts": [[2024, rng.randint(1, 12), rng.randint(1, 28)]]}
    if drop() > 0.7:
        item["DOI"] = f"10.1000/x{i}"
    if drop() > 0.85:
        item["language"] = rng.choice(LANGS)
    if drop() > 0.9:
        item["title-short"] = "Short title"
    if t in ("interview", "broadcast", "motion_picture", "song", "speech", "performance"):
        if drop() > 0.5:
            item["director"] = [dict(rng.choice(PEOPLE))]
        item["medium"] = rng.choice(["Film", "Audio recording", "Television"])
    if t in ("event", "speech", "paper-conference") and drop() > 0.5:
        item["event-title"] = "Annual Meeting"
        item["event-place"] = "Vienna"
    if t == "chapter" and drop() > 0.5:
        item["container-author"] = _names(rng)[:2]


def items(n: int = 80, seed: int = 1) -> list[dict[str, Any]]:
    """``n`` varied items: each type at least once, then near-duplicates of earlier ones."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    for i in range(n):
        if i >= len(TYPES) and i % 4 == 0 and out:
            # a near-duplicate: same authors and year as an earlier item, another title
            # (year suffixes, added names and given names, "ibid" look-alikes)
            base = rng.choice(out)
            twin = {k: v for k, v in base.items() if k in ("type", "author", "issued", "editor")}
            twin.update(id=f"it{i}", title=f"Another look at {base.get('title', 'it')}")
            if rng.random() > 0.5 and twin.get("author"):
                first = dict(twin["author"][0])
                if "given" in first and "family" in first:
                    first["given"] = rng.choice(["Joan", "Peter", "J.", "Jo"])
                twin["author"] = [first, *twin["author"][1:]]
            out.append(twin)
            continue
        item: dict[str, Any] = {"id": f"it{i}", "type": TYPES[i % len(TYPES)]}
        _fill(item, rng, i)
        out.append(item)
    return out


LABELS = ["page", "chapter", "section", "figure", "paragraph", "volume", "line", "note",
          "verse", "column", "book", "part", "folio", "number", "sub verbo"]  # fmt: skip
LOCATORS = ["23", "23-25", "iv", "12, 14", "3 & 5", "101–119", "n. 4", "2.3", "A-12"]


def _cite(rng: random.Random, iid: str) -> dict[str, Any]:
    cite: dict[str, Any] = {"id": iid}
    r = rng.random()
    if r < 0.45:
        cite["locator"] = rng.choice(LOCATORS)
        cite["label"] = rng.choice(LABELS[:3]) if rng.random() < 0.6 else rng.choice(LABELS)
    if rng.random() < 0.08:
        cite["prefix"] = rng.choice(["see ", "cf. ", "e.g., "])
    if rng.random() < 0.08:
        cite["suffix"] = rng.choice([", emphasis added", " (discussing it)"])
    if rng.random() < 0.05:
        cite["suppress-author"] = True
    return cite


def clusters(all_items: list[dict[str, Any]], n: int = 40, seed: int = 2) -> list[dict[str, Any]]:
    """``n`` clusters over ``all_items``, in document order, with note numbers 1..n:
    single cites, multi-cite clusters (same-author runs and numbers to collapse), and
    repeats right after a cite (ibid, ibid with locator) or later (subsequent)."""
    rng = random.Random(seed)
    ids = [it["id"] for it in all_items]
    by_author: dict[str, list[str]] = {}
    for it in all_items:
        if it.get("author"):
            key = str(it["author"][0].get("family") or it["author"][0].get("literal"))
            by_author.setdefault(key, []).append(it["id"])
    groups = [g for g in by_author.values() if len(g) > 1]
    out: list[dict[str, Any]] = []
    last: list[dict[str, Any]] = []
    for k in range(n):
        shape = rng.randrange(8)
        if shape == 0 and last:
            cites = [dict(last[-1])]  # ibid
        elif shape == 1 and last:
            cites = [{"id": last[-1]["id"], "locator": rng.choice(LOCATORS), "label": "page"}]
        elif shape == 2 and groups:
            cites = [_cite(rng, i) for i in rng.choice(groups)[:3]]
        elif shape == 3:
            start = rng.randrange(len(ids) - 6)
            picks = ids[start : start + rng.randint(2, 5)]
            cites = [{"id": i} for i in picks]
        elif shape == 4 and out:
            cites = [_cite(rng, rng.choice(out)["items"][0]["id"])]  # subsequent
        else:
            cites = [_cite(rng, rng.choice(ids)) for _ in range(rng.choice([1, 1, 2]))]
        seen: set[str] = set()
        cites = [c for c in cites if not (c["id"] in seen or seen.add(c["id"]))]
        out.append({"id": f"c{k}", "note_index": k + 1, "items": cites})
        last = cites
    return out
