"""The BibTeX and biblatex data models as declarative tables.

Entry types, the fields each type requires, and the fields each model knows, after
the BibTeX documentation (``btxdoc``: the 14 standard types of the standard styles)
and the biblatex manual (§2.1 entry types, §2.2 fields, §2.3 usage notes and
aliases).  A required field is a tuple of alternatives: ``("author", "editor")``
means either will do.  Field aliases are resolved before the required fields are
looked up (``journal`` counts as ``journaltitle`` under biblatex, and so on).

The rules read the generated tables through the functions at the end of this module:
under biblatex, :mod:`refkit.lint.biblatex_datamodel` (biblatex's default data model, as
biber validates it); under BibTeX, :mod:`refkit.lint.bibtex_styles` (plain.bst, whose
entry types and required fields unsrt, alpha and abbrv share).  The hand-written tables
above them remain for the fields tools add and for callers outside the rules.

Data only: this module imports nothing of refkit but those two generated tables, so every
part of the linter may read it; the per-check search index the rules use lives in
``refkit.lint.index``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass

from refkit.lint import biblatex_datamodel as blx
from refkit.lint import bibtex_styles

__all__ = [
    "BIBLATEX_FIELDS",
    "BIBLATEX_FIELD_ALIASES",
    "BIBLATEX_LIST_LITERAL_FIELDS",
    "BIBLATEX_MODEL_FIELDS",
    "BIBLATEX_REQUIRED",
    "BIBLATEX_TYPES",
    "BIBLATEX_TYPE_ALIASES",
    "BIBTEX_FIELDS",
    "BIBTEX_REQUIRED",
    "BIBTEX_STANDARD_TYPES",
    "BIBTEX_TYPES",
    "COMMON_EXTRA_FIELDS",
    "INTEGER_FIELDS",
    "VERBATIM_FIELDS",
    "DataModel",
    "Required",
    "Requirement",
    "biblatex_field",
    "biblatex_type",
    "bibtex_requirements",
    "is_biblatex_field",
    "is_biblatex_type",
    "is_known_field",
    "required_fields",
]


class DataModel(enum.Enum):
    """Which data model entries are checked against."""

    BIBTEX = "bibtex"
    BIBLATEX = "biblatex"
    AUTO = "auto"


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
    "bdsk-",
    "citeulike-",
    "mendeley-",
    "medline-",
    "x-",
    "opt",
    "usage-count",
    "msbib-",
    "citeseer-",
    "zotero-",
    "jabref-",
    "ctl",
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
    if base in blx.FIELDS:
        return True
    if re.fullmatch(r"bdsk-(?:url|file)-\d+|citeulike-linkout-\d+|field\d+", base):
        return True
    return base.startswith(_EXTRA_PREFIXES)


#: The entry types of the standard BibTeX styles (plain.bst; unsrt, alpha, abbrv agree).
BIBTEX_STANDARD_TYPES: frozenset[str] = frozenset(bibtex_styles.STYLES["plain"].entry_types)

#: biblatex's list fields of literals (split at `` and `` like names): ``institution``,
#: ``publisher``, ``location``, ``organization``, ``language``, ...
BIBLATEX_LIST_LITERAL_FIELDS: frozenset[str] = frozenset(
    name
    for name, spec in blx.FIELDS.items()
    if spec.kind is blx.FieldKind.LIST and spec.datatype is not blx.DataType.NAME
)


#: The fields of biblatex's data model (date parts included).
BIBLATEX_MODEL_FIELDS: frozenset[str] = frozenset(blx.FIELDS)

#: biblatex's integer fields (``volume``, ``volumes``, ``sortyear``).
INTEGER_FIELDS: frozenset[str] = frozenset(
    name for name, spec in blx.FIELDS.items() if spec.datatype is blx.DataType.INTEGER
)


@dataclass(frozen=True)
class Requirement:
    """One required-field check: one of ``fields`` must be present."""

    fields: tuple[str, ...]
    #: BibTeX checks it only in an entry without ``crossref`` (the parent's is checked).
    without_crossref: bool = False


def is_biblatex_type(entry_type: str) -> bool:
    """Whether biber knows the type (a biblatex type or a BibTeX one it maps)."""
    return (
        entry_type in blx.ENTRY_TYPES
        or entry_type in blx.SKIPOUT_ENTRY_TYPES
        or entry_type in blx.BIBTEX_TYPE_MAP
    )


def biblatex_type(entry_type: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The biblatex type biber validates an entry of this type as, and the fields it sets.

    BibTeX types are mapped (``@techreport`` -> ``@report`` with ``type``); a type biber
    does not know is validated as ``@misc``; ``@xdata`` (a field container biber does
    not validate) stays itself.
    """
    mapping = blx.BIBTEX_TYPE_MAP.get(entry_type)
    if mapping is not None:
        return mapping.target, mapping.sets
    if entry_type in blx.ENTRY_TYPES or entry_type in blx.SKIPOUT_ENTRY_TYPES:
        return entry_type, ()
    return "misc", ()


def biblatex_field(name: str) -> str:
    """The biblatex field biber reads a (lower-case) BibTeX field name as."""
    return blx.BIBTEX_FIELD_MAP.get(name, name)


def is_biblatex_field(name: str) -> bool:
    """Whether the field (after biber's BibTeX map) is in biblatex's data model."""
    return biblatex_field(name) in blx.FIELDS


def bibtex_requirements(entry_type: str) -> tuple[Requirement, ...] | None:
    """The required fields of a type in plain.bst, or None when plain.bst lacks the type."""
    found = bibtex_styles.entry_type("plain", entry_type)
    if found is None:
        return None
    return tuple(Requirement(req.fields, req.without_crossref) for req in found.required)


def required_fields(entry_type: str, *, biblatex: bool) -> Required | None:
    """The required fields of a type, as tuples of alternatives, or None when the model
    does not know the type.

    Under biblatex, biblatex's default data model (``\\constraint[type=mandatory]`` in
    blx-dm.def) for the type biber maps it to (an unknown type is checked as ``@misc``,
    as biber does); the ``type`` a mapping sets is implied.  Under BibTeX, plain.bst's
    ``output.check`` calls.
    """
    if not biblatex:
        requirements = bibtex_requirements(entry_type)
        return None if requirements is None else tuple(req.fields for req in requirements)
    target, sets = biblatex_type(entry_type)
    implied = {name for name, _ in sets}
    return tuple(
        mandatory.fields
        for mandatory in blx.MANDATORY.get(target, ())
        if not implied.intersection(mandatory.fields)
    )
