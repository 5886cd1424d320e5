"""``refkit format``: the layout, its options, and what it never touches."""

from __future__ import annotations

from pathlib import Path

import pytest

import refkit
from refkit.core.errors import UsageError
from refkit.tidy.formatting import format_text
from refkit.tidy.options import (
    FIELD_ORDER_PRESETS,
    SORT_PRESETS,
    Comments,
    Delimiters,
    FormatOptions,
    MonthStyle,
    format_options,
    format_options_for,
)

from .support import assert_keeps_meaning, formatted

MESSY = """% header comment
@String{jgr = "J. Geophys. Res."}
@ARTICLE {Feinberg1983,
  title={A technique for radiolabeling DNA},
author="Feinberg, Andrew P and Vogelstein, Bert",
  journal    = jgr,
  volume = 132,
  Month = {January},
  year={1983},
  note = {},}
@misc{b, title = {Ümlaut & Co}, title = {Second title}}
"""


def test_default_layout_aligns_lowercases_and_uses_braces() -> None:
    """The default writes bibtex-tidy's layout: two spaces, names padded to 14, braces."""
    text = formatted(MESSY)
    assert (
        "@article{Feinberg1983,\n  title         = {A technique for radiolabeling DNA},\n" in text
    )
    assert "  author        = {Feinberg, Andrew P and Vogelstein, Bert},\n" in text
    assert "  month         = {January},\n" in text
    assert "  note          = {}\n}" in text


def test_keys_keep_their_case_and_values_are_not_escaped() -> None:
    """Keys are never lower-cased; Unicode and ampersands are not re-encoded."""
    text = formatted(MESSY)
    assert "@article{Feinberg1983," in text
    assert "{Ümlaut & Co}" in text


def test_duplicate_fields_are_all_kept() -> None:
    """bibtex-tidy drops a repeated field; refkit keeps both (a rule reports them)."""
    text = formatted(MESSY)
    assert "{Ümlaut & Co}" in text
    assert "{Second title}" in text


def test_comments_strings_and_failed_blocks_stay_byte_identical() -> None:
    """Comments, @string and an unparsable block come back exactly as written."""
    bad = "@article{broken, title = {unclosed\n\n"
    text = formatted(
        MESSY + "% between\n%   indented   comment \n" + bad + "@misc{c, year = 2000}\n"
    )
    assert text.startswith('% header comment\n@String{jgr = "J. Geophys. Res."}\n')
    assert "% between\n%   indented   comment \n" + bad + "@misc{c," in text


def test_formatting_is_idempotent_on_a_messy_file() -> None:
    """Formatting the formatted text changes nothing."""
    once = formatted(MESSY)
    assert formatted(once) == once


@pytest.mark.parametrize(
    "options",
    [
        FormatOptions(),
        FormatOptions(months=MonthStyle.MACRO, numeric=True, wrap=40, trailing_comma=True),
        FormatOptions(delimiters=Delimiters.QUOTES, align_per_entry=True, blank_lines=0),
        FormatOptions(field_order=FIELD_ORDER_PRESETS["biblatex"], sort=SORT_PRESETS["key"]),
        FormatOptions(remove_empty_fields=True, comments=Comments.TIDY, indent="\t", align=0),
    ],
)
def test_every_option_set_keeps_the_meaning(options: FormatOptions) -> None:
    """Whatever the options, the result means what the input meant, and is stable."""
    before = refkit.loads(MESSY)
    result = format_text(before, options)
    assert_keeps_meaning(before, result, options)
    assert format_text(result.bibliography, options).text == result.text


def test_months_become_macros_from_names_numbers_and_abbreviations() -> None:
    """``{January}``, ``{1}``, ``"feb"`` and ``MAR`` become jan, jan, feb, mar."""
    text = "".join(
        f"@misc{{k{i}, month = {value}}}\n"
        for i, value in enumerate(["{January}", "{1}", '"feb"', "MAR"])
    )
    out = formatted(text, FormatOptions(months=MonthStyle.MACRO))
    assert [line.split("= ")[1] for line in out.splitlines() if "month" in line] == [
        "jan",
        "jan",
        "feb",
        "mar",
    ]


def test_months_stay_when_the_file_defines_its_own_month_macros() -> None:
    """A file that redefines ``jan`` keeps its month values as written."""
    text = '@string{jan = "Janvier"}\n@misc{k, month = {January}}\n'
    assert "{January}" in formatted(text, FormatOptions(months=MonthStyle.MACRO))


def test_uncertain_months_are_left_alone() -> None:
    """A range or an abbreviation with a stop is not a single month."""
    text = "@misc{a, month = {Jan.--Feb.}}\n@misc{b, month = {Jan.}}\n"
    out = formatted(text, FormatOptions(months=MonthStyle.MACRO))
    assert "{Jan.--Feb.}" in out
    assert "{Jan.}" in out


def test_numeric_writes_digit_only_values_bare() -> None:
    """``{1998}`` becomes 1998, ``{12a}`` does not."""
    out = formatted("@misc{a, year = {1998}, volume = {12a}}\n", FormatOptions(numeric=True))
    assert "= 1998" in out
    assert "= {12a}" in out


def test_quotes_are_kept_when_the_value_holds_a_quote_character() -> None:
    """Braces cannot become quotes around a value that contains ``"``."""
    out = formatted(
        '@misc{a, title = {say "hi"}, note = {plain}}\n',
        FormatOptions(delimiters=Delimiters.QUOTES),
    )
    assert '{say "hi"}' in out
    assert '"plain"' in out


def test_concatenations_keep_their_parts() -> None:
    """``jgr # " suppl."`` keeps the macro and the string, re-delimited."""
    out = formatted('@misc{a, journal = jgr #" suppl."}\n')
    assert "journal       = jgr # { suppl.}" in out


def test_wrapping_breaks_prose_and_never_urls() -> None:
    """Long titles wrap at the column; a long URL does not."""
    title = " ".join(["word"] * 30)
    url = "https://example.org/" + "x" * 100 + "?a=b c"
    out = formatted(f"@misc{{a, title = {{{title}}}, url = {{{url}}}}}\n", FormatOptions(wrap=60))
    lines = out.splitlines()
    assert all(len(line) <= 60 for line in lines if "word" in line)
    assert any(url in line for line in lines)


def test_wrapping_keeps_non_breaking_and_thin_spaces() -> None:
    """Only ASCII white space is white space to BibTeX: U+00A0 and U+2009 are data."""
    title = "a\u00a0b " + " ".join(["word"] * 20) + " c\u2009d"
    out = formatted(f"@misc{{a, title = {{{title}}}}}\n", FormatOptions(wrap=40))
    assert "a\u00a0b" in out
    assert "c\u2009d" in out


def test_empty_fields_are_removed_only_when_asked() -> None:
    """``note = {}`` goes with remove-empty-fields and stays without it."""
    text = "@misc{a, note = {}, title = {T}}\n"
    assert "note" in formatted(text)
    assert "note" not in formatted(text, FormatOptions(remove_empty_fields=True))


def test_field_order_preset_moves_listed_fields_first_and_keeps_the_rest() -> None:
    """Listed fields in the preset's order, unlisted ones after them as written."""
    text = "@misc{a, zeta = {z}, year = {2000}, alpha = {a}, title = {T}, author = {A}}\n"
    out = formatted(text, FormatOptions(field_order=FIELD_ORDER_PRESETS["bibtex-tidy"]))
    names = [line.split("=")[0].strip() for line in out.splitlines()[1:-1]]
    assert names == ["title", "author", "year", "zeta", "alpha"]


def test_sorting_moves_comments_with_their_entry_and_keeps_the_header() -> None:
    """Sorted by key, an entry takes the comment above it; the file's header stays first."""
    text = "% header\n\n@misc{b, x = 1}\n\n% about a\n@misc{a, x = 2}\n"
    out = formatted(text, FormatOptions(sort=SORT_PRESETS["key"]))
    assert out.startswith("% header\n")
    assert out.index("% about a\n@misc{a,") < out.index("@misc{b,")


def test_sorting_keeps_crossref_parents_after_their_children() -> None:
    """BibTeX needs a crossref target after the entries that cite it."""
    text = (
        "@proceedings{aaa, title = {P}}\n@inproceedings{zzz, crossref = {aaa}}\n@misc{mmm, x = 1}\n"
    )
    out = formatted(text, FormatOptions(sort=SORT_PRESETS["key"]))
    assert out.index("{mmm,") < out.index("{zzz,") < out.index("{aaa,")


def test_sorting_by_descending_year_puts_entries_without_a_year_last() -> None:
    """``-year`` sorts newest first and missing years at the end."""
    text = "@misc{a, year = 1990}\n@misc{b}\n@misc{c, year = 2020}\n"
    out = formatted(text, FormatOptions(sort=format_options({"sort": ["-year"]}).sort))
    assert out.index("{c,") < out.index("{a,") < out.index("{b}")


def test_sorting_stays_inside_runs_between_string_blocks() -> None:
    """Entries do not cross an @string (a later entry may use the macro)."""
    text = "@misc{z, x = 1}\n@string{m = {M}}\n@misc{a, journal = m}\n"
    out = formatted(text, FormatOptions(sort=SORT_PRESETS["key"]))
    assert out.index("{z,") < out.index("@string") < out.index("{a,")


def test_entry_with_a_comment_between_fields_is_left_as_written() -> None:
    """A ``%`` line inside an entry would be lost by rebuilding it: the entry stays."""
    text = "@ARTICLE{a,\n  title = {T}, % keep me\n  year = 2000}\n@MISC{b, x = 1}\n"
    result = format_text(refkit.loads(text))
    assert "@ARTICLE{a,\n  title = {T}, % keep me\n  year = 2000}" in result.text
    assert "@misc{b," in result.text
    assert [(kept.key, kept.reason) for kept in result.kept] == [
        ("a", "a % comment stands between its fields")
    ]


def test_only_selected_entries_are_rewritten() -> None:
    """With a selection, the other entries and all text stay byte for byte."""
    text = "@MISC{a,title={A}}\n\n\n@MISC{b,title={B}}\n"
    result = format_text(refkit.loads(text), only=lambda entry: entry.key == "b")
    assert result.text == "@MISC{a,title={A}}\n\n\n@misc{b,\n  title         = {B}\n}\n"


def test_crlf_files_keep_crlf_line_endings() -> None:
    """An entry laid out in a CRLF file uses CRLF."""
    out = formatted("@misc{a,\r\n title = {T}}\r\n")
    assert out == "@misc{a,\r\n  title         = {T}\r\n}\r\n"


def test_entry_without_fields_is_written_on_one_line() -> None:
    """``@misc{key}`` has nothing to lay out."""
    assert formatted("@MISC{key,\n}\n") == "@misc{key}\n"


def test_unknown_format_option_is_a_usage_error() -> None:
    """A misspelt key in [tool.refkit.format] is named, not ignored."""
    with pytest.raises(UsageError, match="trailing-commas"):
        format_options({"trailing-commas": True})


def test_format_table_is_read_from_pyproject(tmp_path: Path) -> None:
    """``[tool.refkit.format]`` in the nearest pyproject.toml sets the options."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.refkit]\nselect = ["RK"]\n[tool.refkit.format]\nindent = "tab"\nalign = "entry"\n'
        'field-order = ["year", "title"]\nsort = "type+key"\nmonths = "macro"\n',
        encoding="utf-8",
    )
    (tmp_path / "refs.bib").write_text("", encoding="utf-8")
    options = format_options_for(tmp_path / "refs.bib")
    assert options.indent == "\t"
    assert options.align_per_entry
    assert options.field_order == ("year", "title")
    assert [key.name for key in options.sort] == ["type", "key"]
    assert options.months is MonthStyle.MACRO
    assert refkit.Config is not None
    assert refkit.check is not None


def test_formatting_the_bundled_bibliography_leaves_check_findings_unchanged(
    repo_dir: Path,
) -> None:
    """``refkit check`` finds nothing after formatting that it did not find before."""
    before = refkit.load(repo_dir / "bib" / "trafficking.raw.bib")
    after = format_text(before).bibliography

    def found(bib: refkit.Bibliography) -> list[tuple[str, str | None]]:
        return sorted((item.code, item.entry_key) for item in refkit.check(bib))

    assert set(found(after)) <= set(found(before))


def test_findings_do_not_depend_on_quotes_or_braces() -> None:
    """RK607 sees a name in a quoted concatenation as it sees it in braces."""
    text = (
        '@book{a, editor = "Jos{\\\'e} Smith" # and # "Ann Lee", title = {A}, year = 2000}\n'
        '@book{b, editor = "Ann Lee" #and# "José Smith", title = {B}, year = 2001}\n'
    )
    before = refkit.loads(text)
    after = format_text(before).bibliography

    def found(bib: refkit.Bibliography) -> list[tuple[str, str | None]]:
        return sorted((item.code, item.entry_key) for item in refkit.check(bib))

    assert found(after) == found(before)
    assert ("RK607", "a") in found(before)


def test_format_and_keys_tables_do_not_upset_refkit_check(tmp_path: Path) -> None:
    """``[tool.refkit.format]`` and ``[tool.refkit.keys]`` are known keys to the linter."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.refkit]\n[tool.refkit.format]\nsort = "key"\n'
        '[tool.refkit.keys]\npattern = "[auth]"\n',
        encoding="utf-8",
    )
    from refkit.lint.config import config_for

    assert config_for(tmp_path / "refs.bib").select == ("RK",)
