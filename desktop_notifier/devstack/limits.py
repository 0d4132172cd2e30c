"""PostgREST's limits in the stand-in: ``db-max-rows`` and the API roles' statement timeouts.

Owns the settings a test may change at run time (through ``/_devstack/limits``):
``max_rows`` caps every table read and set-returning rpc, silently, like PostgREST's
``db-max-rows`` (hosted projects: 1000); ``statement_timeouts`` are the per-role
``statement_timeout`` values PostgREST reads from the roles' settings at start-up
(``alter role authenticated set statement_timeout = '8s'`` on Supabase) and applies to each
request's transaction, so an over-long statement is cancelled by PostgreSQL itself with
57014 (HTTP 500); ``row_cost_ms`` is a simulated per-row cost (``pg_sleep`` inside the same
transaction) so that tests can make a big page time out while a small one passes.
Upstream: PostgREST ``src/library/PostgREST/Config/Database.hs`` (queryRoleSettings),
``src/library/PostgREST/Plan.hs`` (configDbMaxRows).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from desktop_notifier.devstack.db import Conn
from desktop_notifier.devstack.tokens import API_ROLES, Claims

_ROLE_SETTINGS_SQL = """
select r.rolname::text, split_part(c, '=', 2)
from pg_db_role_setting s
join pg_roles r on r.oid = s.setrole
cross join lateral unnest(s.setconfig) c
where r.rolname = any(%s) and c like 'statement_timeout=%%'
  and s.setdatabase in (0, (select oid from pg_database where datname = current_database()))
order by s.setdatabase
"""
_DURATION = re.compile(r"^\d+(\.\d+)?\s*(us|ms|s|min|h|d)?$")


def check_duration(text: str) -> str:
    """A PostgreSQL duration such as ``8s``, ``250ms`` or ``0`` (no limit)."""
    if not _DURATION.match(text.strip()):
        raise ValueError(f"not a PostgreSQL duration: {text!r} (e.g. 8s, 250ms, 0)")
    return text.strip()


@dataclass
class RestLimits:
    max_rows: int | None = 1000
    statement_timeouts: dict[str, str] = field(default_factory=dict)
    row_cost_ms: float = 0.0

    def cap(self, limit: int | None) -> int | None:
        """The ``limit`` actually applied: the client's, never above ``max_rows``."""
        if self.max_rows is None:
            return limit
        return self.max_rows if limit is None else min(limit, self.max_rows)

    async def load_role_settings(self, conn: Conn, overrides: dict[str, str]) -> None:
        """Read the roles' statement_timeout (like PostgREST at start-up), then ``overrides``."""
        cur = await conn.execute(_ROLE_SETTINGS_SQL, (sorted(API_ROLES),))
        for role, value in await cur.fetchall():
            self.statement_timeouts[str(role)] = str(value)
        self.statement_timeouts.update(overrides)

    async def enter(self, conn: Conn, claims: Claims) -> None:
        """Inside the request's transaction: its role's statement timeout, for what follows."""
        timeout = self.statement_timeouts.get(str(claims.get("role")))
        if timeout is not None:
            await conn.execute("select set_config('statement_timeout', %s, true)", (timeout,))

    async def charge(self, conn: Conn, rows: int) -> None:
        """Spend the simulated cost of ``rows`` rows as database time (under the timeout)."""
        if self.row_cost_ms > 0 and rows > 0:
            await conn.execute("select pg_sleep(%s)", (rows * self.row_cost_ms / 1000.0,))

    def snapshot(self) -> dict[str, Any]:
        return {
            "db_max_rows": self.max_rows,
            "statement_timeout": dict(sorted(self.statement_timeouts.items())),
            "row_cost_ms": self.row_cost_ms,
        }

    def update(self, body: dict[str, Any]) -> None:
        """Apply the keys of ``snapshot()`` found in ``body``; ValueError when one is wrong."""
        if "db_max_rows" in body:
            value = body["db_max_rows"]
            if value is not None and (not isinstance(value, int) or value < 1):
                raise ValueError("db_max_rows must be a positive integer or null")
            self.max_rows = value
        if "statement_timeout" in body:
            timeouts = body["statement_timeout"]
            if not isinstance(timeouts, dict) or not set(timeouts) <= set(API_ROLES):
                raise ValueError(f"statement_timeout must map roles {sorted(API_ROLES)} to values")
            for role, value in timeouts.items():
                self.statement_timeouts[role] = check_duration(str(value))
        if "row_cost_ms" in body:
            cost = body["row_cost_ms"]
            if not isinstance(cost, int | float) or cost < 0:
                raise ValueError("row_cost_ms must be a non-negative number")
            self.row_cost_ms = float(cost)


LIMITS = web.AppKey("rest_limits", RestLimits)


def rows_in(text: str, returns_set: bool, count: int) -> int:
    """How many rows an answer holds, for ``charge``: a set's items, else a page object's
    ``rows`` (``calls_changes``), else one."""
    if returns_set:
        return count
    if '"rows"' not in text:
        return 1
    value = json.loads(text)
    rows = value.get("rows") if isinstance(value, dict) else None
    return len(rows) if isinstance(rows, list) else 1
