"""Citation keys for parsed references: ``{author}{year}{title}`` and the like.

Placeholders: ``{author}`` (first author's family name, or an organisation's
acronym or first word), ``{year}``, ``{title}`` (first significant title word),
``{type}``.  Colliding keys get ``a``, ``b``, ... suffixes in input order.
"""

from __future__ import annotations

import dataclasses
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from refkit.refparse.names import is_organisation

if TYPE_CHECKING:
    from refkit.refparse.types import FieldValue, ParsedReference

DEFAULT_KEY_PATTERN = "{author}{year}{title}"
PLACEHOLDERS = frozenset({"author", "year", "title", "type"})
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "on",
        "in",
        "at",
        "to",
        "for",
        "and",
        "or",
        "but",
        "with",
        "from",
        "by",
        "is",
        "are",
        "as",
        "de",
        "la",
        "le",
        "les",
        "des",
        "du",
        "un",
        "une",
        "der",
        "die",
        "das",
        "den",
        "ein",
        "eine",
        "el",
        "los",
        "las",
        "v",
        "vs",
    ]
)
_DROP = frozenset({"and", "&", "et", "al", "al.", "ed.", "eds.", "(ed.)", "(eds.)", "others"})
_INITIAL_RE = re.compile(r"^(?:[A-Z]\.?-?)+$")


def _ascii(word: str) -> str:
    s = unicodedata.normalize("NFKD", word)
    return "".join(c for c in s if c.isascii() and c.isalnum()).lower()


def family_name(name: str) -> str:
    """The sort name of a name span: family name of a person, acronym of an organisation."""
    words = [w for w in name.split() if w.lower().strip(",.;") not in _DROP]
    if not words:
        return ""
    text = " ".join(words)
    if is_organisation(text):
        m = re.search(r"\(([A-Z][A-Za-z.]{1,12})\)", text)
        if m:
            return m.group(1)
        return words[0].strip(",.;:()")
    if "," in text.rstrip(",;. "):
        return text.split(",", 1)[0].strip()
    cores = [w.strip(",.;:()") for w in words]
    for w in reversed(cores):
        if w and not _INITIAL_RE.match(w):
            return w
    return cores[0]


def _values(fields: Mapping[str, FieldValue], label: str) -> list[str]:
    v = fields.get(label)
    if v is None:
        return []
    return [v] if isinstance(v, str) else list(v)


def key_parts(ref: ParsedReference) -> dict[str, str]:
    """The placeholder values for one reference."""
    names = _values(ref.fields, "author") or _values(ref.fields, "editor")
    author = _ascii(family_name(names[0])) if names else ""
    year = ""
    for d in _values(ref.fields, "date") or [ref.text]:
        m = re.search(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)", d)
        if m:
            year = m.group(1)
            break
    title = ""
    for raw in _values(ref.fields, "title") or _values(ref.fields, "container-title"):
        for w in raw.split():
            a = _ascii(w)
            if a and a not in _STOP:
                title = a
                break
        if title:
            break
    if not author and title:
        # no author (a court case, an anonymous work): the title's first word stands in
        titles = _values(ref.fields, "title") or _values(ref.fields, "container-title")
        words = [a for a in (_ascii(w) for w in " ".join(titles).split()) if a and a not in _STOP]
        author, title = words[0], (words[1] if len(words) > 1 else "")
    return {"author": author or "anon", "year": year, "title": title, "type": ref.type}


def check_key_pattern(pattern: str) -> tuple[tuple[str, str | None], ...]:
    """``pattern`` as ``(literal text, placeholder or None)`` pairs; ``ValueError`` for an
    unknown placeholder, an unpaired brace, or a format spec or conversion
    (``{author:>999999999}`` would build a gigabyte key, ``{author!r}`` quotes)."""
    parts: list[tuple[str, str | None]] = []
    unknown: list[str] = []
    for literal, name, spec, conversion in string.Formatter().parse(pattern):
        if name is None:
            parts.append((literal, None))
            continue
        if spec or conversion:
            raise ValueError(
                f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}:"
                " a placeholder takes no conversion or format (write {author}, {year}, ...)"
            )
        if name not in PLACEHOLDERS:
            unknown.append(name or "{}")
        parts.append((literal, name))
    if unknown:
        raise ValueError(f"unknown key placeholder(s): {', '.join(sorted(unknown))}")
    return tuple(parts)


def make_key(
    ref: ParsedReference, pattern: str | tuple[tuple[str, str | None], ...] = DEFAULT_KEY_PATTERN
) -> str:
    """The key of one reference under ``pattern`` (before deduplication)."""
    parts = check_key_pattern(pattern) if isinstance(pattern, str) else pattern
    values = key_parts(ref)
    key = "".join(literal + (values[name] if name else "") for literal, name in parts)
    return re.sub(r"[^A-Za-z0-9_:.\-]", "", key) or "ref"


def assign_keys(
    refs: Sequence[ParsedReference], pattern: str = DEFAULT_KEY_PATTERN
) -> list[ParsedReference]:
    """Give each reference a key; duplicates get a/b/c suffixes (the first stays plain)."""
    parts = check_key_pattern(pattern)  # once, not per reference
    base = [make_key(r, parts) for r in refs]
    counts = Counter(base)
    used: set[str] = set()
    out: list[ParsedReference] = []
    for ref, key in zip(refs, base, strict=False):
        final = key
        if counts[key] > 1 and key in used:
            n = 0
            while final in used:
                final = key + _suffix(n)
                n += 1
        used.add(final)
        out.append(dataclasses.replace(ref, key=final))
    return out


def _suffix(n: int) -> str:
    letters = string.ascii_lowercase
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = letters[r] + out
    return out
