"""One definition of "an English entry" for sentence case (cite) and RK615 (lint)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

import refkit
from refkit.bib.language import CASE_LANGUAGES, entry_language, is_english
from refkit.cite.csljson import bibliography_to_csl
from refkit.lint.checking import check
from refkit.lint.config import Config

ENGLISH = [
    None,
    "",
    "english",
    "English",
    "american",
    "british",
    "canadian",
    "australian",
    "newzealand",
    "USenglish",
    "UKenglish",
    "langenglish",
    "en",
    "EN",
    "en-GB",
    "en-US",
    "en-Latn-US",
    "en_GB",
    "en_US",
    "eng",
    "English (UK)",
    "english and french",
    "{English}",
]
NOT_ENGLISH = [
    "german",
    "ngerman",
    "french",
    "de",
    "de-DE",
    "fr_FR",
    "enm",
    "engl",
    "spanish and english",
    "langgerman",
    "und",
    "Englisch",
]


@pytest.mark.parametrize("value", ENGLISH)
def test_english_values(value: str | None) -> None:
    """biblatex's case languages (babel/polyglossia names), BCP 47 ``en`` tags, ``eng``."""
    assert is_english(value)


@pytest.mark.parametrize("value", NOT_ENGLISH)
def test_other_languages(value: str) -> None:
    """Another language, a BCP 47 tag of one, or a list that starts with one."""
    assert not is_english(value)


def test_the_case_languages_are_biblatexs() -> None:
    """\\DeclareCaseLangs in biblatex 3.18b's biblatex.sty."""
    assert {
        "american",
        "british",
        "canadian",
        "english",
        "usenglish",
        "ukenglish",
        "australian",
        "newzealand",
    } == CASE_LANGUAGES


@given(st.sampled_from(sorted(CASE_LANGUAGES)), st.sampled_from(["", " (UK)", ", US"]))
def test_a_case_language_is_english_in_any_letter_case(name: str, qualifier: str) -> None:
    assert is_english(name.upper() + qualifier)
    assert is_english(name.title() + qualifier)


def test_langid_comes_before_hyphenation_and_language() -> None:
    bib = refkit.loads(
        "@misc{a, langid = {german}, hyphenation = {english}, language = {english}}\n"
        "@misc{b, hyphenation = {british}, language = {german}}\n"
        "@misc{c, language = {French and English}}\n"
        "@misc{d, langid = { }, language = {english}}\n"
        "@misc{e, title = {T}}\n"
    )
    assert [entry_language(entry) for entry in bib.entries] == [
        "german",
        "british",
        "French and English",
        "english",
        None,
    ]


@pytest.mark.parametrize("language", ["en_GB", "USenglish", "english", "german", "fr-FR"])
def test_sentence_case_and_the_proper_noun_rule_agree_on_english(language: str) -> None:
    """Both callers use the one definition: a title is sentence-cased on the way to CSL
    exactly where RK615 asks for proper nouns to be braced."""
    bib = refkit.loads(
        f"@book{{a, title = {{Trafficking in Poland}}, langid = {{{language}}},"
        " author = {A. Author}, publisher = {P}, year = 2000}\n"
    )
    title = bibliography_to_csl(bib)[0]["title"]
    lowered = title == "Trafficking in poland"
    found = check(bib, Config(select=("RK615",), today=datetime.date(2026, 11, 28)))
    assert lowered == is_english(language)
    assert bool(found) == lowered
