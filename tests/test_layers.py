"""Imports point one way: notebooks -> pages -> widgets -> domain -> base.

A newcomer can follow one rule only if the code keeps it. This reads every module
under src/sbs_training with ``ast`` (imports at module level and inside functions
alike, and imports by string: ``importlib.import_module("sbs_training.x")`` or a
registry's ``"sbs_training.x:Model"``) and fails when a module imports a layer above
its own, when the command line reaches for the page or widget layers, when modules
import each other in a ring (directly or through others), when a module belongs to
no named layer, or when a notebook imports anything but ``sbs_training.pages``.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "src" / "sbs_training"
NOTEBOOK_FOLDERS = (REPO / "workbooks", REPO / "gallery")

# Layers, highest first. A module may import its own layer or any layer below it.
# Each entry is a module name or a package prefix (``sbs_training.x`` covers ``sbs_training.x.*``).
# Every module must fall under one entry: the folders below are the architecture.
LAYERS: dict[str, dict[str, str]] = {
    "pages": {
        "sbs_training.pages": "the only place that puts widgets together for notebooks",
    },
    "widgets": {
        "sbs_training.widgets": "ipywidgets and their front ends; know nothing about pages",
    },
    "domain": {
        "sbs_training.server": "the standalone guard, fixes to Voila, Voila's settings on Binder and JupyterHub",
        "sbs_training.cohort": "what a cohort sees around the workbooks: help panel, welcome, list page, Binder",
        "sbs_training.sessions": "real sessions: debriefs, the supervision pack, the session planner, group agreements",
        "sbs_training.selfcare": "check-in rules, trend, chart, Looking back, the plan, the calendar reminder",
        "sbs_training.scenarios": "a play through a scenario, and Your pattern",
        "sbs_training.course": "progress from the journal, the progress card, the trainer's summary, the badge",
        "sbs_training.statements": "the boundaries statement a trainee downloads",
        "sbs_training.exchange": "export and import formats for the whole journal",
        "sbs_training.search": "My journal's search: everything written, by workbook, newest first",
    },
    "base": {
        "sbs_training": "the package itself: only __version__, kept import-light",
        "sbs_training.store": "the one private journal, where it lives, when a visit starts",
        "sbs_training.content": "content models, the six roles, the one loader, the authors' wording measure",
        "sbs_training.documents": "the one document model and its HTML and Markdown renderers",
        "sbs_training.errors": "the user-facing error type",
        "sbs_training.resources": "finding packaged workbooks and files",
        "sbs_training.config": "the cohort settings every layer may read",
    },
}

# Apps beside the pages layer: they may use domain and base, never pages or widgets.
APPS: dict[str, str] = {
    "sbs_training.cli": "the command line: must start fast and run without a browser or widgets",
    "sbs_training.__main__": "`python -m sbs_training` hands over to the command line",
}
APP_MAY_USE = {"domain", "base", "app"}

RANK = {"pages": 3, "widgets": 2, "domain": 1, "base": 0}
NOTEBOOKS_MAY_IMPORT = "sbs_training.pages"
BY_STRING = re.compile(r"^(sbs_training(?:\.[A-Za-z_]\w*)*)(?::\w+)?$")


def _covers(prefix: str, module: str) -> bool:
    if prefix == "sbs_training":
        return module == "sbs_training"
    return module == prefix or module.startswith(prefix + ".")


def layer_of(module: str) -> str | None:
    """The layer a module belongs to: the longest matching entry wins; None for a module no entry names."""
    best, found = -1, None
    for name, entries in [*LAYERS.items(), ("app", APPS)]:
        for prefix in entries:
            if _covers(prefix, module) and len(prefix) > best:
                best, found = len(prefix), name
    return found


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(tree: ast.AST, package: list[str], known: set[str], *, by_string: bool = True) -> set[str]:
    """Every dotted name a parsed module imports: statements anywhere, and ``sbs_training...`` strings."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            # `from a import b` names module a.b when b is a module, else something inside a.
            targets = [f"{source}.{a.name}" if f"{source}.{a.name}" in known else source for a in node.names]
        elif (
            by_string and isinstance(node, ast.Constant) and isinstance(node.value, str) and BY_STRING.match(node.value)
        ):
            targets = [BY_STRING.match(node.value).group(1)]  # type: ignore[union-attr]
        else:
            continue
        found.update(targets)
    return found


def nearest_module(target: str, known: set[str]) -> str:
    while target and target not in known:
        target = target.rpartition(".")[0]
    return target


def imports_of(path: Path, root: Path, known: set[str], *, by_string: bool = True) -> set[str]:
    """Every sbs_training module ``path`` imports, wherever the import statement sits."""
    name = module_name(path, root)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = {nearest_module(t, known) for t in imported_names(tree, package, known, by_string=by_string)}
    return {t for t in found if t and t != name}


def import_map(root: Path = PACKAGE, *, by_string: bool = True) -> dict[str, set[str]]:
    """Module -> the modules it imports. ``by_string=False`` leaves out names given as strings: a registry
    that loads its own package's modules lazily by name (the content kinds, the commands) is a plugin list,
    not a ring, though it still must point down or sideways like any import."""
    files = sorted(root.rglob("*.py"))
    known = {module_name(f, root) for f in files}
    return {module_name(f, root): imports_of(f, root, known, by_string=by_string) for f in files}


def upward(graph: Mapping[str, Iterable[str]]) -> list[str]:
    """Every import that points to a higher layer, or from an app to pages or widgets."""
    wrong = []
    for source, targets in graph.items():
        mine = layer_of(source)
        for target in sorted(targets):
            theirs = layer_of(target)
            if mine is None or theirs is None:
                continue  # reported by test_every_module_belongs_to_a_named_layer
            if mine == "app":
                bad = theirs not in APP_MAY_USE
            elif theirs == "app":
                bad = True
            else:
                bad = RANK[theirs] > RANK[mine]
            if bad:
                wrong.append(f"{source} ({mine}) imports {target} ({theirs})")
    return wrong


def cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Groups of modules that reach each other through imports (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    rings: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            ring = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                ring.append(top)
                if top == node:
                    break
            if len(ring) > 1:
                rings.append(sorted(ring))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return rings


def test_no_module_imports_a_layer_above_its_own() -> None:
    assert upward(import_map()) == []


def test_no_modules_import_each_other() -> None:
    assert cycles(import_map(by_string=False)) == []


def test_every_module_belongs_to_a_named_layer() -> None:
    """No catch-all: a new module (or folder) is placed in the architecture on purpose."""
    assert [m for m in import_map() if layer_of(m) is None] == []


def notebook_imports(path: Path) -> set[str]:
    """The modules a notebook's code cells import (IPython magics skipped)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found: set[str] = set()
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", ""))
        code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
        found |= imported_names(ast.parse(code, filename=str(path)), [], set())
    return found


def notebooks() -> list[Path]:
    return sorted(p for folder in NOTEBOOK_FOLDERS for p in folder.rglob("*.ipynb"))


def test_notebooks_import_only_the_pages_layer() -> None:
    wrong = {
        str(nb.relative_to(REPO)): sorted(
            t for t in notebook_imports(nb) if t.startswith("sbs_training") and not _covers(NOTEBOOKS_MAY_IMPORT, t)
        )
        for nb in notebooks()
    }
    assert {k: v for k, v in wrong.items() if v} == {}
    assert len(notebooks()) >= 25  # every workbook, trainer workbook and gallery notebook was read


def test_the_notebook_check_catches_a_widget_import(tmp_path: Path) -> None:
    nb = tmp_path / "x.ipynb"
    nb.write_text(
        json.dumps(
            {
                "cells": [
                    {"cell_type": "code", "source": ["%matplotlib inline\n", "from sbs_training.widgets import c\n"]},
                    {
                        "cell_type": "code",
                        "source": ["import importlib\n", "importlib.import_module('sbs_training.x')\n"],
                    },
                ]
            }
        )
    )
    assert notebook_imports(nb) >= {"sbs_training.widgets", "sbs_training.x"}


def test_every_listed_module_exists() -> None:
    """A name in the layer lists that matches nothing is a stale rule, not a passing one."""
    modules = set(import_map())
    for entries in [*LAYERS.values(), APPS]:
        for prefix in entries:
            assert any(_covers(prefix, m) for m in modules), prefix


def test_checker_catches_an_upward_import_and_a_ring() -> None:
    graph = {
        "sbs_training.sessions.planner": {"sbs_training.widgets.checklist", "sbs_training.store.journal"},
        "sbs_training.helpers": {"sbs_training.store.journal"},
        "sbs_training.widgets.checklist": {"sbs_training.store.journal"},
        "sbs_training.store.journal": set(),
        "sbs_training.cli.export": {"sbs_training.widgets.base", "sbs_training.exchange"},
        "sbs_training.widgets.base": set(),
        "sbs_training.exchange": {"sbs_training.sessions.debrief_records"},
        "sbs_training.sessions.debrief_records": {"sbs_training.selfcare"},
        "sbs_training.selfcare": {"sbs_training.exchange"},
        "sbs_training.cohort": {"sbs_training.cohort.help_panel"},
        "sbs_training.cohort.help_panel": {"sbs_training.cohort"},
    }
    assert upward(graph) == [
        "sbs_training.sessions.planner (domain) imports sbs_training.widgets.checklist (widgets)",
        "sbs_training.cli.export (app) imports sbs_training.widgets.base (widgets)",
    ]
    assert sorted(cycles(graph)) == [
        ["sbs_training.cohort", "sbs_training.cohort.help_panel"],
        ["sbs_training.exchange", "sbs_training.selfcare", "sbs_training.sessions.debrief_records"],
    ]


def test_checker_reads_imports_inside_functions(tmp_path: Path) -> None:
    root = tmp_path / "sbs_training"
    (root / "pages").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "pages" / "__init__.py").write_text("")
    (root / "store").mkdir()
    (root / "store" / "__init__.py").write_text("")
    (root / "store" / "journal.py").write_text("def later():\n    from sbs_training.pages import start\n")
    (root / "cohort.py").write_text("def later():\n    from .store import journal\n")
    (root / "registry.py").write_text("KINDS = {'x': 'sbs_training.pages:Thing'}\n")
    graph = import_map(root)
    assert graph["sbs_training.store.journal"] == {"sbs_training.pages"}
    assert graph["sbs_training.cohort"] == {"sbs_training.store.journal"}
    assert graph["sbs_training.registry"] == {"sbs_training.pages"}
    assert upward(graph) == ["sbs_training.store.journal (base) imports sbs_training.pages (pages)"]
    assert layer_of("sbs_training.registry") is None  # no layer names it: the real tree would fail
