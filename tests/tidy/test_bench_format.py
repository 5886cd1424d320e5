"""The comparison of ``benchmarks/bench_format.py`` (the README's bibtex-tidy figures)
runs on the current model, and counts nothing for a file formatted by refkit."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import refkit
from refkit.tidy.formatting import format_text
from refkit.tidy.options import FormatOptions

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_format.py"
XAMPL = """@preamble{ "\\newcommand{\\noopsort}[1]{} " }
@STRING{ACM = "The OX Association for Computing Machinery"}
% a comment
@ARTICLE{a, author = {Smith, John}, title = "Cats", journal = ACM, year = 2001}
"""


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_format", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_format", module)
    spec.loader.exec_module(module)
    return module


def test_the_benchmarks_comparison_finds_no_change_in_refkits_output(tmp_path: Path) -> None:
    """A broken benchmark goes unnoticed (it is run by hand): its compare() is run here
    on a file with a @string, a comment and an entry, and on a copy that loses data."""
    bench = _bench()
    original = tmp_path / "in.bib"
    original.write_text(XAMPL, encoding="utf-8")
    formatted = tmp_path / "out.bib"
    formatted.write_text(format_text(refkit.loads(XAMPL), FormatOptions()).text, "utf-8")
    changes = bench.Changes()
    bench.compare(original, formatted, changes)
    assert changes.entries == 1
    assert (changes.entries_lost, changes.values_changed, changes.strings_changed) == (0, 0, 0)
    assert changes.comments_changed == 0
    lossy = tmp_path / "lossy.bib"
    lossy.write_text(XAMPL.replace("Cats", "Dogs").replace("OX ", ""), encoding="utf-8")
    changes = bench.Changes()
    bench.compare(original, lossy, changes)
    assert changes.values_changed == 1
    assert changes.strings_changed == 1
