"""Formatting every file of the shared corpus: no data loss, idempotent, no new findings."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import refkit
from refkit.tidy.formatting import format_text
from refkit.tidy.options import (
    FIELD_ORDER_PRESETS,
    SORT_PRESETS,
    Comments,
    Delimiters,
    FormatOptions,
    MonthStyle,
)
from tests.conftest import corpus_files

from .support import assert_keeps_meaning

FILES = corpus_files()
EXPLICIT_ENCODING = {"sciunto-org_python-bibtexparser__tests__resources__gbk_test.bib": "gbk"}
EVERYTHING = FormatOptions(
    months=MonthStyle.MACRO,
    numeric=True,
    wrap=70,
    trailing_comma=True,
    remove_empty_fields=True,
    field_order=FIELD_ORDER_PRESETS["biblatex"],
    sort=SORT_PRESETS["year"],
    delimiters=Delimiters.QUOTES,
    comments=Comments.TIDY,
    align_per_entry=True,
)


def _load(path: Path) -> refkit.Bibliography:
    return refkit.load(path, encoding=EXPLICIT_ENCODING.get(path.name))


def _findings(bib: refkit.Bibliography) -> Counter[tuple[str, str | None]]:
    return Counter((item.code, item.entry_key) for item in refkit.check(bib))


@pytest.mark.slow
@pytest.mark.skipif(not FILES, reason="shared corpus absent")
def test_default_format_of_every_corpus_file_keeps_meaning_and_findings() -> None:
    """Each file: same meaning, idempotent, and ``refkit check`` finds nothing new."""
    problems: list[str] = []
    entries = rewritten = 0
    for path in FILES:
        before = _load(path)
        options = FormatOptions()
        result = format_text(before, options)
        assert_keeps_meaning(before, result, options)
        after = result.bibliography
        if format_text(after, options).text != result.text:
            problems.append(f"{path.name}: not idempotent")
        new = _findings(after) - _findings(before)
        if new:
            problems.append(f"{path.name}: new findings {sorted(new)[:3]}")
        entries += len(before.entries)
        rewritten += result.rewritten
    assert problems == []
    assert len(FILES) == 567
    assert entries > 80_000
    assert rewritten > 0.9 * entries


@pytest.mark.slow
@pytest.mark.skipif(not FILES, reason="shared corpus absent")
def test_every_option_at_once_on_every_corpus_file_keeps_meaning() -> None:
    """Sorting, field order, quotes, wrapping, months, numbers, empty fields: nothing lost."""
    for path in FILES:
        before = _load(path)
        result = format_text(before, EVERYTHING)
        assert_keeps_meaning(before, result, EVERYTHING)
        assert format_text(result.bibliography, EVERYTHING).text == result.text, path.name
