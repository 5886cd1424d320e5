"""Rule options read from configuration change what the rules report."""

from __future__ import annotations

from pathlib import Path

import refkit
from refkit.lint.checking import check
from refkit.lint.config import Config


def test_companion_files_define_macros_and_crossref_targets(tmp_path: Path) -> None:
    """Macros and entry keys of companion files count as defined."""
    (tmp_path / "abbrev.bib").write_text("@string{jgr = {J. Geophys. Res.}}\n", encoding="utf-8")
    (tmp_path / "procs.bib").write_text("@proceedings{p2020, title = {P}}\n", encoding="utf-8")
    main = tmp_path / "main.bib"
    main.write_text(
        "@article{a, journal = jgr}\n@inproceedings{b, crossref = {p2020}}\n", encoding="utf-8"
    )
    alone = Config(select=("RK702", "RK703"))
    together = alone.replace(options={"companion-files": ["abbrev.bib", "procs.bib"]})
    bibliography = refkit.load(str(main))
    assert sorted(d.code for d in check(bibliography, alone)) == ["RK702", "RK703"]
    assert check(refkit.load(str(main)), together) == []
