"""`--version` and `diagnose` in the windowed Windows build, where sys.stdout is None: started
from a terminal they write to it (AttachConsole of the parent, then CONOUT$); from Explorer, to a
file that a message box names. The Win32 calls are faked (they exist only on Windows)."""

from __future__ import annotations

import atexit
import ctypes
import sys
import tempfile
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from desktop_notifier import cli, version
from desktop_notifier.system import windowed_stdio


def _fake_win32(monkeypatch: pytest.MonkeyPatch, *, parent_console: bool) -> list[Any]:
    calls: list[Any] = []

    def attach_console(pid: int) -> int:
        calls.append(("AttachConsole", pid))
        return int(parent_console)

    kernel32 = types.SimpleNamespace(AttachConsole=attach_console)
    user32 = types.SimpleNamespace(MessageBoxW=lambda *a: calls.append(("MessageBoxW", a[1])))
    windll = types.SimpleNamespace(kernel32=kernel32, user32=user32)
    monkeypatch.setattr(ctypes, "windll", windll, raising=False)
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    return calls


def _close_streams() -> None:
    for stream in {sys.stdout, sys.stderr} - {None}:
        stream.close()


def test_version_reaches_the_terminal_it_was_started_from(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls = _fake_win32(monkeypatch, parent_console=True)
    console = tmp_path / "CONOUT"
    monkeypatch.setattr(windowed_stdio, "CONSOLE_OUTPUT", str(console))
    try:
        assert cli.main(["--version"]) == 0
    finally:
        _close_streams()
    assert calls == [("AttachConsole", 0xFFFFFFFF)]
    assert console.read_text() == f"desktop-notifier {version()}\n"


def test_without_a_terminal_diagnose_goes_to_a_file_a_message_box_names(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls = _fake_win32(monkeypatch, parent_console=False)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    at_exit: list[Callable[..., Any]] = []
    monkeypatch.setattr(atexit, "register", lambda f, *a: at_exit.append(lambda: f(*a)))
    monkeypatch.setenv("DESKTOP_NOTIFIER_PROFILE", str(tmp_path / "profile"))
    try:
        assert cli.main(["diagnose"]) == 0
    finally:
        _close_streams()
    output = (tmp_path / windowed_stdio.OUTPUT_FILE).read_text()
    assert version() in output and "Python" in output
    for call in at_exit:
        call()
    assert calls[-1][0] == "MessageBoxW"
    assert str(tmp_path / windowed_stdio.OUTPUT_FILE) in calls[-1][1]


def test_a_working_stdout_is_left_alone(capsys: pytest.CaptureFixture[str]) -> None:
    assert windowed_stdio.ensure_stdio() is None
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out == f"desktop-notifier {version()}\n"
