"""BibTeX/biblatex <-> CSL-JSON, by declarative tables of types and fields.

Reading (``to_csl``): each entry type maps to a CSL type through ``ENTRY_TYPES`` (with
``SUBTYPES`` for ``entrysubtype`` and a few type-dependent choices), each field through
the ``FIELD_RULES`` table (first rule to set a CSL variable wins), names through
``NAME_ROLES``, dates through ``DATE_FIELDS``.  Titles keep their case-protecting braces
as CSL ``<span class="nocase">...</span>`` spans; other text is decoded LaTeX; ``url``
and ``doi`` are read verbatim.

Writing (``from_csl``): the tables in ``CSL_TO_BIBLATEX``/``CSL_TO_BIBTEX`` give the
entry type, ``VARIABLE_TARGETS`` the field for each CSL variable (some by type); values
are escaped for LaTeX and nocase spans become braces again, so that
bib -> CSL -> bib -> CSL gives the first CSL back for every mapped field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from refkit.bib.braces import is_balanced
from refkit.bib.model import Bibliography, Entry, Field
from refkit.bib.months import month_macro
from refkit.bib.names import Name, parse_names
from refkit.cite.csldates import date_from_parts, parse_date
from refkit.cite.latex_text import csl_string, latex_escape, latex_string
from refkit.cite.particles import trailing_lowercase
from refkit.cite.sentencecase import is_english, sentence_case

__all__ = [
    "CSL_TO_BIBLATEX",
    "CSL_TO_BIBTEX",
    "ENTRY_TYPES",
    "FIELD_RULES",
    "NAME_ROLES",
    "THESIS_GENRES",
    "DataModelName",
    "bibliography_to_csl",
    "container_field",
    "csl_name",
    "csl_pages",
    "csl_to_entry",
    "date_from_parts",
    "from_csl",
    "publisher_field",
    "to_csl",
]

CslItem = dict[str, Any]
DataModelName = Literal["biblatex", "bibtex"]

# -- entry types ---------------------------------------------------------------------

#: biblatex and BibTeX entry types (lower case) to CSL types.
ENTRY_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "article": "article-journal",
        "artwork": "graphic",
        "audio": "song",
        "book": "book",
        "bookinbook": "chapter",
        "booklet": "pamphlet",
        "collection": "book",
        "commentary": "book",
        "conference": "paper-conference",
        "dataset": "dataset",
        "electronic": "webpage",
        "image": "graphic",
        "inbook": "chapter",
        "incollection": "chapter",
        "inproceedings": "paper-conference",
        "inreference": "entry-encyclopedia",
        "jurisdiction": "legal_case",
        "legal": "treaty",
        "legislation": "legislation",
        "letter": "personal_communication",
        "manual": "book",
        "mastersthesis": "thesis",
        "misc": "article",
        "movie": "motion_picture",
        "music": "song",
        "mvbook": "book",
        "mvcollection": "book",
        "mvproceedings": "book",
        "mvreference": "book",
        "online": "webpage",
        "patent": "patent",
        "performance": "speech",
        "periodical": "periodical",
        "phdthesis": "thesis",
        "proceedings": "book",
        "reference": "book",
        "report": "report",
        "review": "review",
        "software": "software",
        "standard": "standard",
        "suppbook": "chapter",
        "suppcollection": "chapter",
        "suppperiodical": "article-journal",
        "techreport": "report",
        "thesis": "thesis",
        "unpublished": "manuscript",
        "video": "motion_picture",
        "web_page": "webpage",
        "webpage": "webpage",
        "www": "webpage",
    }
)

#: ``(entry type, entrysubtype)`` pairs that choose a more precise CSL type.
SUBTYPES: Mapping[tuple[str, str], str] = MappingProxyType(
    {
        ("article", "newspaper"): "article-newspaper",
        ("article", "magazine"): "article-magazine",
        ("legislation", "treaty"): "treaty",
        ("online", "blog"): "post-weblog",
    }
)

#: The genre CSL gets for a BibTeX thesis type that has no ``type`` field.
THESIS_GENRES: Mapping[str, str] = MappingProxyType(
    {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}
)

#: CSL types back to biblatex: ``(entry type, entrysubtype or "")``.
CSL_TO_BIBLATEX: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "article": ("misc", ""),
        "article-journal": ("article", ""),
        "article-magazine": ("article", "magazine"),
        "article-newspaper": ("article", "newspaper"),
        "book": ("book", ""),
        "chapter": ("incollection", ""),
        "dataset": ("dataset", ""),
        "entry": ("inreference", ""),
        "entry-dictionary": ("inreference", ""),
        "entry-encyclopedia": ("inreference", ""),
        "graphic": ("artwork", ""),
        "legal_case": ("jurisdiction", ""),
        "legislation": ("legislation", ""),
        "manuscript": ("unpublished", ""),
        "motion_picture": ("movie", ""),
        "pamphlet": ("booklet", ""),
        "paper-conference": ("inproceedings", ""),
        "patent": ("patent", ""),
        "periodical": ("periodical", ""),
        "personal_communication": ("letter", ""),
        "post-weblog": ("online", "blog"),
        "report": ("report", ""),
        "review": ("review", ""),
        "software": ("software", ""),
        "song": ("audio", ""),
        "speech": ("performance", ""),
        "standard": ("standard", ""),
        "thesis": ("thesis", ""),
        "treaty": ("legislation", "treaty"),
        "webpage": ("online", ""),
    }
)

#: CSL types back to classic BibTeX types (anything else is ``misc``).
CSL_TO_BIBTEX: Mapping[str, str] = MappingProxyType(
    {
        "article-journal": "article",
        "article-magazine": "article",
        "article-newspaper": "article",
        "book": "book",
        "chapter": "incollection",
        "manuscript": "unpublished",
        "pamphlet": "booklet",
        "paper-conference": "inproceedings",
        "report": "techreport",
        "thesis": "phdthesis",
    }
)

_ARTICLE_TYPES = frozenset({"article-journal", "article-magazine", "article-newspaper", "review"})
_INSTITUTION_TYPES = frozenset({"report", "thesis"})

# -- fields --------------------------------------------------------------------------

#: Name fields to CSL name variables.
NAME_ROLES: Mapping[str, str] = MappingProxyType(
    {
        "author": "author",
        "editor": "editor",
        "translator": "translator",
        "bookauthor": "container-author",
        "holder": "author",
    }
)

#: Date fields to CSL date variables (``date`` falls back to year/month/day).
DATE_FIELDS: Mapping[str, str] = MappingProxyType(
    {
        "date": "issued",
        "urldate": "accessed",
        "eventdate": "event-date",
        "origdate": "original-date",
    }
)

FieldKind = Literal["title", "text", "number", "page", "verbatim", "doi"]


@dataclass(frozen=True)
class FieldRule:
    """Fields (the first present wins) that set one CSL variable, maybe only for some types."""

    fields: tuple[str, ...]
    variable: str
    kind: FieldKind = "text"
    types: frozenset[str] | None = None
    skip_types: frozenset[str] = frozenset()


def _rule(
    fields: str,
    variable: str,
    kind: FieldKind = "text",
    types: Iterable[str] | None = None,
    skip: Iterable[str] = (),
) -> FieldRule:
    return FieldRule(
        tuple(fields.split()),
        variable,
        kind,
        frozenset(types) if types is not None else None,
        frozenset(skip),
    )


#: biblatex/BibTeX fields to CSL variables, in priority order.
FIELD_RULES: tuple[FieldRule, ...] = (
    _rule("shorttitle", "title-short", "title"),
    _rule("journaltitle journal", "container-title", "title"),
    _rule("booktitle", "container-title", "title"),
    _rule("maintitle", "container-title", "title"),
    _rule("shortjournal", "container-title-short", "title"),
    _rule("eventtitle", "event-title", "title"),
    _rule("series", "collection-title", "title"),
    _rule("origtitle", "original-title", "title"),
    _rule("institution", "authority", types=("legal_case",)),
    _rule("publisher", "publisher"),
    _rule("institution school", "publisher", skip=("legal_case",)),
    _rule("organization", "publisher"),
    _rule("location address", "publisher-place"),
    _rule("venue", "event-place"),
    _rule("origpublisher", "original-publisher"),
    _rule("origlocation", "original-publisher-place"),
    _rule("edition", "edition", "number"),
    _rule("volume", "volume", "number"),
    _rule("volumes", "number-of-volumes", "number"),
    _rule("pagetotal", "number-of-pages", "number"),
    _rule("pages", "page", "page"),
    _rule("chapter", "chapter-number", "number"),
    _rule("number", "issue", "number", types=_ARTICLE_TYPES),
    _rule("issue", "issue", "number"),
    _rule("number", "number", "number", skip=_ARTICLE_TYPES),
    _rule("type", "genre"),
    _rule("titleaddon", "genre"),
    _rule("note", "note"),
    _rule("addendum", "note"),
    _rule("abstract", "abstract"),
    _rule("keywords", "keyword"),
    _rule("language langid", "language"),
    _rule("version", "version"),
    _rule("annotation annote", "annote"),
    _rule("doi", "DOI", "doi"),
    _rule("isbn", "ISBN"),
    _rule("issn", "ISSN"),
    _rule("pmid", "PMID"),
    _rule("pmcid", "PMCID"),
    _rule("url", "URL", "verbatim"),
)

#: CSL variables back to fields: ``(biblatex field, bibtex field)``; "" drops it.
VARIABLE_TARGETS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "title": ("title", "title"),
        "title-short": ("shorttitle", "shorttitle"),
        "container-title-short": ("shortjournal", ""),
        "event-title": ("eventtitle", ""),
        "collection-title": ("series", "series"),
        "original-title": ("origtitle", ""),
        "authority": ("institution", "institution"),
        "publisher": ("publisher", "publisher"),
        "publisher-place": ("location", "address"),
        "event-place": ("venue", ""),
        "original-publisher": ("origpublisher", ""),
        "original-publisher-place": ("origlocation", ""),
        "edition": ("edition", "edition"),
        "volume": ("volume", "volume"),
        "number-of-volumes": ("volumes", ""),
        "number-of-pages": ("pagetotal", ""),
        "page": ("pages", "pages"),
        "chapter-number": ("chapter", "chapter"),
        "issue": ("issue", "number"),
        "number": ("number", "number"),
        "collection-number": ("number", "number"),
        "genre": ("type", "type"),
        "note": ("note", "note"),
        "abstract": ("abstract", "abstract"),
        "keyword": ("keywords", "keywords"),
        "language": ("langid", "language"),
        "version": ("version", ""),
        "annote": ("annotation", "annote"),
        "DOI": ("doi", "doi"),
        "ISBN": ("isbn", "isbn"),
        "ISSN": ("issn", "issn"),
        "PMID": ("pmid", ""),
        "PMCID": ("pmcid", ""),
        "URL": ("url", "url"),
    }
)

_TITLE_VARIABLES = frozenset(
    {
        "title",
        "title-short",
        "container-title",
        "collection-title",
        "event-title",
        "original-title",
        "container-title-short",
    }
)
_VERBATIM_VARIABLES = frozenset({"URL", "DOI"})
_SUBTITLES: Mapping[str, str] = MappingProxyType(
    {
        "title": "subtitle",
        "journaltitle": "journalsubtitle",
        "booktitle": "booksubtitle",
        "maintitle": "mainsubtitle",
    }
)

#: Title fields pandoc converts to sentence case (journal titles keep their case).
_SENTENCE_CASE_FIELDS = frozenset(
    {"title", "shorttitle", "booktitle", "maintitle", "series", "eventtitle", "origtitle"}
)

#: BibTeX's date parts, read together as ``issued``.
_PARTS = ("year", "month", "day")

#: Types whose titles are names (a case, a statute, a treaty): kept as written, unlike
#: pandoc, which lowers "United States v Bennett" to "United states v bennett".
_NAMED_TITLE_TYPES = frozenset({"legal_case", "legislation", "treaty"})

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


# -- reading -------------------------------------------------------------------------


class _Source:
    """An entry's fields, falling back to its ``crossref`` parent's (biblatex inheritance)."""

    def __init__(
        self,
        entry: Entry,
        lookup: Callable[[str], Entry | None] | None,
        used: set[str] | None = None,
    ) -> None:
        self.entry = entry
        self.used: set[str] = used if used is not None else set()
        #: Whether titles go to sentence case (an English entry, not kept as written).
        self.sentence_case = False
        self.parent: Entry | None = None
        crossref = entry.field("crossref")
        if lookup is not None and crossref is not None:
            parent = lookup(crossref.text)
            if parent is not None and parent is not entry:
                self.parent = parent

    def field(self, name: str) -> Field | None:
        found = self.entry.field(name)
        if found is not None or self.parent is None:
            return found
        # biblatex: a child "in" a parent takes the parent's title as its booktitle.
        inherited = {"booktitle": "title", "booksubtitle": "subtitle", "bookauthor": "author"}
        if name in inherited and self.entry.type.startswith("in"):
            return self.parent.field(inherited[name]) or self.parent.field(name)
        if name in {"title", "subtitle", "shorttitle", "author"}:
            return None
        return self.parent.field(name)


#: A @legislation entry titled like an international instrument is a treaty in CSL.
_TREATY_TITLE = re.compile(r"\b(?:Convention|Treaty|Protocol|Covenant|Charter|Agreement)\b")
_STATUTE_TITLE = re.compile(r"\b(?:Act|Code|Regulations?|Statute|Ordinance|Bill)\b")


def csl_type(entry: Entry) -> str:
    """The CSL type of an entry's type and subtype.

    A @legislation titled "... Convention/Treaty/Protocol/..." (and not "... Act") is a
    treaty; ``to_csl`` also makes a @misc with a URL a webpage.
    """
    subtype = (entry.get("entrysubtype") or "").strip().lower()
    if (entry.type, subtype) in SUBTYPES:
        return SUBTYPES[(entry.type, subtype)]
    if entry.type == "legislation" and not subtype:
        title = entry.get("title") or ""
        if _TREATY_TITLE.search(title) and not _STATUTE_TITLE.search(title):
            return "treaty"
    return ENTRY_TYPES.get(entry.type, "article")


def to_csl(
    entry: Entry,
    bib: Bibliography | Mapping[str, Entry] | None = None,
    *,
    keep_title_case: bool = False,
    used: set[str] | None = None,
) -> CslItem:
    """One entry as a CSL-JSON item (``bib`` resolves ``crossref``).

    For many entries of one file, pass ``bib.first_by_key()`` rather than ``bib``:
    ``Bibliography.get`` walks the file, the mapping is one look-up.

    Titles of English entries are converted to sentence case as pandoc converts them
    (``refkit.cite.sentencecase``), unless ``keep_title_case``.  ``used``, if given,
    receives the names of the fields the item was made from.
    """
    lookup = bib.get if bib is not None else None
    return _to_csl(entry, lookup, keep_title_case=keep_title_case, used=used)


def _to_csl(
    entry: Entry,
    lookup: Callable[[str], Entry | None] | None,
    *,
    keep_title_case: bool = False,
    used: set[str] | None = None,
) -> CslItem:
    source = _Source(entry, lookup, used)
    kind = csl_type(entry)
    source.sentence_case = (
        not keep_title_case and kind not in _NAMED_TITLE_TYPES and is_english(_language(source))
    )
    item: CslItem = {"id": entry.key, "type": kind}
    if (entry.type, (entry.get("entrysubtype") or "").strip().lower()) in SUBTYPES:
        source.used.add("entrysubtype")
    title = _title_with_subtitle(source, "title")
    if title:
        item["title"] = title
        source.used.update(("title", "subtitle"))
    for field_name, variable in NAME_ROLES.items():
        found = source.field(field_name)
        if found is not None and variable not in item:
            # Whitespace normalised first: pybtex's split_name_list (behind
            # refkit.bib.names) does not split at an "and" followed by a line break.
            value = re.sub(r"\s+", " ", found.resolved)
            parsed = parse_names(value)
            names = [csl_name(name) for name in parsed]
            names = [name for name in names if name]
            if names and len(parsed) > 1 and parsed[-1].is_others:
                names.append(dict(OTHERS))  # "and others": et al., as pandoc writes it
            if names:
                item[variable] = names
                source.used.add(field_name)
    for rule in FIELD_RULES:
        if rule.variable in item or kind in rule.skip_types:
            continue
        if rule.types is not None and kind not in rule.types:
            continue
        value = _rule_value(source, rule, kind)
        if value:
            item[rule.variable] = value
    if "issue" not in item and "number" in item and kind in _ARTICLE_TYPES:
        item["issue"] = item.pop("number")
    if (
        "number" in item
        and "collection-title" in item
        and kind in {"book", "chapter", "paper-conference"}
    ):
        item["collection-number"] = item.pop("number")
    if kind == "thesis" and "genre" not in item and entry.type in THESIS_GENRES:
        item["genre"] = THESIS_GENRES[entry.type]
    howpublished = source.field("howpublished")
    if howpublished is not None:
        url = _url_in(howpublished.resolved)
        if url and "URL" not in item:
            item["URL"] = url
            source.used.add("howpublished")
        elif not url and "publisher" not in item and howpublished.text:
            item["publisher"] = howpublished.text
            source.used.add("howpublished")
    for field_name, variable in DATE_FIELDS.items():
        date = _date_value(source, field_name)
        if date:
            item[variable] = date
            source.used.update(
                (field_name,) if field_name in entry or field_name != "date" else _PARTS
            )
    if item["type"] == "article" and "URL" in item and "title" in item:
        item["type"] = "webpage"  # a @misc (or unknown type) with a URL is a web page
    return item


def bibliography_to_csl(bib: Bibliography, *, keep_title_case: bool = False) -> list[CslItem]:
    """Every entry of a bibliography as CSL-JSON items, in file order."""
    first = bib.first_by_key()
    return [_to_csl(entry, first.get, keep_title_case=keep_title_case) for entry in bib.entries]


def _language(source: _Source) -> str | None:
    # pandoc reads langid and hyphenation; refkit also honours biblatex's language list.
    for name in ("langid", "hyphenation", "language"):
        found = source.field(name)
        if found is not None and found.text.strip():
            return found.text.split(" and ")[0]
    return None


def _rule_value(source: _Source, rule: FieldRule, kind: str) -> str:
    for field_name in rule.fields:
        found = source.field(field_name)
        if found is None:
            continue
        if rule.kind == "title":
            value = _title_with_subtitle(source, field_name)
        elif rule.kind == "verbatim":
            value = _verbatim(found.resolved)
        elif rule.kind == "doi":
            value = _DOI_PREFIX.sub("", _verbatim(found.resolved))
        elif rule.kind == "page":
            value = csl_pages(found.text)
        else:
            value = found.text
        if value:
            source.used.add(field_name)
            if rule.kind == "title" and _SUBTITLES.get(field_name) in source.entry:
                source.used.add(_SUBTITLES[field_name])
            return value
    return ""


def _title_with_subtitle(source: _Source, field_name: str) -> str:
    found = source.field(field_name)
    if found is None:
        return ""
    convert = source.sentence_case and field_name in _SENTENCE_CASE_FIELDS
    value = csl_string(found.resolved)
    if convert:
        value = sentence_case(value)
    subtitle_name = _SUBTITLES.get(field_name)
    subtitle = source.field(subtitle_name) if subtitle_name else None
    if subtitle is not None:
        extra = csl_string(subtitle.resolved)
        if convert:
            extra = sentence_case(extra)
        if extra:
            # pandoc: "Title. Subtitle" when the title ends in punctuation of its own.
            joint = " " if re.search(r"[.?!:]$", value) else ": "
            value = f"{value}{joint}{extra}" if value else extra
    return value


def _verbatim(value: str) -> str:
    value = value.strip()
    match = re.fullmatch(r"\\(?:url|href)\s*\{(.*?)\}(?:\{.*\})?", value, re.DOTALL)
    if match:
        value = match.group(1)
    value = re.sub(r"\\([_%&#~$])", r"\1", value)
    value = value.replace("{", "").replace("}", "")
    return re.sub(r"\s+", "", value)


def _url_in(value: str) -> str:
    match = re.search(r"\\url\s*\{([^}]*)\}", value)
    if match:
        return _verbatim(match.group(1))
    return _verbatim(value) if re.fullmatch(r"\{?\s*https?://\S+\}?", value.strip()) else ""


def csl_pages(value: str) -> str:
    """A page range as CSL writes it: an en dash between the ends (``163–172``)."""
    return re.sub(r"(?:(?<!\s)\s*)?(?:-{2,}|-*[–—]+-*)\s*", "–", value.strip())


#: BibTeX's ``and others`` at the end of a name list, as pandoc writes it in CSL-JSON;
#: refkit's processor renders it as the style's et-al, ``from_csl`` as ``and others``.
OTHERS: Mapping[str, str] = MappingProxyType({"literal": "others"})


def csl_name(name: Name) -> dict[str, str]:
    """One parsed BibTeX name as a CSL name ({} for "others")."""
    if name.is_others:
        return {}
    if name.literal is not None:
        return {"literal": name.literal} if name.literal else {}
    result: dict[str, str] = {}
    if name.last:
        result["family"] = name.last
    given = name.first
    # "Beethoven, Ludwig van": trailing lower-case words of the given part drop.
    match = trailing_lowercase(given)
    if match and match[0] and "," in name.raw:
        given, result["dropping-particle"] = match[0], match[1].strip()
    if given:
        result["given"] = given
    if name.von:
        result["non-dropping-particle"] = name.von
    if name.jr:
        result["suffix"] = name.jr
    if "family" not in result and "given" in result and len(result) == 1:
        return {"literal": result["given"]}
    return result


def _date_value(source: _Source, field_name: str) -> dict[str, Any] | None:
    found = source.field(field_name)
    if found is not None:
        return parse_date(found.text)
    if field_name != "date":
        return None
    year = source.field("year")
    if year is None:
        return None
    month = source.field("month")
    day = source.field("day")
    return date_from_parts(
        year.text, month.text if month is not None else None, day.text if day is not None else None
    )


# -- writing -------------------------------------------------------------------------


def from_csl(items: Sequence[Mapping[str, Any]], model: DataModelName = "biblatex") -> str:
    """CSL-JSON items as BibTeX text, in the biblatex or the classic BibTeX data model."""
    if model not in ("biblatex", "bibtex"):
        raise ValueError(f"unknown data model {model!r}")
    used: set[str] = set()
    chunks: list[str] = []
    for number, item in enumerate(items, start=1):
        key = key_for(item, number, used)
        chunks.append(csl_to_entry(item, model, key).format())
    return "\n\n".join(chunks) + ("\n" if chunks else "")


def csl_to_entry(item: Mapping[str, Any], model: DataModelName, key: str) -> Entry:
    """One CSL-JSON item as a new entry."""
    kind = str(item.get("type", "article"))
    fields: dict[str, str] = {}
    biblatex = model == "biblatex"
    if biblatex:
        entry_type, subtype = CSL_TO_BIBLATEX.get(kind, ("misc", ""))
    else:
        entry_type, subtype = CSL_TO_BIBTEX.get(kind, "misc"), ""
        genre = str(item.get("genre", "")).lower()
        if kind == "thesis" and "master" in genre:
            entry_type = "mastersthesis"
    if subtype:
        fields["entrysubtype"] = subtype
    for variable, field_name in (
        ("author", "author"),
        ("editor", "editor"),
        ("translator", "translator"),
        ("container-author", "bookauthor"),
    ):
        names = item.get(variable)
        if names and (biblatex or field_name != "bookauthor"):
            fields[field_name] = " and ".join(bib_name(name) for name in names)
    container = item.get("container-title")
    if container:
        fields[container_field(kind, biblatex)] = latex_string(str(container))
    for variable, targets in VARIABLE_TARGETS.items():
        value = item.get(variable)
        if value is None or value == "":
            continue
        target = targets[0] if biblatex else targets[1]
        if not target or target in fields:
            continue
        if variable == "publisher":
            target = publisher_field(kind, entry_type, biblatex)
            if target in fields:
                continue
        if (
            variable == "genre"
            and entry_type in {"phdthesis", "mastersthesis"}
            and str(value) in THESIS_GENRES.values()
        ):
            continue
        if variable == "authority" and kind != "legal_case":
            continue
        if variable == "issue" and biblatex and kind in _ARTICLE_TYPES and "number" not in item:
            target = "number"
        if variable in _VERBATIM_VARIABLES:
            text = _verbatim_value(str(value))
        elif variable == "page":
            text = re.sub(r"(?:(?<!\s)\s*)?[–—]\s*", "--", str(value))
        elif variable in _TITLE_VARIABLES:
            text = latex_string(str(value))
        else:
            text = latex_escape(str(value))
        fields[target] = text
    if not biblatex and entry_type == "misc" and item.get("URL") and "howpublished" not in fields:
        fields["howpublished"] = "\\url{" + _verbatim_value(str(item["URL"])) + "}"
    _write_dates(item, fields, biblatex)
    ordered = {name: fields[name] for name in _FIELD_ORDER if name in fields}
    ordered.update(fields)
    entry = Entry.new(entry_type, key, ordered)
    for index, field in enumerate(entry.fields):
        if field.key == "month" and field.value.isdigit() and 1 <= int(field.value) <= 12:
            entry.set_raw_at(index, month_macro(int(field.value)))
    return entry


#: The order fields are written in (others follow in table order).
_FIELD_ORDER = (
    "entrysubtype",
    "author",
    "editor",
    "translator",
    "bookauthor",
    "title",
    "shorttitle",
    "journaltitle",
    "journal",
    "booktitle",
    "series",
    "volume",
    "number",
    "issue",
    "pages",
    "edition",
    "type",
    "institution",
    "school",
    "organization",
    "publisher",
    "howpublished",
    "location",
    "address",
    "date",
    "year",
    "month",
)


def _verbatim_value(text: str) -> str:
    """A URL or DOI as written in a field, percent-encoding the braces and final backslash
    that would unbalance the value (the URL means the same)."""
    if is_balanced(text) and not text.endswith("\\"):
        return text
    text = text.replace("{", "%7B").replace("}", "%7D")
    return text[:-1] + "%5C" if text.endswith("\\") else text


def container_field(kind: str, biblatex: bool) -> str:
    """The field CSL's ``container-title`` of a ``kind`` item becomes."""
    if kind in _ARTICLE_TYPES or kind in {"legal_case", "periodical"}:
        return "journaltitle" if biblatex else "journal"
    if kind == "book" and biblatex:
        return "maintitle"  # a book's container is the multi-volume work
    return "booktitle"


def publisher_field(kind: str, entry_type: str, biblatex: bool) -> str:
    """The field CSL's ``publisher`` of a ``kind`` item becomes in an ``entry_type`` entry."""
    if kind in _INSTITUTION_TYPES:
        return "school" if entry_type in {"phdthesis", "mastersthesis"} else "institution"
    if kind == "webpage":
        return "organization" if biblatex else "howpublished"
    if entry_type == "misc" and not biblatex:
        return "howpublished"
    return "publisher"


def _write_dates(item: Mapping[str, Any], fields: dict[str, str], biblatex: bool) -> None:
    for field_name, variable in DATE_FIELDS.items():
        value = item.get(variable)
        if not isinstance(value, Mapping):
            continue
        parts = value.get("date-parts")
        if not parts or not isinstance(parts, list) or not parts[0]:
            literal = value.get("literal") or value.get("raw")
            if literal and field_name == "date":
                fields["year"] = latex_escape(str(literal))
            elif literal and biblatex:
                fields[field_name] = latex_escape(str(literal))
            continue
        if biblatex:
            text = "/".join(filter(None, (iso_from_parts(part) for part in parts if part)))
            if text and value.get("circa"):
                text += "~"
            if text:
                fields[field_name] = text
        elif field_name == "date":
            first = date_numbers(parts[0])
            if first:
                fields["year"] = str(first[0])
            # BibTeX's month field has no seasons (13-16, 21-24); biblatex's date has.
            if len(first) > 1 and 1 <= first[1] <= 12:
                fields["month"] = str(first[1])
        elif field_name == "urldate":
            text = iso_from_parts(parts[0])
            if text:
                fields["urldate"] = text


def date_numbers(parts: Sequence[Any]) -> list[int]:
    """CSL date parts (numbers, or their digits as text) as up to three integers; an
    empty part ends the date (exporters write ``[2020, "", ""]`` for a bare year)."""
    numbers: list[int] = []
    for part in parts[:3]:
        if part == "" or part is None:
            break
        numbers.append(int(part))
    return numbers


def iso_from_parts(parts: Sequence[Any]) -> str:
    numbers = date_numbers(parts)
    if not numbers:
        return ""
    if len(numbers) > 1 and 13 <= numbers[1] <= 16:
        # citeproc-js's seasons 13-16 are EDTF's (and biblatex's) 21-24; no day follows.
        numbers = [numbers[0], numbers[1] + 8]
    text = f"{numbers[0]:04d}" if numbers[0] >= 0 else str(numbers[0])
    return text + "".join(f"-{number:02d}" for number in numbers[1:])


def key_for(item: Mapping[str, Any], number: int, used: set[str]) -> str:
    base = re.sub(r"[\s,{}()=\"#%\\]", "", str(item.get("id", "") or "")) or f"item{number}"
    key = base
    suffix = 1
    while key in used:
        suffix += 1
        key = f"{base}-{suffix}"
    used.add(key)
    return key


def bib_name(name: Mapping[str, Any]) -> str:
    literal = name.get("literal")
    if literal == OTHERS["literal"]:
        return "others"
    if literal is not None:
        return "{" + latex_escape(str(literal)) + "}"
    family = str(name.get("family", ""))
    given = str(name.get("given", ""))
    dropping = str(name.get("dropping-particle", ""))
    particle = str(name.get("non-dropping-particle", ""))
    suffix = str(name.get("suffix", ""))
    if not family:
        return "{" + latex_escape(given) + "}" if given else "{}"
    family_tex = _name_part(family)
    needs_braces = " " in family or (family[:1].islower() and bool(given or particle or suffix))
    if needs_braces and not family_tex.startswith("{"):
        family_tex = "{" + family_tex + "}"
    given_tex = _name_part(given)
    if dropping:
        given_tex = f"{given_tex} {latex_escape(dropping)}".strip()
    head = f"{_name_part(particle)} {family_tex}" if particle else family_tex
    pieces = [head]
    if suffix:
        pieces.append(_name_part(suffix))
        pieces.append(given_tex)
    elif given_tex:
        pieces.append(given_tex)
    elif family_tex.startswith("{") and not particle:
        return family_tex + ","  # "{Garcia Marquez}" alone would be an organisation
    return ", ".join(pieces)


def _name_part(text: str) -> str:
    escaped = latex_escape(text)
    if "," in text or re.search(r"\band\b", text, re.IGNORECASE):
        return "{" + escaped + "}"
    return escaped


def dumps_json(items: Sequence[Mapping[str, Any]]) -> str:
    """CSL-JSON text (UTF-8, indented, keys in a stable order)."""
    return json.dumps(list(items), ensure_ascii=False, indent=2) + "\n"
