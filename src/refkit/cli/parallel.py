"""``--jobs``: run a command's per-file work in worker processes, results in input order.

Each file is checked (or fixed) on its own, so files are the unit of work: a worker
gets a file's arguments, returns its findings or its output as values, and the parent
writes them in the order of the files.  The report is therefore the same bytes as a
run in one process; only the time differs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

import click

__all__ = ["available_cores", "jobs_option", "ordered_map"]

Item = TypeVar("Item")
Result = TypeVar("Result")


def available_cores() -> int:
    """The cores this process may run on (its affinity mask, not the machine's count)."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13
    if counter is not None:
        found = counter()
        if found:
            return int(found)
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def ordered_map(
    function: Callable[[Item], Result], items: Sequence[Item], jobs: int
) -> Iterator[Result]:
    """``map(function, items)`` over up to ``jobs`` processes, yielding in input order.

    One job, or one item, runs in this process: no pool to start, and errors surface
    as they would without ``--jobs``.  At most ``2 * jobs`` results wait in memory for
    the one before them, so a slow first file does not make the parent hold them all.
    """
    workers = min(jobs, len(items))
    if workers <= 1:
        yield from map(function, items)
        return
    # Imported here: multiprocessing costs a one-file run a tenth of its start-up.
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending = []
        upcoming = iter(items)
        for item in upcoming:
            pending.append(pool.submit(function, item))
            if len(pending) >= 2 * workers:
                break
        while pending:
            done = pending.pop(0)
            for following in upcoming:
                pending.append(pool.submit(function, following))
                break
            yield done.result()


def _check_jobs(_context: click.Context, _parameter: click.Parameter, value: int | None) -> int:
    if value is None:
        return available_cores()
    if value < 1:
        raise click.BadParameter("must be at least 1")
    return value


def jobs_option(function: click.decorators.FC) -> click.decorators.FC:
    """``--jobs N`` / ``-j N``: worker processes (default: the cores available)."""
    return click.option(
        "--jobs",
        "-j",
        type=int,
        default=None,
        callback=_check_jobs,
        help="Files processed in parallel (default: the cores available; 1: no workers).",
    )(function)
