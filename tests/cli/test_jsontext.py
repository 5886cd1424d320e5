"""The reports' JSON writer lays text out exactly as ``json.dumps(indent=2)`` would."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from refkit.core.diagnostics import Diagnostic, Edit, EditKind, Fix, Severity
from refkit.lint.jsontext import diagnostic_json, dumps_indented

_LEAVES = st.none() | st.booleans() | st.integers() | st.text() | st.floats(allow_nan=True)
_DOCUMENTS = st.recursive(
    _LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=20,
)


def _reference(value: Any, prefix: str) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + prefix)


@settings(max_examples=300)
@given(_DOCUMENTS, st.sampled_from(["", "  ", "        "]))
def test_dumps_indented_writes_what_json_dumps_writes(value: Any, prefix: str) -> None:
    assert dumps_indented(value, prefix) == _reference(value, prefix)


def test_dumps_indented_falls_back_for_keys_json_converts() -> None:
    value = {1: "a", None: [True, 1.5]}
    assert dumps_indented(value, "  ") == _reference(value, "  ")


_OPTIONAL_TEXT = st.none() | st.text(max_size=12)
_OPTIONAL_NUMBER = st.none() | st.integers(min_value=0, max_value=10**7)
_EDITS = st.builds(
    Edit,
    kind=st.sampled_from(list(EditKind)),
    block_index=st.integers(min_value=0, max_value=99),
    entry_key=st.text(max_size=8),
    field=_OPTIONAL_TEXT,
    value=_OPTIONAL_TEXT,
)
_FIXES = st.none() | st.builds(
    Fix,
    description=st.text(max_size=20),
    edits=st.lists(_EDITS, max_size=3).map(tuple),
    safe=st.booleans(),
)
_DIAGNOSTICS = st.builds(
    Diagnostic,
    code=st.from_regex(r"RK[0-9]{3}", fullmatch=True),
    name=st.text(max_size=10),
    severity=st.sampled_from(list(Severity)),
    message=st.text(),
    path=_OPTIONAL_TEXT,
    line=_OPTIONAL_NUMBER,
    column=_OPTIONAL_NUMBER,
    end_line=_OPTIONAL_NUMBER,
    end_column=_OPTIONAL_NUMBER,
    entry_key=_OPTIONAL_TEXT,
    field=_OPTIONAL_TEXT,
    fix=_FIXES,
)


@settings(max_examples=300)
@given(_DIAGNOSTICS, st.sampled_from(["", "    "]))
def test_diagnostic_template_matches_to_dict_as_json(item: Diagnostic, prefix: str) -> None:
    assert diagnostic_json(item, prefix) == _reference(item.to_dict(), prefix)
