"""The supervisor's rules, on a fake link and a fake account (no server, no Qt): a link that
stops answering pings is dropped within `interval + timeout`; going offline for sleep closes
the link and holds until the wake; "reconnect now" skips the backoff but leaves a fresh attempt
alone; an interruption during the catch-up waits until its alerts are reported; the session is
refreshed before a rejoin when it is about to expire."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from desktop_notifier.alerts import Alert
from desktop_notifier.common.errors import UserError
from desktop_notifier.connection.backoff import Backoff
from desktop_notifier.connection.liveness import Liveness
from desktop_notifier.connection.pipeline import Pipeline
from desktop_notifier.connection.supervisor import ConnectionState, Status, Supervisor
from desktop_notifier.events import Call
from desktop_notifier.profile.settings import Settings
from desktop_notifier.profile.store import Cursor, Store
from desktop_notifier.sync.paging import FunctionMissing
from desktop_notifier.sync.realtime_link import LinkFailed
from tests.core.factories import row
from tests.support import waiting

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class World:
    """What the fake server does; the test turns the knobs."""

    def __init__(self, sign_in_delay: float = 0.0) -> None:
        self.links: list[FakeLink] = []
        self.refuse = False  # connections fail at once
        self.hang_pings = False  # a stopped server: pings are never answered
        self.open_delay = 0.0
        self.rows: list[dict[str, Any]] = []
        self.catch_up_gate: asyncio.Event | None = None
        self.at_gate = False  # a catch-up read is waiting on `catch_up_gate`
        self.expires_at = time.monotonic() + 3600
        self.refreshes = 0
        self.sign_ins = 0
        self.sign_in_delay = sign_in_delay
        self.pushed_tokens: list[str] = []
        self.expire_joins = False  # joins are refused: "Token has expired"
        self.rejected: list[str] = []  # tokens renewed because a server refused them
        self.fail_reads = False  # catch-up reads fail (the reconcile rules)

    def link(self, url: str, key: str, token: str, on_change: Callable[..., None]) -> FakeLink:
        link = FakeLink(self, token)
        self.links.append(link)
        return link


class FakeLink:
    def __init__(self, world: World, token: str) -> None:
        self.world = world
        self.token = token
        self.access_token = token
        self.token_expired = False
        self.streaming = asyncio.Event()
        self.resubscribed = asyncio.Event()
        self.lost = asyncio.Event()
        self.lost_reason = ""
        self.closed = False

    async def open(self) -> None:
        if self.world.refuse:
            raise LinkFailed("connect: refused")
        if self.world.expire_joins:
            self.token_expired = True
            raise LinkFailed("CHANNEL_ERROR: InvalidJWTToken: Token has expired 3 seconds ago")
        await asyncio.sleep(self.world.open_delay)
        self.streaming.set()

    async def ping(self) -> float:
        if self.world.hang_pings:
            await asyncio.Event().wait()
        return 0.001

    async def set_token(self, token: str) -> None:
        self.world.pushed_tokens.append(token)

    async def close(self) -> None:
        self.closed = True
        self.lost.set()


class FakeAccount:
    url = "http://127.0.0.1:9"
    anon_key = "anon"

    def __init__(self, world: World) -> None:
        self.world = world
        self.tokens = SimpleNamespace(access_token="token-0")
        self._served = False

    def refresh_due_in(self) -> float:
        return self.world.expires_at - time.monotonic() - 60

    def expires_in(self) -> float:
        return self.world.expires_at - time.monotonic()

    def refresh_wait(self) -> float:
        return 0.0

    async def refresh_rejected(self, access_token: str) -> None:
        if self.tokens.access_token == access_token:
            self.world.rejected.append(access_token)
            self.tokens = SimpleNamespace(access_token=f"renewed-{len(self.world.rejected)}")

    async def refresh_if_expiring(self, margin: float | None = None) -> bool:
        if self.refresh_due_in() > 0:
            return False
        self.world.refreshes += 1
        self.world.expires_at = time.monotonic() + 3600
        self.tokens = SimpleNamespace(access_token=f"token-{self.world.refreshes}")
        return True

    async def calls_changes(self, *args: object) -> dict[str, Any]:
        raise FunctionMissing("an older schema: the timestamp catch-up")

    async def rows_at(self, stamp: str, after_id: str, limit: int) -> list[dict[str, Any]]:
        return []

    async def rows_after(self, stamp: str | None, limit: int) -> list[dict[str, Any]]:
        if self.world.catch_up_gate is not None:
            self.world.at_gate = True
            await self.world.catch_up_gate.wait()
        rows, self.world.rows = self.world.rows, []
        return rows

    async def fetch_call(self, call_id: str) -> None:
        return None

    async def last_changed(self) -> None:
        return None

    async def newest_rows(self, limit: int) -> list[dict[str, Any]]:
        return []

    async def older_exists(self, created_at: str, call_id: str) -> bool:
        return False

    async def open_rows(self, *args: object) -> list[dict[str, Any]]:
        return []


class Observer:
    def __init__(self) -> None:
        self.statuses: list[Status] = []
        self.alerts: list[Alert] = []

    def status_changed(self, status: Status) -> None:
        self.statuses.append(status)

    def warned(self, error: UserError) -> None:
        pass

    def alerts_raised(self, alerts: Sequence[Alert], *, caught_up: bool) -> None:
        self.alerts.extend(alerts)

    def calls_changed(self, calls: dict[str, Call | None]) -> None:
        pass

    @property
    def state(self) -> ConnectionState | None:
        return self.statuses[-1].state if self.statuses else None


async def until(condition: Callable[[], object], timeout: float = 3.0) -> float:
    """Tight: these rules are about fractions of a second."""
    return await waiting.until(condition, "the supervisor", timeout, poll=0.005)


def scenario(
    tmp_path: Path,
    body: Callable[..., Any],
    world: World | None = None,
    settings: Callable[[], Settings] = Settings,
    **options: Any,
) -> None:
    async def main(world: World) -> None:
        store = Store(tmp_path / "store.db")
        store.apply([], Cursor(EPOCH, ""))  # not a first sync: catch-ups alert
        observer = Observer()
        pipeline = Pipeline(store, settings, observer, lambda: datetime.now(UTC))

        async def connect() -> FakeAccount:
            world.sign_ins += 1
            await asyncio.sleep(world.sign_in_delay)  # the refresh token is spent here
            return FakeAccount(world)

        options.setdefault("backoff", Backoff(base=0.05, cap=0.1))
        supervisor = Supervisor(
            connect,  # type: ignore[arg-type]
            store,
            pipeline,
            observer,
            link_factory=world.link,  # type: ignore[arg-type]
            **options,
        )
        task = asyncio.ensure_future(supervisor.run())
        try:
            await waiting.within(body(supervisor, world, observer), 10)
        finally:
            supervisor.stop()
            await asyncio.wait_for(task, 5)
            store.close()
        assert observer.state is ConnectionState.STOPPED
        assert all(link.closed for link in world.links), "a link was left open"

    asyncio.run(main(world or World()))


def test_a_link_that_stops_answering_pings_is_dropped(tmp_path: Path) -> None:
    async def body(supervisor: Supervisor, world: World, observer: Observer) -> None:
        await until(lambda: observer.state is ConnectionState.LIVE)
        world.hang_pings = True
        waited = await until(lambda: observer.state is not ConnectionState.LIVE, 2)
        assert waited <= 0.3 + 0.1
        assert "no answer from the server" in observer.statuses[-1].detail
        world.hang_pings = False
        await until(lambda: observer.state is ConnectionState.LIVE)
        assert len(world.links) == 2

    scenario(tmp_path, body, liveness=Liveness(interval=0.15, timeout=0.15))


def test_sleep_closes_the_link_and_holds_until_the_wake(tmp_path: Path) -> None:
    async def body(supervisor: Supervisor, world: World, observer: Observer) -> None:
        await until(lambda: observer.state is ConnectionState.LIVE)
        await supervisor.go_offline_for_sleep()
        assert world.links[0].closed and supervisor.link is None
        assert observer.statuses[-1].detail == "asleep"
        held = len(observer.statuses)
        await asyncio.sleep(0.5)  # many backoff periods: still no attempt
        assert len(observer.statuses) == held and len(world.links) == 1
        supervisor.reconnect_now("woke up")
        waited = await until(lambda: observer.state is ConnectionState.LIVE)
        assert waited < 0.2

    scenario(tmp_path, body)


def test_reconnect_now_skips_the_backoff_wait(tmp_path: Path) -> None:
    async def body(supervisor: Supervisor, world: World, observer: Observer) -> None:
        world.refuse = True
        await until(lambda: len(world.links) >= 3)  # the backoff grows (to 60 s here)
        world.refuse = False
        supervisor.reconnect_now("network back")
        assert await until(lambda: observer.state is ConnectionState.LIVE) < 0.2

    scenario(tmp_path, body, backoff=Backoff(base=0.01, cap=60, uniform=lambda a, b: b))


def test_a_fresh_attempt_is_left_to_finish(tmp_path: Path) -> None:
    async def body(supervisor: Supervisor, world: World, observer: Observer) -> None:
        world.open_delay = 0.3
        await until(lambda: observer.state is ConnectionState.CONNECTING)
        supervisor.reconnect_now("woke up")
        supervisor.reconnect_now("network back")
        await until(lambda: observer.state is ConnectionState.LIVE)
        assert len(world.links) == 1, "the wake and the network did not restart it twice"
        supervisor.reconnect_now("reconnect requested")  # a live link is replaced
        await until(lambda: len(world.links) == 2 and observer.state is ConnectionState.LIVE)

    scenario(tmp_path, body)


def test_a_new_live_source_replaces_even_a_fresh_attempt(tmp_path: Path) -> None:
    async def body(supervisor: Supervisor, world: World, observer: Observer) -> None:
        world.open_delay = 0.3
        await until(lambda: observer.state is ConnectionState.CONNECTING)
        supervisor.reconnect_now("live source changed", fresh_too=True)
        await until(lambda: observer.state is ConnectionState.LIVE)
        assert len(world.links) == 2 and world.links[0].closed, "the old source's link went"

    scenario(tmp_path, body)


def test_going_offline_during_the_catch_up_loses_no_alert(tmp_path: Path) -> None:
    async def body(supervisor: Supervisor, world: World, observer: Observer) -> None:
        world.catch_up_gate = asyncio.Event()
        ids = [str(uuid.uuid4()) for _ in range(5)]
        world.rows = [row(call_id, at=i) for i, call_id in enumerate(ids)]
        await until(lambda: world.at_gate)
        supervisor.go_offline("no network")  # in the middle of the catch-up
        world.catch_up_gate.set()
        await until(lambda: len(observer.alerts) == 5)
        assert {a.call_id for a in observer.alerts} == set(ids)
        assert any(s.detail == "no network" for s in observer.statuses)
        assert world.links[0].closed

    scenario(tmp_path, body)


def test_the_session_is_refreshed_before_a_rejoin_and_pushed_while_live(
    tmp_path: Path,
) -> None:
    async def body(supervisor: Supervisor, world: World, observer: Observer) -> None:
        await until(lambda: observer.state is ConnectionState.LIVE)
        await supervisor.go_offline_for_sleep()
        world.expires_at = time.monotonic() + 30  # about to expire, after the sleep
        supervisor.reconnect_now("woke up")
        await until(lambda: observer.state is ConnectionState.LIVE)
        assert world.refreshes == 1
        assert world.links[-1].token == "token-1", "the rejoin used the fresh token"
        world.expires_at = time.monotonic() + 61.5  # due in 1.5 s: refreshed while live
        supervisor.reconnect_now("reconnect requested")
        await until(lambda: world.pushed_tokens == ["token-2"], 4)

    scenario(tmp_path, body)


def test_an_interrupted_sign_in_keeps_the_session_it_got(tmp_path: Path) -> None:
    """Restoring the session spends the stored refresh token: going offline meanwhile must
    not throw the new session away (signing in again would need the spent token)."""

    async def body(supervisor: Supervisor, world: World, observer: Observer) -> None:
        await until(lambda: world.sign_ins == 1)
        supervisor.go_offline("no network")
        await until(lambda: any(s.detail == "no network" for s in observer.statuses))
        assert supervisor.account is not None
        supervisor.reconnect_now("network back")
        await until(lambda: observer.state is ConnectionState.LIVE)
        assert world.sign_ins == 1

    scenario(tmp_path, body, world=World(sign_in_delay=0.2))


def test_a_token_refused_by_realtime_is_renewed_once_and_rejoined(tmp_path: Path) -> None:
    """A live channel shut for an expired token is rejoined at once with a renewed token; a join
    refused for one waits its backoff (a server whose parts disagree about time gets no storm)."""

    async def body(supervisor: Supervisor, world: World, observer: Observer) -> None:
        await until(lambda: observer.state is ConnectionState.LIVE)
        shut = world.links[0]
        shut.token_expired = True
        shut.lost_reason = "CHANNEL_ERROR: Token has expired 0 seconds ago"
        shut.lost.set()
        waited = await until(lambda: len(world.links) == 2, 1)
        assert waited < 0.2, "rejoined without the backoff wait"
        await until(lambda: observer.state is ConnectionState.LIVE)
        assert world.rejected == ["token-0"] and world.links[1].token == "renewed-1"
        world.expire_joins = True
        world.links[1].lost_reason = "gone"
        world.links[1].lost.set()
        await until(lambda: len(world.links) == 3, 2)
        waited = await until(lambda: len(world.links) == 4, 2)
        assert waited >= 0.4, "a refused join waits its backoff"
        assert world.rejected == ["token-0", "renewed-1"]
        world.expire_joins = False
        await until(lambda: observer.state is ConnectionState.LIVE, 3)
        assert ConnectionState.SIGNED_OUT not in [s.state for s in observer.statuses]

    scenario(tmp_path, body, backoff=Backoff(base=0.5, cap=0.5, uniform=lambda a, b: b))
