"""The helper that guards the toolchain tests: skip outside CI, fail in CI."""

from __future__ import annotations

import pytest

from tests.conftest import in_ci, require_tex_file, require_tool

ABSENT = "refkit-no-such-program-42"


def test_missing_tool_skips_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without CI set, a missing program skips the test and names the program."""
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=ABSENT):
        require_tool(ABSENT)


@pytest.mark.parametrize("value", ["true", "1", "yes"])
def test_missing_tool_fails_in_ci(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    """With CI set (as .ci/run does), a missing program fails the test instead of skipping."""
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match=ABSENT):
        require_tool(ABSENT)


@pytest.mark.parametrize("value", ["", "0", "false"])
def test_ci_set_to_a_false_value_is_not_ci(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    """CI set to an empty or false value counts as a developer's machine."""
    monkeypatch.setenv("CI", value)
    assert not in_ci()


def test_present_tool_is_returned_as_a_path() -> None:
    """A program on PATH comes back as its path (python runs these tests, so it exists)."""
    assert require_tool("python3").endswith("python3")


def test_missing_tex_file_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """A TeX file kpsewhich cannot find fails the test in CI."""
    monkeypatch.setenv("CI", "true")
    require_tool("kpsewhich")
    with pytest.raises(pytest.fail.Exception, match="no-such-style"):
        require_tex_file("no-such-style.bbx")
