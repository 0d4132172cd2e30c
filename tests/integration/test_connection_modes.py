"""The supervisor, with the real `realtime`/`supabase` clients, against the stand-in's
connection-level modes: an upgrade refused with 429 waits as long as the server asked (and a
500 does not), a private-only project is told in one sentence and retried slowly until it
accepts public channels, and Phoenix's idle timeout never closes a live link (its pings keep
it open through several idle periods)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg

from desktop_notifier.alerts import Alert
from desktop_notifier.common.errors import UserError, describe
from desktop_notifier.connection.backoff import Backoff
from desktop_notifier.connection.liveness import Liveness
from desktop_notifier.connection.pipeline import Pipeline
from desktop_notifier.connection.supervisor import ConnectionState, Status, Supervisor
from desktop_notifier.events import Call
from desktop_notifier.profile.settings import Settings
from desktop_notifier.profile.store import Store
from desktop_notifier.sync.account import Account
from tests.support.calls import insert_call
from tests.support.standin import Standin, modes_standin, run
from tests.support.waiting import until

DELAY = 0.3  # the upgrade and join error delays (2 s and 5 s on the real server)
LIVE, OFFLINE = ConnectionState.LIVE, ConnectionState.OFFLINE


stand = modes_standin(DELAY)  # its tests take it as `modes`, which resets it after each


@dataclass
class Observer:
    statuses: list[tuple[float, Status]] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)

    def status_changed(self, status: Status) -> None:
        self.statuses.append((time.monotonic(), status))

    def warned(self, error: UserError) -> None:
        pass

    def alerts_raised(self, alerts: Sequence[Alert], *, caught_up: bool) -> None:
        self.alerts.extend(alerts)

    def calls_changed(self, calls: dict[str, Call | None]) -> None:
        pass

    @property
    def state(self) -> ConnectionState | None:
        return self.statuses[-1][1].state if self.statuses else None

    def since(self, index: int) -> list[Status]:
        return [s for _, s in self.statuses[index:]]


@asynccontextmanager
async def supervised(
    stand: Standin,
    tmp: Path,
    backoff: Backoff,
    liveness: Liveness | None = None,
    settings: Callable[[], Settings] = Settings,
) -> AsyncIterator[tuple[Supervisor, Observer]]:
    """A running supervisor on the stand-in, live before the body starts."""
    store = Store(tmp / "store.db")
    seen = Observer()
    pipeline = Pipeline(store, settings, seen, lambda: datetime.now(UTC))
    info = stand.info

    async def connect() -> Account:
        return await Account.sign_in(info["url"], info["anon_key"], info["email"], info["password"])

    supervisor = Supervisor(connect, store, pipeline, seen, backoff=backoff, liveness=liveness)
    task = asyncio.ensure_future(supervisor.run())
    try:
        await until(lambda: seen.state is LIVE, "live", 15)
        yield supervisor, seen
    finally:
        supervisor.stop()
        await task
        if supervisor.account is not None:
            await supervisor.account.close()
        store.close()


def set_modes(stand: Standin, **body: Any) -> None:
    stand.admin("POST", "connection", json.dumps(body))


def joins_refused(stand: Standin) -> int:
    return int(stand.admin("GET", "connection")["joins_refused"])


def drop_sockets(stand: Standin) -> None:
    stand.admin("POST", "close?code=1012")


def test_429_waits_as_told_and_500_does_not(modes: Standin, tmp_path: Path) -> None:
    def gap_before_retry(seen: Observer, start: int, code: str) -> float:
        """Seconds from the refusal with `code` to the next attempt."""
        rows = seen.statuses[start:]
        at = next(i for i, (_, s) in enumerate(rows) if s.error and s.error.code == code)
        retry = next(t for t, s in rows[at + 1 :] if s.state is ConnectionState.CONNECTING)
        return retry - rows[at][0]

    async def body() -> None:
        fast = Backoff(base=0.05, cap=0.2)
        async with supervised(modes, tmp_path, fast) as (_, seen):
            start = len(seen.statuses)
            await asyncio.to_thread(set_modes, modes, fail_upgrades={"count": 1, "status": 429,
                                                                     "retry_after": 2})  # fmt: skip
            await asyncio.to_thread(drop_sockets, modes)
            await until(lambda: len(seen.statuses) > start and seen.state is LIVE, "live", 20)
            assert gap_before_retry(seen, start, "rate_limited") >= 1.95
            start = len(seen.statuses)
            await asyncio.to_thread(set_modes, modes, fail_upgrades={"count": 1, "status": 500})
            await asyncio.to_thread(drop_sockets, modes)
            await until(lambda: len(seen.statuses) > start and seen.state is LIVE, "live", 20)
            assert gap_before_retry(seen, start, "server_error") < 2.0

    run(body(), 60)


def test_a_private_only_project_is_told_and_retried_slowly(modes: Standin, tmp_path: Path) -> None:
    async def body() -> None:
        slow = Backoff(base=0.05, cap=0.2, slow=0.5)
        async with supervised(modes, tmp_path, slow) as (_, seen):
            start = len(seen.statuses)
            await asyncio.to_thread(set_modes, modes, private_only=True)
            await asyncio.to_thread(drop_sockets, modes)
            attention = ConnectionState.ATTENTION
            await until(lambda: seen.state is attention, "needs attention", 20)
            refusal = seen.statuses[-1][1]
            refused = (await asyncio.to_thread(joins_refused, modes)) + 3
            await until(lambda: joins_refused(modes) >= refused, "3 slow retries", 20, poll=0.2)
            assert seen.statuses[-1][1] is refusal, "each refused retry is silent"
            await asyncio.to_thread(set_modes, modes, private_only=False)
            await until(lambda: seen.state is LIVE, "live again by itself", 20)
            states = [s.state for s in seen.since(start)]
            assert states.count(attention) == 1, states

        assert refusal.error is not None and refusal.error.code == "private_channels_only"
        assert describe(refusal.error, "pt_BR").startswith(
            "Este projeto aceita apenas canais privados"
        )
        assert "TIMED_OUT" not in refusal.detail

    run(body(), 60)


def test_live_through_several_idle_timeouts(modes: Standin, tmp_path: Path) -> None:
    idle = 1.5  # Phoenix: 60 s against the app's pings every 10 s

    async def body() -> None:
        await asyncio.to_thread(set_modes, modes, idle_timeout=idle)  # for new sockets
        pings = Liveness(interval=idle / 3, timeout=idle)
        async with supervised(modes, tmp_path, Backoff(), pings) as (supervisor, seen):
            link, settled = supervisor.link, len(seen.statuses)
            await asyncio.sleep(idle * 4)  # four idle periods with no change to deliver
            assert seen.statuses[settled:] == [] and supervisor.link is link
            assert link is not None and not link.lost.is_set()
            stats = await asyncio.to_thread(modes.admin, "GET", "stats")
            assert stats["connections"] == 1

    run(body(), 60)


def test_upgrades_cut_by_the_network_give_limited_mode_then_live(
    modes: Standin, tmp_path: Path
) -> None:
    """Every upgrade answered with an error (as when something between strips the Upgrade
    header): after three, the supervisor polls PostgREST; a call written meanwhile is alerted
    once; when upgrades work again a probe brings it back to live."""

    def quick() -> Settings:
        return Settings(limited_after=3, poll_seconds=0.5, probe_seconds=1.0)

    async def body() -> None:
        fast = Backoff(base=0.05, cap=0.2)
        async with supervised(modes, tmp_path, fast, settings=quick) as (supervisor, seen):
            start = len(seen.statuses)
            cut = {"count": 1000, "status": 500}
            await asyncio.to_thread(set_modes, modes, fail_upgrades=cut)
            await asyncio.to_thread(drop_sockets, modes)
            limited = ConnectionState.LIMITED
            await until(lambda: seen.state is limited, "limited mode", 20)
            call = await asyncio.to_thread(write_call, modes)
            await until(lambda: [a.call_id for a in seen.alerts] == [call], "polled alert", 10)
            await asyncio.to_thread(set_modes, modes, fail_upgrades={"count": 0})
            await until(lambda: seen.state is LIVE, "live again", 10)
            states = [s.state for s in seen.since(start)]
            assert states.count(limited) == 1, states
            assert supervisor.limited.entered == 1
            assert [a.call_id for a in seen.alerts] == [call]

    run(body(), 60)


def write_call(stand: Standin) -> str:
    with psycopg.connect(stand.info["dsn"], autocommit=True) as db:
        return insert_call(db, stand.info["user_id"], "Cliente atrás do proxy")
