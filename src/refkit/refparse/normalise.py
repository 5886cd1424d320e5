"""The rules after tagging: spans relabelled where a pattern knows better, and values.

Two things happen to a tagged reference here.

1. **Spans** (whole tokens) are relabelled where the labelled data's own
   conventions agree: an edition statement ("(5th ed.)", "2. Aufl.") or a
   report number ("(WP-56)") inside the title becomes ``edition`` / ``number``, a
   bracketed year that ends a title becomes ``date``, and a US case citation read
   by eyecite gets its case name, reporter volume, reporter, page, court and year.
2. **Values** (:class:`~refkit.refparse.types.Normalised`) are worked out where
   a token holds several fields or a value is not written as it stands: DOIs,
   arXiv ids, ISBNs, ISSNs and PMIDs anywhere; volume, issue and pages split out
   of "1996;73:1006-12"; the page range expanded for CSL; editions as numbers;
   structured names; the legal parts; the type with a confidence.

The span view (``ParsedReference.fields``, the JSONL output) keeps the labelled
data's conventions, where a volume span holds its issue ("128(5),"); the values
are what a CSL item or BibTeX entry should hold, applied by :func:`apply_normalised`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping, Sequence
from typing import Any

from refkit.refparse.identifiers import doi_of_resolver_url, find_identifiers
from refkit.refparse.itemtypes import infer_type
from refkit.refparse.legal import (
    find_case,
    find_official_records,
    find_official_records_span,
    find_treaty,
    find_un_symbol,
    mentions_treaty_dates,
)
from refkit.refparse.names import has_organisation_word, is_organisation
from refkit.refparse.numbers import (
    edition_statements,
    expand_page_range,
    find_edition,
    find_report_number,
    parse_locator,
    trailing_year,
)
from refkit.refparse.persons import parse_name_run
from refkit.refparse.spanrules import PUBLISHER_WORD_RE as _PUBLISHER_WORD_RE
from refkit.refparse.spanrules import dated_remark_ending_title
from refkit.refparse.tokens import Token
from refkit.refparse.types import NAME_LABELS, FieldValue, NameList, Normalised

__all__ = ["apply_normalised", "normalise", "relabel"]

_EDITION_HOSTS = frozenset(
    {"title", "location", "publisher", "note", "O", "edition", "container-title"}
)
_NUMBERED_KINDS = frozenset({"report", "thesis", "webpage", "document", "legal_case", "treaty"})
_CASE_NO_RE = re.compile(r"\bCase No\.?\s*[\w\-/]*\d[\w\-/]*")
_LOCATOR_LABELS = frozenset({"volume", "issue", "pages"})
_GLUED_RE = re.compile(r"^\(?(?:1[5-9]\d\d|20\d\d|[0-3]?\d)[a-z]?(?:\s?[A-Z][a-z]{2})?;\S*\d")
# a volume span that says it is a page or an issue ("p.2", "No. 49")
_PAGE_SPAN_RE = re.compile(r"^\W*(?:pp?\.?|pages?|s\.|no\.|nr\.|n°|nº|issue)\s*[A-Za-z]?\d", re.I)
_PAGE_ROLE_RE = re.compile(r"^(?:pp?\.?|pages?|pgs?\.?|s\.|págs?\.?)\s*", re.I)
_SERIES_RE = re.compile(
    r"^(?P<body>.+?)(?:(?<!\s)|(?<=^\s))\s+(?P<genre>(?:Resource|Working|Discussion|Research|Policy|Technical|"
    r"Occasional|Briefing|Background|Issue|White)\s+(?:Paper|Report|Brief|Note)s?)$"
)
_JOURNALISH_RE = re.compile(
    r"\b(?:journal|review|quarterly|annals|bulletin|letters|proceedings|transactions|"
    r"magazine|times|news|post|zeitschrift|revue|revista|proc|conference|conf|symposium|"
    r"workshop|congress|congreso|actas|forum|meeting)\b|^[A-Z][a-z]{0,5}\.\s|^in\b",
    re.I,
)
_TREATY_TITLE_RE = re.compile(
    r"\b(?:convention|protocol|treaty|covenant|agreement|charter)\b", re.I
)
_NEWS_OUTLET_RE = re.compile(
    r"\b(?:news|times|post|herald|tribune|gazette|telegraph|chronicle|reuters|"
    r"associated press|press agency|newswire)\b",
    re.I,
)
_WEBSITE_RE = re.compile(r"\b(?:official website|website|web site|homepage)\b", re.I)
_GOV_NGO_RE = re.compile(
    r"\b(?:ministry|ministerium|ministère|ministerio|department|office|commission|"
    r"agency|government|council|parliament|secretariat|bureau|authority|united nations|"
    r"unodc|unesco|unicef|unhcr|who|oecd|world bank|imf|international|foundation|"
    r"institute|trust|association|society|centre|center|amnesty|watch|alliance|"
    r"organi[sz]ation|federal|national)\b",
    re.I,
)


def _spans_of(tokens: Sequence[Token], labels: Sequence[str], label: str) -> list[range]:
    runs: list[range] = []
    i = 0
    while i < len(labels):
        if labels[i] == label:
            j = i
            while j < len(labels) and labels[j] == label:
                j += 1
            runs.append(range(i, j))
            i = j
        else:
            i += 1
    return runs


def _label_chars(
    tokens: Sequence[Token], labels: list[str], base: int, a: int, b: int, label: str
) -> None:
    """Label the tokens that lie within characters ``[a, b)`` of a span starting at ``base``."""
    for i, t in enumerate(tokens):
        if base + a <= t.start < base + b:
            labels[i] = label


# the verbs that close a news headline's attribution ("..., minister says")
_ATTRIBUTION_VERBS = frozenset(
    {"says", "say", "said", "warns", "warn", "claims", "claim", "reports", "finds", "find"}
)


def _headline_attribution(tokens: Sequence[Token], labels: list[str]) -> None:
    """ "No place in modern world, General Assembly President says": a comma clause that
    ends in a reporting verb is the rest of a headline, not a container."""
    runs = [r for lab in ("container-title", "note", "O") for r in _spans_of(tokens, labels, lab)]
    for run in runs:
        a, b = run.start, run.stop
        if a == 0 or labels[a - 1] != "title" or not tokens[a - 1].text.endswith(","):
            continue
        if b - a > 6 or tokens[b - 1].text.rstrip(".,;:").lower() not in _ATTRIBUTION_VERBS:
            continue
        if any(lab in _LOCATOR_LABELS for lab in labels[b:]):
            continue
        for i in run:
            labels[i] = "title"


_PLACE_HOSTS = frozenset({"title", "O", "note", "location"})
_PLACE_WORD_RE = re.compile(r"^\(?[A-Z][a-zà-ÿ]+[,:]?$")
_BARE_YEAR_RE = re.compile(r"^(?:1[5-9]\d\d|20\d\d)\)[.,;]?$")


def _place_and_year_in_brackets(tokens: Sequence[Token], labels: list[str]) -> None:
    """ "... (Austria, 2008)" ending a reference: the place and year of issue, which
    the tagger left in the title."""
    n = len(tokens)
    if n < 3 or not _BARE_YEAR_RE.match(tokens[-1].text):
        return
    k = n - 2
    while k > n - 5 and not tokens[k].text.startswith("("):
        k -= 1
    if not tokens[k].text.startswith("(") or not tokens[n - 2].text.endswith(","):
        return
    words = tokens[k : n - 1]
    if not all(_PLACE_WORD_RE.match(t.text) for t in words):
        return
    if not all(labels[i] in _PLACE_HOSTS for i in range(k, n - 1)) or labels[k - 1] == "location":
        return
    if is_organisation(" ".join(t.text for t in words).strip("(,")):
        return  # "(Routledge, 2008)" is a publisher; that is the tagger's call
    for i in range(k, n - 1):
        labels[i] = "location"
    labels[n - 1] = "date"


def _date_inside_title(labels: list[str]) -> None:
    """ "Forum 13-15 February 2008 – Technology and ..." : a date with title on both
    sides, where a later date closes the reference, is part of the title."""
    runs = _spans_of((), labels, "date")
    n = len(labels)
    for run in runs[:-1]:
        a, b = run.start, run.stop
        if a > 0 and b < n and labels[a - 1] == "title" and labels[b] == "title":
            for k in run:
                labels[k] = "title"


def _issuer_before_number(tokens: Sequence[Token], labels: list[str]) -> None:
    """ "“UN.GIFT B.P.:017": the issuing body's name written before its paper number,
    when it repeats the author, goes with the number (the value keeps the number)."""
    first = next((i for i, lab in enumerate(labels) if lab == "number"), -1)
    author = "".join(t.text for t, lab in zip(tokens, labels, strict=True) if lab == "author")
    key = re.sub(r"\W", "", author).casefold()
    if first <= 0 or not key or labels[first - 1] != "title":
        return
    if re.sub(r"\W", "", tokens[first - 1].text).casefold() == key:
        labels[first - 1] = "number"


_PLACE_PART_RE = re.compile(r"^[A-Z][\w.'’\- ]*(?:,\s*[\w.'’\- ]+){0,3}$")


def _publisher_then_place(span: str) -> tuple[str, str] | None:
    """ "Springer-Verlag: Berlin, Germany" in one publisher span (the styles that write
    the publisher before its place): (publisher, place) when the left side names a
    publisher and the right side reads as a place, else None."""
    # One colon with white space after it, split by hand: the equivalent regex
    # ("[^:]+?\s*:\s+[^:]+?[\s.,;]*") backtracks quadratically on long spans.
    if span.count(":") != 1:
        return None
    left, _, right = span.partition(":")
    if not right[:1].isspace():
        return None
    end = len(right)
    while end and (right[end - 1].isspace() or right[end - 1] in ".,;"):
        end -= 1
    pub, place = left.strip().strip(" ,"), right[:end].strip().strip(" ,")
    if not left.strip() or not right[:end].strip():
        return None
    if not _PUBLISHER_WORD_RE.search(pub) or _PUBLISHER_WORD_RE.search(place):
        return None
    if len(place.split()) > 6 or not _PLACE_PART_RE.match(place):
        return None
    return pub, place


# "[Internet]", "[online]", "[CD-ROM]": the medium designator of NLM/Vancouver and
# ISO 690, written after a title or journal; what follows it in the same span is the
# locator glued on ("[Internet] 1989;46:1255-70")
# No leading white space in the pattern: "\s*\[" under ``search`` is quadratic on runs of
# spaces; the spaces before the bracket are cut with rstrip instead (_without_medium).
_MEDIUM_RE = re.compile(
    r"\[(?:internet|online|on-?line|electronic(?: resource)?|cd-?rom|serial online|"
    r"en ligne|elektronische ressource)\]?.*$",
    re.I,
)


def _without_medium(span: str) -> str:
    """The span without its medium designator and what follows, or "" if it has none."""
    m = _MEDIUM_RE.search(span)
    if m is None:
        return ""
    before = span[: m.start()].rstrip()
    return _trim(before) if before else ""


_RECORDS_HOSTS = frozenset(
    {"title", "container-title", "volume", "issue", "pages", "note", "O", "publisher", "number"}
)


def _official_records(text: str, tokens: Sequence[Token], labels: list[str]) -> None:
    """ "U.N. GAOR 55th Sess., Supp. No. 49": the series a UN document was issued in,
    whatever the tagger made of it (a journal with a volume, the end of the title)."""
    span = find_official_records_span(text)
    if span is None:
        return
    inside = [i for i, t in enumerate(tokens) if t.start >= span[0] and t.end <= span[1] + 1]
    if inside and all(labels[i] in _RECORDS_HOSTS for i in inside):
        for i in inside:
            labels[i] = "collection-title"


def relabel(text: str, tokens: Sequence[Token], labels: list[str]) -> str | None:
    """Relabel whole tokens where a rule is surer than the tagger; return a forced type."""
    forced: str | None = None
    _headline_attribution(tokens, labels)
    _official_records(text, tokens, labels)
    # after the series is found, so that the title's end is known
    dated_remark_ending_title([t.text for t in tokens], labels)
    _place_and_year_in_brackets(tokens, labels)
    _date_inside_title(labels)
    case = find_case(text)
    if case is not None and case.start >= 0:
        for i, t in enumerate(tokens):
            if t.end <= case.start:
                if labels[i] != "citation-number":
                    labels[i] = "title"
            elif t.start < case.end:
                if t.start == case.start:
                    labels[i] = "volume"
                elif t.end >= case.end and t.text.rstrip(",;.").isdigit():
                    labels[i] = "pages"
                else:
                    labels[i] = "container-title"
            elif t.text.startswith("("):
                break
        forced = "legal_case"
    # "Wirtschaft und Gesellschaft. 5. Aufl. Tübingen": an edition statement of whole tokens
    # wherever the tagger put it (title, place, publisher, note)
    for statement in edition_statements(text):
        inside = [
            i
            for i, t in enumerate(tokens)
            if t.start >= statement.start and t.end <= statement.end + 1 and t.start < statement.end
        ]
        if inside and all(labels[i] in _EDITION_HOSTS for i in inside):
            for i in inside:
                labels[i] = "edition"
    for run in _spans_of(tokens, labels, "title"):
        if len(run) < 2:
            continue
        first, last = tokens[run[0]], tokens[run[-1]]
        span = text[first.start : last.end]
        edition = find_edition(span)
        if edition is not None and span[edition.end :].strip(" .,;:)]") == "":
            _label_chars(tokens, labels, first.start, edition.start, edition.end, "edition")
            continue
        report = find_report_number(span)
        if report is not None and span[report.end :].strip(" .,;:)]") == "":
            if report.start > 0:
                _label_chars(tokens, labels, first.start, report.start, report.end, "number")
                _issuer_before_number(tokens, labels)
            continue
        year = trailing_year(span)
        if year is not None and "date" not in labels:
            cut = len(year[0])
            _label_chars(tokens, labels, first.start, cut, len(span), "date")
    return forced


def _span_text(fields: Mapping[str, FieldValue], label: str) -> str:
    v = fields.get(label)
    if v is None:
        return ""
    return v if isinstance(v, str) else " ".join(v)


def _trim(value: str) -> str:
    return value.strip().strip("()[]").strip(" .,;:\"'“”‘’").strip()


_LONE_YEAR_RE = re.compile(r"^\(?(?:1[5-9]\d\d|20\d\d)[a-z]?\)?[.,;:]?$")


def _locator_run(tokens: Sequence[Token], labels: Sequence[str]) -> str:
    """The text of the volume/issue/pages tokens (and a date glued to them)."""
    idx = [i for i, lab in enumerate(labels) if lab in _LOCATOR_LABELS]
    glued = [i for i, t in enumerate(tokens) if _GLUED_RE.match(t.text)]
    if glued:
        g = glued[0]
        idx = [i for i in idx if i >= g] or [g]
        idx = sorted({g, *idx})
        # "1953 Apr 25;171(4356):737-8": the year and month stand before the day
        while idx[0] > 0 and idx[0] > g - 3 and labels[idx[0] - 1] == "date":
            idx.insert(0, idx[0] - 1)
    if not idx:
        return ""
    a, b = idx[0], idx[-1]
    if b - a > 8:
        b = a
    if glued:
        return " ".join(t.text for t in tokens[a : b + 1])
    # "52/1, 2007, 198-203" and "52/1 (2007), 198-203": a year between the volume and
    # the pages is the date, not a page or an issue; a comma keeps the two apart
    pieces: list[str] = []
    for i in range(a, b + 1):
        word = tokens[i].text
        if a < i < b and labels[i] == "date" and _LONE_YEAR_RE.match(word):
            if pieces and pieces[-1][-1:] not in ",;:":
                pieces[-1] += ","
            continue
        pieces.append(word)
    return " ".join(pieces)


def _names(tokens: Sequence[Token], labels: Sequence[str]) -> dict[str, NameList]:
    out: dict[str, NameList] = {}
    for role in sorted(NAME_LABELS):
        names: list[Any] = []
        et_al = False
        for run in _spans_of(tokens, labels, role):
            read = parse_name_run(tokens[run.start : run.stop])
            names.extend(read.names.names)
            et_al = et_al or read.names.et_al
        if names:
            out[role] = NameList(tuple(names), et_al)
    return out


def normalise(
    text: str,
    tokens: Sequence[Token],
    labels: Sequence[str],
    fields: Mapping[str, FieldValue],
    forced_type: str | None = None,
) -> tuple[str, Normalised]:
    """The type and the values of a tagged (and relabelled) reference."""
    values: dict[str, str] = {}
    dropped: set[str] = set()
    issued = ""
    ids = find_identifiers(text)
    url = _span_text(fields, "url")
    resolver_doi = doi_of_resolver_url(url) if url else ""
    if ids.doi:
        values["DOI"] = ids.doi
    if resolver_doi:
        values["DOI"] = resolver_doi
        dropped.add("URL")
    if ids.isbn:
        values["ISBN"] = ids.isbn[0]
    if ids.issn:
        values["ISSN"] = ids.issn[0]
    if ids.pmid:
        values["PMID"] = ids.pmid
    if ids.pmcid:
        values["PMCID"] = ids.pmcid
    if ids.arxiv:
        values["number"] = f"arXiv:{ids.arxiv}"
        if "container-title" not in fields and "publisher" not in fields:
            values["publisher"] = "arXiv"
    glued = next((i for i, t in enumerate(tokens) if _GLUED_RE.match(t.text)), -1)
    if (
        glued > 0
        and labels[glued] in {"publisher", "note", "title"}
        and "container-title" not in fields
    ):
        # "BMJ. 2004;328(7455):1519." tagged as a publisher: the journal and its numbers
        j = glued
        while j > 0 and labels[j - 1] == labels[glued]:
            j -= 1
        if j < glued:
            values["container-title"] = _trim(" ".join(t.text for t in tokens[j:glued]))
            if labels[glued] == "publisher":
                dropped.add("publisher")
    locator = parse_locator(_locator_run(tokens, labels))
    if locator is not None:
        for key, value in (
            ("volume", locator.volume),
            ("issue", locator.issue),
            ("page", locator.page),
        ):
            if value:
                values[key] = value
            elif key in {"volume", "issue"} and _PAGE_SPAN_RE.match(_span_text(fields, key)):
                dropped.add(key)  # "p.2" tagged as a volume is a page
            elif key == "volume" and locator.year and locator.page:
                dropped.add(key)  # "2005:51-74" tagged as a volume is the year and pages
        if (locator.year and not re.search(r"\d{4}", _span_text(fields, "date").split(";")[0])) or (
            locator.year and ";" in _span_text(fields, "date")
        ):
            issued = locator.year
    elif "pages" in fields:
        pages = _PAGE_ROLE_RE.sub("", _trim(_span_text(fields, "pages")))
        if re.fullmatch(r"[A-Za-z]{0,2}\d+\s*[-‐‑–—]+\s*[A-Za-z]{0,2}\d+", pages):
            values["page"] = expand_page_range(pages)
    edition_span = _span_text(fields, "edition")
    edition = find_edition(edition_span) if edition_span else None
    if edition is not None:
        values["edition"] = edition.value
    report = None
    for label in ("number", "genre", "title"):
        span = _span_text(fields, label)
        if span:
            report = find_report_number(span)
            if report is not None:
                break
    if report is not None:
        if report.genre:
            values.setdefault("genre", report.genre)
        values.setdefault("number", report.number)
    for label in ("title", "container-title"):
        cut = _without_medium(_span_text(fields, label))
        if cut and label not in values:
            values[label] = cut
    publisher_place = _publisher_then_place(_span_text(fields, "publisher"))
    if publisher_place is not None:
        pub_runs = _spans_of(tokens, labels, "publisher")
        after = pub_runs[-1].stop if pub_runs else 0
        place = publisher_place[1]
        if "location" in fields and after < len(labels) and labels[after] == "location":
            # "Springer-Verlag: Berlin, | Germany": the tagger took only the country
            place = f"{place}, {_trim(_span_text(fields, 'location'))}"
        if "location" not in fields or place != publisher_place[1]:
            values["publisher"], values["publisher-place"] = publisher_place[0], place
    if "publisher" not in fields:
        # "Stanford University: Palo Alto, CA" read as one place: publisher, then place
        located = _publisher_then_place(_span_text(fields, "location"))
        if located is not None:
            values["publisher"], values["publisher-place"] = located
    names = _names(tokens, labels)
    kind = forced_type
    confidence = 0.8
    case = find_case(text) if forced_type in {None, "legal_case"} else None
    if case is not None:
        kind = "legal_case"
        values["title"] = case.title
        for key, value in (
            ("container-title", case.reporter),
            ("volume", case.volume),
            ("page", case.page),
            ("authority", case.court),
            ("number", case.docket),
        ):
            if value:
                values[key] = value
            else:
                values.pop(key, None)
        values.pop("issue", None)
        issued = case.year or issued
    treaty = find_treaty(text)
    if treaty is not None and kind is None and mentions_treaty_dates(text):
        kind = "treaty"
        values["container-title"] = treaty.series
        values["volume"] = treaty.volume
        values["page"] = treaty.page
    symbol = find_un_symbol(text)
    if symbol and "number" not in values:
        values["number"] = symbol
    records = find_official_records(_span_text(fields, "collection-title"))
    if records is not None:
        values["collection-title"] = records[0]
        if records[1]:
            values["collection-number"] = records[1]
    container = _trim(_span_text(fields, "container-title"))
    container = re.sub(r"(?<![\s,])[\s,]+pp?\.\s*\S+$", "", container)  # "... Paper p.2"
    if kind is None and container and not {"volume", "issue"} & set(values):
        series = _SERIES_RE.match(container)
        if series:
            # "Youth Advocate Program International Resource Paper": a report series
            values["publisher"] = series.group("body")
            values["genre"] = series.group("genre")
            dropped.add("container-title")
            kind, confidence = "report", 0.7
        elif (
            has_organisation_word(container)
            and not _JOURNALISH_RE.search(container)
            and not {"publisher", "editor"} & set(fields)
        ):
            # "(USC Annenberg Ctr. on Commc'n Leadership & Policy)": the institution;
            # a container with its own editors or publisher is a book, whatever its words
            values["publisher"] = container
            dropped.add("container-title")
            kind, confidence = "report", 0.6
    if (
        kind is None
        and mentions_treaty_dates(text) | bool(symbol)
        and _TREATY_TITLE_RE.search(_span_text(fields, "title"))
    ):
        kind, confidence = "treaty", 0.7
    if not issued and "date" not in fields:
        year = re.search(r"\b(1[5-9]\d\d|20\d\d)\W*$", _trim(_span_text(fields, "title")))
        if year:
            issued = year.group(1)  # "Global Report on Trafficking in Persons 2014"
    if kind is None:
        guess = infer_type(fields, text, variables=values)
        kind, confidence = guess.type, guess.confidence
    elif kind == "legal_case":
        confidence = 0.95
    authors = names.get("author")
    org = authors.names[0].literal if authors and authors.names else ""
    title = _span_text(fields, "title")
    if org and "container-title" not in fields and kind not in {"legal_case", "treaty"}:
        # "BBC (2003) Police to Trap Online Pedophiles BBC News": the author's outlet
        # written after the title is where it appeared
        written = title + " " + _span_text(fields, "note")
        written = re.sub(r"(?:(?<!\W)\W*)?\b(?:available|retrieved)\b.*$", "", written, flags=re.I)
        tail = re.search(rf"\s({re.escape(org)}(?:\s+\w+)?)\W*$", written)
        if tail and len(org) <= 12 and tail.start() > 0:
            values["title"] = _trim(written[: tail.start()])
            values["container-title"] = tail.group(1)
            dropped.add("note")
            kind = (
                "article-newspaper"
                if re.search(r"news|times|post", tail.group(1), re.I)
                else "webpage"
            )
            confidence = 0.6
    if (
        org
        and kind in {"book", "document", "report", "webpage"}
        and "container-title" not in fields
        and "publisher" not in fields
        and _NEWS_OUTLET_RE.search(org)
    ):
        # "UN News Centre (2014) Headline": a news outlet as author, nothing else
        # holding the work, wrote a news story
        kind, confidence = "article-newspaper", 0.6
    if (
        org
        and kind in {"book", "document", "report", "webpage"}
        and "container-title" not in fields
        and not _WEBSITE_RE.search(text)
        and _GOV_NGO_RE.search(org)
        and is_organisation(org)
    ):
        publisher = _trim(_span_text(fields, "publisher"))
        if kind != "report" and (not publisher or publisher == org or symbol or "number" in values):
            kind, confidence = "report", max(confidence, 0.6)
        # the institution is the author here; it is not written again as publisher, as
        # nothing the string does not say is made up
    case_no = _CASE_NO_RE.search(text)
    if case_no and "title" not in fields and kind in {None, "webpage", "document", "report"}:
        # "UNODC No.:GTM007, Case No. 72-2011": a court case known by its number
        kind, confidence = "legal_case", 0.6
        values["title"] = case_no.group(0)
        written = values.get("number") or _span_text(fields, "number")
        number = _trim(re.sub(r"^\W*No\.?:?\s*", "", written.replace(case_no.group(0), "")))
        if number:
            values["number"] = number
        else:
            values.pop("number", None)
            dropped.add("number")
    if kind in _NUMBERED_KINDS and "issue" in values and "volume" not in values:
        # "(Working Paper No. 4817)": a report's number, not a journal issue
        values.setdefault("number", values.pop("issue"))
        dropped.add("issue")
    return kind, Normalised(
        variables=values,
        names=names,
        issued=issued,
        dropped=frozenset(dropped),
        type_confidence=confidence,
    )


def apply_normalised(item: MutableMapping[str, Any], normalised: Normalised) -> None:
    """Complete a CSL item built from the spans with the rules' values (they win)."""
    for name in normalised.dropped:
        item.pop(name, None)
    for role, names in normalised.names.items():
        if names.names:
            item[role] = [n.csl() for n in names.names]
            if names.et_al:  # et al., as csljson.to_csl writes BibTeX's "and others"
                item[role].append({"literal": "others"})
    for key, value in normalised.variables.items():
        item[key] = value
    if normalised.issued:
        item["issued"] = {"date-parts": [[int(normalised.issued)]]}
