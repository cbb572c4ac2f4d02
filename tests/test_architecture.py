"""Imports follow the layers of docs/architecture.md: a module may import its own layer and
the layers below it, never one above; and no modules import each other in a circle, within
a layer too. Every import counts, function-local and ``TYPE_CHECKING`` ones included."""

from __future__ import annotations

import ast
import functools
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The one module-to-layer map (longest matching prefix wins), lowest layer first.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "core",
        (
            "emgauge.activations",
            "emgauge.chat_data",
            "emgauge.cluster",
            "emgauge.contrast_data",
            "emgauge.conversations",
            "emgauge.data",
            "emgauge.errors",
            "emgauge.files",
            "emgauge.gradients",
            "emgauge.models",
            "emgauge.plugins",
            "emgauge.precision",
            "emgauge.progress",
            "emgauge.provider",
            "emgauge.quiet",
            "emgauge.schemas",
            "emgauge.settings",
            "emgauge.stats",
            "emgauge.vllm_server",
        ),
    ),
    ("tasks", ("emgauge.tasks",)),
    ("judges", ("emgauge.judges",)),
    ("evals", ("emgauge.evals",)),
    ("mitigations", ("emgauge.mitigations",)),
    ("training", ("emgauge.adapters", "emgauge.finetune", "emgauge.training_methods")),
    ("diagnostics", ("emgauge.diagnostics",)),
    (
        "pipeline",
        (
            "emgauge",  # the package itself, and anything not listed above
            "emgauge._registry",
            "emgauge.arm_training",
            "emgauge.cli",
            "emgauge.dose_response",
            "emgauge.experiment_schema",
            "emgauge.experiment_settings",
            "emgauge.experiments",
            "emgauge.judge_panel",
            "emgauge.judge_panel_report",
            "emgauge.leaderboard",
            "emgauge.leaderboard_markdown",
            "emgauge.leaderboard_plots",
            "emgauge.planning",
            "emgauge.run_folder",
            "emgauge.stages",
            "emgauge.utility_cost",
            "emgauge.sweep",
        ),
    ),
)
RANK = {name: rank for rank, (name, _) in enumerate(LAYERS)}
PREFIXES = {prefix: name for name, prefixes in LAYERS for prefix in prefixes}

#: Source folder -> the package it installs as (pyproject's package-dir).
PACKAGE_DIRS = {
    "src/emgauge": "emgauge",
    "evals": "emgauge.evals",
    "tasks": "emgauge.tasks",
    "judges": "emgauge.judges",
    "mitigations": "emgauge.mitigations",
    "diagnostics": "emgauge.diagnostics",
}


def layer_of(module: str) -> str:
    """The layer of a dotted ``emgauge`` module name, by its longest listed prefix."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        name = PREFIXES.get(".".join(parts[:end]))
        if name is not None:
            return name
    raise AssertionError(f"{module} is not an emgauge module")


def module_name(path: Path) -> str:
    for folder, package in PACKAGE_DIRS.items():
        base = ROOT / folder
        if path.is_relative_to(base):
            parts = list(path.relative_to(base).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            return ".".join([package, *parts])
    raise AssertionError(path)


def source_files() -> list[Path]:
    files = [p for folder in PACKAGE_DIRS for p in (ROOT / folder).rglob("*.py")]
    # A folder listed on its own (evals/) is not also part of another one (src/emgauge).
    return sorted(set(files))


def imported_modules(tree: ast.AST, module: str, is_package: bool) -> list[tuple[int, str]]:
    """``(line, module)`` of every ``emgauge`` import in ``tree``, relative ones resolved."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            # ``from emgauge.x import y`` may name a submodule y: judge it by the deepest.
            found += [(node.lineno, f"{target}.{a.name}") for a in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] == "emgauge"]


@functools.cache
def imports_of(path: Path) -> list[tuple[int, str]]:
    """:func:`imported_modules` of one source file (parsed once for both checks)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return imported_modules(tree, module_name(path), path.name == "__init__.py")


def test_every_package_folder_is_installed() -> None:
    """A folder of modules missing from pyproject's ``packages`` is left out of the wheel:
    the checkout works, an installed emgauge fails to import it."""
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {module_name(init) for init in source_files() if init.name == "__init__.py"}
    assert found <= listed, f"add to pyproject's packages: {sorted(found - listed)}"


def test_every_module_has_a_layer() -> None:
    for path in source_files():
        layer_of(module_name(path))


def test_imports_point_down_the_layers() -> None:
    violations = []
    for path in source_files():
        module = module_name(path)
        own = RANK[layer_of(module)]
        for line, target in imports_of(path):
            if RANK[layer_of(target)] > own:
                violations.append(
                    f"{path.relative_to(ROOT)}:{line}: {module} ({layer_of(module)}) imports "
                    f"{target} ({layer_of(target)})"
                )
    assert not violations, "imports against the layers:\n" + "\n".join(violations)


def test_the_check_sees_a_violation() -> None:
    tree = ast.parse("def f():\n    from emgauge.finetune import finetune\n")
    ((line, target),) = imported_modules(tree, "emgauge.evals.x", False)
    assert line == 2 and RANK[layer_of(target)] > RANK[layer_of("emgauge.evals.x")]


def import_graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports (a ``from a.b import c`` of a name counts
    as an import of ``a.b``; of a submodule, as one of ``a.b.c``)."""
    paths = {module_name(path): path for path in source_files()}
    graph: dict[str, set[str]] = {module: set() for module in paths}
    for module, path in paths.items():
        for _, target in imports_of(path):
            parts = target.split(".")
            found = next(
                (
                    ".".join(parts[:end])
                    for end in range(len(parts), 0, -1)
                    if ".".join(parts[:end]) in paths
                ),
                None,
            )
            if found is not None and found != module:
                graph[module].add(found)
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other in a circle (strongly connected
    components of more than one module, Tarjan's algorithm), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return cycles


def test_no_import_cycles() -> None:
    cycles = import_cycles(import_graph())
    assert not cycles, "modules that import each other in a circle:\n" + "\n".join(
        " <-> ".join(group) for group in cycles
    )


def test_the_cycle_check_sees_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert import_cycles(graph) == [["a", "b", "c"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []
