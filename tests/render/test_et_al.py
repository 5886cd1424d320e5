"""BibTeX's ``and others`` renders as the style's et al. in every engine (issue 15).

The CSL-JSON mapping ends such a list with ``{"literal": "others"}`` (as pandoc does);
citeproc-py prints that as a name and pybtex prints the person "others" as a name, so
each adapter corrects it: these tests show each upstream defect and refkit's output.
"""

from __future__ import annotations

import pytest

import refkit
from refkit.cite.engines import CiteprocPyEngine, CiteRequest
from refkit.cite.render import render

BIB = refkit.loads(
    "@article{one, author = {Latonero and others}, title = {Human trafficking online},"
    " journal = {J}, year = 2011}\n"
    "@article{given, author = {Latonero, Mark and others}, title = {Online},"
    " journal = {J}, year = 2012}\n"
    "@article{two, author = {Latonero, Mark and Smith, Ann and others}, title = {Mobile},"
    " journal = {J}, year = 2013}\n"
)


def texts(style: str, engine: object) -> dict[str, str]:
    return {entry.key: entry.text for entry in render(BIB, style=style, engine=engine).entries}


def test_upstream_citeproc_py_prints_others_as_a_name() -> None:
    """Plain citeproc-py reads the ``{"literal": "others"}`` ending the list as one more
    name ("Latonero, & others."); dropping it instead loses the et al. ("Latonero.")."""
    upstream = texts("apa", CiteprocPyEngine(fixes=False))
    assert upstream["one"].startswith("Latonero, & others. (2011)")
    assert "et al." not in "".join(upstream.values())


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (
            "apa",
            {
                "one": "Latonero et al. (2011).",
                "given": "Latonero, M. et al. (2012).",
                "two": "Latonero, M., Smith, A., et al. (2013).",
            },
        ),
        (
            "ieee",
            {
                "one": "Latonero et al., ",
                "given": "M. Latonero et al., ",
                "two": "M. Latonero, A. Smith, et al., ",
            },
        ),
        (
            "chicago-author-date",
            {
                "one": "Latonero et al. 2011.",
                "given": "Latonero, Mark et al. 2012.",
                "two": "Latonero, Mark, Ann Smith, et al. 2013.",
            },
        ),
    ],
)
@pytest.mark.parametrize("engine", ["citeproc-py", "refkit"])
def test_and_others_is_the_styles_et_al_in_the_csl_engines(
    style: str, expected: dict[str, str], engine: str
) -> None:
    """The names before "others", then the style's et-al term with its
    delimiter-precedes-et-al (contextual: a comma after two or more names)."""
    rendered = texts(style, engine)
    for key, start in expected.items():
        assert rendered[key].lstrip("[123] ").startswith(start), (key, rendered[key])


def test_and_others_in_citations_follows_the_styles_et_al_min() -> None:
    """APA cites "Latonero et al."; with two named authors before "others" the two are
    named (et-al-min 3 counts the names given), as pandoc's citeproc cites them."""
    cites = [(CiteRequest("one"),), (CiteRequest("two"),)]
    for engine in ("citeproc-py", "refkit"):
        rendered = render(BIB, style="apa", engine=engine, cites=cites)
        assert rendered.citations[0] == "(Latonero et al., 2011)"
        assert rendered.citations[1].endswith("Smith, et al., 2013)")


def test_upstream_pybtex_prints_others_as_a_name() -> None:
    """pybtex's plain style writes the person "others" as a name: "Latonero and others"
    where BibTeX's plain.bst writes "Latonero et~al."."""
    from pybtex.backends.plaintext import Backend
    from pybtex.database import BibliographyData, Entry, Person
    from pybtex.plugin import find_plugin

    entry = Entry(
        "article",
        fields={"title": "T", "journal": "J", "year": "2011"},
        persons={"author": [Person("Latonero"), Person("others")]},
    )
    data = BibliographyData({"one": entry})
    style = find_plugin("pybtex.style.formatting", "plain")()
    formatted = next(iter(style.format_bibliography(data)))
    assert formatted.text.render(Backend()).startswith("Latonero and others.")


@pytest.mark.parametrize("style", ["bibtex:plain", "bibtex:alpha", "bibtex:unsrt"])
def test_and_others_is_et_al_in_pybtex_as_in_plain_bst(style: str) -> None:
    """plain.bst's format.names: "Latonero et~al.", "Mark Latonero, Ann Smith, et~al."."""
    rendered = texts(style, "pybtex")
    assert "Latonero et al. Human trafficking online." in rendered["one"]
    assert "Mark Latonero et al. Online." in rendered["given"]
    assert "Mark Latonero, Ann Smith, et al. Mobile." in rendered["two"]
    assert not any("others" in text for text in rendered.values())
