"""Benchmark: what reading instead of trusting the live stream costs, and what it buys.

1. Reconciliation cost while live (exact/xid mode), one change a second (a new call or an edit
   of one, ~1 KB of transcription each): the in-process app reconciles every `P` seconds; each
   pass's CPU (the app thread's, around `CatchUp.run`) and the JSON it read (`calls_changes`
   pages) are recorded. Two short runs at two periods give a per-pass model
   (fixed + per-row), scaled to an hour at the default period.
2. A silent drop to its alert: the stand-in's capture is dropped (changes never delivered, no
   message, like the events-per-second quota), a call is written at a random moment, and the
   time until the app alerts it is measured (period `P` shortened; the bound is the period).
3. Catch-up of 50,000 changes after a week away: 10,000 calls known to the profile, then the app
   is closed while 40,000 calls are created and the 10,000 edited; the app (its own process) is
   started again: time from launch to the catch-up's log line, and its peak RSS (VmHWM).

Run inside the desktop session: scripts/desktop-session.sh .venv/bin/python -m
benchmarks.catchup [--cost-seconds 120] [--drops 5] [--json-out F]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psycopg

from benchmarks.harness import (
    InProcessApp,
    app_command,
    launch,
    machine,
    sample,
    stack,
    stop,
    wait_until,
    write_json,
)

TEXT = "trecho da transcrição " * 45  # ~1 KB
INSERT = (
    "insert into public.calls (company_name, status, owner_id, transcription) "
    "select %s || n, 'new', %s, %s from generate_series(1, %s) n"
)
CAUGHT_UP = re.compile(r"catch-up \((\w+)\): (\d+) rows in (\d+) pages")
READ = re.compile(r"catch-up \(\w+\): .* alerts, ([\d.]+) KB read")


def set_period(profile: Path, seconds: float) -> None:
    path = profile / "settings.json"
    path.write_text(json.dumps({**json.loads(path.read_text()), "reconcile_seconds": seconds}))


class Writer:
    """One change a second on its own thread: a new call, then an edit of an earlier one."""

    def __init__(self, dsn: str, owner: str) -> None:
        self._dsn, self._owner = dsn, owner
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.changes = 0

    def start(self) -> Writer:
        self._thread.start()
        return self

    def _run(self) -> None:
        with psycopg.connect(self._dsn, autocommit=True) as db:
            ids: list[str] = []
            while not self._stop.wait(1.0):
                if self.changes % 2 == 0 or not ids:
                    row = db.execute(
                        "insert into public.calls (company_name, status, owner_id, transcription)"
                        " values ('Ritmo', 'new', %s, %s) returning id",
                        (self._owner, TEXT),
                    ).fetchone()
                    assert row is not None
                    ids.append(str(row[0]))
                else:
                    db.execute(
                        "update public.calls set transcription = %s where id = %s",
                        (TEXT + str(self.changes), random.choice(ids)),
                    )
                self.changes += 1

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)


def instrument(host: InProcessApp) -> list[dict[str, float]]:
    """Record each catch-up pass: thread CPU, rows, and JSON bytes read."""
    supervisor = host.app.bridge.supervisor
    account = host.app.account
    assert supervisor is not None and account is not None
    passes: list[dict[str, float]] = []
    read = {"bytes": 0}
    original_read = account.calls_changes

    async def counted(*args: Any) -> Any:
        data = await original_read(*args)
        read["bytes"] += len(json.dumps(data, ensure_ascii=False).encode())
        return data

    account.calls_changes = counted  # type: ignore[method-assign]
    catchup = supervisor.catchup
    original_run = catchup.run

    async def timed(source: Any) -> Any:
        cpu, read["bytes"] = time.thread_time(), 0
        result = await original_run(source)
        passes.append(
            {"cpu_s": time.thread_time() - cpu, "rows": result.rows, "bytes": read["bytes"]}
        )
        return result

    catchup.run = timed  # type: ignore[method-assign]
    return passes


def cost_run(root: Path, period: float, seconds: float) -> dict[str, Any]:
    root.mkdir(parents=True)
    with stack(root) as (stand, profile):
        set_period(profile, period)
        host = InProcessApp(profile)
        host.start_live()
        passes = instrument(host)
        writer = Writer(stand.info["dsn"], stand.info["user_id"]).start()
        cpu_before = sample().cpu_s
        try:
            host.run(asyncio.sleep(seconds), timeout=seconds + 60)
        finally:
            writer.stop()
            cpu_all = sample().cpu_s - cpu_before
            host.close()
    return {
        "period_s": period,
        "seconds": seconds,
        "changes": writer.changes,
        "passes": passes,
        "process_cpu_s": round(cpu_all, 3),
    }


def per_pass_model(runs: list[dict[str, Any]], key: str) -> tuple[float, float]:
    """Least squares `key = fixed + per_row * rows` over every pass of every run."""
    points = [(p["rows"], p[key]) for run in runs for p in run["passes"]]
    mean_x = statistics.fmean(x for x, _ in points)
    mean_y = statistics.fmean(y for _, y in points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread if spread else 0.0
    return mean_y - slope * mean_x, slope


def cost(runs: list[dict[str, Any]], default_period: float) -> dict[str, Any]:
    cpu_fixed, cpu_row = per_pass_model(runs, "cpu_s")
    bytes_fixed, bytes_row = per_pass_model(runs, "bytes")
    per_hour = 3600 / default_period
    rows_per_pass = default_period * 1.0  # one change a second
    return {
        "runs": [{k: v for k, v in run.items() if k != "passes"} for run in runs],
        "pass_samples": sum(len(run["passes"]) for run in runs),
        "cpu_per_pass_ms": {
            "fixed": round(cpu_fixed * 1000, 2),
            "per_row": round(cpu_row * 1000, 3),
        },
        "bytes_per_pass": {"fixed": round(bytes_fixed), "per_row": round(bytes_row)},
        "default_period_s": default_period,
        "cpu_s_per_hour": round(per_hour * (cpu_fixed + cpu_row * rows_per_pass), 2),
        "kb_per_hour": round(per_hour * (bytes_fixed + bytes_row * rows_per_pass) / 1024),
    }


def drop_to_alert(root: Path, period: float, drops: int) -> dict[str, Any]:
    samples: list[float] = []
    root.mkdir(parents=True)
    with stack(root) as (stand, profile):
        set_period(profile, period)
        host = InProcessApp(profile)
        host.start_live()
        store = host.app.store
        try:
            with psycopg.connect(stand.info["dsn"], autocommit=True) as db:
                for _ in range(drops):
                    stand.admin("POST", "capture/rebuild/start")  # delivered from now: nothing
                    host.run(asyncio.sleep(random.uniform(0, period)))
                    before = store.count_alerts()
                    db.execute(INSERT, ("Perdida ", stand.info["user_id"], "", 1))
                    written = time.monotonic()
                    host.run(
                        wait_until(lambda b=before: store.count_alerts() > b, period + 30, "alert")
                    )
                    samples.append(time.monotonic() - written)
                    stand.admin("POST", "capture/rebuild/finish")
        finally:
            host.close()
    return {
        "period_s": period,
        "samples_s": [round(s, 2) for s in samples],
        "mean_s": round(statistics.fmean(samples), 2),
        "max_s": round(max(samples), 2),
    }


def week_away(root: Path, known: int, created: int) -> dict[str, Any]:
    root.mkdir(parents=True)
    with stack(root) as (stand, profile):
        dsn, owner = stand.info["dsn"], stand.info["user_id"]
        log = profile / "logs" / "desktop-notifier.log"
        with psycopg.connect(dsn, autocommit=True) as db:
            db.execute(INSERT, ("Conhecida ", owner, TEXT, known))
            first = launch(app_command(profile))
            try:
                first_line = wait_for_line(log, 0, 120)
            finally:
                stop(first)
            offset = log.stat().st_size
            for _ in range(created // 5000):  # a week of work, in 5,000-row transactions
                db.execute(INSERT, ("Nova ", owner, TEXT, 5000))
            db.execute(
                "update public.calls set status = 'missed' where company_name like 'Conhecida %'"
            )
        began = time.monotonic()
        proc = launch(app_command(profile))
        try:
            mode, rows, pages = wait_for_line(log, offset, 600)
            took = time.monotonic() - began
            status = (Path(f"/proc/{proc.pid}/status")).read_text()
            peak_kb = int(re.search(r"VmHWM:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
            rss_kb = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
        finally:
            stop(proc)
        with log.open("rb") as f:
            f.seek(offset)
            read = READ.search(f.read().decode(errors="replace"))
    return {
        "first_sync": {"mode": first_line[0], "rows": first_line[1]},
        "changed_rows": known + created,
        "mode": mode,
        "rows_read": rows,
        "pages": pages,
        "launch_to_caught_up_s": round(took, 1),
        "kb_read": float(read.group(1)) if read else None,
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "rss_after_mb": round(rss_kb / 1024, 1),
    }


def wait_for_line(log: Path, offset: int, timeout: float) -> tuple[str, int, int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists():
            with log.open("rb") as f:
                f.seek(offset)
                found = CAUGHT_UP.search(f.read().decode(errors="replace"))
            if found:
                return found.group(1), int(found.group(2)), int(found.group(3))
        time.sleep(0.05)
    raise TimeoutError("no catch-up line in the log")


PERIODS = (10.0, 40.0)  # the two reconciliation periods of the cost runs


def part(name: str, args: argparse.Namespace, root: Path) -> Any:
    """One measurement (each in its own process: one in-process app per process)."""
    if name.startswith("cost-"):
        return cost_run(root, float(name[5:]), args.cost_seconds)
    if name == "drop":
        return drop_to_alert(root, args.drop_period, args.drops)
    return week_away(root, args.known, args.created)


def in_own_process(name: str, argv: list[str], root: Path) -> Any:
    out = root / f"{name}.json"
    command = [sys.executable, "-m", "benchmarks.catchup", *argv, "--part", name]
    subprocess.run([*command, "--json-out", str(out)], check=True, stdout=subprocess.DEVNULL)
    return json.loads(out.read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cost-seconds", type=float, default=120.0)
    parser.add_argument("--drop-period", type=float, default=20.0)
    parser.add_argument("--drops", type=int, default=5)
    parser.add_argument("--known", type=int, default=10_000)
    parser.add_argument("--created", type=int, default=40_000)
    parser.add_argument("--part", help=argparse.SUPPRESS)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if args.part:
            write_json(part(args.part, args, root / args.part), args.json_out)
            return 0
        argv = [
            *("--cost-seconds", str(args.cost_seconds), "--drop-period", str(args.drop_period)),
            *(
                "--drops",
                str(args.drops),
                "--known",
                str(args.known),
                "--created",
                str(args.created),
            ),
        ]
        from desktop_notifier.profile.settings import Settings

        runs = [in_own_process(f"cost-{p:g}", argv, root) for p in PERIODS]
        result = {
            "what": "catch-up and reconciliation, exact (xid) mode, local stand-in",
            "machine": machine(),
            "reconciliation_cost": cost(runs, Settings().reconcile_seconds),
            "drop_to_alert": in_own_process("drop", argv, root),
            "week_away": in_own_process("week", argv, root),
        }
    write_json(result, args.json_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
