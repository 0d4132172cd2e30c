"""A server whose clock is an hour or five minutes ahead of or behind the desktop's, with a short
token lifetime: the app goes live within seconds, renews its token about once per lifetime (no
storm into Auth's rate limit, no expired token), never signs out and loses nothing."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path

import psycopg
import pytest

from desktop_notifier.alerts import AlertKind, ToastThrottle
from desktop_notifier.devstack.cluster import PostgresCluster
from desktop_notifier.supervisor import ConnectionState
from tests.faults.conftest import Run, configured, fast_backoff, started, until
from tests.support.outage import Ledger, Server, in_store

pytestmark = pytest.mark.desktop
LIFETIME = 6  # seconds; the app renews with half of it left
WINDOW = 24.0  # four lifetimes
ALERT_KINDS = {kind.value for kind in AlertKind}


@pytest.mark.parametrize("offset", [3600, -3600, 300, -300], ids=["+1h", "-1h", "+5min", "-5min"])
def test_server_clock_offset(
    offset: int, tmp_path: Path, pg_cluster: PostgresCluster, make_app: object, run: Run
) -> None:
    server = Server(tmp_path, pg_cluster, jwt_expiry=LIFETIME, clock_offset=offset)
    server.start()
    try:
        with psycopg.connect(pg_cluster.dsn, autocommit=True) as db:
            ledger = Ledger(db, server.info["user_id"])
            profile = configured(tmp_path / "profile", server)
            app, seen = make_app(profile, backoff=fast_backoff)  # type: ignore[operator]
            app.throttle = ToastThrottle(capacity=1_000_000)

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
                    await asyncio.sleep(2.0)  # spread the writes over four lifetimes
                refreshed.append(stats()["refresh_rotated"] - before)

            run(scenario(), 120)
            to_live, renewals = refreshed
            assert to_live < 10, f"live after {to_live:.1f} s"
            # One renewal per half lifetime: about 8 in 24 s (a storm would be one a second;
            # a token judged by the desktop clock an hour off would never be renewed).
            assert WINDOW / LIFETIME <= renewals <= WINDOW / (LIFETIME / 2) + 2, renewals
            assert stats()["refresh_rate_limited"] == 0
            states = [s.state for s in seen.statuses]
            assert ConnectionState.SIGNED_OUT not in states
            assert states.count(ConnectionState.LIVE) == 1, "the link outlived every renewal"
            assert seen.counts() == ledger.expected, "lost or duplicated alerts in the app"
            assert in_store(app.profile.store_path) == ledger.expected
            toasted = Counter((t.kind, t.target) for t in seen.toasts if t.kind in ALERT_KINDS)
            assert toasted == ledger.expected
    finally:
        server.stop()
