"""Each public path runs in time linear in its worst known input shape (issue 19.4).

CPU time (``time.process_time``), the least of several runs, so a loaded machine does not
fail the test; a 4 times larger input may cost at most 6 times as much.
"""

from __future__ import annotations

import pytest

from tests.hardening.shapes import SHAPES, Shape, cpu_time

#: 4n costs at most this many times n: linear is 4, quadratic 16.
MAX_RATIO = 6.0


@pytest.mark.parametrize("shape", SHAPES, ids=[shape.name for shape in SHAPES])
def test_four_times_the_input_costs_at_most_six_times_the_time(shape: Shape) -> None:
    """The path's time at 4n is within 6x its time at n (a quadratic path is 16x)."""
    small = cpu_time(shape, shape.n)
    large = cpu_time(shape, 4 * shape.n)
    if large > MAX_RATIO * small:
        # One more measurement of each before calling it super-linear.
        small = max(small, cpu_time(shape, shape.n))
        large = min(large, cpu_time(shape, 4 * shape.n))
    assert large <= MAX_RATIO * max(small, 1e-3), f"{small:.3f}s at n, {large:.3f}s at 4n"
