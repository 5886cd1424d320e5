"""The check engine: selection, suppression comments, severities, configuration."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import refkit
from refkit.bib.model import Entry
from refkit.cli import main
from refkit.core.diagnostics import Diagnostic, Severity
from refkit.core.errors import UsageError
from refkit.lint.checking import check, detect_data_model, is_selected
from refkit.lint.config import Config, config_for, from_mapping
from refkit.lint.rules.base import CheckContext, DataModel, EntryRule


class NoYear(EntryRule):
    """An entry has no year.

    Bad:  @book{k, title = {T}}
    Good: @book{k, title = {T}, year = 2000}
    """

    code = "RK998"
    name = "test-no-year"
    severity = Severity.WARNING

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        if "year" not in entry and "date" not in entry:
            yield self.diagnostic(context, "no year", entry=entry, block_index=block_index)


class NoTitle(NoYear):
    """An entry has no title.

    Bad:  @book{k}
    Good: @book{k, title = {T}}
    """

    code = "RK997"
    name = "test-no-title"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        if "title" not in entry:
            yield self.diagnostic(context, "no title", entry=entry, block_index=block_index)


RULES = (NoYear(), NoTitle())
TEXT = """@book{a}

% refkit: ignore RK998 -- an undated manuscript
@book{b}

% refkit: ignore
@book{c}

@book{d, title = {T}, year = 2000}
"""


def _codes(found: list[Diagnostic]) -> list[tuple[str | None, str]]:
    return [(item.entry_key, item.code) for item in found]


def test_findings_are_sorted_by_line_and_code() -> None:
    """Every rule runs and findings come in line order."""
    found = check(refkit.loads(TEXT), Config(rules=RULES))
    assert _codes(found) == [("a", "RK997"), ("a", "RK998"), ("b", "RK997")]


def test_suppression_comment_silences_named_codes_or_all() -> None:
    """'% refkit: ignore RK998' silences that code; a bare ignore silences every code."""
    found = check(refkit.loads(TEXT), Config(rules=RULES))
    assert ("b", "RK998") not in _codes(found)
    assert all(key != "c" for key, _ in _codes(found))


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        (("RK",), (), True),
        (("RK",), ("RK9",), False),
        (("RK",), ("RK99",), False),
        (("RK998",), ("RK9",), True),  # the longer prefix wins
        (("RK1",), (), False),
        (("test-no-year",), (), True),  # rule names select too
        (("RK",), ("test-no-year",), False),
    ],
)
def test_selection_by_longest_prefix(
    select: tuple[str, ...], ignore: tuple[str, ...], expected: bool
) -> None:
    """A rule runs when its most specific selector is a select, not an ignore."""
    assert is_selected(NoYear(), select, ignore) is expected


def test_severity_override_changes_the_level() -> None:
    """[severity] RK998 = "error" raises that rule's findings to errors."""
    config = Config(severity={"RK998": Severity.ERROR}, rules=RULES)
    found = check(refkit.loads("@book{a, title = {T}}"), config)
    assert [item.severity for item in found] == [Severity.ERROR]


def test_per_file_ignores_match_file_names(tmp_path: Path) -> None:
    """per-file-ignores drop codes for files whose path matches the glob."""
    path = tmp_path / "legacy.bib"
    path.write_text("@book{a}\n")
    config = Config(per_file_ignores=(("legacy*.bib", ("RK998",)),), rules=RULES)
    found = check(refkit.load(path), config)
    assert _codes(found) == [("a", "RK997")]


def test_configuration_is_found_upwards_from_the_file(tmp_path: Path) -> None:
    """A pyproject.toml with [tool.refkit] above the file configures the check."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.refkit]\nignore = ["RK997"]\nfail-on = "warning"\ndata-model = "bibtex"\n'
        '[tool.refkit.severity]\ntest-no-year = "info"\n'
    )
    sub = tmp_path / "refs"
    sub.mkdir()
    config = config_for(sub / "x.bib")
    assert config.ignore == ("RK997",)
    assert config.fail_on is Severity.WARNING
    assert config.data_model is DataModel.BIBTEX
    assert config.severity == {"test-no-year": Severity.INFO}


def test_refkit_toml_wins_over_pyproject(tmp_path: Path) -> None:
    """refkit.toml in the same folder is preferred to pyproject.toml."""
    (tmp_path / "pyproject.toml").write_text('[tool.refkit]\nignore = ["RK1"]\n')
    (tmp_path / "refkit.toml").write_text('ignore = ["RK2"]\n')
    assert config_for(tmp_path / "a.bib").ignore == ("RK2",)


def test_unknown_configuration_key_is_an_error() -> None:
    """A misspelt key is reported, not silently ignored."""
    with pytest.raises(UsageError, match="unknown configuration key"):
        from_mapping({"selekt": ["RK1"]})


def test_data_model_is_detected_from_biblatex_types_and_fields() -> None:
    """@online or a date field means biblatex; plain BibTeX otherwise."""
    assert detect_data_model(refkit.loads("@online{a, url = {x}}")) is DataModel.BIBLATEX
    assert detect_data_model(refkit.loads("@book{a, date = {2000}}")) is DataModel.BIBLATEX
    assert detect_data_model(refkit.loads("@book{a, year = {2000}}")) is DataModel.BIBTEX


def test_a_family_prefix_does_not_select_the_longer_family_that_starts_with_it() -> None:
    """RK1 selects RK1xx only; RK10 selects RK10xx; RK selects everything."""
    from refkit.lint.checking import is_selected
    from refkit.lint.rules import default_rules
    from refkit.lookup import rules as lookup_rules

    rk101 = next(rule for rule in default_rules() if rule.code == "RK101")
    rk1001 = next(rule for rule in lookup_rules() if rule.code == "RK1001")
    assert is_selected(rk101, ["RK1"], [])
    assert not is_selected(rk1001, ["RK1"], [])
    assert is_selected(rk1001, ["RK10"], [])
    assert is_selected(rk1001, ["RK"], ["RK1"])
    assert not is_selected(rk1001, ["RK"], ["RK10"])


def test_malformed_pyproject_found_by_discovery_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A broken pyproject.toml above the file: exit 2, file and line named, not ignored."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.refkit\n')
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{a, title = {T}}\n")
    assert main(["check", str(bib)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"refkit: error: {tmp_path / 'pyproject.toml'}:3: invalid TOML: ")


def test_invalid_key_pattern_is_a_one_line_error_naming_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """key-pattern = '([': exit 2, one line naming key-pattern, not "internal error"."""
    (tmp_path / "refkit.toml").write_text("key-pattern = '(['\n")
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{a, title = {T}}\n")
    assert main(["check", str(bib)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("refkit: error: key-pattern: invalid regular expression '(['")


def test_catastrophic_key_pattern_on_a_long_key_is_reported_not_hung(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(a+)+$ against 'aaa...a!' backtracks exponentially under re (hours at 40 a's);
    matched with the regex module under a timeout, the run ends at once with RK204."""
    import time

    (tmp_path / "refkit.toml").write_text("key-pattern = '(a+)+$'\n")
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{" + "a" * 40 + "!, title = {T}}\n")
    started = time.monotonic()
    main(["check", str(bib)])
    assert time.monotonic() - started < 10
    assert "RK204 key-pattern" in capsys.readouterr().out


def test_key_pattern_that_runs_out_of_time_is_reported_on_the_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(a|aa)+$ defeats the regex module's optimiser too: the timeout ends it."""
    (tmp_path / "refkit.toml").write_text("key-pattern = '(a|aa)+$'\n")
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{" + "a" * 40 + "!, title = {T}}\n")
    main(["check", str(bib)])
    assert "RK204 key-pattern" in (out := capsys.readouterr().out)
    assert "took over 0.5 s" in out
