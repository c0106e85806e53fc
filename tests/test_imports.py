"""The import graphs of ``fluxforge`` and of the studio (``app/``) have no cycles.

Each module's source is parsed with :mod:`ast`; every import statement at
module level (also inside a module-level ``if`` or ``try``, not inside
functions or classes, which run later) gives an edge to the module it names
in the same package: ``from a.b import c`` names ``a.b.c`` when that is a
module, else ``a.b``; relative imports are resolved. A cycle would make
import order matter (a module seeing a half-initialised one); imports made
inside functions are the way to break one.
"""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {"fluxforge": ROOT / "fluxforge", "app": ROOT / "app"}


def modules_of(package, folder):
    """{module name: source path} of every .py file of the package."""
    found = {}
    for path in sorted(folder.rglob("*.py")):
        parts = list(path.relative_to(folder.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        if "benchmarks" not in parts:
            found[".".join(parts)] = path
    return found


def module_level_imports(tree):
    """Import nodes run when the module is imported (not those in functions or classes)."""
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, (ast.If, ast.Try, ast.With)):
            stack.extend(ast.iter_child_nodes(node))
        elif isinstance(node, ast.ExceptHandler):
            stack.extend(node.body)


def targets(node, name, is_package, modules):
    """Modules of ``modules`` that import ``node`` in module ``name`` runs."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in modules}
    base = node.module or ""
    if node.level:
        package = name.split(".")
        package = package if is_package else package[:-1]
        package = package[:len(package) - (node.level - 1)]
        base = ".".join(package + ([node.module] if node.module else []))
    found = set()
    for alias in node.names:
        if f"{base}.{alias.name}" in modules:
            found.add(f"{base}.{alias.name}")
        elif base in modules:
            found.add(base)
    return found


def import_graph(package, folder):
    modules = modules_of(package, folder)
    graph = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(), str(path))
        edges = set()
        for node in module_level_imports(tree):
            edges |= targets(node, name, path.name == "__init__.py", modules)
        graph[name] = edges - {name}
    return graph


def find_cycle(graph):
    """One cycle as a list of module names (first repeated at the end), or None."""
    state = {}

    def visit(name, path):
        state[name] = "open"
        for nxt in sorted(graph[name]):
            if state.get(nxt) == "open":
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                cycle = visit(nxt, path + [nxt])
                if cycle:
                    return cycle
        state[name] = "done"
        return None

    for name in sorted(graph):
        if name not in state:
            cycle = visit(name, [name])
            if cycle:
                return cycle
    return None


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_the_import_graph_has_no_cycle(package):
    graph = import_graph(package, PACKAGES[package])
    assert len(graph) > 10 and sum(map(len, graph.values())) > 10   # the walk found the modules
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_a_cycle_would_be_found(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("from . import b\n")
    (package / "a.py").write_text("import os\nfrom .sub.b import thing\n")
    (package / "sub" / "b.py").write_text("try:\n    from ..a import x\nexcept ImportError:\n"
                                          "    pass\n\ndef f():\n    import pkg.c\n")
    (package / "c.py").write_text("from pkg import a\n")
    graph = import_graph("pkg", package)
    assert graph["pkg.a"] == {"pkg.sub.b"} and graph["pkg.sub.b"] == {"pkg.a"}
    assert graph["pkg.sub"] == {"pkg.sub.b"} and graph["pkg.c"] == {"pkg.a"}
    assert find_cycle(graph) == ["pkg.a", "pkg.sub.b", "pkg.a"]
