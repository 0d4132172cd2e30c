"""Tokens the servers refuse: PostgREST's PGRST303 during a catch-up (one refresh and a retry),
Realtime's "Token has expired" shutting a live channel while an office behind the same address
has used up Auth's refresh limit (429: wait, then renew and rejoin), and an old refresh token
reused elsewhere (the session is revoked: "Entre novamente"). Nothing lost, nothing twice."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from desktop_notifier.alerts import ToastThrottle
from desktop_notifier.connection.supervisor import ConnectionState
from desktop_notifier.devstack.cluster import PostgresCluster
from desktop_notifier.sync.ably_link import EXPIRED_AND_REFUSED
from tests.faults.conftest import (
    Run,
    assert_asks_to_sign_in_again,
    assert_counted,
    configured,
    fast_backoff,
    started,
    until,
)
from tests.support.apps import MakeApp
from tests.support.outage import Ledger, Server

pytestmark = pytest.mark.desktop


@pytest.fixture
def make_server(tmp_path: Path, pg_cluster: PostgresCluster) -> Iterator[Any]:
    servers: list[Server] = []

    def make(**flags: Any) -> Server:
        server = Server(tmp_path, pg_cluster, **flags)
        servers.append(server)
        server.start()
        return server

    yield make
    for server in servers:
        server.stop()


def refresh_grant(server: Server, refresh_token: str) -> httpx.Response:
    info = server.info
    return httpx.post(
        f"{info['url']}/auth/v1/token",
        params={"grant_type": "refresh_token"},
        json={"refresh_token": refresh_token},
        headers={"apikey": info["anon_key"]},
        timeout=10,
    )


def stats(server: Server) -> dict[str, Any]:
    return dict(server.standin.admin("GET", "stats"))


def test_pgrst303_during_catch_up_refreshes_once_and_retries(
    tmp_path: Path, pg_cluster: PostgresCluster, make_server: Any, make_app: MakeApp, run: Run
) -> None:
    # "Subscribed" comes 3 s after the join: the server clock jumps inside that gap, so the
    # catch-up reads with a token Realtime accepted and PostgREST (30 s skew) now refuses.
    server = make_server(jwt_expiry=60, subscribe_delay=3)
    with psycopg.connect(pg_cluster.dsn, autocommit=True) as db:
        ledger = Ledger(db, server.info["user_id"])
        app, seen = make_app(configured(tmp_path / "profile", server), backoff=fast_backoff)
        app.throttle = ToastThrottle(capacity=1_000_000)
        renewals: list[int] = []

        async def scenario() -> None:
            await started(app, seen)
            await until(seen.live, "a live connection", 30)
            account = app.account
            assert account is not None
            before = account.refreshes
            await asyncio.to_thread(server.standin.admin, "POST", "close?code=1012")
            await until(lambda: not seen.live(), "the drop to be noticed", 10)
            await until(lambda: stats(server)["channels"] == 1, "the rejoin", 10, poll=0.05)
            assert not seen.live()
            await asyncio.to_thread(server.standin.admin, "POST", "clock?offset=95")
            await asyncio.to_thread(ledger.some, 2)  # committed before "Subscribed"
            await until(seen.live, "live again", 20)
            await until(lambda: seen.counts() == ledger.expected, "the catch-up", 10)
            renewals.append(account.refreshes - before)
            await asyncio.to_thread(ledger.some, 1)  # live, on the renewed token
            await until(lambda: seen.counts() == ledger.expected, "the live alerts", 10)
            await asyncio.sleep(1.0)  # nothing more may arrive

        run(scenario(), 90)
        assert renewals == [1], "one refresh for the refused token, then the retry"
        states = [s.state for s in seen.statuses]
        assert ConnectionState.SIGNED_OUT not in states
        assert states.count(ConnectionState.LIVE) == 2
        assert_counted(app, seen, ledger)


@pytest.mark.sources
def test_channel_closed_on_expiry_while_auth_says_429(
    tmp_path: Path, pg_cluster: PostgresCluster, make_server: Any, make_app: MakeApp, run: Run
) -> None:
    # Auth's limit at 60 per 5 minutes: a bucket of 30, one more every 5 s, shared with
    # everyone behind this address.
    server = make_server(jwt_expiry=6, refresh_rate_limit=60)
    with psycopg.connect(pg_cluster.dsn, autocommit=True) as db:
        ledger = Ledger(db, server.info["user_id"])
        app, seen = make_app(configured(tmp_path / "profile", server), backoff=fast_backoff)
        app.throttle = ToastThrottle(capacity=1_000_000)
        office = {"refused": 0}

        def kicked() -> bool:
            return any(
                "Token has expired" in s.detail or EXPIRED_AND_REFUSED in s.detail
                for s in seen.statuses
            )

        async def busy_office() -> None:
            """Colleagues' refreshes: keep the shared bucket empty until the app's channel
            is shut for an expired token."""
            while not kicked():
                if (await asyncio.to_thread(refresh_grant, server, "x")).status_code == 429:
                    office["refused"] += 1
                    await asyncio.sleep(0.5)

        async def scenario() -> None:
            await started(app, seen)
            await until(seen.live, "a live connection", 30)
            account = app.account
            assert account is not None
            await asyncio.to_thread(ledger.some, 1)
            await until(lambda: seen.counts() == ledger.expected, "a live alert", 10)
            await asyncio.wait_for(busy_office(), 30)
            await asyncio.to_thread(ledger.some, 2)  # while the channel is shut
            await until(seen.live, "live again once Auth allows a refresh", 60)
            await until(lambda: seen.counts() == ledger.expected, "the catch-up", 10)
            await asyncio.to_thread(ledger.some, 1)
            await until(lambda: seen.counts() == ledger.expected, "the live alerts", 10)
            await asyncio.sleep(1.0)  # nothing more may arrive

        run(scenario(), 150)
        app_refused = stats(server)["refresh_rate_limited"] - office["refused"]
        # The app asked, was told 429, and then waited instead of asking again and again.
        assert 1 <= app_refused <= 3, app_refused
        assert ConnectionState.SIGNED_OUT not in [s.state for s in seen.statuses]
        assert seen.live()
        assert_counted(app, seen, ledger)


def test_reused_refresh_token_revokes_the_session(
    tmp_path: Path, pg_cluster: PostgresCluster, make_server: Any, make_app: MakeApp, run: Run
) -> None:
    server = make_server(jwt_expiry=4, refresh_reuse_interval=0)
    app, seen = make_app(configured(tmp_path / "profile", server))
    reuse: list[httpx.Response] = []

    async def scenario() -> None:
        await started(app, seen)
        await until(seen.live, "a live connection", 30)
        account = app.account
        assert account is not None
        stolen = account.tokens.refresh_token
        since = account.refreshes
        await until(lambda: account.refreshes >= since + 2, "two renewals", 15)
        # Someone replays a refresh token two rotations old: GoTrue revokes the session.
        reuse.append(await asyncio.to_thread(refresh_grant, server, stolen))
        await until(lambda: seen.state is ConnectionState.SIGNED_OUT, "signed out", 10)
        settled = len(seen.statuses)
        await asyncio.sleep(2.0)  # a quiet window: no retry may follow
        assert len(seen.statuses) == settled, "no retries once signed out"

    run(scenario(), 60)
    assert reuse[0].status_code == 400
    assert reuse[0].json()["code"] == "refresh_token_already_used"
    assert stats(server)["refresh_reuse_rejected"] == 2  # the replay, then the app's refresh
    assert_asks_to_sign_in_again(app, seen)
