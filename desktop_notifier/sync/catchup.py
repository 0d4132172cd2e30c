"""Catch-up: what changed while we were not listening, read from PostgREST from the persisted
cursor, paged by (updated_at, id), with no cap.

postgres_changes has no replay, so this runs after every (re)subscription once the server says
it is streaming. It re-reads a short overlap before the cursor (a transaction that started
earlier can commit later with an older updated_at); the diff against the last-seen row makes
re-reading harmless. A profile's first sync records the table silently: no toast storm.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from desktop_notifier.alerts import Alert
from desktop_notifier.events import InvalidPayload, JSONValue, RowChange, snapshot_change
from desktop_notifier.events.call import format_timestamp, parse_timestamp
from desktop_notifier.store import Cursor, Store
from desktop_notifier.sync.pipeline import Pipeline

log = logging.getLogger(__name__)

PAGE_SIZE = 500
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
OVERLAP = timedelta(minutes=2)
Row = dict[str, JSONValue]


class RowSource(Protocol):
    async def rows_at(self, stamp: str, after_id: str, limit: int) -> list[Row]: ...

    async def rows_after(self, stamp: str | None, limit: int) -> list[Row]: ...


@dataclass(frozen=True)
class CatchUpResult:
    rows: int
    pages: int
    alerts: list[Alert]
    silent: bool


def _to_changes(rows: list[Row], new_after: datetime | None) -> list[RowChange]:
    changes = []
    for row in rows:
        try:
            created = parse_timestamp(row.get("created_at"), "created_at")
            is_new = new_after is not None and created is not None and created > new_after
            changes.append(snapshot_change(row, created_since_cursor=is_new))
        except InvalidPayload as exc:
            log.warning("skipped a catch-up row that could not be understood: %s", exc)
    return changes


def _position(row: Row) -> tuple[str, str]:
    stamp = parse_timestamp(row.get("updated_at"), "updated_at")
    call_id = row.get("id")
    if stamp is None or not isinstance(call_id, str):
        raise InvalidPayload("catch-up row without updated_at or id")
    return format_timestamp(stamp) or "", call_id


async def catch_up(
    source: RowSource,
    store: Store,
    pipeline: Pipeline,
    *,
    page_size: int = PAGE_SIZE,
    overlap: timedelta = OVERLAP,
) -> CatchUpResult:
    cursor = store.cursor()
    silent = cursor is None
    new_after = None if cursor is None else cursor.updated_at - overlap
    stamp = format_timestamp(new_after)
    after_id = ""
    rows_seen = pages = 0
    alerts: list[Alert] = []

    def process(rows: list[Row]) -> None:
        nonlocal rows_seen, pages
        rows_seen += len(rows)
        pages += 1
        alerts.extend(
            pipeline.handle(
                _to_changes(rows, new_after), silent=silent, caught_up=True, report_alerts=False
            )
        )

    while True:
        if stamp is not None:  # drain the rows that share the current timestamp
            rows = await source.rows_at(stamp, after_id, page_size)
            process(rows)
            if rows:
                after_id = _position(rows[-1])[1]
            if len(rows) == page_size:
                continue
        rows = await source.rows_after(stamp, page_size)
        process(rows)
        if len(rows) < page_size:
            break
        stamp, after_id = _position(rows[-1])
    if silent and store.cursor() is None:  # an empty table: anything that appears later is new
        store.apply([], Cursor(EPOCH, ""))
    log.info(
        "catch-up: %d rows in %d pages, %d alerts%s",
        rows_seen,
        pages,
        len(alerts),
        " (first sync, silent)" if silent else "",
    )
    return CatchUpResult(rows_seen, pages, alerts, silent)
