"""Rendering is safe: HTML escapes every value, and style XML cannot read local files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import refkit
from refkit.cite.formats import convert
from refkit.cite.render import render, render_items
from refkit.cite.richtext.html_reader import read_html
from refkit.cite.richtext.links import safe_href
from refkit.cite.styles import read_csl, resolve_style

HOSTILE = r"""
@online{evil,
  author = {Mallory, Eve},
  title = {Hello <script>alert(1)</script> \& <img src=x onerror=alert(2)>},
  url = {javascript:alert(3)},
  date = {2020},
}
@online{fine,
  author = {Good, Bob},
  title = {Fine},
  url = {https://example.org/a?b=1&c=2},
  date = {2021},
}
"""


@pytest.mark.parametrize("engine", ["citeproc-py", "refkit"])
def test_html_escapes_script_in_a_title(engine: str) -> None:
    """A <script> in a title comes out as text, never as a tag."""
    html = str(render(refkit.loads(HOSTILE), style="apa", format="html", engine=engine))
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("engine", ["citeproc-py", "refkit"])
def test_javascript_url_is_never_a_link(engine: str) -> None:
    """A javascript: URL stays text; an https URL becomes a link with its & escaped."""
    html = str(render(refkit.loads(HOSTILE), style="apa", format="html", engine=engine))
    assert 'href="javascript' not in html.lower()
    assert '<a href="https://example.org/a?b=1&amp;c=2">' in html


def test_pybtex_html_escapes_values() -> None:
    """The pybtex engine's HTML escapes a <script> title and links no javascript: URL."""
    html = str(render(refkit.loads(HOSTILE), style="bibtex:plain", format="html"))
    assert "<script" not in html
    assert 'href="javascript' not in html.lower()


def test_formats_drop_unknown_tags_and_unsafe_links() -> None:
    """Engine HTML is reduced to known markup; javascript: and data: links are dropped."""
    fragment = '<i>A</i> <script>x()</script><a href="javascript:x()">B</a> <a href="data:x">C</a>'
    assert convert(read_html(fragment), "html") in {"<i>A</i> BC", "<i>A</i> B C"}
    assert safe_href(" JavaScript:alert(1)") == ""
    assert safe_href("https://x.org") == "https://x.org"


EXTERNAL_ENTITY_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE style [<!ENTITY secret SYSTEM "file://{secret}">]>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Leaky</title><id>leaky</id><updated>2020-01-01T00:00:00+00:00</updated></info>
  <locale xml:lang="en-US"><terms><term name="in">&secret;</term></terms></locale>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography>
    <layout>
      <text term="in" suffix=" "/>
      <text variable="title"/>
    </layout>
  </bibliography>
</style>
"""


def _leaky_style(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    style = tmp_path / "leaky.csl"
    style.write_text(EXTERNAL_ENTITY_STYLE.format(secret=secret), encoding="utf-8")
    return style


def test_read_csl_drops_external_entities(tmp_path: Path) -> None:
    """The sanitized style text has no DOCTYPE, no entity and none of the file's content."""
    data = read_csl(_leaky_style(tmp_path))
    assert b"TOP-SECRET" not in data
    assert b"DOCTYPE" not in data
    assert b"&secret;" not in data


@pytest.mark.parametrize("engine", ["citeproc-py", "refkit"])
def test_external_entity_in_a_style_cannot_read_a_file(tmp_path: Path, engine: str) -> None:
    """A style whose entity names a local file renders without that file's content."""
    style = _leaky_style(tmp_path)
    items = [{"id": "a", "type": "book", "title": "Visible"}]
    rendered = render_items(items, str(style), "text", engine=engine)
    assert "TOP-SECRET" not in str(rendered)
    assert "Visible" in str(rendered)


def test_citeproc_parser_is_hardened_while_rendering(tmp_path: Path) -> None:
    """Within the fixes, every lxml parser citeproc-py makes resolves no entities."""
    from citeproc import frontend

    from refkit.cite.citeproc_py_fixes import patched

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    xml = f'<!DOCTYPE a [<!ENTITY s SYSTEM "file://{secret}">]><a>&s;</a>'.encode()
    with patched():
        parser = frontend.etree.XMLParser()
        root = frontend.etree.fromstring(xml, parser)
    assert "TOP-SECRET" not in (root.text or "")


def test_locale_names_cannot_be_paths() -> None:
    """A locale such as ../../etc/passwd is refused before any file is opened."""
    with pytest.raises(refkit.UsageError):
        render_items([], "apa", locale="../../etc/passwd")


def test_style_names_cannot_be_paths_into_the_package() -> None:
    """A style name is a name: '..' is neither a style nor a path to a .csl file."""
    with pytest.raises(refkit.UsageError):
        resolve_style("..")


def test_entity_in_an_attribute_is_refused(tmp_path: Path) -> None:
    """An external entity in an attribute value makes the style unreadable, not leaky."""
    style = tmp_path / "attr.csl"
    style.write_text(
        '<!DOCTYPE style [<!ENTITY s SYSTEM "file:///etc/hostname">]>'
        '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><citation>'
        '<layout><text value="&s;"/></layout></citation></style>',
        encoding="utf-8",
    )
    with pytest.raises(refkit.UsageError, match="not well-formed"):
        read_csl(style)


_HOSTILE_TEXT = st.text(
    alphabet=st.sampled_from(list("<>&\"'/ =:;abcsriptjv()\\{}%$#_~^")), min_size=1, max_size=40
)


@settings(max_examples=25, deadline=None)
@given(_HOSTILE_TEXT)
def test_html_output_never_contains_a_raw_tag_from_data(title: str) -> None:
    """Whatever a title holds, the HTML has only refkit's own tags."""
    items = [{"id": "x", "type": "book", "title": title, "URL": "javascript:" + title}]
    html = str(render_items(items, "apa", "html", engine="citeproc-py"))
    tags = set(re.findall(r"</?([a-zA-Z][a-zA-Z0-9]*)", html))
    assert tags <= {"div", "i", "b", "span", "sup", "sub", "u", "a"}
    assert 'href="javascript' not in html
