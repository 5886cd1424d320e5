"""refkit's tables of the standard BibTeX styles agree with what BibTeX does with them.

The tables (src/refkit/lint/bibtex_styles.py) are read from plain.bst, unsrt.bst,
alpha.bst and abbrv.bst by scripts/extract_bibtex_styles.py; here BibTeX runs each style
on probe entries built from the tables, and its warnings must be the tables' own."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from refkit.lint import bibtex_styles as bst
from tests.conftest import require_tex_file, require_tool

_WARNING = re.compile(r"^Warning--(.*)$", re.MULTILINE)


def _bibtex(style: str, bib: str, work: Path) -> list[str]:
    """BibTeX's warnings for \\nocite{*} of ``bib`` in ``style`` (no LaTeX run needed)."""
    bibtex = require_tool("bibtex")
    require_tex_file(f"{style}.bst")
    work.mkdir(parents=True, exist_ok=True)
    (work / "refs.bib").write_text(bib, encoding="utf-8")
    (work / "doc.aux").write_text(
        f"\\relax\n\\citation{{*}}\n\\bibstyle{{{style}}}\n\\bibdata{{refs}}\n", "ascii"
    )
    subprocess.run([bibtex, "doc"], cwd=work, capture_output=True, timeout=60, check=False)
    return _WARNING.findall((work / "doc.blg").read_text(encoding="utf-8", errors="replace"))


def _probe(style: bst.Style) -> str:
    """Per entry type, one entry with no field the style reads and one with all of them."""
    entries = []
    for name in sorted(style.entry_types):
        entries.append(f"@{name}{{empty-{name}, keywords = {{x}}}}")
        body = ", ".join(f"{field} = {{1}}" for field in sorted(style.fields - {"crossref"}))
        entries.append(f"@{name}{{full-{name}, {body}}}")
    entries.append("@nosuchtype{unknown-type, title = {T}, author = {A. Author}, year = 2000}")
    return "\n".join(entries) + "\n"


@pytest.fixture(scope="module")
def warnings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    work = tmp_path_factory.mktemp("bst")
    return {name: _bibtex(name, _probe(style), work / name) for name, style in bst.STYLES.items()}


def _for(found: list[str], key: str) -> list[str]:
    return [warning for warning in found if warning.endswith(f" {key}")]


CASES = [(style, name) for style in bst.STYLES for name in sorted(bst.STYLES[style].entry_types)]


@pytest.mark.parametrize(("style", "name"), CASES)
def test_bibtex_asks_for_exactly_the_required_fields(
    warnings: dict[str, list[str]], style: str, name: str
) -> None:
    """An entry with none of the style's fields draws "empty X in key" for each requirement."""
    entry = bst.STYLES[style].entry_types[name]
    found = {w for w in _for(warnings[style], f"empty-{name}") if w.startswith("empty ")}
    expected = {f"empty {' and '.join(r.fields)} in empty-{name}" for r in entry.required}
    assert found == expected


@pytest.mark.parametrize(("style", "name"), CASES)
def test_bibtex_needs_exactly_the_sort_key_fields(
    warnings: dict[str, list[str]], style: str, name: str
) -> None:
    """An entry with none of the style's fields cannot be sorted: BibTeX names the sort key."""
    entry = bst.STYLES[style].entry_types[name]
    found = [w for w in _for(warnings[style], f"empty-{name}") if w.startswith("to sort")]
    if not entry.sort_key:
        assert found == []
        return
    assert len(found) == 1
    listed = re.match(r"to sort, need (.*) in ", found[0])
    assert listed is not None
    names = tuple(part for part in re.split(r",\s*(?:or\s+)?|\s+or\s+", listed.group(1)) if part)
    assert names == entry.sort_key


@pytest.mark.parametrize(("style", "name"), CASES)
def test_bibtex_rejects_exactly_the_conflicting_fields(
    warnings: dict[str, list[str]], style: str, name: str
) -> None:
    """An entry with every field draws "can't use both X and Y fields" for each conflict."""
    entry = bst.STYLES[style].entry_types[name]
    found = {w for w in _for(warnings[style], f"full-{name}") if w.startswith("can't use both")}
    expected = {
        f"can't use both {' and '.join(c.fields)} fields in full-{name}" for c in entry.conflicts
    }
    assert found == expected


@pytest.mark.parametrize("style", sorted(bst.STYLES))
def test_bibtex_reports_a_type_outside_the_tables_as_undefined(
    warnings: dict[str, list[str]], style: str
) -> None:
    """An entry type the style lacks draws "isn't style-file defined", and only that one."""
    undefined = [w for w in warnings[style] if "isn't style-file defined" in w]
    assert undefined == ['entry type for "unknown-type" isn\'t style-file defined']
    assert bst.entry_type(style, "nosuchtype") is None
    assert bst.STYLES[style].fallback == "misc"


def test_the_fourteen_standard_types_and_conference_are_in_every_style() -> None:
    """btxdoc's 13 types plus conference (an alias of inproceedings) are defined by all four."""
    standard = {
        *("article", "book", "booklet", "conference", "inbook", "incollection"),
        *("inproceedings", "manual", "mastersthesis", "misc", "phdthesis"),
        *("proceedings", "techreport", "unpublished"),
    }
    for style in bst.STYLES.values():
        assert set(style.entry_types) == standard, style.name
        assert style.entry_types["conference"].alias_of == "inproceedings"


def test_plain_requires_what_btxdoc_says_for_an_article() -> None:
    """plain's article needs author, title, and (without crossref) journal and year."""
    article = bst.STYLES["plain"].entry_types["article"]
    assert [r.fields for r in article.required] == [
        ("author",),
        ("title",),
        ("journal",),
        ("year",),
    ]
    assert [r.without_crossref for r in article.required] == [False, False, True, True]
    assert bst.STYLES["unsrt"].entry_types["article"].sort_key == ()
