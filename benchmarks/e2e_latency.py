"""Benchmark: commit in PostgreSQL → alert line printed by `desktop-notifier watch --json`.

Starts a private PostgreSQL and the stand-in, signs a throwaway profile in, runs the real
`watch` command, commits N single-row inserts one at a time and measures, in this process, the
time from `commit` returning to the alert line arriving on the pipe. Prints p50/p95/p99/max and
the stand-in's poll interval (its share of the latency). A benchmark prints numbers; it does not
pass or fail.

Run inside the desktop session (the keyring):  scripts/desktop-session.sh .venv/bin/python -m
benchmarks.e2e_latency [--samples 200] [--poll-interval 0.05]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import psycopg

from desktop_notifier.devstack.cluster import PostgresCluster
from tests.support.calls import insert_call
from tests.support.cli import Watch, configure
from tests.support.standin import start_standin


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--poll-interval", type=float, default=0.05)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, PostgresCluster() as cluster:
        root = Path(tmp)
        stand = start_standin(root, postgres=cluster.dsn, poll_interval=args.poll_interval)
        try:
            assert configure(root / "profile", stand).returncode == 0
            watch = Watch.start(root / "profile")
            watch.wait_state("live")
            latencies: list[float] = []
            to_decision: list[float] = []
            with psycopg.connect(stand.info["dsn"], autocommit=True) as db:
                for n in range(args.samples):
                    insert_call(db, stand.info["user_id"], f"Bench {n}")
                    committed, committed_wall = time.monotonic(), time.time()
                    arrived, alert = watch.next_alert(10)
                    assert alert["kind"] == "new_call"
                    latencies.append((arrived - committed) * 1000)
                    decided = datetime.fromisoformat(alert["at"]).timestamp()
                    to_decision.append((decided - committed_wall) * 1000)
            watch.stop()
        finally:
            stand.stop()
    result = {
        "what": "commit -> `watch --json` line, single-row inserts, local stand-in",
        "samples": len(latencies),
        "poll_interval_ms": args.poll_interval * 1000,
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "max_ms": round(max(latencies), 1),
        "commit_to_app_decision_p50_ms": round(statistics.median(to_decision), 1),
    }
    print(json.dumps(result, indent=2))
    if args.json_out:
        args.json_out.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
