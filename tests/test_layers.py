"""The package's layers (docs/explanation/design.md): each layer imports only itself and the layers below it, and no module
imports itself back through others. Read from the source, every import counted (those inside functions too, and
those only for type checkers): a layer's dependencies are what its code names, not what happens to run first."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "eventkit"

# Bottom to top. The modules at the top of the package (errors, output, resources) are below every layer.
LAYERS = ("text", "event", "language", "calendar", "participants", "documents", "build", "preview", "cli")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, modules: set[str]) -> set[str]:
    """The eventkit modules that ``path`` imports (a name imported from a package counts as its submodule when
    there is one)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.add(candidate if candidate in modules else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m in modules and m != name}


def import_graph() -> dict[str, set[str]]:
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: imported_modules(path, set(paths)) for name, path in paths.items()}


def layer_of(module: str) -> int:
    """0 for the package's own top modules, 1.. for the layers."""
    parts = module.split(".")
    if len(parts) < 2 or parts[1] not in LAYERS:
        return 0
    return LAYERS.index(parts[1]) + 1


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
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


def test_every_module_is_in_a_layer_or_at_the_top():
    for module in import_graph():
        parts = module.split(".")
        assert len(parts) <= 2 or parts[1] in LAYERS, f"{module}: not in any of the layers {LAYERS}"


def test_no_layer_imports_a_layer_above_it():
    upward = [
        f"{module} ({LAYERS[layer_of(module) - 1] if layer_of(module) else 'top'}) imports {target} "
        f"({LAYERS[layer_of(target) - 1]})"
        for module, targets in import_graph().items()
        for target in sorted(targets)
        if layer_of(target) > layer_of(module) and module != "eventkit.__main__"
    ]
    assert not upward, "imports from a lower layer to a higher one:\n" + "\n".join(upward)


def test_no_import_cycles():
    found = cycles(import_graph())
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)


def test_the_checker_sees_a_cycle_and_an_upward_import():
    """The checks above can fail: a made-up graph with both defects is caught."""
    graph = {
        "eventkit.event.a": {"eventkit.event.b"},
        "eventkit.event.b": {"eventkit.event.a"},
        "eventkit.text.c": {"eventkit.cli.d"},
        "eventkit.cli.d": set(),
    }
    assert cycles(graph) == [["eventkit.event.a", "eventkit.event.b"]]
    assert layer_of("eventkit.text.c") < layer_of("eventkit.cli.d")
