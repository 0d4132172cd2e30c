"""Windows: the launch a toast click starts passes the foreground right on to the running app
(AllowSetForegroundWindow(ASFW_ANY)) before it hands the link over, so the call window comes to
the front instead of flashing in the taskbar. The Win32 call is faked (Windows only)."""

from __future__ import annotations

import ctypes
import sys
import types
from collections.abc import Sequence
from pathlib import Path

import pytest

from desktop_notifier.app import launcher as gui
from desktop_notifier.profile.directory import Profile
from desktop_notifier.system.deeplink import call_link
from desktop_notifier.system.foreground import ASFW_ANY, allow_running_app_to_come_forward

LINK = call_link("0b6c3f0e-5d1a-4c3e-9a57-2f1c6b7d8e90")


class TakenLock:
    def __init__(self, _directory: Path) -> None:
        pass

    def acquire(self) -> bool:
        return False  # the app is running

    def release(self) -> None:
        pass


def test_the_foreground_is_passed_on_before_the_link_is_handed_over(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    events: list[tuple[str, object]] = []

    def allow(process: int) -> int:
        events.append(("AllowSetForegroundWindow", process))
        return 1

    def hand_over(name: str | None, links: Sequence[str]) -> bool:
        events.append(("hand_over", list(links)))
        return True

    user32 = types.SimpleNamespace(AllowSetForegroundWindow=allow)
    monkeypatch.setattr(ctypes, "windll", types.SimpleNamespace(user32=user32), raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(gui, "InstanceLock", TakenLock)
    monkeypatch.setattr(gui, "hand_over", hand_over)
    profile = Profile(tmp_path, "default")
    assert gui.run(profile, None, links=[LINK]) == 0  # type: ignore[arg-type]
    assert events == [("AllowSetForegroundWindow", ASFW_ANY), ("hand_over", [LINK])]
    assert ASFW_ANY == 0xFFFFFFFF


def test_nothing_is_called_outside_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(ctypes, "windll", None, raising=False)
    assert allow_running_app_to_come_forward() is False
