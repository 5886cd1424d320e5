"""Court cases, UN documents and treaties.

US case citations are read by eyecite against reporters-db (the Free Law Project's
libraries), which know every reporter's abbreviations and editions:
``United States v. Philip Morris USA, Inc., 783 F. Supp. 2d 23 (D.D.C. 2011)`` is
the parties, reporter volume 783, reporter ``F. Supp. 2d``, first page 23, court
``D.D.C.`` and year 2011, a CSL ``legal_case``.  eyecite takes a second or two to
import, so it is imported only when a reference looks legal (a "v." between
parties, or "In re"), never for an ordinary list.

UN document symbols (``A/RES/55/25``, ``E/CN.4/2005/L.10``, ``S/RES/1325 (2000)``,
``ST/SGB/2003/13``) and treaty citations (``2237 UNTS 319``, "opened for signature",
"entered into force") are patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "CaseCitation",
    "Treaty",
    "find_case",
    "find_treaty",
    "find_un_symbol",
    "looks_legal",
]

# "Roe v. Wade", "USA vs. Bennett", "In re Gault": a lower-case "v." after a word of
# two letters or more (so not the initial in "Marchman, V.").
_VERSUS_RE = re.compile(
    r"[A-Za-z\u00c0-\u024f.,)]{2}\s+(?:v\.|vs\.?|v)\s+[A-Z0-9]|^\s*(?:In re|Ex parte|Matter of)\s"
)
# "783 F. Supp. 2d 23", "347 U.S. 483", "[2001] UKHL 22": a volume, an abbreviated
# reporter, a page.
_REPORTER_HINT_RE = re.compile(
    r"\b\d{1,4}\s+(?:[A-Z][A-Za-z]{0,6}\.\s?|[A-Z]{2,5}\s)+(?:\d[a-z]{1,2}\.?\s)?\d{1,5}\b"
)
_COURT_YEAR_RE = re.compile(r"\((?P<court>[^()]*?)\s*(?P<year>1[6-9]\d\d|20\d\d)\)")
_DOCKET_RE = re.compile(r"\bNo\.\s*(?P<docket>[\w:\-]+\d[\w\-]*)")
# Body prefixes of UN document symbols: General Assembly, Security Council, ECOSOC,
# Secretariat, treaty bodies, programmes.
_UN_BODIES = (
    r"A|S|E|ST|CCPR|CEDAW|CRC|CERD|CAT|CRPD|CMW|HRI|UNEP|TD|DP|ICCD|FCCC|"
    r"UNW|UNICEF|ECE|ESCAP|ECA|ECLAC|ESCWA|JIU|INCB|APLC|CCW|BWC|CD|SPLOS"
)
_UN_SYMBOL_RE = re.compile(
    rf"(?<![\w/])(?P<symbol>(?:{_UN_BODIES})/(?:[A-Z0-9][A-Za-z0-9.\-]*/)*"
    r"[A-Z0-9][A-Za-z0-9.\-]*(?:\s\(\d{4}\))?)(?![\w/])"
)
_UNTS_RE = re.compile(
    r"(?P<volume>\d{1,4})\s+(?P<series>U\.?\s?N\.?\s?T\.?\s?S\.?|UNTS|LNTS|I\.?L\.?M\.?|"
    r"ETS|CETS|T\.?I\.?A\.?S\.?|U\.?S\.?T\.?|OJ\s?[LC])\s+(?P<page>\d{1,6})"
)
_TREATY_WORDS_RE = re.compile(
    r"opened for signature|entered into force|entry into force|adopted by|done at|"
    r"signed at|ratified",
    re.I,
)


@dataclass(frozen=True)
class CaseCitation:
    """A court case: the CSL legal_case variables, each as written."""

    title: str  # the case name, "United States v. Philip Morris USA, Inc."
    plaintiff: str
    defendant: str
    volume: str
    reporter: str
    page: str
    pin_cite: str
    court: str
    year: str
    docket: str
    start: int = -1  # where the reporter citation ("783 F. Supp. 2d 23") starts
    end: int = -1


@dataclass(frozen=True)
class Treaty:
    """A treaty citation: series ("UNTS"), volume and first page, and the dates."""

    series: str
    volume: str
    page: str


def looks_legal(text: str) -> bool:
    """Whether ``text`` may cite a court case (cheap: decides whether to run eyecite)."""
    court = _COURT_YEAR_RE.search(text)
    return bool(_VERSUS_RE.search(text)) and (
        bool(_REPORTER_HINT_RE.search(text))
        or (court is not None and any(c.isalpha() for c in court.group("court")))
        or bool(_DOCKET_RE.search(text))
    )


def _case_name(text: str, end: int) -> str:
    name = text[:end].strip().rstrip(",;: ")
    return re.sub(r"^\s*(?:\[\d+\]|\d+\.)\s+", "", name)


@lru_cache(maxsize=256)
def find_case(text: str) -> CaseCitation | None:
    """The court case cited by ``text``, or None.

    A full reporter citation is eyecite's; a slip opinion or docket citation
    ("USA v. Bennett, No. 06-41233 (5th Cir. 2007)") has no reporter and is read
    from its docket number and its court-and-year parenthetical.
    """
    if not looks_legal(text):
        return None
    from eyecite import get_citations
    from eyecite.models import FullCaseCitation

    for cit in get_citations(text):
        if not isinstance(cit, FullCaseCitation):
            continue
        meta = cit.metadata
        start, end = cit.span()  # type: ignore[no-untyped-call]
        after = _COURT_YEAR_RE.search(text, end)
        court = after.group("court").strip().rstrip(",") if after else ""
        year = str(meta.year or (after.group("year") if after else ""))
        title = _case_name(text, start)
        return CaseCitation(
            title=title,
            plaintiff=str(meta.plaintiff or ""),
            defendant=str(meta.defendant or ""),
            volume=str(cit.groups.get("volume", "")),
            reporter=str(cit.groups.get("reporter", "")),
            page=str(cit.groups.get("page", "")),
            pin_cite=str(meta.pin_cite or "").lstrip(", "),
            court=court,
            year=year,
            docket="",
            start=start,
            end=end,
        )
    docket = _DOCKET_RE.search(text)
    court_year = _COURT_YEAR_RE.search(text)
    if docket is None or court_year is None:
        return None
    title = _case_name(text, docket.start())
    parties = re.split(r"(?<!\s)\s+(?:v\.|vs\.?|v)\s+", title, maxsplit=1)
    return CaseCitation(
        title=title,
        plaintiff=parties[0],
        defendant=parties[1] if len(parties) > 1 else "",
        volume="",
        reporter="",
        page="",
        pin_cite="",
        court=court_year.group("court").strip().rstrip(","),
        year=court_year.group("year"),
        docket=docket.group("docket"),
    )


def find_un_symbol(text: str) -> str:
    """The first UN document symbol in ``text`` ("A/RES/55/25"), or ""."""
    for m in _UN_SYMBOL_RE.finditer(text):
        symbol = m.group("symbol").rstrip(".,;:")
        if any(c.isdigit() for c in symbol):
            return symbol
    return ""


def find_treaty(text: str) -> Treaty | None:
    """A treaty series citation ("2225 UNTS 209") in ``text``, or None."""
    m = _UNTS_RE.search(text)
    if m is None:
        return None
    series = re.sub(r"[\s.]", "", m.group("series"))
    return Treaty(series=series, volume=m.group("volume"), page=m.group("page"))


def mentions_treaty_dates(text: str) -> bool:
    """ "opened for signature", "entered into force": a treaty's own vocabulary."""
    return bool(_TREATY_WORDS_RE.search(text))


# "U.N. GAOR 55th Sess., Supp. No. 49": the UN Official Records (General Assembly,
# Security Council, ECOSOC, Trade and Development Board) with session and supplement
_OFFICIAL_RECORDS_RE = re.compile(
    r"(?P<series>(?:U\.?\s?N\.?\s+)?(?:GAOR|SCOR|ESCOR|TDBOR)\b"
    r"(?:,?\s+\d+(?:st|nd|rd|th)\s+(?:Sess\.|Session|Year|mtg\.))?)"
    r"(?:,?\s+(?:Supp\.|Supplement)\s+No\.\s*(?P<number>\d+[A-Z]?))?"
)


def find_official_records(text: str) -> tuple[str, str] | None:
    """(series with session, supplement number or "") of a UN Official Records
    citation in ``text``, or None: where the document was issued, not a journal."""
    m = _OFFICIAL_RECORDS_RE.search(text)
    if m is None:
        return None
    return m.group("series").strip(" ,"), m.group("number") or ""


def find_official_records_span(text: str) -> tuple[int, int] | None:
    """The character span of a UN Official Records citation in ``text``, or None."""
    m = _OFFICIAL_RECORDS_RE.search(text)
    return (m.start(), m.end()) if m else None
