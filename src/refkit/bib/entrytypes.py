"""The entry types of BibTeX's standard styles (plain, unsrt, alpha, abbrv).

One definition for the layers that restore or convert to BibTeX's own types: the CSL-JSON
round trip (``cite.carry``) and ``tidy.conversion``.  The wider set the BibTeX data model
accepts (IEEEtran's, natbib's) is ``lint.datamodel.BIBTEX_TYPES``.
"""

from __future__ import annotations

__all__ = ["STANDARD_BIBTEX_TYPES"]

STANDARD_BIBTEX_TYPES = frozenset(
    {
        "article",
        "book",
        "booklet",
        "conference",
        "inbook",
        "incollection",
        "inproceedings",
        "manual",
        "mastersthesis",
        "misc",
        "phdthesis",
        "proceedings",
        "techreport",
        "unpublished",
    }
)
