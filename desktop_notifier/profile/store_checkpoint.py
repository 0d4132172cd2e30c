"""When the store's write-ahead log is folded back into the database file.

Not inside whichever commit crosses SQLite's threshold: its automatic checkpoint made about one
commit in a few hundred take 2 to 26 ms instead of 0.3 ms, on the way to a toast. Instead, in a
loop callback of its own, `DELAY_SECONDS` after the first commit it has not folded in yet: a
small checkpoint about once a second while writes go on, between changes rather than inside
one. Without an event loop (a script, a test) every `FORCE_AFTER` commits. Closing the store
checkpoints too (SQLite does it when the last connection closes).
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3

log = logging.getLogger(__name__)
DELAY_SECONDS = 1.0
FORCE_AFTER = 1000


class DelayedCheckpoints:
    def __init__(self, db: sqlite3.Connection) -> None:
        db.execute("pragma wal_autocheckpoint=0")
        self._db = db
        self._commits = 0
        self._timer: asyncio.TimerHandle | None = None

    def committed(self) -> None:
        """Called after every commit."""
        self._commits += 1
        if self._commits >= FORCE_AFTER:
            self.run()
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (a script, a test): FORCE_AFTER and close() do it
            return
        if self._timer is None:
            self._timer = loop.call_later(DELAY_SECONDS, self.run)

    def run(self) -> None:
        self.cancel()
        self._commits = 0
        try:
            self._db.execute("pragma wal_checkpoint(passive)").fetchall()
        except sqlite3.Error as exc:  # the next one will try again; the data is safe in the log
            log.warning("store checkpoint failed: %s", exc)

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
