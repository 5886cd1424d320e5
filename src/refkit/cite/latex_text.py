"""Field text between LaTeX and CSL: a .bib value as a CSL rich-text string, and back.

``csl_string`` decodes LaTeX to Unicode (``refkit.bib.latex``), keeping case-protecting
braces as CSL ``<span class="nocase">`` spans; ``latex_string`` writes a CSL string as a
field value again (nocase spans as braces, markup as commands, specials escaped).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from refkit.bib.braces import find_closer
from refkit.bib.latex import to_unicode

__all__ = ["csl_string", "latex_escape", "latex_string", "latex_to_text"]


#: ``\textless`` and ``\textgreater``: characters, never the start or end of CSL markup
_TEXTLESS = re.compile(r"\\textless(?![A-Za-z@])(?:\s*\{\}|\s+)?")
_TEXTGREATER = re.compile(r"\\textgreater(?![A-Za-z@])(?:\s*\{\}|\s+)?")
_LESS, _GREATER = "\ue000", "\ue001"
#: a literal "<" as CSL text: a nocase span around it, so that no markup starts there
LITERAL_LESS = '<span class="nocase"><</span>'
#: ``&`` not escaped: BibTeX and biber pass it on as the character (LaTeX would stop)
_BARE_AMPERSAND = re.compile(r"(?<!\\)&")
#: ``~`` beside a space ties nothing: the character was meant
_SPACED_TILDE = re.compile(r"(?<!\\)(?:(?<=\s)~|~(?=\s))")


def csl_string(latex: str) -> str:
    """A LaTeX field value as a CSL string, protected runs as ``nocase`` spans."""
    pieces: list[str] = []
    for raw, protected in _runs(latex):
        text = to_unicode(_as_characters(raw))
        if _LESS in text or _GREATER in text:
            text = text.replace(_LESS, LITERAL_LESS).replace(_GREATER, ">")
        if not text:
            if raw[:1].isspace() or raw[-1:].isspace():
                pieces.append(" ")
            continue
        lead = " " if raw[:1].isspace() else ""
        trail = " " if raw[-1:].isspace() else ""
        if protected and text.lower() != text.upper():
            text = f'<span class="nocase">{text}</span>'
        pieces.append(lead + text + trail)
    return re.sub(r"\s+", " ", "".join(pieces)).strip()


def latex_to_text(latex: str) -> str:
    """LaTeX as plain text, keeping what pylatexenc would drop (``\\textless``, a bare
    ``&``, a spaced ``~``)."""
    text = to_unicode(_as_characters(latex))
    return text.replace(_LESS, "<").replace(_GREATER, ">")


def _as_characters(raw: str) -> str:
    """LaTeX that pylatexenc would drop, as the characters BibTeX users mean by it."""
    if "\\text" in raw:
        raw = _TEXTGREATER.sub(_GREATER, _TEXTLESS.sub(_LESS, raw))
    if "&" in raw:
        raw = _BARE_AMPERSAND.sub(r"\\&", raw)
    if "~" in raw:
        raw = _SPACED_TILDE.sub(r"\\textasciitilde{}", raw)
    return raw


def _runs(latex: str) -> list[tuple[str, bool]]:
    """Split LaTeX into ``(raw, protected)`` runs at top-level brace groups.

    A brace group is a case protection unless it starts with a command (a BibTeX special
    character) or is the argument of a command (``\\emph{...}``, ``\\'{e}``, ``\\url{...}``).
    """
    runs: list[tuple[str, bool]] = []
    buffer: list[str] = []
    index = 0
    length = len(latex)
    while index < length:
        char = latex[index]
        if char == "\\":
            match = re.match(r"\\([A-Za-z@]+\*?|.)", latex[index:], re.DOTALL)
            assert match is not None
            end = index + match.end()
            takes_argument = match.group(1)[:1].isalpha() or match.group(1) in "'\"^`~=.Hcvudbtk"
            if takes_argument:
                probe = end
                while probe < length and latex[probe] in " \t" and match.group(1)[:1].isalpha():
                    probe += 1
                while probe < length and latex[probe] == "{":
                    end = _group_end(latex, probe)
                    probe = end
            buffer.append(latex[index:end])
            index = end
        elif char == "{":
            end = _group_end(latex, index)
            inner = latex[index + 1 : end - 1]
            if inner.lstrip().startswith("\\"):
                buffer.append(latex[index:end])
            else:
                if buffer:
                    runs.append(("".join(buffer), False))
                    buffer = []
                runs.append((inner, True))
            index = end
        else:
            buffer.append(char)
            index += 1
    if buffer:
        runs.append(("".join(buffer), False))
    return runs


def _group_end(latex: str, start: int) -> int:
    """Just past the ``}`` closing the group opened at ``start`` (the end if unclosed)."""
    close = find_closer(latex, start + 1)
    return len(latex) if close < 0 else close + 1


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
    if LITERAL_LESS in text:
        pieces = text.split(LITERAL_LESS)
        return "\\textless{}".join(latex_string(piece) for piece in pieces)
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
