"""`DayBook`: today's calls as the dashboard and the calls list know them.

Read from PostgREST in one request (`Account.calls_day`, resources/sql/005_views_comments.sql)
when a view first opens, again after every reconnect and when the local day changes (at
midnight, even with no change arriving); between reads it follows the same changes the
pipeline hands the open windows (`apply`: no subscription of its own). A change that
arrives while a read is under way is applied on top of what the read returns when it is
newer. Nothing is read or kept while no view is open.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_notifier.common.errors import UserError
from desktop_notifier.events import Call, InvalidPayload
from desktop_notifier.events.day import DayCall, parse_compact, read_at
from desktop_notifier.sync.account import Account

log = logging.getLogger(__name__)

# The local day is checked at midnight, and at least this often while a view is open: a timer
# set for midnight fires late after a laptop's sleep (Qt's timers follow the monotonic clock).
DAY_CHECK = 60.0


class DayBook(QObject):
    reloaded = Signal()
    # list[DayCall] created today (new or changed), list[DayCall] older, list[str] removed
    changed = Signal(object, object, object)

    def __init__(
        self,
        account: Callable[[], Account | None],
        spawn: Callable[[Coroutine[Any, Any, None]], None],
        clock: Callable[[], datetime],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._account = account
        self._spawn = spawn
        self._clock = clock
        self.calls: dict[str, DayCall] = {}
        self.read_at: datetime | None = None
        self.active = False
        self._day: date | None = None
        self._reading = False
        self._again = False
        self._arrived: dict[str, Call | None] = {}  # while a read is under way
        self._midnight = QTimer(self)
        self._midnight.setSingleShot(True)
        self._midnight.timeout.connect(self._on_midnight)

    def start(self) -> None:
        """A view opened: read today's calls the first time, then keep them."""
        if not self.active:
            self.active = True
            self.reload()

    def stop(self) -> None:
        """No view open any more: forget today's calls until one opens again."""
        self.active = False
        self._midnight.stop()
        self.calls = {}
        self.read_at = None
        self._day = None
        self._again = False  # a read under way still ends: it finds the book inactive

    def reload(self) -> None:
        if not self.active:
            return
        if self._reading:
            self._again = True
            return
        self._reading = True
        self._spawn(self._read())

    def bounds(self) -> tuple[datetime, datetime]:
        """Today in the local time zone: [midnight, next midnight)."""
        now = self._clock().astimezone()
        start = now.replace(hour=0, minute=0, second=0, microsecond=0)
        return start, (start + timedelta(days=1)).replace(hour=0)

    def check_day(self) -> None:
        """A new local day: read again (yesterday's calls leave the counts)."""
        if self.active and self._day is not None and self.bounds()[0].date() != self._day:
            self.reload()

    def _on_midnight(self) -> None:
        self.check_day()
        self._arm_midnight()

    def _arm_midnight(self) -> None:
        """Check the day again just after the next local midnight, or in `DAY_CHECK`."""
        if not self.active:
            return
        to_midnight = (self.bounds()[1] - self._clock()).total_seconds() + 0.5
        self._midnight.start(int(max(0.1, min(to_midnight, DAY_CHECK)) * 1000))

    async def _read(self) -> None:
        try:
            while True:
                self._again = False
                self._arrived = {}
                start, end = self.bounds()
                account = self._account()
                if account is None:
                    return
                try:
                    data = await account.calls_day(start, end)
                    calls, bad = parse_compact(data.get("calls"))
                except (UserError, InvalidPayload) as exc:
                    log.warning("today's calls could not be read: %s", exc)
                    return
                if bad:
                    log.warning("skipped %d of today's calls that could not be understood", bad)
                if not self.active:
                    return
                if not self._again:
                    break
            self.calls = {call.id: call for call in calls}
            self.read_at = read_at(data.get("read_at")) or self._clock()
            self._day = start.date()
            self._arm_midnight()
            arrived, self._arrived = self._arrived, {}
            self._merge(arrived)
            self.reloaded.emit()
        finally:
            self._reading = False

    def _merge(self, arrived: dict[str, Call | None]) -> None:
        start, end = self.bounds()
        for call_id, call in arrived.items():
            if call is None:
                self.calls.pop(call_id, None)
                continue
            row = DayCall.from_call(call)
            known = self.calls.get(call_id)
            if _today(row, start, end) and (known is None or _newer(row, known)):
                self.calls[call_id] = row

    def apply(self, changes: dict[str, Call | None]) -> None:
        """Changes the pipeline recorded (live or caught up); None: the call was deleted."""
        if not self.active:
            return
        if self._reading:
            self._arrived.update(changes)
        start, end = self.bounds()
        today: list[DayCall] = []
        older: list[DayCall] = []
        removed: list[str] = []
        for call_id, call in changes.items():
            if call is None:
                self.calls.pop(call_id, None)
                removed.append(call_id)
                continue
            row = DayCall.from_call(call)
            if _today(row, start, end):
                if self.calls.get(call_id) == row:
                    continue  # read again (a reconciliation pass): nothing to recount
                self.calls[call_id] = row
                today.append(row)
            else:
                older.append(row)
        if today or older or removed:
            self.changed.emit(today, older, removed)


def _today(call: DayCall, start: datetime, end: datetime) -> bool:
    return call.created_at is not None and start <= call.created_at < end


def _newer(one: DayCall, other: DayCall) -> bool:
    return one.updated_at is not None and (
        other.updated_at is None or one.updated_at >= other.updated_at
    )
