"""What the tray icon and menu are told: the connection's state in words (`connection_view`),
and the recent alerts, the unread count and the number of calls still going (`TrayFeed`),
refreshed a moment after changes arrive and again when the oldest alert leaves the inbox.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer

from desktop_notifier.alerts import Alert
from desktop_notifier.alerts.inbox import Inbox
from desktop_notifier.common.clock import Clock
from desktop_notifier.common.errors import describe
from desktop_notifier.connection.supervisor import ConnectionState, Status
from desktop_notifier.events import CallRules
from desktop_notifier.profile.store import Store
from desktop_notifier.ui import app_text
from desktop_notifier.ui.tray import TrayController
from desktop_notifier.ui.tray_state import TrayState

TRAY_REFRESH_DELAY_MS = 25
TRAY_STATES = {
    ConnectionState.CONNECTING: TrayState.CONNECTING,
    ConnectionState.LIVE: TrayState.LIVE,
    ConnectionState.LIMITED: TrayState.LIMITED,
    ConnectionState.OFFLINE: TrayState.OFFLINE,
    ConnectionState.ATTENTION: TrayState.ATTENTION,
    ConnectionState.SIGNED_OUT: TrayState.SIGNED_OUT,
    ConnectionState.STOPPED: TrayState.OFFLINE,
}


def connection_view(
    status: Status, online: bool, language: str, poll_seconds: float = 5.0
) -> tuple[TrayState, str]:
    """The tray's state for `status` and the line under it (why offline, what to change, how
    often limited mode reads)."""
    state = TRAY_STATES[status.state]
    if state is TrayState.OFFLINE:
        if not online:
            reason = app_text.no_network()
        elif status.error is not None:
            reason = describe(status.error, language)
        else:
            reason = app_text.server_unreachable()
        return state, app_text.offline_detail(status.since, reason)
    if state is TrayState.ATTENTION and status.error is not None:
        return state, describe(status.error, language)
    if state is TrayState.SIGNED_OUT:
        return state, app_text.signed_out_detail()
    if state is TrayState.CONNECTING:
        return state, app_text.connecting_detail()
    if state is TrayState.LIMITED:
        return state, app_text.limited_detail(poll_seconds)
    return state, ""


class TrayFeed(QObject):
    def __init__(
        self,
        tray: TrayController,
        store: Store,
        rules: Callable[[], CallRules],
        inbox: Inbox,
        clock: Clock,
        parent: QObject | None = None,
    ) -> None:
        """`rules`: the team's vocabulary now (which statuses end a call)."""
        super().__init__(parent)
        self._tray = tray
        self._store = store
        self._rules = rules
        self.inbox = inbox
        self._clock = clock
        self._expiry = QTimer(self)  # the next alert leaves the inbox
        self._expiry.setSingleShot(True)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._expiry.timeout.connect(self.refresh)
        self._soon.timeout.connect(self.refresh)
        self._stopped = False

    def add(self, alerts: Sequence[Alert]) -> None:
        self.inbox.add(alerts)
        self.refresh_soon()

    def claimed(self, claims: dict[str, str]) -> None:
        """Teammates (or the user) claimed these calls (call id → who): their inbox entries
        say who."""
        if claims and self.inbox.claimed(claims):
            self.refresh_soon()

    def refresh_soon(self) -> None:
        """One tray refresh for all the changes of the next few milliseconds; the short delay
        lets the toasts of those changes go out first (a refresh costs up to a few ms)."""
        if not self._soon.isActive():
            self._soon.start(TRAY_REFRESH_DELAY_MS)

    def refresh(self) -> None:
        if self._stopped:
            return
        moment = self._clock()
        self._tray.set_inbox(self.inbox.current(moment))
        active = self._store.count_calls(sorted(self._rules().terminal_statuses))
        self._tray.set_counts(active_calls=active, unread=self.inbox.unread())
        expiry = self.inbox.next_expiry(moment)
        if expiry is not None:
            delay = max(int((expiry - moment).total_seconds() * 1000) + 50, 50)
            self._expiry.start(delay)

    def mark_read(self) -> None:
        self.inbox.mark_all_read()
        self.refresh()

    def stop(self) -> None:
        self._stopped = True
        self._expiry.stop()
        self._soon.stop()
