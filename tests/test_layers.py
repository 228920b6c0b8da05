"""Imports point one way: notebooks -> pages -> widgets -> domain -> base.

A newcomer can follow one rule only if the code keeps it. This reads every module
under src/sbs_training with ``ast`` (imports at module level and inside functions
alike) and fails when a module imports a layer above its own, when the command
line reaches for the page or widget layers, or when modules import each other in
a ring (directly or through others).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "sbs_training"

# Layers, highest first. A module may import its own layer or any layer below it.
# Each entry is a module name or a package prefix (``sbs_training.x`` covers ``sbs_training.x.*``).
LAYERS: dict[str, dict[str, str]] = {
    "pages": {
        "sbs_training.pages": "the only place that puts widgets together for notebooks",
    },
    "widgets": {
        "sbs_training.widgets": "ipywidgets and their front ends; know nothing about pages",
    },
    # Everything not named elsewhere is domain: the rules of the work and its documents (planner,
    # selfcare, statements, exchange, debrief, triangles, ...), and the plumbing the pages and servers
    # share: visit (when a kernel's visit starts), binder (the temporary-session notice), help_panel,
    # welcome_message, workbook_list, binder_link, jupyter_setup, voila_fixes, serve_guard.
    "domain": {},
    "base": {
        "sbs_training": "the package itself: only __version__, kept import-light",
        "sbs_training.journal": "the one private store everything saves to",
        "sbs_training.content": "content models and the one loader",
        "sbs_training.errors": "the user-facing error type and saving()",
        "sbs_training.paths": "where the journal and exports live on disk",
        "sbs_training.resources": "finding packaged workbooks and files",
        "sbs_training.config": "the cohort settings every layer may read",
        "sbs_training.roles": "the six role ids, shared by content and domain",
    },
}
DOMAIN = "domain"

# Apps beside the pages layer: they may use domain and base, never pages or widgets.
APPS: dict[str, str] = {
    "sbs_training.cli": "the command line: must start fast and run without a browser or widgets",
    "sbs_training.__main__": "`python -m sbs_training` hands over to the command line",
}
APP_MAY_USE = {"domain", "base", "app"}

RANK = {"pages": 3, "widgets": 2, "domain": 1, "base": 0}


def _covers(prefix: str, module: str) -> bool:
    if prefix == "sbs_training":
        return module == "sbs_training"
    return module == prefix or module.startswith(prefix + ".")


def layer_of(module: str) -> str:
    """The layer a module belongs to: the longest matching entry wins, default domain."""
    best, found = -1, DOMAIN
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


def imports_of(path: Path, root: Path, known: set[str]) -> set[str]:
    """Every sbs_training module ``path`` imports, wherever the import statement sits."""
    name = module_name(path, root)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
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
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_map(root: Path = PACKAGE) -> dict[str, set[str]]:
    files = sorted(root.rglob("*.py"))
    known = {module_name(f, root) for f in files}
    return {module_name(f, root): imports_of(f, root, known) for f in files}


def upward(graph: Mapping[str, Iterable[str]]) -> list[str]:
    """Every import that points to a higher layer, or from an app to pages or widgets."""
    wrong = []
    for source, targets in graph.items():
        mine = layer_of(source)
        for target in sorted(targets):
            theirs = layer_of(target)
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
    assert cycles(import_map()) == []


def test_every_listed_module_exists() -> None:
    """A name in the layer lists that matches nothing is a stale rule, not a passing one."""
    modules = set(import_map())
    for entries in [*LAYERS.values(), APPS]:
        for prefix in entries:
            assert any(_covers(prefix, m) for m in modules), prefix


def test_checker_catches_an_upward_import_and_a_ring() -> None:
    graph = {
        "sbs_training.planner": {"sbs_training.widgets.checklist", "sbs_training.journal"},
        "sbs_training.widgets.checklist": {"sbs_training.journal"},
        "sbs_training.journal": set(),
        "sbs_training.cli.export": {"sbs_training.widgets.base", "sbs_training.exchange"},
        "sbs_training.widgets.base": set(),
        "sbs_training.exchange": {"sbs_training.debrief"},
        "sbs_training.debrief": {"sbs_training.selfcare"},
        "sbs_training.selfcare": {"sbs_training.exchange"},
        "sbs_training.cohort": {"sbs_training.help_panel"},
        "sbs_training.help_panel": {"sbs_training.cohort"},
    }
    assert upward(graph) == [
        "sbs_training.planner (domain) imports sbs_training.widgets.checklist (widgets)",
        "sbs_training.cli.export (app) imports sbs_training.widgets.base (widgets)",
    ]
    assert sorted(cycles(graph)) == [
        ["sbs_training.cohort", "sbs_training.help_panel"],
        ["sbs_training.debrief", "sbs_training.exchange", "sbs_training.selfcare"],
    ]


def test_checker_reads_imports_inside_functions(tmp_path: Path) -> None:
    root = tmp_path / "sbs_training"
    (root / "pages").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "pages" / "__init__.py").write_text("")
    (root / "journal.py").write_text("def later():\n    from sbs_training.pages import start\n")
    (root / "cohort.py").write_text("def later():\n    from . import journal\n")
    graph = import_map(root)
    assert graph["sbs_training.journal"] == {"sbs_training.pages"}
    assert graph["sbs_training.cohort"] == {"sbs_training.journal"}
    assert upward(graph) == ["sbs_training.journal (base) imports sbs_training.pages (pages)"]
