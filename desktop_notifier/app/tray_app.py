"""The composition root of the tray app: builds every object, wires every signal (here and
nowhere else), owns the start and the shutdown order. The connection is the `Session` that
`watch` builds too; what the tray is told is `tray_feed`, the toasts are `toasts`, the windows
`call_windows` and `settings_flow`, the "Copiar diagnóstico" report `diagnostics`. Decisions
live below (`alerts`, `connection`); this module only connects them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from desktop_notifier.alerts import Alert, AlertKind, ToastThrottle
from desktop_notifier.alerts.inbox import Inbox
from desktop_notifier.alerts.pause import PauseChoice
from desktop_notifier.app.bridge import Bridge
from desktop_notifier.app.call_windows import CallWindows
from desktop_notifier.app.comments import Comments
from desktop_notifier.app.diagnostics import RunningReport, RunningState
from desktop_notifier.app.screen_share import ScreenShareWatch
from desktop_notifier.app.settings_flow import SettingsFlow, SettingsHost
from desktop_notifier.app.team_alerts import TeamAlerts
from desktop_notifier.app.toasts import Toasts
from desktop_notifier.app.tray_feed import TrayFeed, connection_view
from desktop_notifier.app.views import Views
from desktop_notifier.common.clock import Clock, utc_now
from desktop_notifier.common.errors import UserError
from desktop_notifier.connection.backoff import Backoff
from desktop_notifier.connection.outage_notice import OutageNotice
from desktop_notifier.connection.session import Session
from desktop_notifier.connection.supervisor import ConnectionState, Status
from desktop_notifier.events import Call
from desktop_notifier.notify.base import Notifier
from desktop_notifier.notify.toast import CONNECTION_KIND, Toast
from desktop_notifier.profile.credentials import SecretStore
from desktop_notifier.profile.directory import Profile
from desktop_notifier.profile.settings import Settings
from desktop_notifier.sync.account import Account
from desktop_notifier.system.memory import ReleaseSoon
from desktop_notifier.ui import app_text
from desktop_notifier.ui.diagnostics_action import DiagnosticsAction
from desktop_notifier.ui.translation import install_language
from desktop_notifier.ui.tray import TrayController
from desktop_notifier.ui.tray_state import TrayState
from desktop_notifier.ui.views_actions import ViewsActions

if TYPE_CHECKING:  # windows are loaded when first opened (see call_windows, settings_flow)
    from desktop_notifier.ui.history_window import HistoryWindow
    from desktop_notifier.ui.settings_dialog import SettingsDialog

log = logging.getLogger(__name__)


class App(QObject):
    def __init__(
        self,
        qapp: QApplication,
        profile: Profile,
        secrets: SecretStore,
        *,
        backoff: Callable[[], Backoff] = Backoff,
        tray_icon: QSystemTrayIcon | None = None,
        clock: Clock = utc_now,
    ) -> None:
        """`tray_icon`: the icon already shown while the app was starting (adopted);
        `backoff`: the reconnect delays and `clock`: the wall clock (tests pass their own)."""
        super().__init__()
        self.qapp = qapp
        self.profile = profile
        self.secrets = secrets
        self.bridge = Bridge(lambda: self.session.supervisor, self)
        self.session = Session(profile, secrets, self.bridge, clock=clock, backoff=backoff)
        self.store, self.network = self.session.store, self.session.network
        self._language = self.settings.language
        install_language(qapp, self._language)
        self.tray = TrayController(self, icon=tray_icon)
        language = lambda: self.settings.language  # noqa: E731 - read when a toast goes out
        self.toasts = Toasts(self.tray.tray, language, self.spawn, self._on_toast_clicked, clock)
        inbox = Inbox(self.settings.inbox_ttl)
        self.feed = TrayFeed(self.tray, self.store, lambda: self.settings.rules, inbox, clock, self)
        self.outage = OutageNotice(self.settings.lost_connection_grace_seconds, self)
        self.status: Status | None = None
        # Start-up, sign-in and the first catch-up leave freed heap behind: given back to the
        # OS a moment after each time the connection goes live (system/memory.py).
        self._release = ReleaseSoon()
        self._tasks: set[asyncio.Future[None]] = set()
        self.team = TeamAlerts(
            self.toasts,
            self.feed,
            self.store,
            lambda: self.account,
            lambda: self.settings,
            self.spawn,
            clock,
            self,
        )
        self.screen_share = ScreenShareWatch(
            self.team.set_screen_shared, lambda: self.settings.team.privacy, self
        )
        self.call_windows = CallWindows(
            self.store,
            lambda: self.account,
            lambda: self.settings,
            self.spawn,
            clock,
            claim=lambda call_id: self.team.act("claim", call_id),
            open_comments=self.open_comments,
        )
        self.settings_flow = SettingsFlow(
            SettingsHost(
                profile,
                secrets,
                settings=lambda: self.settings,
                signed_in_as=lambda: None if self.account is None else self.account.tokens.email,
                catchup_mode=lambda: None if self.account is None else self.store.catchup_mode(),
                spawn=self.spawn,
                use_account=self.use_account,
                sign_out=self.sign_out,
                use_settings=self.session.use_settings,
                test_toast=lambda: self.toasts.notice(*app_text.test_toast()),
                renew_route=self.session.renew_route,
            )
        )
        self.views = Views(lambda: self.account, lambda: self.settings, self.spawn, clock, self)
        self.views_actions = ViewsActions(self.tray, self)
        language = lambda: self.settings.language  # noqa: E731
        self.comments = Comments(lambda: self.account, language, self.spawn, self)
        self.report = RunningReport(profile, self._running_state, clock)
        self.diagnostics = DiagnosticsAction(self.tray, self.report.build, self)
        self.quitting = asyncio.Event()
        self._shutting_down = False
        self._connect()

    # --- wiring ------------------------------------------------------------------------

    def _connect(self) -> None:
        self.bridge.connection_changed.connect(self._on_connection_changed)
        self.bridge.connection_changed.connect(self.report.note_status)
        self.bridge.alerts_arrived.connect(self._on_alerts)
        self.bridge.calls_updated.connect(self._on_calls_updated)
        self.bridge.warning_raised.connect(
            lambda error: self.toasts.notice(*app_text.warning_toast(error, self.settings.language))
        )
        self.tray.claim_requested.connect(lambda call_id: self.team.act("claim", call_id))
        self.toasts.dnd.holding.connect(self.tray.set_held)
        self.session.settings_changed.connect(self._on_settings_changed)
        self.tray.open_call_requested.connect(self.open_call)
        self.tray.open_comments_requested.connect(self.open_comments)
        self.tray.mark_read_requested.connect(self.feed.mark_read)
        self.tray.history_requested.connect(self.open_history)
        self.tray.pause_requested.connect(self._on_pause)
        self.tray.reconnect_requested.connect(self.session.reconnect_now)
        self.tray.settings_requested.connect(self.open_settings)
        self.tray.quit_requested.connect(self.request_quit)
        self._connect_views()
        self.diagnostics.copied.connect(
            lambda: self.toasts.notice(*app_text.diagnostics_copied_toast())
        )
        # The session's triggers steer the supervisor on sleep, wake and network changes; the
        # outage notice times the grace period of the connection toasts.
        self.session.sleep.about_to_sleep.connect(self.outage.about_to_sleep)
        self.session.sleep.resumed.connect(self.outage.resumed)
        self.network.went_offline.connect(self._show_connection)
        self.network.came_online.connect(self._show_connection)
        self.outage.lost.connect(lambda: self._connection_toast(app_text.connection_lost_toast()))
        self.outage.back.connect(lambda: self._connection_toast(app_text.connection_back_toast()))

    def _connect_views(self) -> None:
        """The dashboard and the calls list: opened from the tray, told how many new calls are
        unread (after the inbox took the alerts: the list's banner counts calls, where the tray
        counts every alert), marked read from the tray or from the list's banner."""
        views = self.views
        self.views_actions.dashboard_requested.connect(views.open_dashboard)
        self.views_actions.calls_requested.connect(views.open_calls)
        views.open_call_requested.connect(self.open_call)
        views.mark_read_requested.connect(self.feed.mark_read)
        views.mark_read_requested.connect(views.marked_read)
        self.tray.mark_read_requested.connect(views.marked_read)
        self.bridge.alerts_arrived.connect(
            lambda *_: views.set_unread(self.inbox.unread(AlertKind.NEW_CALL))
        )

    def spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        task.add_done_callback(_log_failure)

    # --- what the parts own, for the launcher, the diagnostics and the tests ---------------

    @property
    def settings(self) -> Settings:
        return self.session.settings

    @property
    def account(self) -> Account | None:
        return self.session.account

    @property
    def inbox(self) -> Inbox:
        return self.feed.inbox

    @property
    def notifier(self) -> Notifier | None:
        return self.toasts.notifier

    @property
    def throttle(self) -> ToastThrottle:
        return self.toasts.throttle

    @throttle.setter
    def throttle(self, throttle: ToastThrottle) -> None:
        self.toasts.throttle = throttle

    @property
    def history(self) -> HistoryWindow | None:
        return self.call_windows.history

    @property
    def dialog(self) -> SettingsDialog | None:
        return self.settings_flow.dialog

    # --- start and stop ----------------------------------------------------------------

    async def start(self) -> None:
        if self.settings.configured:
            self.tray.set_state(TrayState.CONNECTING, app_text.connecting_detail())
        else:
            self.tray.set_state(TrayState.NOT_CONFIGURED, app_text.not_configured_detail())
        self.tray.show()
        await self.toasts.start()
        self.screen_share.start()
        if self.store.moved_aside is not None:  # told once: the next start finds a good file
            aside = self.store.moved_aside
            self.toasts.notice(*app_text.store_moved_aside_toast(aside, self.settings.language))
        self.session.start()
        stored = await self._stored_secrets()
        if self.settings.configured and stored:
            self.tray.set_state(TrayState.CONNECTING, app_text.connecting_detail())
            self.session.start_supervisor()
        else:
            self.open_settings()

    async def _stored_secrets(self) -> bool:
        try:
            return await self.secrets.load() is not None
        except UserError as exc:
            self.settings_flow.show_error(exc)
            return False

    def request_quit(self) -> None:
        self.spawn(self.shutdown())

    async def shutdown(self) -> None:
        """Close the socket, flush the store, take the icon off the tray, then quit."""
        if self._shutting_down:
            return
        self._shutting_down = True
        self.feed.stop()
        self.team.stop()
        self.screen_share.stop()
        await self.toasts.close()
        await self.comments.close()
        await self.session.close()
        self.views.close_all()
        self.call_windows.close_all()  # nothing awaited after: the last window may end the loop
        self.tray.dispose()
        self.quitting.set()

    # --- connection and alerts ---------------------------------------------------------

    def _on_connection_changed(self, status: Status) -> None:
        if self._shutting_down:
            return
        previous, self.status = self.status, status
        self._show_connection()
        self.outage.state_changed(status.state)
        if status.state is ConnectionState.LIVE:
            self.settings_flow.show_catchup_mode()
            if previous is None or previous.state is not ConnectionState.LIVE:
                self.team.resume()
                self.spawn(self.team.learn_role())
                self.views.reconnected()
                self.comments.reconnected()
                self._release.request()
        if status.state is ConnectionState.SIGNED_OUT:
            if status.error is not None:
                self.settings_flow.show_error(status.error)
            else:
                self.open_settings()
        if previous is not None and previous.state is not status.state:
            log.info("connection %s → %s", previous.state.value, status.state.value)

    def _show_connection(self) -> None:
        self.tray.set_source(app_text.source_line(self.settings.source))
        if self.status is not None:
            online = self.network.is_online
            view = connection_view(
                self.status, online, self.settings.language, self.settings.poll_seconds
            )
            self.tray.set_state(*view)

    def _connection_toast(self, text: tuple[str, str]) -> None:
        if not self._shutting_down:
            self.toasts.connection(text)

    def _on_alerts(self, alerts: Sequence[Alert], caught_up: bool) -> None:
        if self._shutting_down:
            return
        self.feed.add(alerts)  # refreshed after the toasts: not in a toast's critical path
        self.toasts.alerts(alerts, caught_up=caught_up)
        self.team.alerts(alerts)

    def _on_pause(self, choice: str) -> None:
        self.tray.set_paused_until(self.toasts.pause(PauseChoice(choice)))

    def _on_toast_clicked(self, toast: Toast) -> None:
        if toast.kind == CONNECTION_KIND:
            return
        if toast.invoked is not None and toast.target is not None:  # claim, snooze
            self.team.act(toast.invoked, toast.target)
        elif toast.target is None:
            self.open_history()
        elif toast.kind == AlertKind.CALL_COMMENT.value:
            self.open_comments(toast.target)
        else:
            self.open_call(toast.target)

    def _running_state(self) -> RunningState:
        backend = None if self.notifier is None else type(self.notifier).__name__
        paused, aside = self.toasts.paused_until, self.store.moved_aside
        return RunningState(self.status, self.network.is_online, backend, paused, aside)

    # --- windows and settings ----------------------------------------------------------

    def open_call(self, call_id: str) -> None:
        self.call_windows.open_call(call_id)
        window = self.call_windows.windows.get(call_id)
        if window is not None:
            self.comments.attach(call_id, window)

    def open_comments(self, call_id: str) -> None:
        """The call's window on its Comments tab (a comment alert was clicked)."""
        self.open_call(call_id)
        self.comments.show(call_id)

    def open_history(self) -> None:
        self.call_windows.open_history()

    def _on_calls_updated(self, calls: dict[str, Call | None]) -> None:
        self.team.calls_changed(calls)
        self.call_windows.update(calls)
        self.views.calls_changed(calls)
        self.feed.refresh_soon()

    def open_settings(self) -> None:
        self.settings_flow.open()

    async def use_account(self, account: Account) -> None:
        """A sign-in from the dialog succeeded: connect with `account` from now on."""
        await self.session.use_account(account)
        self.tray.set_state(TrayState.CONNECTING, app_text.connecting_detail())

    async def sign_out(self) -> None:
        await self.session.sign_out()
        self.status = None
        self.tray.set_state(TrayState.NOT_CONFIGURED, app_text.not_configured_detail())

    def _on_settings_changed(self, settings: Settings) -> None:
        """New settings (from the dialog, a sign-in or the file edited): in effect at once."""
        self.feed.inbox.set_ttl(settings.inbox_ttl)
        self.outage.set_grace(settings.lost_connection_grace_seconds)
        self.team.use_settings(settings)
        if settings.language != self._language:
            self._language = settings.language
            install_language(self.qapp, settings.language)
        self._show_connection()
        self.feed.refresh()
        self.views.settings_changed(settings)


def _log_failure(task: asyncio.Future[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("a background task failed", exc_info=task.exception())
