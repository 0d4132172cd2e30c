"""The server rebuilds its change capture while the app is live: 50 commits fall in the gap and
are never delivered; the channel stays joined and only hears "Subscribed to PostgreSQL" again.
That repeat alone (the periodic reconciliation is an hour away here) makes the app read the
gap: every alert once, as live alerts, in the store, the app and the toasts.

The `postgres-changes` source only: the rebuild and its "Subscribed to PostgreSQL" repeat are
`postgres_changes`' (`lib/extensions/postgres_cdc_rls/subscription_manager.ex`). Broadcast from
the database has its own capture, a temporary slot that a restart of its replication
connection loses just as silently (`lib/realtime/tenants/replication_connection.ex`), but the
server says nothing to the channel then: there is no signal to read on, and what it drops is
found by the periodic reconciliation, as in test_gap_event_limit (which runs for Broadcast).
With Ably nothing is lost that way: the outbox (`resources/sql/007_ably_outbox.sql`) keeps
each change until Ably accepted it, so a publisher that stops or restarts only delays them;
Ably's own gaps come with a continuity loss on the channel, which test_gap_event_limit
plays for Ably."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from desktop_notifier.alerts import ToastThrottle
from tests.faults.conftest import Run, configured, started, until
from tests.support.apps import MakeApp
from tests.support.gaps import assert_exactly_once
from tests.support.outage import Ledger, Server
from tests.support.qt import Dunst

pytestmark = pytest.mark.desktop
COMMITS = 50  # ledger.some(n) commits twice per call: an insert and an update


def test_a_capture_rebuild_gap_is_read_after_the_repeated_subscribed(
    tmp_path: Path, server: Server, ledger: Ledger, make_app: MakeApp, run: Run, dunst: Dunst
) -> None:
    profile = configured(tmp_path / "profile", server, reconcile_seconds=3600)
    app, seen = make_app(profile)
    app.throttle = ToastThrottle(capacity=1_000_000)  # every alert its own toast, to count
    found_in: list[float] = []

    async def scenario() -> None:
        await started(app, seen)
        await until(seen.live, "a live connection", 30)
        await asyncio.to_thread(ledger.some, 2)
        await until(lambda: seen.counts() == ledger.expected, "the live alerts", 10)
        before = dict(seen.counts())
        stand = server.standin
        await asyncio.to_thread(stand.admin, "POST", "capture/rebuild/start")
        await asyncio.to_thread(ledger.some, COMMITS // 2)  # in the gap
        await asyncio.sleep(0.5)  # the poller would have delivered them by now
        assert dict(seen.counts()) == before, "the gap was not delivered live"
        finished = time.monotonic()
        await asyncio.to_thread(stand.admin, "POST", "capture/rebuild/finish")
        await until(lambda: seen.counts() == ledger.expected, "the gap's alerts", 15)
        found_in.append(time.monotonic() - finished)
        await asyncio.to_thread(ledger.some, 1)  # and live goes on
        await until(lambda: seen.counts() == ledger.expected, "a live alert after it", 10)
        await asyncio.sleep(1.0)  # nothing more may arrive

    run(scenario(), 90)
    assert_exactly_once([seen], ledger.expected)  # ~45 toasts at once: dunst queues them
    assert dunst.history() or dunst.displayed(), "the toasts reached the notification server"
    supervisor = app.bridge.supervisor
    assert supervisor is not None and supervisor.reconciler.passes == 1
    assert not any(seen.caught_up[-COMMITS:]), "found while live: live alerts"
    assert server.standin.admin("GET", "stats")["capture_rebuilds"] == 1
    assert found_in[0] < 5, f"the gap read {found_in[0]:.1f} s after the repeat"
