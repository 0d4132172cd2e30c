"""Run as a script: import our code as Windows or macOS would, from Linux.

`python tests/support/foreign_platform.py PLATFORM collect [PYTEST ARGS...]` collects the test
suite, `... PLATFORM import MODULE...` imports modules (`desktop_notifier` means every module of
the package). PLATFORM `native` changes nothing (the baseline); `win32` or `darwin` sets
`sys.platform` to it and makes the Unix-only modules (pwd, grp, fcntl, termios, resource)
unimportable.

Only our own modules (`OURS`, plus `FOREIGN_PLATFORM_OURS`, comma-separated, for the tests'
probes) see the patched `sys.platform`: the standard library and third-party packages execute
their module bodies with the real one, because they cannot be imported on Linux as another
platform (`asyncio` then imports `_overlapped`, `subprocess` `msvcrt`), and pytest reads
`sys.platform` while it starts (its Windows console workaround wants `io._WindowsConsoleIO`, hence
`-s`). That is a limit of pretending, not of our code: on Windows those modules import.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import os
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

UNIX_ONLY = ("pwd", "grp", "fcntl", "termios", "resource")
OURS = ("desktop_notifier", "tests", "conftest")


class _RealPlatformLoader(importlib.abc.Loader):
    """Executes a foreign module's body with the real `sys.platform`."""

    def __init__(self, loader: importlib.abc.Loader, real: str) -> None:
        self._loader = loader
        self._real = real

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        saved, sys.platform = sys.platform, self._real
        try:
            self._loader.exec_module(module)
        finally:
            sys.platform = saved


class _Lens(importlib.abc.MetaPathFinder):
    """Wraps the loader of every module that is not ours in `_RealPlatformLoader`."""

    def __init__(self, ours: Sequence[str], real: str) -> None:
        self._ours = tuple(ours)
        self._real = real

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if name.split(".")[0] in self._ours:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        if spec.loader is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = _RealPlatformLoader(spec.loader, self._real)
        return spec


def pretend(platform: str) -> None:
    """From now on our modules import as on `platform` (see the module docstring)."""
    extra = [name for name in os.environ.get("FOREIGN_PLATFORM_OURS", "").split(",") if name]
    for name in UNIX_ONLY:
        sys.modules[name] = None  # type: ignore[assignment]  # `import name` raises ImportError
    sys.meta_path.insert(0, _Lens([*OURS, *extra], sys.platform))
    import pytest  # noqa: F401  # pytest's own modules, with the real platform

    sys.platform = platform


def import_all(names: Sequence[str]) -> int:
    """Import `names` (`desktop_notifier`: every module of it); print failures, return a code."""
    modules = list(names)
    if "desktop_notifier" in modules:
        import desktop_notifier

        walk = pkgutil.walk_packages(desktop_notifier.__path__, "desktop_notifier.")
        modules += [m.name for m in walk if not m.name.endswith("__main__")]
    failed = []
    for module in modules:
        try:
            importlib.import_module(module)
        except Exception as exc:  # every failure is reported
            failed.append(f"{module}: {type(exc).__name__}: {exc}")
    print(len(modules), "modules imported on", sys.platform)
    print("\n".join(failed))
    return 1 if failed else 0


def main(argv: Sequence[str]) -> int:
    platform, mode, *rest = argv
    if platform != "native":
        pretend(platform)
    if mode == "import":
        return import_all(rest)
    import pytest

    return int(pytest.main(["--collect-only", "-q", "-s", "-p", "no:xvfb", *rest]))


if __name__ == "__main__":
    # The repository root and the working folder, not this folder (its modules would shadow
    # others by name).
    sys.path[0:1] = dict.fromkeys([str(Path(__file__).resolve().parents[2]), os.getcwd()])
    sys.exit(main(sys.argv[1:]))
