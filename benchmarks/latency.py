"""Benchmark: commit in PostgreSQL → `Notify` seen on the session bus, with the tray app
running in this process.

For each of N single-row commits (made on a worker thread, a random 0 to 50 ms apart so they
do not lock step with the stand-in's polling) four instants are taken on one monotonic clock:
commit returned; the Realtime change frame reached the app (the change sink handed to
`RealtimeLink`, wrapped here); the app built its `Notify` call (the freedesktop backend,
wrapped here); and a bus monitor on its own thread saw `Notify`. So end to end = stand-in
share (commit → frame: wal2json polling + websocket) + app share (frame → Notify sent) + bus
share. The app share is also given in CPU time of the app's thread: on a loaded machine the
wall-clock tail is mostly time the thread was not running. The app's toast throttle is
replaced by one with a huge capacity, so every commit gives its own toast (with the default
throttle, commits would have to be 2 s apart). Runs once per `--poll-interval` and live source
(`--sources`: postgres_changes frames, Broadcast from the database, or Ably messages).

Run inside the desktop session: scripts/desktop-session.sh .venv/bin/python -m
benchmarks.latency [--samples 500] [--poll-interval 0.05 0.01] [--sources ...] [--json-out F]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg

from benchmarks.harness import (
    BusListener,
    InProcessApp,
    machine,
    stack,
    summary,
    wait_until,
    write_json,
)
from desktop_notifier.alerts import ToastThrottle
from desktop_notifier.common.live_sources import SOURCES
from desktop_notifier.events import InvalidPayload, RowChange
from desktop_notifier.notify.freedesktop import FreedesktopNotifier
from desktop_notifier.sync.ably_link import AblyLink
from desktop_notifier.sync.live_source import ChangeSink
from desktop_notifier.sync.realtime_link import RealtimeLink
from tests.support.calls import insert_call


class Stamps:
    """Monotonic instants recorded by the wrapped app methods."""

    def __init__(self) -> None:
        self.frames: list[float] = []
        self.sends: list[tuple[float, str]] = []
        # CPU time of the app's (main) thread at the same instants: wall minus CPU is time
        # the thread waited (descheduled on a busy machine, or the GIL), not work it did
        self.frame_cpu: list[float] = []
        self.send_cpu: list[float] = []

    def install(self) -> None:
        notify = FreedesktopNotifier._notify
        stamps = self

        def timed(link_init: Any) -> Any:
            def timed_link(link: Any, *args: Any, **kwargs: Any) -> None:
                # the change sink is the 4th argument: stamp each change as the app gets it
                sink = args[3] if len(args) > 3 else kwargs.pop("sink")
                link_init(link, *args[:3], TimedSink(sink, stamps), *args[4:], **kwargs)

            return timed_link

        def timed_notify(notifier: FreedesktopNotifier, toast: Any, replaces: int) -> Any:
            message = notify(notifier, toast, replaces)
            stamps.sends.append((time.monotonic(), toast.title))
            stamps.send_cpu.append(time.thread_time())
            return message

        for source in (RealtimeLink, AblyLink):  # broadcast's is a RealtimeLink
            source.__init__ = timed(source.__init__)  # type: ignore[method-assign,assignment]
        FreedesktopNotifier._notify = timed_notify  # type: ignore[method-assign]


class TimedSink:
    """The link's change sink, stamping each change as it arrives."""

    def __init__(self, sink: ChangeSink, stamps: Stamps) -> None:
        self._sink = sink
        self._stamps = stamps

    def take(self, change: RowChange) -> None:
        self._stamps.frames.append(time.monotonic())
        self._stamps.frame_cpu.append(time.thread_time())
        self._sink.take(change)

    def reject(self, error: InvalidPayload) -> None:
        self._sink.reject(error)


def run_once(samples: int, poll_interval: float, source: str) -> dict[str, Any]:
    stamps = Stamps()
    stamps.install()
    with tempfile.TemporaryDirectory() as tmp, stack(Path(tmp), poll_interval) as (stand, prof):
        settings = prof / "settings.json"
        settings.write_text(json.dumps({**json.loads(settings.read_text()), "source": source}))
        host = InProcessApp(prof)
        host.app.throttle = ToastThrottle(capacity=10**6)
        host.start_live()
        listener = BusListener().start()
        db = psycopg.connect(stand.info["dsn"], autocommit=True)
        owner = stand.info["user_id"]
        rows: list[dict[str, float]] = []

        def commit(n: int) -> float:
            if n % 50 == 0:  # dunst keeps every toast on screen in this session: clear them
                subprocess.run(["dunstctl", "close-all"], check=False, timeout=5)
            insert_call(db, owner, f"Bench {n}")
            return time.monotonic()

        async def scenario() -> None:
            loop = asyncio.get_running_loop()
            for n in range(samples):
                frames_before = len(stamps.frames)
                title = f"Nova call de Bench {n}"
                committed = await loop.run_in_executor(None, commit, n)
                await wait_until(
                    lambda t=title: listener.seen and listener.seen[-1].summary == t,
                    10,
                    f"Notify for commit {n}",
                )
                seen = listener.seen[-1].at
                index = next(
                    i for i in range(len(stamps.sends) - 1, -1, -1) if stamps.sends[i][1] == title
                )
                sent = stamps.sends[index][0]
                frame = stamps.frames[frames_before]
                app_cpu = stamps.send_cpu[index] - stamps.frame_cpu[frames_before]
                rows.append(
                    {
                        "e2e": (seen - committed) * 1000,
                        "standin": (frame - committed) * 1000,
                        "app": (sent - frame) * 1000,
                        "app_cpu": app_cpu * 1000,
                        "bus": (seen - sent) * 1000,
                    }
                )
                await asyncio.sleep(random.uniform(0, 0.05))

        try:
            host.run(scenario(), timeout=samples * 5 + 60)
        finally:
            listener.stop()
            db.close()
            host.close()
    return {
        "source": source,
        "poll_interval_ms": poll_interval * 1000,
        "samples": len(rows),
        "e2e_ms": summary([r["e2e"] for r in rows]),
        "standin_share_ms": summary([r["standin"] for r in rows]),
        "app_share_ms": summary([r["app"] for r in rows], 2),
        "app_share_cpu_ms": summary([r["app_cpu"] for r in rows], 2),
        "bus_share_ms": summary([r["bus"] for r in rows], 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--poll-interval", type=float, nargs="+", default=[0.05, 0.01])
    parser.add_argument("--sources", nargs="+", default=list(SOURCES), choices=SOURCES)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    runs = [
        run_once(args.samples, interval, source)
        for interval in args.poll_interval
        for source in args.sources
    ]
    result = {
        "what": "commit -> Notify on the session bus, in-process App, single-row commits, "
        "throttle capacity 10**6 (every commit toasts), commits 0-50 ms apart after each toast",
        "machine": machine(),
        "runs": runs,
    }
    write_json(result, args.json_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
