"""Tokens: a short-lived session is refreshed on its own while live; a revoked one (the user
signed out everywhere) ends in "Entre novamente" with the settings dialog open, not in a
retry loop."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from desktop_notifier.connection.supervisor import ConnectionState
from desktop_notifier.devstack.cluster import PostgresCluster
from tests.faults.conftest import Run, assert_asks_to_sign_in_again, configured, started, until
from tests.support.apps import MakeApp
from tests.support.outage import Server

pytestmark = pytest.mark.desktop
LIFETIME = 4


def sign_out_everywhere(server: Server) -> None:
    """What "sign out of all devices" on the web does: revoke every session of the user."""
    info = server.info
    headers = {"apikey": info["anon_key"]}
    with httpx.Client(base_url=info["url"], headers=headers, timeout=10) as http:
        session = http.post(
            "/auth/v1/token",
            params={"grant_type": "password"},
            json={"email": info["email"], "password": info["password"]},
        )
        session.raise_for_status()
        token = session.json()["access_token"]
        http.post(
            "/auth/v1/logout",
            params={"scope": "global"},
            headers={"Authorization": f"Bearer {token}"},
        ).raise_for_status()


@pytest.mark.sources
def test_refreshed_while_live_then_revoked(
    tmp_path: Path, pg_cluster: PostgresCluster, make_app: MakeApp, run: Run
) -> None:
    server = Server(tmp_path, pg_cluster, jwt_expiry=LIFETIME)
    server.start()
    try:
        profile = configured(tmp_path / "profile", server)
        app, seen = make_app(profile)

        async def scenario() -> None:
            await started(app, seen)
            await until(seen.live, "a live connection", 30)
            assert app.account is not None
            first = app.account.tokens.access_token
            await asyncio.sleep(LIFETIME * 2)  # outlives two access tokens
            assert seen.live(), "the session is refreshed before it expires"
            assert app.account is not None and app.account.tokens.access_token != first
            await asyncio.to_thread(sign_out_everywhere, server)
            await until(lambda: seen.state is ConnectionState.SIGNED_OUT, "signed out", 10)
            settled = len(seen.statuses)
            await asyncio.sleep(2.0)  # a quiet window: no retry may follow
            assert len(seen.statuses) == settled, "no retries once signed out"

        run(scenario(), 60)
        assert [s.state for s in seen.statuses].count(ConnectionState.OFFLINE) == 0
        assert_asks_to_sign_in_again(app, seen)
    finally:
        server.stop()
