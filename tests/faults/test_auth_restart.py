"""The stand-in stopped and started again on the same database, with no fixed JWT secret and
calls committed while it was down: the project keeps its keys and the app's session, so the app
needs no new sign-in, catches up and renews its short-lived token on the restarted server."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from desktop_notifier.connection.supervisor import ConnectionState
from desktop_notifier.devstack.cluster import PostgresCluster
from tests.faults.conftest import Run, app_on_server, assert_counted, started, until
from tests.support.apps import MakeApp
from tests.support.outage import Server

pytestmark = pytest.mark.desktop
LIFETIME = 6


@pytest.mark.sources
def test_restart_keeps_keys_and_session(
    tmp_path: Path, pg_cluster: PostgresCluster, make_app: MakeApp, run: Run
) -> None:
    server = Server(tmp_path, pg_cluster, jwt_secret=None, jwt_expiry=LIFETIME)
    with app_on_server(server, pg_cluster, tmp_path, make_app) as (ledger, app, seen):
        keys = (server.info["anon_key"], server.info["service_role_key"])

        def rotated() -> int:
            return int(server.standin.admin("GET", "stats")["refresh_rotated"])

        async def scenario() -> None:
            await started(app, seen)
            await until(seen.live, "a live connection", 30)
            await asyncio.to_thread(ledger.some, 2)
            await until(lambda: seen.counts() == ledger.expected, "the live alerts", 10)
            await asyncio.to_thread(server.stop)
            await until(lambda: not seen.live(), "the drop to be noticed", 10)
            await asyncio.to_thread(ledger.some, 2)  # while down: three alerts (one toast each)
            account = app.account
            assert account is not None
            # Down for longer than the access token lives: only the session can bring the
            # app back without a sign-in.
            await until(lambda: account.expires_in() < 0, "the access token to expire", 15)
            await asyncio.to_thread(server.start)
            assert (server.info["anon_key"], server.info["service_role_key"]) == keys
            await until(seen.live, "live again on the restarted server", 30)
            await until(lambda: seen.counts() == ledger.expected, "the catch-up", 10)
            await until(lambda: rotated() >= 2, "two refreshes on the restarted server", 20)
            await asyncio.to_thread(ledger.some, 2)
            await until(lambda: seen.counts() == ledger.expected, "live alerts again", 10)
            await asyncio.sleep(1.0)  # nothing more may arrive

        run(scenario(), 120)
        assert_counted(app, seen, ledger)
        states = [s.state for s in seen.statuses]
        assert ConnectionState.SIGNED_OUT not in states, "no sign-in needed"
        assert seen.live()
