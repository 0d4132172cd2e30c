"""What a screen reader and a keyboard user get from the settings dialog, the call window and
the history window: every control has an accessible name and a description, in pt_BR and in
English; Tab walks the controls in reading order; the shortcuts work and Esc closes each window.
(The same names read over AT-SPI on the real session: tests/desktop/test_atspi.py.)"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTabBar,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop_notifier.ui.call_window import CallWindow
from desktop_notifier.ui.calls_list_window import CallsListWindow
from desktop_notifier.ui.comments_panel import CommentsPanel
from desktop_notifier.ui.history_window import HistoryWindow
from desktop_notifier.ui.settings_dialog import SettingsDialog
from tests.ui.conftest import make_alert, make_call, switch_language

CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
)


def settings_dialog() -> QWidget:
    return SettingsDialog()


def call_window() -> QWidget:
    window = CallWindow()
    window.set_call(make_call(), datetime.now(UTC))
    return window


def history_window() -> QWidget:
    window = HistoryWindow()
    window.set_alerts([make_alert(), make_alert(title="Call perdida: Beta", company="Beta")])
    return window


def calls_list_window() -> QWidget:
    window = CallsListWindow()
    window.set_unread(2)
    return window


def comments_panel() -> QWidget:
    return CommentsPanel()


WINDOWS = {
    "settings": settings_dialog,
    "call": call_window,
    "history": history_window,
    "calls list": calls_list_window,
    "comments": comments_panel,
}


def controls(window: QWidget) -> list[QWidget]:
    """The widgets a user operates: buttons, fields, lists, readers, tab sets — not the parts
    Qt builds inside them (a spin box's line edit, a tab widget's own tab bar)."""
    found: list[QWidget] = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or isinstance(widget, QTabBar):
            continue
        if widget.objectName().startswith("qt_") or _inside_a_compound(widget):
            continue
        found.append(widget)
    return found


def _inside_a_compound(widget: QWidget) -> bool:
    """A part Qt builds inside a control: a combo box's popup list, a spin box's line edit,
    a tab bar's scroll arrows, a line edit's clear button."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(
            parent, QAbstractSpinBox | QComboBox | QTabBar | QLineEdit | QAbstractItemView
        ):
            return True
        parent = parent.parentWidget()
    return widget.window().inherits("QComboBoxPrivateContainer")


def described(window: QWidget) -> dict[str, tuple[str, str]]:
    names = {}
    for index, widget in enumerate(controls(window)):
        key = f"{index}: {type(widget).__name__}#{widget.objectName()}"
        names[key] = (widget.accessibleName(), widget.accessibleDescription())
        assert widget.accessibleName().strip(), f"{key} has no accessible name"
        assert widget.accessibleDescription().strip(), f"{key} has no accessible description"
    return names


@pytest.mark.parametrize("which", WINDOWS)
def test_every_control_has_a_name_and_a_description_in_both_languages(
    qapp: QApplication, which: str
) -> None:
    window = WINDOWS[which]()
    portuguese = described(window)
    assert len(portuguese) >= 3
    switch_language(qapp, "en")
    english = described(window)
    assert english.keys() == portuguese.keys()
    for key, (_name, description) in english.items():
        assert description != portuguese[key][1], f"{key}: the description is not translated"
    window.close()


@pytest.fixture
def shown(qtbot: QtBot) -> Iterator[Callable[[QWidget], QWidget]]:
    windows: list[QWidget] = []

    def show(window: QWidget) -> QWidget:
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()  # the X server gives it the keyboard (there is no window manager)
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
        windows.append(window)
        return window

    yield show
    for window in windows:
        window.close()


def tab_walk(qtbot: QtBot, window: QWidget, steps: int) -> list[QWidget]:
    seen = []
    for _ in range(steps):
        focus = QApplication.focusWidget() or window
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    return [w for w in seen if w is not None]


@pytest.mark.desktop  # keyboard focus needs a real window system
def test_the_settings_dialog_works_from_the_keyboard(
    qtbot: QtBot, shown: Callable[[QWidget], QWidget]
) -> None:
    dialog = shown(SettingsDialog())
    assert isinstance(dialog, SettingsDialog)
    form = dialog.account
    form.url.setFocus()
    order = [form.url, *tab_walk(qtbot, dialog, 12)]
    expected = [form.anon_key, form.show_key, form.email, form.password]
    positions = [order.index(widget) for widget in expected]
    assert positions == sorted(positions), "Tab follows the form from top to bottom"
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok in order, "Tab reaches OK"
    qtbot.keyClick(dialog.tabs.tabBar(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert dialog.tabs.currentWidget() is dialog.alerts, "Ctrl+Tab goes to the next section"
    qtbot.keyClick(form.url, Qt.Key.Key_Escape)
    assert not dialog.isVisible(), "Esc closes the dialog"


@pytest.mark.desktop  # keyboard focus needs a real window system
def test_the_history_works_from_the_keyboard(
    qtbot: QtBot, shown: Callable[[QWidget], QWidget]
) -> None:
    window = shown(history_window())
    assert isinstance(window, HistoryWindow)
    window.open_button.setFocus()
    qtbot.keyClick(window.open_button, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search, "Ctrl+F goes to the search"
    qtbot.keyClicks(window.search, "beta")
    assert window.proxy.rowCount() == 1
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is window.view, "Down goes from the search to the list"
    opened: list[str] = []
    window.open_call_requested.connect(opened.append)
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert opened == [window.visible_call_ids()[0]], "Enter opens the selected alert's call"
    assert tab_walk(qtbot, window, 1) == [window.open_button], "Tab: list → Open call"
    qtbot.keyClick(window.open_button, Qt.Key.Key_Escape)
    assert not window.isVisible(), "Esc closes the history"


@pytest.mark.desktop  # keyboard focus needs a real window system
def test_the_call_window_works_from_the_keyboard(
    qtbot: QtBot, shown: Callable[[QWidget], QWidget]
) -> None:
    window = shown(call_window())
    tabs = window.findChild(QTabWidget)
    assert tabs is not None
    tabs.tabBar().setFocus()
    qtbot.keyClick(tabs.tabBar(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == 1, "Ctrl+Tab shows the insights"
    reached = tab_walk(qtbot, window, 3)
    assert any(isinstance(w, QPlainTextEdit) for w in reached), "Tab reaches the text"
    qtbot.keyClick(
        QApplication.focusWidget() or window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier
    )
    assert not window.isVisible(), "Ctrl+W closes the call"
    shown(window)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible(), "Esc closes the call"
