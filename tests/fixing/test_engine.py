"""The fix engine: safe/unsafe selection, conflicts, fixed point, no mutation, edit kinds."""

from __future__ import annotations

import pytest

import refkit
from refkit.bib.model import FailedBlock
from refkit.core.diagnostics import Edit, EditKind
from refkit.lint.config import Config
from refkit.lint.fixing import DEFAULT_MAX_PASSES, FixResult, fix
from refkit.lint.rules.base import Rule

from .support import (
    AppendX,
    BrokenFix,
    DoubleHyphenPages,
    Flip,
    Restructure,
    SetRaw,
    UpperTitle,
    raw_fields,
)

SOURCE = """% a comment line
@string{jan2 = "January"}

@article{one,
  title = {abc},
  pages = {1-5},
  year = 2020,
}

@article{two,
  title = {ABC},
  pages = "7--9",
}
"""


def _fix(text: str, *rules: Rule, unsafe: bool = False) -> FixResult:
    return fix(refkit.loads(text), Config(rules=rules), unsafe=unsafe)


def test_safe_fixes_are_applied_and_unsafe_ones_only_counted() -> None:
    """Without unsafe, only safe fixes change the text; unsafe ones are counted."""
    result = _fix(SOURCE, DoubleHyphenPages(), UpperTitle())
    text = result.bibliography.dumps()
    assert "pages = {1--5}" in text
    assert "title = {abc}" in text
    assert result.available_unsafe == 1
    assert [item.code for item in result.applied] == ["RK991"]


def test_unsafe_fixes_are_applied_with_unsafe() -> None:
    """unsafe=True applies the unsafe fixes too and leaves none available."""
    result = _fix(SOURCE, DoubleHyphenPages(), UpperTitle(), unsafe=True)
    assert "title = {ABC}" in result.bibliography.dumps()
    assert result.available_unsafe == 0


def test_the_input_bibliography_is_never_changed() -> None:
    """fix works on a copy: the input's text and entries stay as they were."""
    bib = refkit.loads(SOURCE)
    fields_before = raw_fields(bib)
    result = fix(bib, Config(rules=(DoubleHyphenPages(), UpperTitle())), unsafe=True)
    assert result.changed
    assert bib.dumps() == SOURCE
    assert raw_fields(bib) == fields_before
    assert not any(entry.is_modified for entry in bib.entries)


def test_applied_fixes_record_code_key_field_before_and_after() -> None:
    """Each applied fix names its rule, entry, field and the raw values before and after."""
    result = _fix(SOURCE, DoubleHyphenPages())
    (applied,) = result.applied
    assert (applied.code, applied.name) == ("RK991", "test-page-dash")
    assert (applied.entry_key, applied.field) == ("one", "pages")
    assert (applied.before, applied.after) == ("{1-5}", "{1--5}")
    assert applied.safe
    assert applied.changes[0].kind is EditKind.SET_FIELD
    assert result.entries_changed == 1


def test_only_the_changed_field_is_rewritten() -> None:
    """The output differs from the input only in the fixed value (minimal diff)."""
    result = _fix(SOURCE, DoubleHyphenPages())
    assert result.bibliography.dumps() == SOURCE.replace("{1-5}", "{1--5}")


def test_quoted_values_keep_their_quotes() -> None:
    """A fixed value written in quotes stays in quotes."""
    text = '@article{q, pages = "3-4"}\n'
    result = _fix(text, DoubleHyphenPages())
    assert result.bibliography.dumps() == '@article{q, pages = "3--4"}\n'


def test_conflicting_fixes_wait_for_the_next_pass() -> None:
    """Two fixes of one field in one pass: the second is re-proposed and applied later."""
    result = _fix("@misc{k, title = {T}}\n", AppendX())
    assert result.bibliography.dumps() == "@misc{k, title = {Txxx}}\n"
    assert len(result.applied) == 3
    assert result.passes == 3
    assert result.converged


def test_fixing_twice_changes_nothing_the_second_time() -> None:
    """fix is idempotent: a second run over its output applies nothing."""
    rules = [DoubleHyphenPages(), AppendX(), Restructure()]
    first = _fix(SOURCE, *rules, unsafe=True)
    again = _fix(first.bibliography.dumps(), *rules, unsafe=True)
    assert not again.applied
    assert again.bibliography.dumps() == first.bibliography.dumps()


def test_fixes_that_undo_each_other_stop_at_the_pass_limit() -> None:
    """A rule whose fix flips a value back and forth does not loop forever."""
    result = _fix("@misc{k, note = {a}}\n", Flip())
    assert not result.converged
    assert result.passes <= DEFAULT_MAX_PASSES


def test_the_pass_limit_is_respected() -> None:
    """DEFAULT_MAX_PASSES bounds the number of passes even when fixes keep coming."""
    result = _fix("@misc{k, title = {T}}\n", AppendX(up_to=DEFAULT_MAX_PASSES + 5))
    assert result.passes == DEFAULT_MAX_PASSES
    assert not result.converged
    assert result.bibliography.dumps() == "@misc{k, title = {T" + "x" * DEFAULT_MAX_PASSES + "}}\n"


def test_structural_edits_of_one_fix_are_applied_together() -> None:
    """Rename, remove, add, set-type and rename-key edits in one fix all take effect."""
    text = "@ARTICLE{Key,\n  journal = {J},\n  x = {},\n  year = {2020}\n}\n"
    result = _fix(text, Restructure())
    bib = result.bibliography
    (entry,) = bib.entries
    assert entry.key == "key"
    assert entry.type_as_written == "article"
    assert [item.name for item in entry.fields] == ["journaltitle", "year", "langid"]
    assert bib.dumps() == (
        "@article{key,\n  journaltitle = {J},\n  year = {2020},\n  langid = {english}\n}\n"
    )
    kinds = {change.kind for change in result.applied[0].changes}
    assert kinds == {
        EditKind.RENAME_FIELD,
        EditKind.REMOVE_FIELD,
        EditKind.ADD_FIELD,
        EditKind.SET_TYPE,
        EditKind.RENAME_KEY,
    }
    assert _fix(bib.dumps(), Restructure()).applied == ()


def test_a_fix_with_unbalanced_braces_is_rejected() -> None:
    """A proposed value that would break the file is not applied and is reported back."""
    result = _fix("@misc{k, note = {ok}}\n", BrokenFix())
    assert result.bibliography.dumps() == "@misc{k, note = {ok}}\n"
    assert not result.applied
    assert len(result.rejected) == 1
    assert "unbalanced" in result.rejected[0][1]


def test_select_and_ignore_narrow_the_rules() -> None:
    """Config's select and ignore choose rules by code prefix, as refkit check does."""
    rules = (DoubleHyphenPages(), UpperTitle())
    config = Config(rules=rules)
    only_upper = fix(refkit.loads(SOURCE), config.replace(select=("RK992",)), unsafe=True)
    assert [item.code for item in only_upper.applied] == ["RK992"]
    no_pages = fix(refkit.loads(SOURCE), config.replace(ignore=("RK991",)), unsafe=True)
    assert [item.code for item in no_pages.applied] == ["RK992"]
    by_prefix = fix(refkit.loads(SOURCE), config.replace(ignore=("RK99",)), unsafe=True)
    assert not by_prefix.applied


def test_suppression_comments_stop_fixes() -> None:
    """An entry whose findings are silenced by a refkit: ignore comment is not fixed."""
    text = "% refkit: ignore RK991 -- as printed\n@misc{k, pages = {1-2}}\n"
    assert not _fix(text, DoubleHyphenPages()).applied


def test_failed_blocks_stay_byte_identical_while_the_rest_is_fixed() -> None:
    """Entries around a block that failed to parse are fixed; the block is kept verbatim."""
    broken = "@article{bad, title = {Unclosed, pages = {1-2},\n\n"
    text = "@misc{a, pages = {1-2}}\n\n" + broken + "@misc{b, pages = {3-4}}\n"
    bib = refkit.loads(text)
    failed_before = [block.raw for block in bib.failed_blocks]
    assert failed_before
    result = fix(bib, Config(rules=(DoubleHyphenPages(),)))
    out = result.bibliography
    assert [block.raw for block in out.failed_blocks] == failed_before
    assert all(isinstance(block, FailedBlock) for block in out.failed_blocks)
    assert "{3--4}" in out.dumps()
    reparsed = refkit.loads(out.dumps())
    assert [block.raw for block in reparsed.failed_blocks] == failed_before


def test_duplicate_keys_are_fixed_separately() -> None:
    """Edits address entries by block index, so two entries with one key both get fixed."""
    text = "@misc{k, pages = {1-2}}\n@misc{k, pages = {3-4}}\n"
    result = _fix(text, DoubleHyphenPages())
    assert result.bibliography.dumps() == "@misc{k, pages = {1--2}}\n@misc{k, pages = {3--4}}\n"
    assert result.entries_changed == 2


def test_nothing_to_fix_gives_the_same_text() -> None:
    """A clean file comes back unchanged with no applied fixes."""
    result = _fix(SOURCE.replace("1-5", "1--5").replace("{abc}", "{ABC}"), DoubleHyphenPages())
    assert not result.changed
    assert result.passes == 0
    assert result.converged


def test_default_rules_run_when_none_are_given() -> None:
    """Without Config.rules, the default rule set (with the corrections lists) is used."""
    text = "@misc{k, publisher = {Spinger}, title = {Visual Global Taskforce Official Website}}\n"
    result = fix(refkit.loads(text), Config(select=("RK8",)))
    assert "Virtual Global Taskforce" in result.bibliography.dumps()
    assert "Spinger" in result.bibliography.dumps()
    assert result.available_unsafe >= 1
    unsafe = fix(refkit.loads(text), Config(select=("RK8",)), unsafe=True)
    assert "Springer" in unsafe.bibliography.dumps()


def test_remaining_findings_equal_a_fresh_check() -> None:
    """The findings left after fixing (re-checked incrementally) are those of a full check."""
    from refkit.lint.checking import check

    config = Config(rules=(DoubleHyphenPages(), UpperTitle(), AppendX()))
    text = SOURCE + "@misc{three, pages = {5-6}, title = {t}}\n"
    result = fix(refkit.loads(text), config)
    assert result.passes >= 2
    assert list(result.remaining) == check(result.bibliography, config)


# -- set-raw: a value expression as written --------------------------------------------

RAW_SOURCE = (
    "% before\n"
    "@article{one,\n"
    "  title = {T},\n"
    "  month = {Sept.},\n"
    "  year = 2020\n"
    "}\n"
    "@misc{two, note = {keep}}\n"
)


@pytest.mark.parametrize(
    "raw", ["sep", "{9}", 'jan # "~15"', '"Sept." # {~} # 15', "12", '{\\"o}', "jan#feb"]
)
def test_set_raw_writes_the_expression_as_given(raw: str) -> None:
    """A SET_RAW edit replaces the whole value expression, delimiters included; every
    other byte of the file stays as it was, and the value reads back as written."""
    result = _fix(RAW_SOURCE, SetRaw(raw))
    text = result.bibliography.dumps()
    assert text == RAW_SOURCE.replace("{Sept.}", raw)
    (applied,) = result.applied
    assert applied.changes[0].kind is EditKind.SET_RAW
    assert (applied.field, applied.before, applied.after) == ("month", "{Sept.}", raw)
    reparsed = refkit.loads(text)
    assert raw_fields(reparsed) == raw_fields(result.bibliography)
    assert reparsed.entries[0].fields[1].raw == raw


def test_set_raw_fixes_are_idempotent() -> None:
    """Once the expression is in place the rule is satisfied: a second fix changes nothing."""
    first = _fix(RAW_SOURCE, SetRaw("sep"))
    again = _fix(first.bibliography.dumps(), SetRaw("sep"))
    assert not again.applied
    assert again.bibliography.dumps() == first.bibliography.dumps()


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("", "empty"),
        (" sep", "space around"),
        ("{9", "unbalanced braces"),
        ("{9}}", "unbalanced '}'"),
        ("sep}", "unbalanced '}'"),
        ('"Sept.', "unclosed quote"),
        ('"a}"', "unbalanced '}' in a quoted part"),
        ("{a\\}", "unbalanced braces"),  # \} does not close, as the scanner reads it
        ("jan feb", "not joined by '#'"),
        ("{a} {b}", "not joined by '#'"),
        ("jan #", "ends with '#'"),
        ("# jan", "neither a number nor a macro name"),
        ("9sep", "neither a number nor a macro name"),
        ("sep, note = {x}", "neither a number nor a macro name"),
        ("sep % comment", "not joined by '#'"),
        ("{a} # % comment\n{b}", "neither a number nor a macro name"),
        ("{a}\n@misc{x,", "start a new entry"),
    ],
)
def test_set_raw_rejects_malformed_expressions(raw: str, problem: str) -> None:
    """A raw value that is not a well-formed BibTeX value expression is never spliced in:
    the fix is rejected with a reason and the file is left as it was."""
    result = _fix(RAW_SOURCE, SetRaw(raw))
    assert result.bibliography.dumps() == RAW_SOURCE
    assert not result.applied
    ((diagnostic, reason),) = result.rejected
    assert diagnostic.code == "RK998"
    assert reason.startswith("the new value of 'month': ")
    assert problem in reason


def test_set_raw_edits_serialise_with_their_action() -> None:
    """In JSON reports a SET_RAW edit is action "set-raw" with the expression as value."""
    edit = Edit(EditKind.SET_RAW, 1, "one", "month", "sep", 1)
    assert edit.to_dict() == {
        "action": "set-raw",
        "entry_key": "one",
        "field": "month",
        "value": "sep",
    }
    (applied,) = _fix(RAW_SOURCE, SetRaw("sep")).applied
    assert applied.to_dict()["changes"] == [
        {
            "action": "set-raw",
            "entry_key": "one",
            "field": "month",
            "before": "{Sept.}",
            "after": "sep",
        }
    ]
