"""The check engine: run the selected rules, honour suppressions and severities.

Selection follows flake8: a rule runs when the longest matching prefix among
``select``/``extend-select`` is longer than the longest among ``ignore`` (rule names
count as whole-code matches; a prefix must spell out a code's whole family, so ``RK1``
does not select RK10xx).  An entry's findings can be silenced by a comment line
``% refkit: ignore RK123 RK456 -- reason`` just above it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection, Iterable, Sequence

from refkit.bib.model import Bibliography, Entry, TextBlock
from refkit.core.diagnostics import Diagnostic, sorted_diagnostics
from refkit.lint.config import Config
from refkit.lint.context import CheckContext
from refkit.lint.datamodel import DataModel
from refkit.lint.index import prefetch_needles, remember_field_names, used_field_names
from refkit.lint.rules import default_rules
from refkit.lint.rules.base import BibliographyRule, EntryRule, Rule

_SUPPRESSION = re.compile(r"^[ \t]*%+[ \t]*refkit:[ \t]*ignore\b(?P<codes>[^\n]*)", re.MULTILINE)
_CODE = re.compile(r"\bRK\d{1,3}\b|\b[a-z]+(?:-[a-z0-9]+)+\b")
_BIBLATEX_ONLY_TYPES = frozenset(
    {
        "online",
        "report",
        "legislation",
        "jurisdiction",
        "dataset",
        "software",
        "thesis",
        "mvbook",
        "mvcollection",
        "mvproceedings",
        "mvreference",
        "bookinbook",
        "suppbook",
        "suppcollection",
        "suppperiodical",
        "periodical",
        "patent",
        "set",
        "xdata",
        "reference",
        "inreference",
        "letter",
        "movie",
        "music",
        "audio",
        "video",
        "performance",
        "standard",
        "legal",
        "review",
        "image",
        "artwork",
    }
)
_BIBLATEX_ONLY_FIELDS = frozenset(
    {
        "date",
        "urldate",
        "journaltitle",
        "location",
        "eventdate",
        "origdate",
        "eprinttype",
        "entrysubtype",
        "maintitle",
        "subtitle",
        "booksubtitle",
        "langid",
        "xdata",
        "related",
        "shortjournal",
    }
)


def _matches(rule: Rule, pattern: str) -> int:
    """How specific a selector is for a rule: its length if it matches, else -1.

    A code is ``RK``, a family number and a two-digit rule number (RK301 is rule 01 of
    family 3, RK1001 rule 01 of family 10).  A prefix selects a code only when it spells
    out the code's whole family: ``RK1`` is RK1xx and not RK10xx, ``RK10`` is RK10xx (and
    RK100-RK109), ``RK`` is everything.
    """
    if pattern == rule.name:
        return 100
    wanted = pattern.upper()
    if not rule.code.startswith(wanted):
        return -1
    family_end = len(rule.code) - 2
    if 2 < len(wanted) < family_end:
        return -1
    return len(wanted)


def is_selected(rule: Rule, select: Sequence[str], ignore: Sequence[str]) -> bool:
    chosen = max((_matches(rule, item) for item in select), default=-1)
    dropped = max((_matches(rule, item) for item in ignore), default=-1)
    return chosen >= 0 and chosen > dropped


def select_rules(rules: Iterable[Rule], config: Config, path: str | None = None) -> list[Rule]:
    select = config.select + config.extend_select
    ignore = config.ignored_for(path)
    return [rule for rule in rules if is_selected(rule, select, ignore)]


def selected_rules(config: Config, path: str | None = None) -> list[Rule]:
    """The rules that run on the file at ``path``: ``config.rules`` (by default every
    rule, with the configured corrections lists) narrowed by the selection."""
    available = config.rules if config.rules is not None else default_rules(config.corrections)
    return select_rules(available, config, path)


def detect_data_model(
    bibliography: Bibliography, field_names: set[str] | None = None
) -> DataModel:
    """biblatex when the file uses biblatex-only types or fields, else BibTeX."""
    if has_biblatex_type(bibliography.entries):
        return DataModel.BIBLATEX
    names = used_field_names(bibliography.entries) if field_names is None else field_names
    return data_model_from(False, names)


def has_biblatex_type(entries: Iterable[Entry]) -> bool:
    """Whether one of the entries has a type only biblatex knows."""
    return any(entry.type in _BIBLATEX_ONLY_TYPES for entry in entries)


def data_model_from(biblatex_type: bool, field_names: Collection[str]) -> DataModel:
    """The detected data model from a file's facts (``has_biblatex_type`` of its entries
    and their lower-case field names): what chunks of one file merge to decide it."""
    if biblatex_type or not _BIBLATEX_ONLY_FIELDS.isdisjoint(field_names):
        return DataModel.BIBLATEX
    return DataModel.BIBTEX


def suppressions(bibliography: Bibliography) -> dict[int, set[str] | None]:
    """Block index of each entry to the codes silenced for it (None: every code)."""
    found: dict[int, set[str] | None] = {}
    blocks = bibliography.blocks
    for index, block in enumerate(blocks):
        if not isinstance(block, Entry) or index == 0:
            continue
        before = blocks[index - 1]
        if not isinstance(before, TextBlock):
            continue
        lines = before.raw.rstrip(" \t").split("\n")
        # The comment lines directly above the entry, up to a blank line.
        tail: list[str] = []
        for line in reversed(lines[:-1] if lines and not lines[-1].strip() else lines):
            if not line.strip():
                break
            tail.append(line)
        codes: set[str] = set()
        every = False
        for line in tail:
            match = _SUPPRESSION.match(line)
            if match is None:
                continue
            listed = match.group("codes").split("--")[0]
            named = set(_CODE.findall(listed))
            if named:
                codes |= {code.upper() if code.upper().startswith("RK") else code for code in named}
            else:
                every = True
        if every:
            found[index] = None
        elif codes:
            found[index] = codes
    return found


def check(bibliography: Bibliography, config: Config | None = None) -> list[Diagnostic]:
    """Every finding of the selected rules, sorted by path, line and code."""
    config = config or Config()
    run = CheckRun(config, selected_rules(config, bibliography.path))
    names = used_field_names(bibliography.entries)
    return run.check(bibliography, run.data_model(bibliography, names), names)


class CheckRun:
    """Selected rules and a reference date, run over a bibliography as often as asked.

    ``check`` runs it once; the fix engine keeps one for all of its passes, so rules are
    selected and the date read once per fix, and a re-check after a pass can run the
    entry rules on the entries that pass changed only.
    """

    def __init__(self, config: Config, rules: Sequence[Rule]) -> None:
        self.config = config
        self.rules = tuple(rules)
        self.needles = tuple(group for rule in self.rules for group in rule.needles)
        self.today = config.today or datetime.date.today()

    def data_model(self, bibliography: Bibliography, field_names: set[str]) -> DataModel:
        """The configured data model, or the detected one when it is ``auto``.

        ``field_names`` are the file's (lower-case) field names, ``used_field_names``.
        """
        if self.config.data_model is DataModel.AUTO:
            return detect_data_model(bibliography, field_names)
        return self.config.data_model

    def check(
        self,
        bibliography: Bibliography,
        model: DataModel,
        field_names: set[str],
        blocks: Collection[int] | None = None,
    ) -> list[Diagnostic]:
        """The findings under ``model``; entry rules look only at the entries at
        ``blocks`` when it is given (bibliography rules always see the whole file)."""
        config = self.config
        context = CheckContext(
            bibliography=bibliography,
            data_model=model,
            today=self.today,
            key_pattern=config.key_pattern,
            options=dict(config.options),
        )
        entries = [
            (index, entry)
            for index, entry in bibliography.indexed_entries()
            if blocks is None or index in blocks
        ]
        remember_field_names(context, field_names)
        prefetch_needles(context, self.needles)
        found: list[Diagnostic] = []
        for rule in self.rules:
            if isinstance(rule, EntryRule):
                for index, entry in entries:
                    found.extend(rule.check_entry(index, entry, context))
            elif isinstance(rule, BibliographyRule):
                found.extend(rule.check_bibliography(context))
        silenced = suppressions(bibliography)
        result: list[Diagnostic] = []
        for diagnostic in found:
            if diagnostic.block_index in silenced:
                codes = silenced[diagnostic.block_index]
                if codes is None or diagnostic.code in codes or diagnostic.name in codes:
                    continue
            override = config.severity.get(diagnostic.code) or config.severity.get(
                diagnostic.name
            )
            result.append(diagnostic.with_severity(override) if override else diagnostic)
        return sorted_diagnostics(result)
