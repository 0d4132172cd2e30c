"""The timestamp catch-up (the fallback where the server lacks `calls_changes`): rows read
from PostgREST by (updated_at, id) from the stored cursor, minus an overlap.

A transaction that started earlier can commit later with an older updated_at: the overlap
re-reads that far back (the diff against the last-seen row makes re-reading harmless). A
transaction held open longer than the overlap is missed; the exact (xid) catch-up has no such
limit. The cursor moves to the last row read, in the same transaction as that row, never past
a row stamped in the future (clock skew, a hand edit): later passes simply re-read it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import Protocol

from desktop_notifier.connection.catchup.tally import PassTally
from desktop_notifier.connection.pipeline import created_after
from desktop_notifier.events import InvalidPayload, JSONValue
from desktop_notifier.events.call import format_timestamp, parse_timestamp
from desktop_notifier.profile.store import Cursor, Store
from desktop_notifier.sync.paging import PageEnd, PageSize

MAX_CLOCK_SKEW = timedelta(minutes=5)
Row = dict[str, JSONValue]


class TimestampSource(Protocol):
    async def rows_at(self, stamp: str, after_id: str, limit: int) -> list[Row]: ...

    async def rows_after(self, stamp: str | None, limit: int) -> list[Row]: ...


def _position(row: Row) -> tuple[datetime, str]:
    stamp = parse_timestamp(row.get("updated_at"), "updated_at")
    call_id = row.get("id")
    if stamp is None or not isinstance(call_id, str):
        raise InvalidPayload("catch-up row without updated_at or id")
    return stamp, call_id


def floor_of(rows: list[Row], now: datetime) -> Cursor | None:
    """The last position among `rows` (in cursor order) that is not in the future."""
    for row in reversed(rows):
        stamp, call_id = _position(row)
        if stamp <= now + MAX_CLOCK_SKEW:
            return Cursor(stamp, call_id)
    return None


async def timestamp_pass(
    source: TimestampSource,
    store: Store,
    tally: PassTally,
    page: PageSize,
    *,
    overlap: timedelta,
    now: datetime,
) -> None:
    cursor = store.cursor()
    new_after = None if cursor is None else cursor.updated_at - overlap
    known_since = store.known_since()

    def created_since(row: Row) -> bool:
        """No cursor (a first sync, silent; or an exact-mode profile reading by timestamp for
        once): a call we do not remember is new. Else: created after the cursor's overlap.
        Never one created before what the store is sure to hold (`known_since`)."""
        if not created_after(row, known_since):
            return False
        return created_after(row, new_after)

    stamp = format_timestamp(new_after)
    after_id = ""
    end = PageEnd()
    while True:
        if stamp is not None:  # drain the rows that share the current timestamp
            rows = await page.read(partial(source.rows_at, stamp, after_id))
            tally.take(rows, created_since, cursor=floor_of(rows, now))
            if rows:
                after_id = _position(rows[-1])[1]
            if not end.is_last(page.size, len(rows)):
                continue
        rows = await page.read(partial(source.rows_after, stamp))
        tally.take(rows, created_since, cursor=floor_of(rows, now))
        if end.is_last(page.size, len(rows)):
            break
        position, after_id = _position(rows[-1])
        stamp = format_timestamp(position)
