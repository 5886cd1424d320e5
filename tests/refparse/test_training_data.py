"""The training strings: rendered by refkit's CSL processor, labelled by the variable each
token came from, with held-out styles kept out of training."""

from __future__ import annotations

import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
sys.path.insert(0, str(SCRIPTS))

import refparse_synth as synth  # noqa: E402

ITEM = {
    "id": "a",
    "type": "article-journal",
    "author": [{"family": "Skinner", "given": "Robert"}, {"family": "Berg", "given": "Jan"}],
    "title": "Cancer screening in the community",
    "container-title": "British Journal of Cancer",
    "volume": "73",
    "issue": "4",
    "page": "1006-1012",
    "issued": {"date-parts": [[1996, 3]]},
    "DOI": "10.1038/bjc.1996.12",
}


def _labelled(style: str) -> dict[str, str]:
    [(_, _text, tokens, labels)] = list(synth.render_labelled_all([ITEM], style))
    return {t.text: lab for t, lab in zip(tokens, labels, strict=True)}


def test_din_tokens_carry_the_variable_or_term_that_produced_them() -> None:
    """DIN 1505-2: "Bd." is part of the volume, "S." of the pages, "In:" of the container."""
    got = _labelled("din-1505-2")
    assert got["Skinner,"] == "author"
    assert got["screening"] == "title"
    assert got["In:"] == "container-title"
    assert got["Bd."] == "volume"
    assert got["S."] == "pages"
    assert got["(1996),"] == "date"


def test_vancouver_glued_numbers_and_doi() -> None:
    """Vancouver's "1996;73:1006–12." is one token; the DOI with its resolver is the DOI."""
    got = _labelled("elsevier-vancouver")
    assert got["[1]"] == "citation-number"
    assert got["https://doi.org/10.1038/bjc.1996.12."] == "doi"
    assert got["Cancer"] in {"container-title", "title"}


def test_held_out_styles_and_their_families_never_reach_training() -> None:
    """No training style is a held-out style or a variant of one (apa-6th-edition, ...)."""
    chosen = synth.training_styles(300, seed=11)
    assert len(chosen) == 300
    assert not any(synth.held_out_style(s) for s in chosen)
    assert synth.held_out_style("apa-6th-edition")
    assert synth.held_out_style("din-1505-2-numeric")
    assert not synth.held_out_style("apsa-like")
