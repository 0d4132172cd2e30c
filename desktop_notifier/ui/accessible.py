"""Accessibility helpers shared by the windows: what a screen reader announces for a control
(its accessible name and description, set in each window's `retranslate`, so both follow the
language), and the keys every window answers (Esc and Ctrl+W close it).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def describe(widget: QWidget, name: str, description: str) -> None:
    """The name a screen reader announces for `widget`, and what it does (both translated)."""
    if widget.accessibleName() != name:
        widget.setAccessibleName(name)
    if widget.accessibleDescription() != description:
        widget.setAccessibleDescription(description)


def closes_on_escape(window: QWidget) -> None:
    """Esc and Ctrl+W close `window` from anywhere in it (dialogs already close on Esc)."""
    for key in (QKeySequence(Qt.Key.Key_Escape), QKeySequence(QKeySequence.StandardKey.Close)):
        shortcut = QShortcut(key, window)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(window.close)
