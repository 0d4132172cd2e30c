"""bring_up: a window the user minimised comes back (restored, shown) when its call or the
history is opened again, and keeps being maximised if it was."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QWidget

from desktop_notifier.app.call_windows import bring_up


def until_qt(app: QApplication, condition: Callable[[], bool], what: str) -> None:
    """Process Qt events until `condition()` holds (window states change through events)."""
    deadline = time.monotonic() + 5
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        app.processEvents()


def test_a_minimised_window_is_restored(qapp: QApplication) -> None:
    window = QWidget()
    window.resize(320, 200)
    window.showMinimized()
    until_qt(qapp, window.isMinimized, "the window minimised")
    bring_up(window)
    until_qt(qapp, lambda: not window.isMinimized(), "the window restored")
    assert window.isVisible()
    window.close()


def test_a_maximised_then_minimised_window_stays_maximised(qapp: QApplication) -> None:
    window = QWidget()
    window.showMaximized()
    window.showMinimized()
    bring_up(window)
    until_qt(qapp, lambda: not window.isMinimized(), "the window restored")
    assert window.isMaximized()
    window.close()
