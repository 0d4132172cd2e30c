"""Claiming a call ("Vou retornar") and reading the user's team role, as a part of `Account`.

The claim is one PATCH that only an unclaimed call matches (resources/sql/004_claims.sql):
`calls?id=eq.<id>&claimed_by=is.null {"claimed_by": <own id>}` with the representation back.
One row: the claim is ours; no row: a teammate was first (or the call is gone). The server
stamps `claimed_at` and `claimed_by_name`, and its RLS and trigger keep the first claim.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from postgrest import AsyncPostgrestClient

from desktop_notifier.events import JSONValue
from desktop_notifier.sync.errors import map_error
from desktop_notifier.sync.postgrest_rows import execute_rows

log = logging.getLogger(__name__)
Row = dict[str, JSONValue]
T = TypeVar("T")
LEAD_ROLE = "lead"


class CallClaims:
    """Mixed into `Account` (after `CallReads`, which provides `_retried` and the client)."""

    _rest: AsyncPostgrestClient

    async def _retried(
        self, send: Callable[[], Awaitable[T]], error: Callable[[Exception, str], Exception]
    ) -> T:
        raise NotImplementedError  # CallReads'

    def user_id(self) -> str:
        raise NotImplementedError  # Account's

    async def claim_call(self, call_id: str) -> Row | None:
        """Claim `call_id` for the signed-in user; the claimed row, or None if someone else
        was first. Raises `UserError` when the server refuses or cannot be reached."""
        update: Any = self._rest.from_("calls").update({"claimed_by": self.user_id()})
        query = update.eq("id", call_id).is_("claimed_by", "null")
        rows: list[Row] = await self._retried(lambda: execute_rows(query), map_error)
        return rows[0] if rows else None

    async def is_lead(self) -> bool:
        """Whether the user leads one of their teams (escalations go to leads); False on a
        server without teams."""
        select: Any = self._rest.from_("team_members").select("role")
        query = select.eq("user_id", self.user_id()).eq("role", LEAD_ROLE).limit(1)
        try:
            rows = await self._retried(lambda: execute_rows(query), map_error)
        except Exception as exc:  # no team_members table: nobody leads
            log.info("team role unknown (%s): no escalations", exc)
            return False
        return bool(rows)
