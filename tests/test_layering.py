"""The library never imports the CLI, and no two library modules import each other at load time."""

from __future__ import annotations

import ast
import pathlib

import pytest

SRC = pathlib.Path(__file__).resolve().parents[1] / "src" / "trilateral"


def _module(path: pathlib.Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: pathlib.Path, top_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return {m for m in found if m.startswith("trilateral")}


LIBRARY = [p for p in SRC.rglob("*.py") if "cli" not in p.relative_to(SRC).parts[:1]]


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: str(p.relative_to(SRC)))
def test_library_never_imports_the_cli(path: pathlib.Path) -> None:
    bad = {m for m in _imports(path, top_level_only=False) if m.startswith("trilateral.cli")}
    assert not bad, f"{path.relative_to(SRC)} imports {sorted(bad)}"


def test_no_import_cycles_between_library_modules() -> None:
    modules = {_module(p): p for p in LIBRARY}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps = {m for m in _imports(path, top_level_only=False) if m in modules and m != name}
        graph[name] = {d for d in deps if not name.startswith(d + ".")}
    # every module must be reachable from itself only through a cycle: find one with DFS
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                cycle = stack[stack.index(dep):] + [dep]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if dep not in state:
                visit(dep)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
