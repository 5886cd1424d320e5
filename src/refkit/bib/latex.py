"""LaTeX in field values: to Unicode (with pylatexenc), and case-protection segments.

BibTeX field values are LaTeX fragments.  ``to_unicode`` turns one into plain text;
``segments`` splits a value into runs that are case-protected (a top-level brace group
such as ``{UN}``) or not, which CSL needs as ``nocase`` spans and title-casing rules
need to leave alone.  A brace group that starts with a backslash (``{\\'e}``) is a
BibTeX "special character", not a protection.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from refkit.bib.braces import BRACE, top_level_groups

_NEEDS_LATEX = re.compile(r"[\\~$`']|--|''|!`|\?`")
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)%")
_SPACES = re.compile(r"[ \t\r\n]+")


#: The btxdoc sorting trick, ``{\noopsort{1973c}}1981``: defined in a @preamble to print
#: nothing, so its argument is a sort key, never text (pylatexenc knows no such macro and
#: printed the key: "1973c1981").
_SORT_KEY_MACROS = ("noopsort", "sortnoop", "SortNoop", "noop")
#: Macros whose argument is text, which pylatexenc 2.11 drops with the macro.
_ARGUMENT_KEPT = ("texttt", "textsf", "textmd", "textup", "mbox", "fbox", "textnormal")
#: Text macros pylatexenc 2.11 drops (logos, characters); tests/bib/test_latex.py shows it.
_MACRO_TEXT = {
    "TeX": "TeX",
    "LaTeX": "LaTeX",
    "LaTeXe": "LaTeX2\N{GREEK SMALL LETTER EPSILON}",
    "BibTeX": "BibTeX",
    "AmSTeX": "AMS-TeX",
    "AmS": "AMS",
    "XeTeX": "XeTeX",
    "XeLaTeX": "XeLaTeX",
    "LuaTeX": "LuaTeX",
    "LuaLaTeX": "LuaLaTeX",
    "pdfTeX": "pdfTeX",
    "pdfLaTeX": "pdfLaTeX",
    "ConTeXt": "ConTeXt",
    "MF": "Metafont",
    "METAFONT": "METAFONT",
    "MP": "MetaPost",
    "slash": "/",
    "Dash": "\N{EM DASH}",
    "pounds": "\N{POUND SIGN}",
    "S": "\N{SECTION SIGN}",
    "P": "\N{PILCROW SIGN}",
    "copyright": "\N{COPYRIGHT SIGN}",
    "reg": "\N{REGISTERED SIGN}",
    "TM": "\N{TRADE MARK SIGN}",
    "degree": "\N{DEGREE SIGN}",
    "colon": ":",
    "textunderscore": "_",
    "nobreakspace": "\N{NO-BREAK SPACE}",
    "thinspace": "\N{THIN SPACE}",
    "Thorn": "\N{LATIN CAPITAL LETTER THORN}",
    "thorn": "\N{LATIN SMALL LETTER THORN}",
    "Eth": "\N{LATIN CAPITAL LETTER ETH}",
    "eth": "\N{LATIN SMALL LETTER ETH}",
    "dbar": "\N{LATIN SMALL LETTER D WITH STROKE}",
    "flqq": "\N{LEFT-POINTING DOUBLE ANGLE QUOTATION MARK}",
    "frqq": "\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}",
    "flq": "\N{SINGLE LEFT-POINTING ANGLE QUOTATION MARK}",
    "frq": "\N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK}",
    "glqq": "\N{DOUBLE LOW-9 QUOTATION MARK}",
    "grqq": "\N{LEFT DOUBLE QUOTATION MARK}",
    "glq": "\N{SINGLE LOW-9 QUOTATION MARK}",
    "grq": "\N{LEFT SINGLE QUOTATION MARK}",
}


@dataclass(frozen=True)
class TextSegment:
    """A run of decoded text and whether braces protected its case."""

    text: str
    protected: bool


@functools.lru_cache(maxsize=1)
def _converter() -> tuple[Any, Any]:
    from pylatexenc import latexwalker
    from pylatexenc.latex2text import (
        LatexNodes2Text,
        MacroTextSpec,
        get_default_latex_context_db,
    )
    from pylatexenc.macrospec import std_macro

    text_db = get_default_latex_context_db()
    text_db.add_context_category(
        "refkit",
        prepend=True,
        macros=[
            MacroTextSpec("url", "%s"),
            MacroTextSpec("href", "%(2)s"),
            MacroTextSpec("doi", "%s"),
            MacroTextSpec("path", "%s"),
            # pylatexenc 2.11 parses these as taking an argument but has no text for
            # them, so it drops the argument ("\texttt{Ab}" became ""): keep the text.
            *(MacroTextSpec(name, discard=False) for name in _ARGUMENT_KEPT),
            # ... and it drops these text macros entirely ("\TeX" became "").
            *(MacroTextSpec(name, text) for name, text in _MACRO_TEXT.items()),
            *(MacroTextSpec(name, "") for name in _SORT_KEY_MACROS),
        ],
    )
    walker_db = latexwalker.get_default_latex_context_db()
    walker_db.add_context_category(
        "refkit",
        prepend=True,
        macros=[
            std_macro("url", False, 1),
            std_macro("href", False, 2),
            std_macro("doi", False, 1),
            std_macro("path", False, 1),
            *(std_macro(name, False, 1) for name in _SORT_KEY_MACROS),
        ],
    )
    converter = LatexNodes2Text(
        latex_context=text_db, math_mode="verbatim", strict_latex_spaces=True
    )
    return converter, walker_db


@functools.lru_cache(maxsize=65536)
def needs_latex(value: str) -> bool:
    """Whether ``value`` holds LaTeX beyond braces (commands, ties, dashes, quotes, math).

    Without it, ``to_unicode`` only drops braces and collapses white space.
    """
    return _NEEDS_LATEX.search(value) is not None


def to_unicode(value: str) -> str:
    """Plain Unicode text of a LaTeX fragment; braces dropped, spaces collapsed.

    A raw ``%`` is kept as a character (in a .bib value it is almost always meant
    literally; the text rules report it).  Malformed LaTeX degrades to the value
    with its braces stripped rather than losing text.
    """
    if not _NEEDS_LATEX.search(value):
        return _SPACES.sub(" ", BRACE.sub("", value)).strip()
    from pylatexenc import latexwalker

    converter, walker_db = _converter()
    source = _UNESCAPED_PERCENT.sub(r"\\%", value)
    try:
        walker = latexwalker.LatexWalker(source, latex_context=walker_db, tolerant_parsing=True)
        nodes = walker.get_latex_nodes()[0]
        text = str(converter.nodelist_to_text(nodes))
    except Exception:  # pylatexenc raises many kinds on broken input
        text = BRACE.sub("", value)
    return _SPACES.sub(" ", text).strip()


def segments(value: str) -> list[TextSegment]:
    """Split a braced value's content into protected and unprotected runs."""
    result: list[TextSegment] = []
    run_start = 0
    for start, end in top_level_groups(value):
        if value.startswith("\\", start + 1):
            continue  # a special character, {\'e}: part of the run around it
        _append(result, value[run_start:start], False)
        run_start = start
        if end < 0:
            break  # never closed: the rest is unprotected text
        _append(result, value[start + 1 : end - 1], True)
        run_start = end
    _append(result, value[run_start:], False)
    return result


def _append(result: list[TextSegment], raw: str, protected: bool) -> None:
    if not raw:
        return
    leading = " " if raw[:1].isspace() else ""
    trailing = " " if raw[-1:].isspace() and len(raw.strip()) > 0 else ""
    text = to_unicode(raw)
    if not text:
        if raw.strip() == "" and result and not result[-1].text.endswith(" "):
            result.append(TextSegment(" ", False))
        return
    result.append(TextSegment(leading + text + trailing, protected))
