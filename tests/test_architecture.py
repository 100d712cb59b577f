"""The package's import graph: no cycles, and private modules do not lean on public façades.

Every import counts: module level, inside functions (deferred) and under ``TYPE_CHECKING``.
An import of ``a.b.c`` is an edge to the module ``a.b.c`` (``from a.b import c`` is an edge to
``a.b.c`` where that is a module); the implicit import of the parent packages is not an edge, as
the parent package of a private module is where its public façade lives.

Public façade modules, the import paths of the reference library (``compat/reference_names.json``
lists them, ``singer_sdk.helpers._typing`` included), re-export names whose code lives in this
library's own modules (``_messages/``, ``_sinks/``, ...). One of those that imports from a façade
turns that around; the few that must are listed in ``PRIVATE_TO_PUBLIC`` with the reason.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "singer_sdk"
REFERENCE_NAMES = Path(__file__).resolve().parent / "compat" / "reference_names.json"

#: Private module -> public module imports that are allowed, with the reason for each.
PRIVATE_TO_PUBLIC: dict[tuple[str, str], str] = {}
#: The most entries ``PRIVATE_TO_PUBLIC`` may have.
MAX_PRIVATE_TO_PUBLIC = 5


def _modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The modules of the package that ``name`` imports, anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                # ``from package import module`` imports the module; the package is its parent.
                submodule = f"{target}.{alias.name}"
                found.add(submodule if submodule in MODULES else target)
    return {module for module in found if module in MODULES and module != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


#: Reference import paths that are not façades but the home of their own code: the test
#: templates and runners of ``singer_sdk.testing``, which connectors' test suites subclass and
#: which that package's own helper modules build on.
OWN_HOMES = "singer_sdk.testing"
#: The public façades: every other module at one of the reference's import paths.
FACADES = {
    module
    for module in json.loads(REFERENCE_NAMES.read_text(encoding="utf-8"))["modules"]
    if module in MODULES and not (module == OWN_HOMES or module.startswith(OWN_HOMES + "."))
}


def _is_private(module: str) -> bool:
    return module not in FACADES


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_the_package_has_no_import_cycles() -> None:
    cycles = _cycles(GRAPH)
    assert cycles == [], "import cycles (each a set of modules importing each other):\n" + (
        "\n".join(" <-> ".join(cycle) for cycle in cycles)
    )


def test_private_modules_do_not_import_public_facades() -> None:
    found = sorted(
        (module, target)
        for module, targets in GRAPH.items()
        if _is_private(module)
        for target in targets
        if not _is_private(target)
    )
    unexpected = [edge for edge in found if edge not in PRIVATE_TO_PUBLIC]
    assert unexpected == [], "private modules importing public ones:\n" + "\n".join(
        f"{module} -> {target}" for module, target in unexpected
    )
    stale = sorted(set(PRIVATE_TO_PUBLIC) - set(found))
    assert stale == [], f"allowed imports that no longer happen: {stale}"


def test_few_private_to_public_imports_are_allowed() -> None:
    assert len(PRIVATE_TO_PUBLIC) <= MAX_PRIVATE_TO_PUBLIC
    assert all(reason.strip() for reason in PRIVATE_TO_PUBLIC.values())


@pytest.mark.parametrize("module", ["singer_sdk._messages.codec", "singer_sdk._tap"])
def test_the_graph_sees_the_modules(module: str) -> None:
    assert module in GRAPH
    assert GRAPH[module] <= set(MODULES)
    assert _is_private(module)
    assert not _is_private("singer_sdk.helpers._typing")  # a reference path, so a façade
    assert _is_private("singer_sdk.testing.templates")  # the home of its own code


def test_exception_classes_report_their_public_module() -> None:
    """Moved to private homes, the exceptions still read ``singer_sdk.exceptions.X`` in
    tracebacks and pickles, as in the reference."""
    import pickle

    from singer_sdk import exceptions
    from singer_sdk.singerlib import exceptions as wire

    for name in exceptions.__all__:
        expected = wire.__name__ if name == "InvalidInputLine" else exceptions.__name__
        assert getattr(exceptions, name).__module__ == expected, name
    for name in wire.__all__:
        assert getattr(wire, name).__module__ == wire.__name__, name
    error = pickle.loads(pickle.dumps(exceptions.ConfigValidationError("bad", errors=["x"])))
    assert type(error) is exceptions.ConfigValidationError
