"""CSL-JSON input checked at the edge (issue 19 points 3 and 5): the CSL schema, then
numbers, surrogates, dates and names; each bad item named by index, id and JSON pointer."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refkit.bib.io import load
from refkit.cite import cslinput
from refkit.cite.carry import items_to_bib
from refkit.cite.cslinput import read_csl_json, validate_items
from refkit.cite.csljson import bibliography_to_csl
from refkit.cli import main
from refkit.core.diagnostics import Severity
from refkit.core.errors import InputError
from tests.conftest import REPO

GOOD = {"id": "ok", "type": "book", "title": "Fine", "author": [{"family": "Doe"}]}

#: Each hostile item of issue 19 point 5 (as JSON text) and the one message it gets.
HOSTILE = [
    ('{"id": "x", "author": [null]}', 'item 2 (id "x"): /author/0: null is not of type object'),
    ('{"id": "x", "author": "Doe"}', 'item 2 (id "x"): /author: "Doe" is not of type array'),
    (
        '{"id": "x", "issued": {"date-parts": [[NaN]]}}',
        'item 2 (id "x"): /issued/date-parts/0/0: NaN is not a finite number',
    ),
    (
        '{"id": "x", "title": "a \\ud800 b"}',
        'item 2 (id "x"): /title: "a \\ud800 b" has a lone surrogate (not Unicode text)',
    ),
    ('{"id": {"k": 1}}', 'item 2: /id: {"k": 1} is not of type string or number'),
    (
        '{"id": "x", "title": ["A", "B"]}',
        'item 2 (id "x"): /title: ["A", "B"] is not of type string',
    ),
    (
        '{"id": "x", "author": [{"family": 42}]}',
        'item 2 (id "x"): /author/0/family: 42 is not of type string',
    ),
    ('{"id": "x", "page": 1e400}', 'item 2 (id "x"): /page: 1e400 is not a finite number'),
    (
        '{"id": "x", "issued": {"date-parts": [[2020, 17]]}}',
        'item 2 (id "x"): /issued/date-parts/0/1: '
        "17 is not a month (1-12, or a season 13-16 or 21-24)",
    ),
    (
        '{"id": "x", "issued": {"date-parts": [[2020, 1, 45]]}}',
        'item 2 (id "x"): /issued/date-parts/0/2: 45 is not a day of month 1 (1-31)',
    ),
    (
        '{"id": "x", "issued": {"date-parts": [[2020, 13, 45]]}}',
        'item 2 (id "x"): /issued/date-parts/0/2: a day (45) after a season (13)',
    ),
    ("{}", "item 2: an empty item (no id, type or variables)"),
    (
        '{"id": "x", "editor": [{}]}',
        'item 2 (id "x"): /editor/0: {} has no family, given or literal',
    ),
    ('{"id": "x", "type": "bogus"}', 'item 2 (id "x"): /type: "bogus" is not a CSL item type'),
]


def _document(*items: str) -> str:
    return "[" + ", ".join([json.dumps(GOOD), *items]) + "]"


@pytest.mark.parametrize(("item", "message"), HOSTILE)
def test_each_hostile_item_is_one_error_and_skipped(item: str, message: str) -> None:
    """The bad item is left out with one error naming index, id and pointer; the good
    item before it is kept."""
    checked = read_csl_json(_document(item), "items.json")
    assert checked.items == (GOOD,)
    assert checked.total == 2
    assert [problem.message for problem in checked.problems] == [message]
    problem = checked.problems[0]
    assert (problem.code, problem.severity, problem.path) == ("RK003", Severity.ERROR, "items.json")
    assert problem.extra["index"] == 2


def test_every_problem_of_an_item_is_reported_in_pointer_order() -> None:
    checked = read_csl_json(_document('{"id": 3, "title": 1, "page": 1e999, "author": 2}'), "f")
    assert [problem.message for problem in checked.problems] == [
        "item 2 (id 3): /author: 2 is not of type array",
        "item 2 (id 3): /page: 1e999 is not a finite number",
        "item 2 (id 3): /title: 1 is not of type string",
    ]


@pytest.mark.parametrize(
    "parts",
    [[2020, 2, 29], ["2020", "12", "01"], [2020, "", ""], [-50, 1, 1], [2020, 13], [2020, 24]],
)
def test_dates_that_exist_pass(parts: list[Any]) -> None:
    """Leap days, digits as text, trailing empty parts, BC years and seasons are dates."""
    item = {"id": "d", "type": "book", "issued": {"date-parts": [parts]}}
    assert validate_items([item]).problems == ()


def test_february_29_outside_a_leap_year_is_refused() -> None:
    item = {"id": "d", "issued": {"date-parts": [[2019, 2, 29]]}}
    (problem,) = validate_items([item]).problems
    assert problem.message.endswith("29 is not a day of month 2 (1-28)")


def test_an_item_without_id_is_kept_with_a_warning() -> None:
    """pandoc and citeproc-js render an item with no id; conversion makes up a key."""
    checked = validate_items([{"type": "book", "title": "T"}], "f.json")
    assert len(checked.items) == 1
    (problem,) = checked.problems
    assert problem.severity is Severity.WARNING
    assert problem.message == 'item 1: no "id" (kept; a key is made up where one is needed)'


def test_unknown_variables_are_kept_as_pandoc_keeps_them() -> None:
    """The schema's additionalProperties: false is relaxed: refkit carries unknown
    variables into fields on conversion, so refusing them would lose data."""
    item = {"id": "u", "type": "book", "x-custom": "kept", "author": [{"family": "D", "x": 1}]}
    assert validate_items([item]) == cslinput.CslInput((item,), (), 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"id": "a", "type": "book"}', 'the top level is an object (keys "id", "type")'),
        ('{"items": []}', 'the top level is an object (keys "items")'),
        ("42", "the top level is 42, not a list of items"),
        ('"text"', 'the top level is "text", not a list of items'),
    ],
)
def test_a_top_level_that_is_not_a_list_is_refused(text: str, message: str) -> None:
    """As pandoc does ("expected Array, but encountered Object"): guessing the shape
    would render the wrong thing."""
    with pytest.raises(InputError) as raised:
        read_csl_json(text, "items.json")
    assert raised.value.path == "items.json"
    assert message in raised.value.message


def test_deeply_nested_json_is_an_input_error_not_a_crash() -> None:
    with pytest.raises(InputError, match="nested too deeply"):
        read_csl_json("[" * 100_000 + "]" * 100_000, "deep.json")


def test_the_packaged_schema_is_the_csl_projects_file_unchanged() -> None:
    """csl-data.json as published (CSL 1.0.2), shipped with its MIT licence and source."""
    folder = resources.files("refkit.cite").joinpath("schema")
    data = folder.joinpath("csl-data.json").read_bytes()
    assert hashlib.sha256(data).hexdigest()[:16] == _SCHEMA_SHA256_PREFIX
    schema = json.loads(data)
    assert (
        schema["$id"] == "https://resource.citationstyles.org/schema/v1.0/input/json/csl-data.json"
    )
    notice = folder.joinpath("LICENSE.txt").read_text(encoding="utf-8")
    assert "MIT License" in notice
    assert "github.com/citation-style-language/schema" in notice
    properties = schema["items"]["properties"]
    names = {
        k
        for k, v in properties.items()
        if v.get("items", {}).get("$ref", "").endswith("name-variable")
    }
    dates = {k for k, v in properties.items() if v.get("$ref", "").endswith("date-variable")}
    assert names == cslinput._NAME_VARIABLES
    assert dates == cslinput._DATE_VARIABLES


#: sha256 of schemas/input/csl-data.json at citation-style-language/schema@40b3ce0.
_SCHEMA_SHA256_PREFIX = "23b2c062d7526060"


def test_the_package_data_patterns_ship_the_schema_and_its_licence() -> None:
    """pyproject's package-data globs match both files (a wheel was built to check)."""
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert '"**/*.json"' in text
    assert '"cite/schema/LICENSE.txt"' in text


def test_the_validator_is_compiled_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import jsonschema

    made: list[object] = []
    real = jsonschema.Draft7Validator

    def counting(*args: Any, **kwargs: Any) -> Any:
        made.append(args)
        return real(*args, **kwargs)

    cslinput._validator.cache_clear()
    monkeypatch.setattr(jsonschema, "Draft7Validator", counting)
    try:
        validate_items([GOOD] * 50)
        validate_items([GOOD])
    finally:
        cslinput._validator.cache_clear()
    assert len(made) == 1


def test_refkits_own_csl_output_passes() -> None:
    """What convert --to csljson writes is valid CSL-JSON input."""
    items = bibliography_to_csl(load(REPO / "bib" / "trafficking.bib"))
    checked = validate_items(items)
    assert checked.problems == ()
    assert len(checked.items) == len(items) == 18


# -- properties ----------------------------------------------------------------------

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
_VARIABLES = st.sampled_from(
    [
        "id",
        "type",
        "title",
        "author",
        "editor",
        "issued",
        "accessed",
        "page",
        "volume",
        "note",
        "container-title",
        "URL",
        "DOI",
        "custom",
        "x-unknown",
    ]
)
_ITEMS = st.one_of(
    _VALUES,
    st.dictionaries(_VARIABLES, _VALUES, max_size=5),
    st.fixed_dictionaries(
        {"id": st.text(min_size=1, max_size=5), "type": st.just("book")},
        optional={
            "author": st.lists(
                st.dictionaries(
                    st.sampled_from(["family", "given", "literal"]), _SCALARS, max_size=2
                ),
                max_size=2,
            ),
            "issued": st.fixed_dictionaries(
                {
                    "date-parts": st.lists(
                        st.lists(_SCALARS, min_size=1, max_size=3), min_size=1, max_size=2
                    )
                }
            ),
        },
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ITEMS, max_size=3))
def test_whatever_passes_converts_to_bibtex_without_error(data: list[Any]) -> None:
    """The checks are enough for the converter: no item they keep makes it raise."""
    checked = validate_items(data)
    assert checked.total == len(data)
    for model in ("biblatex", "bibtex"):
        text, _losses = items_to_bib(list(checked.items), model)  # type: ignore[arg-type]
        text.encode("utf-8")


# -- the command line ----------------------------------------------------------------


def _hostile_file(tmp_path: Path) -> Path:
    path = tmp_path / "items.json"
    path.write_text(_document('{"id": "x", "author": [null]}'), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [["render"], ["convert", "--to", "biblatex"]])
def test_cli_skips_a_bad_item_names_it_and_exits_1(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _hostile_file(tmp_path)
    out = tmp_path / "out.txt"
    assert main([*command, str(path), "-o", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f'refkit: {path}: item 2 (id "x"): /author/0: null is not of type object',
        f"refkit: {path}: 1 item skipped",
    ]
    assert out.exists()
    assert "Doe" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [["render"], ["convert", "--to", "csljson"]])
def test_cli_strict_input_refuses_and_writes_nothing(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _hostile_file(tmp_path)
    out = tmp_path / "out.txt"
    assert main([*command, str(path), "--strict-input", "-o", str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == (
        f"refkit: error: {path}: 1 item of 2 invalid; nothing written "
        "(without --strict-input they are skipped)"
    )
    assert not out.exists()
    assert "Traceback" not in "\n".join(err)


@pytest.mark.parametrize(
    ("parts", "biblatex", "bibtex"),
    [
        ([2020, "", ""], "date = {2020}", "year = {2020}"),
        ([2020, 13], "date = {2020-21}", "year = {2020}"),
        (["2020", "07", "04"], "date = {2020-07-04}", "month = jul"),
    ],
)
def test_accepted_dates_convert(parts: list[Any], biblatex: str, bibtex: str) -> None:
    """Dates the checks accept are written: trailing empty parts end the date, a
    citeproc-js season (13-16) is biblatex's 21-24 (BibTeX's month has none)."""
    item = {"id": "d", "type": "book", "title": "T", "issued": {"date-parts": [parts]}}
    assert validate_items([item]).problems == ()
    assert biblatex in items_to_bib([item], "biblatex")[0]
    written = items_to_bib([item], "bibtex")[0]
    assert bibtex in written
    if parts[1] == 13:
        assert "month" not in written
