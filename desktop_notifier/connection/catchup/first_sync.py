"""A profile's first sync: what is current, not the team's whole history.

The floor is taken first (the xid watermark, read with a `since` above every xid so no row
comes with it; or the last (updated_at, id) for the timestamp catch-up), then, silently, the
calls still open (status not closed, or an analysis not settled) and the `NEWEST` newest. What
changed after the floor is read by the next pass as usual. If older calls exist, the oldest
`created_at` read becomes the store's "known since": a call the store lacks that was created
after it is one it never saw (new), one created before it was left out here (diffed against
its `old_record`, or recorded without alerts). Cost: a few pages, whatever the table holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import partial
from typing import Protocol

from desktop_notifier.connection.catchup.by_time import TimestampSource, floor_of
from desktop_notifier.connection.catchup.by_xid import XidSource, read_page
from desktop_notifier.connection.catchup.tally import PassTally
from desktop_notifier.events import JSONValue
from desktop_notifier.events.call import CLOSED_STATUSES, SETTLED_AI, parse_timestamp
from desktop_notifier.profile.store import Cursor, Store
from desktop_notifier.sync.paging import PageEnd, PageSize

NEWEST = 1000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ABOVE_EVERY_XID = str(2**64 - 1)  # xid8's largest value: a page with no rows, its watermark
Row = dict[str, JSONValue]


class CurrentSource(TimestampSource, XidSource, Protocol):
    async def last_changed(self) -> Row | None: ...

    async def newest_rows(self, limit: int) -> list[Row]: ...

    async def older_exists(self, created_at: str, call_id: str) -> bool: ...

    async def open_rows(
        self, column: str, settled: Sequence[str], after_id: str, limit: int
    ) -> list[Row]: ...


def _all_new(_row: Row) -> bool:
    return True  # silent: it only decides INSERT or UPDATE, which nothing alerts on here


async def first_sync(
    source: CurrentSource,
    store: Store,
    tally: PassTally,
    page: PageSize,
    *,
    exact: bool,
    now: datetime,
) -> None:
    """Raises `FunctionMissing` (exact, before anything is read) on a server without
    `calls_changes`: the caller then runs it again with `exact=False`."""
    if exact:
        data = await page.read(partial(source.calls_changes, ABOVE_EVERY_XID, None, None))
        _rows, watermark, _more = read_page(data)
        cursor = last = None
    else:
        last = await source.last_changed()
        cursor = None if last is None else floor_of([last], now)
    newest = await page.read(lambda size: source.newest_rows(min(size, NEWEST)))
    tally.take(newest, _all_new)
    for column, settled in (("status", CLOSED_STATUSES), ("ai_status", SETTLED_AI)):
        after_id = ""
        end = PageEnd()
        while True:
            rows = await page.read(partial(source.open_rows, column, settled, after_id))
            tally.take(rows, _all_new)
            if end.is_last(page.size, len(rows)):
                break
            after_id = str(rows[-1].get("id"))
    store.set_known_since(await _known_since(source, newest))
    if exact:
        tally.floor(xid_floor=watermark)
    else:  # an empty table: every later row is new; a last row in the future: from now
        tally.floor(cursor=cursor or Cursor(EPOCH if last is None else now, ""))


async def _known_since(source: CurrentSource, newest: list[Row]) -> datetime | None:
    """The oldest created_at read, if any call is older; None if the table was read whole."""
    if not newest:
        return None
    oldest = newest[-1]
    created, call_id = oldest.get("created_at"), oldest.get("id")
    if not isinstance(created, str) or not isinstance(call_id, str):
        return None
    if not await source.older_exists(created, call_id):
        return None
    return parse_timestamp(created, "created_at")
