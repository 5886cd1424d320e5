"""Writing parsed references as BibTeX, biblatex, CSL-JSON and JSON lines."""

from __future__ import annotations

import json

import bibtexparser

from refkit.bib.io import loads
from refkit.cite.csljson import from_csl, to_csl
from refkit.refparse import ParsedReference, parse_reference, parse_references
from refkit.refparse.export import (
    bibtex_entry,
    csl_item,
    jsonl_record,
    render,
    to_bibtex,
)


def _ref(type_: str, fields: dict[str, str | list[str]], key: str = "k") -> ParsedReference:
    return ParsedReference(text="", type=type_, fields=fields, confidence=1.0, key=key)


def test_special_characters_are_escaped() -> None:
    """& % # _ are escaped in BibTeX values."""
    ref = _ref("book", {"title": "R&D 50% #1 a_b."})
    assert r"title = {R\&D 50\% \#1 a\_b}" in bibtex_entry(ref)


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


def test_csl_item_reads_names_and_pages_as_the_core_does() -> None:
    """Particles are CSL particles and a page range has an en dash, as in refkit's own
    BibTeX-to-CSL mapping."""
    ref = _ref(
        "article-journal",
        {"author": ["van der Berg, A.", "Skinner R,"], "title": "T.", "pages": "pp. 3-9."},
    )
    item = csl_item(ref)
    assert item["author"] == [
        {"family": "Berg", "given": "A.", "non-dropping-particle": "van der"},
        {"family": "Skinner", "given": "R"},
    ]
    assert item["page"] == "3–9"


def test_bibtex_output_reads_back_as_the_same_csl_item(essay_references: str) -> None:
    """Each entry written for the essay's references, read by refkit and mapped to CSL,
    gives the names, title and date of the item it was written from."""
    for ref in parse_references(essay_references):
        for biblatex in (False, True):
            bib = loads(bibtex_entry(ref, biblatex=biblatex))
            assert not bib.failed_blocks
            back = to_csl(bib.entries[0], keep_title_case=True)
            item = csl_item(ref)
            for variable in ("author", "editor", "title", "issued"):
                assert back.get(variable) == item.get(variable), (ref.text, variable)


def test_url_with_braces_cannot_break_the_file() -> None:
    """Braces in a URL span are dropped, so the value stays one balanced value."""
    ref = _ref("webpage", {"title": "T.", "url": "http://x.org/{a}b}"})
    bib = loads(to_bibtex([ref]))
    assert not bib.failed_blocks
    assert bib.entries[0].get("url") == "http://x.org/ab"


def test_access_date_without_a_year_is_kept_as_a_note() -> None:
    """An access span with no date in it becomes an "Accessed ..." note."""
    ref = _ref("webpage", {"title": "T.", "accessed": "[accessed yesterday]"})
    assert csl_item(ref)["note"] == "Accessed yesterday"
    assert "note = {Accessed yesterday}" in bibtex_entry(ref)


def test_core_writer_percent_encodes_braces_that_would_break_a_url_value() -> None:
    """A CSL URL with an unbalanced brace or a final backslash is written percent-encoded,
    so the BibTeX file still parses (the URL means the same)."""
    text = from_csl([{"id": "k", "type": "webpage", "URL": "http://x.org/a}b\\"}], "bibtex")
    bib = loads(text)
    assert not bib.failed_blocks
    assert bib.entries[0].get("url") == "http://x.org/a%7Db%5C"
