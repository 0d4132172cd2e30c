"""The store's side of benchmarks/scale.py: its bound after many changes (through the pipeline,
pruned as the app prunes) and history search with and without the index."""

from __future__ import annotations

import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

TEXT = "o cliente perguntou sobre o prazo de entrega e o desconto " * 70  # ~4 KB


def store_bound(changes: int, root: Path) -> dict[str, Any]:
    """`changes` changes through the pipeline over a simulated 30 days, pruned as it goes."""
    from desktop_notifier.connection.pipeline import Pipeline
    from desktop_notifier.events import parse_change
    from desktop_notifier.profile.settings import Settings
    from desktop_notifier.profile.store import Cursor, Store

    clock = [datetime(2026, 11, 1, tzinfo=UTC)]
    path = root / "bound.sqlite3"
    store = Store(path, clock=lambda: clock[0])
    store.apply([], Cursor(clock[0], ""))

    class Quiet:
        def alerts_raised(self, alerts: Any, *, caught_up: bool) -> None: ...

        def calls_changed(self, calls: Any) -> None: ...

    pipeline = Pipeline(store, Settings, Quiet(), lambda: clock[0])
    step = timedelta(days=30) / changes
    recent: list[dict[str, Any]] = []
    started = time.monotonic()
    batch = []
    for n in range(changes):
        clock[0] += step
        stamp = clock[0].isoformat()
        if n % 2 == 0 or not recent:
            record = {"id": str(uuid.uuid4()), "company_name": f"Co {n}", "status": "new",
                      "created_at": stamp, "updated_at": stamp, "transcription": TEXT}  # fmt: skip
            recent = [*recent[-999:], record]
            kind, old = "INSERT", None
        else:
            old = recent[n % len(recent)]
            record = {**old, "status": "completed", "ai_status": "completed",
                      "score": n % 100, "updated_at": stamp}  # fmt: skip
            recent[n % len(recent)] = record
            kind = "UPDATE"
        data = {"type": kind, "table": "calls", "schema": "public", "record": record,
                "old_record": old or {}, "commit_timestamp": stamp, "errors": None}  # fmt: skip
        batch.append(parse_change({"data": data}))
        if len(batch) == 1000:
            pipeline.handle(batch)
            batch = []
            # 1,000 changes span 43 simulated minutes here: the app would have stepped every
            # STEP_GAP (0.5 s) while there was more to prune
            while store.pruner.step():
                pass
    while store.pruner.step():
        pass
    took = time.monotonic() - started
    calls = store.count_calls()
    alerts = store.count_alerts()
    store.close()
    return {
        "changes": changes,
        "simulated_days": 30,
        "seconds": round(took, 1),
        "calls_kept": calls,
        "alerts_kept": alerts,
        "store_mb": round(path.stat().st_size / 1e6, 2),
    }


def alert(n: int, at: datetime) -> Any:
    from desktop_notifier.alerts import Alert, AlertKind, Urgency

    company = f"{WORDS[n % len(WORDS)]} {n}"
    return Alert(
        kind=AlertKind.NEW_CALL,
        call_id=str(uuid.uuid4()),
        title=f"Nova call de {company}",
        body="",
        urgency=Urgency.NORMAL,
        dedupe_key=f"k{n}",
        at=at,
        company=company,
    )


WORDS = ["Acme", "Globex", "Initech", "Umbrella", "Padaria", "Hooli", "Stark", "Wayne"]


def history_search(alerts: int, root: Path) -> dict[str, Any]:
    from desktop_notifier.profile import store_history
    from desktop_notifier.profile.store import CallUpdate, Store

    path = root / "history.sqlite3"
    store = Store(path, history_days=lambda: 0)
    at = datetime.now(UTC)
    for start in range(0, alerts, 5000):
        batch = [alert(n, at) for n in range(start, min(start + 5000, alerts))]
        store.apply([CallUpdate(a.call_id, None, [a]) for a in batch])
    db = store._db
    timings: dict[str, list[float]] = {"indexed": [], "scan": []}
    for needle in ["Initech 1234", "Hooli", "Wayne 99", "nada disso", "Padaria 7"] * 3:
        for how, indexed in (("indexed", True), ("scan", False)):
            t = time.perf_counter()
            store_history.recent(db, 500, needle, indexed)
            timings[how].append((time.perf_counter() - t) * 1000)
    store.close()
    indexed, scan = statistics.median(timings["indexed"]), statistics.median(timings["scan"])
    return {
        "alerts": alerts,
        "search_ms_indexed_median": round(indexed, 2),
        "search_ms_scan_median": round(scan, 2),
        "store_mb": round(path.stat().st_size / 1e6, 2),
    }
