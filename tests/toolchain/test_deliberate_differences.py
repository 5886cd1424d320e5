"""What refkit deliberately does not report that biber's validator or BibTeX does.

Each difference is a user-facing choice; benchmarks/toolchain_agreement.py leaves exactly
these out of its headline agreement figures (its ``DELIBERATE`` table), and this module
shows each one on a small file: the tool reports it, refkit does not, and why.
"""

from __future__ import annotations

import datetime
import importlib.util
import sys
from pathlib import Path

import pytest

from refkit.bib.io import loads
from refkit.lint.checking import check
from refkit.lint.config import Config
from refkit.lint.datamodel import DataModel
from tests.conftest import REPO
from tests.toolchain.tools import biber_validate, compile_bibtex

TODAY = datetime.date(2026, 11, 28)


def refkit_findings(text: str, model: str) -> list[tuple[str, str | None, str | None]]:
    config = Config(data_model=DataModel(model), today=TODAY)
    return [(d.code, d.entry_key, d.field) for d in check(loads(text), config)]


def write(tmp_path: Path, text: str) -> Path:
    bib = tmp_path / "one.bib"
    bib.write_text(text, encoding="utf-8")
    return bib


TOOL_ADDED = (
    "@article{k, author = {A. Author}, title = {T}, journal = {J}, year = 2000,"
    " bibsource = {dblp computer science bibliography, https://dblp.org},"
    " timestamp = {Mon, 01 Jan 2018}, bibdate = {Tue Mar 5 2019}, biburl = {https://dblp.org/x}}\n"
)


def test_fields_tools_add_are_not_reported_though_biber_warns(tmp_path: Path) -> None:
    """bibsource, timestamp, bibdate, biburl: biber says "invalid in data model"; refkit
    (RK105) knows them as fields reference managers and archives add, harmless to styles."""
    warnings = biber_validate(write(tmp_path, TOOL_ADDED), tmp_path / "work").warnings
    for name in ("bibsource", "timestamp", "bibdate", "biburl"):
        assert (
            f"Datamodel: Entry 'k' (refs.bib): Field '{name}' invalid in data model - ignoring"
            in warnings
        )
    assert refkit_findings(TOOL_ADDED, "biblatex") == []


INHERITED = (
    "@incollection{c, author = {A. Author}, title = {Chapter}, crossref = {b}}\n"
    "@collection{b, editor = {E. Editor}, title = {Book}, date = 2000, publisher = {P}}\n"
)


def test_fields_a_crossref_parent_gives_count_as_present(tmp_path: Path) -> None:
    """``biber --tool`` validates before resolving ``crossref``: it misses the booktitle,
    editor and date the parent gives; in a document biber inherits them, and refkit counts
    them as present."""
    warnings = biber_validate(write(tmp_path, INHERITED), tmp_path / "work").warnings
    assert "Datamodel: Entry 'c' (refs.bib): Missing mandatory field 'booktitle'" in warnings
    assert "Datamodel: Entry 'c' (refs.bib): Missing mandatory field 'editor'" in warnings
    assert [f for f in refkit_findings(INHERITED, "biblatex") if f[0] == "RK102"] == []


UNDEFINED = "@article{k, author = {A. Author}, title = {T}, journal = jmacro, year = 2000}\n"


def test_a_required_field_that_is_an_undefined_string_is_reported_as_the_macro(
    tmp_path: Path,
) -> None:
    """BibTeX warns "empty journal" (the macro expands to nothing); refkit reports the
    undefined macro (RK703), which is the cause, and not a missing field as well."""
    warnings = compile_bibtex(write(tmp_path, UNDEFINED), tmp_path / "work").warnings
    assert "empty journal in k" in warnings
    findings = refkit_findings(UNDEFINED, "bibtex")
    assert ("RK703", "k", "journal") in findings
    assert not any(code == "RK102" for code, _, _ in findings)


ISSN_LIST = (
    "@article{k, author = {A. Author}, title = {T}, journal = {Nature}, year = 2000,"
    " issn = {0028-0836 1476-4687}}\n"
)


def test_an_issn_field_with_print_and_online_issns_is_not_reported(tmp_path: Path) -> None:
    """biber checks the whole field as one ISSN; refkit (RK304) checks each of the valid
    ISSNs the corpus's archives write together (print and online)."""
    warnings = biber_validate(write(tmp_path, ISSN_LIST), tmp_path / "work").warnings
    assert "Datamodel: Entry 'k' (refs.bib): Invalid ISSN in value of field 'issn'" in warnings
    assert refkit_findings(ISSN_LIST, "biblatex") == []


ISBN_LIST = (
    "@book{k, author = {A. Author}, title = {T}, publisher = {P}, date = 2017,"
    " isbn = {9780822363613 0822363615}}\n"
)


def test_an_isbn_field_with_several_isbns_is_not_reported(tmp_path: Path) -> None:
    """Catalogues write the ISBN-13 and ISBN-10 (or hardback and paperback) together;
    biber checks the field as one ISBN, refkit (RK303) checks each."""
    warnings = biber_validate(write(tmp_path, ISBN_LIST), tmp_path / "work").warnings
    assert "Datamodel: Entry 'k' (refs.bib): Invalid ISBN in value of field 'isbn'" in warnings
    assert refkit_findings(ISBN_LIST, "biblatex") == []


UNPARSABLE = (
    "@article{k\n  title = {T},\n  author = {A. Author},\n  journal = {J},\n  year = 2000,\n}\n"
)


def test_an_entry_with_a_syntax_error_gets_the_syntax_error_only(tmp_path: Path) -> None:
    """Without the comma after the key BibTeX reads some other entry and misses its
    fields; refkit keeps the entry verbatim and reports where the syntax breaks (RK001),
    which is what the user has to fix."""
    warnings = compile_bibtex(write(tmp_path, UNPARSABLE), tmp_path / "work").warnings
    assert any(warning.startswith("empty author in") for warning in warnings)
    findings = refkit_findings(UNPARSABLE, "bibtex")
    assert [code for code, _, _ in findings] == ["RK001"]


UNKNOWN_MONTH = (
    '@article{k, author = {A. Author}, title = {T}, journal = {J}, year = 2000, month = "????"}\n'
)


def test_the_unknown_month_mark_is_left_alone(tmp_path: Path) -> None:
    """Beebe's archives write ``month = "????"`` for a month they do not know; biber says it
    is not an integer, refkit (RK503) leaves the mark alone: there is nothing to fix it to."""
    warnings = biber_validate(write(tmp_path, UNKNOWN_MONTH), tmp_path / "work").warnings
    assert any("legacy month field '????' in entry 'k' is not an integer" in w for w in warnings)
    assert refkit_findings(UNKNOWN_MONTH, "biblatex") == []


def test_the_benchmark_leaves_out_exactly_the_differences_shown_here() -> None:
    """benchmarks/toolchain_agreement.py's DELIBERATE table names these seven and no more."""
    path = REPO / "benchmarks" / "toolchain_agreement.py"
    spec = importlib.util.spec_from_file_location("toolchain_agreement", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    assert set(module.DELIBERATE) == {
        "tool-added field",
        "inherited",
        "undefined string",
        "issn list",
        "isbn list",
        "unparsable entry",
        "unknown month",
    }


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "@article{k, author = {A}, title = {T}, journal = {J}, year = 2000, publisher = {P}}\n",
            "RK106",
        ),
        ("@misc{k, title = {T}, date = 2000, volume = {IV}}\n", "RK109"),
    ],
)
def test_what_biber_reports_refkit_reports_too(tmp_path: Path, text: str, code: str) -> None:
    """The kinds refkit does report agree with biber on a small case (the benchmark
    measures the corpus)."""
    warnings = biber_validate(write(tmp_path, text), tmp_path / "work").warnings
    assert any("Entry 'k'" in warning for warning in warnings)
    assert code in {found[0] for found in refkit_findings(text, "biblatex")}


@pytest.mark.parametrize(
    ("text", "warning", "code"),
    [
        (
            "@article{k, author = {A}, title = {T}, journaltitle = {J}, date = 2000,"
            " issn = {1550-79980556-2821}}\n",
            "Datamodel: Entry 'k' (refs.bib): Invalid ISSN in value of field 'issn'",
            "RK304",
        ),
        (
            "@book{k, author = {A}, title = {T}, publisher = {P}, date = 2000,"
            " isbn = {doi:10.1063/1.1703009}}\n",
            "Datamodel: Entry 'k' (refs.bib): Invalid ISBN in value of field 'isbn'",
            "RK303",
        ),
        (
            "@article{k, author = {A}, title = {T}, journaltitle = {J},"
            ' year = "{\\noopsort{1973c}}1981"}\n',
            "Datamodel: Entry 'k' (refs.bib): Invalid value of field 'year' must be datatype"
            " 'datepart' - ignoring field",
            "RK501",
        ),
        (
            "@misc{k, author = {A}, title = {T}, date = 2000, eventdate = {2000-01-01}}\n",
            "Datamodel: Entry 'k' (refs.bib): Invalid field 'eventyear' for entrytype 'misc'",
            "RK106",
        ),
    ],
)
def test_a_value_biber_rejects_refkit_reports(
    tmp_path: Path, text: str, warning: str, code: str
) -> None:
    """Two ISSNs run together, a DOI in ``isbn``, BibTeX's ``\\noopsort`` year (which
    biber drops), an ``eventdate`` where the type has none (biber names the parts it
    splits the date into, refkit the field as written)."""
    assert warning in biber_validate(write(tmp_path, text), tmp_path / "work").warnings
    assert code in {found[0] for found in refkit_findings(text, "biblatex")}
