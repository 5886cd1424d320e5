"""Every rule case of ``cases.py``: the bad text gives exactly the expected codes and lines,
the good text none, and the fix engine turns the bad text into exactly the fixed text."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

import refkit
from refkit.core.diagnostics import Diagnostic
from refkit.lint.checking import check
from refkit.lint.config import Config
from refkit.lint.datamodel import DataModel
from refkit.lint.fixing import fix
from refkit.lint.rules import Rule, default_rules

from .cases import CASES, Case

TODAY = datetime.date(2025, 6, 15)
HERE = Path(__file__).resolve().parent


def config_of(case: Case) -> Config:
    """The configuration that runs the case's rule alone."""
    return Config(
        select=(case.code,),
        data_model=DataModel(case.model),
        key_pattern=case.key_pattern,
        corrections=tuple(HERE / name for name in case.corrections),
        today=TODAY,
    )


def run(case: Case, text: str) -> list[Diagnostic]:
    """The diagnostics of the case's rule on ``text``."""
    return check(refkit.loads(text, path="case.bib"), config_of(case))


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_text_reports_expected_codes_and_lines(case: Case) -> None:
    """The bad text yields the rule's code at exactly the expected lines."""
    found = [(d.code, d.line) for d in run(case, case.bad)]
    assert found == [(case.code, line) for line in case.lines]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_good_text_reports_nothing(case: Case) -> None:
    """The good text yields no finding of the rule."""
    assert [(d.code, d.line, d.message) for d in run(case, case.good)] == []


FIXED = [case for case in CASES if case.fixed is not None]


@pytest.mark.parametrize("case", FIXED, ids=[case.id for case in FIXED])
def test_fixes_are_as_safe_as_the_case_says(case: Case) -> None:
    """Every fix the bad text's findings propose has the case's safety."""
    fixes = [d.fix for d in run(case, case.bad) if d.fix is not None]
    assert fixes
    assert {item.safe for item in fixes} == {case.safe}


@pytest.mark.parametrize("case", FIXED, ids=[case.id for case in FIXED])
def test_fix_engine_turns_the_bad_text_into_the_fixed_text(case: Case) -> None:
    """Applying the rule's fixes to the bad text gives exactly the case's fixed text."""
    result = fix(refkit.loads(case.bad, path="case.bib"), config_of(case), unsafe=not case.safe)
    assert result.converged
    assert result.bibliography.dumps() == case.fixed


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_a_case_whose_findings_carry_fixes_shows_the_fixed_text(case: Case) -> None:
    """A bad text that gets fixes has its fixed text, from a rule marked fixable."""
    fixes = [d.fix for d in run(case, case.bad) if d.fix is not None]
    if fixes:
        assert case.fixed is not None
        assert FIXABLE.get(case.code, False)


FIXABLE = {rule.code: rule.fixable for rule in default_rules()}
FIXABLE_RULES = [rule for rule in default_rules() if rule.fixable]


@pytest.mark.parametrize("rule", FIXABLE_RULES, ids=[rule.code for rule in FIXABLE_RULES])
def test_every_fixable_rule_has_a_case_with_the_fixed_text(rule: Rule) -> None:
    """Each rule that proposes fixes shows one on a whole text."""
    assert any(case.code == rule.code and case.fixed is not None for case in CASES)
