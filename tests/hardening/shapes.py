"""The worst known input shape of each public path, as a function of its size ``n``.

Each shape is a (name, build, run) triple: ``build(n)`` makes the input, ``run(input)``
drives one public path over it.  The linearity test times each at ``n`` and ``4n``;
``python -m tests.hardening.shapes`` prints the figures.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import refkit
from refkit.manuscript import Manuscript, cite_check
from refkit.manuscript.model import ManuscriptKind


@dataclass(frozen=True)
class Shape:
    """One public path and the input that drives it hardest."""

    name: str
    build: Callable[[int], Any]
    run: Callable[[Any], object]
    #: The size at which one run takes a few milliseconds after the fix.
    n: int


_EMPTY = refkit.loads("")


def _cite_check(kind: ManuscriptKind) -> Callable[[str], object]:
    def run(text: str) -> object:
        return cite_check(Manuscript(text, kind), _EMPTY)

    return run


def _check(text: str) -> object:
    return refkit.check(refkit.loads(text))


def _fix(text: str) -> object:
    return refkit.fix(refkit.loads(text))


def _format(text: str) -> object:
    return refkit.format(refkit.loads(text))


def _render(text: str) -> object:
    return refkit.render(refkit.loads(text))


def _convert(text: str) -> object:
    from refkit.cite.csljson import bibliography_to_csl

    return bibliography_to_csl(refkit.loads(text))


def _convert_carrying_notes(text: str) -> object:
    # `refkit convert` goes through carry.entries_to_csl, which resolved each crossref by a
    # walk over the file (quadratic) after bibliography_to_csl had stopped doing so.
    from refkit.cite.carry import entries_to_csl

    return entries_to_csl(refkit.loads(text))


def _import(text: str) -> object:
    return refkit.parse_references(text)


def _crossref_chain(n: int) -> str:
    entries = ["@book{e0, title = {Root}, author = {Doe, J.}, year = 2000}"]
    entries += [f"@inbook{{e{i}, crossref = {{e{i - 1}}}, title = {{T{i}}}}}" for i in range(1, n)]
    return "\n".join(entries) + "\n"


SHAPES: list[Shape] = [
    Shape(
        "cite-check: unclosed \\cite{",
        lambda n: "\\cite{" * n,
        _cite_check(ManuscriptKind.LATEX),
        2000,
    ),
    Shape(
        "cite-check: unclosed \\cite[",
        lambda n: "\\cite[" * n,
        _cite_check(ManuscriptKind.LATEX),
        2000,
    ),
    Shape(
        "cite-check: unclosed \\cites(",
        lambda n: "\\cites(" * n,
        _cite_check(ManuscriptKind.LATEX),
        2000,
    ),
    Shape(
        "cite-check: unclosed \\enquote{",
        lambda n: "\\enquote{" * n,
        _cite_check(ManuscriptKind.LATEX),
        2000,
    ),
    Shape(
        "cite-check: unclosed \\verb|",
        lambda n: "\\verb|" * n,
        _cite_check(ManuscriptKind.LATEX),
        2000,
    ),
    Shape(
        "cite-check: unclosed verbatim",
        lambda n: "\\begin{verbatim}" * n,
        _cite_check(ManuscriptKind.LATEX),
        2000,
    ),
    Shape(
        "cite-check: unclosed quote env",
        lambda n: "\\begin{quote}" * n,
        _cite_check(ManuscriptKind.LATEX),
        2000,
    ),
    Shape(
        "cite-check: prose 'Ab and' run",
        lambda n: "(" + " and ".join(["Ab"] * n) + " Cd, 2020)",
        _cite_check(ManuscriptKind.PROSE),
        1000,
    ),
    Shape(
        "cite-check: a line of % signs",
        lambda n: "%" * n + "\n\\cite{a}\n",
        _cite_check(ManuscriptKind.LATEX),
        4000,
    ),
    Shape(
        "cite-check: markdown run of backticks",
        lambda n: "`" * n,
        _cite_check(ManuscriptKind.MARKDOWN),
        4000,
    ),
    Shape(
        "cite-check: markdown run of tildes",
        lambda n: "~" * n,
        _cite_check(ManuscriptKind.MARKDOWN),
        4000,
    ),
    Shape(
        "cite-check: unclosed ``quotes",
        lambda n: "``a " * n,
        _cite_check(ManuscriptKind.PROSE),
        2000,
    ),
    Shape(
        "cite-check: straight quotes in one paragraph",
        lambda n: '" ' * n,
        _cite_check(ManuscriptKind.PROSE),
        4000,
    ),
    Shape(
        "cite-check: markdown [@", lambda n: "[@a " * n, _cite_check(ManuscriptKind.MARKDOWN), 2000
    ),
    Shape(
        "check: distinct fields",
        lambda n: "@misc{k,\n" + "".join(f"f{i} = {{v}},\n" for i in range(n)) + "}\n",
        _check,
        500,
    ),
    Shape(
        "check: duplicate fields",
        lambda n: "@misc{k,\n" + "title = {v},\n" * n + "}\n",
        _check,
        500,
    ),
    Shape(
        "fix: distinct fields",
        lambda n: "@misc{k,\n" + "".join(f"f{i} = {{v}},\n" for i in range(n)) + "}\n",
        _fix,
        500,
    ),
    Shape(
        "fix: duplicate fields", lambda n: "@misc{k,\n" + "title = {v},\n" * n + "}\n", _fix, 300
    ),
    Shape(
        "format: nested braces",
        lambda n: "@misc{a, title = {" + "{" * n + "x" + "}" * n + "}}\n",
        _format,
        2000,
    ),
    Shape("convert: crossref chain", _crossref_chain, _convert, 300),
    Shape(
        "convert with carried notes: crossref chain",
        _crossref_chain,
        _convert_carrying_notes,
        2000,
    ),
    Shape(
        "import: identical references",
        lambda n: "Doe, J. (2020). A title. Journal, 1, 2-3.\n\n" * n,
        _import,
        100,
    ),
]


def cpu_time(shape: Shape, n: int, repeat: int = 3) -> float:
    """The least CPU time of ``repeat`` runs of ``shape`` at size ``n``."""
    data = shape.build(n)
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        shape.run(data)
        best = min(best, time.process_time() - started)
    return best


def main(argv: list[str]) -> None:
    scale = int(argv[1]) if len(argv) > 1 else 1
    for shape in SHAPES:
        if len(argv) > 2 and argv[2] not in shape.name:
            continue
        n = shape.n * scale
        small = cpu_time(shape, n, 1)
        large = cpu_time(shape, 4 * n, 1)
        print(
            f"{shape.name:40} n={n:6} {small:8.3f}s  4n {large:8.3f}s",
            f"x{large / max(small, 1e-4):6.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv)
