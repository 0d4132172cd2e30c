"""Benchmark: what team alerting (issue 18) adds to each batch of changes and to each toast.

A batch is 200 changed calls (the live batching limit), a quarter of them missed and claimed,
some in progress: `TeamAlerts.calls_changed` (withdrawals, reminders, claims in the inbox, the
own live call) is timed against the work every batch already does in the same run, the pure
`classify` + `decide` of those 200 changes (baseline). Per toast, `TeamAlerts.decorate` (a
store read, the actions, privacy, the sound) against `toast_for_alert` (baseline). Medians of
repeated runs, and the ratio to the baseline.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.team_rules [--json-out F]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QCoreApplication

from benchmarks.harness import machine, write_json
from desktop_notifier.alerts import AlertPrefs, decide
from desktop_notifier.app.team_alerts import TeamAlerts
from desktop_notifier.events import Call, ChangeType, RowChange, classify
from desktop_notifier.notify.toast import toast_for_alert
from desktop_notifier.profile.settings import Settings
from desktop_notifier.profile.store import CallUpdate, Store

BATCH = 200
ME = str(uuid.uuid4())
T0 = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)


def rows(batch: int) -> list[dict[str, Any]]:
    out = []
    for n in range(BATCH):
        status = ("missed", "in_progress", "new", "completed")[n % 4]
        row: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "company_name": f"Empresa {batch}-{n}",
            "status": status,
            "score": n % 100,
            "owner_id": ME if n % 8 == 1 else str(uuid.uuid4()),
            "created_at": T0.isoformat(),
            "updated_at": (T0 + timedelta(seconds=batch)).isoformat(),
        }
        if n % 8 == 0:
            row.update(claimed_by=str(uuid.uuid4()), claimed_by_name="Ana")
        out.append(row)
    return out


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 3)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--batches", type=int, default=30)
    args = parser.parse_args()
    QCoreApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store.db")
        settings = Settings()
        toasts = SimpleNamespace(shown={}, withdraw=lambda _call: None, decorate=None)
        feed = SimpleNamespace(claimed=lambda _claims: None)
        account = SimpleNamespace(user_id=lambda: ME)
        team = TeamAlerts(
            toasts,  # type: ignore[arg-type]
            feed,  # type: ignore[arg-type]
            store,
            lambda: account,  # type: ignore[arg-type,return-value]
            lambda: settings,
            lambda coro: coro.close(),
            lambda: T0,
        )
        batches = [rows(b) for b in range(args.batches)]
        changes = [[RowChange(ChangeType.INSERT, r, {"id": r["id"]}) for r in b] for b in batches]
        calls = [{r["id"]: Call.from_row(r) for r in b} for b in batches]
        prefs = AlertPrefs()
        for batch in calls:
            store.apply([CallUpdate(i, c) for i, c in batch.items()])

        def baseline(n: int) -> Callable[[], object]:
            def run() -> None:
                for change in changes[n]:
                    decide(classify(change, None).events, prefs, T0)

            return run

        alerts = [a for c in changes[0] for a in decide(classify(c, None).events, prefs, T0)]
        for alert in alerts:  # every call's toast on screen: the withdrawal check runs
            toasts.shown[alert.call_id] = alert.kind.value
        base = statistics.median(median_ms(baseline(n), 5) for n in range(args.batches))
        added = statistics.median(
            median_ms(lambda n=n: team.calls_changed(calls[n]), 5) for n in range(args.batches)
        )
        toast_base = median_ms(lambda: [toast_for_alert(a) for a in alerts], 20)
        toast_team = median_ms(lambda: [team.decorate(toast_for_alert(a)) for a in alerts], 20)
        store.close()
    result = {
        "machine": machine(),
        "batch_calls": BATCH,
        "classify_decide_batch_ms_p50": round(base, 3),
        "team_calls_changed_batch_ms_p50": round(added, 3),
        "ratio_team_to_classify_decide": round(added / base, 3),
        "toasts": len(alerts),
        "toast_for_alert_ms_p50": toast_base,
        "toast_for_alert_plus_decorate_ms_p50": toast_team,
        "decorate_per_toast_us": round((toast_team - toast_base) / len(alerts) * 1000, 2),
        "ratio_decorated_to_plain_toast": round(toast_team / toast_base, 2),
    }
    write_json(result, args.json_out)


if __name__ == "__main__":
    main()
