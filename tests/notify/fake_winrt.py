"""A fake of the few WinRT and Win32 calls the Windows toast backend makes (pywinrt's
`winrt.windows.ui.notifications`, `winrt.windows.data.xml.dom`, `shell32`), installed into
`sys.modules` for one test: the real ones exist only on Windows. It models pywinrt 3's names —
`ToastNotificationManager.create_toast_notifier(app_id)`, `ToastNotifier.setting` (the
`NotificationSetting` value) and `ToastNotifier.show` — and nothing deprecated."""

from __future__ import annotations

import ctypes
import sys
import types
from dataclasses import dataclass, field
from typing import Any

import pytest


class XmlDocument:
    def __init__(self) -> None:
        self.xml = ""

    def load_xml(self, xml: str) -> None:
        self.xml = xml


class ToastNotification:
    def __init__(self, document: XmlDocument) -> None:
        self.document = document
        self.tag = ""
        self.group = ""


@dataclass
class ToastNotifier:
    app_id: str
    setting: int = 0  # NotificationSetting.ENABLED
    shown: list[ToastNotification] = field(default_factory=list)

    def show(self, notification: ToastNotification) -> None:
        if self.setting != 0:  # Windows drops it without an error
            return
        self.shown.append(notification)


@dataclass
class ToastHistory:
    """`ToastNotificationManager.history`: what was removed, as (tag, group, app id)."""

    removed: list[tuple[str, str, str]] = field(default_factory=list)

    def remove(self, tag: str, group: str, app_id: str) -> None:
        self.removed.append((tag, group, app_id))


@dataclass
class FakeWindows:
    setting: int = 0
    user_state: int = 5  # SHQueryUserNotificationState: QUNS_ACCEPTS_NOTIFICATIONS
    notifiers: list[ToastNotifier] = field(default_factory=list)
    app_ids: list[str] = field(default_factory=list)
    history: ToastHistory = field(default_factory=ToastHistory)

    def query_user_notification_state(self, state: Any) -> int:
        """SHQueryUserNotificationState(&state): writes through the pointer, returns S_OK."""
        state._obj.value = self.user_state
        return 0

    def create_toast_notifier(self, app_id: str) -> ToastNotifier:
        notifier = ToastNotifier(app_id, self.setting)
        self.notifiers.append(notifier)
        return notifier


def install(monkeypatch: pytest.MonkeyPatch) -> FakeWindows:
    """Make this process look like the installed app on Windows, with fake WinRT modules."""
    fake = FakeWindows()
    manager = types.SimpleNamespace(
        create_toast_notifier=fake.create_toast_notifier, history=fake.history
    )
    modules: dict[str, Any] = {
        "winrt": types.ModuleType("winrt"),
        "winrt.windows": types.ModuleType("winrt.windows"),
        "winrt.windows.ui": types.ModuleType("winrt.windows.ui"),
        "winrt.windows.ui.notifications": types.SimpleNamespace(
            ToastNotificationManager=manager, ToastNotification=ToastNotification
        ),
        "winrt.windows.data": types.ModuleType("winrt.windows.data"),
        "winrt.windows.data.xml": types.ModuleType("winrt.windows.data.xml"),
        "winrt.windows.data.xml.dom": types.SimpleNamespace(XmlDocument=XmlDocument),
    }
    for name, module in modules.items():
        monkeypatch.setitem(sys.modules, name, module)
    shell32 = types.SimpleNamespace(
        SetCurrentProcessExplicitAppUserModelID=fake.app_ids.append,
        SHQueryUserNotificationState=fake.query_user_notification_state,
    )
    monkeypatch.setattr(ctypes, "windll", types.SimpleNamespace(shell32=shell32), raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    return fake
