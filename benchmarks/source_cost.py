"""Benchmark: what one change costs the server, per live source, for N = 1, 50, 500
subscribers watching it, measured on the stand-in (its `/_devstack/stats` counters).

N desktops of one team that may all see the change are played by N sessions of the demo
user, each with its own token (distinct claims, so the stand-in cannot share an RLS verdict
between them, as the real server cannot) and its own websocket and channel, opened with the
app's own sources (`RealtimeLink`, `BroadcastLink`, `AblyLink`). For each source and N, `--changes`
single-row commits are made one at a time; each waits until every subscriber got it. Per
change: the authorisation queries the server ran (postgres_changes: the RLS check of
realtime.apply_rls per subscriber; broadcast: none, its check ran once per join; ably: none,
the token endpoint checked the user once per connection and Ably the capability once per
attach), the frames
it sent, and the fan-out time (commit → the last subscriber has the change, median).

Run inside the desktop session: scripts/desktop-session.sh .venv/bin/python -m
benchmarks.source_cost [--subscribers 1 50 500] [--changes 5] [--json-out F]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import psycopg

from benchmarks.harness import machine, write_json
from desktop_notifier.common.live_sources import ABLY, BROADCAST, POSTGRES_CHANGES
from desktop_notifier.devstack.cluster import PostgresCluster
from desktop_notifier.devstack.tokens import TokenIssuer
from desktop_notifier.events import InvalidPayload, RowChange
from desktop_notifier.sync.live_source import LiveSource
from desktop_notifier.sync.sources import make_source
from tests.support.calls import insert_call
from tests.support.standin import JWT_SECRET, Standin, admin_headers, start_standin

OPEN_AT_ONCE = 25  # joins in flight together (the stand-in's pool has 8 connections)


class Counter:
    def __init__(self) -> None:
        self.changes = 0
        self.arrived = asyncio.Event()
        self.want = 0

    def take(self, change: RowChange) -> None:
        self.changes += 1
        if self.changes >= self.want:
            self.arrived.set()

    def reject(self, error: InvalidPayload) -> None:
        raise AssertionError(f"a change was not understood: {error}")


def stats(stand: Standin) -> dict[str, int]:
    """The stand-in's counters; `frames_sent` counts Realtime's and Ably's frames."""
    found: dict[str, int] = {}
    for path in ("stats", "ably"):
        response = httpx.get(f"{stand.url}/_devstack/{path}", headers=admin_headers(stand.info))
        found.update(response.json())
    found["frames_sent"] += found["ably_frames_sent"]
    return found


def tokens(stand: Standin, count: int) -> list[str]:
    """Access tokens of the demo user, one session each (as N desktops signed in)."""
    issuer = TokenIssuer(JWT_SECRET, 3600, issuer=f"{stand.url}/auth/v1")
    user, email = stand.info["user_id"], stand.info["email"]
    return [issuer.issue_access(user, email, str(uuid.uuid4())).token for _ in range(count)]


async def measure(stand: Standin, source: str, n: int, changes: int) -> dict[str, Any]:
    info = stand.info
    counters = [Counter() for _ in range(n)]
    links: list[LiveSource] = [
        make_source(source, info["url"], info["anon_key"], token, counter)
        for token, counter in zip(tokens(stand, n), counters, strict=True)
    ]
    gate = asyncio.Semaphore(OPEN_AT_ONCE)

    async def open_one(link: LiveSource) -> None:
        async with gate:
            await link.open()
            await asyncio.wait_for(link.streaming.wait(), 60)

    before_join = stats(stand)
    joined_at = time.monotonic()
    try:
        await asyncio.gather(*(open_one(link) for link in links))
        join_s = time.monotonic() - joined_at
        joined = stats(stand)
        fanout: list[float] = []
        auth: list[int] = []
        frames: list[int] = []
        with psycopg.connect(info["dsn"], autocommit=True) as db:
            for k in range(changes):
                for counter in counters:
                    counter.want, counter.arrived = k + 1, asyncio.Event()
                before = stats(stand)
                committed = time.monotonic()
                await asyncio.to_thread(insert_call, db, info["user_id"], f"Cost {k}")
                await asyncio.wait_for(asyncio.gather(*(c.arrived.wait() for c in counters)), 120)
                fanout.append((time.monotonic() - committed) * 1000)
                await asyncio.sleep(0.3)  # the stand-in's counters settle (nothing else runs)
                after = stats(stand)
                auth.append(after["auth_queries"] - before["auth_queries"])
                frames.append(after["frames_sent"] - before["frames_sent"])
        assert all(c.changes == changes for c in counters), "a subscriber missed or got twice"
    finally:
        await asyncio.gather(*(link.close() for link in links), return_exceptions=True)
    return {
        "source": source,
        "subscribers": n,
        "changes": changes,
        "join_s": round(join_s, 2),
        "auth_queries_at_join": joined["auth_queries"] - before_join["auth_queries"],
        "auth_queries_per_change": statistics.median(auth),
        "frames_per_change": statistics.median(frames),
        "fanout_ms_p50": round(statistics.median(fanout), 1),
        "fanout_ms_max": round(max(fanout), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--subscribers", type=int, nargs="+", default=[1, 50, 500])
    parser.add_argument("--changes", type=int, default=5)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp, PostgresCluster() as cluster:
        stand = start_standin(
            Path(tmp),
            postgres=cluster.dsn,
            poll_interval=0.05,
            events_per_second=0,
            jwt_secret=JWT_SECRET,
        )
        try:
            for n in args.subscribers:
                for source in (POSTGRES_CHANGES, BROADCAST, ABLY):
                    run = asyncio.run(measure(stand, source, n, args.changes))
                    print(run, file=sys.stderr, flush=True)
                    runs.append(run)
        finally:
            stand.stop()
    write_json(
        {
            "what": "server-side cost of one change per live source, N sessions of one user "
            "that may all see it, on the stand-in's counters",
            "machine": machine(),
            "runs": runs,
        },
        args.json_out,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
