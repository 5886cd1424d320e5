"""The lossless model: blocks, entries, fields, names, spans and edits."""

from __future__ import annotations

import pytest

import refkit
from refkit import CommentBlock, Entry, FailedBlock, PreambleBlock, StringBlock, TextBlock
from refkit.bib.model import Delimiter

SAMPLE = """% A bibliography
@string{un = {United Nations}}
@preamble{"\\newcommand{\\noop}[1]{}"}

@Article{Smith2000,
  author = {Smith, John and {United Nations Office on Drugs and Crime} and de la Fontaine, Jean},
  Title = "The {UN} Caf{\\'e} -- a study",
  journal = un # { Journal},
  year = 2000,
  month = sep,
}

@comment{jabref-meta: databaseType:bibtex;}
@book{broken, title = {x} author = {y}}
@misc{after,
\ttitle = {Recovered}
}
"""


def test_blocks_keep_every_kind_in_file_order() -> None:
    """Every block kind is recognised and kept in the order of the file."""
    bib = refkit.loads(SAMPLE)
    kinds = [type(block) for block in bib.blocks if not isinstance(block, TextBlock)]
    assert kinds == [StringBlock, PreambleBlock, Entry, CommentBlock, FailedBlock, Entry]


def test_untouched_text_round_trips_byte_for_byte() -> None:
    """dumps() of an unedited bibliography is exactly the input."""
    assert refkit.loads(SAMPLE).dumps() == SAMPLE


def test_syntax_error_costs_only_its_own_block() -> None:
    """A missing comma fails one block; the next entry is still parsed."""
    bib = refkit.loads(SAMPLE)
    assert [entry.key for entry in bib.entries] == ["Smith2000", "after"]
    (problem,) = bib.problems
    assert problem.code == "RK001"
    assert problem.line == 14
    assert problem.entry_key == "broken"


@pytest.mark.parametrize(
    ("text", "message_part"),
    [
        ("@article{a, title = {open\n\n@book{b, title = {ok}}\n", "unbalanced brace"),
        ('@article{a, title = "open\n@book{b, title = {ok}}\n', "unbalanced quote"),
        ("@article{a, title = {x} year = 2000}\n@book{b, title = {ok}}\n", "missing ','"),
        ("@article{a, title {x}}\n@book{b, title = {ok}}\n", "missing '='"),
        ("@article{title = {x}}\n@book{b, title = {ok}}\n", "no key"),
    ],
)
def test_each_syntax_error_is_a_value_and_parsing_resumes(text: str, message_part: str) -> None:
    """Unbalanced braces, quotes, missing commas or '=' become diagnostics, not exceptions."""
    bib = refkit.loads(text)
    assert [entry.key for entry in bib.entries] == ["b"]
    assert len(bib.failed_blocks) == 1
    assert message_part in bib.problems[0].message
    assert bib.dumps() == text


def test_field_views_raw_value_and_decoded_text() -> None:
    """raw keeps delimiters, value drops them, text decodes LaTeX and resolves macros."""
    entry = refkit.loads(SAMPLE)["Smith2000"]
    title = entry.field("title")
    assert title is not None
    assert title.name == "Title"
    assert title.raw == '"The {UN} Caf{\\\'e} -- a study"'
    assert title.value == "The {UN} Caf{\\'e} -- a study"
    assert title.delimiter is Delimiter.QUOTES
    assert title.text == "The UN Café – a study"
    assert entry.get("journal") == "United Nations Journal"
    assert entry.get("month") == "September"
    assert entry.field("journal").delimiter is Delimiter.CONCATENATION  # type: ignore[union-attr]


def test_case_protection_is_known_after_braces_are_stripped() -> None:
    """Segments mark the braced acronym as protected and the accent group as not."""
    title = refkit.loads(SAMPLE)["Smith2000"].field("title")
    assert title is not None
    protected = [segment.text for segment in title.segments if segment.protected]
    assert protected == ["UN"]


def test_field_lookup_is_case_insensitive() -> None:
    """field('TITLE') finds a field written 'Title'."""
    entry = refkit.loads(SAMPLE)["Smith2000"]
    assert entry.field("TITLE") is entry.field("title")
    assert "YEAR" in entry


def test_names_split_persons_particles_and_organisations() -> None:
    """A braced corporate name stays one name; particles go to von."""
    names = refkit.loads(SAMPLE)["Smith2000"].field("author").names  # type: ignore[union-attr]
    assert [(name.first, name.last) for name in names if not name.is_corporate] == [
        ("John", "Smith"),
        ("Jean", "Fontaine"),
    ]
    assert names[1].literal == "United Nations Office on Drugs and Crime"
    assert names[2].von == "de la"


def test_spans_are_one_based_lines_and_columns() -> None:
    """Entry, key and field spans point at 1-based lines and columns."""
    bib = refkit.loads(SAMPLE)
    entry = bib["Smith2000"]
    assert entry.span is not None
    assert entry.span.start_line == 5
    assert entry.key_span is not None
    assert entry.key_span.start_column == 10
    year = entry.field("year")
    assert year is not None
    assert year.span is not None
    assert (year.span.start_line, year.span.start_column) == (9, 3)
    assert (year.span.end_line, year.span.end_column) == (9, 13)
    assert year.value_span is not None
    assert year.value_span.text == "2000"


def test_byte_offsets_count_encoded_bytes() -> None:
    """Byte offsets differ from character offsets after a non-ASCII character."""
    text = "@book{k, title = {Café}, year = 2001}\n"
    year = refkit.loads(text)["k"].field("year")
    assert year is not None
    assert year.span is not None
    assert year.span.start_byte == text.index("year") + 1
    assert year.span.start == text.index("year")


def test_duplicate_keys_and_fields_are_kept_not_resolved() -> None:
    """Keys equal but for case and Author/author both survive."""
    text = "@book{Key, Author = {A}, author = {B}}\n@book{key, title = {T}}\n"
    bib = refkit.loads(text)
    assert [entry.key for entry in bib.entries] == ["Key", "key"]
    assert [item.raw for item in bib.entries[0].fields_named("author")] == ["{A}", "{B}"]


def test_setting_a_field_changes_only_that_value() -> None:
    """Editing one value splices it into the entry; all other bytes stay."""
    bib = refkit.loads(SAMPLE)
    bib["Smith2000"].set("year", "2001")
    assert bib.dumps() == SAMPLE.replace("year = 2000,", "year = {2001},")


def test_setting_a_raw_value_splices_the_expression_as_written() -> None:
    """set_raw_at writes the value expression with its delimiters, nothing else changes."""
    bib = refkit.loads(SAMPLE)
    entry = bib["Smith2000"]
    index = [item.key for item in entry.fields].index("year")
    entry.set_raw_at(index, "{2001} # { [1999]}")
    assert bib.dumps() == SAMPLE.replace("year = 2000,", "year = {2001} # { [1999]},")


@pytest.mark.parametrize("raw", ["{2001", "2001}", "20 01", "2001 #", ' "x'])
def test_a_malformed_raw_value_is_refused(raw: str) -> None:
    """set_raw_at refuses what would make the file unparsable, and changes nothing."""
    bib = refkit.loads(SAMPLE)
    with pytest.raises(refkit.UsageError):
        bib["Smith2000"].set_raw_at(3, raw)
    assert bib.dumps() == SAMPLE


def test_quoted_field_keeps_quotes_when_set() -> None:
    """A value written in quotes is rewritten in quotes."""
    bib = refkit.loads(SAMPLE)
    bib["Smith2000"].set("title", "New")
    assert 'Title = "New",' in bib.dumps()


def test_adding_removing_and_renaming_touch_only_the_entry() -> None:
    """Add, remove, rename key: the rest of the file is byte-identical."""
    bib = refkit.loads(SAMPLE)
    entry = bib["Smith2000"]
    entry.set("doi", "10.1000/xyz")
    entry.remove("month")
    entry.rename("Smith2001")
    out = bib.dumps()
    start = SAMPLE.index("@Article")
    end = SAMPLE.index("}\n\n@comment") + 1
    assert out[:start] == SAMPLE[:start]
    assert out.endswith(SAMPLE[end:])
    edited = out[start : len(out) - len(SAMPLE[end:])]
    assert "@Article{Smith2001," in edited
    assert "month" not in edited
    assert edited.endswith("  doi = {10.1000/xyz},\n}")


def test_removing_the_last_field_keeps_the_entry_valid() -> None:
    """Removing the final field leaves no dangling comma."""
    text = "@book{k,\n  title = {T},\n  year = 2000\n}\n"
    bib = refkit.loads(text)
    bib["k"].remove("year")
    assert bib.dumps() == "@book{k,\n  title = {T}\n}\n"
    assert refkit.loads(bib.dumps())["k"].get("title") == "T"


def test_adding_and_removing_entries() -> None:
    """New entries are appended after a blank line; removal takes the line break too."""
    text = "@book{a, title = {A}}\n\n@book{b, title = {B}}\n"
    bib = refkit.loads(text)
    bib.add(Entry.new("article", "c", {"title": "C", "year": "2020"}))
    bib.remove(bib["a"])
    out = bib.dumps()
    assert out == "\n@book{b, title = {B}}\n\n@article{c,\n  title = {C},\n  year = {2020}\n}\n"
    assert [entry.key for entry in refkit.loads(out).entries] == ["b", "c"]


def test_copy_is_independent() -> None:
    """Editing a copy leaves the original as it was."""
    bib = refkit.loads(SAMPLE)
    twin = bib.copy()
    twin["Smith2000"].set("year", "1999")
    assert bib.dumps() == SAMPLE
    assert twin.dumps() != SAMPLE


def test_crlf_line_endings_are_kept_for_new_fields() -> None:
    """A CRLF file stays CRLF when a field is added."""
    text = "@book{k,\r\n  title = {T}\r\n}\r\n"
    bib = refkit.loads(text)
    bib["k"].set("year", "2000")
    assert bib.dumps() == "@book{k,\r\n  title = {T},\r\n  year = {2000}\r\n}\r\n"


def test_commented_out_entries_are_text() -> None:
    """An @entry after % on its line is a comment, as biber reads it."""
    bib = refkit.loads("%@book{gone, title = {x}}\n@book{kept, title = {y}}\n")
    assert [entry.key for entry in bib.entries] == ["kept"]


def test_percent_comments_inside_entries_are_tolerated() -> None:
    """biber-style % comments between fields do not break the entry."""
    bib = refkit.loads("@book{k,\n  author = {A}, % note\n  title = {T}\n}\n")
    assert [item.name for item in bib["k"].fields] == ["author", "title"]


def test_invalid_key_rename_is_refused() -> None:
    """A key with a comma or space cannot be set."""
    entry = refkit.loads(SAMPLE)["Smith2000"]
    with pytest.raises(refkit.UsageError):
        entry.rename("bad key")


def test_names_split_at_and_followed_by_a_line_break() -> None:
    """A wrapped author list ('and' then a newline) still splits into every name."""
    entry = refkit.loads("@book{k, author = {Smith, J. and\n  Jones, K. and\n\t{Acme and Co}}}")[
        "k"
    ]
    names = entry.field("author").names  # type: ignore[union-attr]
    assert [name.last or name.literal for name in names] == ["Smith", "Jones", "Acme and Co"]
