"""Volume, issue and pages; editions; report numbers; years written inside titles.

Styles glue the numbers of a journal article together in a handful of ways, each
one a pattern:

- Vancouver and AMA: ``1996;73:1006-12``, ``1973;31(5):24-33``, ``2012 Mar;15(3):e12``;
- APA and Harvard: ``73(4), 100–110``, ``73(4):100-110``;
- labelled, in many languages: ``vol. 3, no. 2, pp. 5-9``, ``Bd. 3, H. 2, S. 5–9``,
  ``t. 3, n° 2, p. 5-9``, ``Jg. 12, Nr. 3``, ``vol. 3, núm. 2, págs. 5-9``.

Page ranges are kept as written in the span view and expanded in the value:
CSL's ``page`` variable holds the full range ("1006-1012"), because a CSL
processor re-abbreviates ranges only when the style asks for it
(``page-range-format``) and prints the variable as given otherwise, and because
CSL-JSON from Crossref, PubMed and Zotero stores full ranges; a value of "1006-12"
would be printed as "1006-12" by an APA style, which wants "1006–1012".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "Edition",
    "Locator",
    "ReportNumber",
    "expand_page_range",
    "find_edition",
    "find_report_number",
    "parse_locator",
    "trailing_year",
]


@dataclass(frozen=True)
class Locator:
    """The volume, issue, pages (expanded for CSL) and year found in a number run."""

    volume: str = ""
    issue: str = ""
    page: str = ""
    page_as_written: str = ""
    year: str = ""


_DASH = "-‐‑–—"
_RANGE_RE = re.compile(rf"^(?P<p1>[A-Za-z]*)(?P<a>\d+)\s*[{_DASH}]+\s*(?P<p2>[A-Za-z]*)(?P<b>\d+)$")
_ONE_RANGE = rf"[A-Za-z]{{0,2}}\d+(?:\s*[{_DASH}]+\s*[A-Za-z]{{0,2}}\d+)?"
_PAGES = rf"{_ONE_RANGE}(?:\s*,\s*{_ONE_RANGE})*"
_VOL = r"[A-Za-z]?\d+[A-Za-z]?(?:[\-/]\d+)?|[IVXLC]+"
_ISS = r"[^()]{1,20}"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)[a-z]?"
_MONTH = (
    r"(?:[A-Z][a-z]{2,8}\.?(?:[\-/][A-Z][a-z]{2,8}\.?)?(?:\s+\d{1,2})?"
    r"|Spring|Summer|Fall|Autumn|Winter)"
)

# 1996;73:1006-12   1973;31(5):24-33   2012 Mar;15(3):e12   2009;5 Suppl 1:S4
_VANCOUVER_RE = re.compile(
    rf"(?P<year>{_YEAR})(?:\s+{_MONTH})?\s*;\s*(?P<vol>{_VOL})?(?:\s*(?P<supp>Suppl\.?\s*\d*))?"
    rf"(?:\s*\((?P<iss>{_ISS})\))?(?:\s*:\s*(?P<pages>{_PAGES}))?"
)
# 73(4), 100–110   73(4):100-110   73 (4): 100   36:1215-8
_COMPACT_RE = re.compile(
    rf"^(?P<vol>{_VOL})\s*(?:\((?P<iss>{_ISS})\))?\s*(?:[:,]\s*(?:pp?\.\s*)?(?P<pages>{_PAGES}))?[.,;]?$"
)
_VOLUME_WORDS = (
    r"vols?\.?|volume|v\.|bd\.?|band|t\.|tome|tomo|jg\.?|jahrgang|årg\.?|anno|année|roč\.?"
)
_ISSUE_WORDS = (
    r"no\.?|nos\.?|nr\.?|n°|nº|n\.|núm\.?|num\.?|number|issue|iss\.?|h\.|heft|fasc\.?|"
    r"fascicule|cuaderno|č\.?|sz\."
)
_PAGE_WORDS = r"pp?\.?|pages?|pgs?\.?|s\.|ss\.|págs?\.?|pág\.?|str\.?|art\.?|article"
# The keyword starts a word and the value ends one: "Supplement" holds no "p." and "l".
_LABELLED_RE = re.compile(
    rf"(?<![^\W\d_])(?P<key>{_VOLUME_WORDS}|{_ISSUE_WORDS}|{_PAGE_WORDS})\s*"
    rf"(?P<value>(?:{_PAGES}|{_VOL}|[A-Za-z]?\d+)(?![^\W\d_]))",
    re.I,
)
# "87, pp. 334-344", "2001. 6(12): p. 70-1": a bare volume (and issue) before the keywords
_LEADING_RE = re.compile(
    rf"^(?:\(?{_YEAR}\)?[.,;:]?\s+)?(?P<vol>\d+[A-Za-z]?)"
    r"(?:\.(?P<dotted>\d{1,3}))?"  # MHRA's "22.3, pp. 399-402": volume 22, issue 3
    rf"\s*(?:\((?P<iss>[^()]{{1,12}})\))?"
    r"\s*[.,:;]?\s*\(?$"
)


def _kind(keyword: str) -> str:
    low = keyword.lower()
    if re.fullmatch(_VOLUME_WORDS, low):
        return "volume"
    if re.fullmatch(_ISSUE_WORDS, low):
        return "issue"
    return "page"


def expand_page_range(pages: str) -> str:
    """A page range with its second number written in full and a hyphen between.

    "1006-12" -> "1006-1012", "1565–68" -> "1565-1568", "S12-5" -> "S12-S15",
    "24-33" stays; lists are done range by range ("5-9, 12-4" -> "5-9, 12-14").
    """
    parts = [p.strip() for p in pages.split(",")]
    out: list[str] = []
    for part in parts:
        m = _RANGE_RE.match(part)
        if not m:
            out.append(part)
            continue
        a, b = m.group("a"), m.group("b")
        prefix = m.group("p1")
        if len(b) < len(a) and int(a[-len(b) :]) < int(b):
            b = a[: len(a) - len(b)] + b
        elif len(b) < len(a):
            b = a[: len(a) - len(b)] + b  # "98-5" is not a range a style would write
        out.append(f"{prefix}{a}-{m.group('p2') or prefix}{b}")
    return ", ".join(out)


def _locator(volume: str, issue: str, pages: str, year: str = "") -> Locator:
    pages = pages.strip().rstrip(".,;")
    return Locator(
        volume=volume.strip(),
        issue=issue.strip(),
        page=expand_page_range(pages) if pages else "",
        page_as_written=pages,
        year=year[:4],
    )


# AMA's book chapters: "Publisher; 2005:51-74" (year, then pages)
_YEAR_PAGES_RE = re.compile(rf"^(?P<year>{_YEAR}):\s*(?P<pages>{_PAGES})$")
_SLASHED_RE = re.compile(r"^(?P<vol>\d{1,4})/(?P<iss>\d{1,2})$")
_ISSUE_THEN_PAGES_RE = re.compile(rf"^(?P<iss>\d{{1,3}})\s*,\s*(?P<pages>{_ONE_RANGE})$")


def _split_volume_issue(loc: Locator) -> Locator:
    """ "52/1" (New Hart's, German humanities styles) is volume 52, issue 1; "52, 1,
    198-203" (volume, issue, pages by commas) gives its issue to the pages' front.

    A slash between consecutive numbers ("12/13") is a double volume and is kept, as is
    a year before the slash ("1998/99")."""
    if loc.issue:
        return loc
    m = _SLASHED_RE.match(loc.volume)
    if m and int(m.group("vol")) < 1500 and int(m.group("iss")) != int(m.group("vol")) + 1:
        return Locator(m.group("vol"), m.group("iss"), loc.page, loc.page_as_written, loc.year)
    p = _ISSUE_THEN_PAGES_RE.match(loc.page_as_written)
    if loc.volume and p and _RANGE_RE.match(p.group("pages")):
        pages = p.group("pages")
        return Locator(loc.volume, p.group("iss"), expand_page_range(pages), pages, loc.year)
    return loc


def parse_locator(text: str) -> Locator | None:
    """The volume, issue and pages in the number part of a reference, or None.

    ``text`` is the run of the reference that holds them (date, volume, issue and
    pages spans joined), e.g. "1996;73:1006-12." or "vol. 3, no. 2, pp. 5-9".
    """
    found = _parse_locator(text)
    return _split_volume_issue(found) if found is not None else None


def _parse_locator(text: str) -> Locator | None:
    run = " ".join(text.split()).strip(" .,;")
    if not run:
        return None
    m = _VANCOUVER_RE.search(run)
    if m and (m.group("vol") or m.group("pages")):
        issue = m.group("iss") or ""
        if m.group("supp"):
            issue = " ".join(x for x in (m.group("supp").strip(), issue) if x)
        return _locator(m.group("vol") or "", issue, m.group("pages") or "", m.group("year"))
    labelled = list(_LABELLED_RE.finditer(run))
    if labelled:
        found: dict[str, str] = {}
        for lm in labelled:
            kind = _kind(lm.group("key"))
            value = lm.group("value")
            if kind != "page":
                value = value.split(",")[0].strip()  # "vol. 5, 2001": the year is not in it
            found.setdefault(kind, value)
        lead = _LEADING_RE.match(run[: labelled[0].start()])
        if lead and "volume" not in found:
            found["volume"] = lead.group("vol")
            issue = lead.group("iss") or lead.group("dotted")
            if issue and "issue" not in found:
                found["issue"] = issue
        if found:
            return _locator(found.get("volume", ""), found.get("issue", ""), found.get("page", ""))
    year_pages = _YEAR_PAGES_RE.match(run)
    if year_pages:
        return _locator("", "", year_pages.group("pages"), year_pages.group("year"))
    stripped = re.sub(rf"^\(?{_YEAR}\)?[.,;:]?\s+", "", run)
    m = _COMPACT_RE.match(stripped)
    if m and (m.group("iss") or m.group("pages")):
        return _locator(m.group("vol"), m.group("iss") or "", m.group("pages") or "")
    return None


@dataclass(frozen=True)
class Edition:
    """An edition statement: its value for CSL ("5", "Rev.") and where it was written."""

    value: str
    start: int
    end: int


_ORDINAL = r"(?P<n>\d{1,3})\s*(?:st|nd|rd|th|e|er|re|ème|eme|\.ª|ª|a|\.|º|o)?"
_EDITION_RE = re.compile(
    rf"(?:[(\[]\s*|(?<!\s)\s*)?(?:{_ORDINAL}\s*(?:(?:rev(?:ised)?|erw(?:eiterte)?|überarb(?:eitete)?|"
    r"aum\.?|corr\.?|enl(?:arged)?)\.?,?\s*(?:u(?:nd)?\.?\s*\w+\.?\s*)?)?"
    r"(?:edition|edición|edição|edizione|édition|auflage|aufl|uitgave|druk|izd|edn|ed|éd)\.?"
    r"|(?P<word>rev(?:ised)?|new|updated|expanded)\.?\s+(?:edition|edn|ed)\.?)\s*[)\]]?",
    re.I,
)


def find_edition(text: str) -> Edition | None:
    """The edition statement in ``text`` ("(5th ed.)", "2nd edn", "2. Aufl.", "3e éd.",
    "2.ª ed.", "Rev. ed."), or None."""
    for m in _EDITION_RE.finditer(text):
        first = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        if text[first - 1 : first].isalnum():
            continue
        after = text[m.end() : m.end() + 1]
        if after.isalpha():
            continue
        if m.group("n"):
            return Edition(str(int(m.group("n"))), m.start(), m.end())
        word = (m.group("word") or "").lower()
        value = "Rev." if word.startswith("rev") else word.capitalize()
        return Edition(value, m.start(), m.end())
    return None


def edition_statements(text: str) -> list[Edition]:
    """Every edition statement of ``text`` that says which edition ("5. Aufl.", "(3rd ed.)",
    "Rev. ed."); a bare "ed." is an editor as often as an edition, so it is left out."""
    out: list[Edition] = []
    for m in _EDITION_RE.finditer(text):
        if not (m.group("n") or m.group("word")):
            continue
        found = find_edition(m.group(0))
        first = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        end = m.start() + len(m.group(0).rstrip())
        if found is None or text[first - 1 : first].isalnum() or text[end : end + 1].isalpha():
            continue
        out.append(Edition(found.value, first, end))
    return out


@dataclass(frozen=True)
class ReportNumber:
    """A report or working-paper number: genre ("Working Paper"), number, position."""

    genre: str
    number: str
    start: int
    end: int


_GENRE = (
    r"(?:(?:technical|tech\.|research|internal|final|annual|policy|occasional|discussion|"
    r"working|staff|briefing|issue|white|position|conference)\s*|(?<!\s)\s*)?"
    r"(?:report|rep\.|rept\.|paper|note|memo(?:randum)?|brief|series)"
)
_REPORT_RE = re.compile(
    rf"[(\[]?(?P<genre>{_GENRE})\s*(?:(?:no\.?|nr\.?|number|#)\s*)?(?::\s*)?"
    r"(?P<number>(?=[A-Z0-9\-/.]*\d)[A-Z]{0,8}[\-/]?[A-Z0-9][A-Z0-9\-/.]*[A-Z0-9])[)\]]?",
    re.I,
)
# "(WP-56)", "(TR-2004-12)", "(CRS-R41234)": a bracketed code with a letter prefix.
_CODE_RE = re.compile(
    r"\((?P<number>(?:WP|TR|DP|RR|RP|CRS|NBER|IZA|CEPR)[\-\s]?[A-Z]*\d[\w\-/.]*)\)"
)
# "B.P.:017", "W.P. 56": a paper series in dotted initials with its number, ending a title
_DOTTED_CODE_RE = re.compile(r"(?<!\S)(?P<number>(?:[A-Z]\.){2,4}\s?:?\s?\d{2,}[\w\-/.]*)[)\]]?")
_GENRE_OF_CODE = {
    "WP": "Working Paper",
    "TR": "Technical Report",
    "DP": "Discussion Paper",
    "RP": "Research Paper",
    "RR": "Research Report",
}


def find_report_number(text: str) -> ReportNumber | None:
    """A report number in ``text`` ("Working Paper No. 12", "Technical Report
    TR-2004-12", "(WP-56)"), or None."""
    for m in _REPORT_RE.finditer(text):
        if not m.group("genre").strip() or re.fullmatch(_YEAR, m.group("number")):
            continue  # "World Malaria Report 2019": the year of an annual report, no number
        genre = " ".join(w.capitalize() if w.islower() else w for w in m.group("genre").split())
        return ReportNumber(genre, m.group("number"), m.start(), m.end())
    c = _CODE_RE.search(text)
    if c:
        code = c.group("number")
        genre = _GENRE_OF_CODE.get(re.match(r"[A-Z]+", code).group(0), "")  # type: ignore[union-attr]
        return ReportNumber(genre, code, c.start(), c.end())
    d = _DOTTED_CODE_RE.search(text)
    if d:
        return ReportNumber("", d.group("number").rstrip("."), d.start(), d.end())
    return None


_TRAILING_YEAR_RE = re.compile(rf"(?:(?<![\s,.])[\s,.]*)?[(\[](?P<year>{_YEAR})[)\]][.,;:]?\s*$")


def trailing_year(title: str) -> tuple[str, str] | None:
    """(title without it, year) when a title ends in a bracketed year, else None."""
    m = _TRAILING_YEAR_RE.search(title)
    if not m or m.start() == 0:
        return None
    return title[: m.start()], m.group("year")[:4]
