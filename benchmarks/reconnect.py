"""Benchmark: how long after connectivity is back is `watch` live again and caught up?

For each scenario the real `desktop-notifier watch --json` runs against the local stand-in on a
private PostgreSQL; calls are written while it is cut off, connectivity comes back, and the
time is measured from that moment to the `[live]` line (the supervisor reports live only after
the catch-up has been applied and its alerts printed). Every alert printed is counted against
the ledger of what was written: lost and duplicated alerts are reported per scenario.

Scenarios ("back" is the moment the clock starts):
  restart      the stand-in is stopped, then started on the same port    back: it is ready
               (a fresh watch each time: the backoff starts from its minimum)
  restarts-in-a-row  the same five times through one watch: the backoff grows, as
               designed (it is reset only after a healthy minute)
  hung         the stand-in is SIGSTOP'd (--hung-seconds, and at least until
               watch noticed), then SIGCONT                             back: SIGCONT
  network      the default route of watch's network namespace is deleted  back: route restored
  wake         a fake logind emits PrepareForSleep(true), then (false)   back: (false) sent
  wake-expired the same, the access token (4 s) expiring during the sleep
  app-start    watch is quit, calls are written, watch is started again   back: process start

Target: median under 2 s after a wake or the network coming back. A benchmark prints numbers;
it does not pass or fail. Run inside the desktop session, as root (network namespaces):
  scripts/desktop-session.sh .venv/bin/python -m benchmarks.reconnect [--reps 5] [--json-out F]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import queue
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from desktop_notifier.devstack.cluster import PostgresCluster
from tests.power import system_bus
from tests.power.fake_logind import FakeLogind
from tests.support.cli import Watch, configure
from tests.support.netns import namespace_pair, open_path
from tests.support.outage import Ledger, Server, configured, lost_and_duplicated, of_json

WRITES = 3  # calls written during each outage (about five alerts)
OUTAGE = 1.5  # seconds cut off before connectivity comes back


@dataclass
class Result:
    scenario: str
    back: str
    samples: list[float] = field(default_factory=list)
    lost: int = 0
    duplicated: int = 0

    def row(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "clock starts": self.back,
            "reps": len(self.samples),
            "median_s": round(statistics.median(self.samples), 3) if self.samples else None,
            "max_s": round(max(self.samples), 3) if self.samples else None,
            "lost": self.lost,
            "duplicated": self.duplicated,
        }


@dataclass
class Context:
    root: Path
    cluster: PostgresCluster
    reps: int
    hung_seconds: float


def wait_line(watch: Watch, prefix: str, timeout: float = 60.0) -> float:
    """When the next stderr line starting with `prefix` arrived (monotonic seconds)."""
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            at, line = watch.stderr.get(timeout=left)
        except queue.Empty:
            break
        watch.states.append(line)
        if line.startswith(prefix):
            return at
    raise AssertionError(f"no {prefix} line within {timeout:.0f} s: {watch.states[-10:]}")


def settle(
    watch: Watch, ledger: Ledger, before: list[dict[str, Any]] | None = None, timeout: float = 15.0
) -> None:
    """Read alerts until `before` (printed by earlier processes) and these add up."""
    earlier = before or []
    deadline = time.monotonic() + timeout
    while of_json(earlier + watch.alerts) != ledger.expected and time.monotonic() < deadline:
        watch.alerts.extend(watch.quiet(0.1))


def account(result: Result, watch_alerts: list[dict[str, Any]], ledger: Ledger) -> None:
    lost, duplicated = lost_and_duplicated(ledger.expected, of_json(watch_alerts))
    result.lost += len(lost)
    result.duplicated += len(duplicated)


@contextlib.contextmanager
def ledger_for(ctx: Context, owner: str) -> Iterator[Ledger]:
    with psycopg.connect(ctx.cluster.dsn, autocommit=True) as db:
        yield Ledger(db, owner)


@contextlib.contextmanager
def watching(ctx: Context, name: str, **flags: Any) -> Iterator[tuple[Server, Watch, Path]]:
    server = Server(ctx.root / name, ctx.cluster, **flags)
    (ctx.root / name).mkdir()
    server.start()
    profile = configured(ctx.root / name / "profile", server)
    watch = Watch.start(profile)
    try:
        wait_line(watch, "[live]")
        yield server, watch, profile
    finally:
        watch.stop()
        server.stop()


def bench_restart(ctx: Context, *, in_a_row: bool) -> Result:
    """`in_a_row`: one watch through every restart, so its backoff keeps growing (no healthy
    minute in between, by design); otherwise a fresh watch per restart, as after a long
    healthy period (the backoff starts from its minimum)."""
    name = "restarts-in-a-row" if in_a_row else "restart"
    result = Result(name, "stand-in ready again")
    with (
        watching(ctx, name) as (server, first, profile),
        ledger_for(ctx, server.info["user_id"]) as ledger,
    ):
        printed: list[dict[str, Any]] = []
        watch = first
        for rep in range(ctx.reps):
            if rep and not in_a_row:
                watch.stop()
                printed += watch.alerts
                # The stand-in keeps sessions in memory (GoTrue keeps them in the database):
                # after its restart the stored refresh token is unknown, so sign in again.
                assert configure(profile, server.standin).returncode == 0
                watch = Watch.start(profile)
                wait_line(watch, "[live]")
            server.stop()
            wait_line(watch, "[offline]")
            ledger.some(WRITES)
            time.sleep(OUTAGE)
            server.start()
            back = time.monotonic()
            result.samples.append(wait_line(watch, "[live]") - back)
            settle(watch, ledger, printed)
        watch.alerts.extend(watch.quiet(1.0))
        if watch is not first:
            watch.stop()
        account(result, printed + watch.alerts, ledger)
    return result


def bench_hung(ctx: Context) -> Result:
    result = Result("hung", "SIGCONT")
    stops: list[float] = []
    with (
        watching(ctx, "hung") as (server, watch, _),
        ledger_for(ctx, server.info["user_id"]) as ledger,
    ):
        for _ in range(max(ctx.reps // 2, 1)):
            proc = server.standin.proc
            proc.send_signal(signal.SIGSTOP)
            stopped = time.monotonic()
            try:
                ledger.some(WRITES)
                wait_line(watch, "[offline]", 30)  # noticed by the liveness pings
                time.sleep(max(ctx.hung_seconds - (time.monotonic() - stopped), 0))
            finally:
                proc.send_signal(signal.SIGCONT)
            back = time.monotonic()
            stops.append(back - stopped)
            result.samples.append(wait_line(watch, "[live]") - back)
            settle(watch, ledger)
        watch.alerts.extend(watch.quiet(1.0))
        account(result, watch.alerts, ledger)
    result.back = f"SIGCONT after {max(stops):.0f} s stopped"
    return result


def bench_network(ctx: Context) -> Result:
    result = Result("network", "default route restored")
    with namespace_pair() as namespace:
        path = open_path(namespace, ctx.root, ctx.cluster)
        profile = ctx.root / "network-profile"
        watch = None
        try:
            assert path.configure(profile).returncode == 0
            watch = path.watch(profile)
            wait_line(watch, "[live]")
            with ledger_for(ctx, path.standin.info["user_id"]) as ledger:
                for _ in range(ctx.reps):
                    path.cut()
                    wait_line(watch, "[offline]")
                    ledger.some(WRITES)
                    time.sleep(OUTAGE)
                    path.restore()
                    back = time.monotonic()
                    result.samples.append(wait_line(watch, "[live]") - back)
                    settle(watch, ledger)
                watch.alerts.extend(watch.quiet(1.0))
                account(result, watch.alerts, ledger)
        finally:
            if watch is not None:
                watch.stop()
            path.close()
    return result


def bench_wake(ctx: Context, *, expired: bool) -> Result:
    name = "wake-expired" if expired else "wake"
    result = Result(name, "PrepareForSleep(false) sent")
    flags = {"jwt_expiry": 4} if expired else {}
    with (
        FakeLogind(os.environ["DBUS_SYSTEM_BUS_ADDRESS"]) as logind,
        watching(ctx, name, **flags) as (server, watch, _),
        ledger_for(ctx, server.info["user_id"]) as ledger,
    ):
        for _ in range(ctx.reps):
            deadline = time.monotonic() + 10
            while not logind.held() and time.monotonic() < deadline:
                time.sleep(0.02)
            [inhibitor] = logind.held()
            logind.prepare_for_sleep(True)
            wait_line(watch, "[offline]")
            while not inhibitor.released and time.monotonic() < deadline:
                time.sleep(0.02)
            ledger.some(WRITES)
            time.sleep(5.0 if expired else OUTAGE)  # a 4 s token expires meanwhile
            logind.prepare_for_sleep(False)
            live = wait_line(watch, "[live]")
            result.samples.append(live - logind.sent_at(False))
            settle(watch, ledger)
        watch.alerts.extend(watch.quiet(1.0))
        account(result, watch.alerts, ledger)
    return result


def bench_app_start(ctx: Context) -> Result:
    result = Result("app-start", "watch process started")
    server = Server(ctx.root / "app-start", ctx.cluster)
    (ctx.root / "app-start").mkdir()
    server.start()
    try:
        profile = configured(ctx.root / "app-start" / "profile", server)
        printed: list[dict[str, Any]] = []
        with ledger_for(ctx, server.info["user_id"]) as ledger:
            for rep in range(ctx.reps + 1):
                back = time.monotonic()
                watch = Watch.start(profile)
                try:
                    live = wait_line(watch, "[live]")
                    if rep:  # the first start is the profile's (silent) first sync
                        result.samples.append(live - back)
                    settle(watch, ledger, printed)
                    watch.alerts.extend(watch.quiet(0.5))
                finally:
                    watch.stop()
                printed += watch.alerts
                if rep < ctx.reps:
                    ledger.some(WRITES)  # while watch is not running
            account(result, printed, ledger)
    finally:
        server.stop()
    return result


@contextlib.contextmanager
def private_system_bus() -> Iterator[str]:
    """A private system-like bus where the fake logind lives (as in the tests)."""
    bus = system_bus._start()  # sets DBUS_SYSTEM_BUS_ADDRESS for the watch processes
    try:
        yield bus.address
    finally:
        bus.daemon.terminate()
        bus.daemon.wait(5)
        if bus.previous is None:
            os.environ.pop("DBUS_SYSTEM_BUS_ADDRESS", None)
        else:
            os.environ["DBUS_SYSTEM_BUS_ADDRESS"] = bus.previous
        shutil.rmtree(bus.directory, ignore_errors=True)


SCENARIOS: dict[str, Callable[[Context], Result]] = {
    "restart": lambda ctx: bench_restart(ctx, in_a_row=False),
    "restarts-in-a-row": lambda ctx: bench_restart(ctx, in_a_row=True),
    "hung": bench_hung,
    "network": bench_network,
    "wake": lambda ctx: bench_wake(ctx, expired=False),
    "wake-expired": lambda ctx: bench_wake(ctx, expired=True),
    "app-start": bench_app_start,
}


def table(rows: list[dict[str, Any]]) -> str:
    header = list(rows[0])
    widths = [max(len(str(h)), *(len(str(r[h])) for r in rows)) for h in header]
    lines = ["  ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True))]
    lines += [
        "  ".join(str(r[h]).ljust(w) for h, w in zip(header, widths, strict=True)) for r in rows
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5, help="repetitions per scenario")
    parser.add_argument("--hung-seconds", type=float, default=30.0)
    parser.add_argument("--only", nargs="*", choices=sorted(SCENARIOS), help="scenarios to run")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    chosen = args.only or list(SCENARIOS)
    if "network" in chosen and os.geteuid() != 0:
        print("skipping 'network': network namespaces need root", file=sys.stderr)
        chosen.remove("network")
    results = []
    with (
        tempfile.TemporaryDirectory(prefix="dn-bench-") as tmp,
        PostgresCluster() as cluster,
        private_system_bus(),
    ):
        ctx = Context(Path(tmp), cluster, args.reps, args.hung_seconds)
        for name in chosen:
            print(f"running {name}…", file=sys.stderr, flush=True)
            results.append(SCENARIOS[name](ctx).row())
    print(table(results))
    report = {
        "what": "connectivity back -> `watch` live again with the catch-up applied",
        "writes_per_outage": WRITES,
        "results": results,
    }
    if args.json_out:
        args.json_out.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
