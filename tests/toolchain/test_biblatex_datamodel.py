"""refkit's tables of biblatex's data model agree with biblatex and with biber.

The tables (src/refkit/lint/biblatex_datamodel.py) are generated from the installed
biblatex by scripts/extract_biblatex_datamodel.py; these tests check them against the
source files they came from, against the copy of the data model biber ships for its tool
mode, and against what biber's validator reports for entries built from the tables."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from refkit.lint import biblatex_datamodel as dm
from tests.conftest import REPO, require_tex_file, require_tool
from tests.toolchain.tools import biber_validate

SCRIPT = REPO / "scripts" / "extract_biblatex_datamodel.py"
_BCF = "{https://sourceforge.net/projects/biblatex}"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("extract_biblatex_datamodel", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the class is built.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def biber_tool_datamodel() -> ET.Element:
    """The <datamodel> of the tool-mode configuration biber ships."""
    biber = require_tool("biber")
    done = subprocess.run([biber, "--tool-config"], capture_output=True, text=True, check=False)
    path = Path(done.stdout.strip().splitlines()[-1])
    model = ET.parse(path).getroot().find("datamodel")
    assert model is not None
    return model


def _strip(tag: str) -> str:
    return tag.replace(_BCF, "")


def test_tables_are_those_of_the_installed_biblatex() -> None:
    """Re-reading the installed blx-dm.def, biblatex.def and standard.bbx gives the tables."""
    script = _script()
    sources = {name: Path(require_tex_file(name)).read_text("utf-8") for name in script.SOURCES}
    model = script.read_model(sources)
    assert (model.version, model.date) == (dm.BIBLATEX_VERSION, dm.BIBLATEX_DATE)
    assert frozenset(model.entry_types) == dm.ENTRY_TYPES
    assert {name: (spec.kind, spec.datatype) for name, spec in model.fields.items()} == {
        name: (spec.kind.value, spec.datatype.value) for name, spec in dm.FIELDS.items()
    }
    assert frozenset(model.all_types_fields) == dm.ALL_TYPES_FIELDS
    assert {key: frozenset(value) for key, value in model.type_fields.items()} == dict(
        dm.TYPE_FIELDS
    )
    assert frozenset(model.drivers) == dm.STANDARD_DRIVERS


def test_entry_types_and_fields_match_biber_tool_mode(biber_tool_datamodel: ET.Element) -> None:
    """biber's own copy of the data model has the same entry types and field data types."""
    listed = biber_tool_datamodel.find("entrytypes")
    assert listed is not None
    types = {node.text for node in listed if node.get("skip_output") != "true"}
    assert types == dm.ENTRY_TYPES
    declared = biber_tool_datamodel.find("fields")
    assert declared is not None
    fields = {node.text: (node.get("fieldtype"), node.get("datatype")) for node in declared}
    assert fields == {
        name: (spec.kind.value, spec.datatype.value) for name, spec in dm.FIELDS.items()
    }


def test_valid_fields_match_biber_tool_mode(biber_tool_datamodel: ET.Element) -> None:
    """For every entry type, the fields valid for it are those biber's copy allows."""
    every: set[str] = set()
    by_type: dict[str, set[str]] = {}
    for group in biber_tool_datamodel.findall("entryfields"):
        types = [node.text or "" for node in group.findall("entrytype")]
        names = {node.text or "" for node in group.findall("field")}
        if not types:
            every |= names
        for entry_type in types:
            by_type.setdefault(entry_type, set()).update(names)
    for entry_type in dm.ENTRY_TYPES:
        declared = dm.ALL_TYPES_FIELDS | dm.TYPE_FIELDS.get(entry_type, frozenset())
        assert every | by_type.get(entry_type, set()) == declared, entry_type


def test_mandatory_fields_match_biber_tool_mode(biber_tool_datamodel: ET.Element) -> None:
    """For every entry type, the mandatory fields and alternatives are biber's."""
    found: dict[str, list[dm.Mandatory]] = {}
    for group in biber_tool_datamodel.findall("constraints"):
        types = [node.text or "" for node in group.findall("entrytype")]
        for constraint in group.findall("constraint"):
            if constraint.get("type") != "mandatory":
                continue
            for item in constraint:
                if item.tag == "field":
                    wanted = dm.Mandatory(dm.Choice.FIELD, (item.text or "",))
                else:
                    choice = dm.Choice.XOR if item.tag == "fieldxor" else dm.Choice.OR
                    wanted = dm.Mandatory(choice, tuple(n.text or "" for n in item))
                for entry_type in types:
                    found.setdefault(entry_type, []).append(wanted)
    assert {key: tuple(value) for key, value in found.items()} == dict(dm.MANDATORY)


def _probe_value(spec: dm.FieldSpec) -> str:
    values = {
        dm.DataType.NAME: "Anne Author",
        dm.DataType.DATE: "2000-01-02",
        dm.DataType.DATEPART: "1",
        dm.DataType.INTEGER: "1",
        dm.DataType.RANGE: "1--2",
        dm.DataType.URI: "https://example.org/",
    }
    return values.get(spec.datatype, "x")


#: Fields left out of the probes: keys of other entries and options change what biber
#: reads (a missing crossref parent, options parsed as key=value), not what it validates;
#: date fields are validated as their parts (urldate as urlyear, ...), which are probed.
_NOT_PROBED = {dm.DataType.ENTRYKEY, dm.DataType.OPTION, dm.DataType.DATE}


#: btparse, biber's BibTeX parser, overflows its stack on an entry with ~200 fields.
_CHUNK = 40


def _probe_entries() -> Iterator[tuple[str, str, set[str]]]:
    """(key, entry, field names) per entry type: once empty, then with every field in chunks."""
    probed = sorted(
        name
        for name, spec in dm.FIELDS.items()
        if spec.datatype not in _NOT_PROBED
        and not name.startswith(("end", "origend"))
        and "end" not in name[3:]
        and name not in {"date", "year", "month", "day"}
    )
    for entry_type in sorted(dm.ENTRY_TYPES):
        yield (
            f"empty-{entry_type}",
            f"@{entry_type}{{empty-{entry_type}, keywords = {{x}}}}",
            {"keywords"},
        )
        for start in range(0, len(probed), _CHUNK):
            chunk = probed[start : start + _CHUNK]
            key = f"full-{entry_type}-{start // _CHUNK}"
            body = ",\n  ".join(f"{name} = {{{_probe_value(dm.FIELDS[name])}}}" for name in chunk)
            yield key, f"@{entry_type}{{{key},\n  {body}}}", set(chunk)


@pytest.fixture(scope="module")
def probe_warnings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """biber's validator on one entry per type without fields and one with every field."""
    work = tmp_path_factory.mktemp("probe")
    text = "\n\n".join(entry for _, entry, _ in _probe_entries())
    (work / "probe.bib").write_text(text + "\n", encoding="utf-8")
    result = biber_validate(work / "probe.bib", work / "run")
    assert result.errors == ()
    assert result.warnings, "biber said nothing: did it crash?"
    found: dict[str, set[str]] = {}
    for warning in result.warnings:
        match = re.match(r"Datamodel: Entry '([^']*)' \([^)]*\): (.*)$", warning)
        if match:
            found.setdefault(match.group(1), set()).add(match.group(2))
    return found


@pytest.mark.parametrize("entry_type", sorted(dm.ENTRY_TYPES - {"set"}))
def test_biber_reports_exactly_the_fields_the_tables_call_invalid(
    probe_warnings: dict[str, set[str]], entry_type: str
) -> None:
    """An entry with every field draws "Invalid field" for the fields outside valid_fields."""
    keys = {
        key: names for key, _, names in _probe_entries() if key.startswith(f"full-{entry_type}-")
    }
    assert keys
    fields = set().union(*keys.values())
    invalid = {
        re.sub(r"^Invalid field '([^']*)'.*$", r"\1", warning)
        for key in keys
        for warning in probe_warnings.get(key, set())
        if warning.startswith("Invalid field")
    }
    assert invalid == fields - dm.valid_fields(entry_type)


@pytest.mark.parametrize("entry_type", sorted(dm.ENTRY_TYPES))
def test_biber_reports_exactly_the_mandatory_fields_of_the_tables(
    probe_warnings: dict[str, set[str]], entry_type: str
) -> None:
    """An entry without fields draws one "Missing mandatory field" per MANDATORY item."""
    missing = {
        warning
        for warning in probe_warnings.get(f"empty-{entry_type}", set())
        if warning.startswith("Missing mandatory field")
    }
    expected = {
        f"Missing mandatory field '{item.fields[0]}'"
        if item.choice is dm.Choice.FIELD
        else f"Missing mandatory field - one of '{', '.join(item.fields)}' must be defined"
        for item in dm.MANDATORY.get(entry_type, ())
    }
    assert missing == expected


def test_date_fields_are_valid_where_their_year_part_is(tmp_path: Path) -> None:
    """biber validates urldate as urlyear (valid everywhere), eventdate as eventyear."""
    assert "urldate" in dm.valid_fields("article")
    assert "eventdate" not in dm.valid_fields("article")
    assert "eventdate" in dm.valid_fields("inproceedings")
    bib = tmp_path / "one.bib"
    bib.write_text(
        "@article{k, author = {A. Author}, title = {T}, journaltitle = {J}, date = {2000},"
        " urldate = {2001-02-03}, eventdate = {2002-03-04}}\n",
        "utf-8",
    )
    invalid = {
        re.sub(r"^.*Invalid field '([^']*)'.*$", r"\1", warning)
        for warning in biber_validate(bib, tmp_path / "work").warnings
    }
    assert invalid == {"eventyear", "eventmonth", "eventday"}


def test_legislation_and_jurisdiction_have_only_the_fields_of_every_type() -> None:
    """As biber warns for bib/trafficking.bib: no title or author on @legislation."""
    for entry_type in ("legislation", "jurisdiction"):
        assert entry_type not in dm.TYPE_FIELDS
        assert "title" not in dm.valid_fields(entry_type)
    assert "isbn" not in dm.valid_fields("report")
    assert "isbn" in dm.valid_fields("book")


def test_standard_styles_have_no_driver_for_legislation() -> None:
    """The standard styles print @legislation with the fallback driver, aliases with theirs."""
    assert not dm.has_standard_driver("legislation")
    assert not dm.has_standard_driver("jurisdiction")
    assert dm.has_standard_driver("mvbook")
    assert dm.STANDARD_DRIVER_ALIASES["software"] == "misc"
    assert dm.FALLBACK_DRIVER == "misc"


def test_list_fields_split_at_and_are_the_list_literals() -> None:
    """institution, publisher, location, organization are lists split at "and"."""
    lists = {
        name
        for name, spec in dm.FIELDS.items()
        if spec.kind is dm.FieldKind.LIST and spec.datatype is dm.DataType.LITERAL
    }
    assert {"institution", "publisher", "location", "organization"} <= lists
    assert dm.FIELDS["language"].kind is dm.FieldKind.LIST
    assert dm.FIELDS["author"].datatype is dm.DataType.NAME


def test_bibtex_source_map_renames_techreport_and_journal() -> None:
    """biber reads @techreport as @report with type techreport and journal as journaltitle."""
    assert dm.BIBTEX_TYPE_MAP["techreport"] == dm.TypeMapping("report", (("type", "techreport"),))
    assert dm.BIBTEX_TYPE_MAP["conference"] == dm.TypeMapping("inproceedings")
    assert dm.BIBTEX_FIELD_MAP["journal"] == "journaltitle"
    assert dm.BIBTEX_FIELD_MAP["address"] == "location"
