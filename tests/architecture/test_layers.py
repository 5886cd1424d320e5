"""The package's import graph: layers import only downwards, and no module imports itself
back through others (sqlfluff's import-linter contract, without the dependency)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "refkit"

#: Each layer and the layers it may import (besides itself).  ``refkit`` itself (the
#: facade) and ``refkit.cli`` may import anything; nothing may import them.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "bib": {"core"},
    "lint": {"core", "bib"},
    "cite": {"core", "bib"},
    "refparse": {"core", "bib", "cite"},
    "manuscript": {"core", "bib", "lint"},
    "lookup": {"core", "bib", "lint", "cite"},
    "tidy": {"core", "bib", "lint", "manuscript"},
    "cli": {"core", "bib", "lint", "cite", "refparse", "manuscript", "lookup", "tidy"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every refkit module this file imports, at any depth (function bodies and
    ``TYPE_CHECKING`` blocks included)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.startswith("refkit"):
                found.add(target)
                # ``from refkit.x import y`` may import the submodule refkit.x.y.
                for alias in node.names:
                    if (PACKAGE.parent / f"{target}.{alias.name}".replace(".", "/")).exists() or (
                        PACKAGE.parent / (f"{target}.{alias.name}".replace(".", "/") + ".py")
                    ).exists():
                        found.add(f"{target}.{alias.name}")
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("refkit"))
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {name: {m for m in imports_of(path) if m in modules} for name, path in modules.items()}


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_module_belongs_to_a_known_layer() -> None:
    """Each module sits in a layer folder (only the facade and __main__ at the top)."""
    stray = sorted(
        name
        for name in graph()
        if layer_of(name) not in ALLOWED and name not in {"refkit", "refkit.__main__"}
    )
    assert stray == []


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_the_layers_below_it(layer: str) -> None:
    """A layer imports only itself and the layers its entry in ALLOWED names."""
    wrong = sorted(
        f"{source} -> {target}"
        for source, targets in graph().items()
        if layer_of(source) == layer
        for target in targets
        if layer_of(target) != layer and layer_of(target) not in ALLOWED[layer]
    )
    assert wrong == []


def test_no_module_is_part_of_an_import_cycle() -> None:
    """The module graph has no cycles, lazy and TYPE_CHECKING imports included.

    A package's ``__init__`` counts as importing its submodules only where it does so
    explicitly, and a submodule importing its own package's ``__init__`` is an edge too.
    """
    edges = graph()
    cycles: list[list[str]] = []
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    counter = 0

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    assert cycles == []


def test_facade_and_cli_are_imported_by_nothing_inside_the_package() -> None:
    """Internal modules never import the facade or the command line."""
    wrong = sorted(
        f"{source} -> {target}"
        for source, targets in graph().items()
        for target in targets
        if (target == "refkit" or layer_of(target) == "cli")
        and source != "refkit"
        and layer_of(source) != "cli"
        and source != "refkit.__main__"
    )
    assert wrong == []
