"""Corrections for citeproc-py's known defects, in one place.

Each correction names the defect it works around; ``tests/render/test_citeproc_py.py``
shows each defect in plain citeproc-py and that the engine no longer has it.  Defects
that are not corrected here are pinned there by ``xfail(strict=True)`` tests.

Corrected:

* keys: citeproc-py lower-cases citation keys (``Smith`` and ``smith`` collide) -
  ``surrogate_ids`` gives every item a unique lower-case id and maps back.
* unknown variables: citeproc-py raises on CSL 1.0.2 variables it does not know -
  ``prepare_items`` drops them (``event-title`` becomes ``event``).
* "United States V. Bennett": title-casing capitalises the "v." of a case name -
  ``prepare_items`` protects it as a ``nocase`` span.
* given names cut to initials (MLA, Chicago): citeproc-py initialises whenever an
  ``initialize-with`` is inherited, ignoring ``initialize="false"`` -
  ``patched()`` makes ``Name.initialize`` honour it.
* punctuation outside quotation marks (en-US): citeproc-py ignores the locale's
  ``punctuation-in-quote`` - ``move_punctuation_into_quotes`` moves ``.`` and ``,``
  inside a closing quotation mark.
* a label for a missing variable ("December 18. Edition." in Chicago): citeproc-py
  renders ``<label variable="edition"/>`` without an edition - ``patched()`` makes a
  label need its variable, as CSL says.
* a substituted title printed twice ("United States v. Bennett (2007) United States v.
  Bennett" in Harvard and MLA): citeproc-py suppresses a substitute's variable only when
  it is the child's own, not when a macro renders it - ``patched()`` records what the
  substitute rendered and suppresses those variables in the rest of the entry.
* BibTeX's "and others" (CSL-JSON ``{"literal": "others"}`` ending a name list, as pandoc
  and refkit write it): citeproc-py prints "others" as a name ("Latonero & others"), and
  without it the list loses its et al. ("Latonero.") - ``patched()`` makes ``Name.process``
  render the names before it and the style's et-al term, truncating further where the
  style's ``et-al-min`` does, as refkit's processor and citeproc-js do.
* doubled punctuation ("Gone?." in Chicago) - ``collapse_punctuation`` drops the period
  after ``?`` and ``!``.
* numeric label glued to the text ("[1]BBC"): ``separate_label`` puts the label apart.
* unescaped affixes: citeproc-py's HTML formatter escapes variables but not the
  style's affixes and delimiters, so OSCOLA's ``<`` ``>`` around URLs are read as a tag -
  ``MarkedFormatter`` marks formatting with private-use characters instead, and
  ``marked_to_html`` escapes all text and writes the tags.
* XML: citeproc-py parses styles and locales with lxml's defaults - ``patched()`` turns
  entity resolution off for every parser citeproc-py makes (styles reach it sanitized by
  ``refkit.cite.styles.read_csl`` anyway).

Not corrected (pinned): no year-suffix disambiguation ("2020a"); some styles raise
``AttributeError`` inside citeproc-py (reported as a refkit error naming the defect).
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "MarkedFormatter",
    "collapse_punctuation",
    "marked_to_html",
    "move_punctuation_into_quotes",
    "patched",
    "prepare_items",
    "punctuation_in_quote",
    "separate_label",
    "surrogate_ids",
]

_OPEN, _SHUT, _END = "\ue000", "\ue001", "\ue002"
_PRIVATE = re.compile("[\ue000-\ue002]")
_MARK_TAGS = {
    "1": ("<i>", "</i>"),
    "2": ("<b>", "</b>"),
    "3": ('<span style="font-variant:small-caps">', "</span>"),
    "4": ("<u>", "</u>"),
    "5": ("<sup>", "</sup>"),
    "6": ("<sub>", "</sub>"),
}


def _marker(code: str) -> type[str]:
    class Marked(str):
        def __new__(cls, text: object) -> Marked:
            return super().__new__(cls, f"{_OPEN}{code}{_SHUT}{text}{_END}{code}{_SHUT}")

    return Marked


class MarkedFormatter:
    """A citeproc-py formatter that marks formatting with private-use characters.

    Nothing is escaped here; ``marked_to_html`` escapes the whole result (values, affixes
    and delimiters alike) and only then turns the marks into tags.
    """

    Italic = _marker("1")
    Oblique = Italic
    Bold = _marker("2")
    Light = str
    SmallCaps = _marker("3")
    Underline = _marker("4")
    Superscript = _marker("5")
    Subscript = _marker("6")

    @staticmethod
    def preformat(text: object) -> str:
        return str(text)


def marked_to_html(text: str) -> str:
    """Output of ``MarkedFormatter`` as HTML: every character escaped, marks as tags."""
    import html

    escaped = html.escape(text, quote=False)

    def tag(match: re.Match[str]) -> str:
        opening, closing = _MARK_TAGS.get(match.group(2), ("", ""))
        return opening if match.group(1) == _OPEN else closing

    return re.sub(f"([{_OPEN}{_END}])(\\d){_SHUT}", tag, escaped)


def strip_private(value: Any) -> Any:
    """A value with the formatter's private-use marks removed (they cannot be data)."""
    if isinstance(value, str):
        return _PRIVATE.sub("", value)
    if isinstance(value, list):
        return [strip_private(part) for part in value]
    if isinstance(value, dict):
        return {key: strip_private(part) for key, part in value.items()}
    return value


_CASE_V = re.compile(r"(?<=\s)(v\.?|vs\.?)(?=\s)")
_RENAMED = {"event-title": "event"}


def surrogate_ids(keys: Sequence[str]) -> dict[str, str]:
    """A unique lower-case id for each key (citeproc-py lower-cases keys)."""
    return {key: f"k{index}" for index, key in enumerate(dict.fromkeys(keys))}


def known_variables() -> frozenset[str]:
    from citeproc import VARIABLES

    return frozenset(name.replace("_", "-") for name in VARIABLES) | {"DOI", "ISBN", "ISSN"}


def prepare_items(
    items: Sequence[Mapping[str, Any]], ids: Mapping[str, str], protect_case_names: bool = True
) -> list[dict[str, Any]]:
    """Items as citeproc-py can take them: surrogate ids, known variables, protected "v."."""
    known = known_variables()
    prepared: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in items:
        key = str(item.get("id", ""))
        if key in seen or key not in ids:
            continue
        seen.add(key)
        result: dict[str, Any] = {"id": ids[key], "type": item.get("type", "article")}
        for name, value in item.items():
            name = _RENAMED.get(name, name)
            if name in {"id", "type"} or name not in known or name in result:
                continue
            if name in {"PMID", "PMCID"} and name.replace("-", "_") not in known:
                continue
            result[name] = strip_private(value)
        title = result.get("title")
        if protect_case_names and result["type"] == "legal_case" and isinstance(title, str):
            result["title"] = _CASE_V.sub(r'<span class="nocase">\1</span>', title)
        prepared.append(result)
    return prepared


@functools.lru_cache(maxsize=32)
def punctuation_in_quote(style_xml: bytes, locale: str | None) -> bool:
    """Whether the style's effective locale puts . and , inside quotation marks."""
    from citeproc import LOCALES_PATH
    from lxml import etree

    from refkit.cite.styles import CSL_NAMESPACE, sanitize_xml

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(style_xml, parser)
    lang = locale or root.get("default-locale") or "en-US"
    ns = {"csl": CSL_NAMESPACE}
    for option in root.iterfind("csl:locale/csl:style-options", ns):
        if option.get("punctuation-in-quote") is not None:
            return bool(option.get("punctuation-in-quote") == "true")
    path = Path(LOCALES_PATH) / f"locales-{lang}.xml"
    if not path.is_file():
        return lang.startswith("en-US")
    locale_root = etree.fromstring(sanitize_xml(path.read_bytes(), "locale"), parser)
    option = locale_root.find("csl:style-options", ns)
    return option is not None and option.get("punctuation-in-quote") == "true"


_QUOTE_PUNCTUATION = re.compile(r"(.)(”)((?:</[a-z]+>)*)([.,])")


def move_punctuation_into_quotes(text: str) -> str:
    """``“Title”.`` to ``“Title.”`` (American punctuation), also across closing tags.

    After a title that ends in ``?``, ``!`` or ``.`` the moved mark is dropped.
    """

    def move(match: re.Match[str]) -> str:
        before, quote, tags, mark = match.groups()
        if before in "?!.,":
            return before + quote + tags
        return before + mark + quote + tags

    return _QUOTE_PUNCTUATION.sub(move, text)


_LEADING_LABEL = re.compile(r"^(\s*(?:<[^>]+>)*\s*(?:\[[^\]\s]{1,12}\]|\(\d+\)|\d+\.))(?=\S)")


_DOUBLED = re.compile(r"([?!])((?:</[a-z]+>)*)\.(?=\s|<|$)")


def collapse_punctuation(text: str) -> str:
    """``Gone?.`` to ``Gone?`` (CSL merges a period into a preceding ? or !)."""
    return _DOUBLED.sub(r"\1\2", text)


def separate_label(text: str) -> str:
    """``[1]BBC`` to ``[1] BBC``: a leading numeric label apart from the entry."""
    return _LEADING_LABEL.sub(r"\1 ", text, count=1)


def _initialize_honouring_false(original: Any) -> Any:
    def initialize(self: Any, given: Any, mark: Any, context: Any = None) -> Any:
        for element in (self, *self.iterancestors()):
            setting = element.get("initialize")
            if setting is not None:
                if setting == "false":
                    return given
                break
        return original(self, given, mark, context)

    initialize.refkit_fix = True  # type: ignore[attr-defined]
    return initialize


class _HardenedEtree:
    """lxml.etree as citeproc-py sees it, with entity resolution always off."""

    def __init__(self, module: Any) -> None:
        self._module = module

    def XMLParser(self, *args: Any, **kwargs: Any) -> Any:  # noqa: N802 - lxml's name
        kwargs["resolve_entities"] = False
        kwargs["no_network"] = True
        kwargs["load_dtd"] = False
        return self._module.XMLParser(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)


def _label_needing_its_variable(original: Any) -> Any:
    def process(
        self: Any,
        item: Any,
        variable: Any = None,
        plural: Any = None,
        context: Any = None,
        **kwargs: Any,
    ) -> Any:
        if variable is None:
            name = self.get("variable")
            if name and name != "locator":
                # Raises citeproc-py's VariableError when the item lacks the variable,
                # which suppresses the label and, per CSL, its group.
                item.reference[name.replace("-", "_")]
        return original(self, item, variable, plural, context, **kwargs)

    process.refkit_fix = True  # type: ignore[attr-defined]
    return process


_RENDERED_VARIABLES: list[list[tuple[str, str]]] = []


def _text_variable_recording(original: Any) -> Any:
    def variable(self: Any, item: Any, context: Any) -> Any:
        text = original(self, item, context)
        if text and _RENDERED_VARIABLES:
            _RENDERED_VARIABLES[-1].append((self.tag, self.get("variable")))
        return text

    return variable


def _substitute_repressing_macros(original: Any) -> Any:
    def render(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        _RENDERED_VARIABLES.append([])
        try:
            text = original(self, item, context=context, **kwargs)
        finally:
            rendered = _RENDERED_VARIABLES.pop()
        if text and context is not None:
            # The substitute's macro rendered these variables: CSL suppresses them in the
            # rest of the entry (citeproc-py only does so for a child's own variable).
            repressed = context.get_layout().repressed
            for tag, name in rendered:
                names = repressed.setdefault(tag, [])
                if name not in names:
                    names.append(name)
        return text

    return render


def _is_others(name: Any) -> bool:
    return isinstance(name, Mapping) and name.get("literal") == "others"


def _name_ending_in_others(original: Any, overrides: list[dict[str, Any]]) -> Any:
    def process(
        self: Any, item: Any, variable: Any, context: Any = None, sort_options: Any = None,
        **kwargs: Any,
    ) -> Any:
        reference = item.reference
        names = reference.get(variable, [])
        if len(names) < 2 or not _is_others(names[-1]):
            return original(self, item, variable, context, sort_options, **kwargs)
        real = list(names[:-1])
        et_al_min = self.get_option("et-al-min", context, sort_options)
        use_first = self.get_option("et-al-use-first", context, sort_options)
        shown = len(real)
        if shown > 1 and et_al_min and shown >= et_al_min:
            shown = max(1, min(shown, use_first))
        # One stand-in after the shown names makes citeproc-py truncate to them and add
        # the et-al term with the style's delimiter-precedes-et-al; it is never printed.
        reference[variable] = [*real[:shown], real[-1]]
        overrides.append(
            {"et-al-min": shown + 1, "et-al-use-first": shown, "et-al-use-last": False}
        )
        try:
            return original(self, item, variable, context, sort_options, **kwargs)
        finally:
            overrides.pop()
            reference[variable] = names

    process.refkit_fix = True  # type: ignore[attr-defined]
    return process


def _option_overridden(original: Any, overrides: list[dict[str, Any]]) -> Any:
    def get_option(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        if overrides and name in overrides[-1]:
            return overrides[-1][name]
        return original(self, name, *args, **kwargs)

    return get_option


@contextlib.contextmanager
def patched() -> Iterator[None]:
    """Within the block, citeproc-py honours ``initialize="false"``, renders no label for
    a missing variable, and resolves no XML entities."""
    from citeproc import frontend, model

    original_initialize = model.Name.initialize
    original_label = model.Label.process
    original_variable = model.Text._variable
    original_substitute = model.Substitute.render
    original_process = model.Name.process
    original_get_option = model.Name.get_option
    original_etree = frontend.etree
    already = getattr(original_initialize, "refkit_fix", False)
    #: The et-al options in force while a list ending in "others" renders (innermost last).
    overrides: list[dict[str, Any]] = []
    if not already:
        model.Name.initialize = _initialize_honouring_false(original_initialize)
        model.Name.process = _name_ending_in_others(original_process, overrides)
        model.Name.get_option = _option_overridden(original_get_option, overrides)
        model.Label.process = _label_needing_its_variable(original_label)
        model.Text._variable = _text_variable_recording(original_variable)
        model.Substitute.render = _substitute_repressing_macros(original_substitute)
    if not isinstance(original_etree, _HardenedEtree):
        frontend.etree = _HardenedEtree(original_etree)
    try:
        yield
    finally:
        if not already:
            model.Name.initialize = original_initialize
            model.Label.process = original_label
            model.Text._variable = original_variable
            model.Substitute.render = original_substitute
            model.Name.process = original_process
            model.Name.get_option = original_get_option
        frontend.etree = original_etree
