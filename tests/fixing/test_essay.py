"""The essay's raw reference list, fixed with the corrections, against the cleaned file."""

from __future__ import annotations

from pathlib import Path

import pytest

import refkit
from refkit.cli import main
from refkit.lint.config import Config
from refkit.lint.corrections import Correction, shipped_corrections
from refkit.lint.fixing import FixResult, fix

BIB = Path(__file__).resolve().parents[2] / "bib"
RAW = BIB / "trafficking.raw.bib"
CLEAN = BIB / "trafficking.bib"
KNOWN_ERRORS = Config(select=("RK8",))
GENERAL = {"spinger-springer", "univeristy-university", "procedings-proceedings"}
ESSAY = {item.id: item for item in shipped_corrections() if item.source.endswith("essay.toml")}
ESSAY_SPECIFIC = {ident for ident in ESSAY if ident not in GENERAL}

#: Corrected fields that equal the cleaned file's field exactly.
IDENTICAL = {
    ("latonero2011", "author"),
    ("mia2008", "title"),
    ("bennett2007", "title"),
}
#: Corrections whose corrected words the cleaned entry does not carry as written, and why.
NOT_IN_CLEANED = {
    "bbc-paedophiles": "the cleaned title is in sentence case ('paedophiles')",
    "trafficking-protocol-a-45-49": "the cleaned entry leaves the derived symbol A/55/49 out "
    "(not seen printed)",
}


def _correction_id(applied_message: str) -> str:
    return applied_message.split("[", 1)[1].split("]", 1)[0]


@pytest.fixture(scope="module")
def fixed() -> FixResult:
    return fix(refkit.load(RAW), KNOWN_ERRORS, unsafe=True)


def _texts(entry: refkit.Entry) -> list[str]:
    return [item.text for item in entry.fields]


def test_every_essay_correction_is_applied(fixed: FixResult) -> None:
    """Each of the essay's 11 mechanical corrections changes the raw file."""
    applied = {_correction_id(item.diagnostic.message) for item in fixed.applied}
    assert applied == ESSAY_SPECIFIC
    assert len(ESSAY_SPECIFIC) == 11
    assert fixed.converged


def test_the_fix_keeps_every_key_and_changes_only_corrected_fields(fixed: FixResult) -> None:
    """Same keys in the same order; only the corrected fields differ from the raw file."""
    raw = refkit.load(RAW)
    out = fixed.bibliography
    assert [entry.key for entry in out.entries] == [entry.key for entry in raw.entries]
    touched = {(item.entry_key, item.field) for item in fixed.applied}
    for before, after in zip(raw.entries, out.entries, strict=True):
        for old, new in zip(before.fields, after.fields, strict=True):
            assert old.name == new.name
            if (before.key, old.name) not in touched:
                assert old.raw == new.raw


def test_corrected_fields_match_the_cleaned_file(fixed: FixResult) -> None:
    """Where the cleaned entry keeps the corrected field's wording, it is the same text."""
    clean = refkit.load(CLEAN)
    identical = set()
    for key, name in {(item.entry_key, item.field) for item in fixed.applied}:
        assert name is not None
        got = fixed.bibliography[key].field(name)
        want = clean[key].field(name)
        assert got is not None
        if want is not None and got.text == want.text:
            identical.add((key, name))
    assert identical == IDENTICAL


@pytest.mark.parametrize("ident", sorted(ESSAY_SPECIFIC))
def test_the_cleaned_entry_agrees_with_each_correction(fixed: FixResult, ident: str) -> None:
    """The cleaned entry has the corrected words and never the error the correction fixes."""
    correction: Correction = ESSAY[ident]
    (key,) = {
        item.entry_key for item in fixed.applied if _correction_id(item.diagnostic.message) == ident
    }
    cleaned = refkit.load(CLEAN)[key]
    texts = _texts(cleaned)
    raws = [item.value for item in cleaned.fields]
    assert not any(correction.pattern.search(value) for value in raws + texts)
    carried = any(correction.replacement in text for text in texts)
    if ident in NOT_IN_CLEANED:
        assert not carried, f"{ident} now agrees with the cleaned file: update NOT_IN_CLEANED"
    else:
        assert carried


def test_refkit_fix_unsafe_with_output_applies_the_corrections(tmp_path: Path) -> None:
    """`refkit fix --unsafe RAW -o OUT` (all rules) applies every mechanical correction."""
    out = tmp_path / "trafficking.fixed.bib"
    before = RAW.read_bytes()
    assert main(["fix", "--unsafe", str(RAW), "-o", str(out)]) == 0
    assert RAW.read_bytes() == before
    result = refkit.load(out)
    by_corrections = fix(refkit.load(RAW), KNOWN_ERRORS, unsafe=True)
    for item in by_corrections.applied:
        ident = _correction_id(item.diagnostic.message)
        assert item.field is not None
        field = result[item.entry_key].field(item.field)
        assert field is not None
        assert ESSAY[ident].replacement in field.text, ident


def test_fixing_the_fixed_essay_again_changes_nothing(tmp_path: Path) -> None:
    """After `refkit fix --unsafe`, `refkit fix --check --unsafe` finds nothing to change."""
    out = tmp_path / "fixed.bib"
    assert main(["fix", "--unsafe", str(RAW), "-o", str(out)]) == 0
    assert main(["fix", "--check", "--unsafe", str(out)]) == 0


def test_no_correction_fires_on_the_cleaned_file() -> None:
    """The verified bibliography has none of the known errors."""
    result = fix(refkit.load(CLEAN), KNOWN_ERRORS, unsafe=True)
    assert not result.applied
