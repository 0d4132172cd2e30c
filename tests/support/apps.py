"""The one builder of tray `App`s for the tests (`make_app`): each app on its own profile, its
alerts, toasts and states recorded (`Recorder`), shut down with its windows after the test."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

import pytest
from PySide6.QtWidgets import QApplication

from desktop_notifier.alerts import Alert
from desktop_notifier.app.tray_app import App
from desktop_notifier.common.clock import Clock, utc_now
from desktop_notifier.connection.backoff import Backoff
from desktop_notifier.connection.supervisor import ConnectionState, Status
from desktop_notifier.notify.toast import Toast
from desktop_notifier.profile.credentials import KeyringSecrets
from desktop_notifier.profile.directory import resolve
from tests.support.outage import Key, count


class Recorder:
    """What an `App` reported: the alerts it raised, the toasts it sent, its states."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.alerts: list[Alert] = []
        self.caught_up: list[bool] = []
        self.toasts: list[Toast] = []
        self.statuses: list[Status] = []
        app.bridge.alerts_arrived.connect(self._on_alerts)
        app.bridge.connection_changed.connect(self.statuses.append)

    def _on_alerts(self, alerts: list[Alert], caught_up: bool) -> None:
        self.alerts.extend(alerts)
        self.caught_up.extend([caught_up] * len(alerts))

    def spy_on_toasts(self) -> None:
        """Record every toast handed to the notifier (call after `app.start()`)."""
        notifier = self.app.notifier
        assert notifier is not None
        show = notifier.show

        async def recorded(toast: Toast) -> None:
            self.toasts.append(toast)
            await show(toast)

        notifier.show = recorded  # type: ignore[method-assign]

    @property
    def state(self) -> ConnectionState | None:
        return self.statuses[-1].state if self.statuses else None

    def live(self) -> bool:
        return self.state is ConnectionState.LIVE

    def counts(self) -> Counter[Key]:
        return count((a.kind.value, a.call_id) for a in self.alerts)

    def toast_titles(self, kind: str) -> list[str]:
        return [t.title for t in self.toasts if t.kind == kind]

    def alert_keys(self) -> list[Key]:
        return [(a.kind.value, a.call_id) for a in self.alerts]


class MakeApp(Protocol):
    """`make_app(directory=None, *, backoff=Backoff)`: an app on `directory` (default: the
    test's `tmp_path / "profile"`) and its recorder; not started."""

    def __call__(
        self,
        directory: Path | None = None,
        *,
        backoff: Callable[[], Backoff] = Backoff,
        clock: Clock = utc_now,
    ) -> tuple[App, Recorder]: ...


@pytest.fixture
def make_app(qapp: QApplication, run: Callable[..., object], tmp_path: Path) -> Iterator[MakeApp]:
    """Build apps; each is shut down, and its windows closed, after the test.

    A scenario runs as one coroutine on the qasync loop and calls blocking helpers through
    `asyncio.to_thread`: between two `run()` calls Qt may step the app's tasks while no
    asyncio loop is marked running, which asyncio does not allow.
    """
    apps: list[App] = []

    def build(
        directory: Path | None = None,
        *,
        backoff: Callable[[], Backoff] = Backoff,
        clock: Clock = utc_now,
    ) -> tuple[App, Recorder]:
        profile = resolve(str(directory or tmp_path / "profile")).ensure()
        secrets = KeyringSecrets(profile.keyring_namespace)
        app = App(qapp, profile, secrets, backoff=backoff, clock=clock)
        apps.append(app)
        return app, Recorder(app)

    yield build
    for app in apps:
        run(app.shutdown())
        for window in list(app.call_windows.windows.values()):
            window.close()
        if app.dialog is not None:
            app.dialog.close()
        if app.history is not None:
            app.history.close()


async def started(app: App, recorder: Recorder) -> None:
    await app.start()
    recorder.spy_on_toasts()
