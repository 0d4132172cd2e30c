"""The tray menu's "Copiar diagnóstico" on the running app: the entry shows progress while the
report is built, the clipboard then holds the redacted `diagnose` report with what only the
running app knows (its connection state), no secret is in it, and a toast confirms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import keyring
import pytest
from PySide6.QtGui import QAction, QGuiApplication

from desktop_notifier.app.tray_app import App
from desktop_notifier.notify.freedesktop import FreedesktopNotifier
from desktop_notifier.profile.credentials import SERVICE
from desktop_notifier.sync.diagnose import versions
from tests.desktop.test_tray_app import ARTIFACTS
from tests.integration.test_crash import JWT_SHAPE
from tests.support.qt import Dunst
from tests.support.standin import Standin
from tests.support.waiting import until

pytestmark = pytest.mark.desktop
Run = Callable[..., Any]


def menu_entry(app: App, text: str) -> QAction:
    [action] = [a for a in app.tray.menu.actions() if a.text() == text]
    return action


def test_copy_diagnostics_from_the_tray_menu(
    live_app: App, run: Run, own_standin: Standin, dunst: Dunst
) -> None:
    app = live_app
    notifier = app.notifier
    assert isinstance(notifier, FreedesktopNotifier)
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("before")
    entry = menu_entry(app, "Copiar diagnóstico")
    entry.trigger()
    assert entry.text() == "Copiando diagnóstico…" and not entry.isEnabled()
    entry.trigger()  # a second click while busy is ignored
    run(until(lambda: entry.isEnabled(), "the report"))
    assert entry.text() == "Copiar diagnóstico"
    report = clipboard.text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "copied-diagnostics.txt").write_text(report)

    assert report.startswith("Calls Notifier — diagnostics")
    assert versions()["calls-notifier"] in report
    assert "qt platform" in report and "xcb" in report
    assert "notification server" in report and "dunst" in report
    assert "connection" in report and "live since" in report
    assert "toast backend" in report and "FreedesktopNotifier" in report
    assert "errors seen by the running app (0):" in report
    namespace = app.profile.keyring_namespace
    refresh = keyring.get_password(SERVICE, f"{namespace}/refresh_token")
    assert app.account is not None
    for secret in (
        own_standin.info["anon_key"],
        own_standin.info["password"],
        refresh,
        app.account.tokens.access_token,
    ):
        assert secret and secret not in report
    assert not JWT_SHAPE.search(report.encode())

    run(until(lambda: any(t.title == "Diagnóstico copiado" for t in notifier.open_toasts.values())
              or "Diagnóstico copiado" in [e["summary"] for e in dunst.history().values()],
              "the confirmation toast"))  # fmt: skip
