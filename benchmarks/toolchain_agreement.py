"""Agreement of refkit's data-model findings with biber's and BibTeX's own warnings.

For every corpus file this runs

* ``biber --tool --validate-datamodel`` (biblatex's default data model, after biber's
  BibTeX source map: ``journal`` -> ``journaltitle``, ``@techreport`` -> ``@report``, ...);
* BibTeX with ``plain.bst`` on ``\\nocite{*}`` (an ``.aux`` file is written directly, so no
  LaTeX run is needed);
* ``refkit check`` with the data model forced to biblatex and to BibTeX,

turns each tool's messages and refkit's findings into ``(entry key, field, kind)``
triples, and prints the precision and recall of refkit's findings against each tool, per
kind, with the disagreements grouped by kind and a few examples of each.

Usage::

    python benchmarks/toolchain_agreement.py                       # the whole corpus
    python benchmarks/toolchain_agreement.py --sample 40 --seed 1  # 40 files at random
    python benchmarks/toolchain_agreement.py --markdown out.md --json out.json

The tools' raw output is cached per file content and tool version (``--cache``, default
``~/.cache/refkit-toolchain``), so a second run only re-parses; ``--no-cache`` re-runs.
A missing tool is reported and its comparison left out.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import dataclasses
import datetime
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parents[1]
CORPUS = (REPO / ".." / "shared" / "data" / "bib-corpus" / "files").resolve()
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "refkit-toolchain"
TODAY = datetime.date(2026, 11, 28)

#: The kinds of finding that make up a data model: which entry types exist, which fields
#: a type may have and must have, and what a field's value must look like.  The headline
#: figures are over these; the others (syntax, duplicates, ...) are counted apart.
DATA_MODEL_KINDS = frozenset(
    {
        "unknown-type",
        "invalid-field",
        "unknown-field",
        "missing-field",
        "conflicting-fields",
        "invalid-value",
        "invalid-date",
        "sort-key",
        "conditional-field",
        "crossref-field",
    }
)

#: The data-model kinds each tool can report at all: the "comparable" figures leave out
#: refkit's findings of other kinds (BibTeX never checks a month or an unknown field).
TOOL_KINDS = {
    "biber": frozenset(
        {
            "unknown-type",
            "invalid-field",
            "unknown-field",
            "missing-field",
            "conflicting-fields",
            "invalid-value",
            "invalid-date",
            "conditional-field",
        }
    ),
    "bibtex": frozenset(
        {
            "unknown-type",
            "missing-field",
            "conflicting-fields",
            "sort-key",
            "conditional-field",
            "crossref-field",
        }
    ),
}

#: biber's BibTeX source map (biblatex.def ``\DeclareDriverSourcemap[datatype=bibtex]``,
#: biber-tool.conf): biber reports the mapped names, so refkit's are mapped the same way.
BIBER_FIELD_MAP = {
    "address": "location",
    "school": "institution",
    "annote": "annotation",
    "archiveprefix": "eprinttype",
    "journal": "journaltitle",
    "primaryclass": "eprintclass",
    "key": "sortkey",
    "pdf": "file",
    "hyphenation": "langid",
}


class Triple(NamedTuple):
    """One finding as the tools and refkit can all state it."""

    entry: str
    field: str
    kind: str


@dataclasses.dataclass
class ToolRun:
    """One tool's output on one file."""

    text: str
    returncode: int
    seconds: float
    timed_out: bool = False


# --- running the tools ---------------------------------------------------------------


def tool_version(command: Sequence[str]) -> str | None:
    """The first line the tool prints about its version, or None when it is missing."""
    if shutil.which(command[0]) is None:
        return None
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return (done.stdout or done.stderr).strip().splitlines()[0]


def run_biber(path: Path, timeout: float) -> ToolRun:
    with tempfile.TemporaryDirectory(prefix="rk-biber-") as work:
        source = Path(work) / "data.bib"
        source.symlink_to(path)
        command = [
            "biber",
            "--tool",
            "--validate-datamodel",
            "--nolog",
            "--output-file",
            str(Path(work) / "out.bib"),
            str(source),
        ]
        return _run(command, work, timeout)


def run_bibtex(path: Path, timeout: float, style: str = "plain") -> ToolRun:
    with tempfile.TemporaryDirectory(prefix="rk-bibtex-") as work:
        (Path(work) / "data.bib").symlink_to(path)
        (Path(work) / "doc.aux").write_text(
            f"\\relax\n\\citation{{*}}\n\\bibstyle{{{style}}}\n\\bibdata{{data}}\n",
            encoding="ascii",
        )
        run = _run(["bibtex", "doc"], work, timeout)
        blg = Path(work) / "doc.blg"
        if blg.exists():
            # The .blg has every message; stdout may be cut short when BibTeX dies.
            run.text = blg.read_bytes().decode("utf-8", errors="replace")
        return run


def _run(command: Sequence[str], cwd: str, timeout: float) -> ToolRun:
    started = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as expired:
        out = (expired.stdout or b"") + (expired.stderr or b"")
        return ToolRun(
            out.decode("utf-8", errors="replace"), -1, time.perf_counter() - started, True
        )
    text = (done.stdout + done.stderr).decode("utf-8", errors="replace")
    return ToolRun(text, done.returncode, time.perf_counter() - started)


class Cache:
    """Raw tool output per (tool, tool version, file content); parsing is redone each run."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        if root is not None:
            root.mkdir(parents=True, exist_ok=True)

    def _file(self, tool: str, version: str, path: Path) -> Path | None:
        if self.root is None:
            return None
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:24]
        salt = hashlib.sha256(version.encode()).hexdigest()[:8]
        return self.root / f"{tool}-{salt}-{digest}.json"

    def get(self, tool: str, version: str, path: Path) -> ToolRun | None:
        file = self._file(tool, version, path)
        if file is None or not file.exists():
            return None
        data = json.loads(file.read_text(encoding="utf-8"))
        return ToolRun(**data)

    def put(self, tool: str, version: str, path: Path, run: ToolRun) -> None:
        file = self._file(tool, version, path)
        if file is None or run.timed_out:
            return
        temporary = file.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(dataclasses.asdict(run)), encoding="utf-8")
        temporary.replace(file)


# --- biber's messages ----------------------------------------------------------------

_BIBER_ENTRY = re.compile(r"^Datamodel: Entry '(?P<key>.*?)' \(.*?data\.bib\): (?P<what>.*)$")
_BIBER_PLAIN_ENTRY = re.compile(r"^Entry '(?P<key>.*?)' \(.*?data\.bib\): (?P<what>.*)$")
_BIBER_DM = [
    (re.compile(r"^Invalid entry type '(?P<type>[^']*)'"), "unknown-type", None),
    (re.compile(r"^Invalid field '(?P<field>[^']*)' for entrytype"), "invalid-field", "field"),
    (re.compile(r"^Field '(?P<field>[^']*)' invalid in data model"), "unknown-field", "field"),
    (re.compile(r"^Missing mandatory field - one of '(?P<fields>[^']*)'"), "missing-field", "any"),
    (re.compile(r"^Missing mandatory field '(?P<field>[^']*)'"), "missing-field", "field"),
    (
        re.compile(r"^Mandatory fields - only one of '(?P<fields>[^']*)'"),
        "conflicting-fields",
        "any",
    ),
    (re.compile(r"^Invalid value of field '(?P<field>[^']*)'"), "invalid-value", "field"),
    (
        re.compile(r"^Invalid (?:ISBN|ISSN|ISMN) in value of field '(?P<field>[^']*)'"),
        "invalid-value",
        "field",
    ),
    (
        re.compile(r"^Invalid value \(pattern match fails\) for field '(?P<field>[^']*)'"),
        "invalid-value",
        "field",
    ),
    (
        re.compile(r"^Constraint violation - \w+ of fields \((?P<fields>[^)]*)\)"),
        "conditional-field",
        "any",
    ),
    (
        re.compile(r"^Invalid format '.*' of (?:end )?date field '(?P<field>[^']*)'"),
        "invalid-date",
        "field",
    ),
]
_BIBER_OTHER = [
    (
        re.compile(
            r"^legacy (?P<field>year|month) field '.*' in entry '(?P<key>.*)' is not an "
            r"integer"
        ),
        "invalid-value",
    ),
    (
        re.compile(r"^Range field '(?P<field>[^']*)' in entry '(?P<key>.*)' is malformed"),
        "invalid-value",
    ),
    (
        re.compile(
            r"^Overwriting field '(?P<field>year|month)' with \w+ value from field 'date' "
            r"for entry '(?P<key>.*)'"
        ),
        "conflicting-fields",
    ),
    (re.compile(r"^Duplicate entry key: '(?P<key>.*)' in file"), "duplicate-key"),
    (
        re.compile(
            r"^Possible typo \(case mismatch\) between datasource keys: '(?P<key>.*?)' "
            r"and"
        ),
        "duplicate-key",
    ),
    (re.compile(r"^Entry (?P<key>.*) does not parse correctly"), "syntax"),
    (re.compile(r"^Name in key '(?P<key>.*)' is empty"), "invalid-value"),
    (
        re.compile(r"^(?P<field>ISBN) '.*' in entry '(?P<key>.*)' is invalid"),
        "invalid-value",
    ),
    (re.compile(r"^Citekey alias '(?P<key>.*)' is also a real entry key"), "duplicate-key"),
    (re.compile(r"^BAD RECURSION! Entry alias '(?P<key>.*)' is identical"), "duplicate-key"),
    (re.compile(r"^BibTeX subsystem: .*undefined macro"), "undefined-string"),
    (re.compile(r"^BibTeX subsystem: .*syntax error"), "syntax"),
    (re.compile(r"^BibTeX subsystem: .*"), "parser-warning"),
]


def _fields(text: str) -> str:
    return "|".join(
        sorted(name.strip().lower() for name in re.split(r",|\band\b|\bor\b", text) if name.strip())
    )


def parse_biber(text: str) -> tuple[set[Triple], list[str]]:
    """biber's WARN/ERROR lines as triples, and the lines no pattern knows."""
    found: set[Triple] = set()
    unknown: list[str] = []
    for raw in text.splitlines():
        if not raw.startswith(("WARN - ", "ERROR - ")):
            continue
        line = raw.split(" - ", 1)[1]
        match = _BIBER_ENTRY.match(line) or _BIBER_PLAIN_ENTRY.match(line)
        if match is not None:
            key, what = match.group("key"), match.group("what")
            for pattern, kind, how in _BIBER_DM:
                hit = pattern.match(what)
                if hit is None:
                    continue
                if how == "field":
                    field = hit.group("field").lower()
                elif how == "any":
                    field = _fields(hit.group("fields"))
                else:
                    field = ""
                if kind == "missing-field" and field == "date|year":
                    field = "year"  # BibTeX and refkit name the year; biber offers date too
                if kind == "conflicting-fields" and field == "date|year":
                    field = "year"
                found.add(Triple(key, field, kind))
                break
            else:
                unknown.append(line)
            continue
        for pattern, kind in _BIBER_OTHER:
            hit = pattern.match(line)
            if hit is None:
                continue
            groups = hit.groupdict()
            field = groups.get("field") or ""
            if kind == "conflicting-fields":
                field = "year"
            if kind == "syntax" and "key" not in groups:
                found.add(Triple("", "", kind))
            else:
                found.add(Triple(groups.get("key", ""), field.lower(), kind))
            break
        else:
            unknown.append(line)
    return found, unknown


# --- BibTeX's messages ---------------------------------------------------------------

_BT_WARNINGS = [
    (re.compile(r'^entry type for "(?P<key>.*)" isn\'t style-file defined'), "unknown-type"),
    # An entry without a key ends the line at "in" (the .blg line is stripped).
    (re.compile(r"^empty (?P<fields>.+?) in(?: (?P<key>\S*))?$"), "missing-field"),
    (re.compile(r"^can't use both (?P<fields>.+?) fields in (?P<key>\S+)$"), "conflicting-fields"),
    (re.compile(r"^to sort, need (?P<fields>.+?) in(?: (?P<key>\S*))?$"), "sort-key"),
    (re.compile(r"^need (?P<fields>.+?) for (?P<key>\S+) to crossref"), "crossref-field"),
    # plain.bst's format.date says this instead of "empty year" when a month is given.
    (re.compile(r"^there's a month but no (?P<fields>year) in (?P<key>\S+)$"), "missing-field"),
    (
        re.compile(r"^there's a (?:number|month) but no (?P<fields>\w+) in (?P<key>\S+)$"),
        "conditional-field",
    ),
    (re.compile(r"^there's a number but no volume in (?P<key>\S+)$"), "conditional-field"),
    (re.compile(r"^all relevant fields are empty in (?P<key>\S*)$"), "missing-field"),
    (re.compile(r"^empty (?P<fields>\w+) in (?P<key>\S+)'s crossref"), "crossref-field"),
    (
        re.compile(r"^page numbers missing in both pages and chapter fields in (?P<key>\S+)"),
        "missing-field",
    ),
    (
        re.compile(r"^I'm ignoring (?P<key>.*)'s extra \"(?P<fields>[^\"]*)\" field"),
        "duplicate-field",
    ),
    (re.compile(r'^string name "(?P<fields>.*)" is undefined'), "undefined-string"),
    (re.compile(r"^(?:the )?(?:key|label) .*? in (?P<key>\S+)$"), "other"),
]
_BT_ERROR_START = re.compile(
    r"^(?P<what>Repeated entry|I was expecting|Illegal|I'm skipping|"
    r"Too many commas|Unbalanced|You're missing|Sorry---)"
)
_BT_ERROR_ENTRY = re.compile(r"^ : @\w+\s*[{(]\s*(?P<key>[^,\s]*)")


def parse_bibtex(text: str) -> tuple[set[Triple], list[str]]:
    """BibTeX's Warning-- lines and errors as triples, and the lines no pattern knows."""
    found: set[Triple] = set()
    unknown: list[str] = []
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("Warning--"):
            what = line[len("Warning--") :].strip()
            if what.startswith("I didn't find a database entry"):
                continue
            for pattern, kind in _BT_WARNINGS:
                hit = pattern.match(what)
                if hit is None:
                    continue
                groups = hit.groupdict()
                key = groups.get("key") or ""
                field = _fields(groups.get("fields") or "")
                if kind == "unknown-type":
                    field = ""
                if kind == "missing-field" and "all relevant fields" in what:
                    field = "*"
                found.add(Triple(key, field, kind))
                break
            else:
                unknown.append(line)
            continue
        start = _BT_ERROR_START.match(line)
        if start is None or start.group("what") == "I'm skipping":
            continue
        key = ""
        for following in lines[index + 1 : index + 3]:
            entry = _BT_ERROR_ENTRY.match(following)
            if entry is not None:
                key = entry.group("key")
                break
        kind = "duplicate-key" if start.group("what") == "Repeated entry" else "syntax"
        if start.group("what") == "Sorry---":
            kind = "capacity"
        found.add(Triple(key, "", kind))
    return found, unknown


# --- refkit's findings ---------------------------------------------------------------

_REQUIRED = re.compile(r"required field (?P<fields>.+)$")
_REFKIT_KINDS = {
    "RK101": "unknown-type",
    "RK102": "missing-field",
    "RK105": "unknown-field",
    "RK106": "invalid-field",
    "RK109": "invalid-value",
    "RK501": "invalid-value",
    "RK502": "invalid-date",
    "RK503": "invalid-value",
    "RK303": "invalid-value",
    "RK304": "invalid-value",
    "RK104": "duplicate-field",
    "RK201": "duplicate-key",
    "RK001": "syntax",
    "RK703": "undefined-string",
}

#: The data-model kinds refkit reports at all, per tool: the headline figures are over
#: these.  BibTeX's sort-key, crossref and "there's a number but no volume" warnings and
#: its "can't use both author and editor" are about how plain.bst prints, not the data
#: model; refkit has no rule for them (see DELIBERATE below).
REFKIT_REPORTS = {
    "biber": frozenset(
        {
            "unknown-type",
            "invalid-field",
            "unknown-field",
            "missing-field",
            "invalid-value",
            "invalid-date",
        }
    ),
    "bibtex": frozenset({"unknown-type", "missing-field"}),
}

#: What refkit deliberately does not report that the tools do, by reason (the same list
#: is in tests/toolchain/test_deliberate_differences.py).
DELIBERATE = {
    "tool-added field": "biber: a field outside the data model that reference managers and "
    "archives add (bibsource, timestamp, biburl, bibdate, ...): RK105 skips them",
    "inherited": "biber --tool: a mandatory field the entry gets from its crossref/xdata "
    "parent (biber resolves it in a document; refkit counts it as present)",
    "undefined string": "a required field whose value is an undefined @string macro: RK703 "
    "reports the macro, not a missing field",
    "issn list": "biber: an issn field with several valid ISSNs (print and online): refkit "
    "checks each",
    "isbn list": "biber: an isbn field with several ISBNs (hardback, paperback, ISBN-10 and "
    "-13): refkit checks each",
    "unparsable entry": "an entry with a syntax error (a missing comma after the key): "
    "refkit reports the syntax error (RK001) and keeps the entry verbatim; the tools read "
    "it some way and report the fields they then miss",
    "unknown month": "biber: month = {????}, the archives' mark of an unknown month, is not an "
    "integer; RK503 leaves the mark alone",
}
_REFKIT_FIELDS = {"RK501": "year", "RK503": "month", "RK303": "isbn", "RK304": "issn"}
_ISSN = re.compile(r"\b\d{4}-?\d{3}[\dXx]\b")
_ISBN_NOISE = re.compile(r"[^0-9Xx]")


def excused(path: Path) -> list[tuple[str, str, str, str]]:
    """(entry, field or "*", kind, reason) of what refkit deliberately leaves to the tools."""
    import refkit
    from refkit.core.errors import InputError

    try:
        bibliography = refkit.load(str(path))
    except InputError:
        return []
    found: list[tuple[str, str, str, str]] = []
    for block in bibliography.failed_blocks:
        # Not key_guess: a missing comma after the key is the commonest failure.
        head = re.match(r"@\s*\w+\s*[{(]\s*([^\s,{}=\"()]+)", block.raw)
        key = head.group(1) if head else ""
        if key:
            found.extend((key, "*", kind, "unparsable entry") for kind in DATA_MODEL_KINDS)
    for entry in bibliography.entries:
        names = {item.name.lower() for item in entry.fields}
        if names & {"crossref", "xdata"}:
            found.append((entry.key, "*", "missing-field", "inherited"))
        month = entry.field("month")
        if month is not None and month.value.strip() and not month.value.strip("?{} "):
            found.append((entry.key, "month", "invalid-value", "unknown month"))
        issn = entry.get("issn")
        if issn and len(_ISSN.findall(issn)) > 1:
            found.append((entry.key, "issn", "invalid-value", "issn list"))
        isbn = entry.get("isbn")
        if (
            isbn
            and sum(
                len(_ISBN_NOISE.sub("", part)) in (10, 13) for part in re.split(r"[\s,;/]+", isbn)
            )
            > 1
        ):
            found.append((entry.key, "isbn", "invalid-value", "isbn list"))
    return found


def refkit_triples(path: Path, model: str) -> tuple[set[Triple], str | None]:
    """refkit's findings under one data model as triples (and the error, if unreadable)."""
    import refkit
    from refkit.core.errors import InputError
    from refkit.lint.checking import check
    from refkit.lint.config import Config
    from refkit.lint.rules.base import DataModel

    try:
        bibliography = refkit.load(str(path))
    except InputError as error:
        return set(), str(error)
    config = Config(data_model=DataModel(model), select=tuple(_REFKIT_KINDS), today=TODAY)
    # BibTeX ("Repeated entry") and biber ("Duplicate entry key") read only the first of
    # the entries that share a key; refkit checks each (RK201 reports the repeat), so the
    # findings of the repeats have nothing to be compared with.  BibTeX compares keys
    # without case, biber with it.
    first: set[str] = set()
    repeats: set[int] = set()
    for index, entry in bibliography.indexed_entries():
        key = entry.key.lower() if model == "bibtex" else entry.key
        if key in first:
            repeats.add(index)
        first.add(key)
    found: set[Triple] = set()
    for diagnostic in check(bibliography, config):
        kind = _REFKIT_KINDS.get(diagnostic.code)
        if kind is None:
            continue
        if diagnostic.block_index in repeats and kind != "duplicate-key":
            continue
        field = _REFKIT_FIELDS.get(diagnostic.code, (diagnostic.field or "").lower())
        if diagnostic.code == "RK102":
            wanted = _REQUIRED.search(diagnostic.message)
            field = _fields(wanted.group("fields")) if wanted else field
        if diagnostic.code == "RK101":
            field = ""
        found.add(Triple(diagnostic.entry_key or "", field, kind))
    return found, None


#: The parts biber splits a date field into before it validates (``eventdate`` ->
#: ``eventyear``, ``eventendmonth``, ``eventtimezone``, ...): biber names each part it
#: derived from the value, refkit the field as written, so both are named by the field.
_DATE_PART = re.compile(
    r"^(?P<prefix>event|orig|url)(?:end)?(?:year|month|day|hour|minute|second|timezone|"
    r"season|yeardivision|dateunspecified|dateapproximate|datecirca|dateuncertain|"
    r"dateera)$"
)


def normal_triple(triple: Triple) -> Triple:
    """A triple as both sides can be compared: keys in NFC (biber prints them in NFD),
    biber's derived date parts named by their date field."""
    key = unicodedata.normalize("NFC", triple.entry)
    field = triple.field
    if triple.kind == "invalid-field":
        part = _DATE_PART.match(field)
        if part is not None:
            field = part.group("prefix") + "date"
    return Triple(key, field, triple.kind)


def biber_view(triples: Iterable[Triple]) -> set[Triple]:
    """refkit's triples with field names as biber's BibTeX source map renames them."""
    mapped: set[Triple] = set()
    for triple in triples:
        names = [BIBER_FIELD_MAP.get(name, name) for name in triple.field.split("|")]
        field = "|".join(sorted(names)) if triple.field else ""
        if triple.kind == "missing-field" and field == "date|year":
            field = "year"
        mapped.add(triple._replace(field=field))
    return mapped


# --- per file ------------------------------------------------------------------------


@dataclasses.dataclass
class FileResult:
    path: str
    biber: list[Triple] | None = None
    bibtex: list[Triple] | None = None
    refkit_biblatex: list[Triple] = dataclasses.field(default_factory=list)
    refkit_bibtex: list[Triple] = dataclasses.field(default_factory=list)
    excused: list[tuple[str, str, str, str]] = dataclasses.field(default_factory=list)
    unparsed: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    notes: list[str] = dataclasses.field(default_factory=list)
    seconds: dict[str, float] = dataclasses.field(default_factory=dict)


def process(
    path: Path, versions: dict[str, str | None], cache_root: Path | None, timeout: float
) -> FileResult:
    cache = Cache(cache_root)
    result = FileResult(path.name)
    for tool, runner, parser in (
        ("biber", run_biber, parse_biber),
        ("bibtex", run_bibtex, parse_bibtex),
    ):
        version = versions.get(tool)
        if version is None:
            continue
        run = cache.get(tool, version, path)
        if run is None:
            run = runner(path, timeout)
            cache.put(tool, version, path, run)
        result.seconds[tool] = run.seconds
        if run.timed_out:
            result.notes.append(f"{tool} timed out after {timeout:.0f} s")
            continue
        fatal = _fatal(tool, run)
        if tool == "bibtex" and fatal is None and _utf16(path):
            # BibTeX reads bytes: a UTF-16 file is a syntax error to it, no entries.
            fatal = "the file is UTF-16, which BibTeX reads as bytes"
        if fatal:
            # biber stops at a syntax error and validates nothing; BibTeX stops when its
            # tables overflow: neither run says anything about the data model.
            result.notes.append(f"{tool} stopped: {fatal[:160]}")
            continue
        triples, unknown = parser(run.text)
        setattr(result, tool, sorted(triples))
        if unknown:
            result.unparsed[tool] = unknown
    started = time.perf_counter()
    for model in ("biblatex", "bibtex"):
        triples, error = refkit_triples(path, model)
        if error:
            result.notes.append(f"refkit could not read it: {error}")
            break
        setattr(result, f"refkit_{model}", sorted(triples))
    result.excused = excused(path)
    result.seconds["refkit"] = time.perf_counter() - started
    return result


def _utf16(path: Path) -> bool:
    head = path.read_bytes()[:4096]
    return head.startswith((b"\xff\xfe", b"\xfe\xff")) or head.count(b"\x00") > len(head) // 4


def _fatal(tool: str, run: ToolRun) -> str | None:
    """The message with which a tool gave up on the file, if it did."""
    for line in run.text.splitlines():
        if tool == "biber" and line.startswith(("ERROR - ", "fatal: ")):
            return line
        if tool == "bibtex" and line.startswith(("Sorry---", "(That was a fatal error)")):
            return line
    if tool == "biber" and run.returncode != 0:
        # btparse can die without a word (its stack overflows on an entry with ~200 fields).
        return f"exit status {run.returncode}, no message"
    return None


# --- comparison ----------------------------------------------------------------------


@dataclasses.dataclass
class Tally:
    both: int = 0
    refkit_only: int = 0
    tool_only: int = 0

    @property
    def precision(self) -> float | None:
        total = self.both + self.refkit_only
        return self.both / total if total else None

    @property
    def recall(self) -> float | None:
        total = self.both + self.tool_only
        return self.both / total if total else None


@dataclasses.dataclass
class Comparison:
    tool: str
    files: int = 0
    overall: Tally = dataclasses.field(default_factory=Tally)
    #: Over the kinds the tool reports at all.
    comparable: Tally = dataclasses.field(default_factory=Tally)
    by_kind: dict[str, Tally] = dataclasses.field(
        default_factory=lambda: collections.defaultdict(Tally)
    )
    other_kinds: dict[str, Tally] = dataclasses.field(
        default_factory=lambda: collections.defaultdict(Tally)
    )
    #: (side, kind, field) -> count and examples, side "refkit only" / "tool only".
    groups: collections.Counter[tuple[str, str, str]] = dataclasses.field(
        default_factory=collections.Counter
    )
    examples: dict[tuple[str, str, str], list[str]] = dataclasses.field(
        default_factory=lambda: collections.defaultdict(list)
    )
    #: Over the kinds refkit reports (REFKIT_REPORTS), the deliberate differences left out.
    chosen: Tally = dataclasses.field(default_factory=Tally)
    deliberate: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)


def _group_field(triple: Triple) -> str:
    # Missing/unknown fields group by the field; entry-type findings have none.
    return triple.field or "-"


def deliberate_reason(triple: Triple, result: FileResult, ours: set[Triple]) -> str | None:
    """Why refkit deliberately does not report this tool finding, or None."""
    from refkit.lint.datamodel import is_known_field

    if triple.kind == "unknown-field" and is_known_field(triple.field, biblatex=True):
        return "tool-added field"
    if triple.kind == "missing-field":
        names = set(triple.field.split("|"))
        for other in ours:
            if (
                other.kind == "undefined-string"
                and other.entry == triple.entry
                and other.field in names
            ):
                return "undefined string"
    for entry, field, kind, reason in result.excused:
        same_entry = unicodedata.normalize("NFC", entry) == triple.entry
        if same_entry and kind == triple.kind and field in ("*", triple.field):
            return reason
    return None


def compare(results: Sequence[FileResult], tool: str, examples: int) -> Comparison:
    comparison = Comparison(tool)
    for result in results:
        theirs_list = result.biber if tool == "biber" else result.bibtex
        if theirs_list is None:
            continue
        ours_list = result.refkit_biblatex if tool == "biber" else result.refkit_bibtex
        theirs = {normal_triple(triple) for triple in theirs_list}
        ours = {
            normal_triple(triple)
            for triple in (biber_view(ours_list) if tool == "biber" else ours_list)
        }
        comparison.files += 1
        for triple in theirs | ours:
            in_theirs, in_ours = triple in theirs, triple in ours
            bucket = (
                comparison.by_kind if triple.kind in DATA_MODEL_KINDS else comparison.other_kinds
            )
            tally = bucket[triple.kind]
            if in_theirs and in_ours:
                tally.both += 1
            elif in_ours:
                tally.refkit_only += 1
            else:
                tally.tool_only += 1
            if triple.kind not in DATA_MODEL_KINDS:
                continue
            reason = None
            if triple.kind in REFKIT_REPORTS[tool]:
                if in_theirs and not in_ours:
                    reason = deliberate_reason(triple, result, ours)
                if reason is not None:
                    comparison.deliberate[reason] += 1
                elif in_theirs and in_ours:
                    comparison.chosen.both += 1
                elif in_ours:
                    comparison.chosen.refkit_only += 1
                else:
                    comparison.chosen.tool_only += 1
            tallies = [comparison.overall]
            if triple.kind in TOOL_KINDS[tool]:
                tallies.append(comparison.comparable)
            if in_theirs and in_ours:
                for each in tallies:
                    each.both += 1
                continue
            if reason is not None:
                continue  # a deliberate difference: counted above, not a disagreement
            side = "refkit only" if in_ours else f"{tool} only"
            for each in tallies:
                if in_ours:
                    each.refkit_only += 1
                else:
                    each.tool_only += 1
            group = (side, triple.kind, _group_field(triple))
            comparison.groups[group] += 1
            if len(comparison.examples[group]) < examples:
                comparison.examples[group].append(f"{result.path}: {triple.entry}")
    return comparison


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def render(
    comparisons: Sequence[Comparison],
    results: Sequence[FileResult],
    versions: dict[str, str | None],
    top: int,
    elapsed: float,
) -> str:
    out: list[str] = []
    out.append("# refkit vs the toolchain: data-model agreement\n")
    out.append(f"- files: {len(results)}; wall time {elapsed:.0f} s")
    for tool, version in versions.items():
        out.append(f"- {tool}: {version or 'not installed'}")
    out.append(
        "- precision: share of refkit's findings the tool also reports; recall: share "
        "of the tool's findings refkit also reports; a finding is an (entry, field, "
        "kind) triple.\n"
    )
    stopped = {
        tool: sum(
            1
            for result in results
            if any(note.startswith((f"{tool} stopped", f"{tool} timed")) for note in result.notes)
        )
        for tool in ("biber", "bibtex")
    }
    for comparison in comparisons:
        name = (
            "biber --tool --validate-datamodel"
            if comparison.tool == "biber"
            else ("BibTeX plain.bst, \\nocite{*}")
        )
        model = "biblatex" if comparison.tool == "biber" else "bibtex"
        overall = comparison.overall
        out.append(f"## refkit (--data-model {model}) vs {name}\n")
        out.append(
            f"Files compared: {comparison.files} ({stopped[comparison.tool]} more where "
            f"{comparison.tool} stopped or timed out). Data-model findings: both "
            f"{overall.both}, refkit only {overall.refkit_only}, {comparison.tool} only "
            f"{overall.tool_only}. **Precision {_percent(overall.precision)}, recall "
            f"{_percent(overall.recall)}.**\n"
        )
        comparable = comparison.comparable
        out.append(
            f"Over the kinds {comparison.tool} reports at all "
            f"({', '.join(sorted(TOOL_KINDS[comparison.tool]))}): both {comparable.both}, "
            f"refkit only {comparable.refkit_only}, {comparison.tool} only "
            f"{comparable.tool_only}. **Precision {_percent(comparable.precision)}, "
            f"recall {_percent(comparable.recall)}.**\n"
        )
        chosen = comparison.chosen
        out.append(
            "Over the kinds refkit reports "
            f"({', '.join(sorted(REFKIT_REPORTS[comparison.tool]))}), "
            f"without the deliberate differences: both {chosen.both}, refkit only "
            f"{chosen.refkit_only}, {comparison.tool} only {chosen.tool_only}. **Precision "
            f"{_percent(chosen.precision)}, recall {_percent(chosen.recall)}.** Deliberate "
            "differences left out: "
            + (
                ", ".join(
                    f"{reason} {count}" for reason, count in comparison.deliberate.most_common()
                )
                or "none"
            )
            + ".\n"
        )
        out.append("| kind | both | refkit only | tool only | precision | recall |")
        out.append("| --- | ---: | ---: | ---: | ---: | ---: |")
        for label, table in (
            ("", comparison.by_kind),
            ("(not data model) ", comparison.other_kinds),
        ):
            for kind, tally in sorted(
                table.items(), key=lambda item: -sum(dataclasses.astuple(item[1]))
            ):
                out.append(
                    f"| {label}{kind} | {tally.both} | {tally.refkit_only} | "
                    f"{tally.tool_only} | {_percent(tally.precision)} | "
                    f"{_percent(tally.recall)} |"
                )
        out.append("")
        out.append(f"Top disagreements (side, kind, field), {top} largest:\n")
        for (side, kind, field), count in comparison.groups.most_common(top):
            sample = "; ".join(comparison.examples[(side, kind, field)])
            out.append(f"- {count} x {side}: {kind} `{field}` (e.g. {sample})")
        out.append("")
    notes = [(result.path, note) for result in results for note in result.notes]
    if notes:
        out.append("## Files with notes\n")
        out.extend(f"- {path}: {note}" for path, note in notes)
        out.append("")
    unparsed = collections.Counter(
        re.sub(r"'[^']*'|\"[^\"]*\"|\d+", "_", line)[:100]
        for result in results
        for lines in result.unparsed.values()
        for line in lines
    )
    if unparsed:
        out.append("## Tool messages no pattern knows (normalised, most frequent)\n")
        out.extend(f"- {count} x {line}" for line, count in unparsed.most_common(15))
        out.append("")
    return "\n".join(out)


def coverage(corpus: Path, results: Sequence[FileResult]) -> str:
    """How much of the corpus the run covers, by the manifest's approximate entry counts."""
    manifest = corpus.parent / "MANIFEST.tsv"
    if not manifest.exists():
        return ""
    sizes: dict[str, int] = {}
    for line in manifest.read_text(encoding="utf-8").splitlines()[1:]:
        columns = line.split("\t")
        if len(columns) > 6 and columns[6].isdigit():
            sizes[columns[0]] = int(columns[6])
    covered = sum(sizes.get(result.path, 0) for result in results)
    return (
        f"\n- corpus coverage: {len(results)} of {len(sizes)} files, about {covered:,} of "
        f"{sum(sizes.values()):,} entries (MANIFEST.tsv counts)"
    )


def choose(files: list[Path], sample: int | None, seed: int) -> list[Path]:
    if sample is None or sample >= len(files):
        return files
    return sorted(random.Random(seed).sample(files, sample))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="these files, not the corpus")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--sample", type=int, help="this many corpus files, chosen at random")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--outside",
        default="",
        help="draw the sample from the files outside these samples (N:SEED,...), e.g. "
        "60:15,120:16 for a development sample apart from the dev and held-out ones",
    )
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=1200.0, help="seconds per tool run")
    parser.add_argument("--examples", type=int, default=3)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument(
        "--shuffle",
        action="store_true",
        help="run the files in random order (--seed), so that a run stopped early is a sample",
    )
    parser.add_argument("--reverse", action="store_true", help="run the files in reverse order")
    parser.add_argument(
        "--cached-only",
        action="store_true",
        help="report only on the files whose tool runs are all in the cache (runs no tool)",
    )
    parser.add_argument("--markdown", type=Path, help="also write the report here")
    parser.add_argument("--json", type=Path, help="write every file's triples here")
    args = parser.parse_args(argv)

    files = sorted(args.files) if args.files else sorted(args.corpus.glob("*.bib"))
    files = [path.resolve() for path in files]
    taken: set[Path] = set()
    for spec in filter(None, args.outside.split(",")):
        size, seed = (int(part) for part in spec.split(":"))
        taken.update(choose(files, size, seed))  # each drawn from all files, as it was
    files = choose([path for path in files if path not in taken], args.sample, args.seed)
    versions = {
        "biber": tool_version(["biber", "--version"]),
        "bibtex": tool_version(["bibtex", "--version"]),
    }
    cache_root = None if args.no_cache else args.cache
    if args.shuffle:
        random.Random(args.seed).shuffle(files)
    if args.reverse:
        # A second run from the other end shares the cache with a first one still going.
        files.reverse()
    if args.cached_only:
        cache = Cache(cache_root)
        files = [
            path
            for path in files
            if all(
                cache.get(tool, version, path) is not None
                for tool, version in versions.items()
                if version is not None
            )
        ]
    started = time.perf_counter()
    results: list[FileResult] = []
    with concurrent.futures.ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futures = {
            pool.submit(process, path, versions, cache_root, args.timeout): path for path in files
        }
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            results.append(future.result())
            if done % 25 == 0 or done == len(files):
                print(
                    f"[{done}/{len(files)}] {time.perf_counter() - started:.0f} s",
                    file=sys.stderr,
                    flush=True,
                )
    results.sort(key=lambda result: result.path)
    comparisons = [
        compare(results, tool, args.examples)
        for tool in ("biber", "bibtex")
        if versions[tool] is not None
    ]
    report = render(comparisons, results, versions, args.top, time.perf_counter() - started)
    report = report.replace("\n", f"\n{coverage(args.corpus, results)}", 1)
    print(report)
    if args.markdown:
        args.markdown.write_text(report + "\n", encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps([dataclasses.asdict(r) for r in results]), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
