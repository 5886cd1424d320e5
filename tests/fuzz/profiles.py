"""The fuzz suite's hypothesis profiles, and the inputs its tests draw from.

``fuzz-ci`` (the default): derandomized (a fixed seed: the same examples every run, no
example database), a few dozen examples per test, so the whole suite adds well under
30 s to the fast suite. ``fuzz-long``: random, thousands of examples per test, failures
saved in hypothesis's example database (``.hypothesis/``) and replayed first next time.
Choose it with ``REFKIT_FUZZ=long python -m pytest tests/fuzz``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_SUPPRESSED = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]

settings.register_profile(
    "fuzz-ci",
    derandomize=True,
    database=None,
    max_examples=30,
    deadline=None,
    suppress_health_check=_SUPPRESSED,
    print_blob=True,
)
settings.register_profile(
    "fuzz-long",
    max_examples=3000,  # 100 times fuzz-ci
    deadline=None,
    suppress_health_check=_SUPPRESSED,
    print_blob=True,
)


def profile_name() -> str:
    """``fuzz-long`` when ``REFKIT_FUZZ=long``, else ``fuzz-ci``."""
    return "fuzz-long" if os.environ.get("REFKIT_FUZZ", "").strip().lower() == "long" else "fuzz-ci"


def fuzz(examples: int | None = None) -> settings:
    """The settings of the chosen profile; ``examples`` scales its example count for a
    test whose single run is dearer or cheaper than most (30 is the base)."""
    base = settings.get_profile(profile_name())
    if examples is None:
        return settings(base)
    return settings(base, max_examples=max(1, base.max_examples * examples // 30))
