"""Every rule case of ``cases.py``: the bad text gives exactly the expected codes and lines."""

from __future__ import annotations

import datetime

import pytest

import refkit
from refkit.core.diagnostics import Diagnostic
from refkit.lint.checking import check
from refkit.lint.config import Config
from refkit.lint.rules.base import DataModel

from .cases import CASES, Case

TODAY = datetime.date(2025, 6, 15)


def run(case: Case, text: str) -> list[Diagnostic]:
    """The diagnostics of the case's rule family on ``text``."""
    config = Config(
        select=(case.code,),
        data_model=DataModel(case.model),
        key_pattern=case.key_pattern,
        today=TODAY,
    )
    return check(refkit.loads(text, path="case.bib"), config)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_text_reports_expected_codes_and_lines(case: Case) -> None:
    """The bad text yields the rule's code at exactly the expected lines."""
    found = [(d.code, d.line) for d in run(case, case.bad)]
    assert found == [(case.code, line) for line in case.lines]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_good_text_reports_nothing(case: Case) -> None:
    """The good text yields no finding of the rule."""
    assert [(d.code, d.line, d.message) for d in run(case, case.good)] == []


FIXED = [case for case in CASES if case.fix is not None]


@pytest.mark.parametrize("case", FIXED, ids=[case.id for case in FIXED])
def test_first_finding_proposes_expected_fix(case: Case) -> None:
    """The first finding carries a fix whose last edit sets the expected value and safety."""
    diagnostic = run(case, case.bad)[0]
    assert diagnostic.fix is not None
    assert diagnostic.fix.edits[-1].value == case.fix
    assert diagnostic.fix.safe is case.safe
