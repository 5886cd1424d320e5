"""RK615's family-name look-up skips parsing names only when the answer cannot change."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import refkit
from refkit.lint.index import digest_of
from refkit.lint.rules.propernouns import _family_names, _FamilyNames

_WORD = st.text(alphabet="AaBbÉéKkLlMmÖöVv", min_size=1, max_size=6)
_NAME = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)
_PLAIN = st.lists(_NAME, min_size=1, max_size=3).map(" and ".join)
_LATEX = st.sampled_from(["M{\\\"u}ller", "{van Dyke}, Anna", "O'Brien, Pat", "de~la Mare, W."])


@settings(max_examples=200, deadline=None)
@given(
    authors=st.one_of(_PLAIN, _LATEX, st.builds("{} and {}".format, _PLAIN, _LATEX)),
    editors=st.one_of(st.none(), _PLAIN),
    words=st.lists(st.one_of(_WORD, st.sampled_from(["Müller", "Dyke", "Mare", "O'Brien"]))),
)
def test_family_words_are_those_the_parsed_names_give(
    authors: str, editors: str | None, words: list[str]
) -> None:
    """A title word is a family name exactly when pybtex's parse of the names says so."""
    fields = f"author = {{{authors}}}," + (f" editor = {{{editors}}}," if editors else "")
    entry = refkit.loads(f"@book{{k, {fields} title = {{T}}}}").entries[0]
    parsed = _family_names(entry)
    lazy = _FamilyNames(entry, digest_of(entry))
    assert [word in lazy for word in words] == [word in parsed for word in words]
    assert all(word in lazy for word in parsed)
