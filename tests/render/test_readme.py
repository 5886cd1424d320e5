"""README.md's rendered section is what scripts/render_readme.py prints."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest

from tests.conftest import REPO


def load_script() -> ModuleType:
    """scripts/render_readme.py as a module."""
    spec = importlib.util.spec_from_file_location(
        "render_readme", REPO / "scripts" / "render_readme.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_section_is_up_to_date() -> None:
    """The text between the README markers equals the script's output (skip without them)."""
    script = load_script()
    readme = REPO / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.is_file() else ""
    current = script.current_section(text)
    if current is None:
        pytest.skip("README.md has no <!-- rendered:start --> / <!-- rendered:end --> markers")
    assert current == script.rendered_section()


def test_script_section_has_every_style_and_entry() -> None:
    """The section holds six styles, each with all 18 entries, inside the markers."""
    script = load_script()
    section = script.rendered_section()
    assert section.startswith(script.START)
    assert section.endswith(script.END)
    assert section.count("#### ") == 6
    assert section.count("\n- ") == 6 * 18


def test_replace_section_keeps_the_rest(tmp_path: object) -> None:
    """Only the text between the markers changes."""
    script = load_script()
    readme = f"# T\n\n{script.START}\nold\n{script.END}\n\ntail\n"
    assert script.replace_section(readme, "NEW") == "# T\n\nNEW\n\ntail\n"
