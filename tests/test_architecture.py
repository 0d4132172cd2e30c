"""The layers of docs/ARCHITECTURE.md, enforced on the import graph (ast, no import-time effects).

The layers are the top-level packages of `desktop_notifier`; RANKS orders them. A module may
import its own package and packages of a lower rank, never a higher one nor a sibling of the
same rank (`sync` and `system`, `notify` and `ui`, `app` and `headless` stay apart). Every import
form counts: `import a.b`, `from a import b`, `from a.b import c`, relative imports, and imports
under `TYPE_CHECKING` or inside functions. The graph of modules has no cycles, and the pure core
imports no Qt, no I/O library and no client library.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "desktop_notifier"
ROOT = "desktop_notifier"

# top-level package (or module) -> rank; a higher rank may import a lower one.
RANKS = {
    ROOT: -1,  # the package itself: the names and the version
    "common": 0,
    "events": 1,
    "alerts": 2,
    "profile": 3,
    "sync": 4,
    "system": 4,
    "connection": 5,
    "notify": 6,
    "ui": 6,
    "i18n": 6,
    "app": 7,
    "headless": 7,
    "cli": 8,
    "__main__": 9,
}
# The local Supabase stand-in is a development tool beside the app, not a layer of it.
OUTSIDE = ("devstack",)
PURE = ("events", "alerts")
FORBIDDEN_IN_PURE = (
    "PySide6",
    "qasync",
    "realtime",
    "supabase",
    "keyring",
    "jeepney",
    "sqlite3",
    "httpx",
    "socket",
    "aiohttp",
    "psycopg",
)


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ROOT


def is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def imports(path: Path, package: Path = PACKAGE) -> list[str]:
    """Every module `path` imports, absolute and dotted, `from x import y` counted as x.y too."""
    module = module_name(path, package)
    here = module if is_package(path) else module.rpartition(".")[0]
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = here.split(".")
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found.append(base)
            # `from desktop_notifier import app` imports the module desktop_notifier.app
            found += [f"{base}.{alias.name}" for alias in node.names if alias.name != "*"]
    return found


def sources(package: Path = PACKAGE) -> list[Path]:
    return [p for p in package.rglob("*.py") if not set(OUTSIDE) & set(p.parts)]


def known_modules(package: Path = PACKAGE) -> set[str]:
    return {module_name(p, package) for p in package.rglob("*.py")}


def internal(target: str, modules: set[str]) -> str | None:
    """The module of ours that `target` names (`a.b.Name` -> `a.b`), or None for another library."""
    while target:
        if target in modules:
            return target
        target = target.rpartition(".")[0]
    return None


def violations(package: Path = PACKAGE) -> list[str]:
    modules = known_modules(package)
    found = []
    for path in sources(package):
        module = module_name(path, package)
        own = top(module)
        for target in imports(path, package):
            other_module = internal(target, modules)
            if other_module is None:
                continue
            other = top(other_module)
            if other == own or other in OUTSIDE:
                continue
            if RANKS[other] >= RANKS[own]:
                found.append(f"{module} ({own}, rank {RANKS[own]}) imports {other_module}")
    return sorted(set(found))


def cycles(package: Path = PACKAGE) -> list[list[str]]:
    modules = known_modules(package)
    graph: dict[str, set[str]] = {}
    for path in sources(package):
        module = module_name(path, package)
        targets = {internal(t, modules) for t in imports(path, package)}
        graph[module] = {t for t in targets if t and t != module and t != ROOT}
    found: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                found.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_every_module_is_in_a_layer_and_has_a_docstring() -> None:
    for path in sources():
        module = module_name(path)
        assert top(module) in RANKS, f"{module}: package {top(module)} has no rank"
        assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), (
            f"{module} lacks a docstring"
        )


def test_no_flat_modules_beside_the_layers() -> None:
    flat = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__", "cli"}
    assert flat == set(), f"modules outside a layer package: {sorted(flat)}"


def test_imports_only_go_down() -> None:
    assert violations() == []


def test_no_import_cycles() -> None:
    assert cycles() == []


def test_pure_core_has_no_io_or_qt() -> None:
    bad = [
        f"{module_name(path)} imports {target}"
        for path in sources()
        if top(module_name(path)) in PURE
        for target in imports(path)
        if target.split(".")[0] in FORBIDDEN_IN_PURE
    ]
    assert bad == []


def test_widgets_do_not_fetch_store_or_decide() -> None:
    banned = ("keyring", "realtime", "supabase", "sqlite3", "httpx")
    bad = [
        f"{module_name(p)} imports {t}"
        for p in sources()
        if top(module_name(p)) == "ui"
        for t in imports(p)
        if t.split(".")[0] in banned
    ]
    assert bad == []


def plant(tmp_path: Path, files: dict[str, str]) -> Path:
    package = tmp_path / ROOT
    for name, body in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'"""Planted."""\n{body}\n', encoding="utf-8")
    (package / "__init__.py").touch()
    for directory in {p.parent for p in package.rglob("*.py")}:
        (directory / "__init__.py").touch()
    return package


PLANTED_UPWARD: Iterable[tuple[str, str]] = (
    ("from desktop_notifier import app", "app/tray_app.py"),
    ("from desktop_notifier.app import tray_app", "app/tray_app.py"),
    ("import desktop_notifier.app.tray_app", "app/tray_app.py"),
    ("from ..app import tray_app", "app/tray_app.py"),
    (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from desktop_notifier import app",
        "app/x.py",
    ),
    ("def f():\n    from desktop_notifier.profile import store", "profile/store.py"),
    ("from desktop_notifier.notify import base", "notify/base.py"),  # ui -> notify (sibling)
)


def test_the_rule_catches_every_planted_upward_import(tmp_path: Path) -> None:
    for number, (statement, target_file) in enumerate(PLANTED_UPWARD):
        low = "events/call.py" if "notify" not in statement else "ui/plain.py"
        package = plant(tmp_path / str(number), {low: statement, target_file: ""})
        found = violations(package)
        assert found, f"not caught: {statement!r} in {low}"


def test_the_rule_catches_a_cycle_within_a_layer(tmp_path: Path) -> None:
    package = plant(
        tmp_path,
        {
            "app/a.py": "from desktop_notifier.app import b",
            "app/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import a",
        },
    )
    assert violations(package) == []
    assert cycles(package), "a cycle through a TYPE_CHECKING import was not found"


def test_the_rule_passes_a_downward_import(tmp_path: Path) -> None:
    package = plant(
        tmp_path,
        {"app/a.py": "from desktop_notifier.events import call", "events/call.py": ""},
    )
    assert violations(package) == []
