"""One catch-up pass's bookkeeping: rows read from the server become snapshot changes, go
through the pipeline page by page (with the floor the read proved, stored in the same
transaction), and the pass's totals and new alerts are kept for one report at its end."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from desktop_notifier.alerts import Alert
from desktop_notifier.connection.pipeline import Pipeline
from desktop_notifier.events import InvalidPayload, JSONValue, RowChange, snapshot_change
from desktop_notifier.profile.store import Cursor

log = logging.getLogger(__name__)
Row = dict[str, JSONValue]


def to_changes(rows: Sequence[Row], created_since: Callable[[Row], bool]) -> list[RowChange]:
    """Rows as changes: an INSERT where `created_since(row)` (we cannot have seen the call;
    classify still diffs it against a row we do remember), else an UPDATE."""
    changes = []
    for row in rows:
        try:
            changes.append(snapshot_change(row, created_since_cursor=created_since(row)))
        except InvalidPayload as exc:
            log.warning("skipped a catch-up row that could not be understood: %s", exc)
    return changes


class PassTally:
    def __init__(self, pipeline: Pipeline, *, silent: bool) -> None:
        self._pipeline = pipeline
        self.silent = silent
        self.rows = 0
        self.pages = 0
        self.alerts: list[Alert] = []

    def take(
        self,
        rows: Sequence[Row],
        created_since: Callable[[Row], bool],
        *,
        cursor: Cursor | None = None,
        xid_floor: int | None = None,
    ) -> None:
        self.rows += len(rows)
        self.pages += 1
        self.alerts.extend(
            self._pipeline.handle(
                to_changes(rows, created_since),
                silent=self.silent,
                caught_up=True,
                report_alerts=False,
                cursor=cursor,
                xid_floor=xid_floor,
            )
        )

    def floor(self, *, cursor: Cursor | None = None, xid_floor: int | None = None) -> None:
        """Store the floor the whole pass proved (no rows with it)."""
        self._pipeline.handle([], cursor=cursor, xid_floor=xid_floor)
