"""A server whose clock is an hour or five minutes ahead of or behind the desktop's, with a short
token lifetime: the app goes live within seconds, renews its token about once per lifetime (no
storm into Auth's rate limit, no expired token), never signs out and loses nothing.

Every live source runs it (the renewed token reaches each differently: pushed to the Realtime
channel, or asked again for an Ably token, which never outlives the access token). The offset
itself is judged by the app's token schedule, the same for every source: the default source
runs all four offsets, the others one hour each way between them (broadcast ahead, Ably
behind), each run costing twenty seconds. The app is shut down inside the scenario, so
that no renewal runs between the window's count and the checks after it."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from desktop_notifier.common.live_sources import ABLY, BROADCAST, DEFAULT_SOURCE, SOURCES
from desktop_notifier.connection.supervisor import ConnectionState
from desktop_notifier.devstack.cluster import PostgresCluster
from tests.faults.conftest import (
    Run,
    app_on_server,
    assert_counted,
    started,
    toasted_alerts,
    until,
)
from tests.support.apps import MakeApp
from tests.support.outage import Server

pytestmark = pytest.mark.desktop
LIFETIME = 6  # seconds; the app renews with half of it left
WINDOW = 18.0  # three lifetimes


NAMES = {3600: "+1h", -3600: "-1h", 300: "+5min", -300: "-5min"}
ONE_HOUR_EACH_WAY = {BROADCAST: 3600, ABLY: -3600}
OFFSETS = [
    pytest.param(offset, source, id=f"{NAMES[offset]}-{source}")
    for source in SOURCES
    for offset in NAMES
    if source == DEFAULT_SOURCE or ONE_HOUR_EACH_WAY[source] == offset
]


@pytest.mark.parametrize(("offset", "live_source"), OFFSETS, indirect=["live_source"])
def test_server_clock_offset(
    offset: int,
    live_source: str,
    tmp_path: Path,
    pg_cluster: PostgresCluster,
    make_app: MakeApp,
    run: Run,
) -> None:
    server = Server(tmp_path, pg_cluster, jwt_expiry=LIFETIME, clock_offset=offset)
    with app_on_server(server, pg_cluster, tmp_path, make_app) as (ledger, app, seen):

        def stats() -> dict[str, float]:
            return dict(server.standin.admin("GET", "stats"))

        refreshed: list[float] = []

        async def scenario() -> None:
            begun = time.monotonic()
            await started(app, seen)
            await until(seen.live, "a live connection", 30)
            refreshed.append(time.monotonic() - begun)  # time to live
            before = stats()["refresh_rotated"]
            end = time.monotonic() + WINDOW
            while time.monotonic() < end:
                await asyncio.to_thread(ledger.some, 1)
                await until(lambda: seen.counts() == ledger.expected, "the live alert", 10)
                await asyncio.sleep(2.0)  # spread the writes over three lifetimes
            refreshed.append(stats()["refresh_rotated"] - before)
            # The last alert's toast may still be on its way to the notification server.
            all_toasted = lambda: toasted_alerts(seen.toasts) == ledger.expected  # noqa: E731
            await until(all_toasted, "every alert toasted", 10)
            await app.shutdown()

        run(scenario(), 120)
        to_live, renewals = refreshed
        assert to_live < 10, f"live after {to_live:.1f} s"
        # One renewal per half lifetime: about 6 in 18 s (a storm would be one a second;
        # a token judged by the desktop clock an hour off would never be renewed).
        assert WINDOW / LIFETIME <= renewals <= WINDOW / (LIFETIME / 2) + 2, renewals
        assert stats()["refresh_rate_limited"] == 0
        states = [s.state for s in seen.statuses]
        assert ConnectionState.SIGNED_OUT not in states
        assert states.count(ConnectionState.LIVE) == 1, "the link outlived every renewal"
        assert_counted(app, seen, ledger)
