"""Live changes: the first of a turn goes through at once; those that follow it in the same
event-loop turn are batched (one pipeline pass: one store transaction, one UI update, per turn,
at most MAX_BATCH each), in arrival order; drain() keeps nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path

from desktop_notifier.connection.supervisor.changes import MAX_BATCH, LiveChanges
from tests.core.factories import payload, row
from tests.core.test_pipeline import make


def test_a_burst_is_processed_in_bounded_batches_in_order(tmp_path: Path) -> None:
    pipeline, store, observer = make(tmp_path)
    live = LiveChanges(pipeline, lambda: None)
    first = row(at=-60, status="new")
    total = 2 * MAX_BATCH + 50

    async def scenario() -> list[int]:
        for n in range(total - 1):
            live.handle(payload("INSERT", row(at=-60) if n else first, None))
        live.handle(payload("UPDATE", {**first, "status": "missed"}, {"id": first["id"]}))
        assert [len(update) for update in observer.calls] == [1]  # the rest wait for a turn
        sizes: list[int] = []
        while len(sizes) < 4:
            await asyncio.sleep(0)
            sizes = [len(update) for update in observer.calls]
        return sizes

    sizes = asyncio.run(scenario())
    assert sizes == [1, MAX_BATCH, MAX_BATCH, 49]
    assert store.count_calls() == total - 1
    stored = store.get_call(str(first["id"]))
    assert stored is not None and stored.status == "missed"  # the UPDATE after its INSERT
    kinds = [alert.kind.value for batch, _ in observer.alerts for alert in batch]
    assert kinds.count("missed_call") == 1


def test_drain_processes_what_is_pending_at_once(tmp_path: Path) -> None:
    pipeline, store, _ = make(tmp_path)
    live = LiveChanges(pipeline, lambda: None)

    async def scenario() -> int:
        for _ in range(MAX_BATCH + 5):
            live.handle(payload("INSERT", row(at=-60), None))
        assert store.count_calls() == 1  # only the first of the turn so far
        live.drain()
        return store.count_calls()

    assert asyncio.run(scenario()) == MAX_BATCH + 5
