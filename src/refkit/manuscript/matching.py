"""Citations against bibliography entries: exact matches, variants, and no match.

A keyed citation matches the entry with that key.  An author-year citation is compared
with each entry's names: person family names (with the number of authors: "X", "X and
Y", "X et al."), organisation names, their acronyms (initials of the significant words,
"United Nations Office on Drugs and Crime" -> UNODC, or a parenthesised one as in "UN
General Assembly (UNGA)"), ``shortauthor``/``shorthand``, and for entries with no author
the title (website and case names).  Equal after normalising is an exact match; a
Damerau-Levenshtein distance of 1-2 (acronyms, words) or a close token ratio is a variant;
anything else is no match.  Years then choose among the candidates.
"""

from __future__ import annotations

import difflib
import enum
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from refkit.bib.model import Bibliography, Entry
from refkit.core.spans import SourceMap
from refkit.manuscript.model import Citation, CitationStyle, located

__all__ = [
    "EntryProfile",
    "Resolution",
    "Status",
    "acronym",
    "damerau_levenshtein",
    "find_mentions",
    "profiles",
    "resolve",
]

_MINOR = frozenset(
    {"of", "on", "and", "the", "for", "in", "to", "against", "a", "an", "at", "by", "&", "de"}
)
_GENERIC = frozenset({"official", "website", "web", "site", "homepage", "home", "page", "online"})
_IDENTIFIER_LEAD = re.compile(r"^(?:(?:[A-Za-z]\.)+|No\.?|Nr\.?|Case|Doc\.?)$")
_YEAR_IN = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
# The atomic group, the possessive runs and the look-behinds keep these linear: the
# plain forms (".*?\w\w.*?,?\s+", ",?\s*\bet") retried a run of spaces from each of
# its positions.  They match exactly what the plain forms match.
_INITIALS_AFTER = re.compile(
    r"^(?P<family>(?>.*?\w\w).*?),?(?<!\s)\s++(?P<initials>(?:[A-Z]\.?\s*+){1,3})$"
)
_INITIALS_BEFORE = re.compile(r"^(?P<initials>(?:[A-Z]\.\s*){1,3})(?P<family>\w.*)$")
_ETAL = re.compile(r"(?:,|(?<![\s,]))\s*+\bet\.?\s++al\b\.?,?$")


class Status(enum.Enum):
    """How a citation relates to the bibliography."""

    EXACT = "exact"
    VARIANT = "variant"
    YEAR_MISMATCH = "year-mismatch"
    AMBIGUOUS = "ambiguous"
    MISSING = "missing"


@functools.lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Lower case, accents and punctuation dropped, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w]+", " ", plain.casefold()).split())


@functools.lru_cache(maxsize=65536)
def compact(text: str) -> str:
    """Letters and digits only, upper case: ``UN.GIFT`` -> ``UNGIFT``."""
    return re.sub(r"[^0-9A-Z]", "", normalise(text).upper())


def within(left: str, right: str, limit: int) -> bool:
    """Whether the Damerau-Levenshtein distance of two strings is at most ``limit``."""
    if abs(len(left) - len(right)) > limit:
        return False
    return damerau_levenshtein(left, right) <= limit


def damerau_levenshtein(left: str, right: str) -> int:
    """Edit distance counting insertions, deletions, substitutions and transpositions."""
    rows = len(left) + 1
    cols = len(right) + 1
    table = [[0] * cols for _ in range(rows)]
    for i in range(rows):
        table[i][0] = i
    for j in range(cols):
        table[0][j] = j
    for i in range(1, rows):
        for j in range(1, cols):
            cost = 0 if left[i - 1] == right[j - 1] else 1
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and left[i - 1] == right[j - 2] and left[i - 2] == right[j - 1]:
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
    return table[-1][-1]


@functools.lru_cache(maxsize=65536)
def acronym(name: str) -> str:
    """Initials of the significant words; words already in capitals count whole.

    ``United Nations Office on Drugs and Crime`` -> ``UNODC``; ``UN General Assembly``
    -> ``UNGA``.
    """
    letters: list[str] = []
    for word in re.findall(r"[\w.'’-]+", re.sub(r"\([^)]*\)", " ", name)):
        if word.casefold() in _MINOR:
            continue
        bare = re.sub(r"[^\w]", "", word)
        if not bare:
            continue
        if bare.isupper() and len(bare) > 1:
            letters.append(bare)
        else:
            letters.append(bare[0].upper())
    return "".join(letters)


@functools.lru_cache(maxsize=65536)
def _is_acronym(text: str) -> bool:
    bare = re.sub(r"[^\w]", "", text)
    return " " not in text.strip() and len(bare) >= 2 and sum(c.isupper() for c in bare) >= 2


@functools.lru_cache(maxsize=65536)
def split_identifiers(cited: str) -> tuple[str, frozenset[str]]:
    """``UNODC No.: GTM007`` -> (``UNODC``, {``gtm007``}): a name and document numbers."""
    tokens = [token for token in re.split(r"[\s:]+", cited) if token]
    first = next((index for index, token in enumerate(tokens) if re.search(r"\d", token)), None)
    if first is None:
        return cited.strip(), frozenset()
    identifiers = frozenset(_identifier(token) for token in tokens[first:] if _identifier(token))
    name_tokens = tokens[:first]
    while name_tokens and _IDENTIFIER_LEAD.match(name_tokens[-1]):
        name_tokens.pop()
    return " ".join(name_tokens), identifiers


def _identifier(token: str) -> str:
    bare = re.sub(r"[^0-9a-z]", "", token.casefold())
    if len(bare) < 3 or not re.search(r"\d", bare) or re.fullmatch(r"1[5-9]\d\d|20\d\d", bare):
        return ""
    return bare


@functools.lru_cache(maxsize=65536)
def _drop_generic(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[-1].casefold().strip(".") in _GENERIC:
        words.pop()
    return " ".join(words)


@dataclass(frozen=True)
class EntryProfile:
    """The names, years and identifiers an entry can be cited by."""

    entry: Entry
    block_index: int
    path: str | None
    persons: tuple[str, ...] = ()
    others: bool = False
    organisations: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    #: Acronyms written in the entry (shortauthor, parenthesised, a one-word name).
    written_acronyms: tuple[str, ...] = ()
    title_names: tuple[str, ...] = ()
    case: tuple[str, str] | None = None
    phrases: tuple[str, ...] = ()
    identifiers: frozenset[str] = frozenset()
    year: str | None = None
    title_year: str | None = None
    #: A letter written after the year in the entry itself (``year = {2010a}``).
    year_suffix: str | None = None
    #: The title, lower-cased, leading article dropped: how styles order a person's
    #: works of one year when they give them suffixes a, b, c.
    title_order: str = ""

    @property
    def key(self) -> str:
        return self.entry.key

    @property
    def author_count(self) -> int:
        return len(self.persons) + (2 if self.others else 0)

    @property
    def display(self) -> str:
        """How the entry's author is cited in author-year style."""
        if self.persons:
            if self.author_count >= 3:
                return f"{self.persons[0]} et al."
            return " and ".join(self.persons)
        if self.organisations:
            return self.organisations[0]
        if self.title_names:
            return self.title_names[0]
        if self.case:
            return f"{self.case[0]} v. {self.case[1]}"
        return self.key

    def forms(self) -> list[str]:
        """Every name form, for nearest-candidate suggestions."""
        return [
            *self.persons[:1],
            *self.organisations,
            *self.acronyms,
            *self.title_names,
            *([f"{self.case[0]} v. {self.case[1]}"] if self.case else []),
        ]


#: "v", "vs" or "v." between a case's parties; it starts where a run of white space does,
#: so a long run is not rescanned from each of its positions.
_VERSUS = re.compile(r"(?<!\s)\s+vs?\.?\s+")


def _parties(title: str) -> tuple[str, str] | None:
    r"""A case name's two parties ("Smith v. Jones"): the first ``v`` that leaves a
    party on each side, neither holding a line break; what
    ``re.fullmatch(r"\s*(?P<a>.+?)\s+vs?\.?\s+(?P<b>.+?)\s*", title)`` found, in linear time
    (that pattern is cubic on a long run of white space)."""
    core = title.strip()
    first_break, last_break = core.find("\n"), core.rfind("\n")
    position = 0
    while (versus := _VERSUS.search(core, position)) is not None:
        if first_break != -1 and versus.start() > first_break:
            return None
        if versus.start() > 0 and versus.end() < len(core) and versus.end() > last_break:
            return core[: versus.start()], core[versus.end() :]
        position = versus.start() + 1
    return None


_YEAR_SUFFIX = re.compile(r"(?<!\d)(?:1[5-9]\d\d|20\d\d)([a-z])\b")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def _entry_year_suffix(entry: Entry) -> str | None:
    for name in ("year", "date"):
        item = entry.field(name)
        found = _YEAR_SUFFIX.search(item.resolved) if item is not None else None
        if found:
            return found.group(1)
    return None


def _entry_year(entry: Entry) -> str | None:
    for name in ("year", "date"):
        item = entry.field(name)
        value = item.resolved if item is not None else None
        if value:
            found = _YEAR_IN.search(value)
            if found:
                return found.group(1)
    return None


def profile(entry: Entry, block_index: int, path: str | None) -> EntryProfile:
    """What ``entry`` can be cited by."""
    persons: list[str] = []
    organisations: list[str] = []
    written: list[str] = []
    others = False
    for field_name in ("author", "editor"):
        item = entry.field(field_name)
        if item is None:
            continue
        for name in item.names:
            if name.is_others:
                others = True
            elif name.is_corporate:
                organisations.append(name.family)
            elif name.family:
                persons.append(name.family)
        if persons or organisations:
            break
    for field_name in ("shortauthor", "shorteditor"):
        item = entry.field(field_name)
        if item is not None:
            organisations.extend(name.family for name in item.names if name.family)
    shorthand = entry.get("shorthand")
    if shorthand:
        organisations.append(shorthand)
    expanded: list[str] = []
    for organisation in organisations:
        expanded.append(organisation)
        inner: list[str] = re.findall(r"\(([^()]+)\)", organisation)
        written.extend(part.strip() for part in inner if _is_acronym(part.strip()))
        outer = re.sub(r"(?:(?<!\s)\s*)?\([^()]*\)", "", organisation).strip()
        if outer and outer != organisation:
            expanded.append(outer)
        if _is_acronym(organisation):
            written.append(organisation)
    title = entry.get("title") or ""
    title_names: list[str] = []
    case = _parties(title)
    if case is None and not persons and not organisations and title:
        named, _ = split_identifiers(title)
        named = _drop_generic(named)
        if named and not _IDENTIFIER_LEAD.match(named) and len(named.split()) <= 6:
            title_names.append(named)
            if _is_acronym(named):
                written.append(named)
    acronyms = {acronym(name) for name in (*expanded, *title_names) if len(name.split()) > 1}
    acronyms |= {compact(name) for name in written}
    phrases: list[str] = []
    # White space is taken from where a run starts (``(?<!\s)``), so a long run is not
    # rescanned from each of its positions.
    for piece in re.split(
        r"(?:(?<!\s)\s*)?(?::|\(|\)|\bor\b|, supplementing\b|\s[–—]\s)\s*", title
    ):
        piece = re.sub(r"(?<!\s)\s+(?:1[5-9]\d\d|20\d\d)$", "", piece.strip(" ,.;"))
        if len(piece.split()) >= 5:
            phrases.append(piece)
    for bracketed in re.findall(r"\(([^()]+)\)", title):
        label = str(bracketed).strip()
        if _is_acronym(label) or (len(label.split()) >= 2 and label.split()[0].isupper()):
            phrases.append(label)
    shorttitle = entry.get("shorttitle")
    if shorttitle and len(shorttitle.split()) >= 2:
        phrases.append(shorttitle)
    identifiers: set[str] = set()
    for field_name in ("number", "title", "note", "shorthand", "eprint"):
        item = entry.field(field_name)
        value = item.resolved if item is not None else None
        if value:
            identifiers.update(
                ident for token in re.split(r"[\s:,;()]+", value) if (ident := _identifier(token))
            )
    title_year = _YEAR_IN.search(title)
    return EntryProfile(
        entry=entry,
        block_index=block_index,
        path=path,
        persons=tuple(persons),
        others=others,
        organisations=tuple(dict.fromkeys(expanded)),
        acronyms=tuple(sorted(acronyms)),
        written_acronyms=tuple(dict.fromkeys(written)),
        title_names=tuple(title_names),
        case=case,
        phrases=tuple(dict.fromkeys(phrases)),
        identifiers=frozenset(identifiers),
        year=_entry_year(entry),
        title_year=title_year.group(1) if title_year else None,
        year_suffix=_entry_year_suffix(entry),
        title_order=_LEADING_ARTICLE.sub("", normalise(title)),
    )


def profiles(bibliographies: Sequence[Bibliography]) -> list[EntryProfile]:
    """A profile of every entry of every bibliography, in order."""
    return [
        profile(entry, index, bibliography.path)
        for bibliography in bibliographies
        for index, entry in bibliography.indexed_entries()
    ]


# -- comparing names ---------------------------------------------------------------

NONE, VARIANT, EXACT = 0, 1, 2


@dataclass(frozen=True)
class _Score:
    level: int
    note: str | None = None


def _fuzzy_limit(length: int) -> int:
    return 1 if length <= 5 else 2


def _compare_acronym(cited: str, acronyms: Iterable[str]) -> _Score:
    code = compact(cited)
    best = _Score(NONE)
    for item in acronyms:
        if code == item:
            return _Score(EXACT)
        if len(code) >= 4 and len(item) >= 4 and within(code, item, _fuzzy_limit(len(item))):
            best = _Score(VARIANT, f"{cited!r} looks like a misspelling of {item!r}")
    return best


def _compare_organisation(cited: str, form: str) -> _Score:
    left, right = normalise(cited), normalise(form)
    if not left or not right:
        return _Score(NONE)
    if left == right or compact(cited) == compact(form):
        return _Score(EXACT)
    if _is_acronym(cited) and _is_acronym(form):
        return _compare_acronym(cited, [compact(form)])
    if _is_acronym(cited) and len(form.split()) > 1:
        return _compare_acronym(cited, [acronym(form)])
    if _is_acronym(form) and len(cited.split()) > 1:
        if acronym(cited) == compact(form):
            return _Score(EXACT)
        return _Score(NONE)
    words_left, words_right = left.split(), right.split()
    if len(words_left) == len(words_right) and len(words_left) > 1:
        differing = [(a, b) for a, b in zip(words_left, words_right, strict=True) if a != b]
        if len(differing) == 1:
            a, b = differing[0]
            if min(len(a), len(b)) >= 4 and within(a, b, 2):
                original = _original_word(cited, a)
                expected = _original_word(form, b)
                return _Score(VARIANT, f"{original!r} for {expected!r} in {form!r}")
    ratio = difflib.SequenceMatcher(None, left, right).ratio()
    if ratio >= 0.88 and len(left) >= 6:
        return _Score(VARIANT, f"{cited!r} differs from {form!r}")
    return _Score(NONE)


def _original_word(text: str, lowered: str) -> str:
    for word in re.findall(r"\w+", text):
        if normalise(word) == lowered:
            return str(word)
    return lowered


@functools.lru_cache(maxsize=65536)
def _person_parts(cited: str) -> tuple[tuple[str, ...], bool, bool]:
    """Family names cited, whether "et al." was used, whether initials were given."""
    etal = _ETAL.search(cited) is not None
    name = _ETAL.sub("", cited).strip().rstrip(",")
    separator = r"(?:(?<!\s)\s*)?(?:,\s*and\b|\band\b|&|,)\s*"
    parts = [part.strip() for part in re.split(separator, name)]
    families: list[str] = []
    initials = False
    for part in parts:
        if not part:
            continue
        if re.fullmatch(r"(?:[A-Z]\.?\s*){1,3}", part) and families:
            initials = True
            continue
        after = _INITIALS_AFTER.match(part)
        before = _INITIALS_BEFORE.match(part)
        if after is not None:
            families.append(after.group("family"))
            initials = True
        elif before is not None:
            families.append(before.group("family"))
            initials = True
        else:
            families.append(part)
    return tuple(families), etal, initials


@functools.lru_cache(maxsize=65536)
def _same_family(cited: str, family: str) -> int:
    left, right = normalise(cited), normalise(family)
    if left == right:
        return EXACT
    if min(len(left), len(right)) >= 5 and within(left, right, 2):
        return VARIANT
    return NONE


def _compare_persons(cited: str, entry: EntryProfile) -> _Score:
    families, etal, initials = _person_parts(cited)
    if not families or not entry.persons:
        return _Score(NONE)
    level = _same_family(families[0], entry.persons[0])
    if level == NONE:
        return _Score(NONE)
    notes: list[str] = []
    if level == VARIANT:
        notes.append(f"{families[0]!r} for {entry.persons[0]!r}")
    for cited_family, family in zip(families[1:], entry.persons[1:], strict=False):
        if _same_family(cited_family, family) != EXACT:
            notes.append(f"{cited_family!r} for {family!r}")
    count = entry.author_count
    if count >= 3:
        if len(families) == 1 and not etal:
            notes.append(f"one author cited where the entry has several ({entry.display!r})")
    elif count == 2:
        if len(families) == 1:
            notes.append(f"the entry has two authors ({entry.display!r})")
    elif etal or len(families) > 1:
        notes.append(f"the entry has one author ({entry.display!r})")
    if initials:
        notes.append("initials in an author-year citation")
    if notes:
        return _Score(VARIANT, "; ".join(notes))
    return _Score(EXACT)


def compare_author(cited: str, entry: EntryProfile) -> tuple[_Score, bool]:
    """How well ``cited`` names ``entry``, and whether a document number matched."""
    name, identifiers = split_identifiers(cited)
    identified = bool(identifiers & entry.identifiers)
    name = _drop_generic(name)
    best = _Score(NONE)
    if name:
        candidates = [_compare_persons(name, entry)]
        for form in (*entry.organisations, *entry.title_names):
            candidates.append(_compare_organisation(name, form))
        if _is_acronym(name):
            candidates.append(_compare_acronym(name, entry.acronyms))
        for score in candidates:
            if score.level > best.level:
                best = score
    if identified and best.level == NONE:
        best = _Score(EXACT)
    return best, identified


# -- resolving citations -------------------------------------------------------------


@dataclass(frozen=True)
class Resolution:
    """What one citation refers to."""

    citation: Citation
    status: Status
    entries: tuple[EntryProfile, ...] = ()
    note: str | None = None
    candidates: tuple[str, ...] = ()
    path: str | None = None

    @property
    def entry(self) -> EntryProfile | None:
        return self.entries[0] if self.entries else None


@dataclass
class _Index:
    #: Key to every entry with it (the same key can be in several bibliographies).
    by_key: dict[str, list[EntryProfile]] = field(default_factory=dict)
    folded: dict[str, list[str]] = field(default_factory=dict)


def _index(entries: Sequence[EntryProfile]) -> _Index:
    index = _Index()
    for item in entries:
        index.by_key.setdefault(item.key, []).append(item)
        keys = index.folded.setdefault(item.key.casefold(), [])
        if item.key not in keys:
            keys.append(item.key)
    return index


def _resolve_key(citation: Citation, entries: Sequence[EntryProfile], index: _Index) -> Resolution:
    if citation.is_all:
        return Resolution(citation, Status.EXACT, tuple(entries))
    key = citation.key or ""
    found = index.by_key.get(key)
    if found:
        return Resolution(citation, Status.EXACT, tuple(found))
    candidates = list(index.folded.get(key.casefold(), []))
    candidates += [
        match
        for match in difflib.get_close_matches(key, list(index.by_key), n=3, cutoff=0.6)
        if match not in candidates
    ]
    return Resolution(citation, Status.MISSING, candidates=tuple(candidates[:3]))


def _year_rank(cited: str | None, entry: EntryProfile) -> int:
    if cited is None or cited.startswith("n"):
        return 1
    year = cited[:4]
    if entry.year is not None:
        return 2 if entry.year == year else 0
    if entry.title_year == year:
        return 2
    return 1


def _by_year_suffix(
    cited: str | None, tied: Sequence[EntryProfile]
) -> tuple[EntryProfile, str | None] | None:
    """The one of several same-author, same-year works that ``2010a`` or ``2010b`` means.

    An entry whose own year carries the letter wins; otherwise the letters follow the
    works' titles in alphabetical order, as APA, Chicago and Harvard styles assign them.
    """
    if cited is None or len(cited) != 5 or not cited[4].isalpha():
        return None
    letter = cited[4]
    written = [item for item in tied if item.year_suffix == letter]
    if len(written) == 1:
        return written[0], None
    if any(item.year_suffix for item in tied):
        return None  # the entries letter themselves, and none (or several) say this one
    ordered = sorted(tied, key=lambda item: (item.title_order, item.key))
    position = ord(letter) - ord("a")
    if not 0 <= position < len(ordered):
        return None
    note = (
        f"year suffix {letter!r} read as work {position + 1} of {len(ordered)} "
        f"of {cited[:4]} in title order"
    )
    return ordered[position], note


def _resolve_author(citation: Citation, entries: Sequence[EntryProfile]) -> Resolution:
    cited = citation.author or ""
    scored: list[tuple[tuple[int, int, int], EntryProfile, _Score]] = []
    for item in entries:
        score, identified = compare_author(cited, item)
        if score.level == NONE:
            continue
        rank = (int(identified), _year_rank(citation.year, item), score.level)
        scored.append((rank, item, score))
    if not scored:
        return Resolution(citation, Status.MISSING, candidates=_nearest(cited, entries))
    scored.sort(key=lambda row: row[0], reverse=True)
    top_rank, top, score = scored[0]
    tied = [row for row in scored if row[0] == top_rank]
    if len(tied) > 1 and top_rank[1] == 2:
        chosen = _by_year_suffix(citation.year, [row[1] for row in tied])
        if chosen is not None:
            picked, note = chosen
            score = next(row[2] for row in tied if row[1] is picked)
            status = Status.VARIANT if score.level == VARIANT else Status.EXACT
            return Resolution(citation, status, (picked,), note=note)
    if len(tied) > 1 and top_rank[1] >= 1:
        return Resolution(
            citation,
            Status.AMBIGUOUS,
            tuple(row[1] for row in tied),
            note="no year given" if citation.year is None else f"several works of {citation.year}",
        )
    if top_rank[1] == 0:
        years = ", ".join(sorted({row[1].year or "?" for row in scored if row[2].level}))
        return Resolution(
            citation,
            Status.YEAR_MISMATCH,
            (top,),
            note=f"cited {citation.year}, the bibliography has {years}"
            + (f"; {score.note}" if score.level == VARIANT and score.note else ""),
        )
    if score.level == VARIANT:
        return Resolution(citation, Status.VARIANT, (top,), note=score.note)
    return Resolution(citation, Status.EXACT, (top,))


def _nearest(cited: str, entries: Sequence[EntryProfile]) -> tuple[str, ...]:
    name, _ = split_identifiers(cited)
    name = _ETAL.sub("", _drop_generic(name)).strip()
    forms: dict[str, list[str]] = {}
    for item in entries:
        for form in item.forms():
            forms.setdefault(normalise(form), []).append(item.key)
    found: list[str] = []
    for match in difflib.get_close_matches(normalise(name), list(forms), n=3, cutoff=0.75):
        found.extend(key for key in forms[match] if key not in found)
    return tuple(found[:3])


def resolve(citations: Sequence[Citation], entries: Sequence[EntryProfile]) -> list[Resolution]:
    """Each citation with what it refers to."""
    index = _index(entries)
    resolved: list[Resolution] = []
    for citation in citations:
        if citation.key is not None:
            resolved.append(_resolve_key(citation, entries, index))
        else:
            resolved.append(_resolve_author(citation, entries))
    return resolved


# -- narrative mentions ----------------------------------------------------------------

#: A flag (beyond the ``re`` ones) marking a mention form that is already a regex.
_REGEX = 1 << 20

_Adder = Callable[[int, int, EntryProfile, Status, "str | None"], None]


def _phrase_pattern(words: Sequence[str], flags: int = 0) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(word) for word in words)
    return re.compile(rf"(?<![\w.]){body}(?!\w)", flags)


def _mention_forms(entry: EntryProfile) -> list[tuple[str, int]]:
    """Exact forms to look for in running text, with regex flags."""
    forms: list[tuple[str, int]] = []
    if len(entry.persons) == 1 and not entry.others:
        family = f"(?P<name>{re.escape(entry.persons[0])})"
        cues = (
            rf"(?:According to|according to|As|as|Following|following|See|see) {family}(?:'s|’s)?",
            rf"{family}(?:'s|’s)? (?:argues|argued|notes|noted|writes|wrote|states|stated|"
            r"says|said|shows|showed|claims|claimed|suggests|suggested|finds|found|reports|"
            r"reported|observes|observed|explains|explained|describes|described)",
        )
        forms.extend((cue, _REGEX) for cue in cues)
    if len(entry.persons) == 2 and not entry.others:
        forms.append((f"{entry.persons[0]} and {entry.persons[1]}", 0))
        forms.append((f"{entry.persons[0]} & {entry.persons[1]}", 0))
    elif entry.author_count >= 3:
        forms.append((f"{entry.persons[0]} et al.", 0))
        forms.append((f"{entry.persons[0]} et al", 0))
    for name in (*entry.organisations, *entry.title_names):
        if len(name.split()) >= 2 or _is_acronym(name):
            forms.append((name, 0))
    for name in entry.written_acronyms:
        forms.append((name, 0))
    for phrase in entry.phrases:
        forms.append((phrase, re.IGNORECASE if len(phrase.split()) >= 5 else 0))
    return list(dict.fromkeys(forms))


def find_mentions(
    text: str, source: SourceMap, entries: Sequence[EntryProfile]
) -> list[Resolution]:
    """Names of entries met in running text: "As Skinner and Maher note", "According to
    Shared Hope International", "The United States v. Bennett case"; a one-word slip in a
    multi-word name ("Virtual" for "Visual") is a variant."""
    found: list[Resolution] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, entry: EntryProfile, status: Status, note: str | None) -> None:
        if any(a < end and start < b for a, b in taken):
            return
        taken.append((start, end))
        citation = located(
            source, CitationStyle.MENTION, start, end, author=text[start:end], command="mention"
        )
        found.append(Resolution(citation, status, (entry,), note=note))

    present = set(re.findall(r"\w+", text))
    folded = {word.casefold() for word in present}

    def possible(form: str, flags: int, skip: int | None = None) -> bool:
        """Whether every word of ``form`` (but the one at ``skip``) occurs in the text."""
        if flags & _REGEX:
            name = re.search(r"\(\?P<name>(.*?)\)", form)
            words = re.findall(r"\w+", name.group(1).replace("\\", "")) if name else []
        else:
            words = [
                word
                for index, piece in enumerate(form.split())
                if index != skip
                for word in re.findall(r"\w+", piece)
            ]
        if flags & re.IGNORECASE:
            return all(word.casefold() in folded for word in words)
        return all(word in present for word in words)

    forms = [
        (form, flags, entry)
        for entry in entries
        for form, flags in _mention_forms(entry)
        if possible(form, flags)
    ]
    forms.sort(key=lambda row: (not row[1] & _REGEX, len(row[0])), reverse=True)
    for form, flags, entry in forms:
        if flags & _REGEX:
            pattern = re.compile(rf"(?<![\w.]){form}(?!\w)")
        else:
            pattern = _phrase_pattern(form.split(), flags)
        for match in pattern.finditer(text):
            start, end = match.span("name") if "name" in pattern.groupindex else match.span()
            add(start, end, entry, Status.EXACT, None)
    for entry in entries:
        if entry.case is not None and possible(entry.case[1], 0):
            _case_mentions(text, entry, add)
    for entry in entries:
        for name in (*entry.organisations, *entry.title_names):
            words = name.split()
            if len(words) < 2:
                continue
            for position, word in enumerate(words):
                if len(word) < 4 or word.casefold() in _MINOR or not possible(name, 0, position):
                    continue
                pieces = [re.escape(other) for other in words]
                pieces[position] = r"(?P<slip>[A-Za-z]{4,})"
                regex = re.compile(r"(?<![\w.])" + r"\s+".join(pieces) + r"(?!\w)")
                for match in regex.finditer(text):
                    slip = match.group("slip")
                    if (
                        slip != word
                        and slip[0] == word[0]
                        and within(slip.casefold(), word.casefold(), 2)
                    ):
                        add(
                            match.start(),
                            match.end(),
                            entry,
                            Status.VARIANT,
                            f"{slip!r} in the text, {word!r} in the entry ({name!r})",
                        )
    return sorted(found, key=lambda item: item.citation.start)


def _case_mentions(text: str, entry: EntryProfile, add: _Adder) -> None:
    assert entry.case is not None
    first, second = entry.case
    regex = re.compile(
        r"(?P<first>(?:[A-Z][\w.]*\s+){0,3}[A-Z][\w.]*)\s+v(?:s)?\.?\s+"
        + r"\s+".join(re.escape(word) for word in second.split())
        + r"(?!\w)"
    )
    for match in regex.finditer(text):
        words = match.group("first").split()
        while len(words) > 1 and words[0] in {"The", "In", "See", "As", "Under"}:
            words.pop(0)
        cited = " ".join(words)
        start = match.start("first") + match.group("first").find(cited)
        if normalise(cited) == normalise(first) or compact(cited) == compact(first):
            add(start, match.end(), entry, Status.EXACT, None)
            continue
        codes = {compact(cited), acronym(cited)}
        expected = {compact(first), acronym(first)}
        if any(within(a, b, 1) for a in codes for b in expected if a and b):
            add(
                start,
                match.end(),
                entry,
                Status.VARIANT,
                f"{cited!r} in the text, {first!r} in the entry",
            )
