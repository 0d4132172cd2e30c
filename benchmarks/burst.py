"""Benchmark: bursts through the tray app running in this process, with its default throttle.

Two bursts, one after the other: 1,000 calls inserted in one transaction, then 10,000 calls over
10 s (a 10-row transaction every 10 ms, from a worker thread). For each: the lateness of a 10 ms
QTimer in the app's process (p50/p99/max: how long the UI could not react), how many `Notify`
calls reached the session bus (coalescing: a handful, not thousands), whether every alert is in
the history store, how long the app took to drain the burst after the last commit (and when
the last change frame arrived, and the app's CPU seconds, to tell the stand-in's throughput
from the app's), peak RSS
growth (sampled every 20 ms on a thread), and the largest number of asyncio tasks alive at once
(a queue that grows without bound would show here and in RSS).

Run inside the desktop session: scripts/desktop-session.sh .venv/bin/python -m
benchmarks.burst [--json-out F]
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psycopg
from PySide6.QtCore import Qt, QTimer

from benchmarks.harness import (
    BusListener,
    InProcessApp,
    machine,
    sample,
    stack,
    summary,
    write_json,
)
from benchmarks.latency import Stamps

INSERT = (
    "insert into public.calls (company_name, status, owner_id) "
    "select %s || g, 'new', %s::uuid from generate_series(1, %s) g"
)


class LagProbe:
    """A 10 ms precise QTimer; records how late each tick came."""

    def __init__(self, interval_ms: int = 10) -> None:
        self.interval = interval_ms / 1000
        self.late_ms: list[float] = []
        self._last = 0.0
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.late_ms = []
        self._last = time.monotonic()
        self.timer.start()

    def _tick(self) -> None:
        now = time.monotonic()
        self.late_ms.append(max(0.0, (now - self._last - self.interval) * 1000))
        self._last = now

    def stop(self) -> list[float]:
        self.timer.stop()
        return self.late_ms


class RssWatch:
    """Peak VmRSS of this process, sampled on a thread."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self.base_kb = sample().rss_kb
        self.peak_kb = self.base_kb
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.peak_kb = max(self.peak_kb, sample().rss_kb)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return round((self.peak_kb - self.base_kb) / 1024, 1)


def burst(
    host: InProcessApp,
    listener: BusListener,
    stamps: Stamps,
    dsn: str,
    owner: str,
    total: int,
    per_tx: int,
) -> dict[str, Any]:
    app = host.app
    frames_before = len(stamps.frames)
    subprocess.run(["dunstctl", "close-all"], check=False, timeout=5)
    before_alerts = app.store.count_alerts()
    before_notify = len(listener.seen)
    probe = LagProbe()
    max_tasks = 0
    finished: list[float] = []

    def write() -> None:
        with psycopg.connect(dsn, autocommit=True) as db:
            ticks = total // per_tx
            start = time.monotonic()
            for tick in range(ticks):
                if ticks > 1:  # spread over 10 s: one transaction per 10 ms slot
                    delay = start + tick * 10.0 / ticks - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                db.execute(INSERT, (f"Burst {tick}-", owner, per_tx))
            finished.append(time.monotonic())
            finished.append(start)

    async def scenario() -> None:
        nonlocal max_tasks
        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        deadline = time.monotonic() + 300
        while app.store.count_alerts() < before_alerts + total and time.monotonic() < deadline:
            max_tasks = max(max_tasks, len(asyncio.all_tasks()))
            await asyncio.sleep(0.05)
        writer.join()
        await asyncio.sleep(3)  # let the last summary toast go out

    rss = RssWatch()
    probe.start()
    cpu_before = sample().cpu_s
    host.run(scenario(), timeout=400)
    cpu_used = sample().cpu_s - cpu_before
    drained = time.monotonic()
    lateness = probe.stop()
    growth = rss.stop()
    stored = app.store.count_alerts() - before_alerts
    notifies = listener.seen[before_notify:]
    end, start = finished
    frames = stamps.frames[frames_before:]
    return {
        "calls": total,
        "rows_per_transaction": per_tx,
        "commit_span_s": round(end - start, 2),
        "drained_after_last_commit_s": round(drained - 3 - end, 2),
        # when the stand-in delivered the frames: separates its throughput from the app's
        "frames_received": len(frames),
        "last_frame_after_last_commit_s": round(frames[-1] - end, 2) if frames else None,
        "app_cpu_s": round(cpu_used, 2),
        "loop_lag_ms": summary(lateness),
        "notify_calls": len(notifies),
        # what a user sees: new toasts; the rest updated a toast in place (replaces_id)
        "new_toasts": sum(1 for seen in notifies if seen.replaces_id == 0),
        "last_toast": notifies[-1].summary if notifies else None,
        "alerts_in_history": stored,
        "peak_rss_growth_mb": growth,
        "max_asyncio_tasks": max_tasks,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--poll-interval", type=float, default=0.05)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, stack(Path(tmp), args.poll_interval) as (st, prof):
        stamps = Stamps()
        stamps.install()
        host = InProcessApp(prof)
        host.start_live()
        listener = BusListener().start()
        dsn, owner = st.info["dsn"], st.info["user_id"]
        try:
            host.run(asyncio.sleep(3))  # a quiet bucket: the throttle starts a new episode
            one_tx = burst(host, listener, stamps, dsn, owner, 1000, 1000)
            host.run(asyncio.sleep(10))
            spread = burst(host, listener, stamps, dsn, owner, 10_000, 10)
        finally:
            listener.stop()
            host.close()
    result = {
        "what": "bursts through the in-process App (default ToastThrottle), local stand-in, "
        f"poll interval {args.poll_interval * 1000:.0f} ms",
        "machine": machine(),
        "one_transaction_1000": one_tx,
        "spread_10000_over_10s": spread,
    }
    write_json(result, args.json_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
