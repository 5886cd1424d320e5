"""Every rule is documented and coded consistently, and has cases."""

from __future__ import annotations

import re

import pytest

from refkit.lint.rules import default_rules
from refkit.lint.rules.base import Rule

from .cases import CASES

FAMILIES = {
    "syntax": 0,
    "structure": 1,
    "keys": 2,
    "identifiers": 3,
    "names": 4,
    "dates": 5,
    "text": 6,
    "crossentry": 7,
    "known": 8,
}
OWN = {"structure", "keys", "identifiers", "names", "dates", "text", "crossentry"}
RULES = [rule for rule in default_rules() if type(rule).__module__.rsplit(".", 1)[-1] in OWN]


def test_codes_and_names_are_unique() -> None:
    """No two rules share a code or a name."""
    every = default_rules()
    assert len({rule.code for rule in every}) == len(every)
    assert len({rule.name for rule in every}) == len(every)


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_code_matches_family_module(rule: Rule) -> None:
    """The code is RK plus three digits, its hundreds the family of its module."""
    module = type(rule).__module__.rsplit(".", 1)[-1]
    assert re.fullmatch(r"RK\d{3}", rule.code)
    assert int(rule.code[2]) == FAMILIES[module]
    assert rule.family == module


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_name_is_kebab_case(rule: Rule) -> None:
    """The name is lower-case words joined by hyphens."""
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)+", rule.name)


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_docstring_has_summary_bad_and_good(rule: Rule) -> None:
    """The docstring starts with a summary sentence and shows Bad: and Good: lines."""
    doc = rule.documentation()
    assert rule.summary().endswith(".")
    assert re.search(r"^Bad:", doc, re.MULTILINE)
    assert re.search(r"^Good:", doc, re.MULTILINE)


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_rule_has_cases(rule: Rule) -> None:
    """Each rule has at least one case with a failing and a passing text."""
    assert any(case.code == rule.code for case in CASES)
