"""No import circles in ``src/matchmaker``.

The graph has an edge ``M -> N`` for every ``import``/``from ... import`` in module ``M``
that names module ``N``, at the top of the file or inside a function (a lazy import
still ties the two modules together); imports under ``if TYPE_CHECKING:`` are left out,
since they never run.  ``from package import name`` counts as an import of the module
that defines ``name`` (a package ``__init__`` only re-exports), so a circle hidden behind
a re-export is still found; the ``__init__`` modules themselves are not nodes, since
re-exporting the package's own parts is what they are for.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "matchmaker"


def _modules() -> dict[str, Path]:
    """Dotted name → file, for every module and package of the package (``pkg`` for ``pkg/__init__.py``)."""
    out: dict[str, Path] = {}
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()
PACKAGES = {name for name, path in MODULES.items() if path.name == "__init__.py"}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(name: str) -> list[tuple[str, tuple[str, ...]]]:
    """``(module, names)`` of every import statement that runs (``names`` empty for ``import x``)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    package = name if name in PACKAGES else name.rpartition(".")[0]
    found: list[tuple[str, tuple[str, ...]]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((alias.name, ()) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((base, tuple(alias.name for alias in node.names)))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return [(module, names) for module, names in found if module.split(".")[0] == PACKAGE]


def _defining_module(package: str, name: str, seen: frozenset[str] = frozenset()) -> str:
    """The module that ``from package import name`` really reads ``name`` from."""
    if package in PACKAGES and package not in seen:
        # what the package's __init__ binds wins over a submodule of the same name
        # (``matchmaker.scheduling.schedule`` is the function, not the module)
        for module, names in _imports(package):
            if name in names:
                return _defining_module(module, name, seen | {package})
    if f"{package}.{name}" in MODULES:
        return f"{package}.{name}"
    return package


def import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for name in MODULES:
        if name in PACKAGES:
            continue
        graph.add_node(name)
        for module, names in _imports(name):
            targets = [_defining_module(module, n) for n in names] if names else [module]
            for target in targets:
                if target in MODULES and target not in PACKAGES and target != name:
                    graph.add_edge(name, target)
    return graph


def test_the_graph_sees_imports_of_every_kind() -> None:
    """The graph is not empty by accident: top-level, function-level and re-exported imports show."""
    graph = import_graph()
    assert graph.number_of_nodes() > 50
    # top level, through the re-export of matchmaker.scheduling
    assert graph.has_edge("matchmaker.pipeline", "matchmaker.scheduling.timetable")
    # inside a function (MatchmakingResult.shortfalls)
    assert graph.has_edge("matchmaker.pipeline", "matchmaker.reporting.shortfalls")
    # TYPE_CHECKING only: no edge
    assert not graph.has_edge("matchmaker.pipeline", "matchmaker.model.participant")


def test_a_circle_would_be_found() -> None:
    """The oracle can fail: two modules importing each other lazily form a cycle."""
    graph = import_graph()
    graph.add_edge("matchmaker.scheduling.timetable", "matchmaker.pipeline")
    assert not nx.is_directed_acyclic_graph(graph)


def test_no_import_circles_in_src() -> None:
    graph = import_graph()
    circles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert not circles, f"import circles: {circles}; e.g. {nx.find_cycle(graph)}"
