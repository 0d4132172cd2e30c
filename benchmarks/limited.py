"""Benchmark: alert latency in limited mode (polling PostgREST behind a proxy that refuses the
websocket), against live mode through a proxy that allows it, in the same run.

The real `desktop-notifier watch --json` runs on a profile configured with a manual proxy: a
real `tinyproxy` on loopback in front of the local stand-in. Live: CONNECT allowed. Limited:
CONNECT refused (plain HTTP forwarded), so `watch` reaches limited mode and reads every
`poll_seconds`. Calls are committed one at a time at random moments of the poll period; the
time from `commit` returning to the alert line is measured. Expected in limited mode: about
half the poll interval on average (at most one interval) plus one catch-up read ("query"),
which is timed on its own through the same proxy. Lost and duplicated alerts are counted.
A benchmark prints numbers; it does not pass or fail.

Run inside the desktop session (the keyring):
  scripts/desktop-session.sh .venv/bin/python -m benchmarks.limited [--samples 30] [--poll 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg

from desktop_notifier.common.proxy_route import ProxyRoute
from desktop_notifier.connection.catchup.runner import CatchUp
from desktop_notifier.connection.pipeline import Pipeline
from desktop_notifier.devstack.cluster import PostgresCluster
from desktop_notifier.profile.settings import Settings
from desktop_notifier.profile.store import Store
from desktop_notifier.sync.account import Account
from tests.support.calls import insert_call
from tests.support.cli import Watch, configure
from tests.support.forward_proxy import ForwardProxy
from tests.support.standin import Standin, start_standin


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(statistics.median(values), 1),
        "p95": round(percentile(values, 0.95), 1),
        "max": round(max(values), 1),
        "mean": round(statistics.fmean(values), 1),
    }


class _Quiet:
    def status_changed(self, status: Any) -> None:
        pass

    def warned(self, error: Any) -> None:
        pass

    def alerts_raised(self, alerts: Any, *, caught_up: bool) -> None:
        pass

    def calls_changed(self, calls: Any) -> None:
        pass


async def time_reads(stand: Standin, proxy: str, root: Path, reads: int) -> list[float]:
    """The "query" share: one catch-up read through the proxy, timed, `reads` times."""
    info = stand.info
    account = await Account.sign_in(
        info["url"],
        info["anon_key"],
        info["email"],
        info["password"],
        proxy=ProxyRoute.single(proxy),
    )
    store = Store(root / "reads.db")
    store.bind_account(account.account_key)
    pipeline = Pipeline(store, Settings, _Quiet(), lambda: datetime.now(UTC))
    catchup = CatchUp(store, pipeline)
    took: list[float] = []
    try:
        for _ in range(reads):
            start = time.monotonic()
            await catchup.run(account)
            took.append((time.monotonic() - start) * 1000)
    finally:
        await account.close()
        store.close()
    return took


def measure(
    stand: Standin, root: Path, name: str, websockets: bool, samples: int, poll: float
) -> dict[str, Any]:
    proxy = ForwardProxy(root / f"proxy-{name}", stand.port, websockets=websockets).start()
    profile = root / f"profile-{name}"
    assert configure(profile, stand).returncode == 0
    path = profile / "settings.json"
    settings = {"proxy_mode": "manual", "proxy_url": proxy.url, "poll_seconds": poll}
    path.write_text(json.dumps({**json.loads(path.read_text()), **settings}))
    watch = Watch.start(profile)
    latencies: list[float] = []
    written: Counter[str] = Counter()
    try:
        started = time.monotonic()
        watch.wait_state("live" if websockets else "limited", timeout=60)
        reached = time.monotonic() - started
        with psycopg.connect(stand.info["dsn"], autocommit=True) as db:
            for n in range(samples):
                time.sleep(random.uniform(0, poll))  # a random moment of the poll period
                call = insert_call(db, stand.info["user_id"], f"Bench {name} {n}")
                committed = time.monotonic()
                written[call] += 1
                arrived, alert = watch.next_alert(poll * 3 + 15)
                assert alert["call_id"] == call, alert
                latencies.append((arrived - committed) * 1000)
        seen = Counter(a["call_id"] for a in watch.alerts if a["kind"] == "new_call")
    finally:
        watch.stop()
        proxy.stop()
    return {
        "mode": name,
        "reached_after_s": round(reached, 1),
        "samples": len(latencies),
        "latency_ms": summary(latencies),
        "lost": sum((written - seen).values()),
        "duplicated": sum((seen - written).values()),
        "states": [s for s in watch.states if s.startswith("[")][:6],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--poll", type=float, default=5.0, help="poll_seconds in limited mode")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, PostgresCluster() as cluster:
        root = Path(tmp)
        stand = start_standin(root, postgres=cluster.dsn, poll_interval=0.05)
        try:
            live = measure(stand, root, "live", True, args.samples, args.poll)
            limited = measure(stand, root, "limited", False, args.samples, args.poll)
            proxy = ForwardProxy(root / "proxy-reads", stand.port, websockets=False).start()
            try:
                reads = asyncio.run(time_reads(stand, proxy.url, root, 20))
            finally:
                proxy.stop()
        finally:
            stand.stop()
    result = {
        "what": "commit -> `watch --json` line through a tinyproxy: live vs limited (polling)",
        "poll_seconds": args.poll,
        "expected_limited_mean_ms": round(args.poll * 500 + statistics.median(reads), 1),
        "query_ms": summary(reads),
        "live": live,
        "limited": limited,
        "limited_vs_live_p50": round(
            limited["latency_ms"]["p50"] / max(live["latency_ms"]["p50"], 0.1), 1
        ),
    }
    print(json.dumps(result, indent=2))
    if args.json_out:
        args.json_out.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
