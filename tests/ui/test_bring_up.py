"""bring_up: a window the user minimised comes back (restored, shown) when its call or the
history is opened again, and keeps being maximised if it was."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop_notifier.app.call_windows import bring_up


def test_a_minimised_window_is_restored(qtbot: QtBot) -> None:
    window = QWidget()
    window.resize(320, 200)
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized, timeout=5000)
    bring_up(window)
    qtbot.waitUntil(lambda: not window.isMinimized(), timeout=5000)
    assert window.isVisible()
    window.close()


def test_a_maximised_then_minimised_window_stays_maximised(qtbot: QtBot) -> None:
    window = QWidget()
    window.showMaximized()
    window.showMinimized()
    bring_up(window)
    qtbot.waitUntil(lambda: not window.isMinimized(), timeout=5000)
    assert window.isMaximized()
    window.close()
