"""The RK8xx known-error rules: one per correction kind, matching on raw values."""

from __future__ import annotations

from pathlib import Path

import refkit
from refkit.core.diagnostics import EditKind
from refkit.lint.checking import check
from refkit.lint.config import Config
from refkit.lint.corrections import shipped_corrections
from refkit.lint.rules import known


def _check(text: str, corrections: tuple[Path, ...] = ()) -> list[refkit.Diagnostic]:
    return check(refkit.loads(text), Config(select=("RK8",), corrections=corrections))


def test_each_correction_kind_is_reported_under_its_own_code() -> None:
    """A misspelt organisation is RK801, a wrong case name RK806."""
    found = _check(
        "@misc{a, publisher = {Spinger}}\n"
        "@jurisdiction{b, title = {USA v. Bennett}, number = {No. 06-41233}}\n"
    )
    assert [(item.code, item.name, item.entry_key) for item in found] == [
        ("RK801", "misspelt-organisation", "a"),
        ("RK806", "wrong-case-name", "b"),
    ]


def test_the_message_names_the_correction_and_its_evidence() -> None:
    """The diagnostic's message carries the correction id and the evidence."""
    (found,) = _check("@misc{a, publisher = {Spinger}}\n")
    assert "[spinger-springer]" in found.message
    assert "evidence:" in found.message
    assert "sciencedocbox.com" in found.message
    assert found.field == "publisher"
    assert found.line == 1


def test_the_fix_sets_the_field_and_carries_the_safe_flag() -> None:
    """The proposed fix sets the field to the corrected value, safe as the list says."""
    (unsafe,) = _check("@misc{a, publisher = {Spinger}}\n")
    assert unsafe.fix is not None
    assert not unsafe.fix.safe
    (edit,) = unsafe.fix.edits
    assert (edit.kind, edit.field, edit.value, edit.field_index) == (
        EditKind.SET_FIELD,
        "publisher",
        "Springer",
        0,
    )
    (safe,) = _check("@misc{a, institution = {Univeristy of Rochester}}\n")
    assert safe.fix is not None
    assert safe.fix.safe


def test_matching_uses_the_raw_value_so_latex_is_kept() -> None:
    """The corrected value keeps the LaTeX around the match."""
    (found,) = _check('@misc{a, institution = {Univeristy of G\\"ottingen \\& Co}}\n')
    assert found.fix is not None
    assert found.fix.edits[0].value == 'University of G\\"ottingen \\& Co'


def test_the_when_condition_limits_a_correction() -> None:
    """A correction with a condition fires only when the entry satisfies it."""
    assert not _check("@jurisdiction{b, title = {USA v. Bennett}, number = {No. 1}}\n")
    assert not _check("@misc{x, author = {Latonero and others}, title = {Other}}\n")
    (found,) = _check(
        "@report{x, author = {Latonero and others}, title = {Human Trafficking Online}}\n"
    )
    assert found.code == "RK805"


def test_only_the_listed_fields_are_looked_at() -> None:
    """A correction for publisher does not touch the same word in a title."""
    assert not _check("@misc{a, title = {Spinger}}\n")


def test_case_sensitive_corrections_do_not_match_other_case() -> None:
    """A case-sensitive correction leaves other capitalisations alone."""
    assert not _check("@misc{a, publisher = {SPINGER}}\n")


def test_macro_and_concatenated_values_are_left_alone() -> None:
    """Values that are macros or concatenations are not rewritten (their text lives elsewhere)."""
    text = "@string{pub = {Spinger}}\n@misc{a, publisher = pub # { Verlag}}\n"
    assert not _check(text)


def test_repeated_fields_are_addressed_by_position() -> None:
    """Each of two fields of the same name gets its own diagnostic and field index."""
    found = _check("@misc{a, publisher = {X}, publisher = {Spinger}}\n")
    assert [item.fix.edits[0].field_index for item in found if item.fix] == [1]


def test_user_corrections_from_configuration_are_reported(tmp_path: Path) -> None:
    """Config.corrections adds a user's list to the RK8xx rules."""
    path = tmp_path / "mine.toml"
    path.write_text(
        "[[correction]]\n"
        'id = "acm-misspelt"\n'
        'kind = "misspelt-organisation"\n'
        'fields = ["publisher"]\n'
        'literal = "Asociation for Computing Machinery"\n'
        'replacement = "Association for Computing Machinery"\n'
        'evidence = "https://www.acm.org/"\n'
        "safe = true\n"
        'description = "ACM misspelt"\n'
        'example = { before = "Asociation for Computing Machinery", '
        'after = "Association for Computing Machinery" }\n',
        encoding="utf-8",
    )
    (found,) = _check("@misc{a, publisher = {Asociation for Computing Machinery}}\n", (path,))
    assert "[acm-misspelt]" in found.message


def test_rules_build_one_rule_per_kind_over_the_shipped_lists() -> None:
    """known.rules() returns the RK8xx rules, each holding the corrections of its kind."""
    built = known.rules()
    assert [rule.code for rule in built] == [f"RK80{n}" for n in range(1, 10)]
    total = sum(len(rule.corrections) for rule in built)  # type: ignore[attr-defined]
    assert total == len(shipped_corrections())


def test_corrections_apply_through_case_protecting_braces() -> None:
    """A correction still matches after acronyms were brace-protected, and keeps LaTeX."""
    (found,) = _check("@jurisdiction{b, title = {{USA} v. Bennett}, number = {No. 06-41233}}\n")
    assert "[usa-v-bennett]" in found.message
    bennett = {item.id: item for item in shipped_corrections()}["usa-v-bennett"]
    assert bennett.correct("{USA} v. Bennett") == "United States v. Bennett"
    assert bennett.correct("See {USA} v. Bennett, \\emph{x}") == (
        "See United States v. Bennett, \\emph{x}"
    )
    undoc = {item.id: item for item in shipped_corrections()}["undoc-unodc"]
    assert undoc.correct("{UNDOC} No.:{GTM}007") == "{UNODC} No.:{GTM}007"


def test_command_arguments_are_not_read_as_protection() -> None:
    """Braces after a command (\\emph{...}, \\"{o}) are kept when reading unprotected text."""
    from refkit.lint.corrections.loader import unprotected

    text, origin, groups = unprotected('{USA} \\emph{b} \\"{o}')
    assert text == 'USA \\emph{b} \\"{o}'
    assert groups == [(0, 4)]
    assert len(origin) == len(text)


def test_an_unsafe_correction_applies_after_a_safe_protection_fix() -> None:
    """fix, then fix --unsafe: the case-protected words are still corrected."""
    from refkit.lint.fixing import fix

    from .support import ProtectAcronyms

    config = Config(rules=(*known.rules(), ProtectAcronyms()))
    text = "@jurisdiction{b, title = {USA v. Bennett}, number = {No. 06-41233}}\n"
    safe = fix(refkit.loads(text), config)
    assert "{{USA} v. Bennett}" in safe.bibliography.dumps()
    both = fix(refkit.loads(safe.bibliography.dumps()), config, unsafe=True)
    assert "title = {United States v. Bennett}" in both.bibliography.dumps()
    at_once = fix(refkit.loads(text), config, unsafe=True)
    assert "title = {United States v. Bennett}" in at_once.bibliography.dumps()
    assert [item.code for item in at_once.applied] == ["RK806"]
