"""The composition root of the tray app: builds every object, wires every signal, owns the
shutdown order. No policy lives here (that is `alerts`), no widget layout (that is `ui`), no
protocol code (that is `sync`); this module only connects them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from desktop_notifier.alerts import Alert, Summary, ToastThrottle, Urgency
from desktop_notifier.alerts.inbox import Inbox
from desktop_notifier.alerts.summary import summarize
from desktop_notifier.app.bridge import Bridge
from desktop_notifier.app.call_windows import CallWindows
from desktop_notifier.app.diagnostics import attach_diagnostics
from desktop_notifier.app.do_not_disturb import DoNotDisturb
from desktop_notifier.app.settings_flow import SettingsFlow
from desktop_notifier.common.errors import UserError, describe
from desktop_notifier.connection.backoff import Backoff
from desktop_notifier.connection.outage_notice import OutageNotice
from desktop_notifier.connection.pipeline import Pipeline
from desktop_notifier.connection.supervisor import ConnectionState, Status, Supervisor
from desktop_notifier.connection.triggers import ConnectionTriggers
from desktop_notifier.events import Call
from desktop_notifier.notify.base import Notifier, NotifyError, Unavailable, create_notifier
from desktop_notifier.notify.defaults import default_factories
from desktop_notifier.notify.quiet import desktop_quiet
from desktop_notifier.notify.toast import CONNECTION_KIND, Toast, toast_for_alert, toast_for_summary
from desktop_notifier.profile import settings as settings_file
from desktop_notifier.profile.credentials import SecretStore
from desktop_notifier.profile.directory import Profile
from desktop_notifier.profile.settings import Settings
from desktop_notifier.profile.store import Store
from desktop_notifier.sync.account import Account
from desktop_notifier.sync.signin import restore, sign_out
from desktop_notifier.system import autostart
from desktop_notifier.system.network import NetworkWatcher
from desktop_notifier.system.power import SleepWatcher
from desktop_notifier.ui import app_text
from desktop_notifier.ui.translation import install_language
from desktop_notifier.ui.tray import TrayController
from desktop_notifier.ui.tray_state import TrayState

if TYPE_CHECKING:  # windows are loaded when first opened (see call_windows, settings_flow)
    from desktop_notifier.ui.call_window import CallWindow
    from desktop_notifier.ui.history_window import HistoryWindow
    from desktop_notifier.ui.settings_dialog import SettingsDialog

log = logging.getLogger(__name__)
TERMINAL_STATUSES = ("completed", "missed", "failed", "cancelled")
BURST_SUMMARY_KEY = "summary:burst"
CONNECTION_TOAST_KEY = "connection"  # "Conectado novamente" replaces "Conexão perdida"
TRAY_STATES = {
    ConnectionState.CONNECTING: TrayState.CONNECTING,
    ConnectionState.LIVE: TrayState.LIVE,
    ConnectionState.OFFLINE: TrayState.OFFLINE,
    ConnectionState.ATTENTION: TrayState.ATTENTION,
    ConnectionState.SIGNED_OUT: TrayState.SIGNED_OUT,
    ConnectionState.STOPPED: TrayState.OFFLINE,
}


TRAY_REFRESH_DELAY_MS = 25


def now() -> datetime:
    return datetime.now(UTC)


class App(QObject):
    def __init__(
        self,
        qapp: QApplication,
        profile: Profile,
        secrets: SecretStore,
        *,
        backoff: Callable[[], Backoff] = Backoff,
        tray_icon: QSystemTrayIcon | None = None,
    ) -> None:
        """`tray_icon`: the icon already shown while the app was starting (adopted)."""
        super().__init__()
        self._backoff = backoff  # the reconnect delays (tests shorten them)
        self.qapp = qapp
        self.profile = profile
        self.secrets = secrets
        self.settings = settings_file.load(profile.directory)
        install_language(qapp, self.settings.language)
        self.store = Store(profile.store_path)
        self.inbox = Inbox(self.settings.inbox_ttl)
        self.throttle = ToastThrottle()
        self.bridge = Bridge(self)
        self.pipeline = Pipeline(self.store, lambda: self.settings, self.bridge, now)
        self.tray = TrayController(self, icon=tray_icon)
        self.notifier: Notifier | None = None
        self.paused_until: datetime | None = None
        self.account: Account | None = None
        self.status: Status | None = None
        self.sleep = SleepWatcher(self)
        self.network = NetworkWatcher(self)
        self.triggers = ConnectionTriggers(self._running_supervisor, self.sleep, self.network, self)
        self.outage = OutageNotice(self.settings.lost_connection_grace_seconds, self)
        self._inbox_timer = QTimer(self)
        self._inbox_timer.setSingleShot(True)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._tasks: set[asyncio.Future[None]] = set()
        self.call_windows = CallWindows(
            self.store, lambda: self.account, lambda: self.settings, self.spawn, lambda: now()
        )
        self.settings_flow = SettingsFlow(self)
        self.quitting = asyncio.Event()
        self._shutting_down = False
        self.diagnostics = attach_diagnostics(self)  # the tray's "Copiar diagnóstico"
        self.dnd = DoNotDisturb(lambda: desktop_quiet(self.notifier), self.spawn, self)
        self._connect()

    # --- wiring ------------------------------------------------------------------------

    def _connect(self) -> None:
        self.bridge.connection_changed.connect(self._on_connection_changed)
        self.bridge.alerts_arrived.connect(self._on_alerts)
        self.bridge.calls_updated.connect(self._on_calls_updated)
        self.tray.open_call_requested.connect(self.open_call)
        self.tray.mark_read_requested.connect(self._on_mark_read)
        self.tray.history_requested.connect(self.open_history)
        self.tray.pause_requested.connect(self._on_pause)
        self.tray.reconnect_requested.connect(self._on_reconnect)
        self.tray.settings_requested.connect(self.open_settings)
        self.tray.quit_requested.connect(self.request_quit)
        self._inbox_timer.timeout.connect(self._refresh_inbox)
        self._refresh_timer.timeout.connect(self._refresh_inbox)
        self.dnd.ended.connect(self._on_quiet_ended)
        # The triggers steer the supervisor on sleep, wake and network changes; the outage
        # notice times the grace period of the connection toasts.
        self.sleep.about_to_sleep.connect(self.outage.about_to_sleep)
        self.sleep.resumed.connect(self.outage.resumed)
        self.network.went_offline.connect(self._refresh_tray_state)
        self.network.came_online.connect(self._refresh_tray_state)
        self.outage.lost.connect(lambda: self._connection_toast(app_text.connection_lost_toast()))
        self.outage.back.connect(lambda: self._connection_toast(app_text.connection_back_toast()))

    def spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        task.add_done_callback(_log_failure)

    # --- start and stop ----------------------------------------------------------------

    async def start(self) -> None:
        if self.settings.configured:
            self.tray.set_state(TrayState.CONNECTING, app_text.connecting_detail())
        else:
            self.tray.set_state(TrayState.NOT_CONFIGURED, app_text.not_configured_detail())
        self.tray.show()
        self.notifier = await create_notifier(
            default_factories(self.tray.tray, language=self.settings.language),
            self._on_toast_clicked,
        )
        if self.store.moved_aside is not None:  # told once: the next start finds a good file
            aside = self.store.moved_aside
            self.show_notice(*app_text.store_moved_aside_toast(aside, self.settings.language))
        self.triggers.start()
        stored = await self._stored_secrets()
        if self.settings.configured and stored:
            self._start_supervisor()
        else:
            self.open_settings()

    async def _stored_secrets(self) -> bool:
        try:
            return await self.secrets.load() is not None
        except UserError as exc:
            self.settings_flow.show_error(exc)
            return False

    def _start_supervisor(self, account: Account | None = None) -> None:
        pending = account

        async def connect() -> Account:
            nonlocal pending
            if pending is not None:
                ready, pending = pending, None
            else:
                ready = await restore(self.profile, self.secrets)
            self.account = ready
            self.store.bind_account(ready.account_key)
            return ready

        self.tray.set_state(TrayState.CONNECTING, app_text.connecting_detail())
        self.bridge.start(
            Supervisor(connect, self.store, self.pipeline, self.bridge, backoff=self._backoff())
        )

    def request_quit(self) -> None:
        self.spawn(self.shutdown())

    async def shutdown(self) -> None:
        """Close the socket, flush the store, take the icon off the tray, then quit."""
        if self._shutting_down:
            return
        self._shutting_down = True
        self._inbox_timer.stop()
        self._refresh_timer.stop()
        self.dnd.stop()
        await self.bridge.stop()
        if self.account is not None:
            await self.account.close()
        if self.notifier is not None:
            await self.notifier.close()
        self.triggers.stop()
        self.call_windows.close_all()
        self.store.close()
        self.tray.dispose()
        self.quitting.set()

    # --- connection --------------------------------------------------------------------

    def _on_connection_changed(self, status: Status) -> None:
        if self._shutting_down:
            return
        previous, self.status = self.status, status
        self._refresh_tray_state()
        self.outage.state_changed(status.state)
        if status.state is ConnectionState.LIVE:
            self.settings_flow.show_catchup_mode()
        if status.state is ConnectionState.SIGNED_OUT:
            if status.error is not None:
                self.settings_flow.show_error(status.error)
            else:
                self.open_settings()
        if previous is not None and previous.state is not status.state:
            log.info("connection %s → %s", previous.state.value, status.state.value)

    def _refresh_tray_state(self) -> None:
        status = self.status
        if status is None:
            return
        state = TRAY_STATES[status.state]
        if state is TrayState.OFFLINE:
            if not self.network.is_online:
                reason = app_text.no_network()
            elif status.error is not None:
                reason = describe(status.error, self.settings.language)
            else:
                reason = app_text.server_unreachable()
            detail = app_text.offline_detail(status.since, reason)
        elif state is TrayState.ATTENTION and status.error is not None:
            detail = describe(status.error, self.settings.language)  # what to change
        elif state is TrayState.SIGNED_OUT:
            detail = app_text.signed_out_detail()
        elif state is TrayState.CONNECTING:
            detail = app_text.connecting_detail()
        else:
            detail = ""
        self.tray.set_state(state, detail)

    def _running_supervisor(self) -> Supervisor | None:
        return self.bridge.supervisor if self.bridge.running else None

    def _on_reconnect(self, *_: object) -> None:
        supervisor = self._running_supervisor()
        if supervisor is not None:
            supervisor.reconnect_now()

    def _connection_toast(self, text: tuple[str, str]) -> None:
        if self._shutting_down or (self.paused_until is not None and now() < self.paused_until):
            return
        title, body = text
        toast = Toast(title, body, kind=CONNECTION_KIND, replace_key=CONNECTION_TOAST_KEY)
        self.spawn(self._show(toast))

    # --- alerts ------------------------------------------------------------------------

    def _on_alerts(self, alerts: Sequence[Alert], caught_up: bool) -> None:
        if self._shutting_down:
            return
        self.inbox.add(alerts)
        self._refresh_soon()  # after the toasts: the tray is not in a toast's critical path
        if self.paused_until is not None and now() < self.paused_until:
            return
        self.spawn(self._toast_unless_quiet(alerts, caught_up))

    async def _toast_unless_quiet(self, alerts: Sequence[Alert], caught_up: bool) -> None:
        """The desktop's do-not-disturb holds the toasts (the inbox has the alerts already)."""
        if await self.dnd.holds(alerts) or self._shutting_down:
            return
        for item in self.throttle.admit(
            alerts, now(), language=self.settings.language, caught_up=caught_up
        ):
            if isinstance(item, Summary):
                # a burst's summary grows in place; a catch-up summary stands alone
                key = None if caught_up else BURST_SUMMARY_KEY
                toast = replace(toast_for_summary(item), replace_key=key)
            else:
                toast = toast_for_alert(item)
            self.spawn(self._show(toast))

    def _on_quiet_ended(self, held: list[Alert]) -> None:
        """Do-not-disturb ended: one toast for everything it held."""
        if self._shutting_down or (self.paused_until is not None and now() < self.paused_until):
            return
        summary = summarize(held, self.settings.language, caught_up=True)
        self.spawn(self._show(toast_for_summary(summary)))

    async def _show(self, toast: Toast) -> None:
        if self.notifier is None:
            return
        try:
            await self.notifier.show(toast)
        except NotifyError as exc:
            log.warning("a toast could not be shown: %s", exc)
        except Unavailable as exc:  # the notification server went away: fall back
            log.warning("notification backend lost (%s); falling back", exc)
            self.notifier = await create_notifier(
                default_factories(self.tray.tray, language=self.settings.language)[1:],
                self._on_toast_clicked,
            )
            await self.notifier.show(toast)

    def _refresh_soon(self) -> None:
        """One tray refresh for all the changes of the next few milliseconds; the short delay
        lets the toasts of those changes go out first (a refresh costs up to a few ms)."""
        if not self._refresh_timer.isActive():
            self._refresh_timer.start(TRAY_REFRESH_DELAY_MS)

    def _refresh_inbox(self) -> None:
        if self._shutting_down:
            return
        moment = now()
        self.tray.set_inbox(self.inbox.current(moment))
        active = self.store.count_calls(TERMINAL_STATUSES)
        self.tray.set_counts(active_calls=active, unread=self.inbox.unread())
        expiry = self.inbox.next_expiry(moment)
        if expiry is not None:
            delay = max(int((expiry - moment).total_seconds() * 1000) + 50, 50)
            self._inbox_timer.start(delay)

    def _on_mark_read(self) -> None:
        self.inbox.mark_all_read()
        self._refresh_inbox()

    def _on_pause(self, choice: str) -> None:
        moment = now()
        if choice == "hour":
            self.paused_until = moment + timedelta(hours=1)
        elif choice == "tomorrow":
            local = moment.astimezone()
            tomorrow = (local + timedelta(days=1)).replace(hour=8, minute=0, second=0)
            self.paused_until = tomorrow.astimezone(UTC)
        else:
            self.paused_until = None
        self.tray.set_paused_until(self.paused_until)

    def _on_toast_clicked(self, toast: Toast) -> None:
        if toast.kind == CONNECTION_KIND:
            return
        if toast.target is None:
            self.open_history()
        else:
            self.open_call(toast.target)

    # --- windows ---------------------------------------------------------------------

    @property
    def windows(self) -> dict[str, CallWindow]:
        return self.call_windows.windows

    @property
    def history(self) -> HistoryWindow | None:
        return self.call_windows.history

    def open_call(self, call_id: str) -> None:
        self.call_windows.open_call(call_id)

    def open_history(self) -> None:
        self.call_windows.open_history()

    def _on_calls_updated(self, calls: dict[str, Call | None]) -> None:
        self.call_windows.update(calls)
        self._refresh_soon()

    # --- settings ----------------------------------------------------------------------

    @property
    def dialog(self) -> SettingsDialog | None:
        return self.settings_flow.dialog

    def open_settings(self) -> None:
        self.settings_flow.open()

    async def use_account(self, account: Account) -> None:
        """A sign-in from the dialog succeeded: connect with `account` from now on."""
        self.settings = settings_file.load(self.profile.directory)
        await self.bridge.stop()
        if self.account is not None and self.account is not account:
            await self.account.close()
        self._start_supervisor(account)

    async def sign_out(self) -> None:
        await self.bridge.stop()
        await sign_out(self.profile, self.secrets, self.account)
        self.account = None
        self.status = None
        self.tray.set_state(TrayState.NOT_CONFIGURED, app_text.not_configured_detail())

    def show_notice(self, title: str, body: str) -> None:
        """A toast of the app's own, not an alert (test, diagnostics copied, store recreated)."""
        self.spawn(self._show(Toast(title, body, Urgency.NORMAL, kind=CONNECTION_KIND)))

    def apply_settings(self, chosen: Settings, *, start_at_login_changed: bool = False) -> None:
        """What the user chose in the dialog: saved, and in effect at once. The start-at-login
        entry is written or removed only when the user changed that checkbox."""
        chosen = replace(chosen, url=self.settings.url or chosen.url)
        language_changed = chosen.language != self.settings.language
        self.settings = chosen
        settings_file.save(self.profile.directory, chosen)
        if start_at_login_changed and autostart.is_available():
            try:
                autostart.apply(chosen.start_at_login, self.profile.directory)
            except autostart.AutostartError as exc:
                log.warning("%s", exc)
        self.inbox.set_ttl(chosen.inbox_ttl)
        self.outage.set_grace(chosen.lost_connection_grace_seconds)
        if language_changed:
            install_language(self.qapp, chosen.language)
        self._refresh_tray_state()
        self._refresh_inbox()


def _log_failure(task: asyncio.Future[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("a background task failed", exc_info=task.exception())
