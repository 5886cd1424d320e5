"""Identifiers found anywhere in a reference: DOI, arXiv id, ISBN, ISSN, PMID, PMCID.

A pattern is more reliable here than the tagger: a DOI is ``10.`` + registrant +
``/`` + suffix however it is introduced (``doi:``, ``DOI 10...``,
``https://doi.org/``, ``dx.doi.org``), and an ISBN or ISSN is only taken when its
check digit is right (python-stdnum).  Values are returned bare: the DOI without
resolver or trailing punctuation, the ISBN and ISSN in their standard hyphenated
forms, the PMID digits, the arXiv id without ``arXiv:``.

>>> find_identifiers("Nature 1996;381:1. doi:10.1038/381001a0. PMID: 8614500").doi
'10.1038/381001a0'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from stdnum import isbn as stdnum_isbn
from stdnum import issn as stdnum_issn

__all__ = ["Identifiers", "doi_of_resolver_url", "find_doi", "find_identifiers"]

# The suffix stops at whitespace, quotes and angle brackets; trailing punctuation is
# trimmed afterwards (a DOI may itself contain ".", ";", "(" and ")").
_DOI_RE = re.compile(r"\b10\.\d{4,9}/[^\s\"<>{}]+")
_RESOLVER_RE = re.compile(
    r"^<?(?:https?://)?(?:(?:dx\.)?doi\.org|doi\.acm\.org|hdl\.handle\.net)/"
    r"(?:doi:)?(?P<doi>10\.\d{4,9}/[^\s\"<>]+?)[>.,;]*$",
    re.I,
)
_ARXIV_NEW = r"\d{4}\.\d{4,5}(?:v\d+)?"
_ARXIV_OLD = r"[a-z][a-z\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?"
_ARXIV_RE = re.compile(
    rf"(?:\barXiv\s*:?\s*|arxiv\.org/(?:abs|pdf)/|10\.48550/arXiv\.)(?P<id>{_ARXIV_NEW}|{_ARXIV_OLD})",
    re.I,
)
_ISBN_RE = re.compile(
    r"\bISBN(?:-1[03])?\s*:?\s*(?P<isbn>(?:97[89][\s\-‐]?)?\d[\d\s\-‐]{7,13}[\dXx])(?![\d\-])",
    re.I,
)
# An ISBN-13 with its prefix needs no "ISBN" before it to be recognised.
_BARE_ISBN13_RE = re.compile(r"(?<![\d\-/.])97[89](?:[\-‐]?\d){10}(?![\d\-])")
_ISSN_RE = re.compile(
    r"\b(?:e-?|p-?|print\s+|online\s+)?ISSN\s*:?\s*(?P<issn>\d{4}[\-‐ ]?\d{3}[\dXx])\b", re.I
)
_PMID_RE = re.compile(r"\bPMID\s*:?\s*(?P<pmid>\d{1,9})\b")
_PMCID_RE = re.compile(r"\b(?:PMCID\s*:?\s*)?(?P<pmcid>PMC\d{4,9})\b")


@dataclass(frozen=True)
class Identifiers:
    """The identifiers of one reference (empty strings and tuples when absent)."""

    doi: str = ""
    arxiv: str = ""
    isbn: tuple[str, ...] = ()
    issn: tuple[str, ...] = ()
    pmid: str = ""
    pmcid: str = ""


def _trim_doi(doi: str) -> str:
    """A DOI without the punctuation that ends the sentence around it.

    A closing bracket is part of the DOI only when the DOI opened it
    ("10.1016/0140-6736(93)90001-X" keeps its ")", "(doi:10.1/x)" loses it).
    """
    doi = unquote(doi)
    while doi and doi[-1] in ".,;:'’”]>)":
        if doi[-1] == ")" and doi.count("(") >= doi.count(")"):
            break
        doi = doi[:-1]
    return doi


def find_doi(text: str) -> str:
    """The first DOI in ``text``, bare ("10.1000/xyz"), or "" when there is none."""
    m = _DOI_RE.search(text)
    return _trim_doi(m.group(0)) if m else ""


def doi_of_resolver_url(url: str) -> str:
    """The DOI when ``url`` is nothing but a DOI resolver link, else ""."""
    m = _RESOLVER_RE.match(url.strip())
    return _trim_doi(m.group("doi")) if m else ""


def _isbns(text: str) -> tuple[str, ...]:
    found: list[str] = []
    candidates = [m.group("isbn") for m in _ISBN_RE.finditer(text)]
    candidates += [m.group(0) for m in _BARE_ISBN13_RE.finditer(text)]
    for raw in candidates:
        digits = re.sub(r"[\s\-‐]", "", raw)
        if stdnum_isbn.is_valid(digits):
            value = stdnum_isbn.format(digits)
            if value not in found:
                found.append(value)
    return tuple(found)


def _issns(text: str) -> tuple[str, ...]:
    found: list[str] = []
    for m in _ISSN_RE.finditer(text):
        digits = re.sub(r"[\s\-‐]", "", m.group("issn"))
        if stdnum_issn.is_valid(digits):
            value = stdnum_issn.format(digits)
            if value not in found:
                found.append(value)
    return tuple(found)


def find_identifiers(text: str) -> Identifiers:
    """Every identifier written in a reference string."""
    arxiv = _ARXIV_RE.search(text)
    pmid = _PMID_RE.search(text)
    pmcid = _PMCID_RE.search(text)
    return Identifiers(
        doi=find_doi(text),
        arxiv=arxiv.group("id") if arxiv else "",
        isbn=_isbns(text),
        issn=_issns(text),
        pmid=pmid.group("pmid") if pmid else "",
        pmcid=pmcid.group("pmcid") if pmcid else "",
    )
