"""Limited mode's rules, on the supervisor's fake link and account (no server, no Qt): only
`limited_after` websocket failures in a row start it; while in it, each poll reads and alerts
once (no link stays open but the probes); a probe that streams brings the app back to live at
once with nothing lost or repeated; a refusal the server states (the key, 401) never starts it;
and "reconnect now" in limited mode tries the websocket again without waiting."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import httpx

from desktop_notifier.connection.supervisor import ConnectionState, Supervisor
from desktop_notifier.profile.settings import Settings
from desktop_notifier.sync.realtime_link import LinkFailed, UpgradeRefused
from tests.core.factories import row, stamp
from tests.faults.test_supervisor_rules import FakeLink, Observer, World, scenario, until

LIMITED, LIVE = ConnectionState.LIMITED, ConnectionState.LIVE


class Counted(World):
    """Remembers the calls written; `rest_down`: PostgREST reads fail (the network is gone)."""

    def __init__(self) -> None:
        self.rest_down = False
        self._rows: list[dict[str, Any]] = []
        super().__init__()
        self.rows_written: list[str] = []

    @property
    def rows(self) -> list[dict[str, Any]]:
        if self.rest_down:
            raise httpx.ConnectError("the network is gone")
        return self._rows

    @rows.setter
    def rows(self, value: list[dict[str, Any]]) -> None:
        self._rows = value


def fast(probe: float = 0.4) -> Settings:
    return Settings(limited_after=3, poll_seconds=0.1, probe_seconds=probe)


def new_rows(world: Counted, count: int) -> list[str]:
    """Calls created after every earlier one (each batch later than the last)."""
    ids = [str(uuid.uuid4()) for _ in range(count)]
    start = 1000 + 10 * len(world.rows_written)
    world.rows += [
        row(call_id, at=start + i, created_at=stamp(start + i)) for i, call_id in enumerate(ids)
    ]
    world.rows_written.extend(ids)
    return ids


def test_three_refused_websockets_then_polling_then_live_again(tmp_path: Path) -> None:
    world = Counted()
    world.refuse = True

    async def body(supervisor: Supervisor, world: Counted, observer: Observer) -> None:
        await until(lambda: observer.state is LIMITED)
        assert len(world.links) == 4, "three websocket failures, a read, one more try, then polling"
        assert observer.statuses[-1].detail == "polling every 0.1 s"
        first = new_rows(world, 3)
        await until(lambda: len(observer.alerts) == 3)
        second = new_rows(world, 2)
        await until(lambda: len(observer.alerts) == 5)
        assert [a.call_id for a in observer.alerts] == first + second
        assert all(link.closed for link in world.links), "a probe's link was left open"
        third = new_rows(world, 2)  # read by a last poll or the live attempt's catch-up
        world.refuse = False
        await until(lambda: observer.state is LIVE, 2)
        await until(lambda: len(observer.alerts) == 7)
        await asyncio.sleep(0.3)  # nothing read twice
        assert [a.call_id for a in observer.alerts][5:] == third and len(observer.alerts) == 7
        assert supervisor.limited.entered == 1 and supervisor.limited.failures == 0

    scenario(tmp_path, body, world, settings=fast)


def test_failures_of_a_network_that_comes_back_do_not_leave_the_app_polling(
    tmp_path: Path,
) -> None:
    """The third websocket failure happens just before the network returns; the read after it
    works. The websocket is tried once more at once and works: live, never limited (the
    network-cut scenario met this; before, the app polled until a probe 60 s later)."""

    class DownThenBack(FakeLink):
        async def open(self) -> None:
            if len(self.world.links) <= 3:  # the network is down for the first three
                raise LinkFailed("connect: [Errno 101] Network is unreachable")
            await super().open()

    world = Counted()
    world.link = lambda url, key, token, on_change: _add(world, DownThenBack(world, token))  # type: ignore[method-assign]

    async def body(supervisor: Supervisor, world: World, observer: Observer) -> None:
        await until(lambda: observer.state is LIVE, 3)
        assert LIMITED not in {s.state for s in observer.statuses}
        assert supervisor.limited.entered == 0 and supervisor.limited.failures == 0
        assert len(world.links) == 5, "three failures, the working try (closed), the live link"

    scenario(tmp_path, body, world, settings=lambda: fast(probe=60))


def test_a_failed_read_in_limited_mode_says_offline_until_reads_work_again(
    tmp_path: Path,
) -> None:
    world = Counted()
    world.refuse = True

    async def body(supervisor: Supervisor, world: Counted, observer: Observer) -> None:
        await until(lambda: observer.state is LIMITED)
        world.rest_down = True
        await until(lambda: observer.state is ConnectionState.OFFLINE)
        error = observer.statuses[-1].error
        assert error is not None and error.code == "unreachable"
        world.rest_down = False
        written = new_rows(world, 2)
        await until(lambda: observer.state is LIMITED)
        await until(lambda: len(observer.alerts) == 2)
        assert [a.call_id for a in observer.alerts] == written

    scenario(tmp_path, body, world, settings=fast)


def test_a_server_refusal_never_starts_limited_mode(tmp_path: Path) -> None:
    class KeyRefused(FakeLink):
        async def open(self) -> None:
            raise UpgradeRefused(401)

    world = Counted()
    world.link = lambda url, key, token, on_change: _add(world, KeyRefused(world, token))  # type: ignore[method-assign]

    async def body(supervisor: Supervisor, world: World, observer: Observer) -> None:
        await until(lambda: observer.state is ConnectionState.ATTENTION)
        await asyncio.sleep(0.5)
        assert LIMITED not in {s.state for s in observer.statuses}
        assert supervisor.limited.failures == 0

    scenario(tmp_path, body, world, settings=fast)


def test_reconnect_now_in_limited_mode_tries_the_websocket_at_once(tmp_path: Path) -> None:
    world = Counted()
    world.refuse = True

    async def body(supervisor: Supervisor, world: World, observer: Observer) -> None:
        await until(lambda: observer.state is LIMITED)
        world.refuse = False
        supervisor.reconnect_now("network changed")  # long before the next probe (60 s)
        await until(lambda: observer.state is LIVE, 2)

    scenario(tmp_path, body, world, settings=lambda: fast(probe=60))


def _add(world: World, link: FakeLink) -> FakeLink:
    world.links.append(link)
    return link
