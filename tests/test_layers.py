"""The package's import graph: no cycle between modules, none between its layers.

Imports inside functions count too (hiding a cycle in a function is still a cycle); only those
under ``if TYPE_CHECKING:`` are left out, since they never run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "workshop"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def runtime_imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement that runs, at module level or in a function."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in skipped:
            yield node


def imports_of(name: str) -> set[str]:
    """The modules of the package that ``name`` imports."""
    path = MODULES[name]
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in runtime_imports(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in MODULES)
            continue
        if node.level:
            base = package[: len(package) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
        else:
            target = node.module or ""
        for alias in node.names:
            if f"{target}.{alias.name}" in MODULES:
                found.add(f"{target}.{alias.name}")  # a module imported from its package
            elif target in MODULES:
                found.add(target)
    found.discard(name)
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    """Each module of the package → the package's modules it imports (read once, when used)."""
    return {name: imports_of(name) for name in MODULES}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def layer(name: str) -> str:
    """The layer a module belongs to: the package's direct child (``workshop.services``)."""
    return ".".join(name.split(".")[:2])


def test_does_no_module_import_itself_through_others(graph):
    assert cycles(graph) == []


def test_do_the_layers_only_point_down(graph):
    between: dict[str, set[str]] = {}
    for name, targets in graph.items():
        for target in targets:
            if layer(target) != layer(name):
                between.setdefault(layer(name), set()).add(layer(target))

    assert cycles(between) == []


def test_does_the_walk_see_a_cycle_hidden_in_a_function():
    tree = ast.parse("def late():\n    from . import b\n")
    assert [type(node).__name__ for node in runtime_imports(tree)] == ["ImportFrom"]
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
