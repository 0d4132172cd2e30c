"""Benchmark: what the comment alert (issue 17) adds, live and to every reconciliation.

The app runs in this process, live on the stand-in (postgres-changes source), with the comment
kind ticked; a second user comments on the app user's call through SQL.

1. Live latency: the time from a comment's commit to the app's `alerts_arrived` for it, against
   the same for a new call (baseline, alternated in the same run): medians and the ratio.
2. Reconciliation cost: one `CatchUp.run` (what the periodic reconciliation does) with the
   kind ticked against the same pass with the kind unticked (baseline: no comment read), with
   `--recent` comments inside the overlap window (read again by every pass) and `--old`
   comments before it: the pass's wall time, its thread CPU and the bytes it read; medians.

Run inside the desktop session: scripts/desktop-session.sh .venv/bin/python -m
benchmarks.comment_alerts [--samples 20] [--passes 15] [--recent 50] [--old 2000] [--json-out F]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import psycopg

from benchmarks.harness import InProcessApp, machine, stack, wait_until, write_json
from desktop_notifier.alerts import Alert, AlertKind
from tests.support.teams import user_id

COMMENT = (
    "insert into public.call_comments (call_id, author_id, author_email, body) "
    "values (%s, %s, 'b@example.com', %s) returning id::text"
)
CALL = (
    "insert into public.calls (company_name, status, owner_id) "
    "values (%s, 'new', %s) returning id::text"
)
OLD_COMMENTS = (
    "insert into public.call_comments (call_id, author_id, author_email, body, created_at) "
    "select %s, %s, 'b@example.com', 'antigo ' || g, now() - interval '1 day' "
    "from generate_series(1, %s) g"
)


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--passes", type=int, default=15)
    parser.add_argument("--recent", type=int, default=50)
    parser.add_argument("--old", type=int, default=2000)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as tmp,
        stack(Path(tmp), poll_interval=0.02) as (
            stand,
            profile,
        ),
    ):
        path = profile / "settings.json"
        kinds = sorted(kind.value for kind in AlertKind)
        path.write_text(json.dumps({**json.loads(path.read_text()), "enabled_alerts": kinds}))
        harness = InProcessApp(profile)
        app = harness.app
        harness.start_live()
        seen: dict[str, float] = {}

        def arrived(alerts: list[Alert], _caught_up: bool) -> None:
            now = time.perf_counter()
            for alert in alerts:
                seen.setdefault(alert.dedupe_key, now)

        app.bridge.alerts_arrived.connect(arrived)
        me = stand.info["user_id"]
        with psycopg.connect(stand.info["dsn"], autocommit=True) as db:
            other = user_id(db, "b@example.com")
            row = db.execute(CALL, ("Comentada SA", me)).fetchone()
            assert row is not None
            call = row[0]
            harness.run(wait_until(lambda: app.store.get_call(call), 10, "the call"))
            comment_ms: list[float] = []
            call_ms: list[float] = []
            for n in range(args.samples):
                started = time.perf_counter()
                found = db.execute(COMMENT, (call, other, f"comentário {n}")).fetchone()
                assert found is not None
                key = f"call_comment:{found[0]}"
                harness.run(wait_until(partial(seen.__contains__, key), 10, "the comment alert"))
                comment_ms.append((seen[key] - started) * 1000)
                started = time.perf_counter()
                found = db.execute(CALL, (f"Nova {n}", me)).fetchone()
                assert found is not None
                key = f"new_call:{found[0]}"
                harness.run(wait_until(partial(seen.__contains__, key), 10, "the new-call alert"))
                call_ms.append((seen[key] - started) * 1000)
            db.execute(OLD_COMMENTS, (call, other, args.old))
            for n in range(args.recent):
                db.execute(COMMENT, (call, other, f"recente {n}"))
        harness.run(asyncio.sleep(1.0))  # the live ones in
        supervisor, account = app.session.supervisor, app.account
        assert supervisor is not None and account is not None
        ticked = app.settings
        unticked = replace(
            ticked,
            alerts=replace(ticked.alerts, enabled=ticked.alerts.enabled - {AlertKind.CALL_COMMENT}),
        )

        def passes(settings: Any) -> dict[str, float]:
            app.session.use_settings(settings)
            wall, cpu, read = [], [], []
            for _ in range(args.passes):
                before_bytes = account.bytes_read
                started, started_cpu = time.perf_counter(), time.thread_time()
                harness.run(supervisor.catchup.run(account))
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.thread_time() - started_cpu) * 1000)
                read.append(float(account.bytes_read - before_bytes))
            return {"wall_ms_p50": median(wall), "cpu_ms_p50": median(cpu),
                    "bytes_p50": median(read)}  # fmt: skip

        baseline = passes(unticked)
        with_comments = passes(ticked)
        harness.close()
    live_comment, live_call = median(comment_ms), median(call_ms)
    result = {
        "machine": machine(),
        "samples": args.samples,
        "live_comment_ms_p50": live_comment,
        "live_new_call_ms_p50": live_call,
        "live_ratio_comment_vs_call": round(live_comment / live_call, 2),
        "recent_comments": args.recent,
        "old_comments": args.old,
        "pass_unticked": baseline,
        "pass_ticked": with_comments,
        "pass_wall_ratio": round(with_comments["wall_ms_p50"] / baseline["wall_ms_p50"], 2),
        "pass_cpu_ratio": round(with_comments["cpu_ms_p50"] / baseline["cpu_ms_p50"], 2),
    }
    write_json(result, args.json_out)


if __name__ == "__main__":
    main()
