"""Benchmark: a day of traffic and a thousand call windows, in the tray app's own process.

1. 24 hours at one change a second, simulated faster: the tray app (`App`, live on the local
   stand-in, toasting on dunst) is given an injected clock; each simulated minute, 60 changes
   go into its pipeline (the part after the websocket: store, policy, inbox, tray, toasts)
   and the clock moves a minute. A minute holds one new call, 57 edits of it (the
   transcription growing), its end and its analysis with a score: three alerts a minute,
   4,320 a day, through the default toast throttle. The store is pruned once a simulated hour
   (the app's idle pace). RSS after the first hour (warm: caches full) and after 24, both
   after the memory release the app runs after a busy spell; their difference is the growth.
2. 1,000 call windows opened and closed: calls with ~4 KB transcriptions in PostgreSQL; each
   window opens, reads its whole row from PostgREST, shows it and is closed. RSS after the
   first 100 and after all 1,000.

Run inside the desktop session: scripts/desktop-session.sh .venv/bin/python -m
benchmarks.soak [--hours 24] [--windows 1000] [--json-out F]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg

from benchmarks.harness import (
    BusListener,
    InProcessApp,
    machine,
    sample,
    stack,
    wait_until,
    write_json,
)

TEXT = "o cliente perguntou sobre o prazo de entrega e o desconto " * 70  # ~4 KB


class SimClock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


def rss_mb() -> float:
    return round(sample().rss_kb / 1024, 1)


def settled_rss_mb() -> float:
    from desktop_notifier.system.memory import release

    release()
    return rss_mb()


def minute_of_changes(n: int, at: datetime) -> list[Any]:
    """One call's minute: created, 57 transcription edits, ended, analysed (60 changes)."""
    from desktop_notifier.events import parse_change

    call_id = str(uuid.uuid4())
    record: dict[str, Any] = {
        "id": call_id,
        "company_name": f"Soak {n}",
        "status": "in_progress",
        "created_at": at.isoformat(),
        "updated_at": at.isoformat(),
    }
    changes = []

    def change(kind: str, new: dict[str, Any], old: dict[str, Any] | None) -> None:
        data = {"type": kind, "table": "calls", "schema": "public", "record": new,
                "old_record": old or {}, "commit_timestamp": new["updated_at"],
                "errors": None}  # fmt: skip
        changes.append(parse_change({"data": data}))

    change("INSERT", record, None)
    for second in range(1, 58):
        stamp = (at + timedelta(seconds=second)).isoformat()
        old, record = record, {**record, "transcription": TEXT[: second * 70], "updated_at": stamp}
        change("UPDATE", record, old)
    stamp = (at + timedelta(seconds=58)).isoformat()
    old, record = record, {**record, "status": "completed", "updated_at": stamp}
    change("UPDATE", record, old)
    stamp = (at + timedelta(seconds=59)).isoformat()
    old, record = record, {**record, "ai_status": "completed", "score": 95 if n % 2 else 20,
                           "updated_at": stamp}  # fmt: skip
    change("UPDATE", record, old)
    return changes


async def day_of_traffic(app: Any, clock: SimClock, hours: int) -> dict[str, Any]:
    pipeline, store = app.session.pipeline, app.store
    started = time.monotonic()
    samples: list[float] = []
    peak = rss_mb()
    after_first_hour = 0.0
    for minute in range(hours * 60):
        pipeline.handle(minute_of_changes(minute, clock.now))
        clock.now += timedelta(minutes=1)
        await asyncio.sleep(0.005)  # the Qt loop shows the toasts, refreshes the tray
        if minute % 60 == 59:
            while store.pruner.step():
                await asyncio.sleep(0)
            peak = max(peak, rss_mb())
            await asyncio.sleep(0.3)  # the toasts of the hour go out
            if minute == 59:
                after_first_hour = settled_rss_mb()
            samples.append(rss_mb())
    await asyncio.sleep(2.5)
    end = settled_rss_mb()
    return {
        "simulated_hours": hours,
        "changes": hours * 3600,
        "alerts_in_history": store.count_alerts(),
        "seconds": round(time.monotonic() - started, 1),
        "rss_after_first_hour_mb": after_first_hour,
        "rss_at_end_mb": end,
        "growth_mb": round(end - after_first_hour, 1),
        "peak_rss_mb": peak,
        "rss_each_hour_mb": samples,
    }


def insert_calls(dsn: str, owner: str, count: int) -> list[str]:
    with psycopg.connect(dsn, autocommit=True) as db:
        rows = db.execute(
            "insert into public.calls (company_name, status, ai_status, score, owner_id,"
            " transcription) select 'Janela ' || n, 'completed', 'completed', 50, %s, %s"
            " from generate_series(1, %s) n returning id",
            (owner, TEXT, count),
        ).fetchall()
    return [str(row[0]) for row in rows]


async def windows_opened_and_closed(app: Any, ids: list[str]) -> dict[str, Any]:
    windows = app.call_windows
    started = time.monotonic()
    after_100 = 0.0
    for n, call_id in enumerate(ids, 1):
        app.open_call(call_id)
        await wait_until(lambda c=call_id: c in windows.details, 30, "the call's whole row")
        windows.windows[call_id].close()
        await asyncio.sleep(0)  # the deferred delete
        if n == 100:
            await asyncio.sleep(0.2)
            after_100 = settled_rss_mb()
    await asyncio.sleep(0.5)
    end = settled_rss_mb()
    return {
        "windows": len(ids),
        "seconds": round(time.monotonic() - started, 1),
        "still_open": len(windows.windows),
        "rows_cached": len(windows.details),
        "rss_after_100_mb": after_100,
        "rss_after_all_mb": end,
        "growth_mb": round(end - after_100, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--hours", type=int, default=24)
    parser.add_argument("--windows", type=int, default=1000)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, stack(Path(tmp)) as (stand, profile):
        ids = insert_calls(stand.info["dsn"], stand.info["user_id"], args.windows)
        clock = SimClock()
        host = InProcessApp(profile, clock)
        host.start_live(timeout=60.0)
        listener = BusListener().start()
        try:
            traffic = host.run(day_of_traffic(host.app, clock, args.hours), timeout=3600)
            traffic["notify_calls"] = len(listener.seen)
            windows = host.run(windows_opened_and_closed(host.app, ids), timeout=3600)
        finally:
            listener.stop()
            host.close()
    result = {
        "what": "a simulated day at one change a second, and call windows opened and closed, "
        "in the tray app's process on the local stand-in",
        "machine": machine(),
        "day": traffic,
        "windows": windows,
    }
    write_json(result, args.json_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
