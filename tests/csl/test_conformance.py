"""CSL processor test suite conformance (strict line comparison).

Fixtures listed in ``known_failures.txt`` are expected to fail (strict xfail):
a fixture that starts passing must be removed from the list, and a regression
in any other fixture fails the build.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from refkit.cite.csl.conformance import fixture_paths, load_fixture, run_fixture

SUITE = (
    Path(__file__).resolve().parents[2]
    / ".."
    / "shared"
    / "data"
    / "csl-test-suite"
    / "processor-tests"
    / "humans"
).resolve()
KNOWN_FAILURES_FILE = Path(__file__).with_name("known_failures.txt")


def _known_failures() -> set[str]:
    if not KNOWN_FAILURES_FILE.is_file():
        return set()
    lines = KNOWN_FAILURES_FILE.read_text(encoding="utf-8").splitlines()
    return {ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")}


def _params() -> list[object]:
    if not SUITE.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason="CSL test suite not available"))]
    known = _known_failures()
    out: list[object] = []
    for p in fixture_paths(SUITE):
        marks = [pytest.mark.xfail(strict=True, reason="known failure")] if p.stem in known else []
        out.append(pytest.param(p, id=p.stem, marks=marks))
    return out


@pytest.mark.parametrize("path", _params())
def test_fixture(path: Path | None) -> None:
    assert path is not None
    res = run_fixture(load_fixture(path))
    assert not res.error, res.error
    assert res.passed, f"expected:\n{res.expected}\n\ngot:\n{res.got}"


def test_known_failures_exist() -> None:
    if not SUITE.is_dir():
        pytest.skip("CSL test suite not available")
    names = {p.stem for p in fixture_paths(SUITE)}
    stale = _known_failures() - names
    assert not stale, f"known_failures.txt lists unknown fixtures: {sorted(stale)}"
