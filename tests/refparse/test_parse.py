"""Parsing reference strings into fields, types, keys and problems."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest

from refkit.refparse import ParsedReference, parse_reference, parse_references
from refkit.refparse.keys import assign_keys

ARTICLE = (
    "Chen, H., Tafalla, M., Greene, T. P., Myers, P. C., & Wilner, D. J. (1997). "
    "Star formation in dense cores. The Astrophysical Journal, 475(1), 163-172."
)


def test_journal_article_fields_are_exact_input_spans() -> None:
    """Every field value of an article is a verbatim span of the reference text."""
    ref = parse_reference(ARTICLE)
    assert ref.fields["title"] == "Star formation in dense cores."
    assert ref.fields["date"] == "(1997)."
    assert ref.fields["container-title"] == "The Astrophysical Journal,"
    assert ref.fields["pages"] == "163-172."
    for value in ref.fields.values():
        for span in [value] if isinstance(value, str) else value:
            assert span in ref.text


def test_authors_are_split_one_element_per_person() -> None:
    """An inverted "Family, I." author list gives one list element per person."""
    ref = parse_reference(ARTICLE)
    authors = ref.fields["author"]
    assert isinstance(authors, list)
    assert len(authors) == 5
    assert authors[0] == "Chen, H.,"
    assert authors[-1] == "& Wilner, D. J."


def test_type_is_guessed_from_fields() -> None:
    """A reference with a journal, volume and pages is an article-journal."""
    assert parse_reference(ARTICLE).type == "article-journal"


def test_book_with_publisher_is_a_book() -> None:
    """Place and publisher without a container make a book."""
    ref = parse_reference("Smith, John. 2005. The Long Road Home. London: Routledge.")
    assert ref.type == "book"
    assert ref.fields["publisher"] == "Routledge."
    assert ref.fields["location"] == "London:"


def test_parsed_reference_is_frozen() -> None:
    """ParsedReference instances cannot be modified."""
    ref = parse_reference(ARTICLE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ref.type = "book"  # type: ignore[misc]


def test_confidence_is_a_probability() -> None:
    """The confidence derived from CRF marginals lies in (0, 1]."""
    ref = parse_reference(ARTICLE)
    assert 0.0 < ref.confidence <= 1.0


def test_key_follows_author_year_title_pattern() -> None:
    """The default key is family name, year and first significant title word."""
    ref = parse_reference(
        "Latonero, M. (2012) The Rise of Mobile and the Diffusion of Technology-Facilitated "
        "Trafficking. Los Angeles: USC Annenberg."
    )
    assert ref.key == "latonero2012rise"


def test_duplicate_keys_get_letter_suffixes() -> None:
    """Colliding keys keep the first plain and suffix the rest a, b, ..."""
    refs = parse_references(
        "Smith, J. (2001). Trees. Journal, 1, 1-2.\n"
        "Smith, J. (2001). Trees again. Journal, 2, 3-4.\n"
        "Smith, J. (2001). Trees and more. Journal, 3, 5-6.\n"
    )
    assert [r.key for r in refs] == ["smith2001trees", "smith2001treesa", "smith2001treesb"]


def test_key_pattern_is_configurable() -> None:
    """A custom pattern changes the generated keys."""
    refs = parse_references(
        "Smith, J. (2001). Trees. Journal, 1, 1-2.\n", key_pattern="{year}-{author}"
    )
    assert refs[0].key == "2001-smith"


def test_unknown_key_placeholder_is_an_error() -> None:
    """A pattern with an unknown placeholder raises ValueError."""
    ref = ParsedReference(text="x", type="document", fields={}, confidence=0.0)
    with pytest.raises(ValueError, match="unknown key placeholder"):
        assign_keys([ref], "{nonsense}")


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{author:>999999999}", "takes no conversion or format"),
        ("{author!r}", "takes no conversion or format"),
        ("{author.__class__}", "unknown key placeholder"),
        ("{}", "unknown key placeholder"),
        ("{author", "expected '}'"),
    ],
)
def test_a_key_pattern_that_could_not_make_keys_is_refused_before_parsing(
    pattern: str, message: str
) -> None:
    """A format spec would build a gigabyte key (it hung import), a conversion quotes,
    attribute access reaches Python objects: all refused, even with no references."""
    with pytest.raises(ValueError, match=re.escape(message)):
        assign_keys([], pattern)


def test_import_names_the_option_of_a_bad_key_pattern(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from refkit.cli import main

    refs = tmp_path / "refs.txt"
    refs.write_text("Smith, J. (2001). Trees. Journal, 1, 1-2.\n", encoding="utf-8")
    assert main(["import", str(refs), "--key-pattern", "{author:>999999999}"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("refkit: error: Invalid value for '--key-pattern': {author:>999999999}")


def test_available_at_without_url_is_a_problem_not_a_url() -> None:
    """A dangling "Available at:" becomes a diagnostic and stays in the note."""
    ref = parse_reference("INTERPOL Official Website Available at:")
    assert "url" not in ref.fields
    assert [p.code for p in ref.problems] == ["available-at-empty"]
    assert "Available at:" in str(ref.fields["note"])


def test_available_at_with_url_gives_a_url() -> None:
    """A URL after "Available at:" is the url field and raises no problem."""
    ref = parse_reference(
        "Ministry of Interior (2008) Trafficking in Poland. Available at: http://example.org/x.pdf"
    )
    assert ref.fields["url"] == "http://example.org/x.pdf"
    assert not [p for p in ref.problems if p.code.startswith("available-at")]


def test_court_case_is_a_legal_case_with_number_and_authority() -> None:
    """ "A v. B, No. X (5th Cir. 2007)" gives a legal_case with docket and court."""
    ref = parse_reference("USA v. Bennett, No. 06-41233 (5th Cir. 2007)")
    assert ref.type == "legal_case"
    assert ref.fields["title"] == "USA v. Bennett,"
    assert ref.fields["number"] == "No. 06-41233"
    assert ref.fields["authority"] == "(5th Cir."
    assert ref.fields["date"] == "2007)"


def test_un_document_symbol_is_a_number() -> None:
    """A UN document symbol such as A/RES/55/25 is labelled number."""
    ref = parse_reference(
        "UN General Assembly, United Nations Convention against Transnational Organized "
        "Crime, A/RES/55/25, 2001."
    )
    assert ref.fields["number"] == "A/RES/55/25,"


def test_doi_and_isbn_are_recognised() -> None:
    """DOIs and ISBNs are labelled by pattern."""
    ref = parse_reference(
        "Doe, J. (2010). A book. Oxford: OUP. ISBN 978-0-19-995864-1. doi:10.1000/xyz123"
    )
    assert ref.fields["isbn"] == "ISBN 978-0-19-995864-1."
    assert ref.fields["doi"] == "doi:10.1000/xyz123"


def test_access_date_is_kept_as_accessed() -> None:
    """ "[accessed 5 March 2016]" is an access date, not the publication date."""
    ref = parse_reference(
        "Smith, J. (2015) Web page title. Available at: http://example.org [accessed 5 March 2016]."
    )
    assert ref.fields["accessed"] == "[accessed 5 March 2016]."
    assert ref.fields["date"] == "(2015)"


def test_citation_number_is_a_field() -> None:
    """A leading "[12]" is the citation number."""
    ref = parse_reference("[12] J. Smith, “A title,” J. Things, vol. 3, pp. 1–2, 2001.")
    assert ref.fields["citation-number"] == "[12]"


def test_empty_input_yields_no_references() -> None:
    """Blank text parses to an empty list."""
    assert parse_references("\n \n") == []


def test_importing_the_package_does_not_load_the_model() -> None:
    """The CRF model is opened on first use, not at import time."""
    code = (
        "import refkit.refparse, refkit.refparse.tagger as m, refkit.cli.importing;"
        "assert m._open.cache_info().currsize == 0;"
        "refkit.refparse.parse_reference('Smith, J. 2001. Title.');"
        "assert m._open.cache_info().currsize == 1"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
