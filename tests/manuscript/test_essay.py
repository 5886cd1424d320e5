"""The seed essay cite-checked against the published list and the cleaned bibliography."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from refkit import loads
from refkit.core.diagnostics import Diagnostic
from refkit.lint.report import format_summary_line, format_text
from refkit.manuscript import cite_check, read_manuscript

REPO = Path(__file__).resolve().parents[2]
ESSAY_RELATIVE = "../shared/seed/000_d3fd854eabf31603.txt"
RUNS = (
    ("bib/trafficking.raw.bib", "the published reference list, transcribed"),
    ("bib/trafficking.bib", "the cleaned, verified bibliography"),
)
FINDINGS = REPO / "bib" / "README.md"
START = "<!-- cite-check:start -->"
END = "<!-- cite-check:end -->"


def run(bib: str) -> list[Diagnostic]:
    """cite-check with repository-relative paths, as the CLI prints them from the root."""
    essay = replace(read_manuscript(REPO / ESSAY_RELATIVE), path=ESSAY_RELATIVE)
    bibliography = loads((REPO / bib).read_text(encoding="utf-8"), path=bib)
    return cite_check(essay, bibliography)


@pytest.fixture(scope="module")
def raw(shared_dir_module: Path) -> list[Diagnostic]:
    """Findings against bib/trafficking.raw.bib."""
    return run("bib/trafficking.raw.bib")


@pytest.fixture(scope="module")
def clean(shared_dir_module: Path) -> list[Diagnostic]:
    """Findings against bib/trafficking.bib."""
    return run("bib/trafficking.bib")


@pytest.fixture(scope="module")
def shared_dir_module() -> Path:
    """The shared data directory; skips the module's tests when it is absent."""
    shared = (REPO / ".." / "shared").resolve()
    if not (shared / "seed" / "000_d3fd854eabf31603.txt").is_file():
        pytest.skip("../shared seed essay is not present")
    return shared


def codes_at(found: list[Diagnostic], code: str) -> list[tuple[int | None, str | None]]:
    return [(item.line, item.entry_key) for item in found if item.code == code]


def messages(found: list[Diagnostic], code: str) -> str:
    return "\n".join(item.message for item in found if item.code == code)


def test_wheaton_is_missing_from_the_published_list(raw: list[Diagnostic]) -> None:
    """'Wheaton et al, (2010)' (line 23) has no entry in the raw list."""
    missing = [item for item in raw if item.code == "RK901"]
    assert [(item.line, item.column) for item in missing] == [(23, 14)]
    assert "Wheaton" in missing[0].message


def test_wheaton_resolves_in_the_cleaned_bibliography(clean: list[Diagnostic]) -> None:
    """The cleaned bibliography has wheaton2010, so nothing is missing."""
    assert codes_at(clean, "RK901") == []
    assert (23, "wheaton2010") in codes_at(clean, "RK906")


@pytest.mark.parametrize("which", ["raw", "clean"])
def test_undoc_is_a_misspelling_of_unodc(which: str, request: pytest.FixtureRequest) -> None:
    """(UNDOC, 2014, p. 5) is flagged as a variant of UNODC's 2014 report."""
    found: list[Diagnostic] = request.getfixturevalue(which)
    assert (25, "unodc2014") in codes_at(found, "RK903")
    assert "'UNDOC' looks like a misspelling of 'UNODC'" in messages(found, "RK903")


def test_visual_global_taskforce_is_a_mismatch(
    raw: list[Diagnostic], clean: list[Diagnostic]
) -> None:
    """Cleaned: the citation says Visual for Virtual; raw: the text's Virtual disagrees with
    the list's Visual."""
    assert (39, "vgt") in codes_at(clean, "RK903")
    assert "'Visual' for 'Virtual'" in messages(clean, "RK903")
    assert (39, "vgt") in codes_at(raw, "RK903")
    assert "'Virtual' in the text, 'Visual' in the entry" in messages(raw, "RK903")


@pytest.mark.parametrize("which", ["raw", "clean"])
def test_latonero_m_is_a_mismatch(which: str, request: pytest.FixtureRequest) -> None:
    """(Latonero M, 2012, p.10) cites one author with an initial for Latonero et al. 2012."""
    found: list[Diagnostic] = request.getfixturevalue(which)
    assert (41, "latonero2012") in codes_at(found, "RK903")
    assert "Latonero et al." in messages(found, "RK903")


@pytest.mark.parametrize("which", ["raw", "clean"])
def test_latonero_2011_is_never_cited(which: str, request: pytest.FixtureRequest) -> None:
    """The 2011 Latonero report is listed but the essay never cites it."""
    found: list[Diagnostic] = request.getfixturevalue(which)
    never = [item for item in found if item.code == "RK902"]
    assert [item.entry_key for item in never] == ["latonero2011"]
    assert never[0].path is not None
    assert never[0].path.endswith(".bib")


@pytest.mark.parametrize("which", ["raw", "clean"])
def test_un_gift_without_year_is_ambiguous(which: str, request: pytest.FixtureRequest) -> None:
    """(UN.GIFT) fits both UN.GIFT works."""
    found: list[Diagnostic] = request.getfixturevalue(which)
    assert codes_at(found, "RK905") == [(21, "ungift2014")]
    assert "ungift2008" in messages(found, "RK905")


@pytest.mark.parametrize("which", ["raw", "clean"])
def test_quotations_without_locator(which: str, request: pytest.FixtureRequest) -> None:
    """The Wheaton, Skinner and Maher and Shared Hope quotations give no page."""
    found: list[Diagnostic] = request.getfixturevalue(which)
    lines = [line for line, _ in codes_at(found, "RK906")]
    assert {23, 49, 53} <= set(lines)
    assert 25 not in lines  # "Global Report ..." is quoted in a paragraph citing p. 5


@pytest.mark.parametrize("which", ["raw", "clean"])
def test_malformed_punctuation(which: str, request: pytest.FixtureRequest) -> None:
    """'et al,' before '(', ',2008' and 'p.10'/'p.199' are malformed punctuation."""
    found: list[Diagnostic] = request.getfixturevalue(which)
    assert [(item.line, item.message) for item in found if item.code == "RK907"] == [
        (23, "'et al' without its full stop"),
        (23, "comma between the author and '('"),
        (35, "no space after ','"),
        (41, "no space after 'p.' (write 'p. 10')"),
        (45, "no space after 'p.' (write 'p. 199')"),
    ]


def test_case_name_and_document_number_disagree_with_the_raw_list(
    raw: list[Diagnostic],
) -> None:
    """'United States v. Bennett' vs 'USA v. Bennett'; 'UNODC No.: GTM007' vs 'UNDOC No.:GTM007'."""
    assert (47, "bennett2007") in codes_at(raw, "RK903")
    assert (43, "unodcgtm007") in codes_at(raw, "RK903")


def test_the_reference_list_itself_is_not_checked(raw: list[Diagnostic]) -> None:
    """No finding points into the essay's own reference list (line 57 onwards)."""
    assert all((item.line or 0) < 57 for item in raw if item.path and item.path.endswith(".txt"))


def findings_document() -> str:
    """The Markdown the lead pastes into bib/README.md: the tool's output for both runs."""
    parts = [
        "## cite-check of the essay",
        "",
        "`refkit cite-check` of the essay (`../shared/seed/000_d3fd854eabf31603.txt`, plain",
        "prose, its own reference list excluded) against each bibliography, run from the",
        "repository root. Output as the tool prints it (text format, no excerpts).",
        "",
    ]
    for bib, what in RUNS:
        found = run(bib)
        parts += [
            f"### Against `{bib}` ({what})",
            "",
            f"`refkit cite-check {ESSAY_RELATIVE} --bib {bib}`",
            "",
            "```text",
            format_text(found).rstrip("\n"),
            format_summary_line(found, 2),
            "```",
            "",
        ]
    return "\n".join(parts)


def test_essay_findings_in_bib_readme_are_current(shared_dir_module: Path) -> None:
    """bib/README.md's cite-check section is what the tool prints now (set
    REFKIT_REGENERATE=1 to rewrite it)."""
    document = f"{START}\n{findings_document()}{END}"
    readme = FINDINGS.read_text(encoding="utf-8")
    before, _, rest = readme.partition(START)
    _, _, after = rest.partition(END)
    if os.environ.get("REFKIT_REGENERATE") == "1":
        FINDINGS.write_text(before + document + after, encoding="utf-8")
        readme = FINDINGS.read_text(encoding="utf-8")
    assert document in readme
