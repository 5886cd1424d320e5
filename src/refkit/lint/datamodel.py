"""The BibTeX and biblatex data models as declarative tables.

Entry types, the fields each type requires, and the fields each model knows, after
the BibTeX documentation (``btxdoc``: the 14 standard types of the standard styles)
and the biblatex manual (§2.1 entry types, §2.2 fields, §2.3 usage notes and
aliases).  A required field is a tuple of alternatives: ``("author", "editor")``
means either will do.  Field aliases are resolved before the required fields are
looked up (``journal`` counts as ``journaltitle`` under biblatex, and so on).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, KeysView, Mapping, Sequence
from sys import intern
from typing import TYPE_CHECKING

from refkit.bib.model import Bibliography, Delimiter, Entry, Field

if TYPE_CHECKING:
    from refkit.lint.rules.base import CheckContext

__all__ = [
    "BIBLATEX_FIELDS",
    "BIBLATEX_FIELD_ALIASES",
    "BIBLATEX_REQUIRED",
    "BIBLATEX_TYPES",
    "BIBLATEX_TYPE_ALIASES",
    "BIBTEX_FIELDS",
    "BIBTEX_REQUIRED",
    "BIBTEX_TYPES",
    "COMMON_EXTRA_FIELDS",
    "VERBATIM_FIELDS",
    "EntryDigest",
    "entries_with",
    "entry_digest",
    "entry_fields",
    "file_memo",
    "has_repeated_fields",
    "is_known_field",
    "may_contain",
    "may_match",
    "plain_value",
]

Required = tuple[tuple[str, ...], ...]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_YEAR: tuple[str, ...] = ("year",)
_AUTHOR_OR_EDITOR = ("author", "editor")

#: Required fields of the standard BibTeX styles (btxdoc §3.1).
BIBTEX_REQUIRED: Mapping[str, Required] = {
    "article": (("author",), ("title",), ("journal",), _YEAR),
    "book": (_AUTHOR_OR_EDITOR, ("title",), ("publisher",), _YEAR),
    "booklet": (("title",),),
    "conference": (("author",), ("title",), ("booktitle",), _YEAR),
    "inbook": (_AUTHOR_OR_EDITOR, ("title",), ("chapter", "pages"), ("publisher",), _YEAR),
    "incollection": (("author",), ("title",), ("booktitle",), ("publisher",), _YEAR),
    "inproceedings": (("author",), ("title",), ("booktitle",), _YEAR),
    "manual": (("title",),),
    "mastersthesis": (("author",), ("title",), ("school",), _YEAR),
    "misc": (),
    "phdthesis": (("author",), ("title",), ("school",), _YEAR),
    "proceedings": (("title",), _YEAR),
    "techreport": (("author",), ("title",), ("institution",), _YEAR),
    "unpublished": (("author",), ("title",), ("note",)),
}

#: Types the BibTeX model accepts: the standard 14 and those widespread styles
#: (IEEEtran, natbib-based, biblatex-compatible .bst files) define.
BIBTEX_TYPES = frozenset(BIBTEX_REQUIRED) | frozenset(
    {
        "electronic",
        "online",
        "www",
        "webpage",
        "patent",
        "periodical",
        "standard",
        "dataset",
        "software",
        "thesis",
        "report",
        "collection",
        "ieeetranbstctl",
    }
)

_DATE = ("date", "year")

#: Required fields per biblatex type (biblatex manual §2.1.1), aliases resolved.
BIBLATEX_REQUIRED: Mapping[str, Required] = {
    "article": (("author",), ("title",), ("journaltitle",), _DATE),
    # The manual lists author; an edited volume filed as @book is common and
    # every standard style handles it, so an editor is accepted.
    "book": (_AUTHOR_OR_EDITOR, ("title",), _DATE),
    "mvbook": (_AUTHOR_OR_EDITOR, ("title",), _DATE),
    "inbook": (("author",), ("title",), ("booktitle",), _DATE),
    "bookinbook": (("author",), ("title",), ("booktitle",), _DATE),
    "suppbook": (("author",), ("title",), ("booktitle",), _DATE),
    "booklet": (_AUTHOR_OR_EDITOR, ("title",), _DATE),
    "collection": (("editor",), ("title",), _DATE),
    "mvcollection": (("editor",), ("title",), _DATE),
    "incollection": (("author",), ("title",), ("booktitle",), _DATE),
    "suppcollection": (("author",), ("title",), ("booktitle",), _DATE),
    "dataset": (_AUTHOR_OR_EDITOR, ("title",), _DATE),
    "manual": (_AUTHOR_OR_EDITOR, ("title",), _DATE),
    "misc": (_AUTHOR_OR_EDITOR, ("title",), _DATE),
    "online": (_AUTHOR_OR_EDITOR, ("title",), _DATE, ("url", "doi", "eprint")),
    "patent": (("author",), ("title",), ("number",), _DATE),
    "periodical": (("editor",), ("title",), _DATE),
    "suppperiodical": (("author",), ("title",), ("journaltitle",), _DATE),
    "proceedings": (("title",), _DATE),
    "mvproceedings": (("title",), _DATE),
    "inproceedings": (("author",), ("title",), ("booktitle",), _DATE),
    "reference": (("editor",), ("title",), _DATE),
    "mvreference": (("editor",), ("title",), _DATE),
    "inreference": (("author",), ("title",), ("booktitle",), _DATE),
    "report": (("author",), ("title",), ("type",), ("institution",), _DATE),
    "set": (("entryset",),),
    "software": (_AUTHOR_OR_EDITOR, ("title",), _DATE),
    "thesis": (("author",), ("title",), ("type",), ("institution",), _DATE),
    "unpublished": (("author",), ("title",), _DATE),
    "xdata": (),
}

#: biblatex type aliases (§2.1.2) and what they stand for; the alias implies ``type``.
BIBLATEX_TYPE_ALIASES: Mapping[str, str] = {
    "conference": "inproceedings",
    "electronic": "online",
    "mastersthesis": "thesis",
    "phdthesis": "thesis",
    "techreport": "report",
    "www": "online",
}

_IMPLIED_TYPE = frozenset({"mastersthesis", "phdthesis", "techreport"})

#: Types biblatex knows without required fields: non-standard types (§2.1.3) and custom types.
_BIBLATEX_LOOSE_TYPES = frozenset(
    {
        "artwork",
        "audio",
        "bibnote",
        "commentary",
        "image",
        "jurisdiction",
        "legislation",
        "legal",
        "letter",
        "movie",
        "music",
        "performance",
        "review",
        "standard",
        "video",
        "customa",
        "customb",
        "customc",
        "customd",
        "customf",
        "custome",
    }
)

BIBLATEX_TYPES = (
    frozenset(BIBLATEX_REQUIRED) | frozenset(BIBLATEX_TYPE_ALIASES) | _BIBLATEX_LOOSE_TYPES
)

#: biblatex field aliases (§2.2.5): the alias on the left counts as the field on the right.
BIBLATEX_FIELD_ALIASES: Mapping[str, str] = {
    "address": "location",
    "annote": "annotation",
    "archiveprefix": "eprinttype",
    "journal": "journaltitle",
    "key": "sortkey",
    "pdf": "file",
    "primaryclass": "eprintclass",
    "school": "institution",
}

BIBTEX_FIELDS = _words(
    "address annote author booktitle chapter crossref edition editor howpublished institution "
    "journal key month note number organization pages publisher school series title type "
    "volume year"
)

BIBLATEX_FIELDS = _words(
    "abstract addendum afterword annotation annotator author authortype bookauthor "
    "bookpagination booksubtitle booktitle booktitleaddon chapter commentator date doi "
    "edition editor editora editorb editorc editortype editoratype editorbtype editorctype "
    "eid entrysubtype eprint eprintclass eprinttype eventdate eventtitle eventtitleaddon "
    "file foreword holder howpublished indextitle institution introduction isan isbn ismn "
    "isrn issn issue issuesubtitle issuetitle issuetitleaddon iswc journalsubtitle "
    "journaltitle journaltitleaddon label language library location mainsubtitle maintitle "
    "maintitleaddon month nameaddon note number organization origdate origlanguage "
    "origlocation origpublisher origtitle pages pagetotal pagination part publisher "
    "pubstate reprinttitle series shortauthor shorteditor shorthand shorthandintro "
    "shortjournal shortseries shorttitle subtitle title titleaddon translator type url "
    "urldate venue version volume volumes year "
    # special fields (§2.2.3)
    "crossref entryset execute gender langid langidopts ids indexsorttitle keywords "
    "options presort related relatedoptions relatedstring relatedtype sortkey sortname "
    "sortshorthand sorttitle sortyear xdata xref "
    # custom fields (§2.2.4)
    "namea nameb namec nameatype namebtype namectype lista listb listc listd liste listf "
    "usera userb userc userd usere userf verba verbb verbc "
    # date parts biber derives and some tools write out
    "day endyear endmonth endday origyear urlyear urlmonth urlday eventyear "
    # the aliases (§2.2.5)
    "address annote archiveprefix journal key pdf primaryclass school"
)

#: Fields that reference managers, databases and bibliography archives add, which
#: neither model defines but which are harmless; reporting them would be noise.
COMMON_EXTRA_FIELDS = _words(
    "abstract keywords keyword file timestamp owner groups ranking readstatus priority "
    "qualityassured printed relevance comment comments review mendeley-tags "
    "mendeley-groups bibsource biburl bibdate bibtex-url added-at interhash intrahash "
    "date-added date-modified created updated creationdate rating read lastchecked "
    "accessed access-date citedate lastaccessed urls link links ee pdf "
    "acknowledgement acknowledgment ajournal fjournal journal-url issn-l coden onlinedate "
    "remark annotate lccn mrclass mrnumber mrreviewer zmnumber zblnumber zbmath "
    "classification subject affiliation language copyright license rights pmid pmcid "
    "pmc arxivid arxiv eprintclass hal_id hal_version adsurl adsnote bibcode numpages "
    "acmid articleno issue_date issue_url publisher-url doi-url researcherid-numbers "
    "orcid-numbers unique-id web-of-science-categories doc-delivery-number journal-iso "
    "keywords-plus number-of-cited-references times-cited usage-count-last-180-days "
    "usage-count-since-2013 funding-acknowledgement funding-text cited-references "
    "author-email eissn oai2identifier description source repository swhid refid "
    "city country collaborator epub supplement isrn isbn issn url doi "
    "__markedentry citeulike-article-id citeulike-linkout-0 posted-at local-url "
    "series-url book-url conference-url day shortjournal journalabbreviation "
    "journal-abbreviation mynote notes url-pdf url_pdf slides poster code video project "
    "x-fetchedfrom jstor_articletype jstor_formatteddate jstor_issuetitle "
    "medline-pst pii nlm-id issn-linking status revised completed pubmodel "
    "venue publisher-place organisation institute category topic alias repo "
    "subdatabase annotations oa-url bibtex-key citation-key citekey nationality yearfiled "
    "assignee reportnumber season "
    # Web of Science export tags
    "af c1 de di em fu fx ga j9 ji la nr pa pd pg pi py rp sc sn tc u1 u2 ut wc z9 "
    "bp ep oi ri ab id"
)

#: Prefixes of families of tool-written fields (BibDesk, CiteULike, Mendeley, WoS, ...).
_EXTRA_PREFIXES = (
    "bdsk-", "citeulike-", "mendeley-", "medline-", "x-", "opt", "usage-count", "msbib-",
    "citeseer-", "zotero-", "jabref-", "ctl",
)

#: Fields whose value is verbatim (URLs, paths, identifiers): no LaTeX, no escaping.
VERBATIM_FIELDS = frozenset(
    {
        "url",
        "doi",
        "file",
        "pdf",
        "eprint",
        "verba",
        "verbb",
        "verbc",
        "urls",
        "link",
        "local-url",
        "biburl",
        "adsurl",
        "journal-url",
        "bdsk-url-1",
        "bdsk-url-2",
        "ee",
        "howpublished-url",
        "citeulike-linkout-0",
        "bibsource",
        "isbn",
        "issn",
        "issn-l",
        "pmid",
        "arxivid",
        "hal_id",
        "sortkey",
        "mendeley-tags",
        "keywords",
        "groups",
        "owner",
        "timestamp",
    }
)


def is_known_field(name: str, *, biblatex: bool) -> bool:
    """Whether a field (lower-case name) is defined by the model or commonly added by tools."""
    base = name.split("+an", 1)[0] if "+an" in name else name
    if base in BIBLATEX_FIELDS or base in BIBTEX_FIELDS or base in COMMON_EXTRA_FIELDS:
        return True
    if re.fullmatch(r"bdsk-(?:url|file)-\d+|citeulike-linkout-\d+|field\d+", base):
        return True
    return base.startswith(_EXTRA_PREFIXES)


def required_fields(entry_type: str, *, biblatex: bool) -> Required | None:
    """The required fields of a type, or None when the model does not know the type."""
    if not biblatex:
        return BIBTEX_REQUIRED.get(entry_type)
    found = BIBLATEX_REQUIRED.get(BIBLATEX_TYPE_ALIASES.get(entry_type, entry_type))
    if found is not None and entry_type in _IMPLIED_TYPE:
        found = tuple(group for group in found if group != ("type",))
    return found


def canonical_field(name: str, *, biblatex: bool) -> str:
    """The field a (lower-case) field name counts as under the model."""
    if biblatex:
        return BIBLATEX_FIELD_ALIASES.get(name, name)
    return name


def plain_value(field: Field) -> str:
    """The raw value without its delimiters, computed cheaply for the common cases.

    Equal to ``field.value`` but avoids re-scanning simple braced or quoted values.
    """
    raw = field.raw
    if "#" not in raw and len(raw) >= 2:
        first = raw[0]
        if (first == "{" and raw[-1] == "}") or (first == '"' and raw[-1] == '"'):
            return raw[1:-1]
    return field.value


def is_bare(field: Field) -> bool:
    """Whether the value is a single bare part (a number or a macro name)."""
    raw = field.raw
    if not raw or raw[0] in '{"':
        return False
    return field.delimiter is Delimiter.BARE


# -- fast access for rules ---------------------------------------------------------------
#
# ``refkit check`` runs some forty rules over files of 60,000 entries; each rule walking
# every field of every entry in Python would cost more than parsing.  Two shared,
# per-file caches keep the rules cheap: the fields of an entry by lower-case name (built
# once per entry), and the entries whose source text matches a pattern (one regex pass
# over the file's text per pattern).  Both belong to one check (its ``CheckContext``)
# and are dropped with it, so edits between checks (the fix loop) never see stale data.


class EntryDigest:
    """What several rules want to know about an entry's fields, read in one pass.

    Behaves as a small read-only mapping from lower-case field name to the first field
    of that name.  Built from the fields' names and raw text; a ``Field`` object is made
    only when a rule asks for that field (most of a large file's fields are never
    asked for by name).
    """

    __slots__ = (
        "_bare",
        "_index",
        "_slots",
        "empty",
        "repeated",
        "spaced",
        "special",
    )

    def __init__(self, entry: Entry) -> None:
        written, raws = entry.field_texts()
        first: dict[str, int] = {}
        spaced: list[str] = []
        special: list[str] = []
        bare: list[int] = []
        empty = False
        for position, raw in enumerate(raws):
            key = intern(written[position].lower())
            if key not in first:
                first[key] = position
            if "  " in raw:
                spaced.append(key)
            if "&" in raw or "%" in raw or "_" in raw or "#" in raw:
                special.append(key)
            if raw[:1] not in _DELIMITERS or "#" in raw:
                bare.append(position)
            elif len(raw) <= 8 and not raw.strip(_BLANK):
                empty = True
        self._slots = entry.field_slots()
        #: Where the first field of each (lower-case) name is.
        self._index = first
        #: Whether a name occurs twice (case-insensitively).
        self.repeated = len(first) != len(raws)
        #: Names of fields whose raw value holds two spaces in a row.
        self.spaced = tuple(spaced)
        #: Names of fields whose raw value holds one of ``& % _ #``.
        self.special = tuple(special)
        self._bare = tuple(bare)
        #: Whether a braced or quoted value is empty (``{}``, ``""``, ``{ }``).
        self.empty = empty

    @property
    def names(self) -> tuple[str, ...]:
        """Lower-case names of the fields, first occurrences, in order."""
        return tuple(self._index)

    @property
    def fields(self) -> tuple[Field, ...]:
        """The first field of each name, parallel to ``names``."""
        slots = self._slots
        return tuple(slots[position] for position in self._index.values())

    @property
    def bare(self) -> tuple[Field, ...]:
        """Fields whose value is not one braced or quoted string (macros, numbers, ``#``)."""
        slots = self._slots
        return tuple(slots[position] for position in self._bare)

    def get(self, name: str) -> Field | None:
        """The first field called ``name`` (lower case), or None."""
        position = self._index.get(name)
        if position is None:
            return None
        # The slot list is read directly: this runs a quarter of a million times a file.
        return self._slots.items[position] or self._slots[position]

    def __getitem__(self, name: str) -> Field:
        return self._slots[self._index[name]]

    def __contains__(self, name: object) -> bool:
        return name in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def keys(self) -> KeysView[str]:
        return self._index.keys()

    def items(self) -> Iterator[tuple[str, Field]]:
        return zip(self.names, self.fields, strict=True)


_DELIMITERS = ("{", '"')
_BLANK = '{}" \t\r\n'


class _FileIndex:
    """Per-bibliography caches shared by the rules of one check."""

    __slots__ = ("memo", "offsets", "triggers")

    def __init__(self) -> None:
        self.offsets: (
            tuple[list[int], list[int], list[Entry], list[tuple[int, Entry]]] | None
        ) = None
        self.triggers: dict[re.Pattern[str] | tuple[str, ...], tuple[set[int], set[int]]] = {}
        self.memo: dict[str, object] = {}


def _index(context: CheckContext) -> _FileIndex:
    """The caches of one check, kept in its context's scratch space."""
    found = context.scratch.get("datamodel.index")
    if not isinstance(found, _FileIndex):
        found = _FileIndex()
        context.scratch["datamodel.index"] = found
    return found


def entry_digest(context: CheckContext, entry: Entry) -> EntryDigest:
    """The digest of an entry's fields, kept on the entry while it is unedited.

    Some forty rules ask for it per entry; a lookup in a per-check table cost more than
    the rules' own work, and an unedited entry's fields never change.
    """
    found = entry.analysis
    if found.__class__ is EntryDigest and not entry.is_modified:
        return found
    return digest_of(entry)


def digest_of(entry: Entry) -> EntryDigest:
    """``entry_digest`` for callers without a check context (the engine's set-up)."""
    found = entry.analysis
    if isinstance(found, EntryDigest) and not entry.is_modified:
        return found
    digest = EntryDigest(entry)
    if not entry.is_modified:
        entry.analysis = digest
    return digest


def used_field_names(entries: Iterable[Entry]) -> set[str]:
    """Every lower-case field name of the entries, from their digests (which every check
    builds anyway, so reading the names first costs one set update per entry)."""
    names: set[str] = set()
    for entry in entries:
        names.update(digest_of(entry)._index)
    return names


#: The first field of each lower-case name in an entry: the digest, read as a mapping.
entry_fields = entry_digest


def has_repeated_fields(context: CheckContext, entry: Entry) -> bool:
    """Whether a field name occurs twice in the entry (case-insensitively)."""
    return entry_digest(context, entry).repeated


def file_field_names(context: CheckContext) -> set[str]:
    """Every (lower-case) field name used in the checked file, read once per check."""
    memo = _index(context).memo
    found = memo.get("field-names")
    if not isinstance(found, set):
        found = memo["field-names"] = used_field_names(context.bibliography.entries)
    return found


def remember_field_names(context: CheckContext, names: set[str]) -> None:
    """Hand ``file_field_names`` the names the engine already read for the data model."""
    _index(context).memo["field-names"] = names


def file_memo(context: CheckContext) -> dict[str, object]:
    """A per-check dictionary for results several rules share."""
    return _index(context).memo


def may_match(context: CheckContext, entry: Entry, pattern: re.Pattern[str]) -> bool:
    """Whether the entry's text may contain ``pattern`` (a cheap, exact-or-over prefilter).

    The file's source text is searched once per pattern; edited entries always pass.
    Patterns should start with a literal character, which ``re`` scans for quickly.
    """
    if entry.is_modified:
        return True
    return id(entry) in _trigger_hits(context, pattern)[0]


def may_contain(context: CheckContext, entry: Entry, needles: tuple[str, ...]) -> bool:
    """Whether the entry's text may contain one of the lower-case ``needles``, ignoring case.

    Each needle is looked for once per file with ``str.find`` in the lower-cased text.
    """
    if entry.is_modified:
        return True
    return id(entry) in _trigger_hits(context, needles)[0]


def entries_with(
    context: CheckContext, trigger: re.Pattern[str] | tuple[str, ...]
) -> list[tuple[int, Entry]]:
    """The entries (with block index) whose text may match a pattern or contain a needle.

    Edited entries are always included.  Lets a rule visit only the few entries that
    can concern it instead of being called for every entry.
    """
    hits, positions = _trigger_hits(context, trigger)
    index = _index(context)
    bibliography = context.bibliography
    assert index.offsets is not None
    found = [index.offsets[3][position] for position in sorted(positions)]
    edited = [
        (block_index, entry)
        for block_index, entry in bibliography.indexed_entries()
        if entry.is_modified and id(entry) not in hits
    ]
    return sorted(found + edited, key=lambda pair: pair[0]) if edited else found


def _trigger_hits(
    context: CheckContext, trigger: re.Pattern[str] | tuple[str, ...]
) -> tuple[set[int], set[int]]:
    index = _index(context)
    bibliography = context.bibliography
    found = index.triggers.get(trigger)
    if found is None:
        if isinstance(trigger, tuple):
            offsets: Iterable[int] = _find_all_lowered(bibliography, trigger)
        else:
            offsets = (match.start() for match in trigger.finditer(bibliography.source.text))
        found = index.triggers[trigger] = _hits(bibliography, index, offsets)
    return found


#: Characters per piece of a file searched case-insensitively: lower-casing a whole
#: 3 MB file would add a copy of it to the check's peak memory.
PIECE_SIZE = 1 << 17


def source_pieces(bibliography: Bibliography, size: int = PIECE_SIZE) -> Iterator[tuple[int, str]]:
    """The source text as ``(offset, piece)`` pairs of about ``size`` characters.

    Pieces are cut only where an entry starts, so no field value is ever split: a search
    of the pieces finds exactly what a search of each entry's text would.
    """
    text = bibliography.source.text
    begin = 0
    for entry in bibliography.entries:
        bounds = entry.offsets
        if bounds is not None and bounds[0] - begin >= size:
            yield begin, text[begin : bounds[0]]
            begin = bounds[0]
    yield begin, text[begin:]


def _find_all_lowered(bibliography: Bibliography, needles: tuple[str, ...]) -> Iterator[int]:
    return iter(_find_lowered(bibliography, (needles,))[0])


def _find_lowered(
    bibliography: Bibliography, groups: Sequence[tuple[str, ...]]
) -> list[list[int]]:
    """Offsets of the lower-case needles of each group, every piece lowered only once."""
    found: list[list[int]] = [[] for _ in groups]
    for begin, piece in source_pieces(bibliography):
        lowered = piece.lower()
        # Lower-casing may change lengths (İ); keep offsets exact by falling back.
        if len(lowered) != len(piece):
            lowered = piece
        for offsets, needles in zip(found, groups, strict=True):
            for needle in needles:
                position = lowered.find(needle)
                while position >= 0:
                    offsets.append(begin + position)
                    position = lowered.find(needle, position + 1)
    return found


def prefetch_needles(context: CheckContext, groups: Iterable[tuple[str, ...]]) -> None:
    """Find several rules' needles (``entries_with`` tuples) in one pass over the file.

    The engine calls it with the needles of the selected rules; each later
    ``entries_with``/``may_contain`` call for one of them is then a look-up.
    """
    index = _index(context)
    wanted = [group for group in dict.fromkeys(groups) if group not in index.triggers]
    if not wanted:
        return
    bibliography = context.bibliography
    for group, offsets in zip(wanted, _find_lowered(bibliography, wanted), strict=True):
        index.triggers[group] = _hits(bibliography, index, offsets)


def _hits(
    bibliography: Bibliography, index: _FileIndex, offsets: Iterable[int]
) -> tuple[set[int], set[int]]:
    if index.offsets is None:
        starts: list[int] = []
        ends: list[int] = []
        entries: list[Entry] = []
        pairs: list[tuple[int, Entry]] = []
        for block_index, entry in bibliography.indexed_entries():
            bounds = entry.offsets
            if bounds is None:
                continue
            starts.append(bounds[0])
            ends.append(bounds[1])
            entries.append(entry)
            pairs.append((block_index, entry))
        index.offsets = (starts, ends, entries, pairs)
    starts, ends, entries, _ = index.offsets
    hits: set[int] = set()
    positions: set[int] = set()
    for offset in offsets:
        where = bisect.bisect_right(starts, offset) - 1
        if where >= 0 and offset < ends[where]:
            hits.add(id(entries[where]))
            positions.add(where)
    return hits, positions
