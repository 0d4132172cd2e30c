"""When to tell the user about the connection with a toast: no storm while it flaps.

`OutageNotice` follows the supervisor's states and emits `lost` once the connection has been
down for the whole grace period (default 2 min, `Settings.lost_connection_grace_seconds`), and
`back` when it is live again after that — one toast each per outage, however often the link
flaps in between. A sleep is not an outage: the count stops at `about_to_sleep` and starts
afresh at the wake. Signing out or stopping is not one either (the settings dialog speaks
then), nor a refusal that needs the user's attention (the tray icon and its tooltip say it).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop_notifier.connection.supervisor import ConnectionState

DOWN = (ConnectionState.CONNECTING, ConnectionState.OFFLINE)
UP = (ConnectionState.LIVE, ConnectionState.LIMITED)  # limited mode still brings every alert


class OutageNotice(QObject):
    lost = Signal()
    back = Signal()

    def __init__(self, grace_seconds: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._grace_over)
        self.set_grace(grace_seconds)
        self._state: ConnectionState | None = None
        self._told = False  # `lost` was emitted for the current outage
        self._asleep = False

    @property
    def counting(self) -> bool:
        """True while an outage is being timed."""
        return self._timer.isActive()

    def set_grace(self, seconds: float) -> None:
        self._timer.setInterval(max(int(seconds * 1000), 0))

    def state_changed(self, state: ConnectionState) -> None:
        self._state = state
        if state in UP:
            self._timer.stop()
            if self._told:
                self._told = False
                self.back.emit()
        elif state in DOWN:
            if not self._told and not self._asleep and not self._timer.isActive():
                self._timer.start()
        else:  # signed out or stopped: nothing to announce, now or later
            self._timer.stop()
            self._told = False

    @Slot()
    def about_to_sleep(self) -> None:
        self._asleep = True
        self._timer.stop()

    @Slot(str)
    def resumed(self, _reason: str = "") -> None:
        self._asleep = False
        if self._state in DOWN and not self._told:
            self._timer.start()

    @Slot()
    def _grace_over(self) -> None:
        if self._state in DOWN and not self._told:
            self._told = True
            self.lost.emit()
