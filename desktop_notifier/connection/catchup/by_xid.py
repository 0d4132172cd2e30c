"""The exact catch-up: `rpc/calls_changes` (resources/sql/002_change_xid.sql) pages through the
rows whose `change_xid` is at or above the stored floor, keyset by (change_xid, id), and hands
back the snapshot's `pg_snapshot_xmin`: every transaction below it has ended, so once the whole
pass is read that watermark (of the pass's FIRST page) becomes the new floor. A transaction
held open for an hour keeps the watermark below it until it ends: no clock, no overlap.

Rows between the floor and what was read come again next time; the diff against the last-seen
row makes that harmless. A watermark below the stored floor means the database is not the one
the floor came from (a restore): the pass starts over from the beginning.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Protocol

from desktop_notifier.common.errors import ErrorCode, UserError
from desktop_notifier.connection.catchup.tally import PassTally
from desktop_notifier.connection.pipeline import created_after
from desktop_notifier.events import JSONValue
from desktop_notifier.profile.store import Store
from desktop_notifier.sync.paging import PageSize

log = logging.getLogger(__name__)
Row = dict[str, JSONValue]


class XidSource(Protocol):
    async def calls_changes(
        self, since: str | None, after_xid: str | None, after_id: str | None, page_size: int
    ) -> dict[str, JSONValue]: ...


def _xid(value: JSONValue, what: str) -> int:
    text = str(value) if isinstance(value, str | int) else ""
    if not text.isdigit():
        raise UserError(ErrorCode.SERVER_ERROR, detail=f"calls_changes: bad {what}")
    return int(text)


def read_page(data: dict[str, JSONValue]) -> tuple[list[Row], int, bool]:
    rows = data.get("rows")
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise UserError(ErrorCode.SERVER_ERROR, detail="calls_changes: bad rows")
    return list(rows), _xid(data.get("watermark"), "watermark"), data.get("more") is True  # type: ignore[arg-type]


async def xid_pass(source: XidSource, store: Store, tally: PassTally, page: PageSize) -> None:
    known_since = store.known_since()

    def created_since(row: Row) -> bool:
        """A call we do not remember, created after what the store is sure to hold, is new
        (classify diffs the ones we do remember; older ones it lacks are not new)."""
        return created_after(row, known_since)

    floor = store.xid_floor()
    since = None if floor is None else str(floor)
    watermark: int | None = None
    after_xid: str | None = None
    after_id: str | None = None
    while True:
        data = await page.read(partial(source.calls_changes, since, after_xid, after_id))
        rows, mark, more = read_page(data)
        if watermark is None:
            if floor is not None and mark < floor:
                log.warning("the server's xid watermark is below ours; reading everything")
                floor = since = None
                continue
            watermark = mark
        tally.take(rows, created_since)
        if not more:
            break
        if not rows:
            raise UserError(ErrorCode.SERVER_ERROR, detail="calls_changes: more without rows")
        last = rows[-1]
        after_xid = str(_xid(last.get("change_xid"), "change_xid"))
        after_id = str(last.get("id"))
    tally.floor(xid_floor=watermark)
