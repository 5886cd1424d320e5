"""Cross-entry family (RK7xx): duplicate works, dangling crossrefs, undefined and unused macros.

Every rule here sees the whole file.  Comparisons are bucketed (by DOI, or by year and
first author) so that a 60,000-entry file is still checked in linear time.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from refkit.bib.model import (
    MONTH_MACROS,
    Bibliography,
    Block,
    Delimiter,
    Entry,
    Field,
    StringBlock,
    value_parts,
)
from refkit.core.diagnostics import Diagnostic, Severity
from refkit.lint.index import (
    EntryDigest,
    digest_of,
    entries_with,
    entry_digest,
    entry_fields,
    file_field_names,
    file_memo,
    plain_value,
)
from refkit.lint.rules.base import BibliographyRule, CheckContext, DataModel, Rule
from refkit.lint.rules.identifiers import bare_doi

_NOT_WORD = re.compile(r"\\[a-z]+\s*|[\W_]+")
_ONLY_NUMBERING = re.compile(r"[0-9ivx]+")
_COMPANION_WORDS = (
    "companion", "supplement", "erratum", "errata", "corrigendum", "reply", "comment",
    "extended", "abstract", "workshop", "poster", "volume", "part",
)
_NEAR = 0.92
_MAX_BUCKET = 40
_MIN_TITLE = 15


_PUNCTUATION = str.maketrans("", "", " \t\r\n{}.,;:!?'\"`()[]-/$~*&%#_^<>=+@|")


def _normal(text: str) -> str:
    """Lower-case letters and digits only; LaTeX command names and punctuation dropped."""
    if "\\" in text:
        return _NOT_WORD.sub("", text.lower())
    lowered = text.lower().translate(_PUNCTUATION)
    return lowered if lowered.isalnum() or not lowered else _NOT_WORD.sub("", lowered)


_TALK_TYPES = frozenset({"misc", "unpublished"})
_DETAILS = ("pages", "volume", "number", "doi", "edition")
_LINK_SET = frozenset({"crossref", "xref", "xdata", "entryset", "related"})
_LINKS = ("crossref", "xref", "xdata", "entryset", "related")


_FIRST_NAME = re.compile(r"(?<!\s)\s+and\s+", re.IGNORECASE)


def _first_family(item: Field | None) -> str:
    """The first name's family part, roughly (only used to bucket entries)."""
    if item is None:
        return ""
    first = _FIRST_NAME.split(plain_value(item).strip(), maxsplit=1)[0]
    family = first.split(",", 1)[0] if "," in first else (first.split() or [""])[-1]
    return _normal(family)


def _distinct_by_difference(one: str, two: str) -> bool:
    """Whether two near-equal titles differ only in numbering (part I/II, volume 2) or
    by a word that marks a companion work (companion, supplement, erratum, reply)."""
    matcher = difflib.SequenceMatcher(None, one, two, autojunk=False)
    changes = [
        one[i1:i2] + two[j1:j2]
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
    if all(_ONLY_NUMBERING.fullmatch(changed) for changed in changes):
        return True
    joined = "".join(changes)
    return any(word in joined for word in _COMPANION_WORDS)


def _line(entry: Entry) -> str:
    span = entry.key_span
    return f" (line {span.start_line})" if span is not None else ""


@dataclass
class _Work:
    """What duplicate detection compares of one entry, read once."""

    entry: Entry
    title: str
    fields: EntryDigest
    doi: str
    links: str

    def detail(self, name: str) -> str | None:
        if name == "doi":
            return self.doi or None
        item = self.fields.get(name)
        return _normal(plain_value(item)) if item is not None else None


@dataclass(frozen=True)
class DuplicatePair:
    """An entry that repeats an earlier one (RK701's finding, also ``refkit merge``'s
    candidates): the entries with the indexes they were given, and the DOI field the
    match rests on (None: the title, year and first author)."""

    index: int
    entry: Entry
    earlier_index: int
    earlier: Entry
    doi_field: Field | None = None


def duplicate_pairs(
    entries: Iterable[tuple[int, Entry]],
    digest: Callable[[Entry], EntryDigest] = digest_of,
) -> Iterator[DuplicatePair]:
    """Each entry that is the same work as an earlier one, paired with the first such.

    The one definition of a duplicate (RK701): the same DOI (case-insensitively,
    resolver prefixes aside) unless one entry links to the other or their titles
    clearly differ; else a near-equal title with the same year and first author's
    family name, unless their pages, volumes, issues, DOIs or editions differ, one
    links to the other, or they are talks at different venues.  ``entries`` may come
    from several files (their indexes then need only be distinct).
    """
    by_doi: dict[str, tuple[int, _Work]] = {}
    buckets: dict[tuple[str, str], list[tuple[int, _Work]]] = defaultdict(list)
    for index, entry in entries:
        if entry.type in ("xdata", "set"):
            continue
        fields = digest(entry)
        links = ""
        if not _LINK_SET.isdisjoint(fields.keys()):
            links = " ".join(plain_value(fields[name]).lower() for name in _LINKS if name in fields)
        doi_field = fields.get("doi")
        doi = bare_doi(plain_value(doi_field)) if doi_field is not None else ""
        if not doi.startswith("10."):
            doi = ""
        work = _Work(entry, "", fields, doi, links)
        if doi:
            earlier_index, earlier = by_doi.setdefault(doi, (index, work))
            if (
                earlier is not work
                and not _related(earlier, work)
                and not _different_titles(earlier, work)
            ):
                yield DuplicatePair(index, entry, earlier_index, earlier.entry, doi_field)
                continue
        title_field = fields.get("title")
        year_field = fields.get("year") or fields.get("date")
        if title_field is None or year_field is None:
            continue
        work.title = _normal(plain_value(title_field))
        year = plain_value(year_field).strip(" {}")[:4]
        family = _first_family(fields.get("author") or fields.get("editor"))
        if len(work.title) < _MIN_TITLE or not year or not family:
            continue
        bucket = buckets[(year, family)]
        match = _match(work, bucket)
        if match is not None:
            yield DuplicatePair(index, entry, match[0], match[1].entry)
        bucket.append((index, work))


def _match(work: _Work, bucket: list[tuple[int, _Work]]) -> tuple[int, _Work] | None:
    title = work.title
    for found in bucket[:_MAX_BUCKET]:
        other = found[1]
        other_title = other.title
        if other_title != title:
            if abs(len(other_title) - len(title)) > len(title) * (1 - _NEAR):
                continue
            matcher = difflib.SequenceMatcher(None, other_title, title, autojunk=False)
            if matcher.quick_ratio() < _NEAR or matcher.ratio() < _NEAR:
                continue
            if _distinct_by_difference(other_title, title):
                continue
        if _separate_talks(other, work):
            continue
        if any(_conflict(other, work, name) for name in _DETAILS):
            continue
        if _related(other, work) or "related" in other.fields or "related" in work.fields:
            continue
        return found
    return None


def _different_titles(one: _Work, two: _Work) -> bool:
    """Whether two entries sharing a DOI have clearly different titles: chapters or
    papers carrying their container's DOI, not the same work twice."""
    first, second = one.fields.get("title"), two.fields.get("title")
    if first is None or second is None:
        return False
    left, right = _normal(plain_value(first)), _normal(plain_value(second))
    if not left or not right or left == right:
        return False
    return difflib.SequenceMatcher(None, left, right, autojunk=False).ratio() < _NEAR


def _separate_talks(one: _Work, two: _Work) -> bool:
    """Two @misc or @unpublished items (talks, posters) given at different venues."""
    if one.entry.type not in _TALK_TYPES or two.entry.type not in _TALK_TYPES:
        return False
    return any(_conflict(one, two, name) for name in ("note", "howpublished"))


def _conflict(one: _Work, two: _Work, name: str) -> bool:
    first = one.detail(name)
    if first is None:
        return False
    second = two.detail(name)
    return second is not None and first != second


def _related(one: _Work, two: _Work) -> bool:
    """Whether one entry points at the other (crossref, xref, xdata, set)."""
    return (bool(one.links) and two.entry.key.lower() in one.links) or (
        bool(two.links) and one.entry.key.lower() in two.links
    )


class DuplicateEntry(BibliographyRule):
    """The same work appears under two keys.

    Same DOI (compared case-insensitively, resolver prefixes ignored), or a near-equal
    title with the same year and first author's family name, unless their pages,
    volumes, issues or DOIs differ (``duplicate_pairs``; ``refkit merge`` merges
    these, when they also pass its stricter policy).

    Bad:  @article{smith2020, doi = {10.1000/x}} and @article{smith2020b, doi = {10.1000/X}}
    Good: one entry, cited by one key
    """

    code = "RK701"
    name = "duplicate-entry"
    severity = Severity.WARNING
    family = "crossentry"

    def check_bibliography(self, context: CheckContext) -> Iterator[Diagnostic]:
        pairs = duplicate_pairs(
            context.bibliography.indexed_entries(), lambda entry: entry_fields(context, entry)
        )
        for pair in pairs:
            if pair.doi_field is not None:
                message = (
                    f"same DOI as {pair.earlier.key!r}{_line(pair.earlier)}: the same work twice?"
                )
            else:
                message = (
                    f"same title, year and first author as {pair.earlier.key!r}"
                    f"{_line(pair.earlier)}: the same work twice?"
                )
            yield self.diagnostic(
                context, message, entry=pair.entry, block_index=pair.index, field=pair.doi_field
            )


def _companions(context: CheckContext) -> list[Bibliography]:
    """The files named by the ``companion-files`` option, read once per check.

    Projects often split a bibliography: ``@string`` abbreviations in one file,
    proceedings targets of ``crossref`` in another, all passed to BibTeX together.
    Their macros and keys count as defined.  Paths are relative to the checked file.
    """
    memo = file_memo(context)
    found = memo.get("companions")
    if isinstance(found, list):
        return found
    from refkit.bib.io import load
    from refkit.core.errors import InputError

    names = context.options.get("companion-files") or ()
    if isinstance(names, str):
        names = [names]
    base = Path(context.path).parent if context.path else Path.cwd()
    companions: list[Bibliography] = []
    for name in names if isinstance(names, (list, tuple)) else ():
        path = Path(str(name))
        try:
            companions.append(load(str(path if path.is_absolute() else base / path)))
        except (OSError, InputError):
            continue
    memo["companions"] = companions
    return companions


_PARENT_FIELDS = ("crossref", "xref", "xdata")
_PARENT_NEEDLES = ("crossref", "xref", "xdata")
_LINK_NAMES = frozenset(_PARENT_NEEDLES)


class MissingCrossref(BibliographyRule):
    """A ``crossref``, ``xref`` or ``xdata`` field names an entry that is not in the file.

    Keys are compared case-sensitively; a target that differs only in case is reported
    as such.  Entries of the files listed in the ``companion-files`` option count.

    Bad:  @inproceedings{a, crossref = {proc2020}}   (no @proceedings{proc2020})
    Good: @inproceedings{a, crossref = {proc2020}} and @proceedings{proc2020, ...}
    """

    code = "RK702"
    name = "missing-crossref"
    severity = Severity.ERROR
    family = "crossentry"

    def check_bibliography(self, context: CheckContext) -> Iterator[Diagnostic]:
        if _LINK_NAMES.isdisjoint(file_field_names(context)):
            return  # no entry of the file has a crossref, xref or xdata field
        entries = list(context.bibliography.indexed_entries())
        keys = {entry.key for _, entry in entries}
        for companion in _companions(context):
            keys.update(entry.key for entry in companion.entries)
        folded = {key.lower(): key for key in keys}
        for index, entry in entries_with(context, _PARENT_NEEDLES):
            fields = entry_fields(context, entry)
            for item in (fields[name] for name in _PARENT_FIELDS if name in fields):
                for target in (part.strip() for part in plain_value(item).split(",")):
                    if not target or target in keys:
                        continue
                    near = folded.get(target.lower())
                    if near is not None:
                        message = (
                            f"{item.name} {target!r} matches {near!r} only when case is ignored"
                        )
                    else:
                        message = f"{item.name} names {target!r}, which is not in the file"
                    yield self.diagnostic(
                        context, message, entry=entry, block_index=index, field=item
                    )


#: Macros the standard BibTeX styles (plain.bst and its family) define besides months.
STYLE_MACROS = frozenset(
    {"acmcs", "acta", "cacm", "ibmjrd", "ibmsj", "ieeese", "ieeetc", "ieeetcad", "ipl",
     "jacm", "jcss", "scp", "sicomp", "tocs", "tods", "tog", "toms", "toois", "toplas", "tcs"}
)


#: One bare macro name (a name may not start with a digit, so numbers never match).
_SIMPLE_MACRO = re.compile(r"[^\W\d][^\s#{}\",=()%']*")


def _bare_parts(field: Field) -> list[str]:
    raw = field.raw
    if raw[:1] in '{"' and "#" not in raw:
        return []
    if _SIMPLE_MACRO.fullmatch(raw):
        return [raw]  # the common case, "month = jan", without splitting the value
    return [
        content
        for kind, content in value_parts(raw)
        if kind is Delimiter.BARE and not content.isdigit()
    ]


def _macro_uses(context: CheckContext) -> list[tuple[int, Block, Field, str]]:
    """Every bare macro name used in an entry or @string value, once per file."""
    memo = file_memo(context)
    found = memo.get("macro-uses")
    if isinstance(found, list):
        return found
    bibliography = context.bibliography
    uses: list[tuple[int, Block, Field, str]] = []
    for index, block in enumerate(bibliography.blocks):
        if isinstance(block, Entry):
            fields: Iterable[Field] = entry_digest(context, block).bare
        elif isinstance(block, StringBlock):
            fields = (block.field,)
        else:
            continue
        for item in fields:
            uses.extend((index, block, item, name) for name in _bare_parts(item))
    memo["macro-uses"] = uses
    return uses


class UndefinedString(BibliographyRule):
    """A field uses an ``@string`` macro that is not defined before it in the file.

    BibTeX and biber define a macro where its ``@string`` stands, so a use above the
    definition, or in the definition itself, is undefined for them.

    Month macros (jan..dec) are known, and so are the macros of the files listed in the
    ``companion-files`` option; the journal macros of the standard styles (``ipl``,
    ``jacm``, ...) only under BibTeX: biber does not define them.

    Bad:  journal = jgr      (no @string{jgr = ...})
    Bad:  @article{a, journal = jgr}  @string{jgr = {...}}   (used above its definition)
    Good: @string{jgr = {Journal of Geophysical Research}} ... journal = jgr
    """

    code = "RK703"
    name = "undefined-string"
    severity = Severity.ERROR
    family = "crossentry"

    def check_bibliography(self, context: CheckContext) -> Iterator[Diagnostic]:
        bibliography = context.bibliography
        # BibTeX and biber read a file in order: a macro is defined from its @string on,
        # so a use before it (or inside its own definition) is undefined for them.
        defined_at: dict[str, int] = {}
        for index, block in enumerate(bibliography.blocks):
            if isinstance(block, StringBlock):
                defined_at.setdefault(block.name.lower(), index)
        always: set[str] = set()
        for companion in _companions(context):
            always.update(companion.macros)
        # The .bst files define the journal macros (ipl, jacm, ...); biber knows only the
        # months, so under biblatex those macros are undefined and the field is empty.
        style_macros = STYLE_MACROS if context.data_model is DataModel.BIBTEX else frozenset()
        for index, block, item, name in _macro_uses(context):
            folded = name.lower()
            if folded in always or folded in MONTH_MACROS or folded in style_macros:
                continue
            first = defined_at.get(folded)
            if first is not None and first < index:
                continue
            if first is None:
                message = f"the macro {name!r} is not defined by any @string in the file"
            else:
                span = bibliography.blocks[first].span
                where = f" (line {span.start_line})" if span is not None else ""
                message = (
                    f"the macro {name!r} is used before its @string definition{where}:"
                    " BibTeX and biber read it as undefined"
                )
            yield self.diagnostic(
                context,
                message,
                entry=block if isinstance(block, Entry) else None,
                block_index=index,
                field=item,
                block=block,
            )


class UnusedString(BibliographyRule):
    """An ``@string`` macro is defined but no entry or other macro uses it.

    Files that hold only ``@string`` definitions (shared abbreviation files) are skipped.

    Bad:  @string{jgr = {Journal of Geophysical Research}}   (never used)
    Good: @string{jgr = {...}} ... journal = jgr
    """

    code = "RK704"
    name = "unused-string"
    severity = Severity.INFO
    family = "crossentry"

    def check_bibliography(self, context: CheckContext) -> Iterator[Diagnostic]:
        bibliography = context.bibliography
        strings = [
            (index, block)
            for index, block in enumerate(bibliography.blocks)
            if isinstance(block, StringBlock)
        ]
        if not strings or not bibliography.entries:
            return
        used = {name.lower() for _, _, _, name in _macro_uses(context)}
        for index, block in strings:
            if block.name.lower() not in used:
                yield self.diagnostic(
                    context,
                    f"the macro {block.name!r} is never used",
                    block_index=index,
                    field=block.field,
                    block=block,
                )


def rules() -> list[Rule]:
    return [DuplicateEntry(), MissingCrossref(), UndefinedString(), UnusedString()]
