"""The layer rule of DESIGN.md, enforced on the import graph (ast, no import-time effects).

Higher layers may import lower ones, never the reverse; the pure core imports no Qt, no I/O
library and no client library.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "desktop_notifier"

# module prefix -> layer number (higher may import lower)
LAYERS = {
    "desktop_notifier.events": 0,
    "desktop_notifier.alerts": 1,
    "desktop_notifier.inbox": 1,
    "desktop_notifier.backoff": 1,
    "desktop_notifier.errors": 1,
    "desktop_notifier.identity": 1,
    "desktop_notifier.insecure_http": 1,
    "desktop_notifier.sync": 2,
    "desktop_notifier.store": 2,
    "desktop_notifier.store_checkpoint": 2,
    "desktop_notifier.settings": 2,
    "desktop_notifier.credentials": 2,
    "desktop_notifier.profile": 2,
    "desktop_notifier.private_files": 2,
    "desktop_notifier.logs": 2,
    "desktop_notifier.log_hygiene": 2,
    "desktop_notifier.supervisor": 3,
    "desktop_notifier.signin": 3,
    "desktop_notifier.power": 3,
    "desktop_notifier.network": 3,
    "desktop_notifier.autostart": 3,
    "desktop_notifier.single_instance": 3,
    "desktop_notifier.foreground": 3,
    "desktop_notifier.windowed_stdio": 3,
    "desktop_notifier.deeplink": 3,
    "desktop_notifier.notify": 4,
    "desktop_notifier.ui": 4,
    "desktop_notifier.i18n": 4,
    "desktop_notifier.bridge": 4,
    "desktop_notifier.triggers": 4,
    "desktop_notifier.outage_notice": 4,
    "desktop_notifier.event_loop": 4,
    "desktop_notifier.headless": 5,
    "desktop_notifier.diagnose": 5,
    "desktop_notifier.demo": 5,
    "desktop_notifier.app": 6,
    "desktop_notifier.app_diagnostics": 6,
    "desktop_notifier.app_settings": 6,
    "desktop_notifier.app_windows": 6,
    "desktop_notifier.gui": 7,
    "desktop_notifier.cli": 8,
    "desktop_notifier.__main__": 9,
}
PURE = (
    "desktop_notifier.events",
    "desktop_notifier.alerts",
    "desktop_notifier.inbox",
    "desktop_notifier.backoff",
)
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


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int | None:
    best = None
    for prefix, layer in LAYERS.items():
        matches = module == prefix or module.startswith(prefix + ".")
        if matches and (best is None or len(prefix) > len(best[0])):
            best = (prefix, layer)
    return None if best is None else best[1]


def imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


def sources() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "devstack" not in p.parts]


def test_every_module_has_a_layer_and_a_docstring() -> None:
    for path in sources():
        module = module_name(path)
        if module == "desktop_notifier":
            continue
        assert layer_of(module) is not None, f"{module} has no layer in test_architecture"
        assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), (
            f"{module} lacks a docstring"
        )


def test_imports_only_go_down() -> None:
    violations = []
    for path in sources():
        module = module_name(path)
        own = layer_of(module)
        for target in imports(path):
            if not target.startswith("desktop_notifier.") or target.startswith(
                "desktop_notifier.devstack"
            ):
                continue
            other = layer_of(target)
            if own is not None and other is not None and other > own:
                violations.append(f"{module} (layer {own}) imports {target} (layer {other})")
    assert violations == []


def test_pure_core_has_no_io_or_qt() -> None:
    violations = []
    for path in sources():
        module = module_name(path)
        if not module.startswith(PURE):
            continue
        for target in imports(path):
            if target.split(".")[0] in FORBIDDEN_IN_PURE:
                violations.append(f"{module} imports {target}")
    assert violations == []


def test_widgets_do_not_fetch_store_or_decide() -> None:
    banned = (
        "desktop_notifier.sync",
        "desktop_notifier.store",
        "desktop_notifier.credentials",
        "desktop_notifier.notify",
        "keyring",
        "realtime",
        "supabase",
    )
    violations = [
        f"{module_name(p)} imports {t}"
        for p in sources()
        if module_name(p).startswith("desktop_notifier.ui")
        for t in imports(p)
        if t.startswith(banned)
    ]
    assert violations == []
