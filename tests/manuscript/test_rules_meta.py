"""Every cite-check rule is documented and uniquely coded."""

from __future__ import annotations

from refkit.manuscript.rules import cite_rules


def test_codes_are_unique_and_in_the_rk9_family() -> None:
    """Codes are RK9xx and never repeat; names are kebab-case and unique."""
    rules = cite_rules()
    codes = [rule.code for rule in rules]
    names = [rule.name for rule in rules]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)
    assert all(code.startswith("RK9") and len(code) == 5 for code in codes)
    assert all(name == name.lower() and " " not in name for name in names)


def test_every_rule_has_a_summary_and_bad_good_examples() -> None:
    """Each docstring has a one-line summary and Bad:/Good: lines."""
    for rule in cite_rules():
        doc = rule.documentation()
        assert rule.summary().endswith(".")
        assert "Bad:" in doc
        assert "Good:" in doc


def test_command_help_lists_every_rule() -> None:
    """`refkit cite-check --help` names each RK9xx code and name."""
    from refkit.cli.citecheck import cite_check_command

    help_text = cite_check_command.help or ""
    for rule in cite_rules():
        assert f"{rule.code} {rule.name}" in help_text
