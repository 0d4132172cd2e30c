"""catch-up on a fake server that behaves like PostgREST + 002_change_xid.sql: pages capped at
db-max-rows are not taken for the end, a statement timeout halves the page (and gives up as a
retryable error at the floor), the xid floor is the first page's watermark so a transaction held
open across passes is still read, and the mode is probed once per account object."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop_notifier.common.errors import UserError
from desktop_notifier.connection.catchup.runner import CatchUp
from desktop_notifier.connection.pipeline import Pipeline
from desktop_notifier.events.json_depth import TooDeep
from desktop_notifier.profile.settings import Settings
from desktop_notifier.profile.store import Store
from desktop_notifier.sync.errors import is_retryable
from desktop_notifier.sync.paging import MIN_PAGE, FunctionMissing, StatementTimeout
from tests.core.factories import row, stamp
from tests.core.test_pipeline import NOW, Recorder

Row = dict[str, Any]


class FakeServer:
    """Rows with a change_xid; `open` transactions are not visible until `commit`."""

    def __init__(self, *, max_rows: int = 1000, timeout_above: int | None = None) -> None:
        self.rows: dict[str, Row] = {}
        self.pending: dict[int, list[Row]] = {}
        self.next_xid = 10
        self.max_rows = max_rows
        self.timeout_above = timeout_above
        self.has_function = True
        self.requests: list[tuple[str, int]] = []

    def write(self, *rows: Row, hold: bool = False) -> int:
        xid, self.next_xid = self.next_xid, self.next_xid + 1
        stamped = [{**r, "change_xid": str(xid)} for r in rows]
        if hold:
            self.pending[xid] = stamped
        else:
            self.rows.update({r["id"]: r for r in stamped})
        return xid

    def commit(self, xid: int) -> None:
        self.rows.update({r["id"]: r for r in self.pending.pop(xid)})

    def _limit(self, what: str, limit: int) -> int:
        self.requests.append((what, limit))
        if self.timeout_above is not None and limit > self.timeout_above:
            raise StatementTimeout("canceling statement due to statement timeout")
        return min(limit, self.max_rows)

    async def rows_at(self, at: str, after_id: str, limit: int) -> list[Row]:
        n = self._limit("at", limit)
        found = [r for r in self.rows.values() if r["updated_at"] == at and r["id"] > after_id]
        return sorted(found, key=lambda r: r["id"])[:n]

    async def rows_after(self, after: str | None, limit: int) -> list[Row]:
        n = self._limit("after", limit)
        found = [r for r in self.rows.values() if after is None or r["updated_at"] > after]
        return sorted(found, key=lambda r: (r["updated_at"], r["id"]))[:n]

    async def last_changed(self) -> Row | None:
        self.requests.append(("last", 1))
        return max(self.rows.values(), key=lambda r: (r["updated_at"], r["id"]), default=None)

    async def newest_rows(self, limit: int) -> list[Row]:
        n = self._limit("newest", limit)
        found = sorted(self.rows.values(), key=lambda r: (r["created_at"], r["id"]), reverse=True)
        return found[:n]

    async def older_exists(self, created_at: str, call_id: str) -> bool:
        self.requests.append(("older", 1))
        return any((r["created_at"], r["id"]) < (created_at, call_id) for r in self.rows.values())

    async def open_rows(
        self, column: str, settled: Sequence[str], after_id: str, limit: int
    ) -> list[Row]:
        n = self._limit("open", limit)
        found = [
            r
            for r in self.rows.values()
            if r[column] is not None and r[column] not in settled and r["id"] > after_id
        ]
        return sorted(found, key=lambda r: r["id"])[:n]

    async def calls_changes(
        self, since: str | None, after_xid: str | None, after_id: str | None, page_size: int
    ) -> dict[str, Any]:
        n = min(self._limit("rpc", page_size), 1000)
        if not self.has_function:
            raise FunctionMissing("Could not find the function public.calls_changes")

        def key(r: Row) -> tuple[int, str]:
            return int(r["change_xid"]), r["id"]

        found = sorted(
            (r for r in self.rows.values() if since is None or int(r["change_xid"]) >= int(since)),
            key=key,
        )
        if after_xid is not None and after_id is not None:
            found = [r for r in found if key(r) > (int(after_xid), after_id)]
        mark = min([*self.pending, self.next_xid])
        return {"rows": found[:n], "watermark": str(mark), "more": len(found) > n}


def utc(text: str) -> str:
    return datetime.fromisoformat(text).astimezone(UTC).isoformat(timespec="microseconds")


def make(tmp_path: Path, settings: Settings | None = None) -> tuple[CatchUp, Store, Recorder]:
    store = Store(tmp_path / "s.db")
    observer = Recorder()
    pipeline = Pipeline(store, lambda: settings or Settings(), observer, lambda: NOW)
    return CatchUp(store, pipeline, page_size=500, clock=lambda: NOW), store, observer


def new_rows(count: int, at: float = 0) -> list[Row]:
    # distinct timestamps and ids; canonical text so the fake compares like PostgreSQL
    return [
        {**row(str(uuid.uuid4()), at=at + i), "updated_at": utc(stamp(at + i))}
        for i in range(count)
    ]


def test_capped_pages_are_not_taken_for_the_end(tmp_path: Path) -> None:
    server = FakeServer(max_rows=7)
    server.has_function = False
    catchup, store, _ = make(tmp_path)
    server.write(*new_rows(3))
    asyncio.run(catchup.run(server))  # the first sync: silent
    server.write(*new_rows(50, at=100))
    result = asyncio.run(catchup.run(server))
    assert result.mode == "timestamp" and not result.silent
    assert {a.call_id for a in result.alerts} == {r["id"] for r in list(server.rows.values())[3:]}
    cursor = store.cursor()
    last = max(server.rows.values(), key=lambda r: r["updated_at"])
    assert cursor is not None and cursor.call_id == last["id"]


def test_a_statement_timeout_halves_the_page_until_it_reads(tmp_path: Path) -> None:
    server = FakeServer(timeout_above=60)
    catchup, _, _ = make(tmp_path)
    asyncio.run(catchup.run(server))
    server.write(*new_rows(200))
    server.requests.clear()
    result = asyncio.run(catchup.run(server))
    assert len(result.alerts) == 200
    sizes = [limit for what, limit in server.requests if what == "rpc"]
    assert sizes[:5] == [500, 250, 125, 62, 31], "halved after each timeout"
    assert set(sizes[4:]) == {31}, "the smaller page is kept for the rest of the pass"


def test_a_timeout_at_the_smallest_page_is_a_retryable_error(tmp_path: Path) -> None:
    server = FakeServer(timeout_above=MIN_PAGE - 1)
    catchup, _, _ = make(tmp_path)
    with pytest.raises(UserError) as failed:
        asyncio.run(catchup.run(server))
    assert is_retryable(failed.value)
    assert len(server.requests) == 6, "500, 250, 125, 62, 31, 16: never the same page for ever"


def test_a_transaction_held_open_across_passes_is_read_when_it_commits(tmp_path: Path) -> None:
    server = FakeServer()
    catchup, store, observer = make(tmp_path, Settings(catchup_overlap_seconds=0.001))
    asyncio.run(catchup.run(server))
    held = new_rows(1, at=-3600)  # stamped an hour ago: no overlap would reach it
    slow = server.write(*held, hold=True)
    for minute in range(5):  # passes go on while it stays open
        server.write(*new_rows(2, at=minute * 60))
        asyncio.run(catchup.run(server))
        assert store.xid_floor() is not None and store.xid_floor() <= slow  # type: ignore[operator]
    server.commit(slow)
    found = asyncio.run(catchup.run(server))
    assert [a.call_id for a in found.alerts] == [held[0]["id"]]
    assert store.xid_floor() == server.next_xid
    assert store.catchup_mode() == "xid"
    assert asyncio.run(catchup.run(server)).alerts == [] and len(observer.alerts) == 0


def test_the_mode_is_probed_once_per_account_object(tmp_path: Path) -> None:
    server = FakeServer()
    server.has_function = False
    catchup, store, _ = make(tmp_path)
    asyncio.run(catchup.run(server))
    asyncio.run(catchup.run(server))
    assert [w for w, _ in server.requests].count("rpc") == 1
    assert store.catchup_mode() == "timestamp"
    server.has_function = True  # the user applied 002 and signs in again
    again = FakeServer()
    again.rows, again.next_xid = server.rows, server.next_xid
    assert asyncio.run(catchup.run(again)).mode == "xid"
    assert store.catchup_mode() == "xid"


def test_a_watermark_below_the_floor_reads_everything_again(tmp_path: Path) -> None:
    server = FakeServer()
    catchup, store, _ = make(tmp_path)
    store.apply([], xid_floor=10**9)  # from another database (a restore)
    store.apply([], store.cursor())
    server.write(*new_rows(3))
    result = asyncio.run(catchup.run(server))
    assert result.rows == 3 and store.xid_floor() == server.next_xid


def test_a_future_stamped_row_does_not_move_the_cursor(tmp_path: Path) -> None:
    server = FakeServer()
    server.has_function = False
    catchup, store, _ = make(tmp_path)
    server.write(*new_rows(1, at=-60))
    asyncio.run(catchup.run(server))
    cursor = store.cursor()
    assert cursor is not None and cursor.updated_at <= NOW
    future = (NOW + timedelta(days=1000)).isoformat(timespec="microseconds")
    server.write({**row(), "updated_at": future})
    asyncio.run(catchup.run(server))
    assert store.cursor() == cursor


def test_a_page_nested_too_deeply_is_read_by_timestamp_that_pass(tmp_path: Path) -> None:
    """The rpc page is one JSON document: a jsonb column nested too deeply makes all of it
    unreadable, so that pass reads by timestamp (decoded row by row) and the floor stays."""
    server = FakeServer()
    catchup, store, _ = make(tmp_path)
    asyncio.run(catchup.run(server))
    floor = store.xid_floor()
    server.write(*new_rows(3, at=10))
    original = server.calls_changes

    async def too_deep(*args: Any) -> dict[str, Any]:
        raise TooDeep("the JSON document is nested more than 64 levels deep")

    server.calls_changes = too_deep  # type: ignore[method-assign,assignment]
    result = asyncio.run(catchup.run(server))
    assert len(result.alerts) == 3 and result.mode == "xid"
    assert store.xid_floor() == floor and store.catchup_mode() == "xid"
    server.calls_changes = original  # type: ignore[method-assign]
    assert asyncio.run(catchup.run(server)).alerts == [], "read again, alerted once"
    assert store.xid_floor() == server.next_xid


def test_a_first_sync_reads_the_newest_and_the_open_not_the_table(tmp_path: Path) -> None:
    server = FakeServer()
    old = [{**r, "status": "completed", "created_at": utc(stamp(-86400))} for r in new_rows(1200)]
    still_open = {**row(), "status": "in_progress", "created_at": utc(stamp(-90000))}
    server.write(*old, still_open)
    catchup, store, _ = make(tmp_path)
    result = asyncio.run(catchup.run(server))
    assert result.silent and result.rows == 500 + 1, "one page of the newest, and the open one"
    assert store.get_call(str(still_open["id"])) is not None
    assert store.known_since() is not None
    left_out = min(old, key=lambda r: r["id"])  # not among the newest (same created_at)
    assert store.get_call(left_out["id"]) is None
    server.write({**left_out, "score": 95}, *new_rows(2, at=60))
    later = asyncio.run(catchup.run(server))
    assert sorted(a.kind.value for a in later.alerts) == ["new_call", "new_call"]
