"""Fixtures for the tray-app tests: a stand-in of the module's own (the tests stop and restart
it), and an app already live (the builder of apps is `make_app`, tests/support/apps.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop_notifier.app.tray_app import App
from desktop_notifier.connection.supervisor import ConnectionState
from desktop_notifier.devstack.cluster import PostgresCluster
from tests.support.apps import MakeApp
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


def live(app: App) -> bool:
    return app.status is not None and app.status.state is ConnectionState.LIVE


@pytest.fixture
def live_app(
    make_app: MakeApp,
    run: Callable[..., object],
    own_standin: Standin,
    tmp_path: Path,
) -> App:
    """An app signed in (with `configure`) to the module's stand-in, started and live."""
    assert configure(tmp_path / "profile", own_standin).returncode == 0
    app, _ = make_app()
    run(app.start())
    run(until(lambda: live(app), "a live connection"))
    return app
