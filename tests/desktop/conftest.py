"""Fixtures for the tray-app tests: a stand-in of the module's own (the tests stop and restart
it), a builder of `App` instances that are shut down after, and an app already live."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desktop_notifier.app.tray_app import App
from desktop_notifier.common.clock import Clock, utc_now
from desktop_notifier.connection.supervisor import ConnectionState
from desktop_notifier.devstack.cluster import PostgresCluster
from desktop_notifier.profile.credentials import KeyringSecrets
from desktop_notifier.profile.directory import resolve
from tests.support.cli import configure
from tests.support.standin import Standin, start_standin
from tests.support.waiting import until


@pytest.fixture(scope="module")
def own_standin(
    pg_cluster: PostgresCluster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Standin]:
    stand = start_standin(
        tmp_path_factory.mktemp("app-standin"), postgres=pg_cluster.dsn, poll_interval=0.02
    )
    yield stand
    stand.stop()


@pytest.fixture
def make_app(
    qapp: QApplication, run: Callable[..., object], tmp_path: Path
) -> Iterator[Callable[..., App]]:
    apps: list[App] = []

    def build(directory: Path | None = None, *, clock: Clock = utc_now) -> App:
        """An app on the profile in `directory` (default: tmp_path/profile), with `clock`."""
        profile = resolve(str(directory or tmp_path / "profile")).ensure()
        app = App(qapp, profile, KeyringSecrets(profile.keyring_namespace), clock=clock)
        apps.append(app)
        return app

    yield build
    for app in apps:
        run(app.shutdown())
        for window in list(app.call_windows.windows.values()):
            window.close()
        if app.dialog is not None:
            app.dialog.close()


def live(app: App) -> bool:
    return app.status is not None and app.status.state is ConnectionState.LIVE


@pytest.fixture
def live_app(
    make_app: Callable[[Path | None], App],
    run: Callable[..., object],
    own_standin: Standin,
    tmp_path: Path,
) -> App:
    """An app signed in (with `configure`) to the module's stand-in, started and live."""
    assert configure(tmp_path / "profile", own_standin).returncode == 0
    app = make_app(None)
    run(app.start())
    run(until(lambda: live(app), "a live connection"))
    return app
