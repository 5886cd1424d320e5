"""The data-model tables: required fields, aliases, known fields."""

from __future__ import annotations

from refkit.lint.datamodel import is_known_field, required_fields


def test_biblatex_aliases_imply_the_type_of_theses_and_reports() -> None:
    """@phdthesis and @techreport need no type field under biblatex; @thesis does."""
    assert ("type",) not in (required_fields("phdthesis", biblatex=True) or ())
    assert ("type",) not in (required_fields("techreport", biblatex=True) or ())
    assert ("type",) in (required_fields("thesis", biblatex=True) or ())
    assert required_fields("webpage", biblatex=True) is None


def test_tool_fields_are_known_and_typos_are_not() -> None:
    """Fields reference managers add are known; a misspelt standard field is not."""
    for name in ("abstract", "mendeley-tags", "bdsk-url-2", "author+an", "timestamp"):
        assert is_known_field(name, biblatex=True)
    assert not is_known_field("autor", biblatex=True)
