"""Fuzzing refkit's CSL processor with malformed styles (issue 19, point 4): a real
style's XML with elements dropped, duplicated or renamed and attributes dropped, renamed
or given other values.  Loading and rendering give output or a ``StyleError`` /
``RefkitError`` that says what is wrong, never another exception.
"""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree

from refkit.cite.csl import CitationProcessor, StyleError
from refkit.cite.styles import resolve_style
from refkit.core.errors import RefkitError
from tests.fuzz.profiles import fuzz

_STYLES = ("apa", "ieee", "chicago-author-date", "modern-language-association")
_ITEMS = [
    {
        "id": "k",
        "type": "article-journal",
        "title": "A title",
        "author": [{"family": "Doe", "given": "Jane"}, {"family": "Roe", "given": "R."}],
        "container-title": "Journal",
        "issued": {"date-parts": [[2020, 3, 5]]},
        "page": "1-5",
        "volume": "3",
        "DOI": "10.1000/xyz",
    },
    {
        "id": "b",
        "type": "book",
        "title": "Book",
        "editor": [{"literal": "United Nations"}],
        "publisher": "P",
        "issued": {"date-parts": [[2019]]},
    },
]
_TAGS = (
    "text", "group", "choose", "if", "else-if", "else", "names", "name", "et-al",
    "substitute", "label", "date", "date-part", "number", "layout", "macro", "sort", "key",
    "citation", "bibliography", "info", "locale", "terms", "term", "style", "bogus",
)  # fmt: skip
_ATTRIBUTES = (
    "variable", "macro", "form", "term", "delimiter", "prefix", "suffix", "name", "type",
    "match", "position", "is-numeric", "plural", "et-al-min", "et-al-use-first",
    "and", "name-as-sort-order", "date-parts", "range-delimiter", "text-case", "class",
    "version", "initialize-with", "disambiguate-add-names", "locator", "bogus",
)  # fmt: skip
_VALUES = (
    "", "author", "title", "issued", "none", "all", "any", "short", "long", "symbol",
    "-1", "0", "1", "99999999999999999999", "x y", "title-case", "year", "month",
    "missing-macro", "in-text", "note", "1.0", "2.0", "citation-number", "&", "<", "\u0000x",
)  # fmt: skip

_CSL = "{http://purl.org/net/xbiblio/csl}"


@cache
def _style_xml(name: str) -> bytes:
    path = resolve_style(name).path
    assert path is not None
    return path.read_bytes()


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    """A real style with one to four mutations."""
    root = etree.fromstring(_style_xml(draw(st.sampled_from(_STYLES))))
    for _ in range(draw(st.integers(1, 4))):
        elements = [element for element in root.iter() if isinstance(element.tag, str)]
        element = elements[draw(st.integers(0, len(elements) - 1))]
        parent = element.getparent()
        action = draw(
            st.sampled_from(
                ["drop", "duplicate", "rename", "drop-attribute", "rename-attribute", "value"]
            )
        )
        if action == "drop" and parent is not None:
            parent.remove(element)
        elif action == "duplicate" and parent is not None:
            parent.insert(parent.index(element), etree.fromstring(etree.tostring(element)))
        elif action == "rename":
            element.tag = _CSL + draw(st.sampled_from(_TAGS))
        elif action == "drop-attribute" and element.attrib:
            del element.attrib[draw(st.sampled_from(sorted(element.attrib)))]
        elif action == "rename-attribute" and element.attrib:
            old = draw(st.sampled_from(sorted(element.attrib)))
            value = element.attrib.pop(old)
            element.set(draw(st.sampled_from(_ATTRIBUTES)), value)
        elif action == "value":
            attribute = draw(st.sampled_from(sorted(element.attrib) or list(_ATTRIBUTES)))
            element.set(attribute, draw(st.sampled_from(_VALUES)).replace("\u0000", ""))
    text: str = etree.tostring(root, encoding="unicode")
    if draw(st.integers(0, 9)) == 0:  # now and then, cut the XML short
        text = text[: draw(st.integers(0, len(text)))]
    return text


def _render(xml: str, output: str) -> None:
    processor = CitationProcessor(xml, output=output)  # type: ignore[arg-type]
    entries = processor.bibliography(_ITEMS)
    assert all(isinstance(entry, str) for entry in entries)
    clusters = [{"id": "c1", "items": [{"id": "k", "locator": "12"}, {"id": "b"}]}]
    assert all(isinstance(text, str) for text in processor.cite_clusters(_ITEMS, clusters))


#: Found by this fuzz: mla with one macro renamed so that it calls itself through three
#: others hit Python's recursion limit.
_RECURSIVE = (
    "<style xmlns='http://purl.org/net/xbiblio/csl' version='1.0' class='in-text'>"
    "<macro name='a'><group><text macro='b'/></group></macro>"
    "<macro name='b'><names variable='author'><substitute><text macro='a'/></substitute>"
    "</names></macro><citation><layout><text macro='a'/></layout></citation>"
    "<bibliography><layout><text macro='b'/></layout></bibliography></style>"
)


def test_a_style_whose_macro_calls_itself_is_refused_naming_the_chain() -> None:
    """A macro that reaches itself is a StyleError saying which macros loop."""
    with pytest.raises(StyleError, match=r"macro 'a' calls itself \(a -> b -> a\)"):
        CitationProcessor(_RECURSIVE)


@fuzz(60)
@given(_mutated(), st.sampled_from(["html", "text", "latex"]))
@example(_RECURSIVE, "text")
@example("<style xmlns='http://purl.org/net/xbiblio/csl' version='1.0'/>", "text")
@example("<style", "html")
@example("", "text")
def test_a_malformed_style_renders_or_is_refused_with_a_style_error(xml: str, output: str) -> None:
    """The processor loads and renders a mutated style, or raises StyleError (or a
    RefkitError) with a message; nothing else escapes."""
    refusal = None
    try:
        _render(xml, output)
    except (StyleError, RefkitError) as error:
        refusal = str(error)
    assert refusal is None or refusal.strip()
