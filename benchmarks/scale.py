"""Benchmark: cost that does not grow with the team's history (issue 12).

1. First sign-in on a team with history: for each table size (`--rows 10000,100000`; add
   1000000 through BENCH_ARGS) the `calls` table is filled with closed calls with ~4 KB
   transcriptions (plus a few open ones), the profile's store is removed (a new user), and:
   a. in this process, `Account.sign_in` + the first `CatchUp.run`: time, requests, bytes of
      response bodies read (an httpx hook), rows read, store file size;
   b. the tray app as its own process, three times (the median is kept): launch → the first
      sync's log line, then a call is inserted → its alert is in the store (the app is live
      and alerts), and where the launch went (the app's log lines).
   The ratio of the largest to the smallest table's bytes says whether reading grows.
2. The store's bound: `--changes` changes (new calls, then edits of recent ones, over a
   simulated 30 days) go through the pipeline with prune steps in between, as the app runs
   them; the store file's size at the end (alert history kept 90 days).
3. History search on `--alerts` alerts: the indexed search against a plain LIKE scan, medians.

Run inside the desktop session: scripts/desktop-session.sh .venv/bin/python -m
benchmarks.scale [--rows 10000,100000] [--changes 200000] [--alerts 200000] [--json-out F]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg

from benchmarks.harness import (
    app_command,
    bench_standin,
    launch,
    machine,
    signed_in_profile,
    stop,
    write_json,
)
from benchmarks.store_scale import history_search, store_bound
from desktop_notifier.devstack.cluster import PostgresCluster

TEXT = "o cliente perguntou sobre o prazo de entrega e o desconto " * 70  # ~4 KB
FILL = (
    "insert into public.calls (company_name, status, ai_status, score, owner_id, transcription,"
    " created_at) select 'Hist ' || n, 'completed', 'completed', 50 + n %% 40, %s, %s,"
    " now() - interval '1 second' * (%s - n) - interval '1 day' from generate_series(1, %s) n"
)
OPEN = (
    "insert into public.calls (company_name, status, owner_id, created_at) select 'Open ' || n,"
    " 'in_progress', %s, now() - interval '2 days' from generate_series(1, 5) n"
)


def fill(dsn: str, owner: str, total: int, *, drain: bool = True) -> float:
    """Grow the table to `total` closed calls (in chunks: one transaction per 100,000); with
    `drain`, wait until a running stand-in's capture has read past them."""
    started = time.monotonic()
    with psycopg.connect(dsn, autocommit=True) as db:
        row = db.execute("select count(*) from public.calls").fetchone()
        have = int(row[0]) if row else 0
        while have < total:
            chunk = min(100_000, total - have)
            db.execute(FILL, (owner, TEXT, total, chunk))  # type: ignore[arg-type]
            have += chunk
        db.execute(OPEN, (owner,))
        db.execute("vacuum analyze public.calls")
        if drain and not drain_capture(
            db
        ):  # the launch's new call would wait behind the fill's changes
            print(
                f"scale: the capture had not read the fill of {total} rows in time", file=sys.stderr
            )
    return time.monotonic() - started


def drain_capture(db: psycopg.Connection[Any], timeout: float = 600) -> bool:
    """Wait until the stand-in's change capture has read past the fill (its slot confirmed
    the current WAL position): else the measured app would wait behind the fill's changes.
    False if it had not after `timeout` seconds."""
    row = db.execute("select pg_current_wal_lsn()").fetchone()
    target = row[0] if row else None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        behind = db.execute(
            "select count(*) from pg_replication_slots where confirmed_flush_lsn < %s",
            (target,),
        ).fetchone()
        if behind is not None and int(behind[0]) == 0:
            return True
        time.sleep(0.5)
    return False


def table_mb(dsn: str) -> float:
    with psycopg.connect(dsn, autocommit=True) as db:
        row = db.execute("select pg_total_relation_size('public.calls')").fetchone()
        return round(int(row[0]) / 1e6, 1) if row else 0.0


def forget_store(profile: Path) -> Path:
    store = profile / "store.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(store) + suffix).unlink(missing_ok=True)
    return store


async def first_sync_in_process(info: dict[str, Any], root: Path) -> dict[str, Any]:
    from desktop_notifier.connection.catchup.runner import CatchUp
    from desktop_notifier.connection.pipeline import Pipeline
    from desktop_notifier.profile.settings import Settings
    from desktop_notifier.profile.store import Store
    from desktop_notifier.sync.account import Account

    read = {"bytes": 0, "requests": 0}

    async def count(response: httpx.Response) -> None:
        read["bytes"] += len(await response.aread())
        read["requests"] += 1

    class Quiet:
        def alerts_raised(self, alerts: Any, *, caught_up: bool) -> None: ...

        def calls_changed(self, calls: Any) -> None: ...

    path = root / f"store-{uuid.uuid4()}.sqlite3"
    started = time.monotonic()
    account = await Account.sign_in(
        info["url"], info["anon_key"], info["email"], info["password"], allow_insecure_http=True
    )
    http = account._http
    http.event_hooks["response"].append(count)
    store = Store(path)
    pipeline = Pipeline(store, Settings, Quiet(), lambda: datetime.now(UTC))
    result = await CatchUp(store, pipeline).run(account)
    took = time.monotonic() - started
    store.close()
    await account.close()
    return {
        "sign_in_and_first_sync_s": round(took, 2),
        "rows_read": result.rows,
        "requests": read["requests"],
        "bytes_read": read["bytes"],
        "mode": result.mode,
        "store_mb": round(path.stat().st_size / 1e6, 2),
    }


def first_sync_app(stand_info: dict[str, Any], profile: Path) -> dict[str, Any]:
    """The tray app in its own process: launch → first sync logged → a new call alerted."""
    store = forget_store(profile)
    log = profile / "logs" / "desktop-notifier.log"
    offset = log.stat().st_size if log.exists() else 0
    started, wall_started = time.monotonic(), time.time()
    app = launch(app_command(profile))
    try:
        synced = wait_for(lambda: b"(first sync, silent)" in tail(log, offset), 300)
        with psycopg.connect(stand_info["dsn"], autocommit=True) as db:
            inserted = time.monotonic()
            db.execute(
                "insert into public.calls (company_name, status, owner_id) "
                "values ('Agora', 'new', %s)",
                (stand_info["user_id"],),
            )
        alerted = wait_for(lambda: alerts_in(store) > 0, 60)
        result = {
            "launch_to_first_sync_s": round(synced - started, 2),
            "launch_to_new_call_alerted_s": round(alerted - started, 2),
            "insert_to_alert_s": round(alerted - inserted, 2),
        }
    finally:
        stop(app)  # the store's file once closed (its log folded in)
    result["store_mb"] = store_size_mb(store)
    lines = tail(log, offset).decode(errors="replace").splitlines()
    result["log"] = [line[:160] for line in lines if any(w in line for w in TIMELINE)][:12]
    result["phases_s"] = phases(lines, wall_started)
    return result


PHASES = {  # where the launch goes, from the app's own log lines
    "supervisor started (imports, tray, store, keyring)": "connection connecting",
    "first sync done (sign-in, join, catch-up)": "(first sync, silent)",
}


def phases(lines: list[str], wall_started: float) -> dict[str, float]:
    found: dict[str, float] = {}
    for name, needle in PHASES.items():
        for line in lines:
            if needle in line and name not in found:
                stamp = datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f")
                found[name] = round(stamp.timestamp() - wall_started, 2)
    return found


TIMELINE = ("catch-up", "live", "subscri", "Subscri", "signed", "session", "start")


def tail(path: Path, offset: int) -> bytes:
    if not path.exists():
        return b""
    with path.open("rb") as f:
        f.seek(offset)
        return f.read()


def alerts_in(store: Path) -> int:
    try:  # closed at once: a reader left open would keep the app's close from checkpointing
        reader = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=1)
        with contextlib.closing(reader) as db:
            return int(db.execute("select count(*) from alerts").fetchone()[0])
    except sqlite3.Error:
        return 0


def store_size_mb(store: Path) -> float:
    """The store on disk: its file and whatever is still in its write-ahead log."""
    files = [store, Path(f"{store}-wal")]
    return round(sum(f.stat().st_size for f in files if f.exists()) / 1e6, 2)


def wait_for(condition: Any, timeout: float) -> float:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("timed out")
        time.sleep(0.05)
    return time.monotonic()


LAUNCHES = 3


class Project:
    """The stand-in on a private PostgreSQL, stopped while the table is filled and started
    again on its port and keys. A real Realtime's replication slot is temporary: after a
    restart or a deploy it starts at the current position. A stand-in left running through the
    fill decodes its gigabytes of WAL first, and the measured launch's new call waited behind
    them (at a million calls, longer than a minute)."""

    def __init__(self, cluster: PostgresCluster, root: Path) -> None:
        self._cluster, self._root = cluster, root
        self.stand = bench_standin(root, cluster)
        self.profile = signed_in_profile(root, self.stand)

    @contextlib.contextmanager
    def stopped(self) -> Iterator[None]:
        port = self.stand.port
        self.stand.stop()
        try:
            yield
        finally:
            self.stand = bench_standin(self._root, self._cluster, port=port)


def sign_in_at_scale(sizes: list[int], root: Path) -> dict[str, Any]:
    root.mkdir(parents=True, exist_ok=True)
    with PostgresCluster() as cluster:
        project = Project(cluster, root)
        try:
            runs = [one_size(project, size, root) for size in sizes]
        finally:
            project.stand.stop()
    small, large = runs[0]["in_process"], runs[-1]["in_process"]
    return {
        "runs": runs,
        "bytes_ratio_largest_vs_smallest": round(large["bytes_read"] / small["bytes_read"], 2),
        "table_ratio_largest_vs_smallest": round(sizes[-1] / sizes[0], 1),
    }


def one_size(project: Project, size: int, root: Path) -> dict[str, Any]:
    dsn, owner = project.stand.info["dsn"], project.stand.info["user_id"]
    with project.stopped():
        filled = fill(dsn, owner, size, drain=False)
    info = {**project.stand.info, "url": project.stand.url}  # the same port and keys
    run: dict[str, Any] = {"rows_in_table": size, "fill_s": round(filled, 1)}
    run["table_mb_in_postgres"] = table_mb(info["dsn"])
    run["in_process"] = asyncio.run(first_sync_in_process(info, root))
    # the app's launch, as a new user each time: the median of LAUNCHES (noisy machine)
    launches = [first_sync_app(info, project.profile) for _ in range(LAUNCHES)]
    launches.sort(key=lambda one: float(one["launch_to_new_call_alerted_s"]))
    run["app"] = {**launches[len(launches) // 2], "launches": len(launches)}
    run["app_all_launch_to_alerted_s"] = [one["launch_to_new_call_alerted_s"] for one in launches]
    print(f"scale: {run}", file=sys.stderr, flush=True)
    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", default="10000,100000")
    parser.add_argument("--changes", type=int, default=200_000)
    parser.add_argument("--alerts", type=int, default=200_000)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    sizes = sorted(int(n) for n in args.rows.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        result = {
            "what": "first sign-in, store bound and history search at scale (local stand-in)",
            "machine": machine(),
            "sign_in": sign_in_at_scale(sizes, root / "stack"),
            "store_bound": store_bound(args.changes, root),
            "history_search": history_search(args.alerts, root),
        }
    write_json(result, args.json_out)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(main())
