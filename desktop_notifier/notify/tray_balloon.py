"""The last-resort backend: Qt's tray balloon (`QSystemTrayIcon.showMessage`).

Always available: without a tray host it still "shows" (Qt drops the balloon) and logs a warning,
so the fallback chain always ends in a working notifier. Qt does not say which balloon was
clicked, so a click reports the most recent toast. Text goes out as given: Qt's own balloon (the
XEmbed case) renders it as plain text.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from desktop_notifier.alerts import Urgency
from desktop_notifier.notify.base import ActivationCallback, Unavailable, report_activation
from desktop_notifier.notify.gate import ToastGate
from desktop_notifier.notify.icon import app_icon_path
from desktop_notifier.notify.toast import Toast

log = logging.getLogger(__name__)

DURATION_MS = {Urgency.LOW: 8_000, Urgency.NORMAL: 10_000, Urgency.CRITICAL: 20_000}


class TrayBalloonNotifier:
    """Shows toasts as balloons of the caller's tray icon; build with `create(..., tray=tray)`."""

    name = "tray-balloon"

    def __init__(self, tray: QSystemTrayIcon, on_activated: ActivationCallback) -> None:
        self._tray = tray
        self._on_activated = on_activated
        self._icon = QIcon(str(app_icon_path()))
        self._last: Toast | None = None
        self._closed = False
        # a balloon shows for DURATION_MS at most: that long, a milder toast waits its turn
        self.gate = ToastGate(self._deliver, hold=DURATION_MS[Urgency.CRITICAL] / 1000)
        tray.messageClicked.connect(self._on_message_clicked)

    @classmethod
    async def create(
        cls, on_activated: ActivationCallback, *, tray: QSystemTrayIcon
    ) -> TrayBalloonNotifier:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            log.warning("no system tray is available: tray balloons will not be visible")
        return cls(tray, on_activated)

    async def show(self, toast: Toast) -> None:
        if self._closed:
            raise Unavailable("the tray balloon notifier was closed")
        await self.gate.show(toast)

    async def _deliver(self, toast: Toast) -> None:
        if not (QSystemTrayIcon.isSystemTrayAvailable() and self._tray.isVisible()):
            log.warning("no visible tray icon: the toast %r cannot be seen", toast.kind)
        self._last = toast
        self._tray.showMessage(toast.title, toast.body, self._icon, DURATION_MS[toast.urgency])

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._last = None
        self.gate.close()
        self._tray.messageClicked.disconnect(self._on_message_clicked)

    def _on_message_clicked(self) -> None:
        if self._last is not None:
            report_activation(self._on_activated, self._last)
