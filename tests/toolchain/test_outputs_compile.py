"""refkit's own output in the real toolchain: the bundled files, the fix output and a
small converted corpus sample compile with biblatex/biber and BibTeX, without errors.

Each compile is of a small document (seconds); the corpus-wide measurement is
benchmarks/toolchain_agreement.py's.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from refkit.bib.io import load
from tests.conftest import REPO
from tests.toolchain.tools import biber_validate, compile_biblatex, compile_bibtex

#: trafficking.bib itself is compiled by test_latex.py, with its warnings.
BUNDLED = sorted(path for path in (REPO / "bib").glob("*.bib") if path.name != "trafficking.bib")

#: Small corpus files (1.5-5 kB, chosen at random with seed 15 among those that compile
#: with biblatex and BibTeX as they are and whose entries all have keys): Better BibTeX
#: exports and a JabRef test file.
SAMPLE = (
    "FlamingTempura_bibtex-tidy__test__bibliographies__better-bibtex__collaborators_to_contributors.bib",
    "JabRef_jabref__jablib__src__test__latex__pdfs__IEEE__ieee-paper.bib",
    "FlamingTempura_bibtex-tidy__test__bibliographies__better-bibtex__Literal_names.bib",
)


def refkit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "refkit", *args], capture_output=True, text=True, check=False
    )


def keys(path: Path) -> set[str]:
    return {entry.key for entry in load(path).entries}


@pytest.mark.parametrize("bib", BUNDLED, ids=[path.name for path in BUNDLED])
def test_bundled_file_compiles_with_biblatex_and_biber(bib: Path, tmp_path: Path) -> None:
    """The other files in bib/ go through LaTeX and biber without an error, every entry
    printed."""
    compilation = compile_biblatex(bib, tmp_path)
    assert compilation.errors == ()
    assert set(re.findall(r"\\entry\{([^}]*)\}", compilation.bbl)) == keys(bib)


def test_fix_output_of_the_raw_file_compiles_and_validates(tmp_path: Path) -> None:
    """``refkit fix --unsafe`` of the transcribed reference list gives a file biber reads
    whole (no ERROR) and LaTeX compiles, every entry printed."""
    fixed = tmp_path / "fixed.bib"
    fixed.write_bytes((REPO / "bib" / "trafficking.raw.bib").read_bytes())
    done = refkit("fix", "--unsafe", str(fixed))
    assert done.returncode in (0, 1), done.stderr
    assert biber_validate(fixed, tmp_path / "validate").errors == ()
    compilation = compile_biblatex(fixed, tmp_path / "latex")
    assert compilation.errors == ()
    assert set(re.findall(r"\\entry\{([^}]*)\}", compilation.bbl)) == keys(fixed)


@pytest.mark.parametrize("name", SAMPLE, ids=[name.rsplit("__", 1)[-1] for name in SAMPLE])
@pytest.mark.parametrize("target", ["biblatex", "bibtex"])
def test_converted_corpus_file_compiles_where_the_original_does(
    name: str, target: str, tmp_path: Path, shared_dir: Path
) -> None:
    """``refkit convert --to biblatex`` (biber) and ``--to bibtex`` (plain.bst) of a corpus
    file compile without an error, as the original does, and keep every entry."""
    original = shared_dir / "data" / "bib-corpus" / "files" / name
    if not original.exists():
        pytest.skip(f"{original} is not in the shared corpus")
    # The originals compile without an error (how SAMPLE was chosen); not re-checked here
    # to keep the test to one compilation.
    compile_ = compile_biblatex if target == "biblatex" else compile_bibtex
    converted = tmp_path / "converted.bib"
    done = refkit("convert", "--to", target, str(original), "-o", str(converted))
    assert done.returncode == 0, done.stderr
    compilation = compile_(converted, tmp_path / "converted")
    assert compilation.errors == ()
    item = r"\\entry\{([^}]*)\}" if target == "biblatex" else r"\\bibitem(?:\[[^]]*\])?\{([^}]*)\}"
    assert set(re.findall(item, compilation.bbl)) == keys(original)
