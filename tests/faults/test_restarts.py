"""The stand-in restarted twenty times in a row, calls written while it is down and while it
is up: every alert reaches the store, the app and the notifier exactly once."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from desktop_notifier.alerts import AlertKind, ToastThrottle
from desktop_notifier.connection.supervisor import ConnectionState
from tests.faults.conftest import Run, configured, fast_backoff, started, toasted_alerts, until
from tests.support.apps import MakeApp
from tests.support.outage import Ledger, Server, in_store

pytestmark = pytest.mark.desktop
RESTARTS = 20
ALERT_KINDS = {kind.value for kind in AlertKind}


@pytest.mark.sources
def test_twenty_restarts_lose_and_duplicate_nothing(
    tmp_path: Path, server: Server, ledger: Ledger, make_app: MakeApp, run: Run
) -> None:
    profile = configured(tmp_path / "profile", server)
    app, seen = make_app(profile, backoff=fast_backoff)
    # Twenty live alerts in quick succession would be coalesced into a burst summary; this test
    # counts loss and duplication per alert, so every alert gets its own toast here.
    app.throttle = ToastThrottle(capacity=1_000_000)

    async def scenario() -> None:
        await started(app, seen)
        await until(seen.live, "a live connection", 30)
        for _ in range(RESTARTS):
            await asyncio.to_thread(ledger.some, 1)  # while live
            await until(lambda: seen.counts() == ledger.expected, "the live alert", 10)
            await asyncio.to_thread(server.stop)
            await until(lambda: not seen.live(), "the drop to be noticed", 10)
            await asyncio.to_thread(ledger.some, 2)  # while down: three alerts, one by one
            await asyncio.to_thread(server.start)
            await until(seen.live, "live again", 30)
        await until(lambda: seen.counts() == ledger.expected, "every alert", 20)
        await asyncio.sleep(1.0)  # nothing more may arrive

    run(scenario(), 240)
    assert seen.counts() == ledger.expected, "lost or duplicated alerts in the app"
    assert in_store(app.profile.store_path) == ledger.expected, "lost alerts in the store"
    toasted = toasted_alerts(seen.toasts)
    assert toasted == ledger.expected, "each alert is toasted once (catch-ups of three alerts)"
    assert sum(s.state is ConnectionState.LIVE for s in seen.statuses) == RESTARTS + 1
