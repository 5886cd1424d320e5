"""Every regular expression in refkit, timed under ``search`` on a run of white space.

A pattern such as ``,?\\s*\\bet`` retries the run from each of its positions, so its
time grows with the square of the run.  ``patterns()`` collects the compiled patterns of
every module (module globals, and those in tuples, lists and dicts there) and the
literal patterns passed to ``re`` functions in the source; ``quadratic()`` times each on
``'a' + ' ' * n + '!'`` (and a few other runs) at two sizes, the way the source uses
it: a literal passed to ``re.match``/``re.fullmatch`` is timed with that function, a module
pattern with ``search`` unless ``ANCHORED`` names the one way it is used.
``python -m tests.hardening.regex_scan`` prints the slow ones; ``tests/hardening/
test_regex_scan.py`` fails on any.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import refkit

_RE_FUNCTIONS = frozenset(
    {"compile", "search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split"}
)
#: Runs a backtracking pattern can be quadratic on: white space, and a few other
#: characters patterns commonly repeat.
RUNS = (" ",)

#: Module patterns the package only ever applies anchored, timed that way (a
#: ``\\s*...`` pattern is linear under ``match`` at one position, quadratic under ``search``).
ANCHORED: dict[str, str] = {
    "refkit.bib.scanner._FAST_FIELD": "match",
    "refkit.lint.rules.structure._INTEGER": "fullmatch",
    "refkit.refparse.csl._VOLUME_ISSUE": "match",
    "refkit.refparse.normalise._SERIES_RE": "match",
    "refkit.tidy.conversion._WORDS": "fullmatch",
}
#: Module patterns searched only over a slice of bounded length, with the reason.
BOUNDED: dict[str, str] = {
    "refkit.lint.rules.names._ET_AL": "searched in a name list's last 40 characters only",
}


@dataclass(frozen=True)
class Found:
    """One pattern and where it was found."""

    where: str
    pattern: re.Pattern[str]
    #: How the source applies it: ``search``, ``match`` or ``fullmatch``.
    how: str = "search"

    def apply(self, text: str) -> object:
        """The pattern applied to ``text`` as the source applies it."""
        return getattr(self.pattern, self.how)(text)


def _module_patterns() -> Iterator[Found]:
    for info in pkgutil.walk_packages(refkit.__path__, "refkit."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            values = value.values() if isinstance(value, dict) else value
            items = values if isinstance(values, (tuple, list, type({}.values()))) else [value]
            for item in items:
                where = f"{info.name}.{name}"
                if isinstance(item, re.Pattern) and isinstance(item.pattern, str):
                    how = "bounded" if where in BOUNDED else ANCHORED.get(where, "search")
                    yield Found(where, item, how)


def _literal_patterns() -> Iterator[Found]:
    root = Path(refkit.__file__).parent
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in _RE_FUNCTIONS
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.args
            ):
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                flags = 0
                flag_node = (
                    node.args[-1]
                    if len(node.args) > (1 if node.func.attr == "compile" else 2)
                    else None
                )
                for keyword in node.keywords:
                    if keyword.arg == "flags":
                        flag_node = keyword.value
                if flag_node is not None:
                    try:
                        flags = int(
                            eval(compile(ast.Expression(flag_node), "<flags>", "eval"), {"re": re})
                        )
                    except Exception:
                        flags = 0
                try:
                    pattern = re.compile(first.value, flags)
                except re.error:
                    continue
                relative = path.relative_to(root.parent)
                how = node.func.attr if node.func.attr in {"match", "fullmatch"} else "search"
                # A compiled module global is timed as its module uses it (ANCHORED).
                how = "compile" if node.func.attr == "compile" else how
                yield Found(f"{relative}:{node.lineno}", pattern, how)


def patterns() -> list[Found]:
    """Every distinct pattern of the package, first place found."""
    seen: dict[tuple[str, int, str], Found] = {}
    for found in _module_patterns():
        seen.setdefault((found.pattern.pattern, found.pattern.flags, found.how), found)
    in_modules = {(pattern, flags) for pattern, flags, _ in seen}
    for found in _literal_patterns():
        if found.how == "compile":
            if (found.pattern.pattern, found.pattern.flags) in in_modules:
                continue
            found = Found(found.where, found.pattern)
        seen.setdefault((found.pattern.pattern, found.pattern.flags, found.how), found)
    return [found for found in seen.values() if found.how != "bounded"]


def _cpu(found: Found, text: str, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        found.apply(text)
        best = min(best, time.process_time() - started)
    return best


def quadratic(
    found: list[Found],
    small: int = 500,
    ratio: float = 6.0,
    floor: float = 0.002,
    runs: tuple[str, ...] = RUNS,
) -> list[tuple[Found, str, float, float]]:
    """The patterns whose time on a run grows more than ``ratio`` times when the run is
    4 times longer (ignoring times under ``floor`` seconds at the long run).

    The short run is timed first: a pattern already slower than ``floor`` there is
    reported without timing the long one, so a cubic pattern cannot stall the scan."""
    slow: list[tuple[Found, str, float, float]] = []
    for item in found:
        for run in runs:
            short_text = "a" + run * small + "!"
            long_text = "a" + run * (4 * small) + "!"
            short_time = _cpu(item, short_text, 1)
            if short_time >= floor:
                slow.append((item, run, short_time, float("inf")))
                break
            long_time = _cpu(item, long_text, 1)
            if long_time < floor:
                continue
            short_time = min(short_time, _cpu(item, short_text, 2))
            long_time = min(long_time, _cpu(item, long_text, 2))
            if long_time >= floor and long_time > ratio * max(short_time, floor / ratio):
                slow.append((item, run, short_time, long_time))
                break
    return slow


def main() -> None:
    found = patterns()
    slow = quadratic(found)
    print(f"{len(found)} patterns, {len(slow)} super-linear", flush=True)
    for item, run, short_time, long_time in slow:
        print(
            f"{item.where:60} {item.how:9} run {run!r:6} {short_time:.4f}s -> {long_time:.4f}s",
            repr(item.pattern.pattern[:70]),
        )


if __name__ == "__main__":
    main()
