"""Row Level Security for Realtime deliveries, decided by the database's own policies.

Owns the check realtime.apply_rls performs per subscriber: for an INSERT/UPDATE on a table
with RLS enabled, select the row by primary key as the subscriber's role with its JWT claims
(``walrus_rls_stmt``); deliver only if it is visible. DELETEs are never checked (their
``old_record`` is already trimmed to the primary key); tables without RLS are always visible.
"""

from __future__ import annotations

import logging

import psycopg
from psycopg import sql

from desktop_notifier.devstack.capture import Change
from desktop_notifier.devstack.db import Pool, set_request_role
from desktop_notifier.devstack.tokens import Claims

log = logging.getLogger(__name__)


class RlsChecker:
    def __init__(self, pool: Pool) -> None:
        self._pool = pool

    @staticmethod
    def needs_check(change: Change) -> bool:
        return change.rls and change.type in ("INSERT", "UPDATE")

    async def visible(self, change: Change, claims: Claims) -> bool:
        if not self.needs_check(change):
            return True
        if not change.pk:
            return False
        where = sql.SQL(" and ").join(
            sql.SQL("{} = {}").format(sql.Identifier(name), sql.Placeholder()) for name in change.pk
        )
        query = sql.SQL("select exists(select 1 from {}.{} where {})").format(
            sql.Identifier(str(change.data["schema"])),
            sql.Identifier(str(change.data["table"])),
            where,
        )
        try:
            async with self._pool.connection() as conn, conn.transaction(force_rollback=True):
                await set_request_role(conn, claims)
                cur = await conn.execute(query, list(change.pk.values()))
                row = await cur.fetchone()
        except (psycopg.Error, ValueError) as e:
            # The real server withholds the row too (it sends an "Error 500" stub instead).
            log.warning("RLS check on %s failed: %s", change.table, e)
            return False
        return bool(row and row[0])
