"""Names family (RK4xx): how people and organisations are written in name fields.

Name fields are split on ``and`` at brace depth 0 the BibTeX way; the checks here
work on the raw pieces with cheap string tests so that large files stay fast.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from refkit.bib.braces import is_balanced
from refkit.bib.model import Entry, Field
from refkit.bib.names import NAME_FIELDS, split_names
from refkit.core.diagnostics import Diagnostic, Severity
from refkit.lint.index import entry_fields, plain_value
from refkit.lint.rules.base import BibliographyRule, CheckContext, EntryRule, Rule, set_field_fix

_AND = re.compile(r"(?<!\s)\s+and\s+", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def name_fields(context: CheckContext, entry: Entry) -> list[Field]:
    """The name fields of an entry (first of each name), cheaply."""
    fields = entry_fields(context, entry)
    return [fields[key] for key in NAME_FIELDS.intersection(fields.keys())]


_BRACE_GROUP = re.compile(r"\{[^{}]*\}")


def name_pieces(value: str) -> list[str]:
    """The raw names of a name field value (split on ``and`` at brace depth 0)."""
    if "{" not in value:
        return [piece for piece in _AND.split(value.strip()) if piece.strip()]
    # pybtex does not split on an "and" next to a line break; normalise white space first.
    return [piece.strip() for piece in split_names(_SPACE.sub(" ", value))]


def without_groups(text: str) -> str:
    """The text with brace groups (nested ones too) replaced by ``X``."""
    previous = None
    while previous != text and "{" in text:
        previous = text
        text = _BRACE_GROUP.sub("X", text)
    return text


def is_braced(piece: str) -> bool:
    """Whether a raw name is one brace group (an organisation kept whole)."""
    piece = piece.strip()
    return piece.startswith("{") and piece.endswith("}") and without_groups(piece) == "X"


#: Cheap test before ``_ET_AL`` (which tries its optional prefix at every position).
_ET_AL_HINT = re.compile(r"et\.?[\s~]*al|others", re.IGNORECASE)
#: "... et al." or ", others" at the end of a name list; the white space before "et"
#: is matched in one unambiguous way (``\s*,?\s*`` backtracked cubically on long runs).
_ET_AL = re.compile(
    r"(?P<before>\s*(?:,\s*)?(?:\band\s+)?)(?:\{\\(?:em|it|textit)\s*)?\bet\.?[\s~]*al(?:ii|\.)?\}?\.?"
    r"\s*$|(?P<comma>\s*[,;]\s*)others\s*$",
    re.IGNORECASE,
)


class EtAlInNames(EntryRule):
    """A name field ends with "et al." or a bare "others" instead of ``and others``.

    Bad:  author = {Smith, Ann et al.}
    Good: author = {Smith, Ann and others}
    """

    code = "RK401"
    name = "et-al-in-names"
    severity = Severity.WARNING
    fixable = True
    family = "names"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        # Only the name fields' tails are searched: cheaper than looking for seven
        # spellings of "et al." in the whole file's text.
        for item in name_fields(context, entry):
            value = plain_value(item)
            offset = max(len(value) - 40, 0)
            if _ET_AL_HINT.search(value, offset) is None:
                continue
            match = _ET_AL.search(value, offset)
            if match is None or not value[: match.start()].strip():
                continue
            fixed = value[: match.start()].rstrip(" ,;") + " and others"
            fix = None
            if is_balanced(fixed):
                fix = set_field_fix(
                    "end the name list with 'and others'",
                    block_index,
                    entry,
                    item,
                    fixed,
                    safe=True,
                )
            yield self.diagnostic(
                context,
                f"write 'and others' instead of {match.group().strip()!r}",
                entry=entry,
                block_index=block_index,
                field=item,
                fix=fix,
            )


_JR = re.compile(
    r"(?:jr|sr|jnr|snr|[ivx]+|\d+(?:st|nd|rd|th)|phd|ph\.d|md|dr|prof|esq|msc|bsc|mba)\.?",
    re.IGNORECASE,
)
_AMPERSAND = re.compile(r"\s\\?&\s")
#: A word that can be a family name: two letters or more, not an initial ("J." or "JC").
_FAMILY_LIKE = re.compile(r"(?:^|\s)(?:X|[A-Z][a-z][\w'\-]*|[a-z]{2,}[\w'\-]*)(?=\s|$)")


class NamesNotSeparatedByAnd(EntryRule):
    """Several names in one field are separated by commas, semicolons or "&" instead of ``and``.

    BibTeX then reads them as one oddly split name.

    Bad:  author = {Smith, J., Jones, K.}
    Good: author = {Smith, J. and Jones, K.}
    """

    code = "RK402"
    name = "names-not-separated-by-and"
    severity = Severity.ERROR
    family = "names"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        for item in name_fields(context, entry):
            value = plain_value(item)
            if value.count(",") < 2 and ";" not in value and "&" not in value:
                continue
            problem = self._problem(value)
            if problem is not None:
                yield self.diagnostic(
                    context,
                    f"names appear to be separated by {problem} instead of 'and'",
                    entry=entry,
                    block_index=block_index,
                    field=item,
                )

    @staticmethod
    def _problem(value: str) -> str | None:
        if "=" in value:
            return None  # biblatex's extended name format: family=..., given=...
        for piece in name_pieces(value):
            bare = without_groups(piece)
            if ";" in bare:
                return "semicolons"
            if _AMPERSAND.search(bare):
                return "'&'"
            parts = [part.strip() for part in bare.split(",")]
            if len(parts) > 3 and sum(bool(_FAMILY_LIKE.search(part)) for part in parts) > 1:
                return "commas"
            if len(parts) == 3:
                if _JR.fullmatch(parts[1]) or _JR.fullmatch(parts[2]) or not all(parts):
                    continue  # "Smith, Jr., John", "Smith, John, Jr.", "Smith,, John"
                if "et al" in parts[2].lower():
                    continue  # RK401 reports "et al."
                if _FAMILY_LIKE.search(parts[2]):
                    return "commas"
        return None


_ORGANISATION_WORDS = frozenset(
    {
        "Organization",
        "Organisation",
        "Office",
        "Nations",
        "Committee",
        "Council",
        "Association",
        "Institute",
        "University",
        "Agency",
        "Department",
        "Ministry",
        "Society",
        "Group",
        "Consortium",
        "Foundation",
        "Commission",
        "Bank",
        "Centre",
        "Center",
        "International",
        "Team",
        "Project",
        "Inc",
        "Ltd",
        "Taskforce",
        "Institution",
        "Board",
        "Bureau",
        "Corporation",
        "Programme",
        "Laboratory",
        "Collaboration",
        "Federation",
        "Union",
        "Network",
        "Authority",
        "Administration",
    }
)
_WEAK_ORGANISATION_WORDS = frozenset(
    {"Bank", "Team", "Group", "Project", "Center", "Centre", "Office", "Union", "Network",
     "Board", "Bureau", "Authority", "Administration", "Agency", "Society", "International"}
)
_ORGANISATION_QUALIFIERS = frozenset(
    {"World", "National", "International", "European", "American", "Asian", "African",
     "Federal", "Central", "Development", "Reserve", "United", "Royal", "State", "Research"}
)
_WORD = re.compile(r"[A-Za-z]+")
_ORGANISATION_TRIGGER = re.compile(r"\b(?:" + "|".join(sorted(_ORGANISATION_WORDS)) + r")\b")
_MACRO_NAME = re.compile(r"\\[A-Za-z]+")


def organisation_word(piece: str) -> str | None:
    """An organisation word in an unbraced raw name, when it reads as an organisation."""
    bare = without_groups(piece)
    if "," in bare:
        family = bare.split(",", 1)[0].split()
        if len(family) <= 1:
            return None  # "Bank, John": a person whose family name is a word
    words: list[str] = [
        word for word in _WORD.findall(_MACRO_NAME.sub(" ", bare)) if len(word) > 1
    ]
    if len(words) < 2:
        return None  # "D. P. Bureau": initials and one word is a person
    found = [word for word in words if word in _ORGANISATION_WORDS]
    if not found:
        return None
    strong = [word for word in found if word not in _WEAK_ORGANISATION_WORDS]
    if strong:
        return strong[0]
    # "Harvey Bank", "Crista Bank": a weak word needs support to read as an organisation.
    supported = (
        len(words) >= 3
        or len(found) > 1
        or any(word in _ORGANISATION_QUALIFIERS for word in words)
        or any(len(word) > 1 and word.isupper() for word in words)
    )
    return found[0] if supported else None


class UnbracedCorporateName(EntryRule):
    """An organisation in a name field is not braced, so BibTeX parses it as a person.

    "World Health Organization" becomes "Organization, W. H."; an "and" inside the
    name splits it in two.

    Bad:  author = {World Health Organization}
    Good: author = {{World Health Organization}}
    """

    code = "RK403"
    name = "unbraced-corporate-name"
    severity = Severity.WARNING
    fixable = True
    family = "names"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        for item in name_fields(context, entry):
            value = plain_value(item)
            if _ORGANISATION_TRIGGER.search(value) is None:
                continue
            pieces = name_pieces(value)
            for piece in pieces:
                if is_braced(piece) or piece.lower() == "others":
                    continue
                word = organisation_word(piece)
                if word is None:
                    continue
                whole = len(pieces) == 1 or (
                    len(pieces) == 2
                    and piece is pieces[0]
                    and "," not in without_groups(value)
                    and pieces[1].lower() != "others"
                    and len(pieces[1].split()) <= 3
                    and pieces[1][:1].isupper()
                )
                target = value.strip() if whole else piece
                fixed = value.replace(target, "{" + target + "}", 1)
                yield self.diagnostic(
                    context,
                    f"{target!r} looks like an organisation ({word!r}); brace it so it is"
                    " not parsed as a person",
                    entry=entry,
                    block_index=block_index,
                    field=item,
                    fix=set_field_fix(
                        "brace the organisation name",
                        block_index,
                        entry,
                        item,
                        fixed,
                        safe=False,
                    ),
                )
                if whole:
                    break


_STOPWORDS = frozenset(
    {
        "of",
        "on",
        "the",
        "and",
        "for",
        "de",
        "des",
        "du",
        "la",
        "le",
        "in",
        "at",
        "to",
        "&",
        "\\&",
        "für",
        "der",
        "die",
        "das",
        "et",
        "y",
    }
)
_ACRONYM = re.compile(r"[A-Z]{3,8}")


def acronym_of(name: str) -> str | None:
    """The acronym of a multi-word organisation name (``UN General Assembly`` -> ``UNGA``)."""
    letters: list[str] = []
    words = name.replace("-", " ").split()
    if len(words) < 2:
        return None
    for word in words:
        if word.lower() in _STOPWORDS:
            continue
        core = word.strip(".,;:()'\"")
        if not core or not core[0].isalpha():
            continue
        if core.isupper() and len(core) > 1:
            letters.append(core)
        elif core[0].isupper():
            letters.append(core[0])
        else:
            return None
    result = "".join(letters)
    return result if 2 <= len(result) <= 10 else None


def _normal_organisation(name: str) -> str:
    text = name.lower().replace("&", " and ").replace("isation", "ization")
    text = text.replace("centre", "center").replace("programme", "program")
    text = re.sub(r"[^\w]+", " ", text).strip()
    return text.removeprefix("the ")


def _is_transposition(one: str, two: str) -> bool:
    """Whether two equal-length strings differ by one swap of adjacent characters."""
    if len(one) != len(two) or one == two:
        return False
    diffs = [index for index in range(len(one)) if one[index] != two[index]]
    return (
        len(diffs) == 2
        and diffs[1] == diffs[0] + 1
        and one[diffs[0]] == two[diffs[1]]
        and one[diffs[1]] == two[diffs[0]]
    )


@dataclass
class _Occurrence:
    block_index: int
    entry: Entry
    field: Field
    form: str


class InconsistentNameSpelling(BibliographyRule):
    """The same person or organisation is spelt differently in different entries.

    Reports likely misspellings only: swapped letters in an acronym or a family name
    (with the same full given name), an acronym beside the spelled-out organisation it
    abbreviates, and the same organisation in different spellings (-isation/-ization).
    Initials versus full given names are not reported.

    Bad:  author = {{UNDOC}} in one entry, author = {{UNODC}} in another
    Good: author = {{UNODC}} in both
    """

    code = "RK404"
    name = "inconsistent-name-spelling"
    severity = Severity.WARNING
    family = "names"

    def check_bibliography(self, context: CheckContext) -> Iterator[Diagnostic]:
        acronyms: dict[str, list[_Occurrence]] = defaultdict(list)
        long_names: dict[str, list[_Occurrence]] = defaultdict(list)
        people: dict[tuple[str, str], list[tuple[str, int, Entry, Field]]] = {}
        bibliography = context.bibliography
        for index, entry in bibliography.indexed_entries():
            fields = entry_fields(context, entry)
            for name in ("author", "editor"):
                item = fields.get(name)
                if item is not None:
                    self._collect(index, entry, item, acronyms, long_names, people)
        yield from self._acronym_findings(context, acronyms)
        yield from self._long_name_findings(context, acronyms, long_names)
        for found in people.values():
            if len(found) < 2 or all(family == found[0][0] for family, *_ in found):
                continue
            spellings: dict[str, list[_Occurrence]] = defaultdict(list)
            for family, index, entry, item in found:
                spellings[family].append(_Occurrence(index, entry, item, family))
            yield from self._variants(context, spellings, "family name")

    @staticmethod
    def _collect(
        index: int,
        entry: Entry,
        item: Field,
        acronyms: dict[str, list[_Occurrence]],
        long_names: dict[str, list[_Occurrence]],
        people: dict[tuple[str, str], list[tuple[str, int, Entry, Field]]],
    ) -> None:
        value = plain_value(item)
        for piece in name_pieces(value):
            braced = is_braced(piece)
            text = piece.strip()[1:-1].strip() if braced else piece.strip()
            if "{" in text:
                text = text.replace("{", "").replace("}", "")
            if 3 <= len(text) <= 8 and text.isupper() and _ACRONYM.fullmatch(text):
                acronyms[text].append(_Occurrence(index, entry, item, text))
                continue
            if braced:
                if len(text.split()) >= 2:
                    long_names[text].append(_Occurrence(index, entry, item, text))
                continue
            if "," in text:
                family, _, given = text.partition(",")
            else:
                words = text.rsplit(None, 1)
                if len(words) < 2:
                    continue
                given, family = words
            given = given.strip()
            family = family.strip()
            first = given.split()[0] if given else ""
            if len(family) < 5 or len(first) < 3 or first.endswith(".") or not first.isalpha():
                continue
            key = (given.lower(), "".join(sorted(family.lower())))
            found = people.get(key)
            if found is None:
                people[key] = [(family, index, entry, item)]
            else:
                found.append((family, index, entry, item))

    def _acronym_findings(
        self, context: CheckContext, acronyms: dict[str, list[_Occurrence]]
    ) -> Iterator[Diagnostic]:
        by_letters: dict[str, dict[str, list[_Occurrence]]] = defaultdict(dict)
        for acronym, found in acronyms.items():
            if len(acronym) >= 4:
                by_letters["".join(sorted(acronym))][acronym] = found
        for spellings in by_letters.values():
            if len(spellings) > 1:
                yield from self._variants(context, spellings, "acronym")

    def _variants(
        self,
        context: CheckContext,
        spellings: dict[str, list[_Occurrence]],
        what: str,
    ) -> Iterator[Diagnostic]:
        ranked = sorted(spellings, key=lambda form: (-len(spellings[form]), form))
        for major in ranked:
            for minor in ranked:
                if minor == major or len(spellings[minor]) > len(spellings[major]):
                    continue
                if len(spellings[minor]) == len(spellings[major]) and minor < major:
                    continue
                if not _is_transposition(major, minor):
                    continue
                other = spellings[major][0]
                for occurrence in spellings[minor]:
                    yield self.diagnostic(
                        context,
                        f"the {what} {minor!r} looks like a misspelling of {major!r}"
                        f" (entry {other.entry.key!r})",
                        entry=occurrence.entry,
                        block_index=occurrence.block_index,
                        field=occurrence.field,
                    )

    def _long_name_findings(
        self,
        context: CheckContext,
        acronyms: dict[str, list[_Occurrence]],
        long_names: dict[str, list[_Occurrence]],
    ) -> Iterator[Diagnostic]:
        normal: dict[str, list[str]] = defaultdict(list)
        for name in long_names:
            normal[_normal_organisation(name)].append(name)
            acronym = acronym_of(name)
            if acronym is not None and acronym in acronyms:
                other = long_names[name][0]
                for occurrence in acronyms[acronym]:
                    yield self.diagnostic(
                        context,
                        f"{acronym!r} abbreviates {name!r}, written out in entry"
                        f" {other.entry.key!r}; spell the organisation one way",
                        entry=occurrence.entry,
                        block_index=occurrence.block_index,
                        field=occurrence.field,
                    )
        for names in normal.values():
            if len(names) < 2:
                continue
            ranked = sorted(names, key=lambda form: (-len(long_names[form]), form))
            major = ranked[0]
            for minor in ranked[1:]:
                for occurrence in long_names[minor]:
                    yield self.diagnostic(
                        context,
                        f"{minor!r} is spelt {major!r} in entry {long_names[major][0].entry.key!r}",
                        entry=occurrence.entry,
                        block_index=occurrence.block_index,
                        field=occurrence.field,
                    )


def rules() -> list[Rule]:
    return [
        EtAlInNames(),
        NamesNotSeparatedByAnd(),
        UnbracedCorporateName(),
        InconsistentNameSpelling(),
    ]
