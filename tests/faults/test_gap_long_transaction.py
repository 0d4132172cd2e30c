"""A transaction held open (5 minutes in production; 10 s here) inserts a call while the app
reads on and moves its floor; the app is closed when it commits (with the stand-in on its own
cluster, stopping the stand-in would end the transaction too), so only the next start's read
can find the call. Exact (xid) mode finds it with an overlap far shorter than the hold (the
watermark stays below an open transaction); the timestamp fallback finds it only because its
overlap (shortened to 25 s) is longer than the hold. 0 lost, 0 duplicated in the store, the
apps and the toasts."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from desktop_notifier.alerts import ToastThrottle
from desktop_notifier.common.live_sources import ABLY, BROADCAST, POSTGRES_CHANGES
from desktop_notifier.devstack.cluster import PostgresCluster
from tests.faults.conftest import Run, configured, fast_backoff, started, until
from tests.support.apps import MakeApp
from tests.support.gaps import HeldTransaction, assert_exactly_once, fallback_server, serving
from tests.support.outage import Ledger, Server
from tests.support.qt import Dunst

pytestmark = pytest.mark.desktop
HOLD = 10.0


@pytest.fixture
def gap_server(
    request: pytest.FixtureRequest, tmp_path: Path, pg_cluster: PostgresCluster
) -> Iterator[Server]:
    if request.param == "xid":
        srv = Server(tmp_path, pg_cluster)
    else:
        srv = fallback_server(tmp_path, pg_cluster)
    yield from serving(srv)


# Broadcast and Ably need 006/007, which an old schema (the timestamp fallback's) lacks.
@pytest.mark.parametrize(
    ("gap_server", "live_source"),
    [
        ("xid", POSTGRES_CHANGES),
        ("timestamp", POSTGRES_CHANGES),
        ("xid", BROADCAST),
        ("xid", ABLY),
    ],
    indirect=True,
)
def test_a_long_transaction_is_caught_up(
    tmp_path: Path, gap_server: Server, make_app: MakeApp, run: Run, dunst: Dunst
) -> None:
    server = gap_server
    exact = "migrations_upto" not in server._flags
    overlap = 1.0 if exact else 25.0
    profile = configured(
        tmp_path / "profile", server, reconcile_seconds=2, catchup_overlap_seconds=overlap
    )
    app, seen = make_app(profile, backoff=fast_backoff)
    again, seen_again = make_app(profile, backoff=fast_backoff)
    for each in (app, again):
        each.throttle = ToastThrottle(capacity=1_000_000)  # every alert its own toast, to count
    dsn = server.info["dsn"]
    held_call: list[str] = []

    async def scenario(ledger: Ledger) -> None:
        await started(app, seen)
        await until(seen.live, "a live connection", 30)
        supervisor = app.bridge.supervisor
        assert supervisor is not None
        held = await asyncio.to_thread(HeldTransaction, dsn, ledger)
        held_call.append(held.call)
        opened = time.monotonic()
        while time.monotonic() - opened < HOLD:  # the app reads on while it stays open
            target = supervisor.reconciler.passes + 1
            await asyncio.to_thread(ledger.some, 1)
            await until(
                lambda: supervisor.reconciler.passes >= target,  # noqa: B023 - awaited here
                "a reconciliation",
                10,
            )
        if exact:
            assert supervisor.catchup.mode == "xid"
            floor = app.store.xid_floor()
            assert floor is not None and floor <= held.xid, "the floor stays below it"
        else:
            assert supervisor.catchup.mode == "timestamp"
            cursor = app.store.cursor()
            assert cursor is not None and cursor.updated_at > held.updated_at, "read past it"
        live = ledger.expected - Counter({("new_call", held.call): 1})
        await until(lambda: seen.counts() == live, "the live alerts", 10)
        await app.shutdown()
        await asyncio.to_thread(held.commit)  # the live stream can no longer bring it
        await started(again, seen_again)
        await until(seen_again.live, "live again", 30)
        await until(
            lambda: seen.counts() + seen_again.counts() == ledger.expected, "every alert", 20
        )
        await asyncio.sleep(1.0)  # nothing more may arrive

    with psycopg.connect(dsn, autocommit=True) as db:
        ledger = Ledger(db, server.info["user_id"])
        run(scenario(ledger), 120)
    assert_exactly_once([seen, seen_again], ledger.expected, dunst)
    assert seen_again.counts() == {("new_call", held_call[0]): 1}
