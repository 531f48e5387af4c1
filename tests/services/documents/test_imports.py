"""The modules of the documents area import one another one way: no cycle, not even for type hints."""

from __future__ import annotations

import ast
from pathlib import Path

import zhoob_desktop.services.documents as documents

PACKAGE = "zhoob_desktop.services.documents"


def _graph() -> dict[str, set[str]]:
    folder = Path(documents.__file__).parent
    graph: dict[str, set[str]] = {}
    for path in folder.glob("*.py"):
        name = f"{PACKAGE}.{path.stem}"
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module == PACKAGE:  # "from ...documents import issue"
                    deps.update(f"{PACKAGE}.{alias.name}" for alias in node.names)
                elif node.module.startswith(PACKAGE + "."):
                    deps.add(node.module)
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name.startswith(PACKAGE + "."))
        graph[name] = deps - {name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                return stack[stack.index(dep) :] + [dep]
            if dep not in state and (found := visit(dep)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycle_inside_the_documents_area():
    graph = _graph()
    assert f"{PACKAGE}.issue" in graph and graph[f"{PACKAGE}.issue"]
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_the_cycle_finder_finds_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
