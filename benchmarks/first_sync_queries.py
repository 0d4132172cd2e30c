"""Benchmark: where a first sign-in's time goes inside PostgreSQL, query by query (issue 12).

The `calls` table is filled as benchmarks/scale.py fills it (closed calls with ~4 KB
transcriptions, a few open ones, all of the signed-in user), then PostgreSQL logs every
statement with its duration (log_min_duration_statement = 0) and its plan (auto_explain, with
ANALYZE) while `Account.sign_in` + the first `CatchUp.run` run `--runs` times in this process.
Each statement the stand-in sent for them is printed with its median duration, grouped by its
text (parameters apart); the plans go to `--plans-out`.

With `--before-upto NNN` the stand-in starts with the migrations up to NNN only: the passes run
once so, then the later migrations of resources/sql are applied to the same table and the
passes run again: each statement before → after, on one table, in one run.

Run: .venv/bin/python -m benchmarks.first_sync_queries [--rows 1000000] [--runs 3]
[--before-upto 008] [--plans-out F] [--json-out F]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg

from benchmarks.harness import machine, write_json
from benchmarks.scale import fill, first_sync_in_process
from desktop_notifier.devstack.cluster import PostgresCluster
from desktop_notifier.devstack.schema import MIGRATIONS_DIR, migration_files
from tests.support.standin import start_standin

ENTRY = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \w+ \[\d+\] ", re.M)
DURATION = re.compile(r"duration: ([\d.]+) ms  (?:execute [^:]*|statement): (.*)", re.S)
PLAN = re.compile(r"duration: ([\d.]+) ms  plan:\n(.*)", re.S)
LOGGING_ON = {
    "log_min_duration_statement": "0",
    "auto_explain.log_min_duration": "0",
    "auto_explain.log_analyze": "on",
    "auto_explain.log_nested_statements": "on",
    "auto_explain.log_timing": "on",
}


def set_logging(dsn: str, on: bool) -> None:
    with psycopg.connect(dsn, autocommit=True) as db:
        for name, value in LOGGING_ON.items():
            if on:
                db.execute(f"alter system set {name} = '{value}'")
            else:
                db.execute(f"alter system reset {name}")
        db.execute("select pg_reload_conf()")
    time.sleep(0.5)  # every backend has read the new settings before the next request


def statements(text: str) -> tuple[dict[str, list[float]], list[tuple[float, str]]]:
    """The log's statements (text → durations in ms) and its plans (ms, plan text)."""
    timed: dict[str, list[float]] = {}
    plans: list[tuple[float, str]] = []
    starts = [m.start() for m in ENTRY.finditer(text)] + [len(text)]
    for begin, end in itertools.pairwise(starts):
        body = ENTRY.sub("", text[begin:end], count=1).removeprefix("LOG:  ")
        if found := PLAN.match(body):
            plans.append((float(found[1]), found[2].strip()))
        elif found := DURATION.match(body):
            sql = found[2].split("\n\tDETAIL")[0].split("DETAIL:")[0]
            sql = " ".join(sql.split())
            timed.setdefault(sql, []).append(float(found[1]))
    return timed, plans


def passes(info: dict[str, Any], root: Path, log: Path, runs: int) -> dict[str, Any]:
    set_logging(info["dsn"], True)
    offset = log.stat().st_size
    try:
        totals = [asyncio.run(first_sync_in_process(info, root)) for _ in range(runs)]
    finally:
        set_logging(info["dsn"], False)
    timed, plans = statements(log.read_bytes()[offset:].decode(errors="replace"))
    per_run = {sql: sorted(ms) for sql, ms in timed.items()}
    rows = sorted(per_run.items(), key=lambda item: -statistics.median(item[1]))
    return {
        "sign_in_and_first_sync_s": [t["sign_in_and_first_sync_s"] for t in totals],
        "median_s": statistics.median(t["sign_in_and_first_sync_s"] for t in totals),
        "statements_ms": [
            {"median_ms": round(statistics.median(ms), 2), "count": len(ms), "sql": sql[:400]}
            for sql, ms in rows
        ],
        "plans": sorted(plans, key=lambda p: -p[0])[:12],
    }


def apply_later(dsn: str, upto: str) -> list[str]:
    later = [p for p in migration_files(MIGRATIONS_DIR) if p.name[:3] > upto]
    with psycopg.connect(dsn, autocommit=True) as db:
        for path in later:
            db.execute(path.read_text().encode())  # type: ignore[call-overload]
        db.execute("analyze public.calls")
    return [p.name for p in later]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before-upto")
    parser.add_argument("--plans-out", type=Path)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    result: dict[str, Any] = {"what": (__doc__ or "").splitlines()[0], "machine": machine()}
    with tempfile.TemporaryDirectory() as tmp, PostgresCluster() as cluster:
        root = Path(tmp)
        with psycopg.connect(cluster.dsn, autocommit=True) as db:
            db.execute("alter system set session_preload_libraries = 'auto_explain'")
            db.execute("select pg_reload_conf()")
        flags = {"migrations_upto": args.before_upto} if args.before_upto else {}
        stand = start_standin(root, postgres=cluster.dsn, events_per_second=0, **flags)
        try:
            info = {**stand.info, "url": stand.url}
            result["fill_s"] = round(fill(info["dsn"], info["user_id"], args.rows), 1)
            result["rows"] = args.rows
            print(f"filled {args.rows} rows in {result['fill_s']} s", file=sys.stderr)
            result["before" if args.before_upto else "now"] = passes(
                info, root, cluster.log_path, args.runs
            )
            if args.before_upto:
                result["applied"] = apply_later(info["dsn"], args.before_upto)
                result["after"] = passes(info, root, cluster.log_path, args.runs)
        finally:
            stand.stop()
    if args.plans_out:
        with args.plans_out.open("w") as out:
            for phase in ("before", "after", "now"):
                for ms, plan in result.get(phase, {}).get("plans", []):
                    out.write(f"== {phase} {ms} ms\n{plan}\n\n")
    for phase in ("before", "after", "now"):
        result.get(phase, {}).pop("plans", None)
    write_json(result, args.json_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
