"""The tray menu's "Painel" and "Calls de hoje" entries: they only ask for their window
(`dashboard_requested`, `calls_requested`); the composition root opens it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QAction

from desktop_notifier.ui.tray import TrayController


class ViewsActions(QObject):
    dashboard_requested = Signal()
    calls_requested = Signal()

    def __init__(self, tray: TrayController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dashboard = QAction(self)
        self.dashboard.setObjectName("openDashboard")
        self.dashboard.triggered.connect(lambda _checked=False: self.dashboard_requested.emit())
        self.calls = QAction(self)
        self.calls.setObjectName("openCallsList")
        self.calls.triggered.connect(lambda _checked=False: self.calls_requested.emit())
        tray.add_action_above_settings(self.dashboard)
        tray.add_action_above_settings(self.calls)
        tray.menu.installEventFilter(self)  # the menu is told when the language changes
        self._retranslate()

    def _retranslate(self) -> None:
        self.dashboard.setText(self.tr("Dashboard"))
        self.calls.setText(self.tr("Today's calls"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() is QEvent.Type.LanguageChange:
            self._retranslate()
        return super().eventFilter(watched, event)
