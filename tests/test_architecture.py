"""The layout is the architecture: imports run one way down the pipeline, with no circle (imports inside
functions included), heavy libraries stay where documents are made, and modules stay small."""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import REPO

SRC = REPO / "src" / "fzcj"
LAYERS = ["cli", "api", "report", "render", "status", "review", "evidence", "data", "common"]
"""From the top down: a module may import its own layer and the layers below it, never one above.
report and render are side by side (neither imports the other)."""
COMMON = {"problems", "errors", "text", "fsutil", "staging"}
SIDE_BY_SIDE = {frozenset({"report", "render"})}
ONLY_IN = {
    "typer": ("cli",),
    # python-docx and openpyxl write the documents in report/; data.table_import also READS a county's own
    # Word or Excel task table with them (for `fzcj new`), inside its functions only.
    "docx": ("report.docx", "data.table_import"),
    "lxml": ("report.docx",),
    "openpyxl": ("report.xlsx", "data.table_import"),
    "yaml": ("data.yamlsource",),
}
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    found = {}
    for path in SRC.rglob("*.py"):
        name = ".".join(path.relative_to(SRC).with_suffix("").parts)
        found[name.removesuffix(".__init__") if name != "__init__" else ""] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> Iterator[str]:
    """Every module named by an import anywhere in the file (inside functions and TYPE_CHECKING too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = ["fzcj", *package.split(".")] if package else ["fzcj"]
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def _internal(target: str) -> str | None:
    """``fzcj.status.views.TaskRow`` → ``status.views`` (the module part), or None for other packages."""
    if target != "fzcj" and not target.startswith("fzcj."):
        return None
    parts = target.split(".")[1:]
    while parts and ".".join(parts) not in MODULES:
        parts.pop()
    return ".".join(parts)


def _layer(module: str) -> str:
    top = module.split(".")[0]
    if top in COMMON or module == "":
        return "common"
    return "cli" if top == "__main__" else top


@functools.cache
def _edges() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        for target in _imports(name, path):
            internal = _internal(target)
            if internal is None or internal == name:
                continue
            if (path.name == "__init__.py" and internal.startswith(f"{name}.")) or name == "":
                continue  # a package's __init__ re-exporting its own modules
            edges[name].add(internal)
    return edges


def test_every_module_belongs_to_a_layer() -> None:
    for name in MODULES:
        assert _layer(name) in LAYERS, f"{name} is in no layer of {LAYERS}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_run_one_way_down_the_pipeline(name: str) -> None:
    """cli → api → {report, render} → status → review → evidence → data → problems/errors/text/fsutil."""
    here = LAYERS.index(_layer(name))
    for target in _edges()[name]:
        there = LAYERS.index(_layer(target))
        pair = frozenset({_layer(name), _layer(target)})
        assert (there >= here and pair not in SIDE_BY_SIDE) or _layer(name) == _layer(target), (
            f"{name} ({_layer(name)}) imports {target} ({_layer(target)}), a layer above or beside it"
        )


def test_no_import_circles() -> None:
    """Not even one hidden by an import inside a function."""
    edges = _edges()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in edges[node]:
            if state.get(nxt) == 1:
                circle = [*stack[stack.index(nxt) :], nxt]
                pytest.fail("import circle: " + " → ".join(circle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in edges:
        if node not in state:
            visit(node)


@pytest.mark.parametrize("library", sorted(ONLY_IN))
def test_heavy_or_front_end_libraries_stay_in_their_package(library: str) -> None:
    """typer only in the CLI; python-docx only in report/docx; openpyxl only in report/xlsx; PyYAML only
    in the YAML reader."""
    allowed = ONLY_IN[library]
    for name, path in MODULES.items():
        uses = any(t == library or t.startswith(library + ".") for t in _imports(name, path))
        if uses:
            assert any(name == a or name.startswith(a + ".") for a in allowed), (
                f"{name} imports {library}, which belongs in {allowed}"
            )


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_small(name: str) -> None:
    lines = MODULES[name].read_text("utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines (at most {MAX_LINES}): split it by subject"


def test_the_package_exports_the_api() -> None:
    import fzcj
    from fzcj import api

    for name in fzcj.__all__:
        assert getattr(fzcj, name) is not None
    for name in api.__all__:
        if name not in ("status", "report"):  # the names of subpackages: api.status, api.report
            assert getattr(fzcj, name) is getattr(api, name), f"fzcj does not re-export api.{name}"
            assert name in dir(fzcj)
