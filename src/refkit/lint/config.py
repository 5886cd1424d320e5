"""Configuration: ``[tool.refkit]`` in pyproject.toml, or refkit.toml, found upwards.

Keys (all optional)::

    [tool.refkit]
    select = ["RK"]                 # code prefixes or rule names to run
    ignore = ["RK604"]
    extend-select = []
    fail-on = "error"               # error | warning | info
    data-model = "auto"             # auto | bibtex | biblatex
    key-pattern = '^[a-z]+\\d{4}[a-z]*$'
    corrections = ["my-corrections.toml"]   # extra corrections lists, relative to the config
    [tool.refkit.severity]
    RK501 = "error"
    [tool.refkit.per-file-ignores]
    "legacy/*.bib" = ["RK6"]
    [tool.refkit.options]
    quote-without-locator = false
    [tool.refkit.verify]            # read by refkit verify (refkit.lookup.options)
    mailto = "you@example.org"
"""

from __future__ import annotations

import dataclasses
import datetime
import fnmatch
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from refkit.core.diagnostics import Severity
from refkit.core.errors import UsageError
from refkit.lint.datamodel import DataModel
from refkit.lint.rules.base import Rule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_FILES = ("refkit.toml", "pyproject.toml")


@dataclass(frozen=True)
class Config:
    """Which rules run, how severe they are, and the options rules read."""

    select: tuple[str, ...] = ("RK",)
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    fail_on: Severity = Severity.ERROR
    data_model: DataModel = DataModel.AUTO
    key_pattern: str | None = None
    corrections: tuple[Path, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)
    #: The ``[tool.refkit.verify]`` table, which ``refkit.lookup.options`` reads.
    verify: Mapping[str, Any] = field(default_factory=dict)
    source: Path | None = None
    #: The rules to select from (set from Python only); None: every rule of
    #: ``refkit rules``, the known-errors family reading ``corrections`` too.
    rules: tuple[Rule, ...] | None = None
    #: The date rules compare with (future years, access dates; set from Python only,
    #: for reproducible results); None: the day of the check.
    today: datetime.date | None = None

    def replace(self, **changes: Any) -> Config:
        return dataclasses.replace(self, **changes)

    def ignored_for(self, path: str | None) -> tuple[str, ...]:
        """Codes ignored for one file: the global list plus matching per-file ignores."""
        extra: list[str] = []
        if path is not None:
            name = Path(path).as_posix()
            for pattern, codes in self.per_file_ignores:
                if fnmatch.fnmatch(name, pattern) or fnmatch.fnmatch(Path(path).name, pattern):
                    extra.extend(codes)
        return self.ignore + tuple(extra)


def _strings(value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Sequence) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise UsageError(f"configuration {key!r} must be a list of strings")


def from_mapping(table: Mapping[str, Any], source: Path | None = None) -> Config:
    """Build a Config from a ``[tool.refkit]`` table; unknown keys are an error."""
    base = source.parent if source is not None else Path.cwd()
    known = {
        "select",
        "ignore",
        "extend-select",
        "per-file-ignores",
        "severity",
        "fail-on",
        "data-model",
        "key-pattern",
        "corrections",
        "options",
        "verify",
        # the tables of refkit format and refkit keys (read by refkit.tidy.options)
        "format",
        "keys",
    }
    unknown = set(table) - known
    where = f" in {source}" if source else ""
    if unknown:
        raise UsageError(f"unknown configuration key(s) {sorted(unknown)}{where}")
    try:
        severity = {
            str(code): Severity.parse(str(level))
            for code, level in dict(table.get("severity", {})).items()
        }
        return Config(
            select=_strings(table.get("select", ["RK"]), "select"),
            ignore=_strings(table.get("ignore", []), "ignore"),
            extend_select=_strings(table.get("extend-select", []), "extend-select"),
            per_file_ignores=tuple(
                (str(pattern), _strings(codes, "per-file-ignores"))
                for pattern, codes in dict(table.get("per-file-ignores", {})).items()
            ),
            severity=severity,
            fail_on=Severity.parse(str(table.get("fail-on", "error"))),
            data_model=DataModel(str(table.get("data-model", "auto")).lower()),
            key_pattern=_key_pattern(table.get("key-pattern")),
            corrections=tuple(
                base / item for item in _strings(table.get("corrections", []), "corrections")
            ),
            options=dict(table.get("options", {})),
            verify=dict(table.get("verify", {})),
            source=source,
        )
    except ValueError as error:
        raise UsageError(f"{error}{where}") from None


def _key_pattern(value: object) -> str | None:
    """The ``key-pattern`` option, refused at load time when it does not compile."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("key-pattern: expected a string (a regular expression)")
    import regex

    try:
        regex.compile(value)
    except regex.error as error:
        raise ValueError(f"key-pattern: invalid regular expression {value!r}: {error}") from None
    return value


def find_config(start: Path) -> Path | None:
    """The nearest refkit.toml, or pyproject.toml with [tool.refkit], from ``start`` up."""
    directory = start if start.is_dir() else start.parent
    for folder in (directory.resolve(), *directory.resolve().parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and (name == "refkit.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    # A malformed pyproject.toml is an error, not "no configuration": skipping it would
    # silently check with the defaults (or a parent's settings) instead of the user's.
    return "refkit" in _read(path).get("tool", {})


_TOML_AT = re.compile(r"(?:(?<!\s)\s*)?\(at line (\d+), column (\d+)\)$")


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        text = str(error)
        at = _TOML_AT.search(text)
        if at is None:
            raise UsageError(f"{path}: invalid TOML: {text}") from None
        message = text[: at.start()]
        raise UsageError(
            f"{path}:{at.group(1)}: invalid TOML: {message} (column {at.group(2)})"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: cannot read configuration: {error}") from None


def load_config(path: Path) -> Config:
    """Read one configuration file (refkit.toml, or pyproject.toml's [tool.refkit])."""
    data = _read(path)
    table = data.get("tool", {}).get("refkit", {}) if path.name == "pyproject.toml" else data
    return from_mapping(table, path)


def config_for(start: Path) -> Config:
    """The configuration that applies to a file: the nearest one, or the defaults."""
    found = find_config(start)
    return load_config(found) if found is not None else Config()
