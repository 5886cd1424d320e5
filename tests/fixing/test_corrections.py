"""The corrections lists: every shipped correction is valid, and loading rejects bad lists."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from refkit.lint.corrections import (
    Correction,
    CorrectionKind,
    CorrectionsError,
    load_corrections,
    load_file,
    shipped_corrections,
    shipped_paths,
)
from refkit.lint.corrections.loader import parse_corrections
from refkit.lint.rules import default_rules
from refkit.lint.rules.known import RULE_CLASSES

SHIPPED = shipped_corrections()

GOOD = """
[[correction]]
id = "teh-the"
kind = "misspelling"
fields = ["title"]
literal = "Teh"
replacement = "The"
evidence = "any dictionary"
safe = true
description = "'The' misspelt 'Teh'"
example = { before = "Teh Title", after = "The Title" }
"""


def _parse(text: str) -> tuple[Correction, ...]:
    return parse_corrections(text, "mine.toml")


def test_the_package_ships_the_essay_list() -> None:
    """essay.toml is shipped as package data and holds the essay's corrections."""
    assert "essay.toml" in shipped_paths()
    ids = {item.id for item in SHIPPED}
    assert {"undoc-unodc", "usa-v-bennett", "spinger-springer"} <= ids


@pytest.mark.parametrize("correction", SHIPPED, ids=lambda item: item.id)
def test_every_shipped_correction_turns_its_example_before_into_after(
    correction: Correction,
) -> None:
    """Applying the pattern to example.before gives example.after, and after is stable."""
    assert correction.apply(correction.example_before) == correction.example_after
    assert correction.apply(correction.example_after) == correction.example_after
    assert correction.example_before != correction.example_after


@pytest.mark.parametrize("correction", SHIPPED, ids=lambda item: item.id)
def test_every_shipped_correction_is_complete(correction: Correction) -> None:
    """Each correction has a kebab id, fields, evidence naming a source, and a description."""
    assert correction.id
    assert correction.fields
    assert all(name == name.lower() for name in correction.fields)
    assert len(correction.evidence) > 20
    assert correction.description
    assert isinstance(correction.kind, CorrectionKind)
    assert isinstance(correction.safe, bool)
    assert correction.source.startswith("refkit/corrections/")


def test_shipped_ids_are_unique() -> None:
    """No two shipped corrections share an id."""
    ids = [item.id for item in SHIPPED]
    assert len(ids) == len(set(ids))


def test_every_kind_has_exactly_one_rule() -> None:
    """Each correction kind is reported by one RK8xx rule with a unique code."""
    kinds = [rule.kind for rule in RULE_CLASSES]
    assert sorted(kind.value for kind in kinds) == sorted(kind.value for kind in CorrectionKind)
    codes = [rule.code for rule in RULE_CLASSES]
    assert len(set(codes)) == len(codes)
    assert all(code.startswith("RK8") and len(code) == 5 for code in codes)


def test_rk8_rules_have_documentation_with_examples() -> None:
    """Every RK8xx rule has a one-line summary and Bad/Good examples."""
    for rule in RULE_CLASSES:
        doc = rule.documentation()
        assert rule.summary()
        assert "Bad:" in doc
        assert "Good:" in doc
        assert rule.family == "known"


def test_a_valid_user_list_loads() -> None:
    """A list with a literal loads; the literal matches whole words only."""
    (item,) = _parse(GOOD)
    assert item.kind is CorrectionKind.MISSPELLING
    assert item.apply("Teh Tehran") == "The Tehran"
    assert item.case_sensitive


def test_case_insensitive_corrections_ignore_case() -> None:
    """case_sensitive = false matches any capitalisation."""
    text = GOOD.replace('literal = "Teh"', 'literal = "Teh"\ncase_sensitive = false')
    text = text.replace('after = "The Title"', 'after = "The Title"')
    (item,) = _parse(text)
    assert item.apply("TEH and teh") == "The and The"


def test_literals_with_punctuation_are_matched_literally() -> None:
    """A literal's regex metacharacters are escaped and its edges need not be word characters."""
    text = (
        GOOD.replace('literal = "Teh"', 'literal = "U.S.A."')
        .replace('replacement = "The"', 'replacement = "United States"')
        .replace(
            'example = { before = "Teh Title", after = "The Title" }',
            'example = { before = "U.S.A. v. X", after = "United States v. X" }',
        )
    )
    (item,) = _parse(text)
    assert item.apply("UxSxAx v. X") == "UxSxAx v. X"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("safe = true", 'safe = true\ncolour = "red"'), "unknown key(s) ['colour']"),
        (('evidence = "any dictionary"\n', ""), "missing key(s) ['evidence']"),
        (('evidence = "any dictionary"', 'evidence = "  "'), "'evidence' must name"),
        (('literal = "Teh"', "pattern = '(Teh'"), "bad regular expression in 'pattern'"),
        (('literal = "Teh"', "literal = \"Teh\"\npattern = 'Teh'"), "exactly one of"),
        (('kind = "misspelling"', 'kind = "typo"'), "unknown kind 'typo'"),
        (('after = "The Title"', 'after = "Thee Title"'), "example.before gives"),
        (("safe = true", 'safe = "yes"'), "'safe' must be true or false"),
        (('fields = ["title"]', "fields = []"), "'fields' must be a non-empty list"),
        (('id = "teh-the"', 'id = "Teh The"'), "'id' must be kebab-case"),
        (
            ("safe = true", "safe = true\nwhen = { field = \"title\", pattern = '[' }"),
            "bad regular expression in 'when.pattern'",
        ),
        (
            (
                'replacement = "The"',
                'replacement = "Teh"',
            ),
            "example.before gives",
        ),
    ],
)
def test_bad_lists_are_rejected_naming_file_and_id(change: tuple[str, str], message: str) -> None:
    """Schema errors name the file, the correction's id and the problem."""
    text = GOOD.replace(*change)
    assert text != GOOD
    with pytest.raises(CorrectionsError) as caught:
        _parse(text)
    assert "mine.toml" in str(caught.value)
    assert message in str(caught.value)
    if "'id' must" not in message:
        assert "'teh-the'" in str(caught.value)


def test_a_pattern_that_matches_its_own_correction_is_rejected() -> None:
    """A correction whose output it would change again would never settle."""
    text = GOOD.replace('replacement = "The"', 'replacement = "Teh Teh"').replace(
        'after = "The Title"', 'after = "Teh Teh Title"'
    )
    with pytest.raises(CorrectionsError, match="still matches its own corrected example"):
        _parse(text)


def test_duplicate_ids_are_rejected() -> None:
    """Two corrections with one id in one list, or across lists, are an error."""
    with pytest.raises(CorrectionsError, match="duplicate id"):
        _parse(GOOD + GOOD)
    clash = GOOD.replace('id = "teh-the"', 'id = "undoc-unodc"')
    with pytest.raises(CorrectionsError, match=r"already in refkit/corrections/essay\.toml"):
        load_corrections_from_text(clash)


def load_corrections_from_text(text: str) -> tuple[Correction, ...]:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mine.toml"
        path.write_text(text, encoding="utf-8")
        return load_corrections([path])


def test_unknown_top_level_keys_and_bad_toml_are_rejected() -> None:
    """A list is an array of [[correction]] tables and valid TOML."""
    with pytest.raises(CorrectionsError, match="unknown top-level"):
        _parse("version = 1\n" + GOOD)
    with pytest.raises(CorrectionsError, match="not valid TOML"):
        _parse("[[correction]\n")


def test_a_missing_user_list_is_an_error_naming_it(tmp_path: Path) -> None:
    """A configured list that cannot be read is a clear error."""
    with pytest.raises(CorrectionsError, match=r"nope\.toml"):
        load_file(tmp_path / "nope.toml")


def test_user_lists_reach_the_rules_through_default_rules(tmp_path: Path) -> None:
    """default_rules(corrections) adds the user's corrections to the RK8xx rules."""
    path = tmp_path / "mine.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert [item.id for item in load_corrections([path])][-1] == "teh-the"
    (rule,) = [rule for rule in default_rules([path]) if rule.code == "RK809"]
    assert "teh-the" in [item.id for item in rule.corrections]  # type: ignore[attr-defined]


def test_importing_refkit_reads_no_corrections_list() -> None:
    """The shipped lists are read on first use, never at import time."""
    code = (
        "import refkit, refkit.lint.rules, refkit.lint.rules.known, refkit.lint.fixing\n"
        "import refkit.cli\n"
        "from refkit.lint.corrections import shipped_corrections\n"
        "assert shipped_corrections.cache_info().currsize == 0\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_corrections_list_that_is_a_device_is_refused_not_read_forever() -> None:
    """corrections = ["/dev/zero"]: refused, naming the file, like a .bib device."""
    with pytest.raises(CorrectionsError, match=r"/dev/zero.*not a regular file"):
        load_file("/dev/zero")
