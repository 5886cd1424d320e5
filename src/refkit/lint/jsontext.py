"""Indented JSON, byte for byte as ``json.dumps(value, indent=2, ensure_ascii=False)``.

The standard library's C encoder runs only without ``indent``; with it, ``json`` falls
back to a pure-Python generator that costs about a tenth of a whole ``refkit check``
of a large file (a finding is some twenty small values).  The reports' documents are
dicts, lists, strings, integers, booleans and ``None``: this writer lays them out
directly, escaping strings with the C escaper ``json`` itself uses, so the text is the
same and no encoding dependency is needed.  Anything else (floats, other types) goes
through ``json.dumps`` for that value, keeping its rules.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

from refkit.core.diagnostics import Diagnostic

__all__ = ["diagnostic_json", "dumps_indented"]

_STEP = "  "


def dumps_indented(value: Any, prefix: str = "") -> str:
    """``value`` as ``json.dumps(indent=2, ensure_ascii=False)`` writes it, with every
    line after the first starting with ``prefix`` (the document's own indentation)."""
    parts: list[str] = []
    _write(value, "\n" + prefix, parts.append)
    return "".join(parts)


def _write(value: Any, newline: str, out: Any) -> None:
    kind = value.__class__
    if kind is str:
        out(encode_basestring(value))
    elif value is None:
        out("null")
    elif value is True:
        out("true")
    elif value is False:
        out("false")
    elif kind is int:
        out(int.__repr__(value))
    elif kind is dict:
        if not value:
            out("{}")
            return
        if not all(key.__class__ is str for key in value):
            out(json.dumps(value, indent=2, ensure_ascii=False).replace("\n", newline))
            return
        inner = newline + _STEP
        separator = "{" + inner
        for key, item in value.items():
            out(separator)
            out(encode_basestring(key))
            out(": ")
            _write(item, inner, out)
            separator = "," + inner
        out(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out("[]")
            return
        inner = newline + _STEP
        separator = "[" + inner
        for item in value:
            out(separator)
            _write(item, inner, out)
            separator = "," + inner
        out(newline + "]")
    else:
        out(json.dumps(value, indent=2, ensure_ascii=False).replace("\n", newline))


def _text(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


def _number(value: int | None) -> str:
    return "null" if value is None else int.__repr__(value)


def diagnostic_json(item: Diagnostic, prefix: str = "") -> str:
    """``dumps_indented(item.to_dict(), prefix)``, written from a template.

    A report of a large file is tens of thousands of findings of one shape, so the
    shape is spelt out once here; ``tests/cli/test_report.py`` holds it to ``to_dict``.
    """
    n = "\n" + prefix
    fix = item.fix
    if fix is None:
        fixed = "null"
    else:
        edits = (
            "[]"
            if not fix.edits
            else "["
            + ",".join(
                f'{n}      {{{n}        "action": {encode_basestring(edit.kind.value)},'
                f'{n}        "entry_key": {encode_basestring(edit.entry_key)},'
                f'{n}        "field": {_text(edit.field)},'
                f'{n}        "value": {_text(edit.value)}{n}      }}'
                for edit in fix.edits
            )
            + f"{n}    ]"
        )
        fixed = (
            f'{{{n}    "description": {encode_basestring(fix.description)},'
            f'{n}    "safe": {"true" if fix.safe else "false"},'
            f'{n}    "edits": {edits}{n}  }}'
        )
    return (
        f'{{{n}  "code": {encode_basestring(item.code)},'
        f'{n}  "name": {encode_basestring(item.name)},'
        f'{n}  "severity": {encode_basestring(item.severity.label)},'
        f'{n}  "message": {encode_basestring(item.message)},'
        f'{n}  "path": {_text(item.path)},'
        f'{n}  "line": {_number(item.line)},'
        f'{n}  "column": {_number(item.column)},'
        f'{n}  "end_line": {_number(item.end_line)},'
        f'{n}  "end_column": {_number(item.end_column)},'
        f'{n}  "entry_key": {_text(item.entry_key)},'
        f'{n}  "field": {_text(item.field)},'
        f'{n}  "fix": {fixed}{n}}}'
    )
