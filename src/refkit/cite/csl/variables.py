"""CSL variables by kind (CSL 1.0.2, appendix IV): which are names, dates and numbers,
and where a variable's value comes from when it is not the item's own key."""

from __future__ import annotations

__all__ = [
    "DATE_VARS",
    "NAME_VARS",
    "NOTE_VARS",
    "NUMBER_VARS",
    "PARSED_VARS",
    "PROCESSOR_VARS",
    "SHORT_FORMS",
    "VARIABLE_ALIASES",
    "VERBATIM_VARS",
]

NAME_VARS = frozenset(
    [
        "author",
        "chair",
        "collection-editor",
        "compiler",
        "composer",
        "container-author",
        "contributor",
        "curator",
        "director",
        "editor",
        "editor-translator",
        "editorial-director",
        "executive-producer",
        "guest",
        "host",
        "illustrator",
        "interviewer",
        "narrator",
        "organizer",
        "original-author",
        "performer",
        "producer",
        "recipient",
        "reviewed-author",
        "script-writer",
        "series-creator",
        "translator",
    ]
)

DATE_VARS = frozenset(
    [
        "accessed",
        "available-date",
        "event-date",
        "issued",
        "original-date",
        "submitted",
        "locator-date",
    ]
)

NUMBER_VARS = frozenset(
    [
        "chapter-number",
        "citation-number",
        "collection-number",
        "edition",
        "first-reference-note-number",
        "issue",
        "locator",
        "number",
        "number-of-pages",
        "number-of-volumes",
        "page",
        "page-first",
        "part-number",
        "printing-number",
        "section",
        "supplement-number",
        "version",
        "volume",
    ]
)

#: the ordinary variables (not names, dates or numbers) a ``key: value`` line of an
#: item's note may set
NOTE_VARS = frozenset(
    [
        "abstract",
        "annote",
        "archive",
        "archive_location",
        "archive-place",
        "authority",
        "call-number",
        "citation-label",
        "collection-title",
        "collection-title-short",
        "container-title",
        "container-title-short",
        "dimensions",
        "DOI",
        "event",
        "event-place",
        "genre",
        "ISBN",
        "ISSN",
        "jurisdiction",
        "keyword",
        "medium",
        "original-publisher",
        "original-publisher-place",
        "original-title",
        "publisher",
        "publisher-place",
        "references",
        "reviewed-title",
        "scale",
        "section",
        "source",
        "status",
        "title",
        "title-short",
        "URL",
        "version",
        "year-suffix",
    ]
)

#: variables the processor supplies (from the cite or the registry) or derives from
#: other variables, rather than reading them from the item
PROCESSOR_VARS = frozenset(
    [
        "locator",
        "citation-number",
        "first-reference-note-number",
        "page-first",
        "citation-label",
        "year-suffix",
    ]
)

#: variables whose values are parsed (names and dates), not read as text
PARSED_VARS = NAME_VARS | DATE_VARS

#: variables whose values are output as they are (no rich-text markup is read in them)
VERBATIM_VARS = frozenset({"URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID"})

#: the keys a short form (``form="short"``) is looked up under, in order; by default
#: the variable with ``-short`` appended
SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "title": ("title-short", "shortTitle"),
    "container-title": ("container-title-short", "journalAbbreviation"),
}

#: the CSL-JSON keys citeproc-js reads for a variable the item does not have
VARIABLE_ALIASES: dict[str, str] = {
    "container-title-short": "journalAbbreviation",
    "title-short": "shortTitle",
}
