"""Sleep and wake through logind: a fake logind on the private system bus hands out the delay
inhibitor and emits `PrepareForSleep(true)`, the test writes calls while "asleep", then emits
`PrepareForSleep(false)`. The app must close the link before letting sleep go ahead, stay
offline while asleep (no retries), reconnect at once on the wake and catch up: every alert
once, the backlog as one summary toast, and no "Conexão perdida" toast for a sleep."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from desktop_notifier.connection.supervisor import ConnectionState
from desktop_notifier.devstack.cluster import PostgresCluster
from desktop_notifier.notify.freedesktop import FreedesktopNotifier
from desktop_notifier.notify.toast import CONNECTION_KIND, SUMMARY_KIND
from tests.faults.conftest import Run, configured, started, until
from tests.power.fake_logind import FakeLogind
from tests.support.apps import MakeApp
from tests.support.cli import Watch
from tests.support.outage import Ledger, Server, in_store, of_json, watch_until
from tests.support.qt import Dunst
from tests.support.standin import start_standin
from tests.support.waiting import until_blocking

pytestmark = pytest.mark.desktop
ASLEEP_FOR = 3.0


@pytest.mark.sources
def test_sleep_and_wake_in_the_tray_app(
    tmp_path: Path,
    server: Server,
    ledger: Ledger,
    make_app: MakeApp,
    run: Run,
    fake_logind: FakeLogind,
    dunst: Dunst,
) -> None:
    profile = configured(tmp_path / "profile", server)
    app, seen = make_app(profile)
    wake_to_live: list[float] = []

    async def scenario() -> None:
        await started(app, seen)
        await until(seen.live, "a live connection", 30)
        await until(lambda: len(fake_logind.held()) == 1, "the sleep inhibitor", 10)
        for cycle in range(2):
            await asyncio.to_thread(ledger.some, 1)
            await until(lambda: seen.counts() == ledger.expected, "the live alert", 10)
            [inhibitor] = fake_logind.held()
            fake_logind.prepare_for_sleep(True)
            await until(lambda: inhibitor.released, "the inhibitor released", 5)  # noqa: B023
            supervisor = app.bridge.supervisor
            assert supervisor is not None and supervisor.link is None, "link open at sleep"
            assert seen.state is ConnectionState.OFFLINE
            asleep_at = len(seen.statuses)
            await asyncio.to_thread(ledger.some, 4)  # written while the laptop sleeps
            await asyncio.sleep(ASLEEP_FOR)
            assert len(seen.statuses) == asleep_at, "no reconnect attempt while asleep"
            woke = time.monotonic()
            fake_logind.prepare_for_sleep(False)
            await until(seen.live, "live after the wake", 10)
            wake_to_live.append(time.monotonic() - woke)
            await until(lambda: seen.counts() == ledger.expected, "the caught-up alerts", 10)
            await until(lambda: len(fake_logind.held()) == 1, "the inhibitor again", 5)
            assert len(fake_logind.inhibitors) == cycle + 2
        await asyncio.sleep(1.0)  # a quiet window: no alert or toast may follow

    run(scenario(), 90)
    assert seen.counts() == ledger.expected, "lost or duplicated alerts"
    assert in_store(app.profile.store_path) == ledger.expected
    assert max(wake_to_live) < 5, wake_to_live
    summaries = seen.toast_titles(SUMMARY_KIND)
    assert len(summaries) == 2, summaries  # one per wake
    assert all(t.startswith("Enquanto você estava fora: 4 novas calls") for t in summaries)
    assert seen.toast_titles(CONNECTION_KIND) == [], "a sleep is not a lost connection"
    notifier = app.notifier
    assert isinstance(notifier, FreedesktopNotifier), "the Linux notifier"
    on_server = [n["summary"] for n in dunst.history().values()]
    on_server += [t.title for t in notifier.open_toasts.values()]
    assert set(summaries) <= set(on_server), "the summaries reached the notification server"


@pytest.mark.sources
def test_the_token_expires_while_watch_sleeps(
    tmp_path: Path, ledger: Ledger, fake_logind: FakeLogind, pg_cluster: PostgresCluster
) -> None:
    """Access tokens live 6 s; the "sleep" lasts 8 s. On the wake `watch` refreshes the session
    before it rejoins (no failed join), and catches up."""
    short = start_standin(
        tmp_path,
        postgres=pg_cluster.dsn,
        poll_interval=0.02,
        jwt_expiry=6,
    )
    server = Server(tmp_path, pg_cluster)
    server.current, server.info = short, short.info
    profile = configured(tmp_path / "profile", server)
    watch = Watch.start(profile)
    try:
        watch.wait_state("live")
        until_blocking(lambda: len(fake_logind.held()) == 1, "the inhibitor", 10)
        [inhibitor] = fake_logind.held()
        ledger.some(1)
        watch_until(watch, ledger.expected, 10)
        fake_logind.prepare_for_sleep(True)
        until_blocking(lambda: inhibitor.released, "the inhibitor released", 5)
        watch.wait_state("offline", timeout=5)
        asleep_at = len(watch.states)
        assert watch.states[-1] == "[offline]: asleep", watch.states
        ledger.some(4)
        time.sleep(8)  # a quiet window: nothing may be attempted while asleep
        watch._drain_stderr()
        assert watch.states[asleep_at:] == [], "no attempt while asleep"
        fake_logind.prepare_for_sleep(False)
        watch.wait_state("live", timeout=10, after=asleep_at)
        watch_until(watch, ledger.expected, 15)
    finally:
        watch.stop()
        short.stop()
    after_wake = watch.states[asleep_at:]
    assert after_wake[:2] == ["[connecting]", "[live]"], after_wake
    assert of_json(watch.alerts) == ledger.expected, "lost or duplicated alerts"
    assert in_store(profile / "store.sqlite3") == ledger.expected
