"""What the app reads of `public.calls` through PostgREST, as a part of `Account`.

Alerts and the tray need only the brief columns (`events.call.BRIEF_SELECT`): the catch-up and
the first sync read those (`rpc/calls_changes_brief`, resources/sql/003_brief_reads.sql, or
`calls_changes` on an older server, with the heavy columns dropped once read); a call window
reads the whole row (`fetch_call`). A first sync reads what is current, not the table: the
xid watermark or the last (updated_at, id), the calls still open, and the newest ones.

A token the server refuses as expired (PostgREST `PGRST303`) gets one refresh and a retry.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from typing import Any, TypeVar

from postgrest import AsyncPostgrestClient

from desktop_notifier.common.errors import ErrorCode, UserError
from desktop_notifier.events import JSONValue
from desktop_notifier.events.call import BRIEF_SELECT, DETAIL_COLUMNS
from desktop_notifier.events.json_depth import TooDeep
from desktop_notifier.sync.errors import is_jwt_expired, map_error
from desktop_notifier.sync.paging import FunctionMissing, StatementTimeout
from desktop_notifier.sync.postgrest_rows import execute_rows, execute_value

log = logging.getLogger(__name__)
Row = dict[str, JSONValue]
T = TypeVar("T")
BRIEF_RPC = "calls_changes_brief"
FULL_RPC = "calls_changes"


class CallReads:
    """Mixed into `Account`, which provides the client, the tokens and the refresh."""

    url: str
    _rest: AsyncPostgrestClient
    _rpc: str = BRIEF_RPC  # calls_changes on a server without 003_brief_reads.sql
    bytes_read: int = 0  # response bodies read from PostgREST (the catch-up logs it)

    def _count(self, size: int) -> None:
        self.bytes_read += size

    def access_token(self) -> str:
        raise NotImplementedError  # Account's

    async def refresh_rejected(self, access_token: str) -> None:
        raise NotImplementedError  # Account's

    async def _retried(
        self, send: Callable[[], Awaitable[T]], error: Callable[[Exception, str], Exception]
    ) -> T:
        token = self.access_token()
        try:
            return await send()
        except TooDeep:
            raise
        except Exception as exc:
            if not is_jwt_expired(exc):
                raise error(exc, self.url) from exc
        await self.refresh_rejected(token)  # PGRST303: one refresh, then one retry
        try:
            return await send()
        except TooDeep:
            raise
        except Exception as exc:
            raise error(exc, self.url) from exc

    async def _select(self, build: Callable[[Any], Any], columns: str = BRIEF_SELECT) -> list[Row]:
        # Decoded depth-safely: a deeply nested jsonb row cannot fail the whole page.
        rows: list[Row] = await self._retried(
            lambda: execute_rows(build(self._rest.from_("calls").select(columns)), self._count),
            _read_error,
        )
        return rows

    async def calls_changes(
        self, since: str | None, after_xid: str | None, after_id: str | None, page_size: int
    ) -> dict[str, JSONValue]:
        """One page of brief rows changed since the xid `since`, keyset after (after_xid,
        after_id), and the snapshot's watermark. Raises `FunctionMissing` on a server without
        `calls_changes`; decoded with a depth bound (`TooDeep`: read that pass by timestamp)."""
        params = {"since": since, "after_xid": after_xid, "after_id": after_id}
        body: dict[str, Any] = {k: v for k, v in params.items() if v is not None}
        body["page_size"] = page_size
        while True:
            rpc = self._rpc
            try:
                send = partial(_call_rpc, self._rest, rpc, body, self._count)
                data = await self._retried(send, _rpc_error)
                break
            except FunctionMissing:
                if rpc == FULL_RPC:
                    raise
                log.info("the server has no %s: reading %s", BRIEF_RPC, FULL_RPC)
                self._rpc = FULL_RPC
        if not isinstance(data, dict):
            raise UserError(ErrorCode.SERVER_ERROR, detail="calls_changes answered no object")
        rows = data.get("rows")
        if self._rpc == FULL_RPC and isinstance(rows, list):
            for row in rows:
                if isinstance(row, dict):
                    for column in DETAIL_COLUMNS:
                        row.pop(column, None)
        return data

    async def fetch_call(self, call_id: str) -> Row | None:
        """The whole row (a call window, a change the server truncated)."""
        rows = await self._select(lambda q: q.eq("id", call_id).limit(1), "*")
        return rows[0] if rows else None

    async def rows_at(self, stamp: str, after_id: str, limit: int) -> list[Row]:
        """Rows whose updated_at equals `stamp`, with id after `after_id`, by id."""

        def build(query: Any) -> Any:
            query = query.eq("updated_at", stamp)
            if after_id:
                query = query.gt("id", after_id)
            return query.order("id").limit(limit)

        return await self._select(build)

    async def rows_after(self, stamp: str | None, limit: int) -> list[Row]:
        """Rows updated after `stamp` (all rows if None), by (updated_at, id)."""

        def build(query: Any) -> Any:
            if stamp is not None:
                query = query.gt("updated_at", stamp)
            return query.order("updated_at").order("id").limit(limit)

        return await self._select(build)

    async def last_changed(self) -> Row | None:
        """The row last in (updated_at, id) order: where a timestamp first sync starts."""
        rows = await self._select(
            lambda q: q.order("updated_at", desc=True).order("id", desc=True).limit(1)
        )
        return rows[0] if rows else None

    async def newest_rows(self, limit: int) -> list[Row]:
        """The newest calls by (created_at, id), descending."""
        return await self._select(
            lambda q: q.order("created_at", desc=True).order("id", desc=True).limit(limit)
        )

    async def older_exists(self, created_at: str, call_id: str) -> bool:
        """Whether a call comes before (created_at, id) in that order (two one-row reads:
        PostgREST's `or` is not needed, and many calls may share one created_at)."""
        same = await self._select(
            lambda q: q.eq("created_at", created_at).lt("id", call_id).limit(1), "id"
        )
        if same:
            return True
        return bool(await self._select(lambda q: q.lt("created_at", created_at).limit(1), "id"))

    async def open_rows(
        self, column: str, settled: Sequence[str], after_id: str, limit: int
    ) -> list[Row]:
        """Calls whose `column` is none of `settled` (and not null), by id after `after_id`."""

        def build(query: Any) -> Any:
            query = query.not_.in_(column, list(settled))
            if after_id:
                query = query.gt("id", after_id)
            return query.order("id").limit(limit)

        return await self._select(build)


async def _call_rpc(
    client: AsyncPostgrestClient, name: str, body: dict[str, Any], counted: Callable[[int], None]
) -> JSONValue:
    return await execute_value(client.rpc(name, body), counted)


def _rpc_error(exc: Exception, url: str) -> Exception:
    if str(getattr(exc, "code", "")) == "PGRST202":  # an older schema
        return FunctionMissing(str(getattr(exc, "message", "")))
    return _read_error(exc, url)


def _read_error(exc: Exception, url: str) -> Exception:
    if str(getattr(exc, "code", "")) == "57014":  # statement timeout: read smaller pages
        return StatementTimeout(str(getattr(exc, "message", "")))
    return map_error(exc, url)
