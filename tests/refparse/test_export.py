"""Writing parsed references as BibTeX, biblatex, CSL-JSON and JSON lines."""

from __future__ import annotations

import json

import bibtexparser

from refkit.refparse import ParsedReference, parse_reference, parse_references
from refkit.refparse.export import (
    bibtex_entry,
    bibtex_escape,
    csl_item,
    jsonl_record,
    render,
    to_bibtex,
)


def _ref(type_: str, fields: dict[str, str | list[str]], key: str = "k") -> ParsedReference:
    return ParsedReference(text="", type=type_, fields=fields, confidence=1.0, key=key)


def test_special_characters_are_escaped() -> None:
    """& % # _ are escaped in BibTeX values."""
    assert bibtex_escape("R&D 50% #1 a_b") == r"R\&D 50\% \#1 a\_b"


def test_corporate_author_is_double_braced() -> None:
    """An organisation author is written {{...}} so BibTeX keeps it whole."""
    ref = _ref(
        "report",
        {"author": ["United Nations Office on Drugs and Crime,"], "title": "Global Report."},
    )
    assert "author = {{United Nations Office on Drugs and Crime}}" in bibtex_entry(ref)


def test_person_names_are_joined_with_and() -> None:
    """Several persons become "Family, Given and Family, Given"."""
    ref = _ref("book", {"author": ["Skinner R,", "and Maher C,"], "title": "T."})
    assert "author = {Skinner, R and Maher, C}" in bibtex_entry(ref)


def test_et_al_becomes_others() -> None:
    """ "et al." is written as "and others"."""
    ref = _ref("book", {"author": ["Latonero et al.,"], "title": "T."})
    assert "author = {Latonero and others}" in bibtex_entry(ref)


def test_biblatex_types_for_web_reports_cases_and_legislation() -> None:
    """biblatex output uses @online, @report, @jurisdiction and @legislation."""
    types = {
        "webpage": "online",
        "report": "report",
        "legal_case": "jurisdiction",
        "legislation": "legislation",
    }
    for csl, bib in types.items():
        entry = bibtex_entry(_ref(csl, {"title": "T."}), biblatex=True)
        assert entry.startswith(f"@{bib}{{k,"), entry


def test_bibtex_types_for_the_same_items() -> None:
    """Plain BibTeX output falls back to classic types (@misc, @techreport)."""
    assert bibtex_entry(_ref("webpage", {"title": "T."})).startswith("@misc{")
    assert bibtex_entry(_ref("report", {"title": "T."})).startswith("@techreport{")


def test_article_fields_are_cleaned_for_bibtex() -> None:
    """Spans lose role words, brackets and trailing punctuation; pages get an en dash."""
    ref = parse_reference(
        "Chen, H. (1997). Star formation. The Astrophysical Journal, 475(2), pp. 163-172."
    )
    entry = bibtex_entry(ref)
    assert "title = {Star formation}" in entry
    assert "journal = {The Astrophysical Journal}" in entry
    assert "volume = {475}" in entry
    assert "number = {2}" in entry
    assert "pages = {163--172}" in entry
    assert "year = {1997}" in entry


def test_problems_are_written_as_comments() -> None:
    """Diagnostics appear as % comments before the entry."""
    ref = parse_references("INTERPOL Official Website Available at:\n")[0]
    out = to_bibtex([ref])
    assert out.startswith("% refkit: ")
    assert "available-at-empty" in out


def test_bibtex_output_parses_back() -> None:
    """bibtexparser reads every entry written, with no failed blocks."""
    refs = parse_references(
        "Smith, J. (2001). R&D at 50%: a_b #1. Journal, 1, 1-2.\n"
        "UNODC, Global Report on Trafficking in Persons 2014 (United Nations publication, "
        "Sales No. E.14.V.10)\n"
        "USA v. Bennett, No. 06-41233 (5th Cir. 2007)\n"
    )
    for biblatex in (False, True):
        lib = bibtexparser.parse_string(to_bibtex(refs, biblatex=biblatex))
        assert not lib.failed_blocks
        assert [e.key for e in lib.entries] == [r.key for r in refs]


def test_jsonl_record_has_text_type_and_span_fields() -> None:
    """The JSONL view holds the text as found, the type and span-valued fields."""
    ref = parse_reference(
        "Smith, J. (2015) Title. Available at: http://x.org [accessed 5 March 2016]"
    )
    rec = jsonl_record(ref)
    assert set(rec) == {"text", "type", "fields"}
    assert rec["text"] == ref.text
    assert rec["fields"]["note"] == ["Available at:", "[accessed 5 March 2016]"]
    assert "accessed" not in rec["fields"]


def test_csl_item_has_names_and_issued_date() -> None:
    """CSL-JSON items carry structured names, literal organisations and date-parts."""
    ref = _ref("report", {"author": ["UNODC,", "Smith, John"], "title": "T.", "date": "(2014)"})
    item = csl_item(ref)
    assert item["author"] == [{"literal": "UNODC"}, {"family": "Smith", "given": "John"}]
    assert item["issued"] == {"date-parts": [[2014]]}


def test_render_csljson_is_a_json_array() -> None:
    """The csljson format is a JSON array with one item per reference."""
    refs = parse_references("Smith, J. (2001). Trees. Journal, 1, 1-2.\n")
    data = json.loads(render(refs, "csljson"))
    assert isinstance(data, list)
    assert data[0]["id"] == refs[0].key


def test_volume_with_issue_number_is_split_for_bibtex() -> None:
    """A volume span "Vol. 5, No. 3" gives volume 5 and number 3."""
    ref = _ref(
        "article-journal", {"title": "T.", "container-title": "J.", "volume": "Vol. 5, No. 3,"}
    )
    entry = bibtex_entry(ref)
    assert "volume = {5}" in entry
    assert "number = {3}" in entry
