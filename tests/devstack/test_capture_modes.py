"""Realtime's lossy capture modes in the stand-in, seen by the realtime client on the wire:
a capture rebuild (a gap that is never delivered, then "Subscribed to PostgreSQL" again on the
still-joined channel) and the events-per-second quota (changes read and silently dropped)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from desktop_notifier.devstack.cluster import PostgresCluster
from desktop_notifier.devstack.event_rate import EventRate
from tests.devstack.conftest import Recorder, Standin, run, signed_in, start_standin, subscribe
from tests.support.standin import admin_headers
from tests.support.waiting import until

DB = psycopg.Connection[tuple[Any, ...]]
SUBSCRIBED = "Subscribed to PostgreSQL"

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def own_standin(
    request: pytest.FixtureRequest, pg_cluster: PostgresCluster, tmp_path: Path
) -> Iterator[Standin]:
    """A stand-in of this test's own on the shared cluster, with the test's flags."""
    flags = getattr(request, "param", {})
    stand = start_standin(tmp_path, postgres=pg_cluster.dsn, poll_interval=0.02, **flags)
    try:
        yield stand
    finally:
        assert stand.stop() == 0
        with psycopg.connect(pg_cluster.dsn, autocommit=True) as db:
            db.execute("delete from public.calls where company_name like 'MODES %%'")


def insert(db: DB, owner: str, count: int, name: str) -> list[str]:
    rows = db.execute(
        "insert into public.calls (company_name, owner_id) "
        "select 'MODES ' || %s || ' ' || g, %s from generate_series(1, %s) g returning id::text",
        (name, owner, count),
    ).fetchall()
    return [str(r[0]) for r in rows]


def got(rec: Recorder, ids: list[str]) -> list[str]:
    wanted = set(ids)
    return [c["record"]["id"] for c in rec.changes if c["record"].get("id") in wanted]


def messages(rec: Recorder) -> list[str]:
    return [str(getattr(m, "message", None)) for m in rec.system]


def closed(rec: Recorder) -> bool:
    return any(s.lower() in ("closed", "channel_error", "timed_out") for s in rec.states)


def test_capture_rebuild_loses_its_gap_and_says_subscribed_again(own_standin: Standin) -> None:
    stand, info = own_standin, own_standin.info

    async def body() -> None:
        sb = await signed_in(stand, info["email"], info["password"])
        rec = await subscribe(sb, "calls-rebuild", event="INSERT")
        with psycopg.connect(info["dsn"], autocommit=True) as db:
            before = insert(db, info["user_id"], 1, "before")
            await until(lambda: got(rec, before) == before, "the change before the rebuild")
            old_slot = stand.admin("GET", "stats")["slot"]
            assert stand.admin("POST", "capture/rebuild/start")["dropped_slot"] == old_slot
            gap = insert(db, info["user_id"], 50, "gap")
            finished = stand.admin("POST", "capture/rebuild/finish")
            assert finished["channels"] == 1 and finished["slot"] != old_slot
            await until(lambda: len(rec.system) == 2, "the repeated system message")
            assert messages(rec) == [SUBSCRIBED, SUBSCRIBED]
            after = insert(db, info["user_id"], 3, "after")
            await until(lambda: got(rec, after) == after, "the changes after the rebuild")
        assert got(rec, gap) == []  # committed in the gap, before `after`: never delivered
        assert not closed(rec)
        stats = stand.admin("GET", "stats")
        assert stats["capture_rebuilds"] == 1 and stats["slot"] == finished["slot"]
        assert stats["channels"] == 1
        await sb.remove_all_channels()

    run(body(), timeout=60)


def test_rebuild_endpoints_refuse_out_of_order_calls(own_standin: Standin) -> None:
    url = f"{own_standin.url}/_devstack/capture/rebuild"
    assert httpx.post(f"{url}/start").status_code == 401  # the admin token is required
    with httpx.Client(headers=admin_headers(own_standin.info), timeout=10) as admin:
        assert admin.post(f"{url}/finish").status_code == 409
        assert admin.post(f"{url}/start").status_code == 200
        assert admin.post(f"{url}/start").status_code == 409
        assert admin.post(f"{url}/finish").status_code == 200
        one_call = admin.post(f"{url}?gap=0.1").json()
    assert one_call["slot"] != one_call["dropped_slot"]
    assert own_standin.admin("GET", "stats")["capture_rebuilds"] == 2


@pytest.mark.parametrize(
    "own_standin", [{"events_per_second": 10, "events_window": 10}], indirect=True
)
def test_events_over_the_limit_are_read_and_dropped_silently(own_standin: Standin) -> None:
    stand, info = own_standin, own_standin.info
    limits = stand.admin("GET", "limits")
    assert (limits["events_per_second"], limits["events_window"]) == (10, 10)

    def stats() -> dict[str, Any]:
        return dict(stand.admin("GET", "stats"))

    async def body() -> None:
        sb = await signed_in(stand, info["email"], info["password"])
        recs = [await subscribe(sb, f"calls-rate-{n}", event="INSERT") for n in range(2)]
        base = stats()["changes_captured"]
        with psycopg.connect(info["dsn"], autocommit=True) as db:
            first = insert(db, info["user_id"], 100, "first")
            await until(lambda: stats()["changes_captured"] == base + 100, "the first burst read")
            # 2 subscribers x 100 changes in 10 s / 12 buckets: >= 100 events before it triggers,
            # so it stays triggered for most of the 10 s window.
            await until(lambda: stats()["events_rate_limited"], "the limit to trigger")
            dropped_first = stats()["changes_discarded"]
            second = insert(db, info["user_id"], 50, "second")
            await until(lambda: stats()["changes_captured"] == base + 150, "the second burst read")
            assert stats()["changes_discarded"] == dropped_first + 50
            for rec in recs:
                await until(
                    lambda: len(got(rec, first)) == 100 - dropped_first,  # noqa: B023 - awaited here
                    "the first burst's delivered changes",
                )
            await until(lambda: not stats()["events_rate_limited"], "the average to decay", 30)
            later = insert(db, info["user_id"], 1, "later")
            for rec in recs:
                await until(lambda: got(rec, later) == later, "a change after the limit")  # noqa: B023
                assert got(rec, second) == []
                assert messages(rec) == [SUBSCRIBED] and not closed(rec)
        await sb.remove_all_channels()

    run(body(), timeout=90)


def test_event_rate_counts_like_the_real_rate_counter() -> None:
    now = [0.0]
    rate = EventRate(limit=100, window=60.0, clock=lambda: now[0])  # 12 buckets of 5 s
    assert rate.tick == 5.0

    class Hub:
        changes_delivered = 0

        async def dispatch(self, change: Any) -> None:
            self.changes_delivered += 3  # three matching subscribers

    hub = Hub()
    deliver = rate.sink(hub)  # type: ignore[arg-type]

    async def send(n: int) -> None:
        for _ in range(n):
            await deliver(None)  # type: ignore[arg-type]

    asyncio.run(send(166))  # 498 events in the first 5 s: 99.6/s over one bucket
    now[0] = 5.0
    assert rate.stats()["events_rate_limited"] is False
    asyncio.run(send(1))  # 3 more in the next bucket
    now[0] = 10.0
    assert rate.stats()["events_rate_limited"] is False  # (498 + 3) / 2 / 5 = 50.1/s
    asyncio.run(send(300))  # 900 events: (498 + 3 + 900) / 3 / 5 = 93.4/s
    now[0] = 15.0
    assert rate.stats()["events_rate_limited"] is False
    asyncio.run(send(100))  # +300: 1701 / 4 / 5 = 85/s
    now[0] = 20.0
    assert not rate.stats()["events_rate_limited"]
    asyncio.run(send(400))  # +1200: 2901 / 5 / 5 = 116/s: triggered
    now[0] = 25.0
    assert rate.stats()["events_rate_limited"] is True
    asyncio.run(send(10))
    assert rate.stats()["changes_discarded"] == 10 and hub.changes_delivered == 2901
    now[0] = 30.0  # 2901 / 6 / 5 = 96.7/s: below the limit again
    assert rate.stats()["events_rate_limited"] is False
    now[0] = 1000.0  # long idle: every bucket is zero
    assert rate.stats()["events_per_second_average"] == 0


def test_broadcasts_count_once_each_and_one_that_would_go_over_is_dropped() -> None:
    """Broadcast from the database on the same tenant counter (batch_broadcast.ex): one event
    per message, and a message refused when the average plus it is over the limit."""
    now = [0.0]
    rate = EventRate(10, window=12.0, clock=lambda: now[0])  # one-second buckets
    delivered: list[int] = []

    async def deliver(message: int) -> None:
        delivered.append(message)

    send = rate.broadcast_sink(deliver)

    async def burst(first: int, n: int) -> None:
        for i in range(first, first + n):
            await send(i)

    asyncio.run(burst(0, 120))  # within the first second: the average is still 0
    assert len(delivered) == 120
    now[0] = 1.0  # 120 / 1 / 1 = 120/s: over 10
    asyncio.run(burst(120, 5))
    assert len(delivered) == 120 and rate.stats()["broadcasts_discarded"] == 5
    now[0] = 12.0  # 120 over twelve buckets: 10/s, and one more would be over
    asyncio.run(burst(125, 1))
    assert rate.stats()["broadcasts_discarded"] == 6
    now[0] = 13.0  # the burst's bucket is out of the window
    asyncio.run(burst(126, 1))
    assert delivered[-1] == 126 and rate.stats()["broadcasts_discarded"] == 6
