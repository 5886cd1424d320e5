"""Conversions between BibTeX and CSL-JSON that keep every field.

CSL has no variable for many BibTeX fields (``eprint``, ``eid``, ``options``, ``crossref``,
``adsurl``, ...).  On the way to CSL-JSON they are carried in the item's ``note``, one
``name: value`` line each after the entry's own note: citeproc-js reads such lines as
CSL variables where the name is one, and on the way back they become fields again.  CSL
variables with no BibTeX field become fields of the same name (BibTeX and biber ignore
fields they do not know).  What neither way can keep is reported as a ``Loss``: LaTeX
math in a field CSL reads as text, a value CSL-JSON cannot hold.

Provenance lines keep what CSL's reading of an entry loses, so that the way back writes
the entry biber read (each names no field):

* ``entrytype:`` the BibTeX entry type, when the CSL type does not give it back (@techreport
  and @report are both ``report``; @xdata and custom types have no CSL type);
* ``publisher-field:`` / ``container-field:`` the field CSL's ``publisher`` /
  ``container-title`` came from, when the way back would write another (a @software's
  ``institution``, a ``journal`` of a type CSL reads as ``article``);
* ``inherited:`` the fields the item took from its ``crossref`` parent, which the way back
  leaves to the (carried) ``crossref`` rather than writing them into the child;
* ``source-fields:`` fields read into a CSL variable that the way back writes under another
  name (``language`` read as CSL ``language`` comes back as biblatex's ``langid``, an
  article's ``issue`` as ``number``, ``titleaddon`` as ``type``, a ``howpublished`` URL as
  ``url``), so that they come back under their own;
* ``note-lines:`` how many lines of ``note`` are the entry's own note, when one of them
  reads like a carried line (``doi: 10.1177/...; 23``) and would otherwise become a field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from refkit.bib.braces import is_balanced
from refkit.bib.entrytypes import STANDARD_BIBTEX_TYPES
from refkit.bib.model import Bibliography, Entry
from refkit.bib.months import month_macro
from refkit.cite.csljson import (
    CSL_TO_BIBLATEX,
    DATE_FIELDS,
    THESIS_GENRES,
    VARIABLE_TARGETS,
    CslItem,
    DataModelName,
    bib_name,
    container_field,
    csl_to_entry,
    iso_from_parts,
    key_for,
    publisher_field,
    to_csl,
)
from refkit.cite.latex_text import latex_escape, latex_string
from refkit.core.losses import Loss

__all__ = ["Loss", "entries_to_csl", "items_to_bib", "split_note"]

#: A carried line: a field name as BibTeX writes them, a colon, a space, the value.
_CARRIED = re.compile(r"^([a-z_][a-z0-9_+.:-]*): (.*)$")
#: Inline or display math, which CSL's text variables cannot hold.
_MATH = re.compile(r"(?<!\\)\$")
_NAME_FIELDS: Mapping[str, str] = {
    "author": "author",
    "editor": "editor",
    "translator": "translator",
    "container-author": "bookauthor",
}
_DATE_VARIABLES: Mapping[str, str] = {variable: name for name, variable in DATE_FIELDS.items()}
#: Fields CSL reads as plain text, where math cannot survive.
_STRUCTURAL = frozenset({"id", "type", "note", "container-title", "citation-key"})
#: The provenance lines (see the module's note); they name no field.
ENTRY_TYPE_LINE = "entrytype"
PUBLISHER_LINE = "publisher-field"
CONTAINER_LINE = "container-field"
INHERITED_LINE = "inherited"
SOURCE_FIELDS_LINE = "source-fields"
NOTE_LINES_LINE = "note-lines"
_PROVENANCE = frozenset(
    {
        ENTRY_TYPE_LINE,
        PUBLISHER_LINE,
        CONTAINER_LINE,
        INHERITED_LINE,
        SOURCE_FIELDS_LINE,
        NOTE_LINES_LINE,
    }
)
#: Fields whose CSL variable the way back may write under another name: the variable, and
#: the names the way back can write it under.
_RENAMED_SOURCES: Mapping[str, tuple[str, tuple[str, ...]]] = {
    "language": ("language", ("langid",)),
    "issue": ("issue", ("number",)),
    "titleaddon": ("genre", ("type",)),
    "howpublished": ("URL", ("url",)),
}
#: Fields CSL reads as ``publisher``, in the order ``to_csl`` prefers them.
_PUBLISHER_FIELDS = ("publisher", "institution", "school", "organization", "howpublished")
#: Fields CSL reads as ``container-title``, in the order ``to_csl`` prefers them.
_CONTAINER_FIELDS = ("journaltitle", "journal", "booktitle", "maintitle")
#: Names biber reads as one field (so that writing the other needs no provenance line).
_SAME_FIELD: Mapping[str, str] = {"journal": "journaltitle"}


def entries_to_csl(
    bib: Bibliography, *, keep_title_case: bool = False
) -> tuple[list[CslItem], list[Loss]]:
    """Every entry as a CSL item, the fields CSL has no variable for carried in ``note``."""
    items: list[CslItem] = []
    losses: list[Loss] = []
    first = bib.first_by_key()
    for entry in bib.entries:
        used: set[str] = set()
        item = to_csl(entry, first, keep_title_case=keep_title_case, used=used)
        lines: list[str] = []
        for field in entry.fields:
            value = re.sub(r"\s+", " ", field.resolved).strip()
            if field.key not in used or field.key in _SUBTITLE_OF:
                # A subtitle is in the CSL title too; its line lets it split off again.
                lines.append(f"{field.key}: {value}")
            elif field.key not in {"url", "doi"} and _MATH.search(field.resolved):
                line = field.span.start_line if field.span is not None else None
                losses.append(
                    Loss(entry.key, field.key, "LaTeX math has no form in CSL-JSON", line)
                )
        lines.extend(_provenance(entry, item, used))
        if lines:
            own = str(item.get("note", ""))
            own_lines = own.split("\n") if own else []
            if any(_CARRIED.match(line) for line in own_lines):
                lines.append(f"{NOTE_LINES_LINE}: {len(own_lines)}")
            item["note"] = "\n".join([*own_lines, *lines])
        items.append(item)
    return items, losses


def _provenance(entry: Entry, item: CslItem, used: set[str]) -> list[str]:
    """The provenance lines the way back needs (the module's note)."""
    lines: list[str] = []
    kind = str(item.get("type", "article"))
    back_type = CSL_TO_BIBLATEX.get(kind, ("misc", ""))[0]  # what csl_to_entry writes
    if back_type != entry.type:
        lines.append(f"{ENTRY_TYPE_LINE}: {entry.type}")
    for variable, line, names, written in (
        ("publisher", PUBLISHER_LINE, _PUBLISHER_FIELDS, publisher_field(kind, back_type, True)),
        ("container-title", CONTAINER_LINE, _CONTAINER_FIELDS, container_field(kind, True)),
    ):
        source = next((name for name in names if name in used), None)
        same = source is not None and _SAME_FIELD.get(source, source) == _SAME_FIELD.get(
            written, written
        )
        if variable in item and source is not None and not same:
            lines.append(f"{line}: {source}")
    inherited = sorted(name for name in used if name not in entry)
    if inherited and "crossref" in entry:
        lines.append(f"{INHERITED_LINE}: {' '.join(inherited)}")
    renamed = [
        name
        for name, (variable, written) in _RENAMED_SOURCES.items()
        if name in used
        and name in entry
        and variable in item
        and not any(other in entry for other in written)
    ]
    if renamed:
        lines.append(f"{SOURCE_FIELDS_LINE}: {' '.join(renamed)}")
    return lines


def split_note(note: str) -> tuple[str, list[tuple[str, str]]]:
    """A CSL note as the entry's own note and its carried ``(field, value)`` lines."""
    own: list[str] = []
    carried: list[tuple[str, str]] = []
    lines = note.split("\n")
    counted = re.fullmatch(rf"{NOTE_LINES_LINE}: (\d+)", lines[-1]) if lines else None
    if counted is not None:
        # the first lines are the entry's own note, however they read
        own_count = min(int(counted.group(1)), len(lines) - 1)
        own.extend(lines[:own_count])
        lines = lines[own_count:]
    for line in lines:
        match = _CARRIED.match(line)
        if match:
            carried.append((match.group(1), match.group(2)))
        else:
            own.append(line)
    return "\n".join(own).strip(), carried


def items_to_bib(
    items: Sequence[Mapping[str, Any]], model: DataModelName = "biblatex"
) -> tuple[str, list[Loss]]:
    """CSL items as BibTeX text; carried note lines and unmapped variables become fields."""
    used_keys: set[str] = set()
    chunks: list[str] = []
    losses: list[Loss] = []
    for number, item in enumerate(items, start=1):
        key = key_for(item, number, used_keys)
        mapped = dict(item)
        carried: list[tuple[str, str]] = []
        if isinstance(item.get("note"), str):
            own, carried = split_note(str(item["note"]))
            if own:
                mapped["note"] = own
            else:
                mapped.pop("note")
        entry = csl_to_entry(mapped, model, key)
        provenance = carried
        carried = _restore_provenance(entry, carried, model)
        for name, value in carried:
            value = value if is_balanced(value) else latex_escape(value)
            if name in _SUBTITLE_OF:
                _split_subtitle(entry, _SUBTITLE_OF[name], value)
            elif name in entry and name in _ALTERNATIVE and _ALTERNATIVE[name] not in entry:
                # The mapped value came from the other field of a pair (language/langid).
                entry.rename_field_at(
                    entry.position_of(entry.fields_named(name)[0]), _ALTERNATIVE[name]
                )
            _add(entry, name, value, losses)
        for variable, name, value in _unmapped(mapped, model, entry):
            text = _field_text(value)
            if text is None:
                losses.append(Loss(key, variable, "this CSL value has no BibTeX form"))
            else:
                _add(entry, name, text, losses)
        _drop_inherited(entry, provenance, item)
        chunks.append(entry.format())
    return "\n\n".join(chunks) + ("\n" if chunks else ""), losses


def _restore_provenance(
    entry: Entry, carried: list[tuple[str, str]], model: DataModelName
) -> list[tuple[str, str]]:
    """Apply the provenance lines to ``entry``; the other carried lines are returned."""
    lines = dict(carried)
    entry_type = lines.get(ENTRY_TYPE_LINE, "").strip().lower()
    if entry_type and (model == "biblatex" or entry_type in STANDARD_BIBTEX_TYPES):
        written = entry.type
        entry.set_type(entry_type)
        genre = entry.field("type")
        # csl_to_entry wrote a @thesis's genre as its type; @phdthesis says it by itself.
        if (
            genre is not None
            and written == "thesis"
            and THESIS_GENRES.get(entry_type) == genre.text
        ):
            entry.remove_at(entry.position_of(genre))
    for line, names in ((PUBLISHER_LINE, _PUBLISHER_FIELDS), (CONTAINER_LINE, _CONTAINER_FIELDS)):
        source = lines.get(line, "").strip().lower()
        if source in names and source not in entry:
            written_as = next((name for name in names if name in entry), None)
            if written_as is not None:
                entry.rename_field_at(entry.position_of(entry.fields_named(written_as)[0]), source)
    for source in lines.get(SOURCE_FIELDS_LINE, "").split():
        if source not in _RENAMED_SOURCES or source in entry:
            continue
        written_as = next((name for name in _RENAMED_SOURCES[source][1] if name in entry), None)
        if written_as is None:
            continue
        position = entry.position_of(entry.fields_named(written_as)[0])
        if source == "howpublished":
            # the URL came out of a \url{...} (or \href) in howpublished
            entry.set_at(position, "\\url{" + entry.fields[position].value + "}")
        entry.rename_field_at(position, source)
    return [(name, value) for name, value in carried if name not in _PROVENANCE]


def _drop_inherited(
    entry: Entry, carried: Sequence[tuple[str, str]], item: Mapping[str, Any]
) -> None:
    """Leave the fields the item took from its ``crossref`` parent to the parent again."""
    lines = dict(carried)
    if "crossref" not in lines:
        return
    inherited = set(lines.get(INHERITED_LINE, "").split())
    if inherited & {"year", "date"}:
        # the parent's year, written as the child's date, goes (a child with a year of its
        # own keeps its date, even if the parent gave it a month)
        inherited.add("date")
        parts = _issued_parts(item)
        if "month" not in inherited and len(parts) > 1 and "date" in entry:
            # the child's own month stays, as a field of its own beside the parent's year
            entry.set("month", str(parts[1]))
            entry.set_raw_at(
                entry.position_of(entry.fields_named("month")[0]), month_macro(parts[1])
            )
    for name in sorted(inherited):
        entry.remove(name)
        if name in _RENAMED_SOURCES:
            # an inherited titleaddon came back as the child's type: the parent's again
            for written in _RENAMED_SOURCES[name][1]:
                entry.remove(written)


def _issued_parts(item: Mapping[str, Any]) -> list[int]:
    issued = item.get("issued")
    parts = issued.get("date-parts") if isinstance(issued, Mapping) else None
    if isinstance(parts, list) and parts and isinstance(parts[0], list):
        first = parts[0]
        if (
            all(isinstance(part, int) for part in first)
            and len(first) >= 1
            and (len(first) < 2 or 1 <= first[1] <= 12)
        ):
            return list(first)
    return []


#: Subtitle fields and the title fields CSL joins them to.
_SUBTITLE_OF: Mapping[str, str] = {
    "subtitle": "title",
    "booksubtitle": "booktitle",
    "mainsubtitle": "maintitle",
    "journalsubtitle": "journaltitle",
}
#: Fields read into one CSL variable: when both were there, the carried one is the other.
_ALTERNATIVE: Mapping[str, str] = {
    "langid": "language",
    "language": "langid",
    "journal": "journaltitle",
    "journaltitle": "journal",
    "address": "location",
    "location": "address",
}


def _split_subtitle(entry: Entry, title: str, subtitle: str) -> None:
    """Take the subtitle off the end of the joined CSL title again."""
    found = entry.field(title)
    if found is None:
        return
    value = found.value
    for joint in (": ", " "):
        if value.lower().endswith((joint + subtitle).lower()):
            entry.set_at(entry.position_of(found), value[: -len(joint + subtitle)])
            return


def _add(entry: Entry, name: str, value: str, losses: list[Loss]) -> None:
    if name in entry:
        if entry.get(name) != value:
            losses.append(Loss(entry.key, name, f"a second {name} value {value!r} was dropped"))
        return
    entry.set(name, value)


def _unmapped(
    item: Mapping[str, Any], model: DataModelName, entry: Entry
) -> Iterator[tuple[str, str, Any]]:
    """``(variable, field, value)`` of the variables ``csl_to_entry`` wrote no field for."""
    index = 0 if model == "biblatex" else 1
    for variable, value in item.items():
        if variable in _STRUCTURAL or value in (None, "", []):
            continue
        if variable in _NAME_FIELDS:
            name = _NAME_FIELDS[variable]
        elif variable in _DATE_VARIABLES:
            name = _DATE_VARIABLES[variable]
            if name == "date" and ("year" in entry or "date" in entry):
                continue
        elif variable in VARIABLE_TARGETS:
            if _written(entry, value):
                continue
            targets = VARIABLE_TARGETS[variable]
            name = targets[index] or targets[0] or variable.lower()
            if name in entry:
                name = variable.lower()
        else:
            name = variable.lower()
        if name not in entry:
            yield variable, name, value


def _written(entry: Entry, value: Any) -> bool:
    """Whether some field already holds ``value`` (mapped under a type-dependent name)."""
    text = str(value)
    # CSL titles carry markup (nocase spans), which the writer turned into braces.
    forms = {latex_escape(text), latex_string(text)}
    return any(field.text == text or field.value in forms for field in entry.fields)


def _field_text(value: Any) -> str | None:
    if isinstance(value, str):
        return latex_escape(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list) and all(isinstance(name, Mapping) for name in value):
        return " and ".join(bib_name(name) for name in value)
    if isinstance(value, Mapping):
        parts = value.get("date-parts")
        if isinstance(parts, list) and parts and all(isinstance(part, list) for part in parts):
            return "/".join(filter(None, (iso_from_parts(part) for part in parts if part))) or None
        literal = value.get("literal") or value.get("raw")
        return latex_escape(str(literal)) if literal else None
    return None
