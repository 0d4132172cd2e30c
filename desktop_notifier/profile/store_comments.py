"""The store's part for the comment alerts (issue 17), mixed into `store.Store`: the comments'
floor, a (created_at, comment id) `Cursor` up to which comments were read, and the recording
of alerts that belong to no call row, both in one transaction so an alert is never recorded
without the floor that read it (or the reverse). Its meta keys start with `cursor_`, so a
switch of accounts forgets them with the calls' cursor. Also `Cursor` itself, the position
type both floors use.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime

from desktop_notifier.alerts import Alert
from desktop_notifier.events.call import format_timestamp, parse_timestamp
from desktop_notifier.profile import store_history

COMMENT_AT, COMMENT_ID = "cursor_comment_at", "cursor_comment_id"
COMMENT_SINCE = "cursor_comment_since"  # comments created up to it are older than the first pass


@dataclass(frozen=True, order=True)
class Cursor:
    """Position in the (updated_at, id) order of `calls` up to which we have seen everything
    (for the comments' floor: the (created_at, id) order of `call_comments`)."""

    updated_at: datetime
    call_id: str


class CommentStore:
    _db: sqlite3.Connection
    _transaction: Callable[[], AbstractContextManager[None]]
    _set_meta: Callable[[dict[str, str]], None]

    def comment_cursor(self) -> Cursor | None:
        """The (created_at, comment id) up to which comments were read (None: never)."""
        found = self._db.execute(
            "select key, value from meta where key in (?, ?)", (COMMENT_AT, COMMENT_ID)
        )
        rows = dict(found.fetchall())
        stamp = parse_timestamp(rows.get(COMMENT_AT))
        return None if stamp is None else Cursor(stamp, rows.get(COMMENT_ID, ""))

    def record_alerts(
        self, alerts: Sequence[Alert], comment_cursor: Cursor | None = None
    ) -> list[Alert]:
        """Record `alerts` (and move the comments' floor forward) in one transaction; return
        the alerts whose dedupe key had never been recorded."""
        with self._transaction():
            fresh = [a for a in alerts if store_history.record(self._db, a)]
            if comment_cursor is not None:
                current = self.comment_cursor()
                if current is None or comment_cursor > current:
                    stamp = format_timestamp(comment_cursor.updated_at) or ""
                    self._set_meta({COMMENT_AT: stamp, COMMENT_ID: comment_cursor.call_id})
        return fresh

    def comments_since(self) -> datetime | None:
        """Comments created up to this moment were there before the first (silent) pass."""
        found = self._db.execute("select value from meta where key = ?", (COMMENT_SINCE,))
        value = found.fetchone()
        return parse_timestamp(value[0]) if value else None

    def start_comments(self, newest: Cursor) -> None:
        """The first, silent pass: the floor and the "since" both at the newest comment."""
        stamp = format_timestamp(newest.updated_at) or ""
        with self._transaction():
            self._set_meta({COMMENT_AT: stamp, COMMENT_ID: newest.call_id, COMMENT_SINCE: stamp})

    def forget_comment_cursor(self) -> None:
        """The comment kind was turned off: when it is on again, its first pass is silent."""
        with self._transaction():
            self._db.execute(
                "delete from meta where key in (?, ?, ?)", (COMMENT_AT, COMMENT_ID, COMMENT_SINCE)
            )
