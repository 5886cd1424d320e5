"""Write src/refkit/lint/biblatex_datamodel.py from the installed biblatex.

Reads biblatex's default data model (``blx-dm.def``: entry types, fields with their data
types, the fields valid for each entry type, mandatory-field and data constraints), the
BibTeX driver source map of ``biblatex.def`` (``@techreport`` -> ``@report`` with
``type = {techreport}``, ``journal`` -> ``journaltitle``, ...), the bibliography drivers
and driver aliases of the standard styles (``standard.bbx``), and the version from
``biblatex.sty``.  The files are found with kpsewhich, or given with ``--texmf-file``.

Usage::

    python scripts/extract_biblatex_datamodel.py            # rewrite the module
    python scripts/extract_biblatex_datamodel.py --check    # exit 1 when it is stale
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "src" / "refkit" / "lint" / "biblatex_datamodel.py"
SOURCES = ("biblatex.sty", "blx-dm.def", "biblatex.def", "standard.bbx")

# --- reading TeX source --------------------------------------------------------------


def strip_comments(text: str) -> str:
    """TeX source without its ``%`` comments (an escaped ``\\%`` stays)."""
    return re.sub(r"(?<!\\)%[^\n]*", "", text)


def group(text: str, start: int, opening: str = "{", closing: str = "}") -> tuple[str, int]:
    """The balanced group opening at ``text[start]`` and the index after it."""
    if text[start] != opening:
        raise ValueError(f"expected {opening!r} at {start}: {text[start : start + 40]!r}")
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char == "\\":
            continue
        if char == opening and text[index - 1] != "\\":
            depth += 1
        elif char == closing and text[index - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[start + 1 : index], index + 1
    raise ValueError(f"unbalanced group at {start}")


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def commands(text: str, name: str, groups: int) -> Iterator[tuple[str, list[str]]]:
    """Each ``\\name[optional]{arg}...``: its optional argument ('' if none) and arguments."""
    for match in re.finditer(r"\\" + re.escape(name) + r"(?![A-Za-z@])", text):
        index = _skip_space(text, match.end())
        optional = ""
        if index < len(text) and text[index] == "[":
            optional, index = group(text, index, "[", "]")
            index = _skip_space(text, index)
        arguments: list[str] = []
        for _ in range(groups):
            index = _skip_space(text, index)
            argument, index = group(text, index)
            arguments.append(argument)
        yield optional, arguments


def csv(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def keyvals(text: str) -> dict[str, str]:
    """``type=field, datatype=literal, skipout`` as a dict (a bare key is ``true``)."""
    found: dict[str, str] = {}
    for item in csv(text):
        key, _, value = item.partition("=")
        found[key.strip()] = value.strip() if value else "true"
    return found


# --- the data model ------------------------------------------------------------------

_NULLOK_DATEPARTS = ("endyear", "year")


@dataclass
class FieldSpec:
    name: str
    kind: str
    datatype: str
    xsv: bool = False
    nullok: bool = False
    skipout: bool = False
    label: bool = False


@dataclass
class Constraint:
    """One ``\\constraint``: mandatory fields (single, or/xor groups), or a data check."""

    type: str
    mandatory: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    datatype: str | None = None
    pattern: str | None = None
    rangemin: int | None = None
    rangemax: int | None = None
    fields: tuple[str, ...] = ()
    antecedent: tuple[str, tuple[str, ...]] | None = None
    consequent: tuple[str, tuple[str, ...]] | None = None


@dataclass
class Model:
    version: str = ""
    date: str = ""
    constants: dict[str, tuple[str, str]] = field(default_factory=dict)
    entry_types: list[str] = field(default_factory=list)
    skipout_types: list[str] = field(default_factory=list)
    fields: dict[str, FieldSpec] = field(default_factory=dict)
    all_types_fields: set[str] = field(default_factory=set)
    type_fields: dict[str, set[str]] = field(default_factory=dict)
    multiscript: list[str] = field(default_factory=list)
    #: (entry types, or None for every type; constraint)
    constraints: list[tuple[tuple[str, ...] | None, Constraint]] = field(default_factory=list)
    bibtex_type_map: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = field(
        default_factory=dict
    )
    bibtex_field_map: dict[str, str] = field(default_factory=dict)
    bibtex_nulled_fields: list[str] = field(default_factory=list)
    drivers: list[str] = field(default_factory=list)
    driver_aliases: dict[str, str] = field(default_factory=dict)


def _constraint_fields(body: str) -> list[str]:
    return [arguments[0].strip() for _, arguments in commands(body, "constraintfield", 1)]


def _constraint(options: dict[str, str], body: str) -> Constraint:
    constraint = Constraint(type=options.get("type", "mandatory"))
    constraint.datatype = options.get("datatype")
    if "pattern" in options:
        pattern = re.fullmatch(r"\\regexp\{(.*)\}", options["pattern"])
        constraint.pattern = pattern.group(1) if pattern else options["pattern"]
    if "rangemin" in options:
        constraint.rangemin = int(options["rangemin"])
    if "rangemax" in options:
        constraint.rangemax = int(options["rangemax"])
    if constraint.type == "mandatory":
        # Walk the body in order: single fields, \constraintfieldsor and ...xor groups.
        index = 0
        pattern = re.compile(r"\\(constraintfieldsxor|constraintfieldsor|constraintfield)\b")
        while (match := pattern.search(body, index)) is not None:
            argument, index = group(body, _skip_space(body, match.end()))
            if match.group(1) == "constraintfield":
                constraint.mandatory.append(("field", (argument.strip(),)))
            else:
                choice = "xor" if match.group(1).endswith("xor") else "or"
                constraint.mandatory.append((choice, tuple(_constraint_fields(argument))))
    elif constraint.type == "conditional":
        for name in ("antecedent", "consequent"):
            for optional, arguments in commands(body, name, 1):
                quantifier = keyvals(optional).get("quantifier", "all")
                setattr(constraint, name, (quantifier, tuple(_constraint_fields(arguments[0]))))
    else:
        constraint.fields = tuple(_constraint_fields(body))
    return constraint


def _date_parts(spec: FieldSpec) -> Iterator[FieldSpec]:
    """The parts biblatex auto-creates for a date field (``urldate`` -> ``urlyear``, ...)."""
    prefix = spec.name[: -len("date")]
    not_null = [
        *("month", "day", "hour", "minute", "second", "timezone", "yeardivision"),
        *("endmonth", "endday", "endhour", "endminute", "endsecond", "endtimezone"),
        "endyeardivision",
    ]
    for part in _NULLOK_DATEPARTS:
        yield FieldSpec(prefix + part, "field", "datepart", nullok=True)
    for part in not_null:
        yield FieldSpec(prefix + part, "field", "datepart")


def read_model(sources: dict[str, str]) -> Model:
    model = Model()
    sty = sources["biblatex.sty"]
    version = re.search(r"\\def\\abx@version\{([^}]*)\}", sty)
    date = re.search(r"\\def\\abx@date\{([^}]*)\}", sty)
    if version is None or date is None:
        raise SystemExit("biblatex.sty: no \\abx@version/\\abx@date")
    model.version, model.date = version.group(1), date.group(1).replace("/", "-")

    dm = strip_comments(sources["blx-dm.def"])
    # Only the specification, not the macro definitions above it.
    spec_start = dm.find("\\DeclareDatamodelConstant[")
    dm = dm[spec_start:]
    for optional, (name, value) in commands(dm, "DeclareDatamodelConstant", 2):
        kind = keyvals(optional).get("type", "string")
        model.constants[name] = (kind, value.strip())
    for optional, (names,) in commands(dm, "DeclareDatamodelEntrytypes", 1):
        target = model.skipout_types if "skipout" in keyvals(optional) else model.entry_types
        target.extend(csv(names))
    for optional, (names,) in commands(dm, "DeclareDatamodelFields", 1):
        options = keyvals(optional)
        for name in csv(names):
            spec = FieldSpec(
                name,
                options["type"],
                options["datatype"],
                xsv=options.get("format") == "xsv",
                nullok="nullok" in options,
                skipout="skipout" in options,
                label="label" in options,
            )
            model.fields.setdefault(name, spec)
            if spec.datatype == "date":
                for part in _date_parts(spec):
                    model.fields.setdefault(part.name, part)
    for optional, (names,) in commands(dm, "DeclareDatamodelEntryfields", 1):
        if not optional.strip():
            model.all_types_fields.update(csv(names))
            continue
        for entry_type in csv(optional):
            model.type_fields.setdefault(entry_type, set()).update(csv(names))
    for _, (names,) in commands(dm, "DeclareDatamodelMultiscriptEntryfields", 1):
        model.multiscript.extend(csv(names))
    for optional, (body,) in commands(dm, "DeclareDatamodelConstraints", 1):
        types = tuple(csv(optional)) or None
        for constraint_options, (constraint_body,) in commands(body, "constraint", 1):
            model.constraints.append(
                (types, _constraint(keyvals(constraint_options), constraint_body))
            )

    defs = strip_comments(sources["biblatex.def"])
    for optional, (body,) in commands(defs, "DeclareDriverSourcemap", 1):
        if keyvals(optional).get("datatype") != "bibtex":
            continue
        for _, (map_body,) in commands(body, "map", 1):
            steps = [keyvals(step) for step, _ in commands(map_body, "step", 0)]
            sets = tuple(
                (step["fieldset"], step["fieldvalue"])
                for step in steps
                if "fieldset" in step and "fieldvalue" in step
            )
            for step in steps:
                if "typesource" in step:
                    model.bibtex_type_map[step["typesource"]] = (step["typetarget"], sets)
                elif "fieldsource" in step:
                    model.bibtex_field_map[step["fieldsource"]] = step["fieldtarget"]
                elif "fieldset" in step and step.get("null") == "true":
                    model.bibtex_nulled_fields.append(step["fieldset"])

    bbx = strip_comments(sources["standard.bbx"])
    model.drivers = [arguments[0] for _, arguments in commands(bbx, "DeclareBibliographyDriver", 1)]
    for _, (alias, target) in commands(bbx, "DeclareBibliographyAlias", 2):
        model.driver_aliases[alias] = target
    return model


# --- writing the module --------------------------------------------------------------

_DATATYPES = [
    *("literal", "integer", "name", "key", "entrykey", "date", "datepart", "verbatim", "uri"),
    *("range", "keyword", "option", "code"),
]


def _words(names: object, indent: int) -> str:
    text = " ".join(sorted(names))  # type: ignore[call-overload]
    # Narrow enough for the deepest place ruff format may put the string (12 spaces).
    width = 84
    lines = textwrap.wrap(text, width=width, break_on_hyphens=False) or [""]
    pad = " " * indent
    if len(lines) == 1:
        return f'_words("{lines[0]}")'
    body = "\n".join(
        f'{pad}    "{line}{" " if i < len(lines) - 1 else ""}"' for i, line in enumerate(lines)
    )
    return f"_words(\n{body}\n{pad})"


def _tuple(items: tuple[str, ...]) -> str:
    inner = ", ".join(f'"{item}"' for item in items)
    return f"({inner},)" if len(items) == 1 else f"({inner})"


def render(model: Model, sources: dict[str, str]) -> str:
    out: list[str] = []
    add = out.append
    add(f'''"""biblatex's default data model as tables (biblatex {model.version}, {model.date}).

GENERATED by scripts/extract_biblatex_datamodel.py from the installed biblatex: do not edit
by hand; regenerate when biblatex changes.  Sources: ``blx-dm.def`` (entry types, fields
and their data types, the fields valid for each entry type, mandatory-field and data
constraints), ``biblatex.def`` (the BibTeX driver source map biber applies to ``.bib``
files before validating), ``standard.bbx`` (the bibliography drivers of the standard
styles).  biber validates against the same model (``biber --validate-datamodel``): a
field outside :func:`valid_fields` is "Invalid field 'x' for entrytype 'y'", a missed
:data:`MANDATORY` requirement is "Missing mandatory field".
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "ALL_TYPES_FIELDS",
    "BIBLATEX_DATE",
    "BIBLATEX_VERSION",
    "BIBTEX_FIELD_MAP",
    "BIBTEX_NULLED_FIELDS",
    "BIBTEX_TYPE_MAP",
    "CONSTANTS",
    "DATA_CONSTRAINTS",
    "ENTRY_TYPES",
    "FALLBACK_DRIVER",
    "FIELDS",
    "MANDATORY",
    "MULTISCRIPT_FIELDS",
    "SKIPOUT_ENTRY_TYPES",
    "STANDARD_DRIVERS",
    "STANDARD_DRIVER_ALIASES",
    "TYPE_FIELDS",
    "Choice",
    "DataConstraint",
    "DataType",
    "FieldKind",
    "FieldSpec",
    "Mandatory",
    "TypeMapping",
    "has_standard_driver",
    "valid_fields",
]

BIBLATEX_VERSION = "{model.version}"
BIBLATEX_DATE = "{model.date}"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


class FieldKind(enum.Enum):
    """A single value (``field``) or a list split at ``and`` (``list``)."""

    FIELD = "field"
    LIST = "list"


class DataType(enum.Enum):
    """What a field's value is (``datatype`` in ``\\\\DeclareDatamodelFields``)."""
''')
    used = {spec.datatype for spec in model.fields.values()}
    unknown = used - set(_DATATYPES)
    if unknown:
        raise SystemExit(f"blx-dm.def: unknown data types {sorted(unknown)}")
    add("")
    for name in _DATATYPES:
        add(f'    {name.upper()} = "{name}"')
    add('''

@dataclass(frozen=True)
class FieldSpec:
    """One field of the data model."""

    name: str
    kind: FieldKind
    datatype: DataType
    #: ``format=xsv``: a comma-separated list in one field (``keywords``, ``ids``).
    xsv: bool = False
    #: May be empty (``endyear`` of an open range ``2000/``).
    nullok: bool = False
    #: Read by biber but not written to the ``.bbl`` (``sortkey``, ``date``).
    skipout: bool = False
    #: Usable as a label field (``shorthand``, ``shortauthor``).
    label: bool = False


class Choice(enum.Enum):
    """How the fields of a mandatory requirement are to be present."""

    #: The one field must be present.
    FIELD = "field"
    #: At least one of the fields (``\\\\constraintfieldsor``).
    OR = "or"
    #: Exactly one of the fields (``\\\\constraintfieldsxor``); biber drops the others.
    XOR = "xor"


@dataclass(frozen=True)
class Mandatory:
    """One mandatory-field requirement of an entry type."""

    choice: Choice
    fields: tuple[str, ...]


@dataclass(frozen=True)
class DataConstraint:
    """A check on a field's value (``\\\\constraint[type=data]``)."""

    #: ``isbn``, ``issn``, ``ismn`` (checksums), ``pattern``, ``integer`` or ``datepart``.
    datatype: str
    fields: tuple[str, ...]
    pattern: str | None = None
    rangemin: int | None = None
    rangemax: int | None = None
    #: The entry types it applies to; empty: every type.
    entry_types: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TypeMapping:
    """How biber maps a BibTeX entry type before validation."""

    target: str
    #: Fields set on the way (``@techreport`` -> ``@report`` with ``type = {techreport}``).
    sets: tuple[tuple[str, str], ...] = ()

''')
    add("#: The entry types (``xdata`` is in :data:`SKIPOUT_ENTRY_TYPES`).")
    add(f"ENTRY_TYPES: frozenset[str] = {_words(model.entry_types, 0)}")
    add(f"SKIPOUT_ENTRY_TYPES: frozenset[str] = {_words(model.skipout_types, 0)}")
    add("")
    # Fields grouped as the source declares them: by kind, data type and flags.
    add("_F, _L = FieldKind.FIELD, FieldKind.LIST")
    add("")
    add("")
    add("def _fields(")
    add("    *groups: tuple[FieldKind, DataType, str, frozenset[str]],")
    add(") -> Mapping[str, FieldSpec]:")
    add("    table: dict[str, FieldSpec] = {}")
    add("    for kind, datatype, flags, names in groups:")
    add("        for name in sorted(names):")
    add("            table[name] = FieldSpec(")
    add("                name,")
    add("                kind,")
    add("                datatype,")
    add('                xsv="xsv" in flags,')
    add('                nullok="nullok" in flags,')
    add('                skipout="skipout" in flags,')
    add('                label="label" in flags,')
    add("            )")
    add("    return MappingProxyType(table)")
    add("")
    add("")
    groups: dict[tuple[str, str, str], list[str]] = {}
    for spec in model.fields.values():
        flags = " ".join(
            flag
            for flag, on in (
                ("xsv", spec.xsv),
                ("nullok", spec.nullok),
                ("skipout", spec.skipout),
                ("label", spec.label),
            )
            if on
        )
        groups.setdefault((spec.kind, spec.datatype, flags), []).append(spec.name)
    add("#: Every field, with its kind and data type (date parts included: ``urlyear``, ...).")
    add("FIELDS: Mapping[str, FieldSpec] = _fields(")
    for (kind, datatype, flags), names in sorted(groups.items()):
        short = "_F" if kind == "field" else "_L"
        add(f'    ({short}, DataType.{datatype.upper()}, "{flags}", {_words(names, 4)}),')
    add(")")
    add("")
    add("#: Fields valid in an entry of any type.")
    add(f"ALL_TYPES_FIELDS: frozenset[str] = {_words(model.all_types_fields, 0)}")
    add("")
    add("#: The further fields valid for each entry type; a type not listed has only")
    add("#: :data:`ALL_TYPES_FIELDS` (``@legislation``, ``@jurisdiction``, ``@letter``, ...).")
    add("TYPE_FIELDS: Mapping[str, frozenset[str]] = MappingProxyType(")
    add("    {")
    for entry_type in sorted(model.type_fields):
        add(f'        "{entry_type}": {_words(model.type_fields[entry_type], 8)},')
    add("    }")
    add(")")
    add("")
    mandatory: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    data: list[tuple[tuple[str, ...] | None, Constraint]] = []
    for types, constraint in model.constraints:
        if constraint.type == "mandatory":
            for entry_type in types or tuple(model.entry_types):
                mandatory.setdefault(entry_type, []).extend(constraint.mandatory)
        elif constraint.type == "data":
            data.append((types, constraint))
        else:
            raise SystemExit(f"blx-dm.def: a {constraint.type} constraint is not supported yet")
    add("_M, _OR, _XOR = Choice.FIELD, Choice.OR, Choice.XOR")
    add("")
    add("#: The mandatory fields of each entry type, in the order of ``blx-dm.def``.")
    add("MANDATORY: Mapping[str, tuple[Mandatory, ...]] = MappingProxyType(")
    add("    {")
    short = {"field": "_M", "or": "_OR", "xor": "_XOR"}
    for entry_type in sorted(mandatory):
        add(f'        "{entry_type}": (')
        for choice, names in mandatory[entry_type]:
            add(f"            Mandatory({short[choice]}, {_tuple(names)}),")
        add("        ),")
    add("    }")
    add(")")
    add("")
    add("#: Checks on field values (ISBN, ISSN and ISMN checksums, the ``gender`` pattern).")
    add("DATA_CONSTRAINTS: tuple[DataConstraint, ...] = (")
    for types, constraint in data:
        parts = [f'"{constraint.datatype}"', _tuple(constraint.fields)]
        if constraint.pattern is not None:
            parts.append(f'pattern=r"{constraint.pattern}"')
        if constraint.rangemin is not None:
            parts.append(f"rangemin={constraint.rangemin}")
        if constraint.rangemax is not None:
            parts.append(f"rangemax={constraint.rangemax}")
        if types:
            parts.append(f"entry_types={_words(types, 4)}")
        add(f"    DataConstraint({', '.join(parts)}),")
    add(")")
    add("")
    add("#: Fields whose values have a script variant (biblatex's multiscript support).")
    add(f"MULTISCRIPT_FIELDS: frozenset[str] = {_words(model.multiscript, 0)}")
    add("")
    add("#: ``\\\\DeclareDatamodelConstant``: name to its values.")
    add("CONSTANTS: Mapping[str, tuple[str, ...]] = MappingProxyType(")
    add("    {")
    for name, (_kind, value) in sorted(model.constants.items()):
        add(f'        "{name}": {_tuple(tuple(csv(value)))},')
    add("    }")
    add(")")
    add("")
    add("#: biblatex's BibTeX driver source map: entry types biber renames in a ``.bib`` file.")
    add("BIBTEX_TYPE_MAP: Mapping[str, TypeMapping] = MappingProxyType(")
    add("    {")
    for source, (target, sets) in sorted(model.bibtex_type_map.items()):
        if sets:
            pairs = ", ".join(f'("{name}", "{value}")' for name, value in sets)
            add(f'        "{source}": TypeMapping("{target}", ({pairs},)),')
        else:
            add(f'        "{source}": TypeMapping("{target}"),')
    add("    }")
    add(")")
    add("#: ... and the fields it renames (``journal`` -> ``journaltitle``, ...).")
    add("BIBTEX_FIELD_MAP: Mapping[str, str] = MappingProxyType(")
    add("    {")
    for source, target in sorted(model.bibtex_field_map.items()):
        add(f'        "{source}": "{target}",')
    add("    }")
    add(")")
    add("#: ... and the fields it empties (a BibTeX ``day`` is not biblatex's).")
    add(f"BIBTEX_NULLED_FIELDS: frozenset[str] = {_words(model.bibtex_nulled_fields, 0)}")
    add("")
    aliases = {alias: target for alias, target in model.driver_aliases.items() if alias != "*"}
    fallback = model.driver_aliases.get("*")
    add("#: Entry types with a bibliography driver of their own in the standard styles.")
    add(f"STANDARD_DRIVERS: frozenset[str] = {_words(model.drivers, 0)}")
    add("#: Entry types the standard styles print with another type's driver.")
    add("STANDARD_DRIVER_ALIASES: Mapping[str, str] = MappingProxyType(")
    add("    {")
    for alias, target in sorted(aliases.items()):
        add(f'        "{alias}": "{target}",')
    add("    }")
    add(")")
    add('#: Any other type falls back to this driver, with a "No driver for ..." warning.')
    add(f'FALLBACK_DRIVER = "{fallback}"')
    add('''

def _with_dates(fields: frozenset[str]) -> frozenset[str]:
    # biber splits a date field into its parts before validating, so ``urldate`` is valid
    # wherever ``urlyear`` is, ``eventdate`` wherever ``eventyear`` is.
    dates = {
        name
        for name, spec in FIELDS.items()
        if spec.datatype is DataType.DATE and name[: -len("date")] + "year" in fields
    }
    return fields | dates


_VALID: Mapping[str, frozenset[str]] = MappingProxyType(
    {name: _with_dates(ALL_TYPES_FIELDS | TYPE_FIELDS.get(name, frozenset())) for name in ENTRY_TYPES}
)


def valid_fields(entry_type: str) -> frozenset[str]:
    """The fields biber accepts in an entry of this (biblatex) type, date fields included.

    biber validates an entry of an unknown type as ``@misc``, and so does this.
    """
    return _VALID.get(entry_type, _VALID["misc"])


def has_standard_driver(entry_type: str) -> bool:
    """Whether the standard styles print this type without "No driver for ..."."""
    return entry_type in STANDARD_DRIVERS or entry_type in STANDARD_DRIVER_ALIASES
''')
    return "\n".join(out)


def formatted(text: str) -> str:
    """The module as ruff format writes it, so that regenerating it gives the same bytes."""
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--quiet", "--stdin-filename", str(TARGET), "-"],
        input=text,
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    if done.returncode != 0:
        raise SystemExit(f"ruff format failed (is ruff installed?): {done.stderr.strip()}")
    return done.stdout


def find(name: str) -> Path:
    done = subprocess.run(["kpsewhich", name], capture_output=True, text=True, check=False)
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"kpsewhich cannot find {name}: is biblatex installed?")
    return Path(done.stdout.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=TARGET)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument(
        "--texmf-file",
        action="append",
        default=[],
        type=Path,
        metavar="PATH",
        help="use this file instead of kpsewhich's (biblatex.sty, blx-dm.def, ...)",
    )
    args = parser.parse_args(argv)
    given = {path.name: path for path in args.texmf_file}
    sources = {
        name: (given.get(name) or find(name)).read_text(encoding="utf-8") for name in SOURCES
    }
    text = formatted(render(read_model(sources), sources))
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is stale: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
