"""``refkit render`` and ``refkit convert`` on the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from refkit.cli import main
from tests.conftest import REPO

TRAFFICKING = str(REPO / "bib" / "trafficking.bib")


def run(capsys: object, *argv: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``refkit ARGV``."""
    code = main(list(argv))
    captured = capsys.readouterr()  # type: ignore[attr-defined]
    return code, captured.out, captured.err


def test_render_prints_one_entry_per_line(capsys: object) -> None:
    """render FILE --style apa prints each entry on its own line."""
    code, out, _ = run(capsys, "render", TRAFFICKING, "--style", "apa", "--engine", "citeproc-py")
    assert code == 0
    lines = out.rstrip("\n").split("\n")
    assert len(lines) == 18
    assert lines[-1].startswith("Wheaton, E. M., Schauer, E. J., & Galli, T. V. (2010).")


def test_render_keys_format_and_cite(capsys: object) -> None:
    """--keys selects, --format html marks up, --cite renders citations with locators."""
    code, out, _ = run(
        capsys, "render", TRAFFICKING, "--style", "mla", "--keys", "wheaton2010", "--format", "html"
    )
    assert code == 0
    assert out.count("csl-entry") == 1
    assert "<i>International Migration</i>" in out
    code, out, _ = run(
        capsys,
        "render",
        TRAFFICKING,
        "--style",
        "apa",
        "--cite",
        "wheaton2010, p. 5; bbc2003",
        "--engine",
        "citeproc-py",
    )
    assert (code, out) == (0, "(BBC, 2003; Wheaton et al., 2010, p. 5)\n")


def test_render_bibtex_style_and_errors(capsys: object) -> None:
    """bibtex:alpha renders through pybtex; an unknown style or key exits 2 with one line."""
    code, out, _ = run(capsys, "render", TRAFFICKING, "--style", "bibtex:alpha")
    assert code == 0
    assert "[WSG10] Elizabeth M. Wheaton" in out
    code, _, err = run(capsys, "render", TRAFFICKING, "--style", "no-such-style")
    assert code == 2
    assert err.startswith("refkit: error: unknown style")
    code, _, err = run(capsys, "render", TRAFFICKING, "--keys", "nope")
    assert code == 2
    assert "nope" in err


def test_convert_to_csljson_and_back(tmp_path: Path, capsys: object) -> None:
    """convert --to csljson -o writes JSON; converting that to biblatex gives the same CSL."""
    out_json = tmp_path / "t.json"
    code, _, _ = run(capsys, "convert", TRAFFICKING, "--to", "csljson", "-o", str(out_json))
    assert code == 0
    items = json.loads(out_json.read_text(encoding="utf-8"))
    assert len(items) == 18
    out_bib = tmp_path / "t.bib"
    assert run(capsys, "convert", str(out_json), "--to", "biblatex", "-o", str(out_bib))[0] == 0
    code, again, _ = run(capsys, "convert", str(out_bib), "--to", "csljson")
    assert code == 0
    assert json.loads(again) == items


def test_convert_to_bibtex_prints_classic_types(capsys: object) -> None:
    """--to bibtex maps @report to @techreport and @online to @misc; --lossy writes the
    @legislation and @jurisdiction entries BibTeX has no type for as @misc, and says so."""
    code, out, err = run(capsys, "convert", TRAFFICKING, "--to", "bibtex")
    assert (code, out) == (1, "")
    assert "[untoc] @legislation has no BibTeX type: written as @misc" in err
    code, out, _ = run(capsys, "convert", TRAFFICKING, "--to", "bibtex", "--lossy")
    assert code == 0
    assert "@techreport{latonero2011," in out
    assert "@misc{interpol," in out
    assert re.search(r"url\s*= \{https://www.interpol.int/\}", out)
    assert re.search(r"howpublished\s*= \{\\url\{https://www.interpol.int/\}\}", out)


def test_malformed_json_input_names_the_path_once_with_its_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A broken CSL-JSON file: one line, the path once, then line and column; exit 2."""
    broken = tmp_path / "items.json"
    broken.write_text('[\n  {"id": "a",\n  bad}\n]\n', encoding="utf-8")
    assert main(["render", str(broken)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"refkit: error: {broken}:3: not CSL-JSON: "
        "Expecting property name enclosed in double quotes (column 3)"
    ]
    assert err[0].count(str(broken)) == 1


def test_json_input_that_is_a_device_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """items.json -> /dev/zero is refused like a .bib special file, not read forever."""
    link = tmp_path / "items.json"
    link.symlink_to("/dev/zero")
    assert main(["render", str(link)]) == 2
    assert "is not a regular file" in capsys.readouterr().err
