"""No regular expression in refkit is super-linear on a run of white space (issue 19.4).

``regex_scan`` times every pattern of the package (module globals and literals passed to
``re``) on ``'a' + ' ' * n + '!'`` at n and 4n, applied as the source applies it; a
pattern such as ``\\s*,\\s*`` under ``search`` or ``split`` retries the run from each of
its positions and costs 16 times as much at 4n.
"""

from __future__ import annotations

from tests.hardening.regex_scan import Found, _cpu, patterns, quadratic


def _still_slow(item: Found, run: str) -> bool:
    """A second, longer measurement of a pattern the scan flagged (a loaded machine can
    make one short timing look small)."""
    short = _cpu(item, "a" + run * 1000 + "!", 5)
    if short > 0.05:
        return True
    long = _cpu(item, "a" + run * 4000 + "!", 3)
    return long > 0.002 and long > 8 * max(short, 0.002 / 8)


def test_no_pattern_in_the_package_is_super_linear_on_a_run_of_white_space() -> None:
    """Four times the run costs at most six times the time, for every pattern."""
    found = patterns()
    assert len(found) > 300  # the scan still finds the package's patterns
    slow = [
        f"{item.where} ({item.how}): {short:.4f}s -> {long:.4f}s {item.pattern.pattern[:60]!r}"
        for item, run, short, long in quadratic(found)
        if _still_slow(item, run)
    ]
    assert not slow, "super-linear patterns:\n" + "\n".join(slow)
