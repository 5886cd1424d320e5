"""DOIs, arXiv ids, ISBNs, ISSNs and PMIDs recognised wherever they are written."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refkit.refparse.identifiers import doi_of_resolver_url, find_doi, find_identifiers


@pytest.mark.parametrize(
    ("text", "doi"),
    [
        ("doi:10.1038/nature14539.", "10.1038/nature14539"),
        ("https://doi.org/10.1038/nature14539", "10.1038/nature14539"),
        ("http://dx.doi.org/10.1021/am303117g.", "10.1021/am303117g"),
        ("DOI 10.1016/0140-6736(93)90001-X.", "10.1016/0140-6736(93)90001-X"),
        ("(doi:10.1000/xyz)", "10.1000/xyz"),
        ("no identifier here", ""),
    ],
)
def test_doi_is_found_however_it_is_introduced(text: str, doi: str) -> None:
    """The bare DOI comes out of every common way of writing one, trailing punctuation off."""
    assert find_doi(text) == doi


def test_resolver_url_is_recognised_but_other_urls_are_not() -> None:
    """Only a URL that is nothing but a DOI link gives a DOI (so the URL can be dropped)."""
    assert doi_of_resolver_url("http://dx.doi.org/10.3789/isqv25no2.2013.01.") == (
        "10.3789/isqv25no2.2013.01"
    )
    assert doi_of_resolver_url("https://example.org/10.1000/xyz") == ""


def test_isbn_and_issn_are_validated_and_formatted() -> None:
    """An ISBN or ISSN with a wrong check digit is not taken; good ones are hyphenated."""
    ids = find_identifiers("ISBN 9780201896831. ISSN 0028-0836. ISBN 978-0-201-89683-2")
    assert ids.isbn == ("978-0-201-89683-1",)
    assert ids.issn == ("0028-0836",)


def test_pmid_pmcid_and_arxiv_are_found() -> None:
    """PubMed ids and arXiv ids (new and old forms) are read from the text."""
    ids = find_identifiers("PMID: 13054692. PMCID: PMC1234567. arXiv:1810.04805v2")
    assert (ids.pmid, ids.pmcid, ids.arxiv) == ("13054692", "PMC1234567", "1810.04805v2")
    assert find_identifiers("arXiv:hep-th/9901001").arxiv == "hep-th/9901001"


@given(
    st.from_regex(r"10\.\d{4,6}/[a-z0-9]{1,12}", fullmatch=True),
    st.sampled_from([".", ",", ";", ")"]),
)
def test_trailing_punctuation_never_sticks_to_a_doi(doi: str, punct: str) -> None:
    """Whatever ends the sentence after a DOI is not part of it."""
    assert find_doi(f"See doi:{doi}{punct}") == doi
