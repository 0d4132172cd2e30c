"""Reconciliation while live, on the fake link and account of the supervisor rules: a repeated
"Subscribed to PostgreSQL" and the period each start a read whose alerts are live alerts; a
read that fails leaves the link up and is tried again later; live changes do not move the
floor."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop_notifier.alerts import Alert
from desktop_notifier.connection.backoff import Backoff
from desktop_notifier.connection.pipeline import Pipeline
from desktop_notifier.connection.supervisor import ConnectionState, Supervisor
from desktop_notifier.profile.settings import Settings
from desktop_notifier.profile.store import Cursor, Store
from tests.core.factories import row
from tests.faults.test_supervisor_rules import EPOCH, FakeAccount, Observer, World, until


class LiveObserver(Observer):
    def __init__(self) -> None:
        super().__init__()
        self.live_alerts: list[Alert] = []

    def alerts_raised(self, alerts: Any, *, caught_up: bool) -> None:
        super().alerts_raised(alerts, caught_up=caught_up)
        if not caught_up:
            self.live_alerts.extend(alerts)


class FailingAccount(FakeAccount):
    async def rows_after(self, stamp: str | None, limit: int) -> list[dict[str, Any]]:
        if self.world.fail_reads:
            raise OSError("connection reset")
        return await super().rows_after(stamp, limit)


def scenario(tmp_path: Path, settings: Settings, body: Callable[..., Any]) -> None:
    async def main() -> None:
        world = World()
        world.fail_reads = False
        store = Store(tmp_path / "store.db")
        store.apply([], Cursor(EPOCH, ""))
        observer = LiveObserver()
        pipeline = Pipeline(store, lambda: settings, observer, lambda: datetime.now(UTC))

        async def connect() -> FakeAccount:
            return FailingAccount(world)

        supervisor = Supervisor(
            connect,  # type: ignore[arg-type]
            store,
            pipeline,
            observer,
            link_factory=world.link,  # type: ignore[arg-type]
            backoff=Backoff(base=0.05, cap=0.1),
        )
        task = asyncio.ensure_future(supervisor.run())
        try:
            await until(lambda: observer.state is ConnectionState.LIVE)
            await asyncio.wait_for(body(supervisor, world, observer, store), 10)
        finally:
            supervisor.stop()
            await asyncio.wait_for(task, 5)
            store.close()

    asyncio.run(main())


def test_a_repeated_subscribed_reads_the_gap(tmp_path: Path) -> None:
    async def body(supervisor: Supervisor, world: World, observer: LiveObserver, _: Any) -> None:
        missed = str(uuid.uuid4())
        world.rows = [row(missed, at=5)]  # committed during the capture rebuild
        world.links[0].resubscribed.set()
        await until(lambda: len(observer.live_alerts) == 1)
        assert observer.live_alerts[0].call_id == missed
        assert supervisor.reconciler.passes == 1 and len(world.links) == 1

    scenario(tmp_path, Settings(), body)


def test_the_period_reads_what_the_server_dropped(tmp_path: Path) -> None:
    async def body(supervisor: Supervisor, world: World, observer: LiveObserver, _: Any) -> None:
        world.rows = [row(str(uuid.uuid4()), at=i) for i in range(3)]  # dropped silently
        await until(lambda: len(observer.live_alerts) == 3, 2)
        await until(lambda: supervisor.reconciler.passes >= 3, 2)
        assert len(observer.alerts) == 3 and len(world.links) == 1

    scenario(tmp_path, Settings(reconcile_seconds=0.2), body)


def test_a_failed_read_keeps_the_link_and_is_tried_again(tmp_path: Path) -> None:
    async def body(supervisor: Supervisor, world: World, observer: LiveObserver, _: Any) -> None:
        world.fail_reads = True
        world.rows = [row(str(uuid.uuid4()))]
        world.links[0].resubscribed.set()
        await until(lambda: supervisor.reconciler.due_in() > 1)  # failed: a retry is planned
        assert observer.state is ConnectionState.LIVE and observer.live_alerts == []
        world.fail_reads = False
        world.links[0].resubscribed.set()
        await until(lambda: len(observer.live_alerts) == 1)
        assert len(world.links) == 1

    scenario(tmp_path, Settings(), body)


def test_live_changes_apply_at_once_but_leave_the_floor(tmp_path: Path) -> None:
    async def body(
        supervisor: Supervisor, world: World, observer: LiveObserver, store: Store
    ) -> None:
        floor = store.cursor()
        supervisor._changes.handle(  # what the link hands over
            {"data": {"type": "INSERT", "table": "calls", "record": row(), "old_record": None}}
        )
        await until(lambda: len(observer.live_alerts) == 1)
        assert store.cursor() == floor

    scenario(tmp_path, Settings(), body)
