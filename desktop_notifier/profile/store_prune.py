"""Keeping the store bounded, in small steps off the hot path.

What is kept: every alert of the last `history_days`, at most the newest
`store_history.KEEP_ALERTS` of them (`history_days` 0: every alert, for ever); every open call;
of the closed ones, those created in the last `KEEP_DAYS` days, at most `KEEP_CLOSED`. What is
pruned goes `STEP` rows at a time, in a loop callback of its own (never inside the commit of a
change on its way to a toast), one step every `STEP_GAP` seconds while there is more, then
once every `IDLE_GAP`. The newest `created_at` pruned becomes the store's "known since": a call
created after it that the store does not hold is one it never saw (see `Store.known_since`).
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from desktop_notifier.events.call import format_timestamp
from desktop_notifier.profile import store_history

log = logging.getLogger(__name__)
STEP = 500  # rows deleted per step: a few ms
STEP_GAP = 0.5  # seconds between steps while there is more to prune
FIRST_GAP = 30.0  # seconds after the store opens (start-up and the first sync go first)
IDLE_GAP = 3600.0
KEEP_DAYS = 7
KEEP_CLOSED = 5000
PAGES_FREED = 64  # incremental vacuum per step (pages of 4 KB)


class Pruner:
    def __init__(
        self,
        db: sqlite3.Connection,
        transaction: Callable[[], object],
        history_days: Callable[[], int],
        forgot: Callable[[list[str], str | None], None],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._db = db
        self._transaction = transaction
        self._history_days = history_days
        self._clock = clock
        self._forgot = forgot  # in the step's transaction: the ids and the newest created_at
        self._timer: asyncio.TimerHandle | None = None

    def schedule(self, delay: float = FIRST_GAP) -> None:
        """Prune `delay` seconds from now (no event loop: only `step()` called by hand)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        if self._timer is None:
            self._timer = loop.call_later(delay, self._run)

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _run(self) -> None:
        self._timer = None
        try:
            more = self.step()
        except sqlite3.Error as exc:  # the next step tries again
            log.warning("store pruning failed: %s", exc)
            more = False
        self.schedule(STEP_GAP if more else IDLE_GAP)

    def step(self, limit: int = STEP) -> bool:
        """Delete at most `limit` alerts and `limit` call rows past their bound; True if more
        remain."""
        now = self._clock()
        days = self._history_days()
        with self._transaction():  # type: ignore[attr-defined]
            alerts = 0
            if days > 0:
                alerts = store_history.forget_before(self._db, now - timedelta(days=days), limit)
                if alerts < limit:
                    keep = store_history.KEEP_ALERTS
                    alerts += store_history.forget_beyond(self._db, keep, limit - alerts)
            calls = self._forget_calls(now, limit)
        if alerts or calls:
            self._db.execute(f"pragma incremental_vacuum({PAGES_FREED})").fetchall()
            log.debug("pruned %d alerts and %d calls", alerts, calls)
        return alerts >= limit or calls >= limit

    def _forget_calls(self, now: datetime, limit: int) -> int:
        cutoff = format_timestamp(now - timedelta(days=KEEP_DAYS))
        kept = self._db.execute(
            "select created_at from calls where closed = 1 order by created_at desc "
            "limit 1 offset ?",
            (KEEP_CLOSED - 1,),
        ).fetchone()
        if kept is not None and kept[0] is not None and (cutoff is None or kept[0] > cutoff):
            cutoff = kept[0]  # more than KEEP_CLOSED recent ones: keep the newest
        found = self._db.execute(
            "select id, created_at from calls where closed = 1 and created_at < ? "
            "order by created_at limit ?",
            (cutoff, limit),
        ).fetchall()
        if not found:
            return 0
        self._db.executemany("delete from calls where id = ?", [(row[0],) for row in found])
        newest = max((row[1] for row in found if row[1] is not None), default=None)
        self._forgot([row[0] for row in found], newest)
        return len(found)
