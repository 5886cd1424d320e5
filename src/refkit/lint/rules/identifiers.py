"""Identifiers family (RK3xx): DOIs, ISBNs, ISSNs, URLs, arXiv ids, and leaked local paths."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import ClassVar
from urllib.parse import unquote

from refkit.bib.model import Entry, Field
from refkit.core.diagnostics import Diagnostic, Edit, EditKind, Fix, Severity
from refkit.lint.index import entries_with, entry_fields, plain_value
from refkit.lint.rules.base import BibliographyRule, CheckContext, EntryRule, Rule, set_field_fix

_DOI = re.compile(r"10\.\d{4,9}(?:\.\d+)*/\S+")
_SHORT_DOI = re.compile(r"10/[a-z0-9]+", re.IGNORECASE)
_DOI_PREFIX = re.compile(
    r"^\s*(?:https?://(?:dx\.|www\.)?doi\.org/|doi\s*:\s*|https?://doi\.acm\.org/)"
    r"(?P<doi>\S+)\s*$",
    re.IGNORECASE,
)


def _named(context: CheckContext, entry: Entry, name: str) -> list[Field]:
    """The first field called ``name`` as a list of zero or one field."""
    found = entry_fields(context, entry).get(name)
    return [] if found is None else [found]


def bare_doi(value: str) -> str:
    """The DOI of a field value, without a resolver URL or ``doi:`` prefix (lower-case)."""
    text = value.strip()
    match = _DOI_PREFIX.match(text)
    if match is not None:
        text = match.group("doi")
        if "%" in text:
            text = unquote(text)
    return text.replace("\\_", "_").lower()


class InvalidDoi(EntryRule):
    """The doi field does not hold a DOI (``10.`` + registrant code + ``/`` + suffix).

    Bad:  doi = {j.desal.2005.02.017}
    Good: doi = {10.1016/j.desal.2005.02.017}
    """

    code = "RK301"
    name = "invalid-doi"
    severity = Severity.ERROR
    family = "identifiers"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        for item in _named(context, entry, "doi"):
            value = plain_value(item).strip()
            if not value:
                continue
            match = _DOI_PREFIX.match(value)
            doi = match.group("doi") if match is not None else value
            doi = doi.replace("\\_", "_").replace("\\%", "%")
            if _DOI.fullmatch(doi) or _SHORT_DOI.fullmatch(doi):
                continue
            yield self.diagnostic(
                context,
                f"{value!r} is not a DOI (expected 10.NNNN/suffix)",
                entry=entry,
                block_index=block_index,
                field=item,
            )


class DoiAsUrl(EntryRule):
    """The doi field holds a resolver URL or a ``doi:`` prefix instead of the bare DOI.

    Styles add the resolver themselves, so the URL ends up printed twice.

    Bad:  doi = {https://doi.org/10.1111/abc.123}
    Good: doi = {10.1111/abc.123}
    """

    code = "RK302"
    name = "doi-as-url"
    severity = Severity.WARNING
    fixable = True
    family = "identifiers"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        for item in _named(context, entry, "doi"):
            match = _DOI_PREFIX.match(plain_value(item))
            if match is None:
                continue
            doi = match.group("doi")
            if "%" in doi:
                doi = unquote(doi)
            if not _DOI.fullmatch(doi.replace("\\_", "_")):
                continue  # RK301 reports it; no mechanical fix
            yield self.diagnostic(
                context,
                f"store the bare DOI {doi!r}, not a resolver URL or prefix",
                entry=entry,
                block_index=block_index,
                field=item,
                fix=set_field_fix(f"keep only {doi}", block_index, entry, item, doi, safe=True),
            )


_SEPARATORS = re.compile(r"[\s,;/]+")
_IDENTIFIER_TOKEN = re.compile(r"[0-9Xx][0-9Xx\-]*")
#: A run of an identifier's characters beside other punctuation ("ISBN:978...",
#: "2689-6575(print)"), but not a part of a DOI or a decimal number.
_IDENTIFIER_RUN = re.compile(r"(?<![\w./])[0-9Xx](?:[0-9Xx]|-(?=[0-9Xx]))*(?![\w./])")


def _candidates(value: str, lengths: tuple[int, int]) -> Iterator[tuple[str, bool]]:
    """Tokens of an identifier field that look like identifiers, and whether the length fits.

    A token too short to be meant as one (a volume number) is not one; a token too long
    is reported, as biber reports it (two numbers run together, a DOI).
    """
    low = min(lengths)
    for token in _SEPARATORS.split(value.replace("\\-", "-")):
        token = token.strip("()[]{}.:")
        if not token or not _IDENTIFIER_TOKEN.fullmatch(token):
            continue
        compact = token.replace("-", "")
        digits = len(compact)
        if digits < low - 2 or not compact[:-1].isdigit():
            continue
        yield token, digits in lengths


def _holds_one(value: str, lengths: tuple[int, int], is_valid: Callable[[str], bool]) -> bool:
    """Whether some run of identifier characters in the value is a valid number."""
    return any(
        len(run.replace("-", "")) in lengths and is_valid(run)
        for run in _IDENTIFIER_RUN.findall(value.replace("\\-", "-"))
    )


def _run_together(token: str, lengths: tuple[int, int], is_valid: Callable[[str], bool]) -> str:
    """``1550-79980556-2821`` as ``1550-7998 0556-2821`` when it is valid numbers run
    together, else ``""``."""
    parts: list[str] = []
    rest = token
    while rest:
        for length in sorted(set(lengths), reverse=True):
            cut, digits = 0, 0
            while cut < len(rest) and digits < length:
                digits += rest[cut] != "-"
                cut += 1
            head = rest[:cut].strip("-")
            if digits == length and is_valid(head):
                parts.append(head)
                rest = rest[cut:].lstrip("-")
                break
        else:
            return ""
    return " ".join(parts) if len(parts) > 1 else ""


@functools.lru_cache(maxsize=4096)
def _is_valid_isbn(token: str) -> bool:
    # Imported on first use: stdnum pulls in ssl, a tenth of check's start-up.
    from stdnum import isbn

    return bool(isbn.is_valid(token))


@functools.lru_cache(maxsize=4096)
def _is_valid_issn(token: str) -> bool:
    from stdnum import issn

    return bool(issn.is_valid(token))


class _ChecksummedNumber(EntryRule):
    """Shared check of ISBN/ISSN fields: every number-like token, by length and digit.

    As biber (``Business::ISBN``/``Business::ISSN`` on the data model's ``isbn``/``issn``
    constraints) a field that holds no valid number at all is reported too: a DOI or an
    ISSN in ``isbn``, two numbers run together, a word.
    """

    fixable = True
    field_name: ClassVar[str]
    label: ClassVar[str]
    lengths: ClassVar[tuple[int, int]]

    def is_valid(self, token: str) -> bool:
        raise NotImplementedError

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        for item in _named(context, entry, self.field_name):
            value = plain_value(item)
            seen = False
            for token, length_ok in _candidates(value, self.lengths):
                seen = True
                if length_ok and self.is_valid(token):
                    continue
                split = "" if length_ok else _run_together(token, self.lengths, self.is_valid)
                if split:
                    yield self.diagnostic(
                        context,
                        f"{token!r} is {split.count(' ') + 1} {self.label}s run together:"
                        f" write {split!r}",
                        entry=entry,
                        block_index=block_index,
                        field=item,
                        fix=set_field_fix(
                            f"separate them: {split}",
                            block_index,
                            entry,
                            item,
                            value.replace(token, split),
                            safe=True,
                        ),
                    )
                    continue
                why = "check digit" if length_ok else "length"
                yield self.diagnostic(
                    context,
                    f"{token!r} is not a valid {self.label} ({why})",
                    entry=entry,
                    block_index=block_index,
                    field=item,
                )
            text = value.strip(" \t\r\n{}")
            if seen or not text or _holds_one(value, self.lengths, self.is_valid):
                continue
            yield self.diagnostic(
                context,
                f"the {item.name} field {text[:60]!r} holds no {self.label}",
                entry=entry,
                block_index=block_index,
                field=item,
            )


class InvalidIsbn(_ChecksummedNumber):
    """An ISBN in the isbn field has a wrong length or check digit.

    Bad:  isbn = {978-0-306-40615-6}
    Good: isbn = {978-0-306-40615-7}
    """

    code = "RK303"
    name = "invalid-isbn"
    severity = Severity.ERROR
    family = "identifiers"
    field_name = "isbn"
    label = "ISBN"
    lengths = (10, 13)

    def is_valid(self, token: str) -> bool:
        return _is_valid_isbn(token)


class InvalidIssn(_ChecksummedNumber):
    """An ISSN in the issn field has a wrong length or check digit.

    Bad:  issn = {0378-5956}
    Good: issn = {0378-5955}
    """

    code = "RK304"
    name = "invalid-issn"
    severity = Severity.ERROR
    family = "identifiers"
    field_name = "issn"
    label = "ISSN"
    lengths = (8, 8)

    def is_valid(self, token: str) -> bool:
        return _is_valid_issn(token)


_URL_WRAPPER = re.compile(r"^\\(?:url|href)\s*\{(?P<url>[^{}]*)\}")
_SCHEME = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*):")
_URL_SCHEMES = frozenset({"http", "https", "ftp"})
_WHITE_SPACE = re.compile(r"\s")
_AUTHORITY = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://(?:[^@/?#]*@)?(?P<host>\[[^\]]*\]|[^:/?#]*)")


def url_problem(url: str) -> str | None:
    """What is wrong with a URL, or None when it is a usable http(s)/ftp URL."""
    if _WHITE_SPACE.search(url) is not None:
        return "contains white space (several URLs, or a space that should be %20)"
    scheme = _SCHEME.match(url)
    if scheme is None:
        return "has no scheme (add https://)"
    name = scheme.group("scheme").lower()
    if name == "file":
        return None  # RK306 reports local files
    if name not in _URL_SCHEMES:
        return f"uses the scheme {name!r} (expected http, https or ftp)"
    authority = _AUTHORITY.match(url)
    host = authority.group("host") if authority is not None else ""
    if not host or ("." not in host and host != "localhost" and not host.startswith("[")):
        return "has no host"
    return None


class InvalidUrl(EntryRule):
    """The url field is not one http, https or ftp URL.

    Bad:  url = {www.un.org/en/report}
    Good: url = {https://www.un.org/en/report}
    """

    code = "RK305"
    name = "invalid-url"
    severity = Severity.WARNING
    family = "identifiers"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        for item in _named(context, entry, "url"):
            value = plain_value(item).strip()
            wrapped = _URL_WRAPPER.match(value)
            if wrapped is not None:
                value = wrapped.group("url").strip()
            if not value:
                continue
            problem = url_problem(value)
            if problem is not None:
                yield self.diagnostic(
                    context,
                    f"the URL {value!r} {problem}",
                    entry=entry,
                    block_index=block_index,
                    field=item,
                )


_LOCAL_PATH = re.compile(
    r"file:/|(?:^|(?<=[\s:;{\"'(=,]))(?:[A-Za-z]\\?:[\\/]|/home/|/Users/|~/)",
)
_LOCAL_NEEDLES = ("file:", "/home/", "/users/", "~/", ":\\", "\\:")
_DRIVE_TRIGGER = re.compile(r":[\\/](?!/)")


class LocalPath(BibliographyRule):
    """A field holds a local file path or ``file://`` URL, leaking the author's machine layout.

    Reference managers write these (``file = {:C\\:/Users/ann/paper.pdf:pdf}``);
    shared or published .bib files should not carry them.

    Bad:  file = {:/home/ann/papers/smith2020.pdf:PDF}
    Good: (no file field in a shared bibliography)
    """

    code = "RK306"
    name = "local-path"
    severity = Severity.ERROR
    fixable = True
    family = "identifiers"
    needles = (_LOCAL_NEEDLES,)

    def check_bibliography(self, context: CheckContext) -> Iterator[Diagnostic]:
        candidates = dict(entries_with(context, _LOCAL_NEEDLES))
        candidates.update(entries_with(context, _DRIVE_TRIGGER))
        for block_index in sorted(candidates):
            yield from self._check(block_index, candidates[block_index], context)

    def _check(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        for position, item in enumerate(entry.fields):
            match = _LOCAL_PATH.search(plain_value(item))
            if match is None:
                continue
            fix = None
            if item.key in {"file", "pdf", "local-url"} or item.key.startswith("bdsk-file"):
                fix = Fix(
                    description=f"remove the {item.name} field",
                    edits=(
                        Edit(
                            kind=EditKind.REMOVE_FIELD,
                            block_index=block_index,
                            entry_key=entry.key,
                            field=item.name,
                            field_index=position,
                        ),
                    ),
                    safe=False,
                )
            yield self.diagnostic(
                context,
                f"the field {item.name} holds a local file path (privacy leak)",
                entry=entry,
                block_index=block_index,
                field=item,
                fix=fix,
            )


_ARXIV_NEW = re.compile(r"\d{2}(?:0[1-9]|1[0-2])\.\d{4,5}(?:v\d+)?")
_ARXIV_OLD = re.compile(r"[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{2}(?:0[1-9]|1[0-2])\d{3}(?:v\d+)?")
_ARXIV_PREFIX = re.compile(r"^arxiv\s*:\s*", re.IGNORECASE)


class InvalidArxivId(EntryRule):
    """An arXiv eprint is not an arXiv identifier (``2101.00001v2`` or ``hep-th/9901001``).

    Applies when ``eprinttype`` or ``archivePrefix`` says arXiv.

    Bad:  eprint = {arXiv:2101.00001}, eprinttype = {arxiv}
    Good: eprint = {2101.00001}, eprinttype = {arxiv}
    """

    code = "RK307"
    name = "invalid-arxiv-id"
    severity = Severity.WARNING
    fixable = True
    family = "identifiers"

    def check_entry(
        self, block_index: int, entry: Entry, context: CheckContext
    ) -> Iterator[Diagnostic]:
        fields = entry_fields(context, entry)
        eprint = fields.get("eprint")
        if eprint is None:
            return
        kind = fields.get("eprinttype") or fields.get("archiveprefix")
        if kind is None or plain_value(kind).strip().lower() != "arxiv":
            return
        value = plain_value(eprint).strip()
        bare = _ARXIV_PREFIX.sub("", value)
        if not bare:
            return
        valid = _ARXIV_NEW.fullmatch(bare) or _ARXIV_OLD.fullmatch(bare)
        if valid and bare == value:
            return
        if valid:
            yield self.diagnostic(
                context,
                f"store the bare arXiv identifier {bare!r} (styles add the arXiv: prefix)",
                entry=entry,
                block_index=block_index,
                field=eprint,
                fix=set_field_fix(f"keep only {bare}", block_index, entry, eprint, bare, safe=True),
            )
            return
        yield self.diagnostic(
            context,
            f"{value!r} is not an arXiv identifier (2101.00001v2 or hep-th/9901001)",
            entry=entry,
            block_index=block_index,
            field=eprint,
        )


def rules() -> list[Rule]:
    return [
        InvalidDoi(),
        DoiAsUrl(),
        InvalidIsbn(),
        InvalidIssn(),
        InvalidUrl(),
        LocalPath(),
        InvalidArxivId(),
    ]
