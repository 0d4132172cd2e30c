"""What the dashboard, the calls list and the comments read and write through PostgREST, as a
part of `Account`: a day of calls and the page before a call in one compact jsonb value each
(`rpc/calls_day`, `rpc/calls_before`, resources/sql/005_views_comments.sql), and the comments
of a call (`call_comments`: read in order, one added as the signed-in user).
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from postgrest import AsyncPostgrestClient

from desktop_notifier.common.errors import ErrorCode, UserError
from desktop_notifier.events import JSONValue
from desktop_notifier.events.call import format_timestamp
from desktop_notifier.sync.call_reads import CallReads, Row, _read_error, _rpc_error
from desktop_notifier.sync.postgrest_rows import execute_rows, execute_value

COMMENT_COLUMNS = "id,call_id,author_id,author_email,body,created_at"
COMMENTS_LIMIT = 500


class ViewReads(CallReads):
    """Mixed into `Account` (through its `CallReads`)."""

    async def calls_day(self, start: datetime, end: datetime) -> dict[str, JSONValue]:
        """`{"calls": [compact call, …], "read_at": …}`: the calls created in [start, end)."""
        body = {"day_start": format_timestamp(start), "day_end": format_timestamp(end)}
        data = await self._retried(partial(_rpc, self._rest, "calls_day", body), _rpc_error)
        if not isinstance(data, dict):
            raise UserError(ErrorCode.SERVER_ERROR, detail="calls_day answered no object")
        return data

    async def calls_before(
        self, before: datetime, before_id: str, page_size: int
    ) -> list[JSONValue]:
        """The compact calls just older than (before, before_id), newest first."""
        body = {"before": format_timestamp(before), "before_id": before_id, "page_size": page_size}
        data = await self._retried(partial(_rpc, self._rest, "calls_before", body), _rpc_error)
        if not isinstance(data, list):
            raise UserError(ErrorCode.SERVER_ERROR, detail="calls_before answered no list")
        return data

    async def comments(self, call_id: str) -> list[Row]:
        """The comments of a call, oldest first (the newest `COMMENTS_LIMIT`)."""
        rows: list[Row] = await self._retried(
            lambda: execute_rows(
                self._rest.from_("call_comments")
                .select(COMMENT_COLUMNS)
                .eq("call_id", call_id)
                .order("created_at", desc=True)
                .order("id", desc=True)
                .limit(COMMENTS_LIMIT)
            ),
            _read_error,
        )
        rows.reverse()
        return rows

    async def add_comment(self, call_id: str, body: str) -> Row | None:
        """Write a comment as the signed-in user; the row the server stored."""
        rows: list[Row] = await self._retried(
            lambda: execute_rows(
                self._rest.from_("call_comments").insert({"call_id": call_id, "body": body})
            ),
            _read_error,
        )
        return rows[0] if rows else None


async def _rpc(client: AsyncPostgrestClient, name: str, body: dict[str, Any]) -> JSONValue:
    return await execute_value(client.rpc(name, body))
