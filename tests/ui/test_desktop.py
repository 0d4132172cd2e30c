"""The widgets inside a real desktop session: the tray icon is embedded by a real tray host,
a real left click reaches it, and every widget renders (the screenshots are written too)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from desktop_notifier.ui.tray import TrayController, TrayState
from tests.ui import screenshots

pytestmark = pytest.mark.desktop


@pytest.fixture
def shown_tray(qapp: QApplication, qtbot: QtBot) -> Iterator[TrayController]:
    controller = TrayController()
    controller.set_state(TrayState.LIVE)
    controller.set_counts(active_calls=1, unread=2)
    controller.show()
    # XEmbed: the geometry is (0,0,22,22) until the tray host has embedded the icon.
    qtbot.waitUntil(lambda: controller.tray.geometry().x() > 0, timeout=5000)
    yield controller
    controller.dispose()


def test_the_system_tray_is_available(qapp: QApplication) -> None:
    assert QSystemTrayIcon.isSystemTrayAvailable()


def test_the_tray_icon_is_embedded_and_drawn(shown_tray: TrayController) -> None:
    rect = shown_tray.tray.geometry()
    screen = QGuiApplication.primaryScreen()
    assert screen.geometry().contains(rect)
    assert 16 <= rect.width() <= 64 and 16 <= rect.height() <= 64
    assert shown_tray.tray.isVisible()
    shot = screen.grabWindow(0, rect.x(), rect.y(), rect.width(), rect.height()).toImage()
    colours = {shot.pixel(x, y) for x in range(shot.width()) for y in range(shot.height())}
    assert len(colours) > 10, "the tray area is blank: the icon was not drawn"


def test_a_real_left_click_opens_the_menu(qtbot: QtBot, shown_tray: TrayController) -> None:
    center = shown_tray.tray.geometry().center()
    with qtbot.waitSignal(shown_tray.activated, timeout=5000):
        subprocess.run(
            ["xdotool", "mousemove", str(center.x()), str(center.y()), "click", "1"],
            check=True,
            timeout=5,
        )
    qtbot.waitUntil(shown_tray.menu.isVisible, timeout=5000)


def test_screenshots_of_every_widget(tmp_path: Path) -> None:
    written = screenshots.capture(tmp_path)
    names = {path.name for path in written}
    assert {
        "tray-menu.png",
        "call-window.png",
        "settings-account.png",
        "settings-alerts.png",
        "history-window.png",
    } <= names
    for path in written:
        assert path.stat().st_size > 2000, path
