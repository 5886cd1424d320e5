"""Span rules for the conventions the tagger reads badly in styles it was not trained on.

Each rule relabels whole tokens where the text itself says what they are:

- a year closing a name run ("Anonymous 1914, 'Officers'") is the date, never a name;
- a name list in the "Family AB" form closed by a colon ("Higham NJ: Title") is the
  author list, whatever the tagger made of it;
- a volume (and issue or pages) glued to the end of a journal name ("Limnology and
  Oceanography 52/1, 2007", "Limnology and Oceanography 52:198-203") is the locator;
- a month (and day) just before a year the tagger took as the date belong to it
  ("... applied mathematics March 2016.");
- after the role word of an editor list ("eds", "(ed.)"), a bracketed "(Place:
  Publisher)" is the place and publisher, not more editors;
- "In Book Title, eds ..." and ", in Book Title" before the book's editors or its
  container: from "In" on the text is the book, not the chapter's title.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from refkit.refparse.names import is_country

__all__ = [
    "PUBLISHER_WORD_RE",
    "dated_remark_ending_title",
    "label_runs",
    "place_like",
    "relabel_spans",
]

_YEAR_TOKEN_RE = re.compile(r"^\(?(?:1[5-9]\d\d|20\d\d)[a-z]?\)?[.,;:]?$")
_NAME_LABELS = frozenset({"author", "editor"})
# "52", "52/1", "52(3)", "52:198-203", "4a:136-140"; the trailing punctuation a list adds
_GLUED_VOLUME_RE = re.compile(
    r"^(?:[1-9]\d{0,3}[a-z]?)(?:/\d{1,3})?(?:\(\w{1,6}\))?(?::[A-Za-z]?\d+(?:[\-–]\w+)?)?[.,;]?$"
)
_VANCOUVER_GLUED_RE = re.compile(r"^(?:1[5-9]\d\d|20\d\d)[a-z]?;\S*\d")
_ABBREVIATION_RE = re.compile(r"^[A-Z][a-z]{0,4}\.$")
_LOCATOR_NEXT = frozenset({"date", "pages", "volume", "issue", "doi", "url", "note", "O"})
_MONTH_RE = re.compile(
    r"^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|spring|summer|fall|autumn|"
    r"winter)\.?,?$",
    re.I,
)
_DAY_RE = re.compile(r"^[0-3]?\d(?:st|nd|rd|th)?,?$")
_INITIALS_RE = re.compile(r"^[A-Z]{1,4}(?:-[A-Z]{1,2})?[,:]?$")
_FAMILY_RE = re.compile(r"^(?:[a-z]{1,3}\s?)?[A-Z][\w'’\-]*[A-Za-z]$")
_PARTICLES = frozenset({"de", "van", "von", "der", "den", "da", "di", "du", "le", "la", "del"})
_ROLE_RE = re.compile(r"^[(\[]?(?:eds?|editors?|hrsg|hg|éds?|dir)\.?[)\]]?[.,;:]*$", re.I)
_OPENER_RE = re.compile(r"^(?:in|In|In:|in:)$")


def _year_closing_names(words: Sequence[str], labels: list[str]) -> None:
    n = len(words)
    for i in range(n):
        if labels[i] not in _NAME_LABELS or not _YEAR_TOKEN_RE.match(words[i]):
            continue
        if i == 0 or labels[i - 1] != labels[i]:
            continue
        if i + 1 < n and labels[i + 1] == labels[i]:
            continue
        labels[i] = "date"


def _colon_closed_authors(words: Sequence[str], labels: list[str]) -> None:
    """ "Higham NJ, Deadman E: Title" and "Trefethen A, Higham N, et al.: Title"."""
    n = len(words)
    start = 1 if labels and labels[0] == "citation-number" else 0
    k = start
    while k < n and k - start < 40 and not words[k].endswith(":"):
        k += 1
    if k >= n - 1 or k - start < 1 or not words[k].endswith(":"):
        return
    closing = words[k]
    if not (_INITIALS_RE.match(closing) or closing in {"al.:", "al:"}):
        return
    # the run is pairs of a family name (with particles) and its initials
    expect_family = True
    for w in words[start : k + 1]:
        core = w.rstrip(",:")
        if core in {"et", "al.", "al", "and", "&"}:
            expect_family = True
            continue
        if expect_family:
            if core.lower() in _PARTICLES:
                continue
            if not _FAMILY_RE.match(core):
                return
            expect_family = False
            continue
        if not _INITIALS_RE.match(w):
            return
        expect_family = w.endswith((",", ":"))
    if any(lab not in {"author", "title", "O", "note", "editor"} for lab in labels[start : k + 1]):
        return
    if "editor" in labels[start : k + 1]:
        return
    for i in range(start, k + 1):
        labels[i] = "author"


def _volume_glued_to_container(words: Sequence[str], labels: list[str]) -> None:
    n = len(words)
    i = 0
    while i < n:
        if labels[i] != "container-title":
            i += 1
            continue
        j = i
        while j < n and labels[j] == "container-title":
            j += 1
        last = j - 1
        glued = _VANCOUVER_GLUED_RE.match(words[last]) or (
            _GLUED_VOLUME_RE.match(words[last]) and not _YEAR_TOKEN_RE.match(words[last])
        )
        if last > i and glued and (j == n or labels[j] in _LOCATOR_NEXT):
            labels[last] = "volume"
        i = j


def _month_before_date(words: Sequence[str], labels: list[str]) -> None:
    n = len(words)
    for i in range(1, n):
        if labels[i] != "date" or labels[i - 1] == "date" or not _YEAR_TOKEN_RE.match(words[i]):
            continue
        j = i - 1
        if _DAY_RE.match(words[j]) and j > 0:
            j -= 1
        if not _MONTH_RE.match(words[j]) or labels[j] not in {"title", "O", "note"}:
            continue
        # the title must go on before the month ("March 2016" alone is no title)
        if j == 0 or labels[j - 1] != labels[j]:
            continue
        for k in range(j, i):
            labels[k] = "date"


def _bracket_after_role(words: Sequence[str], labels: list[str]) -> None:
    """ "G.A. Watson, eds (pub-OUP)" / "W. Gautschi, ed. (Providence: AMS)"."""
    n = len(words)
    for k in range(n - 1):
        if labels[k] != "editor" or not _ROLE_RE.match(words[k]) or words[k][0] in "([":
            continue
        j = k + 1
        if labels[j] != "editor" or not words[j].startswith("("):
            continue
        end = j
        while end < n and labels[end] == "editor" and not words[end].rstrip(".,;:").endswith(")"):
            end += 1
        if end >= n or labels[end] != "editor":
            return
        colon = next((x for x in range(j, end + 1) if words[x].rstrip(")").endswith(":")), -1)
        for x in range(j, end + 1):
            labels[x] = "location" if colon >= 0 and x <= colon else "publisher"
        return


def _in_opens_book(words: Sequence[str], labels: list[str]) -> None:
    """The chapter's book written after "In" that the tagger kept in the title."""
    n = len(words)
    for i in range(1, n - 1):
        if labels[i] != "title" or not _OPENER_RE.match(words[i]):
            continue
        if not (words[i][0] == "I" or words[i - 1][-1:] in ",."):
            continue
        if labels[i - 1] != "title" or not words[i + 1][:1].isupper():
            continue
        j = i
        while j < n and labels[j] == "title":
            j += 1
        if j >= n or labels[j] not in {"editor", "container-title"}:
            continue
        # the chapter keeps a title of its own, of more than the opener
        if not any(lab == "title" for lab in labels[:i]):
            continue
        for x in range(i, j):
            labels[x] = "container-title"
        return


_GLUED_PAGES_RE = re.compile(r"^(?:pp?|pgs?|S)\.[A-Za-z]?\d+(?:[\-–][A-Za-z]?\d+)?[.,;]?$")
_ROMAN_RE = re.compile(r"^[IVXL]{1,5}\.$")


_PAGE_HOSTS = frozenset({"location", "publisher", "note", "O", "title"})


def _glued_pages(words: Sequence[str], labels: list[str]) -> None:
    """ "pp.112–117" with no space after the role word is the pages wherever tagged."""
    for i, w in enumerate(words):
        if labels[i] in {"location", "publisher", "note", "O", "title"} and _GLUED_PAGES_RE.match(
            w
        ):
            labels[i] = "pages"


def _roman_part_before_place(words: Sequence[str], labels: list[str]) -> None:
    """ "The analysis of ... operators. III. Berlin, Germany": the part number of a
    multi-volume title, not the start of the place."""
    for i in range(1, len(words)):
        if (
            labels[i] in _IMPRINT
            and labels[i - 1] == "title"
            and _ROMAN_RE.match(words[i])
            and i + 1 < len(words)
            and labels[i + 1] in _IMPRINT
        ):
            labels[i] = "title"


PUBLISHER_WORD_RE = re.compile(
    r"\b(?:press|verlag|publish\w*|publications?|books|university|universit\w+|"
    r"foundation|institute|department|society|association|group|academic|"
    r"co\.|inc\.?|ltd\.?|llc|gmbh|ag|s\.a\.|acm|ieee|siam|springer|wiley|elsevier)\b",
    re.I,
)
_ACRONYM_RE = re.compile(r"^[A-Z]{2,6}[;,:.]?$")
_AFTER_BOOK = frozenset({"date", "pages", "volume", "url", "doi", "note", "O", "accessed"})


def _capitalised_word(word: str) -> bool:
    return word[:1].isupper() and word[-1] not in ".,;"


def _is_publisher(phrase: Sequence[str]) -> bool:
    if len(phrase) == 1 and _ACRONYM_RE.match(phrase[0]):
        return True
    return bool(PUBLISHER_WORD_RE.search(" ".join(phrase)))


def _publisher_in_book(words: Sequence[str], labels: list[str]) -> None:
    """ "In: Multimedia Interface Design. ACM; 1992" and "Eds. Lectures on embedded
    systems Springer-Verlag: London, 1998": the book's publisher (and place) that the
    tagger kept in the book's title.  Only for a book one is "in" (an opener or its
    editors before it): a journal has no publisher to find."""
    n = len(words)
    runs = [r for r in label_runs(labels) if r[0] == "container-title"]
    if not runs:
        return
    _, a, b = runs[-1]
    c = b  # the place the tagger may have split off ("... Science: | Amsterdam,")
    while c < n and labels[c] in {"publisher", "location"}:
        c += 1
    if c < n and labels[c] not in _AFTER_BOOK:
        return
    # "... languages. ACM: | New York,": a colon before the place the tagger found shows
    # an imprint, "In" or not (a journal has no place)
    colon_imprint = c > b and words[b - 1].endswith(":")
    if not (_OPENER_RE.match(words[a]) or (a > 0 and labels[a - 1] == "editor") or colon_imprint):
        return
    # "Springer-Verlag: London," — a colon closing a publisher, one to four words of place
    for k in range(c - 2, a, -1):
        if not words[k].endswith(":") or k >= b:
            continue
        place = words[k + 1 : c]
        if not 1 <= len(place) <= 4 or not all(w[:1].isupper() for w in place):
            return
        p = k
        while (
            p > a + 1 and k - p < 3 and words[p - 1][:1].isupper() and words[p - 1][-1] not in ".,;"
        ):
            p -= 1
        if not _is_publisher(words[p : k + 1]):
            return
        for x in range(p, c):
            labels[x] = "publisher" if x <= k else "location"
        return
    if any(labels[x] == "publisher" for x in range(b, c)):
        return  # the tagger found a publisher after the book: its call
    # (a place alone after the book leaves the publisher before it to find: "... on
    # principles of programming. ACM, | New York," writes the publisher first)
    # "... Design (Incoll). ACM;" — a short capitalised phrase after the book's last full stop
    e = next((x for x in range(b - 2, a, -1) if words[x].endswith(".")), -1)
    if e < 0 and labels[a - 1] == "editor" and not _OPENER_RE.match(words[a]):
        e = a - 1  # "In: Thanasankit T, ed. IGI Publishing;" — no book title, a publisher
    elif e < 0 or e - a < 1 or _ABBREVIATION_RE.match(words[e]):
        return  # "In Proc. IJCAI,": an abbreviation, not the end of the book's title
    tail = words[e + 1 : b]
    if 1 <= len(tail) <= 4 and all(w[:1].isupper() for w in tail) and _is_publisher(tail):
        for x in range(e + 1, b):
            labels[x] = "publisher"


def label_runs(labels: Sequence[str]) -> list[tuple[str, int, int]]:
    """``(label, start, end)`` of each run of equal labels, in order."""
    out: list[tuple[str, int, int]] = []
    for i, lab in enumerate(labels):
        if out and out[-1][0] == lab:
            out[-1] = (lab, out[-1][1], i + 1)
        else:
            out.append((lab, i, i + 1))
    return out


def _journal_kept_in_title(words: Sequence[str], labels: list[str]) -> None:
    """ "Title. Journal of the ... Board of Canada 4a:88-95." read as one title: with no
    container found, a title ending in a journal locator holds the journal after its
    last full stop."""
    if "container-title" in labels:
        return
    runs = [r for r in label_runs(labels) if r[0] == "title"]
    if len(runs) != 1:
        return
    _, a, b = runs[0]
    last = words[b - 1]
    glued = _VANCOUVER_GLUED_RE.match(last) or (
        _GLUED_VOLUME_RE.match(last) and not _YEAR_TOKEN_RE.match(last)
    )
    if b - a < 3 or not glued:
        return
    stop = next((x for x in range(b - 3, a, -1) if words[x].endswith((".", "?", "!"))), -1)
    if stop < 0:
        return
    for x in range(stop + 1, b - 1):
        labels[x] = "container-title"
    labels[b - 1] = "volume"


def _title_after_book_editors(words: Sequence[str], labels: list[str]) -> None:
    """ "Notes on data structuring. In O. J. Dahl, ... (eds), Structured programming.": a
    second title after the editors that "In" opened is the book's title."""
    runs = label_runs(labels)
    for r in range(2, len(runs)):
        (lab0, _, _), (lab1, a1, _), (lab2, a2, b2) = runs[r - 2], runs[r - 1], runs[r]
        if (lab0, lab1, lab2) != ("title", "editor", "title") or not _OPENER_RE.match(words[a1]):
            continue
        for x in range(a2, b2):
            labels[x] = "container-title"
        return


def _title_after_container(labels: list[str]) -> None:
    """ "In: Proceedings of the ... conference on | broadband networks. | Los Alamitos":
    a second title run straight after the book's title, before its place or publisher,
    is the rest of the book's title (a reference has one title)."""
    runs = label_runs(labels)
    for r in range(2, len(runs)):
        (lab0, _, _), (lab1, _, _), (lab2, a2, b2) = runs[r - 2], runs[r - 1], runs[r]
        if (lab0, lab1, lab2) != ("title", "container-title", "title"):
            continue
        if b2 < len(labels) and labels[b2] not in {"location", "publisher", "date", "pages"}:
            continue
        for x in range(a2, b2):
            labels[x] = "container-title"
        return


def _title_end_in_container(words: Sequence[str], labels: list[str]) -> None:
    """ "... estimates (CDC 3600 | computer). Transactions of ..." and "... river, maine, |
    USA. Transactions of ...": the end of the title that the tagger read as the start of
    the journal — one or two words up to a full stop, after a title left open (ending in
    a comma or an open bracket) or ending a bracket themselves."""
    runs = label_runs(labels)
    for r in range(1, len(runs)):
        (lab0, a0, b0), (lab1, a1, b1) = runs[r - 1], runs[r]
        if lab0 != "title" or lab1 != "container-title" or b1 - a1 < 3:
            continue
        # a title cut after a word with no stop at all ("... smoking: 50 years' |
        # observations on male British doctors. BMJ.") may run on further
        unstopped = not re.search(r"[.,;:!?\"”’)\]]$", words[b0 - 1])
        reach = 8 if unstopped else 2
        stop = next((x for x in range(a1, min(a1 + reach, b1 - 1)) if words[x].endswith(".")), -1)
        if stop < 0 or not words[stop + 1][:1].isupper():
            continue
        title_open = (
            words[b0 - 1].endswith(",")
            or ("(" in " ".join(words[a0:b0]).rsplit(")", 1)[-1])
            or (unstopped and words[a1][:1].islower())
        )
        closes = words[stop].endswith(").")
        if not (title_open or closes) or (words[stop][:1].isupper() and not title_open):
            continue
        if any(_ABBREVIATION_RE.match(w) for w in words[a1 : stop + 1]):
            continue  # "J. Symbolic Logic", "Proc. Twelfth POPL": the journal's own start
        for x in range(a1, stop + 1):
            labels[x] = "title"
        return


_OPEN_END_RE = re.compile(r"[.,;:!?\"”’)\]]$")


def _in_inside_title(words: Sequence[str], labels: list[str]) -> None:
    """ "Trafficking In Human Beings in Poland", "Global Report on Trafficking in
    Persons": an "In" that opens a chapter's book follows the end of the title (". In",
    ", in"); after a title word with no stop it is a word of the title."""
    runs = label_runs(labels)
    for r in range(1, len(runs)):
        (lab0, _, b0), (lab1, a1, b1) = runs[r - 1], runs[r]
        if lab0 != "title" or lab1 != "container-title" or words[a1] not in {"In", "in"}:
            continue
        if _OPEN_END_RE.search(words[b0 - 1]):
            continue
        if any(labels[x] in {"editor", "volume", "issue"} for x in range(b1, len(labels))):
            continue  # a book with editors or a journal with numbers: the tagger's call
        for x in range(a1, b1):
            labels[x] = "title"


def _bracket_split_into_note(words: Sequence[str], labels: list[str]) -> None:
    """ "... (UNCTOC) (as adopted by the General Assembly | in 2001)," : a bracket that
    the tagger cut between the title and a note is one remark, and goes to the note."""
    runs = label_runs(labels)
    for r in range(len(runs) - 1):
        (lab0, a0, b0), (lab1, a1, b1) = runs[r], runs[r + 1]
        if lab0 != "title" or lab1 not in {"note", "O"}:
            continue
        depth, opened = 0, -1
        for x in range(a0, b0):
            for ch in words[x]:
                if ch == "(":
                    depth += 1
                    if depth == 1:
                        opened = x
                elif ch == ")" and depth:
                    depth -= 1
        if depth != 1 or opened <= a0 or not words[opened].startswith("("):
            continue
        closes = next((x for x in range(a1, min(b1, a1 + 4)) if ")" in words[x]), -1)
        if closes < 0:
            continue
        for x in range(opened, b0):
            labels[x] = lab1


_BARE_YEAR_RE = re.compile(r"^(?:1[5-9]\d\d|20\d\d)$")


def _year_ending_title(words: Sequence[str], labels: list[str]) -> None:
    """ "Global Report on Trafficking in Persons 2014 (United Nations publication, ...)":
    a bare year run on from the title's last word, before a bracketed remark, is the
    title's own (the date is read from it afterwards)."""
    for i in range(1, len(words) - 1):
        if labels[i] != "date" or not _BARE_YEAR_RE.match(words[i]):
            continue
        if (
            labels[i - 1] == "title"
            and not _OPEN_END_RE.search(words[i - 1])
            and words[i + 1].startswith("(")
            and labels[i + 1] != "date"
        ):
            labels[i] = "title"


_IMPRINT = frozenset({"publisher", "location"})
_US_STATES = frozenset(
    [
        "alabama",
        "alaska",
        "arizona",
        "arkansas",
        "california",
        "colorado",
        "connecticut",
        "delaware",
        "florida",
        "georgia",
        "hawaii",
        "idaho",
        "illinois",
        "indiana",
        "iowa",
        "kansas",
        "kentucky",
        "louisiana",
        "maine",
        "maryland",
        "massachusetts",
        "michigan",
        "minnesota",
        "mississippi",
        "missouri",
        "montana",
        "nebraska",
        "nevada",
        "ohio",
        "oklahoma",
        "oregon",
        "pennsylvania",
        "tennessee",
        "texas",
        "utah",
        "vermont",
        "virginia",
        "washington",
        "wisconsin",
        "wyoming",
    ]
)


def _region(word: str) -> bool:
    """A country, a US state or a state or country code ("UK", "NY", "Massachusetts")."""
    core = word.strip(".,;:()")
    return bool(_REGION_CODE_RE.match(core)) or is_country(core) or core.lower() in _US_STATES


def place_like(phrase: Sequence[str]) -> bool:
    """ "Reading, Massachusetts", "Berlin, Germany": a place, then its region after a comma
    ("Library of America" names a publisher)."""
    return (
        len(phrase) <= 5
        and any(w.endswith(",") for w in phrase[:-1])
        and _region(phrase[-1])
        and not _is_publisher(phrase)
    )


# "NY", "PA", "UK", "USA" — not any capitals ("MIT", "ACM" are publishers)
_REGION_CODE_RE = re.compile(r"^(?:[A-Z]{2}|USA|UAE)[,.;:]?$")


def _imprint_by_colon(words: Sequence[str], labels: list[str]) -> None:
    """ "Bonn, Germany: University of Bonn." / "John Wiley & Sons, Inc.: New York, NY":
    in a run of place and publisher words, the one colon divides them; which side is
    which the publisher words say (a place before the colon unless the left side names
    a publisher and the right does not)."""
    n = len(words)
    i = 0
    while i < n:
        if labels[i] not in _IMPRINT:
            i += 1
            continue
        j = i
        while j < n and labels[j] in _IMPRINT:
            j += 1
        # a bracketed remark closing the book's title ("(incoll).") is not the imprint
        a = i
        if i > 0 and labels[i - 1] in {"title", "container-title"} and words[i].endswith(")."):
            labels[i] = labels[i - 1]
            a = i + 1
        # "Macmillan; New York: St. Martin's Press": a semicolon ends an earlier imprint
        a = max([a] + [x + 1 for x in range(a, j - 1) if words[x].endswith(";")])
        colons = [x for x in range(a, j - 1) if words[x].endswith(":")]
        if len(colons) == 1 and j - a <= 12:
            c = colons[0]
            left, right = words[a : c + 1], words[c + 1 : j]
            publisher_first = (_is_publisher(left) and not _is_publisher(right)) or (
                place_like(right) and not place_like(left)
            )
            for x in range(a, j):
                on_left = x <= c
                labels[x] = "publisher" if on_left == publisher_first else "location"
        i = j


_THESIS_MARK_RE = re.compile(r"^(?:Diss|Dissertation|Thesis|Habil|Habilitationsschrift)\.?,$")


def _place_then_publisher(words: Sequence[str], labels: list[str]) -> None:
    """ "Hershey, PA, USA, IGI Publishing" read as one publisher: the comma groups up to
    the last state or country are the place (the publisher comes after, as in Chicago's
    and the AJGP style's "Place, Publisher"); a leading "Diss.," is the genre."""
    for _, a, b in label_runs(labels):
        # "Hershey, PA, USA, | IGI | Publishing": the place ends at its state or country
        if labels[a] != "location" or b >= len(labels) or labels[b] != "publisher":
            continue
        last = max(
            (x for x in range(a, b) if _region(words[x]) and words[x].endswith(",")), default=-1
        )
        if last > a and not any(_region(w) for w in words[last + 1 : b]):
            for x in range(last + 1, b):
                labels[x] = "publisher"
    runs = [r for r in label_runs(labels) if r[0] == "publisher"]
    for _, a, b in runs:
        if _THESIS_MARK_RE.match(words[a]) and b - a > 1:
            labels[a] = "genre"
            a += 1
        if b - a < 3:
            continue
        cut = -1
        for x in range(a + 1, b - 1):
            if words[x].endswith(",") and _region(words[x]) and words[x - 1].endswith(","):
                cut = x
        if cut < 0 or _is_publisher(words[a : cut + 1]) or not _is_publisher(words[cut + 1 : b]):
            continue
        for x in range(a, cut + 1):
            labels[x] = "location"


def _region_after_place(words: Sequence[str], labels: list[str]) -> None:
    """ "Academic Press Ltd., London, UK, UK," / "University of Bonn, Bonn, Germany":
    a state or country code, or a country, straight after a place is the place's."""
    n = len(words)
    for i in range(1, n):
        if labels[i] != "publisher" or labels[i - 1] != "location":
            continue
        if not words[i - 1].endswith(","):
            continue
        j = i
        while (
            j < n
            and labels[j] == "publisher"
            and (_REGION_CODE_RE.match(words[j]) or is_country(words[j]))
        ):
            labels[j] = "location"
            if not words[j].endswith(","):
                break
            j += 1


def _city_before_country(words: Sequence[str], labels: list[str]) -> None:
    """ "University of Bonn, Bonn, | Germany": the one capitalised word before a place that
    starts with a country, ending in a comma, is the city."""
    for i in range(1, len(words)):
        if labels[i] != "location" or labels[i - 1] not in {"publisher", "title", "note", "O"}:
            continue
        if i + 1 < len(labels) and labels[i + 1] == "location" and not is_country(words[i]):
            continue
        if not is_country(words[i]) and not _REGION_CODE_RE.match(words[i]):
            continue
        prev = words[i - 1]
        if not (prev.endswith(",") and _FAMILY_RE.match(prev.rstrip(","))):
            continue
        if i - 2 >= 0 and labels[i - 2] == labels[i - 1] and words[i - 2].endswith(","):
            # "University of Bonn, Bonn, Germany": a publisher before it
            labels[i - 1] = "location"
        elif i - 2 < 0 or labels[i - 2] != labels[i - 1]:
            labels[i - 1] = "location"


_DANGLING = frozenset({"at", "of", "for", "and", "&", "the", "in", "on", "de", "du", "der", "für"})


def _publisher_and_its_place(words: Sequence[str], labels: list[str]) -> None:
    """ "University of Texas at | Austin, Austin, TX": a publisher cannot end in "at" or
    "of", so the place's first comma group is the publisher's; and "University of Bonn,
    Bonn, Germany" read as one publisher, where the reference has no place, ends in its
    place (a city, then a state or country)."""
    n = len(words)
    for _, a, b in label_runs(labels):
        if labels[a] != "publisher" or b >= n or labels[b] != "location":
            continue
        if words[b - 1].lower() not in _DANGLING:
            continue
        e = next((x for x in range(b, min(n, b + 3)) if words[x].endswith(",")), -1)
        if e > 0 and e + 1 < n and all(labels[x] == "location" for x in range(b, e + 2)):
            for x in range(b, e + 1):
                labels[x] = "publisher"
    if "location" in labels:
        return
    for _, a, b in label_runs(labels):
        if labels[a] != "publisher":
            continue
        for p in range(a + 2, b - 1):
            if (
                words[p - 1].endswith(",")
                and place_like(words[p:b])
                and PUBLISHER_WORD_RE.search(" ".join(words[a:p]))
            ):
                for x in range(p, b):
                    labels[x] = "location"
                break


# "TeX", "IGI", "MIT": two capitals or more, the word of a publisher's name
_CAPITALS_WORD_RE = re.compile(r"^[A-Za-z]*[A-Z][a-z]*[A-Z][A-Za-z]*$")
_REMARK_RE = re.compile(r"^\([a-z][^()\s]*\)[,.]?$")


def _publisher_edges(words: Sequence[str], labels: list[str]) -> None:
    """Where the book's title and its publisher meet: "proceedings. TeX | Users Group,"
    (a capitals word glued to the publisher, no stop between, is its first word), "...
    research | (incoll) John Wiley" (a bracketed lower-case remark opening the publisher
    closes the title) and "In Congress of Mathematicians, (EMS Press)," (a bracketed
    publisher closing the book's title is the publisher)."""
    for _, a, b in label_runs(labels):
        if labels[a] != "publisher" or a < 2 or labels[a - 1] != "container-title":
            continue
        if _REMARK_RE.match(words[a]) and b - a > 1:
            labels[a] = "container-title"
            continue
        k = a - 1
        while k > a - 3 and labels[k] == "container-title" and _CAPITALS_WORD_RE.match(words[k]):
            k -= 1
        if k < a - 1 and labels[k] == "container-title":
            for x in range(k + 1, a):
                labels[x] = "publisher"
    for _, a, b in label_runs(labels):
        if labels[a] != "container-title" or b - a < 3 or not words[b - 1].endswith(("),", ").")):
            continue
        s = next((x for x in range(b - 1, max(a, b - 5), -1) if words[x][:1] == "("), -1)
        if (
            s > a + 1
            and words[s - 1].endswith(",")
            and PUBLISHER_WORD_RE.search(" ".join(words[s:b]))
            and all(w.lstrip("(")[:1].isupper() for w in words[s:b])
        ):
            for x in range(s, b):
                labels[x] = "publisher"


def _imprint_closing_title(words: Sequence[str], labels: list[str]) -> None:
    """ "..., in Thanasankit, T. (Ed.), Hershey, PA, USA, IGI Publishing," / "...
    statistical computing, Vienna, Austria, R Foundation for Statistical Computing.":
    a place (up to its state or country) and then a publisher, closing a title or a
    book's title after a comma, are the imprint the tagger kept in it."""
    if "publisher" in labels or "location" in labels:
        return
    for lab, a, b in label_runs(labels):
        if lab not in {"title", "container-title"}:
            continue
        for p in range(a, b - 2):
            if p > a and not words[p - 1].endswith(","):
                continue
            if p == a and (lab == "title" or a == 0 or not words[a - 1].endswith(",")):
                continue
            # the place ends at its last state or country ("Hershey, PA, USA,")
            x = max((y for y in range(p + 1, min(b - 1, p + 5)) if _region(words[y])), default=-1)
            if x < 0 or not words[x].endswith(","):
                continue
            publisher = words[x + 1 : b]
            if (
                place_like(words[p : x + 1])
                and 1 <= len(publisher) <= 6
                and PUBLISHER_WORD_RE.search(" ".join(publisher))
                and all(w[:1].isupper() or w.lower() in _DANGLING for w in publisher)
            ):
                for y in range(p, b):
                    labels[y] = "location" if y <= x else "publisher"
                return


# a word of a place's name or of its postcode: "Upper", "Saddle", "M13", "9PL"
_PLACE_WORD_RE = re.compile(r"^\(?(?:[A-ZÀ-Þ][\w'’.\-]*|[A-Z\d]{2,4})[,]?$")
_PLACE_HOSTS = frozenset({"container-title", "genre", "note", "O"})
_GROUP_ENDS = (",", ".", ":", ";")


def _place_before_region(words: Sequence[str], labels: list[str]) -> None:
    """ "Manchester, M13 9PL, | UK:" / "(Hershey, PA, | USA:" / "Thesis. Bonn, | Germany:":
    a place the tagger cut down to its state or country; the comma groups of short
    capitalised words (a city, a state, a postcode) just before it, in a field that is
    no name, publisher or title, are the rest of the place."""
    n = len(words)
    for i in range(1, n):
        if labels[i] != "location" or labels[i - 1] == "location" or not _region(words[i]):
            continue
        start = i
        while start > 0 and words[start - 1].endswith(","):
            g = start - 1  # the comma group ending at start - 1
            while g > 0 and not words[g - 1].endswith(_GROUP_ENDS) and start - g < 3:
                if words[g][:1] == "(":
                    break
                g -= 1
            group = words[g:start]
            if (
                not all(_PLACE_WORD_RE.match(w) for w in group)
                or any(labels[x] not in _PLACE_HOSTS | {"title"} for x in range(g, start))
                or PUBLISHER_WORD_RE.search(" ".join(group))  # "PA," is no "ACM,"
                or (g > 0 and not words[g - 1].endswith(_GROUP_ENDS) and words[g][:1] != "(")
            ):
                break
            start = g
            if words[g][:1] == "(":
                break  # "(Hershey,": the bracket opens the imprint
        # a title's words are the place only in the bracket opening the imprint:
        # "microcomputer (Manchester, M13 9PL, | UK:"
        in_title = any(labels[x] == "title" for x in range(start, i))
        if start < i and (not in_title or words[start][:1] == "("):
            for x in range(start, i):
                labels[x] = "location"


_YEAR_IN_RE = re.compile(r"(?<!\d)(?:1[5-9]\d\d|20\d\d)(?!\d)")


def dated_remark_ending_title(words: Sequence[str], labels: list[str]) -> None:
    """ "... Organized Crime (UNCTOC) (as adopted by the General Assembly in 2001)": a
    bracketed remark closing the title that starts in lower case and carries a year
    ("as adopted in 2000", "first published 1859") is a note on the work, not its title
    (nor its date)."""
    last = max((i for i, lab in enumerate(labels) if lab == "title"), default=-1)
    if last < 2 or not words[last].rstrip(".,;:").endswith(")"):
        return
    for k in range(last, max(0, last - 16), -1):
        if labels[k] not in {"title", "O", "note"}:
            return
        if not words[k].startswith("("):
            continue
        if k == 0 or (labels[k - 1] != "title" and not (k > 1 and labels[k - 2] == "title")):
            return
        inner = " ".join(words[k : last + 1])[1:].lstrip()
        if inner[:1].islower() and _YEAR_IN_RE.search(inner) and inner.count("(") == 0:
            for x in range(k, last + 1):
                labels[x] = "note"
        return


def relabel_spans(words: Sequence[str], labels: list[str]) -> None:
    """Apply the span rules of this module (in place)."""
    _glued_pages(words, labels)
    _roman_part_before_place(words, labels)
    _colon_closed_authors(words, labels)
    _year_closing_names(words, labels)
    _bracket_after_role(words, labels)
    _in_opens_book(words, labels)
    _journal_kept_in_title(words, labels)
    _in_inside_title(words, labels)
    _bracket_split_into_note(words, labels)
    _year_ending_title(words, labels)
    _title_after_container(labels)
    _title_after_book_editors(words, labels)
    _title_end_in_container(words, labels)
    _volume_glued_to_container(words, labels)
    _publisher_in_book(words, labels)
    _month_before_date(words, labels)
    _place_then_publisher(words, labels)
    _imprint_by_colon(words, labels)
    _region_after_place(words, labels)
    _city_before_country(words, labels)
    _publisher_and_its_place(words, labels)
    _publisher_edges(words, labels)
    _imprint_closing_title(words, labels)
    _place_before_region(words, labels)
