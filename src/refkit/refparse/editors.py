"""Editor lists found by the word that marks them, where the tagger missed or overran them.

Three conventions are read by rule, because a name list closed by a role word is
unambiguous while the tagger, trained on few styles, often reads it as author or title:

- the editors of a chapter's book between "In"/"In:" and the role word:
  ``In: Thanasankit T, editor.`` (Vancouver), ``In J. Doe & K. Roe (Eds.),`` (APA),
  ``In: HIGHAM, N. J. et al. (Hrsg.).`` (DIN, ABNT);
- a book's editors in the author position: ``Lipcoll DJ, Lawrie DH, editors.``,
  ``Smith, J. (Ed.). (2001).``;
- an editor run that went on past its role word into the title after it
  (``(ed.). Cultural values.``) ends at the role word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from refkit.refparse.persons import PARTICLES
from refkit.refparse.spanrules import place_like

__all__ = ["mark_editors"]

_ROLE_RE = re.compile(
    r"^[(\[]?(?:eds?|editors?|hrsg|hgg?|éds?|dir|dirs|coords?|reds?|comps?)\.?[)\]]?[.,;:]*$",
    re.I,
)
_OPENERS = frozenset({"in", "in:", "dans", "dans:", "en:"})
_JOINERS = frozenset({"and", "&", "und", "et", "y", "e", "al.", "al", "others", "u.", "a.", "[et"})
_INITIALS_RE = re.compile(r"^(?:[A-Z]{1,3}|(?:[A-Z]\.-?\s?)+)$")
_MAX_NAMES = 40  # tokens: a longer "name list" is a title that happens to be capitalised


def _namey(word: str) -> bool:
    """Whether a token can stand in a list of names (a name, initials, a connector)."""
    core = word.strip(",;:")
    if not core:
        return word in {";", ",", ":"}
    low = core.lower()
    if low in _JOINERS or low in PARTICLES:
        return True
    if any(c.isdigit() for c in core) or core[0] in '(["“‘«' or core[-1] in ')]"”’»':
        return False
    # "Values." ends a sentence (a title), "J." and "Jr." do not
    if core.endswith(".") and len(core) > 4 and any(c.islower() for c in core):
        return False
    return core[:1].isupper()


def _names_until_role(words: Sequence[str], start: int) -> int:
    """The index of the role word closing a name list that starts at ``start``, or -1."""
    k = start
    while (
        k < len(words)
        and k - start < _MAX_NAMES
        and _namey(words[k])
        and not (k > start and _ROLE_RE.match(words[k]))  # "Wexelblat RL, Ed."
    ):
        k += 1
    if not (k > start and k < len(words) and _ROLE_RE.match(words[k])):
        return -1
    # "In Theorizing Documentary, ed. Michael Renov" (Chicago): a bare "ed." after
    # capitalised words introduces the names after it; a list closed by a role word
    # shows initials ("Wexelblat RL, Ed.") or brackets its role ("Thanasankit, T. (ed.)")
    if words[k][0] in "([" or any(_INITIALS_RE.match(w.strip(",;:")) for w in words[start:k]):
        return k
    return -1


def _opens_container(words: Sequence[str], i: int) -> bool:
    w = words[i]
    if w.lower() not in _OPENERS:
        return False
    # a lower-case "in" inside a title ("Studies in Honour of ...") opens nothing
    return w[0].isupper() or w.endswith(":") or (i > 0 and words[i - 1][-1:] in '.,”"')


def mark_editors(words: Sequence[str], labels: list[str]) -> None:
    """Relabel editor lists closed by a role word (in place)."""
    n = len(words)
    start = 1 if labels and labels[0] == "citation-number" else 0
    # a book's editors where its authors would be
    if start < n and labels[start] in {"author", "editor"}:
        k = _names_until_role(words, start)
        if k > 0 and all(lab in {"author", "editor"} for lab in labels[start:k]):
            for i in range(start, k + 1):
                labels[i] = "editor"
            _end_run_at(words, labels, k, "title")
    _editors_after_role_word(words, labels)
    _editors_before_bracketed_role(words, labels)
    _bracketed_editor_list(words, labels)
    # a chapter's book editors
    for i in range(start + 1, n - 2):
        if not _opens_container(words, i) or labels[i] in {"url", "doi", "note"}:
            continue
        k = _names_until_role(words, i + 1)
        if k < 0:
            continue
        book_end = _book_before_given_first_names(words, i + 1, k)
        for j in range(i, k + 1):
            labels[j] = "container-title" if j < book_end and book_end > i + 1 else "editor"
        _end_run_at(words, labels, k, "container-title")
        break
    _second_editor_run_after_book(words, labels)
    _title_words_before_closing_role(words, labels)


def _title_words_before_closing_role(words: Sequence[str], labels: list[str]) -> None:
    """ "In Structured Programming (Incoll), O.J. Dahl, and C.A.R. Hoare, eds" / "in
    Network Architectures (G. Whitcomb and P. Neece, eds.)": where a role word closes an
    editor run, the names are the words just before it; what the run holds before them
    that no name list holds (a bracketed remark, a title's words before the bracket
    opening the names) is the book's title."""
    n = len(words)
    a = 0
    while a < n:
        b = a
        while b < n and labels[b] == labels[a]:
            b += 1
        # the first role word in the run closes the names (what follows it is the
        # business of the rules after this one)
        role = next((r for r in range(a + 2, b) if _ROLE_RE.match(words[r])), -1)
        if labels[a] == "editor" and role > 0:
            k = role - 1
            while k >= a and _namey(words[k]):
                k -= 1
            if k >= a and words[k][:1] == "(" and _namey(words[k][1:]):
                k -= 1  # "(G. Whitcomb": the bracket opens the names
            if role + 1 < b and words[role].endswith(",") and place_like(words[role + 1 : b]):
                # "Theerasak Thanasankit (ed.), Hershey, PA, USA": the imprint's place
                for j in range(role + 1, b):
                    labels[j] = "location"
            names = words[k + 1 : role]
            if k >= a and names and any(_INITIALS_RE.match(w.strip(",;:()")) for w in names):
                # a book's title, unless the run follows the reference's own title
                # without "In" opening a book
                own = a and labels[a - 1] == "title" and words[a].lower() not in _OPENERS
                for j in range(a, k + 1):
                    labels[j] = "title" if own else "container-title"
        a = b


def _book_before_given_first_names(words: Sequence[str], start: int, role: int) -> int:
    """ "In Dryland Ecology, K. Tanaka, and R. Silva, eds": where the names are written
    given name first (initials leading), a first comma group without initials is the
    book's title; the index after it, or ``start`` when there is none."""
    groups: list[list[str]] = [[]]
    for w in words[start:role]:
        groups[-1].append(w)
        if w.endswith(","):
            groups.append([])
    groups = [g for g in groups if g]
    # "HIGHAM, N. J. et al." is one inverted name: a book title is more than one word
    if len(groups) < 2 or len(groups[0]) < 2:
        return start
    if any(_INITIALS_RE.match(w.strip(",;:")) for w in groups[0]):
        return start
    later = [g[1:] if g[0].lower() in _AND else g for g in groups[1:]]
    if not later or not all(
        g
        and _INITIALS_RE.match(g[0].strip(",;:"))
        and not _INITIALS_RE.match(g[-1].strip(",;:"))
        and not any(w.lower() in _JOINERS for w in g)
        for g in later
    ):
        return start
    return start + len(groups[0])


_LEAD_ROLE_RE = re.compile(r"^(?:eds?|editors?|hrsg|hg|éds?)\.?:$", re.I)
_DOTTED_RE = re.compile(r"^(?:[A-Z]\.-?){1,3}[,;]?$")
_BARE_RE = re.compile(r"^[A-Z]{1,3}[,;]?$")
_FAMILY_WORD_RE = re.compile(r"^[A-ZÀ-Þ][a-zà-ÿ'’\-]+[A-Za-zà-ÿ][,;]?$")
_AND = frozenset({"and", "&", "und", "et", "y"})


def _editor_list_end(words: Sequence[str], start: int) -> int:
    """The end of a name list written after its role word ("Eds: Griffiths, D.F. and
    Watson, G.A.", "Edited by Higham NJ, Dennis MR, et al."), or ``start`` if none.

    The list's form is read from its first name (inverted with dotted initials, "Family
    AB", or initials first) and every later name must have the same form, so "Neece P,
    Dayton, OH" ends before the place."""
    n = len(words)

    def unit(i: int, given_full: bool = False) -> tuple[str, int]:
        j = i
        while j < n and words[j].lower() in PARTICLES:
            j += 1
        if j + 1 < n and _FAMILY_WORD_RE.match(words[j]):
            if words[j].endswith(",") and _DOTTED_RE.match(words[j + 1]):
                return "inverted", j + 2
            if not words[j].endswith((",", ";")) and _BARE_RE.match(words[j + 1]):
                return "vancouver", j + 2
        # given names first: "J. Gerald Kennedy", "G. A. Watson" (then, once the list is
        # known to be written so, "Liliane Weissberg"), up to a comma, a joiner or a
        # word that is no name
        k = i
        while k < n and _DOTTED_RE.match(words[k]) and not words[k].endswith((",", ";")):
            k += 1
        if k == i and not given_full:
            return "", i
        m = k
        while m < n and m - k < 3 and _FAMILY_WORD_RE.match(words[m]):
            m += 1
            if words[m - 1].endswith((",", ";")) or (m < n and words[m].lower() in _AND):
                break
        if m > k and m - i >= 2 and not (m < n and _FAMILY_WORD_RE.match(words[m])):
            return "given-first", m
        return "", i

    form, end = unit(start)
    if not form:
        return start
    i = end
    while (i < n and words[i - 1].endswith((",", ";"))) or (i < n and words[i].lower() in _AND):
        if i < n and words[i].lower() in _AND:
            i += 1
        if i + 1 < n and words[i] == "et" and words[i + 1].startswith("al."):
            return i + 2
        if i < n and words[i].startswith("al."):
            return i + 1
        if i < n and words[i] == "et" and i + 1 < n and words[i + 1].startswith("al"):
            return i + 2
        f, e = unit(i, given_full=form == "given-first")
        if f != form:
            break
        end = i = e
    return end


def _editors_after_role_word(words: Sequence[str], labels: list[str]) -> None:
    """ "Eds: Griffiths, D.F. and Watson, G.A." / "Edited by Higham NJ, Dennis MR"."""
    n = len(words)
    for i in range(1, n - 1):
        role = 1 if _LEAD_ROLE_RE.match(words[i]) else 0
        if not role and words[i].lower() == "edited" and words[i + 1].lower() == "by":
            role = 2
        if not role or (labels[i] in {"url", "doi", "title"} and role == 1):
            continue
        end = _editor_list_end(words, i + role)
        if end == i + role:
            continue
        # what the tagger ran into the editors before their role word ("In: Network
        # architectures. Eds: Whitcomb, G.") is the book's title: no name precedes a
        # role word that introduces the names
        p = i - 1
        while p >= 0 and labels[p] == "editor":
            p -= 1
        if p < i - 1 and words[i - 1].endswith((".", ")", ",")):
            back = labels[p] if p >= 0 and labels[p] in {"container-title", "title"} else ""
            for j in range(p + 1, i):
                labels[j] = back or "container-title"
        for j in range(i, end):
            labels[j] = "editor"
        # what the tagger kept in the editor run after the list is not a name
        j = end
        while j < n and labels[j] == "editor":
            labels[j] = "publisher"
            j += 1
        return


_BRACKETED_ROLE_RE = re.compile(
    r"^\((?:eds?|editors?|hrsg|hgg?|éds?|dirs?|coords?)\.?\)[.,;:]*$", re.I
)
_GIVEN_RE = re.compile(r"^(?:[A-ZÀ-Þ][a-zà-ÿ'’\-]+|(?:[A-Z]\.-?){1,3})$")


# "in" (Dutch "in 't Veld") reads as a particle, but in "Readings in Planning" it is the
# English word of a title; before a role word the title is the likelier
_NAME_PARTICLES = PARTICLES - {"in"}


def _given_first_names(words: Sequence[str]) -> bool:
    """Whether ``words`` are names written given name first ("Theerasak Thanasankit",
    "G. Whitcomb and P. Neece"): one to three given names or initials, then a family
    name (with its particles), joined by commas, "and" or "&"."""
    names: list[list[str]] = [[]]
    for w in words:
        if w.lower() in _AND:
            names.append([])
            continue
        names[-1].append(w.rstrip(","))
        if w.endswith(","):
            names.append([])
    names = [x for x in names if x]
    if not names:
        return False
    # one list, one form: initials in every name or in none ("in Soil Science, K. Tanaka"
    # is a title and a name, not two names)
    with_initials = {any(_DOTTED_RE.match(w) for w in name) for name in names}
    if len(with_initials) > 1:
        return False
    for name in names:
        family = len(name) - 1
        while family > 1 and name[family - 1].lower() in _NAME_PARTICLES:
            family -= 1
        given = name[:family]
        if not 1 <= len(given) <= 3 or not all(_GIVEN_RE.match(g) for g in given):
            return False
        if not _FAMILY_WORD_RE.match(name[-1]):
            return False
    return True


_NOT_BEFORE = frozenset({"author", "citation-number", "date"})
_ROLE_CLOSING_BRACKET_RE = re.compile(r"^(?:eds?|editors?|hrsg|hgg?|éds?)\.?\)[.,;:]*$", re.I)


def _bracketed_editor_list(words: Sequence[str], labels: list[str]) -> None:
    """ "Structured Programming (O. J. Dahl, E. W. Dijkstra, and C. A. R. Hoare, eds.).":
    given-first names and their role word inside one bracket are the book's editors."""
    for k in range(2, len(words)):
        if not _ROLE_CLOSING_BRACKET_RE.match(words[k]):
            continue
        s = next((x for x in range(k - 1, max(-1, k - 24), -1) if words[x].startswith("(")), -1)
        if s < 0:
            continue
        inner = [words[s][1:], *words[s + 1 : k]]
        if inner and inner[-1].endswith(","):
            inner[-1] = inner[-1][:-1]
        if inner[0] and _given_first_names(inner):
            for j in range(s, k + 1):
                labels[j] = "editor"


def _second_editor_run_after_book(words: Sequence[str], labels: list[str]) -> None:
    """ "In: Wexelblat RL, editor. History of programming languages | I (incoll).": an
    editor run after the book's title, when the editors before it were closed by their
    role word, is the rest of the book's title."""
    runs: list[tuple[str, int, int]] = []
    for i, lab in enumerate(labels):
        if runs and runs[-1][0] == lab:
            runs[-1] = (lab, runs[-1][1], i + 1)
        else:
            runs.append((lab, i, i + 1))
    for r in range(2, len(runs)):
        (lab0, _, b0), (lab1, _, _), (lab2, a2, b2) = runs[r - 2], runs[r - 1], runs[r]
        if (lab0, lab1, lab2) != ("editor", "container-title", "editor"):
            continue
        if not _ROLE_RE.match(words[b0 - 1]) or any(_ROLE_RE.match(w) for w in words[a2:b2]):
            continue
        for x in range(a2, b2):
            labels[x] = "container-title"


def _editors_before_bracketed_role(words: Sequence[str], labels: list[str]) -> None:
    """ "..., Theerasak Thanasankit (ed.), Hershey" / "in: G. Whitcomb and P. Neece
    (eds.), Network architectures": given-first names just before a bracketed role."""
    for k in range(2, len(words)):
        if not _BRACKETED_ROLE_RE.match(words[k]):
            continue
        for s in range(max(0, k - 10), k):
            before = words[s - 1] if s else ","
            if not (before.endswith((",", ":")) or before.lower() in _OPENERS):
                continue
            if _given_first_names(words[s:k]):
                first = s - 1 if before.lower() in _OPENERS else s
                for j in range(first, k + 1):
                    labels[j] = "editor"
                # what the tagger ran into the editors before the names ("(chapter),")
                # goes back to the field before it
                p = first - 1
                while p >= 0 and labels[p] == "editor":
                    p -= 1
                back = labels[p] if p >= 0 and labels[p] not in _NOT_BEFORE else "title"
                back_run = words[p + 1 : first]
                inverted = (  # "Ginsburg, Tom, und Tamir Moustafa (Hrsg.)": Chicago's form
                    len(back_run) in {2, 3}
                    and back_run[0].endswith(",")
                    and all(_namey(w) for w in back_run)
                    and p < 1
                )
                if back_run and not inverted and not _given_first_names(words[p + 1 : k]):
                    for j in range(p + 1, first):
                        labels[j] = back
                break


def _end_run_at(words: Sequence[str], labels: list[str], k: int, label: str) -> None:
    """Tokens the tagger kept in the editor run after its role word belong to ``label``."""
    if not re.search(r"[.),:]$", words[k]):
        return
    j = k + 1
    while j < len(words) and labels[j] == "editor":
        labels[j] = label
        j += 1
