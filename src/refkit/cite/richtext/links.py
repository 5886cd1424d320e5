"""Which text becomes a link, and the address it links to.

Only http(s) addresses are linked (never ``javascript:`` or ``data:``), and an address
is always whole: an engine that knows where a URL or DOI starts and ends (refkit's
processor, through the text's source) links exactly that text; in other text a URL is
found by ``URL`` (balanced parentheses kept, trailing punctuation left out).  The
address is percent-encoded where a character could end it early in some format
(quotes, angle brackets, braces, backslashes, spaces).
"""

from __future__ import annotations

import re

__all__ = ["URL", "safe_href"]

#: A URL in running text: parenthesised parts kept whole, so ``a_(b)`` stays in; a
#: closing parenthesis, quote or punctuation after it is left out.
URL = re.compile(
    r"https?://(?:[^\s<>\"()\[\]]|\[[^\s<>\"()\[\]]*\]|\([^\s<>\"()]*\))+"
    r"(?<![.,;:'\u2019\u201d])"
)
_SAFE_SCHEMES = ("http://", "https://")
#: ASCII a URI cannot hold (RFC 3986): encoded, as browsers do when they follow a link
_UNSAFE = re.compile(r'["<>\\^`{|}]')


def safe_href(href: str) -> str:
    """``href`` as a link target when it is an http(s) address, else "".

    Control characters and whitespace are dropped; characters a URI cannot hold
    (``"``, ``<``, ``>``, ``\\``, braces, ``^``, a backtick, ``|``) are percent-encoded,
    so the address cannot end early in HTML, Markdown, LaTeX or RTF.
    """
    cleaned = "".join(char for char in href.strip() if char.isprintable() and not char.isspace())
    if not cleaned.lower().startswith(_SAFE_SCHEMES):
        return ""
    return _UNSAFE.sub(lambda match: f"%{ord(match.group(0)):02X}", cleaned)
