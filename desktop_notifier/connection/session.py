"""One connection session, built the same way by the tray app and by `watch`: the profile's
settings (kept current), the store, the pipeline, the supervisor run as a task, and the
triggers (sleep, wake, network) that steer it. A front end gives it an observer (the tray's Qt
bridge, or the terminal printer) and shows what that observer is told.

The settings are read once; after that the session follows the settings file (a
`QFileSystemWatcher` on the profile directory: the tray's dialog, `configure` or a hand edit
all reach a running `watch`), or is handed new ones (`use_settings`), and emits
`settings_changed` when they differ. The pipeline and the supervisor read `session.settings`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal

from desktop_notifier.common.clock import Clock, utc_now
from desktop_notifier.connection.backoff import Backoff
from desktop_notifier.connection.comment_alerts import comments_wanted
from desktop_notifier.connection.pipeline import Observer, Pipeline
from desktop_notifier.connection.supervisor import Status, Supervisor, SupervisorObserver
from desktop_notifier.connection.triggers import ConnectionTriggers
from desktop_notifier.profile import settings as settings_file
from desktop_notifier.profile.credentials import SecretStore
from desktop_notifier.profile.directory import Profile
from desktop_notifier.profile.settings import Settings
from desktop_notifier.profile.store import Store
from desktop_notifier.sync.account import Account
from desktop_notifier.sync.signin import restore, sign_out
from desktop_notifier.system.network import NetworkWatcher
from desktop_notifier.system.power import SleepWatcher
from desktop_notifier.system.proxy_settings import system_route

log = logging.getLogger(__name__)
STOP_TIMEOUT = 5.0  # the supervisor closes its link cleanly within this, or is cancelled


class SessionObserver(Observer, SupervisorObserver, Protocol):
    """Told every status change, every batch of alerts and every changed call."""


class Session(QObject):
    settings_changed = Signal(object)  # Settings

    def __init__(
        self,
        profile: Profile,
        secrets: SecretStore,
        observer: SessionObserver,
        *,
        clock: Clock = utc_now,
        backoff: Callable[[], Backoff] = Backoff,
        parent: QObject | None = None,
    ) -> None:
        """`backoff`: a fresh reconnect schedule per supervisor (tests shorten it)."""
        super().__init__(parent)
        self.profile = profile
        self.secrets = secrets
        self._observer = observer
        self._backoff = backoff
        self._settings = settings_file.load(profile.directory)
        self.store = Store(profile.store_path, history_days=lambda: self._settings.history_days)
        self.pipeline = Pipeline(self.store, lambda: self._settings, observer, clock)
        self.sleep = SleepWatcher(self)
        self.network = NetworkWatcher(self)
        self.triggers = ConnectionTriggers(self._running, self.sleep, self.network, self)
        self.account: Account | None = None
        # The current supervisor (kept after it stops, for its counters), and its task.
        self.supervisor: Supervisor | None = None
        self._task: asyncio.Task[None] | None = None
        self._renewing: asyncio.Future[None] | None = None  # a reconnect for a new proxy
        self._files = QFileSystemWatcher(self)
        self._files.directoryChanged.connect(self._on_file_changed)
        self._files.fileChanged.connect(self._on_file_changed)

    # --- settings ----------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        return self._settings

    def use_settings(self, settings: Settings) -> None:
        """Make `settings` current (the caller saved them); `settings_changed` if they differ.
        A new proxy choice takes a new session through it (the HTTP client and the websocket
        keep the route they were made with); a new live source (or the comment alert ticked or
        unticked), a new link."""
        if settings != self._settings:
            previous, self._settings = self._settings, settings
            self.settings_changed.emit(settings)
            if _route_of(previous) != _route_of(settings):
                self.renew_route()
            elif _link_of(previous) != _link_of(settings) and (running := self._running()):
                running.reconnect_now("live source changed", fresh_too=True)

    def renew_route(self) -> None:
        """Connect again through the current proxy settings (and the keyring's password)."""
        if self.running and self.account is not None:
            self._renewing = asyncio.ensure_future(self._reconnect_fresh())

    async def _reconnect_fresh(self) -> None:
        await self.stop_supervisor()
        if self.account is not None:
            await self.account.close()
            self.account = None
        self.start_supervisor()

    def reload_settings(self) -> Settings:
        self.use_settings(settings_file.load(self.profile.directory))
        return self._settings

    def _on_file_changed(self, _path: str) -> None:
        self._watch_settings_file()  # a file replaced by a rename is watched afresh
        path = self.profile.directory / settings_file.FILE_NAME
        with contextlib.suppress(OSError):
            if path.stat().st_size:  # not while an editor has it truncated, nor once deleted
                self.reload_settings()

    def _watch_settings_file(self) -> None:
        path = self.profile.directory / settings_file.FILE_NAME
        if path.exists() and str(path) not in self._files.files():
            self._files.addPath(str(path))

    # --- start and stop ----------------------------------------------------------------

    def start(self) -> None:
        """Follow sleep, wake, the network and the settings file (needs a running loop)."""
        self.triggers.start()
        if self.profile.directory.is_dir():
            self._files.addPath(str(self.profile.directory))
        self._watch_settings_file()

    def start_supervisor(self, account: Account | None = None) -> None:
        """Run a supervisor until `stop_supervisor()`: with `account` (just signed in) or with the
        session restored from the keyring."""
        pending = account

        async def connect_account() -> Account:
            nonlocal pending
            if pending is not None:
                ready, pending = pending, None
            else:
                ready = await restore(self.profile, self.secrets, system_route)
            self.account = ready
            self.store.bind_account(ready.account_key)
            return ready

        self.supervisor = Supervisor(
            connect_account, self.store, self.pipeline, self._observer, backoff=self._backoff()
        )
        self._task = asyncio.ensure_future(self.supervisor.run())
        self._task.add_done_callback(_log_stop)

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def _running(self) -> Supervisor | None:
        return self.supervisor if self.running else None

    def reconnect_now(self) -> None:
        supervisor = self._running()
        if supervisor is not None:
            supervisor.reconnect_now()

    def stop_soon(self) -> None:
        """Ask the supervisor to stop (from a signal handler); `finished()` then returns."""
        if self.supervisor is not None:
            self.supervisor.stop()

    async def finished(self) -> Status | None:
        """Wait for the supervisor to stop (signed out, or asked to) and return its last status."""
        if self._task is not None:
            await asyncio.wait({self._task})
        return None if self.supervisor is None else self.supervisor.status

    async def stop_supervisor(self) -> None:
        """Stop the supervisor: the link closes cleanly, or is cancelled after STOP_TIMEOUT."""
        self.stop_soon()
        if self._task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._task), STOP_TIMEOUT)
            except TimeoutError:
                self._task.cancel()
            except Exception:  # already logged by _log_stop
                pass
        self._task = None

    async def use_account(self, account: Account) -> None:
        """A sign-in succeeded: connect with `account` from now on (its settings were saved)."""
        self.reload_settings()
        await self.stop_supervisor()
        if self.account is not None and self.account is not account:
            await self.account.close()
        self.start_supervisor(account)

    async def sign_out(self) -> None:
        await self.stop_supervisor()
        await sign_out(self.profile, self.secrets, self.account)
        self.account = None

    async def close(self) -> None:
        """Close the link and the account, stop the triggers, then flush and close the store."""
        await self.stop_supervisor()
        if self.account is not None:
            await self.account.close()
        self.triggers.stop()
        paths = self._files.files() + self._files.directories()
        if paths:
            self._files.removePaths(paths)
        self.store.close()


def _route_of(settings: Settings) -> tuple[str, str, str]:
    return (settings.proxy_mode, settings.proxy_url, settings.proxy_user)


def _link_of(settings: Settings) -> tuple[str, bool]:
    """What the live link is made of: its source, and whether it binds the comments
    (`connection/comment_alerts`)."""
    return (settings.source, comments_wanted(settings))


def _log_stop(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("the connection supervisor stopped", exc_info=task.exception())
