"""The profile's SQLite store: last-seen row per call, the catch-up floor (an (updated_at, id)
cursor, or an xid watermark where the server has `calls_changes`), alert history and the dedupe
keys that guarantee an alert is never raised twice (across reconnects and restarts).

WAL mode, one transaction per batch: a crash loses at most the batch in flight and never
leaves an alert recorded without the row state it came from (or the reverse). A corrupt file
is moved aside, never crash-looped on.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop_notifier.alerts import Alert, AlertKind, Urgency
from desktop_notifier.events import Call
from desktop_notifier.events.call import format_timestamp, parse_timestamp
from desktop_notifier.profile.private_files import private_file, tighten_files
from desktop_notifier.profile.store_checkpoint import DelayedCheckpoints

log = logging.getLogger(__name__)

SCHEMA = """
create table if not exists calls (
    id text primary key,
    row text not null,
    updated_at text
);
create table if not exists alerts (
    seq integer primary key autoincrement,
    dedupe_key text not null unique,
    kind text not null,
    call_id text not null,
    title text not null,
    body text not null,
    urgency integer not null,
    company text,
    score integer,
    at text not null
);
create table if not exists meta (key text primary key, value text not null);
create index if not exists calls_status on calls(coalesce(json_extract(row, '$.status'), ''));
"""


@dataclass(frozen=True, order=True)
class Cursor:
    """Position in the (updated_at, id) order of `calls` up to which we have seen everything."""

    updated_at: datetime
    call_id: str


@dataclass(frozen=True)
class CallUpdate:
    """What one classified change asks the store to remember."""

    call_id: str
    call: Call | None  # None: the call was deleted
    alerts: Sequence[Alert] = ()


XID_FLOOR = "catchup_xid_floor"
MODE = "catchup_mode"
CACHED_CALLS = 1024  # last-seen rows kept in memory (misses read SQLite)


class Store:
    """Every write goes through this object (one per process: the profile is single-instance),
    so it keeps small read-through caches of the cursor and of recently seen calls: the
    pipeline reads both for every change, and a burst of thousands of changes paid one SQLite
    query and one JSON parse per change for them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.moved_aside: Path | None = None  # where an unreadable file was put, this start
        self._db = self._open(path)
        self._checkpoints = DelayedCheckpoints(self._db)
        self._calls: OrderedDict[str, Call | None] = OrderedDict()
        self._cursor: Cursor | None = None
        self._cursor_known = False
        self._xid_floor: int | None = None
        self._xid_known = False

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        # Created 0600 before SQLite opens it: its -wal and -shm files take the same mode.
        private_file(path)
        tighten_files(path.parent, (f"{path.name}-wal", f"{path.name}-shm"))
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        db.execute("pragma journal_mode=wal")
        db.execute("pragma synchronous=normal")
        db.executescript(SCHEMA)
        db.execute("pragma quick_check").fetchone()
        return db

    def _open(self, path: Path) -> sqlite3.Connection:
        try:
            return self._connect(path)
        except sqlite3.DatabaseError as exc:
            aside = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
            log.error("the store %s is unreadable (%s); moved aside to %s", path, exc, aside)
            for suffix in ("", "-wal", "-shm"):
                source = Path(str(path) + suffix)
                if source.exists():
                    source.rename(Path(str(aside) + suffix))
            self.moved_aside = aside
            return self._connect(path)

    def close(self) -> None:
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
            self._calls[call_id] = call
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
                    self._db.execute(
                        "insert into calls(id, row, updated_at) values (?, ?, ?) "
                        "on conflict(id) do update set row = excluded.row, "
                        "updated_at = excluded.updated_at",
                        (
                            update.call_id,
                            json.dumps(update.call.to_row(), ensure_ascii=False),
                            format_timestamp(update.call.updated_at),
                        ),
                    )
                fresh.extend(alert for alert in update.alerts if self._record_alert(alert))
            moved = self._advance_cursor(cursor) if cursor is not None else None
            if xid_floor is not None:
                self._set_meta({XID_FLOOR: str(xid_floor)})
        # only now that the transaction committed may the caches reflect it
        self._remember_calls(written)
        if moved is not None:
            self._cursor = moved
        if xid_floor is not None:
            self._xid_floor, self._xid_known = xid_floor, True
        return fresh

    def _record_alert(self, alert: Alert) -> bool:
        result = self._db.execute(
            "insert or ignore into alerts(dedupe_key, kind, call_id, title, body, urgency, "
            "company, score, at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                alert.dedupe_key,
                alert.kind.value,
                alert.call_id,
                alert.title,
                alert.body,
                int(alert.urgency),
                alert.company,
                alert.score,
                format_timestamp(alert.at),
            ),
        )
        return result.rowcount == 1

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
        with self._transaction():
            self._db.execute("delete from calls")
            self._db.execute(
                "delete from meta where key like 'cursor_%' or key in (?, ?)", (XID_FLOOR, MODE)
            )
            self._db.execute(
                "insert into meta(key, value) values ('account', ?) "
                "on conflict(key) do update set value = excluded.value",
                (account,),
            )
        return found is not None

    # --- history -----------------------------------------------------------------------

    def recent_alerts(self, limit: int = 200, search: str = "") -> list[Alert]:
        sql = (
            "select kind, call_id, title, body, urgency, dedupe_key, at, company, score from alerts"
        )
        params: list[object] = []
        if search:
            sql += " where title like ? or body like ? or coalesce(company, '') like ?"
            needle = f"%{search}%"
            params += [needle, needle, needle]
        sql += " order by seq desc limit ?"
        params.append(limit)
        return [_alert_from_row(row) for row in self._db.execute(sql, params)]

    def count_alerts(self) -> int:
        return int(self._db.execute("select count(*) from alerts").fetchone()[0])


def _alert_from_row(row: Sequence[object]) -> Alert:
    kind, call_id, title, body, urgency, key, at, company, score = row
    stamp = parse_timestamp(str(at))
    assert stamp is not None
    return Alert(
        kind=AlertKind(str(kind)),
        call_id=str(call_id),
        title=str(title),
        body=str(body),
        urgency=Urgency(int(str(urgency))),
        dedupe_key=str(key),
        at=stamp,
        company=None if company is None else str(company),
        score=None if score is None else int(str(score)),
    )


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
