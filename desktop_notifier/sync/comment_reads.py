"""What the comment alert (issue 17) reads through PostgREST, as a part of `Account`: the
comments others wrote since a (created_at, id) position, in that order, only the columns the
alert needs (`call_comments`, resources/sql/005_views_comments.sql: RLS lets a reader see the
comments of every call they may see), the newest comment's position (where a first pass
starts, silently), and the owner and company of a few calls (`calls?select=id,owner_id,
company_name&id=in.(…)`), for comments on calls the local store does not hold; and whether
the project has `call_comments` at all (a project without 005).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from desktop_notifier.sync.call_reads import CallReads, Row, _read_error
from desktop_notifier.sync.postgrest_rows import execute_rows

ALERT_COLUMNS = "id,call_id,author_id,body,created_at"
OWNER_COLUMNS = "id,owner_id,company_name"
MAX_IDS = 100  # call ids per owner read: the URL stays short


class TableMissing(Exception):
    """PostgREST does not know the table (PGRST205; 42P01 from servers before v12)."""


class CommentReads(CallReads):
    """Mixed into `Account` (through its `CallReads`)."""

    async def comments_readable(self) -> bool:
        """Whether the project has `call_comments`: one read of at most one id (RLS decides
        which; an empty table or none visible is still a table). Other errors raise."""
        table = "call_comments"
        try:
            await self._retried(
                lambda: execute_rows(self._rest.from_(table).select("id").limit(1), self._count),
                _table_error,
            )
        except TableMissing:
            return False
        return True

    async def _comment_rows(self, build: Any) -> list[Row]:
        rows: list[Row] = await self._retried(
            lambda: execute_rows(
                build(self._rest.from_("call_comments").select(ALERT_COLUMNS)), self._count
            ),
            _read_error,
        )
        return rows

    async def comments_at(self, stamp: str, after_id: str, not_by: str, limit: int) -> list[Row]:
        """Comments not written by `not_by`, created at exactly `stamp`, with id after
        `after_id`, by id."""

        def build(query: Any) -> Any:
            query = query.eq("created_at", stamp).neq("author_id", not_by)
            if after_id:
                query = query.gt("id", after_id)
            return query.order("id").limit(limit)

        return await self._comment_rows(build)

    async def comments_after(self, stamp: str, not_by: str, limit: int) -> list[Row]:
        """Comments not written by `not_by`, created after `stamp`, by (created_at, id)."""
        return await self._comment_rows(
            lambda q: (
                q.gt("created_at", stamp)
                .neq("author_id", not_by)
                .order("created_at")
                .order("id")
                .limit(limit)
            )
        )

    async def newest_comment(self) -> Row | None:
        """The comment last in (created_at, id) order, of all those this user may read."""
        rows = await self._comment_rows(
            lambda q: q.order("created_at", desc=True).order("id", desc=True).limit(1)
        )
        return rows[0] if rows else None

    async def call_owners(self, call_ids: Sequence[str]) -> list[Row]:
        """`{id, owner_id, company_name}` of those calls this user may see (others: absent)."""
        rows: list[Row] = []
        ids = sorted(set(call_ids))
        for start in range(0, len(ids), MAX_IDS):
            rows += await self._select(
                partial(_ids_in, ids[start : start + MAX_IDS]), OWNER_COLUMNS
            )
        return rows


def _table_error(exc: Exception, url: str) -> Exception:
    if str(getattr(exc, "code", "")) in ("PGRST205", "42P01"):
        return TableMissing(str(getattr(exc, "message", "")))
    return _read_error(exc, url)


def _ids_in(ids: list[str], query: Any) -> Any:
    return query.in_("id", ids)
