"""The shape of the code: stages import only earlier stages, and nothing imports in a cycle.

Layers, earliest first (DESIGN.md): shared knowledge (errors, resources, vocab), the RDF I/O layer
and labels, then the stages build -> validate -> query -> publish -> export/site, then the
notebook front end and the command line. An arrow from an earlier layer into a later one, or a
cycle, fails here with the modules named.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "budgetkg"

LAYERS = [
    ("budgetkg.errors", "budgetkg.resources", "budgetkg.vocab"),
    ("budgetkg.rdf", "budgetkg.labels"),
    ("budgetkg.build",),
    ("budgetkg.validate",),
    ("budgetkg.query",),
    ("budgetkg.publish",),
    ("budgetkg.export", "budgetkg.site"),
    ("budgetkg.kg",),
    ("budgetkg.cli", "budgetkg.__main__"),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The budgetkg modules ``name`` imports (the module itself when ``from X import module``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_pkg = path.name == "__init__.py"
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_pkg else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            for a in node.names:
                full = f"{base}.{a.name}"
                if full in known:
                    out.add(full)
                elif base in known:
                    out.add(base)
    out.discard(name)
    return out


def layer(name: str) -> int | None:
    for i, prefixes in enumerate(LAYERS):
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return i
    return None


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    graph = {name: imports_of(name, path, known) for name, path in found.items()}
    # the package itself is a facade: every module may read its __version__, and its open()
    # reaches the notebook front end only when called (an import inside the function)
    graph["budgetkg"] = set()
    return graph


def test_every_module_has_a_layer(graph):
    assert [m for m in graph if m != "budgetkg" and layer(m) is None] == []


def test_no_stage_imports_a_later_one(graph):
    upward = sorted((m, d) for m, deps in graph.items() if m != "budgetkg"
                    for d in deps if d != "budgetkg" and layer(d) > layer(m))
    assert upward == []


def test_no_import_cycles(graph):
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for d in sorted(graph[m]):
            if state.get(d) == 1:
                cycles.append(stack[stack.index(d):] + [d])
            elif d not in state:
                visit(d)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)
    assert cycles == []


def test_library_code_never_prints():
    offenders = []
    for name, path in modules().items():
        if layer(name) == len(LAYERS) - 1:
            continue  # the command line is where output belongs
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                f = node.func
                if (isinstance(f, ast.Name) and f.id == "print") or (
                        isinstance(f, ast.Attribute) and f.attr == "write"
                        and isinstance(f.value, ast.Attribute) and f.value.attr in ("stdout", "stderr")):
                    offenders.append(f"{name}:{node.lineno}")
    assert offenders == []
