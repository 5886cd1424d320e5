"""The data-model tables: required fields, aliases, known fields."""

from __future__ import annotations

from refkit.lint.datamodel import is_known_field, required_fields


def test_biblatex_aliases_imply_the_type_of_theses_and_reports() -> None:
    """@phdthesis and @techreport need no type field under biblatex; @thesis does."""
    assert ("type",) not in (required_fields("phdthesis", biblatex=True) or ())
    assert ("type",) not in (required_fields("techreport", biblatex=True) or ())
    assert ("type",) in (required_fields("thesis", biblatex=True) or ())



def test_biblatex_checks_an_unknown_type_as_misc_and_bibtex_does_not_check_it() -> None:
    """biber validates @webpage as @misc; plain.bst has no @webpage to require fields of."""
    assert required_fields("webpage", biblatex=True) == required_fields("misc", biblatex=True)
    assert required_fields("misc", biblatex=True) == (("date", "year"), ("title",))
    assert required_fields("webpage", biblatex=False) is None


def test_required_fields_are_biblatex_data_model_and_plain_bst() -> None:
    """@incollection needs an editor under biblatex (blx-dm.def); an edited @book is not
    a @book there; plain.bst's @book takes an author or an editor."""
    assert ("editor",) in (required_fields("incollection", biblatex=True) or ())
    assert ("author",) in (required_fields("book", biblatex=True) or ())
    assert ("author", "editor") in (required_fields("book", biblatex=False) or ())
    assert required_fields("online", biblatex=False) is None


def test_tool_fields_are_known_and_typos_are_not() -> None:
    """Fields reference managers add are known; a misspelt standard field is not."""
    for name in ("abstract", "mendeley-tags", "bdsk-url-2", "author+an", "timestamp"):
        assert is_known_field(name, biblatex=True)
    assert not is_known_field("autor", biblatex=True)


def test_xdata_containers_have_no_required_fields() -> None:
    """@xdata holds fields other entries inherit: biber validates none of its own."""
    assert required_fields("xdata", biblatex=True) == ()
