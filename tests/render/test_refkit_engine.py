"""The default engine, refkit's own CSL processor, has none of citeproc-py's pinned defects."""

from __future__ import annotations

import refkit
from refkit.cite.render import render

SAME_AUTHOR_YEAR = """
@article{a, author = {Smith, John}, title = {First}, journal = {J}, year = 2020}
@article{b, author = {Smith, John}, title = {Second}, journal = {J}, year = 2020}
@jurisdiction{c, title = {United States v. Bennett}, date = {2007}}
"""


def test_default_csl_engine_is_refkit() -> None:
    """Without --engine, CSL styles render through refkit.cite.csl."""
    rendered = render(refkit.loads(SAME_AUTHOR_YEAR), style="apa", format="text")
    assert rendered.engine == "refkit"


def test_same_author_and_year_get_year_suffixes() -> None:
    """APA gives 2020a and 2020b to two works of one author in one year."""
    text = str(render(refkit.loads(SAME_AUTHOR_YEAR), style="apa", format="text", keys=["a", "b"]))
    assert "(2020a)" in text
    assert "(2020b)" in text


def test_chicago_keeps_given_names_whole() -> None:
    """initialize="false" styles print 'Smith, John', not 'Smith, J.'."""
    text = str(render(refkit.loads(SAME_AUTHOR_YEAR), style="chicago", format="text", keys=["a"]))
    assert text.startswith("Smith, John.")


def test_case_name_keeps_lower_case_v() -> None:
    """A case name is not title-cased into 'United States V. Bennett'."""
    text = str(render(refkit.loads(SAME_AUTHOR_YEAR), style="chicago", format="text", keys=["c"]))
    assert "United States v. Bennett" in text
