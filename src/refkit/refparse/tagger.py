"""Lazy access to the committed CRF model (``refparse.crfsuite``).

The model is opened on first use, never at import time, and then cached.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import pycrfsuite

MODEL_NAME = "refparse.crfsuite"


class Tagger:
    """A loaded CRF model: labels token feature sequences, with marginals."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(self.path)
        self._tag_lock = threading.Lock()  # a crfsuite tagger holds per-call state

    def tag(self, features: Sequence[Sequence[str]]) -> tuple[list[str], list[float]]:
        """Return the best label sequence and each label's marginal probability."""
        if not features:
            return [], []
        with self._tag_lock:
            self._tagger.set(features)
            labels: list[str] = list(self._tagger.tag())
            marginals = [float(self._tagger.marginal(lab, i)) for i, lab in enumerate(labels)]
        return labels, marginals

    def labels(self) -> list[str]:
        """All labels the model knows."""
        return list(self._tagger.labels())


def default_model_path() -> Path:
    """Path of the model file shipped inside the package."""
    return Path(str(resources.files("refkit.refparse").joinpath(MODEL_NAME)))


def get_tagger(path: str | Path | None = None) -> Tagger:
    """Return a cached :class:`Tagger` for ``path`` (default: the shipped model)."""
    key = str(path) if path is not None else str(default_model_path())
    if not Path(key).is_file():
        raise FileNotFoundError(f"reference-parser model not found: {key}")
    return _open(key)


@functools.lru_cache(maxsize=4)
def _open(path: str) -> Tagger:
    """Open a model once per path: loading is the expensive part, tagging is cheap."""
    return Tagger(path)
