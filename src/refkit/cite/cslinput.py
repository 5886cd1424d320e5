"""CSL-JSON input checked at the edge: the official schema, then what a schema cannot say.

``read_csl_json`` parses a CSL-JSON file and returns its good items and one diagnostic per
problem, naming the item (1-based, and its id) and the JSON pointer inside it::

    item 3 (id "x"): /author/0: null is not of type object

An item with a problem is left out of ``items`` (the caller skips it or refuses the run),
so no engine sees a value of the wrong shape.  The checks:

- the CSL 1.0.2 input schema (``schema/csl-data.json``, the Citation Style Language's own
  file) with ``jsonschema``, relaxed in two ways: a variable or name/date key the schema
  does not list is accepted, as citeproc-js and pandoc accept it (refkit carries unknown
  variables into fields on conversion, so rejecting them would lose data), and ``id``
  and ``type`` may be missing (pandoc reads either as empty; a missing ``id`` is a
  warning);
- numbers JSON can write but a program cannot hold (``1e400``, ``NaN``, ``Infinity``);
- strings with a lone surrogate (``"\\ud800"``), which no UTF-8 output can write;
- date parts that are whole numbers (or their digits as text), a month from 1 to 12 or a
  season (13-16 as citeproc-js writes them, 21-24 as in EDTF), and a day that exists in
  that month (no day after a season).

The top level must be a list, as the schema says and pandoc requires (pandoc refuses a
bare object with "expected Array, but encountered Object"): a lone item, an
``{"items": [...]}`` wrapper or ids mapped to items is a one-line error that says so,
since guessing which of those shapes was meant would render the wrong thing.

An item without ``id`` is kept with a warning (pandoc and citeproc-js render it; a key is
made up on conversion), as is one without ``type``; an item with no variables at all
(``{}``) is an error and skipped, where it used to render as "(n.d.)".  Only errors make
an item skipped (or, by the caller's option, the run refused).
"""

from __future__ import annotations

import calendar
import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from refkit.core.diagnostics import Diagnostic, Severity
from refkit.core.errors import InputError

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

__all__ = ["CSL_JSON_INVALID", "CslInput", "read_csl_json", "validate_items"]

CSL_JSON_INVALID = ("RK003", "csl-json-invalid")

CslItem = dict[str, Any]

_DATE_VARIABLES = frozenset(
    {"accessed", "available-date", "event-date", "issued", "original-date", "submitted"}
)
#: The name variables of the schema (each a list of name objects).
_NAME_VARIABLES = frozenset(
    {
        "author",
        "chair",
        "collection-editor",
        "compiler",
        "composer",
        "container-author",
        "contributor",
        "curator",
        "director",
        "editor",
        "editorial-director",
        "executive-producer",
        "guest",
        "host",
        "interviewer",
        "illustrator",
        "narrator",
        "organizer",
        "original-author",
        "performer",
        "producer",
        "recipient",
        "reviewed-author",
        "script-writer",
        "series-creator",
        "translator",
    }
)
#: Months citeproc-js reads as seasons (13-16) and EDTF's season numbers (21-24).
_SEASONS = frozenset({13, 14, 15, 16, 21, 22, 23, 24})
#: Longest value quoted in a message.
_QUOTE_LIMIT = 40


@dataclass(frozen=True, slots=True)
class CslInput:
    """The items of a CSL-JSON file that passed every check, and the problems of the rest."""

    items: tuple[CslItem, ...]
    problems: tuple[Diagnostic, ...]
    #: How many items the file held, good and bad.
    total: int


class _Unrepresentable(float):
    """A JSON number Python reads as infinite or NaN (``1e400``, ``NaN``), with its text."""

    text: str

    def __new__(cls, text: str) -> _Unrepresentable:
        number = super().__new__(cls, text)
        number.text = text
        return number


def _float(text: str) -> float:
    number = float(text)
    return number if math.isfinite(number) else _Unrepresentable(text)


def read_csl_json(text: str, path: str) -> CslInput:
    """The checked items of CSL-JSON ``text`` read from ``path`` (named in diagnostics).

    Raises ``InputError`` when the text is not JSON, or its top level is not a list.
    """
    try:
        data = json.loads(text, parse_float=_float, parse_constant=_Unrepresentable)
    except json.JSONDecodeError as error:
        raise InputError(
            f"not CSL-JSON: {error.msg} (column {error.colno})", path=path, line=error.lineno
        ) from None
    except RecursionError:
        raise InputError("not CSL-JSON: nested too deeply to read", path=path) from None
    except ValueError as error:  # e.g. an integer of more digits than Python converts
        raise InputError(f"not CSL-JSON: {error}", path=path) from None
    if isinstance(data, dict):
        keys = ", ".join(_quote(key) for key in list(data)[:3])
        raise InputError(
            "not CSL-JSON: the top level is an object"
            + (f" (keys {keys})" if keys else "")
            + ", not a list of items (one item is written [{...}])",
            path=path,
        )
    if not isinstance(data, list):
        raise InputError(
            f"not CSL-JSON: the top level is {_quote(data)}, not a list of items", path=path
        )
    return validate_items(data, path)


def validate_items(data: Sequence[Any], path: str | None = None) -> CslInput:
    """``data`` (parsed CSL-JSON items) split into good items and diagnostics.

    An item with an error is left out; one with only warnings (no ``id``) is kept.
    """
    validator = _validator()
    good: list[CslItem] = []
    problems: list[Diagnostic] = []
    for number, item in enumerate(data, start=1):
        found = _item_problems(validator, item)
        if all(severity is Severity.WARNING for _pointer, _message, severity in found):
            good.append(item)
        if not found:
            continue
        item_id = item.get("id") if isinstance(item, dict) else None
        label = f"item {number}"
        if isinstance(item_id, (str, int)) and not isinstance(item_id, bool):
            label += f" (id {_quote(item_id)})"
        for pointer, message, severity in found:
            problems.append(
                Diagnostic(
                    code=CSL_JSON_INVALID[0],
                    name=CSL_JSON_INVALID[1],
                    severity=severity,
                    message=f"{label}: {pointer + ': ' if pointer else ''}{message}",
                    path=path,
                    entry_key=str(item_id) if isinstance(item_id, (str, int)) else None,
                    field=pointer.split("/")[1] if pointer.count("/") else None,
                    extra=MappingProxyType({"index": number, "pointer": pointer}),
                )
            )
    return CslInput(tuple(good), tuple(problems), len(data))


def _item_problems(validator: Validator, item: Any) -> list[tuple[str, str, Severity]]:
    found = [
        (_pointer(error.absolute_path), _message(error), Severity.ERROR)
        for error in _errors(validator, item)
    ]
    if isinstance(item, dict):
        found.extend(
            (pointer, message, Severity.ERROR) for pointer, message in _value_problems(item)
        )
        if not item:
            found.append(("", "an empty item (no id, type or variables)", Severity.ERROR))
        elif not found:
            found.extend(
                (pointer, message, Severity.ERROR) for pointer, message in _date_problems(item)
            )
            found.extend(
                (pointer, message, Severity.ERROR) for pointer, message in _name_problems(item)
            )
            if "id" not in item:
                found.append(
                    ("", 'no "id" (kept; a key is made up where one is needed)', Severity.WARNING)
                )
    return sorted(dict.fromkeys(found))


def _errors(validator: Validator, item: Any) -> Iterator[ValidationError]:
    from jsonschema.exceptions import best_match

    for error in validator.iter_errors(item):
        # name-variable and date-variable are an anyOf of one form: its own error says
        # what is wrong ("null is not of type object"), the anyOf's only "not valid".
        yield best_match(error.context) if error.context else error


@lru_cache(maxsize=1)
def _validator() -> Validator:
    """The item validator, compiled once per process from the packaged schema."""
    from jsonschema import Draft7Validator

    text = resources.files("refkit.cite").joinpath("schema/csl-data.json").read_text("utf-8")
    schema = json.loads(text)
    # "id" and "type" are left optional, as pandoc reads them (empty when missing) and
    # citeproc-js renders such items; validate_items warns about a missing id itself.
    item_schema = dict(_prepared(schema["items"], schema["definitions"]), required=[])
    validator: Validator = Draft7Validator(item_schema)
    return validator


def _prepared(node: Any, definitions: Mapping[str, Any]) -> Any:
    """``node`` without ``"additionalProperties": false`` (unknown keys are kept), its
    ``$ref``s to ``definitions`` written in place and each one-branch ``anyOf`` replaced
    by its branch: the same verdicts, a sixth less time per item, and errors that say what
    is wrong ("null is not of type object") rather than "not valid under any"."""
    if isinstance(node, list):
        return [_prepared(value, definitions) for value in node]
    if not isinstance(node, dict):
        return node
    if set(node) == {"$ref"} and node["$ref"].startswith("#/definitions/"):
        return _prepared(definitions[node["$ref"].removeprefix("#/definitions/")], definitions)
    branches = node.get("anyOf")
    if isinstance(branches, list) and len(branches) == 1:
        rest = {key: value for key, value in node.items() if key != "anyOf"}
        return _prepared({**rest, **branches[0]}, definitions)
    return {
        key: _prepared(value, definitions)
        for key, value in node.items()
        if not (key == "additionalProperties" and value is False)
    }


def _message(error: ValidationError) -> str:
    instance = error.instance
    if error.validator == "type":
        expected = error.validator_value
        names = expected if isinstance(expected, list) else [expected]
        return f"{_quote(instance)} is not of type {' or '.join(map(str, names))}"
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in instance]
        return "missing " + " and ".join(_quote(name) for name in missing)
    if error.validator == "enum":
        return f"{_quote(instance)} is not a CSL item type"
    if error.validator in {"minItems", "maxItems"}:
        bound = "at least" if error.validator == "minItems" else "at most"
        return f"{_quote(instance)} has {len(instance)} parts ({bound} {error.validator_value})"
    return str(error.message)


def _value_problems(item: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """Numbers no program holds and strings no UTF-8 file can write, anywhere in ``item``."""
    stack: list[tuple[str, Any]] = [("", item)]
    while stack:
        pointer, value = stack.pop()
        if isinstance(value, str):
            if _has_surrogate(value):
                yield pointer, f"{_quote(value)} has a lone surrogate (not Unicode text)"
        elif isinstance(value, _Unrepresentable):
            yield pointer, f"{value.text} is not a finite number"
        elif isinstance(value, dict):
            for key, inner in value.items():
                if _has_surrogate(key):
                    yield pointer, f"the key {_quote(key)} has a lone surrogate"
                    continue
                stack.append((f"{pointer}/{_escape(key)}", inner))
        elif isinstance(value, list):
            stack.extend((f"{pointer}/{index}", inner) for index, inner in enumerate(value))


def _name_problems(item: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """Names with nothing to print (``{}``, ``{"suffix": "Jr."}``), which engines render
    as a stray "&" or ", ".  Runs on items the schema accepted: name lists hold objects."""
    for variable, value in item.items():
        if variable not in _NAME_VARIABLES:
            continue
        for index, name in enumerate(value):
            if not any(name.get(part) for part in ("family", "given", "literal")):
                yield f"/{variable}/{index}", f"{_quote(name)} has no family, given or literal"


def _date_problems(item: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """Date parts that are no number, months that name no month or season, days past the
    month's end.  Runs on items the schema accepted, so the shapes are known."""
    for variable in sorted(_DATE_VARIABLES & item.keys()):
        for range_index, parts in enumerate(item[variable].get("date-parts", [])):
            pointer = f"/{variable}/date-parts/{range_index}"
            numbers: list[int] = []
            for index, part in enumerate(parts):
                number = _whole(part)
                if number is None:
                    if part == "" and all(rest == "" for rest in parts[index:]):
                        break  # trailing empty parts, as some exporters write, mean absent
                    yield f"{pointer}/{index}", f"{_quote(part)} is not a whole number"
                    break
                numbers.append(number)
            else:
                yield from _calendar_problems(pointer, numbers)


def _calendar_problems(pointer: str, numbers: list[int]) -> Iterator[tuple[str, str]]:
    if len(numbers) < 2:
        return
    year, month = numbers[0], numbers[1]
    if month in _SEASONS:
        if len(numbers) == 3:
            yield f"{pointer}/2", f"a day ({numbers[2]}) after a season ({month})"
        return
    if not 1 <= month <= 12:
        yield f"{pointer}/1", f"{month} is not a month (1-12, or a season 13-16 or 21-24)"
        return
    if len(numbers) == 3:
        day = numbers[2]
        # Year 0 and BC years: the proleptic Gregorian calendar, with 0 as a leap year.
        last = calendar.monthrange(year % 400 or 2000, month)[1]
        if not 1 <= day <= last:
            yield f"{pointer}/2", f"{day} is not a day of month {month} (1-{last})"


def _whole(part: Any) -> int | None:
    if isinstance(part, bool):
        return None
    if isinstance(part, int):
        return part
    if isinstance(part, float):
        return int(part) if part.is_integer() else None
    text = str(part).strip()
    digits = text[1:] if text.startswith("-") else text
    return int(text) if digits.isdigit() and digits.isascii() and len(digits) <= 9 else None


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _pointer(path: Sequence[object]) -> str:
    return "".join(f"/{_escape(str(part))}" for part in path)


def _escape(key: str) -> str:
    """A JSON pointer token (RFC 6901)."""
    return key.replace("~", "~0").replace("/", "~1")


def _quote(value: Any) -> str:
    """``value`` as JSON, shortened, ASCII (so a lone surrogate prints as ``\\ud800``)."""
    if isinstance(value, _Unrepresentable):
        return value.text
    try:
        text = json.dumps(value, ensure_ascii=True, default=str)
    except (ValueError, RecursionError):
        text = "..."
    return text if len(text) <= _QUOTE_LIMIT else text[: _QUOTE_LIMIT - 4] + " ..."
