"""The profile's SQLite store: the last-seen brief row of open and recent calls, the catch-up
floor (an (updated_at, id) cursor, or an xid watermark where the server has `calls_changes`),
"known since" (calls created after it that the store lacks were never seen), alert history and
the dedupe keys that guarantee an alert is never raised twice (across reconnects and restarts).
Bounded: `store_prune` forgets old closed calls and old alerts in small steps.

WAL mode, one transaction per batch: a crash loses at most the batch in flight and never
leaves an alert recorded without the row state it came from (or the reverse). A corrupt file
is moved aside, never crash-looped on.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from desktop_notifier.alerts import Alert
from desktop_notifier.events import Call
from desktop_notifier.events.call import format_timestamp, parse_timestamp
from desktop_notifier.profile import store_history, store_schema
from desktop_notifier.profile.store_checkpoint import DelayedCheckpoints
from desktop_notifier.profile.store_comments import CommentStore, Cursor
from desktop_notifier.profile.store_prune import Pruner

__all__ = [
    "CACHED_CALLS",
    "KNOWN_SINCE",
    "MODE",
    "XID_FLOOR",
    "CallUpdate",
    "Cursor",
    "Store",
]  # Cursor: from store_comments
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CallUpdate:
    """What one classified change asks the store to remember."""

    call_id: str
    call: Call | None  # None: the call was deleted
    alerts: Sequence[Alert] = ()


XID_FLOOR = "catchup_xid_floor"
MODE = "catchup_mode"
KNOWN_SINCE = "known_since"
CACHED_CALLS = 1024  # last-seen rows kept in memory (misses read SQLite)


class Store(CommentStore):
    """Every write goes through this object (one per process: the profile is single-instance),
    so it keeps small read-through caches of the cursor and of recently seen calls: the
    pipeline reads both for every change, and a burst of thousands of changes paid one SQLite
    query and one JSON parse per change for them."""

    def __init__(
        self,
        path: Path,
        *,
        history_days: Callable[[], int] = lambda: 90,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        """`history_days`: how long alerts are kept (0: for ever), read at every prune step."""
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        # moved_aside: where an unreadable file was put, this start
        self._db, self._searchable, self.moved_aside = store_schema.open_store(path)
        self._checkpoints = DelayedCheckpoints(self._db)
        self.pruner = Pruner(self._db, self._transaction, history_days, self._forgot, clock)
        self._known_since: datetime | None = None
        self._known_since_read = False
        self._calls: OrderedDict[str, Call | None] = OrderedDict()
        self._cursor: Cursor | None = None
        self._cursor_known = False
        self._xid_floor: int | None = None
        self._xid_known = False

    def close(self) -> None:
        self.pruner.cancel()
        self._checkpoints.cancel()
        self._db.close()

    # --- calls -------------------------------------------------------------------------

    def get_call(self, call_id: str) -> Call | None:
        if call_id in self._calls:
            self._calls.move_to_end(call_id)
            return self._calls[call_id]
        found = self._db.execute("select row from calls where id = ?", (call_id,)).fetchone()
        call = Call.from_row(json.loads(found[0])) if found else None
        self._remember_calls({call_id: call})
        return call

    def _remember_calls(self, calls: dict[str, Call | None]) -> None:
        for call_id, call in calls.items():
            self._calls[call_id] = None if call is None else call.brief()
            self._calls.move_to_end(call_id)
        while len(self._calls) > CACHED_CALLS:
            self._calls.popitem(last=False)

    def count_calls(self, where_status_not_in: Iterable[str] = ()) -> int:
        excluded = list(where_status_not_in)
        if not excluded:
            return int(self._db.execute("select count(*) from calls").fetchone()[0])
        # total minus the excluded, so both counts come from the status index (a NOT IN would
        # parse every cached row's JSON: ~10 ms at 10,000 calls, on every tray refresh)
        marks = ",".join("?" * len(excluded))
        sql = (
            "select (select count(*) from calls) - (select count(*) from calls where "
            f"coalesce(json_extract(row, '$.status'), '') in ({marks}))"
        )
        return int(self._db.execute(sql, excluded).fetchone()[0])

    def calls_with_status(self, statuses: Iterable[str], limit: int = 200) -> list[Call]:
        """Calls in one of `statuses` (through the status index), most recently changed first."""
        wanted = list(statuses)
        marks = ",".join("?" * len(wanted))
        sql = (
            f"select row from calls where coalesce(json_extract(row, '$.status'), '') in ({marks})"
            " order by json_extract(row, '$.updated_at') desc limit ?"
        )
        return [Call.from_row(json.loads(r[0])) for r in self._db.execute(sql, [*wanted, limit])]

    # --- the one write path ------------------------------------------------------------

    def apply(
        self,
        updates: Sequence[CallUpdate],
        cursor: Cursor | None = None,
        *,
        xid_floor: int | None = None,
    ) -> list[Alert]:
        """Remember `updates` (and advance the cursor, or set the xid floor) in one
        transaction; return the alerts that were new, i.e. whose dedupe key had never been
        recorded. Only reads from the server move either floor (see `sync.catchup`)."""
        fresh: list[Alert] = []
        written: dict[str, Call | None] = {}
        with self._transaction():
            for update in updates:
                written[update.call_id] = update.call
                if update.call is None:
                    self._db.execute("delete from calls where id = ?", (update.call_id,))
                else:
                    call = update.call
                    self._db.execute(
                        "insert into calls(id, row, updated_at, created_at, closed) "
                        "values (?, ?, ?, ?, ?) on conflict(id) do update set "
                        "row = excluded.row, updated_at = excluded.updated_at, "
                        "created_at = excluded.created_at, closed = excluded.closed",
                        (
                            update.call_id,
                            store_schema.dump(call),
                            format_timestamp(call.updated_at),
                            format_timestamp(call.created_at),
                            store_schema.closed(call),
                        ),
                    )
                fresh.extend(a for a in update.alerts if store_history.record(self._db, a))
            moved = self._advance_cursor(cursor) if cursor is not None else None
            if xid_floor is not None:
                self._set_meta({XID_FLOOR: str(xid_floor)})
        # only now that the transaction committed may the caches reflect it
        self._remember_calls(written)
        if moved is not None:
            self._cursor = moved
        if xid_floor is not None:
            self._xid_floor, self._xid_known = xid_floor, True
        self.pruner.schedule()
        return fresh

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db, self._checkpoints.committed)

    # --- cursor ------------------------------------------------------------------------

    def cursor(self) -> Cursor | None:
        if not self._cursor_known:
            rows = dict(self._db.execute("select key, value from meta where key like 'cursor_%'"))
            stamp = parse_timestamp(rows.get("cursor_updated_at"))
            self._cursor = None if stamp is None else Cursor(stamp, rows.get("cursor_id", ""))
            self._cursor_known = True
        return self._cursor

    def _advance_cursor(self, cursor: Cursor) -> Cursor | None:
        """Write `cursor` if it is ahead; returns it then (the caller caches it on commit)."""
        current = self.cursor()
        if current is not None and cursor <= current:
            return None
        self._set_meta(
            {
                "cursor_updated_at": format_timestamp(cursor.updated_at) or "",
                "cursor_id": cursor.call_id,
            }
        )
        return cursor

    def xid_floor(self) -> int | None:
        """The xid watermark below which every change has been read (None: never read)."""
        if not self._xid_known:
            found = self._db.execute("select value from meta where key = ?", (XID_FLOOR,))
            value = found.fetchone()
            self._xid_floor = int(value[0]) if value and str(value[0]).isdigit() else None
            self._xid_known = True
        return self._xid_floor

    def known_since(self) -> datetime | None:
        """Calls created after this that the store lacks were never seen here (a call it
        lacks that was created earlier was left out by a first sync, or pruned). None: the
        store has seen every call of the account it holds."""
        if not self._known_since_read:
            found = self._db.execute("select value from meta where key = ?", (KNOWN_SINCE,))
            value = found.fetchone()
            self._known_since = parse_timestamp(value[0]) if value else None
            self._known_since_read = True
        return self._known_since

    def set_known_since(self, moment: datetime | None) -> None:
        """Set by a first sync that read only the newest calls (None: it read all of them)."""
        with self._transaction():
            self._db.execute("delete from meta where key = ?", (KNOWN_SINCE,))
            if moment is not None:
                self._set_meta({KNOWN_SINCE: format_timestamp(moment) or ""})
        self._known_since, self._known_since_read = moment, True

    def _forgot(self, ids: list[str], created_at: str | None) -> None:
        """A prune step removed `ids`, created up to `created_at` (inside its transaction)."""
        for call_id in ids:
            self._calls.pop(call_id, None)
        current = self.known_since()
        moment = parse_timestamp(created_at)
        if moment is not None and (current is None or moment > current):
            self._set_meta({KNOWN_SINCE: format_timestamp(moment) or ""})
        self._known_since_read = False

    def catchup_mode(self) -> str | None:
        """How the last catch-up read the server ("xid" or "timestamp"; None: not yet)."""
        found = self._db.execute("select value from meta where key = ?", (MODE,)).fetchone()
        return str(found[0]) if found else None

    def set_catchup_mode(self, mode: str) -> None:
        if mode != self.catchup_mode():
            with self._transaction():
                self._set_meta({MODE: mode})

    def _set_meta(self, values: dict[str, str]) -> None:
        self._db.executemany(
            "insert into meta(key, value) values (?, ?) "
            "on conflict(key) do update set value = excluded.value",
            list(values.items()),
        )

    # --- account binding ---------------------------------------------------------------

    def bind_account(self, account: str) -> bool:
        """Tie the cache and cursor to one account (URL + user). Switching accounts forgets
        the other account's rows and cursor (history stays). Returns True if it switched."""
        found = self._db.execute("select value from meta where key = 'account'").fetchone()
        if found and found[0] == account:
            return False
        self._calls.clear()
        self._cursor, self._cursor_known = None, False
        self._xid_floor, self._xid_known = None, False
        self._known_since, self._known_since_read = None, False
        with self._transaction():
            self._db.execute("delete from calls")
            self._db.execute(
                "delete from meta where key like 'cursor_%' or key in (?, ?, ?)",
                (XID_FLOOR, MODE, KNOWN_SINCE),
            )
            self._db.execute(
                "insert into meta(key, value) values ('account', ?) "
                "on conflict(key) do update set value = excluded.value",
                (account,),
            )
        return found is not None

    # --- history -----------------------------------------------------------------------

    def recent_alerts(self, limit: int = 200, search: str = "") -> list[Alert]:
        return store_history.recent(self._db, limit, search, self._searchable)

    def count_alerts(self) -> int:
        return store_history.count(self._db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection, committed: Callable[[], None]) -> None:
        self._db = db
        self._committed = committed

    def __enter__(self) -> None:
        self._db.execute("begin immediate")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is not None:
            self._db.execute("rollback")
            return
        self._db.execute("commit")
        self._committed()
