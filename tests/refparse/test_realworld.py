"""Real references in many styles and languages, and the seed essay, against hand-written
expected fields (fixtures/); the floors are the figures measured when the rules landed."""

from __future__ import annotations

from refkit.refparse.itemtypes import infer_type
from tests.refparse.conftest import ESSAY
from tests.refparse.realworld import score_essay, score_realworld


def test_real_world_strings_fully_right_floor() -> None:
    """At least 22 of the 33 held-out real-world strings come out with every field right."""
    right, total, _, detail = score_realworld()
    assert total == 33
    assert right >= 22, {t[:60]: w for t, w in detail.items() if w}


def test_essay_list_fully_right_floor(essay_references: str) -> None:
    """All 17 of the essay's references are fully right, from the whole file pasted."""
    right, _total, parsed, detail = score_essay(ESSAY.read_text(encoding="utf-8"))
    assert parsed == 17
    assert right >= 17, detail


def test_type_inference_reports_a_confidence() -> None:
    """A journal with volume and pages is an article with high confidence; a bare title is not."""
    article = infer_type(
        {"container-title": "Nature,", "volume": "521(7553),", "pages": "436-444."}, "x"
    )
    assert article.type == "article-journal"
    assert article.confidence > 0.5
    bare = infer_type({"title": "Something"}, "Something")
    assert bare.confidence < article.confidence
