"""Where `--version` and the subcommands (`diagnose`, `configure`, `watch`) write in the windowed
Windows build, which has no console: there `sys.stdout` and `sys.stderr` are None and every
`print` would vanish. Started from a terminal, the output goes to that terminal (the process
attaches to its parent's console); started from Explorer or a shortcut, it goes to
`calls-notifier-output.txt` in the temp directory and a message box says so when the command
ends. Nothing changes where stdout already works (Linux, macOS, a Python install)."""

from __future__ import annotations

import atexit
import ctypes
import sys
import tempfile
from pathlib import Path
from typing import Any, TextIO

OUTPUT_FILE = "calls-notifier-output.txt"
ATTACH_PARENT_PROCESS = 0xFFFFFFFF  # (DWORD)-1
CONSOLE_OUTPUT = "CONOUT$"
MB_ICONINFORMATION = 0x40


def _windll() -> Any:
    return getattr(ctypes, "windll", None)


def _attach_parent_console() -> bool:
    windll = _windll()
    if windll is None:
        return False
    try:
        return bool(windll.kernel32.AttachConsole(ATTACH_PARENT_PROCESS))
    except OSError:
        return False


def _tell(path: Path) -> None:
    windll = _windll()
    if windll is not None:
        windll.user32.MessageBoxW(
            None,
            f"Calls Notifier: saída gravada em / output written to\n{path}",
            "Calls Notifier",
            MB_ICONINFORMATION,
        )


def ensure_stdio(*, console: str | None = None, directory: Path | None = None) -> str | None:
    """Give `print` somewhere visible when the process has no stdout/stderr. Returns where the
    output goes (the console or the file), or None when stdout already worked."""
    if sys.stdout is not None and sys.stderr is not None:
        return None
    stream: TextIO | None = None
    target = console or CONSOLE_OUTPUT
    if _attach_parent_console():
        try:
            stream = open(target, "w", encoding="utf-8", errors="replace", buffering=1)  # noqa: SIM115
        except OSError:
            stream = None
    if stream is None:
        path = (directory or Path(tempfile.gettempdir())) / OUTPUT_FILE
        stream = open(path, "w", encoding="utf-8", errors="replace", buffering=1)  # noqa: SIM115
        target = str(path)
        atexit.register(_tell, path)
    if sys.stdout is None:
        sys.stdout = stream
    if sys.stderr is None:
        sys.stderr = stream
    return target
