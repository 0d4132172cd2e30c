"""Benchmark: the calls list with 100,000 calls of today, and the dashboard during a burst.

List: the app (in this process, live on the stand-in) opens "Calls de hoje" with N calls of
today in the database: seconds from the menu entry to the rows in the model (the `calls_day`
read included) and to the first paint, the process's RSS growth while the window is open, and
the paint time of a scroll step to a random place (the view is virtualised: it should not grow
with N). Baseline: the same with 1,000 calls, measured in the same run; medians of `--reps`.

Dashboard: 10,000 calls inserted over 10 s (a 10-row transaction every 10 ms) with the
dashboard open, against the same burst with no view open (baseline): the process's CPU
seconds, how many times the dashboard counted, and the CPU those counts took.

Run inside the desktop session: scripts/desktop-session.sh .venv/bin/python -m
benchmarks.views [--rows 100000] [--reps 3] [--json-out F]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psycopg

from benchmarks.harness import InProcessApp, machine, sample, stack, wait_until, write_json
from desktop_notifier.system.memory import release
from tests.support.cli import configure

# Closed calls (completed, analysed): a first sync does not read them all.
INSERT_DAY = """
insert into public.calls (company_name, status, score, ai_status, owner_id, created_at)
select 'Empresa ' || g, 'completed', g %% 101, 'completed', %s::uuid,
       date_trunc('day', now() at time zone %s) at time zone %s
         + (g::float / %s) * least(now() - (date_trunc('day', now() at time zone %s)
                                             at time zone %s), interval '23 hours')
from generate_series(1, %s) g
"""
BURST = (
    "insert into public.calls (company_name, status, owner_id) "
    "select %s || g, 'new', %s::uuid from generate_series(1, %s) g"
)


def zone_name() -> str:
    return time.strftime("%Z") or "UTC"


def add_day(dsn: str, owner: str, rows: int) -> None:
    zone = zone_name()
    with psycopg.connect(dsn, autocommit=True) as db:
        db.execute("delete from public.calls")
        db.execute(INSERT_DAY, (owner, zone, zone, rows, zone, zone, rows))


def open_list(host: InProcessApp, rows: int) -> dict[str, float]:
    views = host.app.views
    assert views.calls is None and views.dashboard is None
    gc.collect()
    release()
    before = sample()
    started = time.perf_counter()
    host.app.views_actions.calls.trigger()
    window = views.calls
    assert window is not None
    host.run(wait_until(lambda: window.model.rowCount() >= rows, 300, f"{rows} rows"), 310)
    in_model = time.perf_counter()
    window.repaint()
    host.qapp.processEvents()
    painted = time.perf_counter()
    opened = sample()
    bar = window.view.verticalScrollBar()
    rng = random.Random(rows)
    steps = []
    for _ in range(30):
        bar.setValue(rng.randint(0, bar.maximum()))
        t0 = time.perf_counter()
        window.view.viewport().repaint()
        steps.append((time.perf_counter() - t0) * 1000)
    window.close()
    window = None  # the model with it
    host.run(asyncio.sleep(0.3))  # deleteLater runs: the window and the book are let go
    gc.collect()
    release()
    return {
        "to_rows_s": in_model - started,
        "to_first_paint_s": painted - started,
        # this process only: the stand-in (a separate process) builds and sends the day
        "app_cpu_s": opened.cpu_s - before.cpu_s,
        "rss_growth_mb": (opened.rss_kb - before.rss_kb) / 1024,
        "rss_after_close_mb": (sample().rss_kb - before.rss_kb) / 1024,
        "scroll_step_paint_ms": statistics.median(steps),
    }


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: round(statistics.median(r[key] for r in runs), 3) for key in runs[0]}


def burst(host: InProcessApp, dsn: str, owner: str, total: int, per_tx: int) -> dict[str, Any]:
    app = host.app
    views = app.views
    counted_cpu = [0.0]
    count = views._count  # the dashboard's own count, timed

    def timed_count() -> None:
        t0 = time.process_time()
        count()
        counted_cpu[0] += time.process_time() - t0

    views._count = timed_count  # type: ignore[method-assign]
    counts_before = views.counts
    before_alerts = app.store.count_alerts()

    def write() -> None:
        with psycopg.connect(dsn, autocommit=True) as db:
            ticks = total // per_tx
            start = time.monotonic()
            for tick in range(ticks):
                delay = start + tick * 10.0 / ticks - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                db.execute(BURST, (f"Rajada {tick}-", owner, per_tx))

    async def scenario() -> None:
        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        await wait_until(lambda: app.store.count_alerts() >= before_alerts + total, 300, "all")
        writer.join()
        await asyncio.sleep(2.5)  # the last count after the burst

    cpu_before = sample().cpu_s
    host.run(scenario(), timeout=400)
    views._count = count  # type: ignore[method-assign]
    return {
        "app_cpu_s": round(sample().cpu_s - cpu_before, 2),
        "dashboard_counts": views.counts - counts_before,
        "dashboard_count_cpu_s": round(counted_cpu[0], 3),
    }


def measure(rows: int, reps: int, with_burst: bool) -> dict[str, Any]:
    """One size in this process: a fresh stack and app with `rows` calls of today."""
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp, stack(Path(tmp), 0.05) as (st, _):
        dsn, owner = st.info["dsn"], st.info["user_id"]
        add_day(dsn, owner, rows)
        day_profile = Path(tmp) / "profile-after-the-day"  # its first sync follows the day
        if configure(day_profile, st).returncode != 0:
            raise RuntimeError("configure failed")
        host = InProcessApp(day_profile)
        host.start_live()
        quiet = [time.monotonic()]  # measured once the app is quiet, not while it syncs
        host.app.bridge.calls_updated.connect(lambda _c: quiet.__setitem__(0, time.monotonic()))
        host.run(wait_until(lambda: time.monotonic() - quiet[0] > 3, 600, "quiet"), 620)
        result["list"] = medians([open_list(host, rows) for _ in range(reps)])
        if with_burst:  # the baseline first: the same app, no view open
            views = host.app.views
            result["burst_without_views"] = burst(host, dsn, owner, 10_000, 10)
            host.run(asyncio.sleep(3))
            views.open_dashboard()
            host.run(wait_until(lambda: views.book.read_at is not None, 120, "the day"), 130)
            result["burst_with_dashboard"] = burst(host, dsn, owner, 10_000, 10)
            views.close_all()
        host.run(host.app.shutdown())
        host.close()
    return result


def child(rows: int, reps: int, with_burst: bool) -> dict[str, Any]:
    """`measure` in its own process: one Qt application and event loop per app."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "child.json"
        argv = [sys.executable, "-m", "benchmarks.views", "--child", str(rows), "--reps",
                str(reps), "--json-out", str(out)]  # fmt: skip
        argv += ["--burst"] if with_burst else []
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        loaded: dict[str, Any] = json.loads(out.read_text())
        return loaded


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--baseline-rows", type=int, default=1_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--burst", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    if args.child is not None:
        write_json(measure(args.child, args.reps, args.burst), args.json_out)
        return 0
    small = child(args.baseline_rows, args.reps, False)
    big_run = child(args.rows, args.reps, True)
    big, base = big_run["list"], small["list"]
    with_dashboard, without = big_run["burst_with_dashboard"], big_run["burst_without_views"]
    result = {
        "what": "calls list open with N calls of today, dashboard during 10,000 calls in 10 s; "
        "in-process App, local stand-in",
        "machine": machine(),
        "reps": args.reps,
        "list": {str(args.baseline_rows): base, str(args.rows): big},
        "list_ratio_to_baseline": {k: round(big[k] / base[k], 2) if base[k] else None for k in big},
        "burst_with_dashboard": with_dashboard,
        "burst_without_views": without,
        "dashboard_cpu_ratio": round(with_dashboard["app_cpu_s"] / without["app_cpu_s"], 3)
        if without["app_cpu_s"]
        else None,
    }
    write_json(result, args.json_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
