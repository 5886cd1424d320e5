"""Reading and validating corrections lists (TOML).

Schema of one list::

    [[correction]]
    id = "spinger-springer"              # unique across every list in use
    kind = "misspelt-organisation"       # a CorrectionKind value
    fields = ["publisher"]               # field names, case-insensitive
    pattern = '\\bSpinger\\b'            # a Python regex ... or
    # literal = "Spinger"                # ... a literal, matched as whole words
    case_sensitive = true                # optional, default true
    replacement = "Springer"             # plain text: no group references
    when = { field = "title", pattern = '...' }   # optional condition on the entry
    evidence = "where the correct form is documented"
    safe = false                         # may `refkit fix` apply it without --unsafe?
    description = "what is wrong"
    example = { before = "Spinger", after = "Springer" }

Loading checks every key and value and gives errors naming the file and the id.  A
correction must turn its example's ``before`` into ``after`` and must leave ``after``
alone (so fixing reaches a fixed point).
"""

from __future__ import annotations

import enum
import functools
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from refkit.bib.io import read_input
from refkit.core.errors import InputError, UsageError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "Condition",
    "Correction",
    "CorrectionKind",
    "CorrectionsError",
    "load_corrections",
    "load_file",
    "shipped_corrections",
    "shipped_paths",
]

_PACKAGE = "refkit.lint.corrections"
_REQUIRED = frozenset(
    {"id", "kind", "fields", "replacement", "evidence", "safe", "description", "example"}
)
_OPTIONAL = frozenset({"pattern", "literal", "case_sensitive", "when"})
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class CorrectionKind(enum.Enum):
    """What kind of known error a correction fixes; each kind is one RK8xx rule."""

    MISSPELT_ORGANISATION = "misspelt-organisation"
    WRONG_DOCUMENT_NUMBER = "wrong-document-number"
    WRONG_YEAR = "wrong-year"
    WRONG_TITLE = "wrong-title"
    WRONG_NAME = "wrong-name"
    WRONG_CASE_NAME = "wrong-case-name"
    WRONG_IDENTIFIER = "wrong-identifier"
    WRONG_DATE = "wrong-date"
    MISSPELLING = "misspelling"


class CorrectionsError(UsageError):
    """A corrections list cannot be read or breaks the schema."""


@dataclass(frozen=True)
class Condition:
    """The entry must have a field ``field`` whose raw value matches ``pattern``."""

    field: str
    pattern: re.Pattern[str]

    def holds(self, values: Iterable[str]) -> bool:
        return any(
            self.pattern.search(value) or ("{" in value and self.pattern.search(plain_of(value)))
            for value in values
        )


@dataclass(frozen=True)
class Correction:
    """One known error and its correction, with the evidence for it."""

    id: str
    kind: CorrectionKind
    fields: tuple[str, ...]
    pattern: re.Pattern[str]
    replacement: str
    evidence: str
    safe: bool
    description: str
    example_before: str
    example_after: str
    case_sensitive: bool = True
    when: Condition | None = None
    #: Where the correction was read from (a file path or ``refkit/corrections/x.toml``).
    source: str = ""

    def apply(self, text: str) -> str:
        """``text`` with every match replaced (the replacement is taken literally)."""
        return self.pattern.sub(lambda _match: self.replacement, text)

    def correct(self, latex: str) -> str:
        """The corrected LaTeX value.

        Matches in the raw value are replaced directly.  Failing that, the value is read
        without its case-protecting braces, so that a correction still applies after a
        protection fix; a protected group that a match touches is replaced whole (the
        protection rule may protect the corrected words again).
        """
        direct = self.apply(latex)
        if direct != latex or "{" not in latex:
            return direct
        plain, origin, groups = unprotected(latex)
        pieces: list[str] = []
        position = 0
        for match in self.pattern.finditer(plain):
            if match.end() == match.start():
                continue
            start = origin[match.start()]
            end = origin[match.end() - 1] + 1
            for opening, closing in groups:
                if opening < start <= closing:
                    start = opening
                if opening <= end - 1 < closing:
                    end = closing + 1
            if start < position:
                continue
            pieces.append(latex[position:start])
            pieces.append(self.replacement)
            position = end
        pieces.append(latex[position:])
        return "".join(pieces)


_PROTECTED = re.compile(r"\{([^{}\\]*)\}")
_COMMAND_BEFORE = re.compile(r"\\(?:[A-Za-z]+\s*|[^A-Za-z\s])$")


def _protecting(latex: str) -> list[re.Match[str]]:
    """The innermost brace groups that hold no command and follow no command."""
    return [
        match
        for match in _PROTECTED.finditer(latex)
        if not _COMMAND_BEFORE.search(latex, 0, match.start())
    ]


def plain_of(latex: str) -> str:
    """``latex`` read without its case-protecting braces (see ``unprotected``)."""
    if "{" not in latex:
        return latex
    return unprotected(latex)[0]


def unprotected(latex: str) -> tuple[str, list[int], list[tuple[int, int]]]:
    """``latex`` without the braces of innermost groups holding no command (``{USA}``).

    Returns the text, the position in ``latex`` of each of its characters, and the
    (opening, closing) brace positions of the groups removed.
    """
    text: list[str] = []
    origin: list[int] = []
    groups: list[tuple[int, int]] = []
    position = 0
    for match in _protecting(latex):
        for index in range(position, match.start()):
            text.append(latex[index])
            origin.append(index)
        for index in range(match.start(1), match.end(1)):
            text.append(latex[index])
            origin.append(index)
        groups.append((match.start(), match.end() - 1))
        position = match.end()
    for index in range(position, len(latex)):
        text.append(latex[index])
        origin.append(index)
    return "".join(text), origin, groups


def _fail(source: str, ident: str | None, problem: str) -> CorrectionsError:
    where = f"{source}: correction {ident!r}" if ident else source
    return CorrectionsError(f"{where}: {problem}")


def _text(item: Mapping[str, Any], key: str, source: str, ident: str | None) -> str:
    value = item[key]
    if not isinstance(value, str):
        raise _fail(source, ident, f"{key!r} must be a string")
    return value


def _compile(pattern: str, flags: int, source: str, ident: str, key: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as error:
        raise _fail(source, ident, f"bad regular expression in {key!r}: {error}") from None


def _literal_pattern(literal: str) -> str:
    """A literal matched as whole words, even when it starts or ends with punctuation."""
    return r"(?<!\w)" + re.escape(literal) + r"(?!\w)"


def _correction(item: Any, position: int, source: str) -> Correction:
    if not isinstance(item, Mapping):
        raise _fail(source, None, f"correction #{position} is not a table")
    raw_id = item.get("id")
    ident = raw_id if isinstance(raw_id, str) else None
    label = ident or f"#{position}"
    unknown = set(item) - _REQUIRED - _OPTIONAL
    if unknown:
        raise _fail(source, label, f"unknown key(s) {sorted(unknown)}")
    missing = _REQUIRED - set(item)
    if missing:
        raise _fail(source, label, f"missing key(s) {sorted(missing)}")
    if ident is None or not _ID.fullmatch(ident):
        raise _fail(source, label, "'id' must be kebab-case letters and digits")
    try:
        kind = CorrectionKind(item["kind"])
    except ValueError:
        choices = ", ".join(kind.value for kind in CorrectionKind)
        raise _fail(source, ident, f"unknown kind {item['kind']!r} (one of {choices})") from None
    fields = item["fields"]
    if (
        not isinstance(fields, list)
        or not fields
        or not all(isinstance(name, str) and name.strip() for name in fields)
    ):
        raise _fail(source, ident, "'fields' must be a non-empty list of field names")
    case_sensitive = item.get("case_sensitive", True)
    if not isinstance(case_sensitive, bool):
        raise _fail(source, ident, "'case_sensitive' must be true or false")
    safe = item["safe"]
    if not isinstance(safe, bool):
        raise _fail(source, ident, "'safe' must be true or false")
    flags = 0 if case_sensitive else re.IGNORECASE
    if ("pattern" in item) == ("literal" in item):
        raise _fail(source, ident, "give exactly one of 'pattern' and 'literal'")
    if "pattern" in item:
        pattern = _compile(_text(item, "pattern", source, ident), flags, source, ident, "pattern")
    else:
        literal = _text(item, "literal", source, ident)
        if not literal:
            raise _fail(source, ident, "'literal' must not be empty")
        pattern = _compile(_literal_pattern(literal), flags, source, ident, "literal")
    if pattern.match(""):
        raise _fail(source, ident, "the pattern matches the empty string")
    replacement = _text(item, "replacement", source, ident)
    evidence = _text(item, "evidence", source, ident).strip()
    if not evidence:
        raise _fail(source, ident, "'evidence' must name a citable source")
    description = _text(item, "description", source, ident).strip()
    if not description:
        raise _fail(source, ident, "'description' must not be empty")
    when = _condition(item.get("when"), flags, source, ident)
    example = item["example"]
    if (
        not isinstance(example, Mapping)
        or set(example) != {"before", "after"}
        or not all(isinstance(value, str) for value in example.values())
    ):
        raise _fail(source, ident, '\'example\' must be { before = "...", after = "..." }')
    correction = Correction(
        id=ident,
        kind=kind,
        fields=tuple(name.strip().lower() for name in fields),
        pattern=pattern,
        replacement=replacement,
        evidence=evidence,
        safe=safe,
        description=description,
        example_before=example["before"],
        example_after=example["after"],
        case_sensitive=case_sensitive,
        when=when,
        source=source,
    )
    _check_example(correction)
    return correction


def _condition(value: Any, flags: int, source: str, ident: str) -> Condition | None:
    if value is None:
        return None
    if (
        not isinstance(value, Mapping)
        or set(value) != {"field", "pattern"}
        or not all(isinstance(part, str) for part in value.values())
    ):
        raise _fail(source, ident, '\'when\' must be { field = "...", pattern = "..." }')
    return Condition(
        field=value["field"].strip().lower(),
        pattern=_compile(value["pattern"], flags, source, ident, "when.pattern"),
    )


def _check_example(correction: Correction) -> None:
    got = correction.apply(correction.example_before)
    if got != correction.example_after:
        raise _fail(
            correction.source,
            correction.id,
            f"example.before gives {got!r}, not example.after {correction.example_after!r}",
        )
    again = correction.apply(correction.example_after)
    if again != correction.example_after:
        raise _fail(
            correction.source,
            correction.id,
            "the pattern still matches its own corrected example (fixing would never end)",
        )


def parse_corrections(text: str, source: str) -> tuple[Correction, ...]:
    """The corrections of one list's TOML text; ``source`` names it in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _fail(source, None, f"not valid TOML: {error}") from None
    unknown = set(data) - {"correction"}
    if unknown:
        raise _fail(source, None, f"unknown top-level key(s) {sorted(unknown)}")
    items = data.get("correction", [])
    if not isinstance(items, list):
        raise _fail(source, None, "'correction' must be an array of tables ([[correction]])")
    found = tuple(_correction(item, index + 1, source) for index, item in enumerate(items))
    _check_unique(found)
    return found


def load_file(path: str | Path) -> tuple[Correction, ...]:
    """The corrections of one user list."""
    name = str(path)
    # read_input refuses devices and FIFOs (``/dev/zero`` would be read forever) and
    # files over the size limit, as for a .bib file.
    try:
        data, _stamp = read_input(name)
        text = data.decode("utf-8")
    except InputError as error:
        raise _fail(name, None, f"cannot read corrections list: {error.message}") from None
    except UnicodeDecodeError as error:
        raise _fail(name, None, f"cannot read corrections list: {error}") from None
    return parse_corrections(text, name)


def shipped_paths() -> list[str]:
    """The names of the lists shipped in the package (``essay.toml``, ...)."""
    folder = resources.files(_PACKAGE)
    return sorted(item.name for item in folder.iterdir() if item.name.endswith(".toml"))


@functools.cache
def shipped_corrections() -> tuple[Correction, ...]:
    """Every correction of the lists shipped in the package (read once, on first use)."""
    folder = resources.files(_PACKAGE)
    found: list[Correction] = []
    for name in shipped_paths():
        text = folder.joinpath(name).read_text(encoding="utf-8")
        found.extend(parse_corrections(text, f"refkit/corrections/{name}"))
    result = tuple(found)
    _check_unique(result)
    return result


def load_corrections(extra: Sequence[str | Path] = ()) -> tuple[Correction, ...]:
    """The shipped corrections followed by those of the user's lists ``extra``."""
    found = list(shipped_corrections())
    for path in extra:
        found.extend(load_file(path))
    result = tuple(found)
    _check_unique(result)
    return result


def _check_unique(corrections: Sequence[Correction]) -> None:
    seen: dict[str, Correction] = {}
    for correction in corrections:
        earlier = seen.get(correction.id)
        if earlier is not None:
            where = (
                "twice in this list"
                if earlier.source == correction.source
                else f"already in {earlier.source}"
            )
            raise _fail(correction.source, correction.id, f"duplicate id ({where})")
        seen[correction.id] = correction
