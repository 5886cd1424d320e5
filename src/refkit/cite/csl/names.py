"""Personal and institutional names: parsing, initials and name formatting."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from .formatting import Node, Rich, parse_markup
from .style import Affixes
from .textcase import apply_text_case

__all__ = ["CslName", "NameOptions", "format_name", "initialize", "is_romanesque", "parse_name"]


class CslName(NamedTuple):
    """A parsed name.  A named tuple rather than a frozen dataclass: a bibliography
    makes tens of thousands and uses them as cache keys, and a tuple is built several
    times faster and hashed and compared in C."""

    family: str = ""
    given: str = ""
    dropping: str = ""
    non_dropping: str = ""
    suffix: str = ""
    literal: str = ""
    comma_suffix: bool = False
    static_ordering: bool = False

    def key(self) -> tuple[str, str, str, str, str]:
        return (self.family, self.given, self.non_dropping, self.dropping, self.literal)


_ROMANESQUE = re.compile(
    r"^[\s\w\u0080-\u024f\u1e00-\u1eff\u0370-\u03ff\u0400-\u052f\u0590-\u05ff\u0600-\u06ff"
    r"\.,'\u2019\-\u2010\u2013\u2014\"\u201c\u201d\u2018()\[\]&!?;:/*+0-9]*$"
)
_CJK = re.compile(r"[\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def is_romanesque(s: str) -> bool:
    return not _CJK.search(s)


_PARTICLE_WORD = re.compile(r"^(?:[a-z\u00e0-\u00ff'’]+|[a-z]+['’]|d['’]|l['’]|\w+[-'’])$")


_GLUED_PARTICLE = re.compile(r"^([a-z]{1,3}['\u2019-])(\w.*)$")
_GIVEN_SUFFIX = re.compile(r"^(.*?),\s*(!?)\s*(.+)$")
_INITIAL_SPLIT = re.compile(r"[\s.\-]+")


def parse_name(raw: Any) -> CslName:
    """Normalise a CSL-JSON name object."""
    if isinstance(raw, str):
        return CslName(literal=raw)
    if not isinstance(raw, dict):
        return CslName(literal=str(raw))
    lit = raw.get("literal")
    if lit:
        return CslName(literal=str(lit))
    family = raw.get("family") or ""
    given = raw.get("given") or ""
    if family.__class__ is not str:
        family = str(family)
    if given.__class__ is not str:
        given = str(given)
    dropping = non_dropping = suffix = ""
    parse = True
    comma_suffix = static_ordering = False
    # most names have a family and a given name and nothing else
    if len(raw) > ("family" in raw) + ("given" in raw):
        dropping = str(raw.get("dropping-particle", "") or "")
        non_dropping = str(raw.get("non-dropping-particle", "") or "")
        suffix = str(raw.get("suffix", "") or "")
        parse = raw.get("parse-names", True) not in (False, "false")
        comma_suffix = bool(raw.get("comma-suffix"))
        static_ordering = bool(raw.get("static-ordering"))
    if family.startswith('"') and family.endswith('"') and len(family) > 1:
        family = family[1:-1]
        parse = False
    if (parse and not non_dropping and " " in family) or (
        parse and not non_dropping and "'" in family[:3]
    ):
        parts = family.split(" ")
        particles: list[str] = []
        while len(parts) > 1 and (parts[0][:1].islower() or parts[0][:1] in "'\u2019"):
            particles.append(parts.pop(0))
        if particles:
            non_dropping = " ".join(particles)
            family = " ".join(parts)
    if parse and not non_dropping and family[:1].islower():
        m = _GLUED_PARTICLE.match(family)
        if m:
            non_dropping, family = m.group(1), m.group(2)
    if parse and not dropping and given and " " in given:
        gparts = given.split(" ")
        trailing: list[str] = []
        while len(gparts) > 1 and gparts[-1][:1].islower() and gparts[-1][:1].isalpha():
            trailing.insert(0, gparts.pop())
        if trailing:
            dropping = " ".join(trailing)
            given = " ".join(gparts)
    if parse and not suffix and "," in given:
        m = _GIVEN_SUFFIX.match(given)
        if m:
            given, suffix = m.group(1), m.group(3)
            comma_suffix = comma_suffix or bool(m.group(2))
    if not family and not given:
        return CslName(literal="")
    # positional: a named tuple built from keywords takes twice as long
    return CslName(family, given, dropping, non_dropping, suffix, "", comma_suffix, static_ordering)


_INIT_TOKEN = re.compile(r"([^\s.\-\u2010]+)(\.?)|([\-\u2010])")


_TAGGED = re.compile(r"<(\w+)([^>]*)>(.*?)</\1>")


def initialize(given: str, with_: str, hyphen: bool = True, do_init: bool = True) -> str:
    """Reduce given names to initials ("John Aloysius" -> "J. A.")."""
    if "<" in given and _TAGGED.search(given):
        return _initialize_markup(given, with_, hyphen, do_init)
    out = ""
    after_hyphen = False
    for m in _INIT_TOKEN.finditer(given):
        if m.group(3):
            after_hyphen = True
            continue
        word, period = m.group(1), m.group(2)
        if word[:1].islower() and len(word) > 1:
            if after_hyphen:
                after_hyphen = False
                continue
            out = out.rstrip() + (" " if out else "") + word + " "
            continue
        if period:
            text = word + with_
        elif len(word) == 1 or do_init:
            two = len(word) > 2 and word[1].isupper() and word[2].islower()
            text = (word[0] + word[1].lower() if two else word[0]) + with_
        else:
            text = word + " "
        if after_hyphen and out:
            out = out.rstrip() + ("-" if hyphen else "") + text
        else:
            out += text
        after_hyphen = False
    return out.strip()


def normalize_abbreviations(text: str, with_: str) -> str:
    """End each abbreviation in ``text`` (a word with a final period, or a single capital)
    with ``with_`` instead of its period, as citeproc-js does to name suffixes when the
    style initialises names ("Jr." -> "Jr" with initialize-with="")."""
    words = re.sub(r"\s+", " ", text.strip()).split(" ")
    abbrev: list[bool] = []
    for i, w in enumerate(words):
        if len(w) > 1 and w.endswith("."):
            words[i] = w[:-1]
            abbrev.append(True)
        else:
            abbrev.append(len(w) == 1 and w.upper() == w)
    out = ""
    last = len(words) - 1
    for i, w in enumerate(words):
        out += w
        if abbrev[i]:
            out += with_
            if i < last and not abbrev[i + 1]:
                out += " "
        elif i < last:
            out += " "
    return re.sub(r" +", " ", out).rstrip()


def _initialize_markup(given: str, with_: str, hyphen: bool, do_init: bool) -> str:
    out = ""
    pos = 0
    chunks: list[tuple[str, str, str]] = []
    for m in _TAGGED.finditer(given):
        if m.start() > pos:
            chunks.append(("", given[pos : m.start()], ""))
        chunks.append((f"<{m.group(1)}{m.group(2)}>", m.group(3), f"</{m.group(1)}>"))
        pos = m.end()
    if pos < len(given):
        chunks.append(("", given[pos:], ""))
    for open_tag, text, close_tag in chunks:
        lead = text[: len(text) - len(text.lstrip(" -\u2010"))]
        body = text.strip(" -\u2010")
        if not body:
            continue
        init = initialize(body, with_, hyphen, do_init)
        if "-" in lead and out:
            out = out.rstrip() + ("-" if hyphen else "")
        elif out:
            out = out.rstrip() + " "
        out += open_tag + init + close_tag
    return out.strip()


class NameOptions(NamedTuple):
    """Resolved name options (a named tuple, as it is part of cache keys; see CslName)."""

    form: str = "long"
    initialize: bool = True
    initialize_with: str | None = None
    sort_separator: str = ", "
    demote: str = "display-and-sort"
    given_level: int = 0
    hyphen: bool = True


def _styled(text: str, aff: Affixes | None) -> Node:
    node: Node = parse_markup(text)
    if aff is None:
        return node
    if aff.text_case:
        node = apply_text_case(node, aff.text_case)
    if aff.fmt:
        node = Rich([node], aff.fmt)
    if aff.prefix or aff.suffix:
        node = Rich([aff.prefix, node, aff.suffix])
    return node


def _join(parts: list[Node], sep: str = " ") -> Rich:
    out: list[Node] = []
    for p in parts:
        if p is None or (p.__class__ is str and not p):  # no Rich __eq__ call
            continue
        if out:
            out.append(sep)
        out.append(p)
    return Rich(out)


def _particle_join(a: str, b: str) -> str:
    if not a:
        return b
    if not b:
        return a
    if a.endswith(("'", "’", "-")):
        return a + b
    return a + " " + b


def format_name(name: CslName, opts: NameOptions, parts: dict[str, Affixes], invert: bool) -> Node:
    """Render one name according to the resolved options."""
    family_p = parts.get("family")
    if name.literal:
        return _fmt(name.literal, family_p)
    given_p = parts.get("given")
    level = opts.given_level
    form = opts.form
    given = name.given
    show_given = bool(given)
    if not is_romanesque(name.family + name.given):
        # CJK names: family then given, never initialized (citeproc-js; an initial of
        # "泽东" would be a different name)
        fam = _styled(name.family, family_p)
        if not show_given or (form == "short" and level == 0):
            return fam
        return Rich([fam, _styled(given, given_p)])
    if form == "short":
        if level == 0:
            show_given = False
        elif level == 1 and opts.initialize_with is not None:
            given = initialize(given, opts.initialize_with, opts.hyphen, opts.initialize)
    elif (
        opts.initialize_with is not None
        and given
        and (level == 0 or all(len(w) == 1 for w in _INITIAL_SPLIT.split(given) if w))
    ):
        given = initialize(given, opts.initialize_with, opts.hyphen, opts.initialize)
    if not name.family:
        return _wrap(_fmt(name.given, given_p), given_p)
    ndp = name.non_dropping
    suffix = name.suffix
    if suffix and opts.initialize_with is not None:
        suffix = normalize_abbreviations(suffix, opts.initialize_with)
    if not show_given:
        fam_node = _particles([ndp], _fmt(name.family, family_p), family_p)
        if not name.given and suffix and form != "short":
            fam_node = Rich([fam_node, " " + suffix])
        return _wrap(fam_node, family_p)
    if name.static_ordering:
        # citeproc-js: the non-dropping particle and family, then the given name; no
        # dropping particle or suffix
        fam_st: Node = _styled(name.family, family_p)
        if ndp:
            fam_st = _wrap(_particles([ndp], _fmt(name.family, family_p), family_p), family_p)
        return _join([fam_st, _styled(given, given_p)])
    if invert:
        sep = opts.sort_separator
        giv_parts: list[Node] = [_fmt(given, given_p)]
        if name.dropping:
            giv_parts += [" ", _fmt(name.dropping, given_p)]
        if opts.demote == "display-and-sort":
            fam = _wrap(_fmt(name.family, family_p), family_p)
            if ndp:
                giv_parts += [" ", _fmt(ndp, family_p)]
        else:
            fam = _wrap(_particles([ndp], _fmt(name.family, family_p), family_p), family_p)
        items: list[Node] = [fam, _wrap(Rich(giv_parts), given_p)]
        if suffix:
            items.append(suffix)
        return _join(items, sep)
    giv = _wrap(_fmt(given, given_p), given_p)
    # the dropping particle stands with the family name but is styled as the given name
    # (CSL 1.0.2 cs:name-part; citeproc-js _droppingParticle uses the given decoration)
    fam_inner: list[Node] = [
        _particles(
            [name.dropping], _particles([ndp], _fmt(name.family, family_p), family_p), given_p
        )
    ]
    if suffix:
        fam_inner.append(", " + suffix if name.comma_suffix else " " + suffix)
    sep = "" if given_p is not None and given_p.suffix[-1:].isspace() else " "
    return Rich([giv, sep, _wrap(Rich(fam_inner), family_p)])


def _fmt(text: str, aff: Affixes | None) -> Node:
    node: Node = parse_markup(text)
    if aff is None:
        return node
    if aff.text_case:
        node = apply_text_case(node, aff.text_case)
    if aff.fmt:
        node = Rich([node], aff.fmt)
    return node


def _wrap(node: Node, aff: Affixes | None) -> Node:
    if aff is None or not (aff.prefix or aff.suffix):
        return node
    return Rich([aff.prefix, node, aff.suffix])


def _particles(parts: list[str], family: Node, aff: Affixes | None = None) -> Node:
    out: list[Node] = []
    for p in parts:
        if not p:
            continue
        out.append(_fmt(p, aff))
        if not p.endswith(("'", "\u2019", "-")):
            out.append(" ")
    if not out:
        return family
    out.append(family)
    return Rich(out)


def sort_key_name(name: CslName, demote_sort: bool) -> str:
    """Plain sort string for a name (family first)."""
    if name.literal:
        return name.literal
    if demote_sort:
        fam = name.family
        giv = " ".join(x for x in (name.given, name.dropping, name.non_dropping) if x)
    else:
        fam = _particle_join(name.non_dropping, name.family)
        giv = " ".join(x for x in (name.given, name.dropping) if x)
    return " ".join(x for x in (fam, giv, name.suffix) if x)
