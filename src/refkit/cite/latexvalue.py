"""Plain text and CSL strings as BibTeX field values: LaTeX's specials escaped, Unicode
kept, CSL's nocase spans and simple HTML markup as braces and text commands.

The one place refkit turns text into LaTeX source for a .bib file (CSL-JSON to BibTeX,
imported references, registry values proposed as fixes).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

_LATEX_SPECIALS: Mapping[str, str] = MappingProxyType(
    {
        "\\": "\\textbackslash{}",
        "{": "\\{",
        "}": "\\}",
        "&": "\\&",
        "%": "\\%",
        "$": "\\$",
        "#": "\\#",
        "_": "\\_",
        "~": "\\textasciitilde{}",
    }
)


_LATEX_ESCAPES = str.maketrans(dict(_LATEX_SPECIALS))


def latex_escape(text: str) -> str:
    """Plain text as a LaTeX field value (Unicode kept, specials escaped)."""
    return text.translate(_LATEX_ESCAPES)


def _text_escape(text: str) -> str:
    """``latex_escape`` for prose (titles), keeping TeX's ligatures from changing it.

    ``--`` would read back as an en dash, ``''`` as a closing quote, ``!`` before a
    backtick as ``¡``; an empty group between the characters keeps them as written
    (``-{}-``).  A dash meant as a dash is already the Unicode character in CSL data.
    """
    escaped = latex_escape(text)
    return _LIGATURE.sub(r"\g<0>{}", escaped) if _LIGATURE_HINT.search(text) else escaped


#: The first character of each TeX ligature pair (``--``, ``''``, two backticks, ``!`` or
#: ``?`` before a backtick).
_LIGATURE = re.compile(r"-(?=-)|'(?=')|`(?=`)|[!?](?=`)")
_LIGATURE_HINT = re.compile(r"--|''|``|[!?]`")


_MARKUP: Mapping[str, str] = MappingProxyType(
    {
        "i": "\\textit{",
        "em": "\\emph{",
        "b": "\\textbf{",
        "strong": "\\textbf{",
        "sup": "\\textsuperscript{",
        "sub": "\\textsubscript{",
    }
)


def latex_string(text: str) -> str:
    """A CSL string (nocase spans, simple HTML markup) as a LaTeX field value."""
    out: list[str] = []
    closers: list[str] = []
    pos = 0
    for match in re.finditer(
        r'<span class="nocase">|<span style="font-variant:\s*small-caps;?">|</span>'
        r"|<(/?)(i|em|b|strong|sup|sub)>",
        text,
    ):
        out.append(_text_escape(text[pos : match.start()]))
        tag = match.group(0)
        if tag == '<span class="nocase">':
            following = text[match.end() : match.end() + 1]
            # "{\$...}" would read as a special character, not a protection: "{{\$...}}"
            double = latex_escape(following) != following
            out.append("{{" if double else "{")
            closers.append("}}" if double else "}")
        elif tag.startswith("<span"):
            out.append("\\textsc{")
            closers.append("}")
        elif tag == "</span>" or match.group(1):
            out.append(closers.pop() if closers else "")
        else:
            out.append(_MARKUP[match.group(2)])
            closers.append("}")
        pos = match.end()
    out.append(_text_escape(text[pos:]))
    out.extend(reversed(closers))
    return "".join(out)
