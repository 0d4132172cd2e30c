"""Fixtures for the fault-injection scenarios: a restartable stand-in on the session's
PostgreSQL, a ledger of the calls written and the alerts they must raise, and tray apps (on a
qasync loop, in this process) whose alerts and toasts are recorded."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest

from desktop_notifier.alerts import AlertKind, ToastThrottle
from desktop_notifier.app.tray_app import App
from desktop_notifier.common.live_sources import DEFAULT_SOURCE, SOURCES
from desktop_notifier.connection.backoff import Backoff
from desktop_notifier.devstack.cluster import PostgresCluster
from desktop_notifier.notify.toast import CONNECTION_KIND, Toast
from desktop_notifier.ui.tray_state import TrayState
from tests.power.conftest import fake_logind, private_system_bus  # noqa: F401 - fixtures
from tests.support import outage
from tests.support.apps import MakeApp, Recorder, started
from tests.support.outage import Ledger, Server, configured, in_store
from tests.support.waiting import until

Run = Callable[..., Any]
__all__ = ["MakeApp", "Recorder", "Run", "configured", "fast_backoff", "started", "until"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A scenario marked `sources` runs once per live source (`common/live_sources.SOURCES`):
    the same counts, nothing lost, nothing twice, whatever carries the changes."""
    if metafunc.definition.get_closest_marker("sources") is not None:
        metafunc.parametrize("live_source", SOURCES, indirect=True)


@pytest.fixture(autouse=True)
def live_source(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The live source the scenario's profiles use (`outage.configured`)."""
    source = str(getattr(request, "param", DEFAULT_SOURCE))
    monkeypatch.setitem(outage.LIVE_SOURCE, "source", source)
    return source


@pytest.fixture
def server(tmp_path: Path, pg_cluster: PostgresCluster) -> Iterator[Server]:
    srv = Server(tmp_path, pg_cluster)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def ledger(server: Server, pg_cluster: PostgresCluster) -> Iterator[Ledger]:
    with psycopg.connect(pg_cluster.dsn, autocommit=True) as db:
        yield Ledger(db, server.info["user_id"])


@pytest.fixture(autouse=True)
def _collect_leaks() -> Iterator[None]:
    yield
    # Finalizers run now: a leak's ResourceWarning fails the scenario that leaked, not a later
    # test that happens to trigger the garbage collector.
    gc.collect()


def fast_backoff() -> Backoff:
    """Short reconnect delays, so a scenario with many outages stays quick."""
    return Backoff(base=0.2, cap=1.0)


def assert_asks_to_sign_in_again(app: App, seen: Recorder) -> None:
    """What the user sees once the session is gone for good: the tray signed out and saying
    so, the settings dialog open on the expired-session sentence, and no outage toast."""
    assert app.tray.effective_state() is TrayState.SIGNED_OUT
    assert "Entre novamente nas configurações" in app.tray.tooltip()
    assert app.dialog is not None and app.dialog.isVisible()
    assert app.dialog.account.error.text() == (
        "Sua sessão expirou. Entre novamente nas configurações."
    )
    assert seen.toast_titles(CONNECTION_KIND) == []


@contextmanager
def app_on_server(
    server: Server, pg_cluster: PostgresCluster, tmp_path: Path, make_app: MakeApp
) -> Iterator[tuple[Ledger, App, Recorder]]:
    """`server` started, a ledger of the calls written to it and an app configured on it (fast
    backoff, every alert its own toast so each can be counted); the server stopped after."""
    server.start()
    try:
        with psycopg.connect(pg_cluster.dsn, autocommit=True) as db:
            ledger = Ledger(db, server.info["user_id"])
            profile = configured(tmp_path / "profile", server)
            app, seen = make_app(profile, backoff=fast_backoff)
            app.throttle = ToastThrottle(capacity=1_000_000)
            yield ledger, app, seen
    finally:
        server.stop()


ALERT_KINDS = {kind.value for kind in AlertKind}


def toasted_alerts(toasts: list[Toast]) -> Counter[tuple[str, str | None]]:
    """(kind, call) of every alert the toasts stand for: alerts of one call raised together
    share one toast (`alerts.combine`), which names the others in `covers`."""
    return Counter(
        (kind, t.target) for t in toasts if t.kind in ALERT_KINDS for kind in (t.kind, *t.covers)
    )


def assert_counted(app: App, seen: Recorder, ledger: Ledger) -> None:
    """Each alert the ledger expects once in the app, once in its store and toasted once."""
    assert seen.counts() == ledger.expected, "lost or duplicated alerts in the app"
    assert in_store(app.profile.store_path) == ledger.expected, "lost alerts in the store"
    assert toasted_alerts(seen.toasts) == ledger.expected, "each alert is toasted once"
