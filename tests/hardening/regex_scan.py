"""Every regular expression in refkit, timed under ``search`` on a run of white space.

A pattern such as ``,?\\s*\\bet`` retries the run from each of its positions, so its
time grows with the square of the run.  ``patterns()`` collects the compiled patterns of
every module (module globals, and those in tuples, lists and dicts there) and the
literal patterns passed to ``re`` functions in the source; ``quadratic()`` times each on
``'a' + ' ' * n + '!'`` (and a few other runs) at two sizes.
``python -m tests.hardening.regex_scan`` prints the slow ones.
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


@dataclass(frozen=True)
class Found:
    """One pattern and where it was found."""

    where: str
    pattern: re.Pattern[str]


def _module_patterns() -> Iterator[Found]:
    for info in pkgutil.walk_packages(refkit.__path__, "refkit."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            values = value.values() if isinstance(value, dict) else value
            items = values if isinstance(values, (tuple, list, type({}.values()))) else [value]
            for item in items:
                if isinstance(item, re.Pattern) and isinstance(item.pattern, str):
                    yield Found(f"{info.name}.{name}", item)


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
                yield Found(f"{relative}:{node.lineno}", pattern)


def patterns() -> list[Found]:
    """Every distinct pattern of the package, first place found."""
    seen: dict[tuple[str, int], Found] = {}
    for found in [*_module_patterns(), *_literal_patterns()]:
        seen.setdefault((found.pattern.pattern, found.pattern.flags), found)
    return list(seen.values())


def _cpu(pattern: re.Pattern[str], text: str, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        pattern.search(text)
        best = min(best, time.process_time() - started)
    return best


def quadratic(
    found: list[Found], small: int = 500, ratio: float = 6.0, floor: float = 0.002
) -> list[tuple[Found, str, float, float]]:
    """The patterns whose ``search`` time on a run grows more than ``ratio`` times when
    the run is 4 times longer (ignoring times under ``floor`` seconds at the long run)."""
    slow: list[tuple[Found, str, float, float]] = []
    for item in found:
        for run in RUNS:
            short_text = "a" + run * small + "!"
            long_text = "a" + run * (4 * small) + "!"
            long_time = _cpu(item.pattern, long_text, 1)
            if long_time < floor:
                continue
            short_time = _cpu(item.pattern, short_text)
            long_time = min(long_time, _cpu(item.pattern, long_text, 2))
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
            f"{item.where:60} run {run!r:6} {short_time:.4f}s -> {long_time:.4f}s",
            repr(item.pattern.pattern[:70]),
        )


if __name__ == "__main__":
    main()
