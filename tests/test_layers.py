"""The layer contract: models and services never import Qt; only ui does."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import zhoob_desktop

PACKAGE = Path(zhoob_desktop.__file__).parent

BLOCK_QT = r"""
import importlib, importlib.abc, pkgutil, sys

class BlockQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6.") or name.startswith("shiboken6"):
            raise ImportError("Qt is blocked below ui/: " + name)
        return None

sys.meta_path.insert(0, BlockQt())
import zhoob_desktop.models as models
import zhoob_desktop.services as services
count = 0
for pkg in (models, services):
    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
        if ".migrations" in info.name:
            continue  # Alembic scripts run only inside Alembic
        importlib.import_module(info.name)
        count += 1
import zhoob_desktop.cli
print(count)
"""


def test_core_imports_with_qt_blocked():
    result = subprocess.run([sys.executable, "-c", BLOCK_QT], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 5


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_qt_or_ui_import_below_ui():
    offenders = []
    for sub in ("models", "services", "commands"):
        for path in (PACKAGE / sub).rglob("*.py"):
            for name in _imports(path):
                if name.startswith(("PySide6", "shiboken6", "zhoob_desktop.ui")):
                    offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []


def test_models_do_not_import_services():
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in (PACKAGE / "models").rglob("*.py")
        for name in _imports(path)
        if name.startswith("zhoob_desktop.services")
    ]
    assert offenders == []


def test_ui_runs_no_sql():
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in (PACKAGE / "ui").rglob("*.py")
        for name in _imports(path)
        if name.startswith(("sqlalchemy", "sqlite3", "zhoob_desktop.models"))
    ]
    assert offenders == []


def _service_package_graph() -> dict[str, set[str]]:
    """Which package of ``services`` imports which other (a module at the top is its own package)."""
    root = PACKAGE / "services"
    graph: dict[str, set[str]] = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).parts
        own = parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")
        for name in _imports(path):
            if name.startswith("zhoob_desktop.services."):
                other = name.split(".")[2]
                if other != own:
                    graph.setdefault(own, set()).add(other)
    return graph


def test_service_packages_import_one_way():
    """No two packages of services import each other, directly or around a circle."""
    graph = _service_package_graph()
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        for nxt in sorted(graph.get(node, ())):
            circle = visit(nxt, [*path, node])
            if circle:
                return circle
        done.add(node)
        return None

    circles = [c for c in (visit(n, []) for n in sorted(graph)) if c]
    assert circles == []


def _service_module_graph() -> dict[str, set[str]]:
    """Which module of ``services`` imports which other, imports inside functions included."""
    root = PACKAGE / "services"
    prefix = "zhoob_desktop.services"
    paths: dict[str, Path] = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        paths[".".join([prefix, *parts])] = path
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = here
                for _ in range(max(node.level - 1, 0)):
                    base = base.rpartition(".")[0]
                module = (f"{base}.{node.module}" if node.module else base) if node.level else node.module
                for alias in node.names:
                    # "from package import module" depends on the module, not on the package's __init__
                    target = f"{module}.{alias.name}"
                    deps.add(target if target in paths else module)
            elif isinstance(node, ast.Import):
                deps.update(alias.name for alias in node.names)
        graph[name] = {d for d in deps if d in paths and d != name}
    return graph


def test_service_modules_import_one_way():
    """No circle between modules of services, even through an import deferred into a function.

    A deferred import hides a circle from Python but not from the reader: the two
    modules can no longer be understood, tested or moved one without the other.
    """
    graph = _service_module_graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def strong(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                strong(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            strong(node)
    assert circles == []
