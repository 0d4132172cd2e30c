"""`DiagnosticsAction`: the tray menu's "Copiar diagnóstico" entry.

Clicked, it awaits `build()` (given by the composition root: the redacted `diagnose` report of
the running app), puts the text on the clipboard and emits `copied`. While the report is being
built the entry reads "Copiando diagnóstico…" and cannot be clicked again. `build()` is awaited
on the event loop, so its slow parts (the D-Bus and network probes) never freeze the menu.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QAction, QGuiApplication

from desktop_notifier.ui.tray import TrayController

log = logging.getLogger(__name__)


class DiagnosticsAction(QObject):
    copied = Signal()

    def __init__(
        self,
        tray: TrayController,
        build: Callable[[], Awaitable[str]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._build = build
        self._task: asyncio.Future[None] | None = None
        # Owned here, not by the menu: a report still being built may outlive the tray.
        self.action = QAction(self)
        self.action.setObjectName("copyDiagnostics")
        self.action.triggered.connect(self.start)
        tray.add_action_above_settings(self.action)
        tray.menu.installEventFilter(self)  # the menu is told when the language changes
        self._retranslate()

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self, _checked: bool = False) -> None:
        if self.busy:
            return
        self._task = asyncio.ensure_future(self._copy())
        self._retranslate()

    async def _copy(self) -> None:
        try:
            report = await self._build()
        except Exception:
            log.exception("the diagnostics report could not be built")
            return
        finally:
            self._task = None
            self._retranslate()
        QGuiApplication.clipboard().setText(report)
        log.info("diagnostics report copied to the clipboard (%d characters)", len(report))
        self.copied.emit()

    def _retranslate(self) -> None:
        busy = self.busy
        self.action.setEnabled(not busy)
        text = self.tr("Copying diagnostics…") if busy else self.tr("Copy diagnostics")
        self.action.setText(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() is QEvent.Type.LanguageChange:
            self._retranslate()
        return super().eventFilter(watched, event)
