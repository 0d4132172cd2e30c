"""`Claim`: who said "Vou retornar" (I'll call back) on a call, read from the row.

The claim columns (resources/sql/004_claims.sql: `claimed_by`, `claimed_at`, `claimed_by_name`)
travel as a team's extra columns of `Call` (`Call.extra`): a server without the migration sends
none and every call reads as unclaimed. A malformed claim column is no claim at all.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from desktop_notifier.events.call import Call, InvalidPayload, parse_timestamp


@dataclass(frozen=True)
class Claim:
    user_id: str
    name: str | None = None  # the claimer's display name or e-mail, stamped by the server
    at: datetime | None = None


def claim_of(call: Call) -> Claim | None:
    """The call's claim, or None when nobody claimed it (or the columns make no sense)."""
    user = call.extra.get("claimed_by")
    if not isinstance(user, str):
        return None
    try:
        user_id = str(uuid.UUID(user))
    except ValueError:
        return None
    name = call.extra.get("claimed_by_name")
    try:
        at = parse_timestamp(call.extra.get("claimed_at"), "claimed_at")
    except InvalidPayload:
        at = None
    return Claim(user_id, name if isinstance(name, str) and name.strip() else None, at)
