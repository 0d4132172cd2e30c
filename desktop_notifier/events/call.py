"""The `Call` value: one row of `public.calls`, parsed tolerantly and validated strictly.

Unknown columns are kept (a team may add its own); known columns with the wrong type are rejected
with a reason, so one bad row never poisons the rest of the stream.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TypeAlias

JSONValue: TypeAlias = "bool | int | float | str | list[JSONValue] | dict[str, JSONValue] | None"

KNOWN_COLUMNS = frozenset(
    {
        "id",
        "company_name",
        "status",
        "transcription",
        "scorecard",
        "score",
        "ai_status",
        "insights",
        "owner_id",
        "created_at",
        "updated_at",
    }
)


# The columns that make a row heavy (a transcription runs to tens of KB): not read by the
# catch-up, not kept in the store; a call window fetches them when it opens.
DETAIL_COLUMNS = frozenset({"transcription", "scorecard", "insights"})
# What alerts and the tray need, in PostgREST `select` form.
BRIEF_SELECT = "id,company_name,status,score,ai_status,owner_id,created_at,updated_at"

# A call in one of these statuses, whose AI analysis is settled (or never started), is closed:
# nothing about it is pending. Open calls are read by a first sync and never pruned.
CLOSED_STATUSES = ("completed", "missed", "failed", "cancelled")
SETTLED_AI = ("completed", "failed")


class InvalidPayload(ValueError):
    """A change or row that cannot be understood; the message says why (never the data)."""


def _text(row: Mapping[str, JSONValue], name: str) -> str | None:
    value = row.get(name)
    if value is None or isinstance(value, str):
        return value
    raise InvalidPayload(f"column {name!r} must be text, got {type(value).__name__}")


def _score(row: Mapping[str, JSONValue]) -> int | None:
    value = row.get("score")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidPayload(f"column 'score' must be an integer, got {type(value).__name__}")
    if isinstance(value, float) and not value.is_integer():
        raise InvalidPayload("column 'score' must be an integer, got a fraction")
    return int(value)


def _uuid(row: Mapping[str, JSONValue], name: str, *, required: bool) -> str | None:
    value = row.get(name)
    if value is None:
        if required:
            raise InvalidPayload(f"column {name!r} is missing")
        return None
    if not isinstance(value, str):
        raise InvalidPayload(f"column {name!r} must be a uuid, got {type(value).__name__}")
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise InvalidPayload(f"column {name!r} is not a valid uuid") from None


def parse_timestamp(value: JSONValue, name: str = "timestamp") -> datetime | None:
    """Parse PostgREST/Realtime ISO timestamps into aware UTC datetimes."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidPayload(f"column {name!r} must be a timestamp, got {type(value).__name__}")
    text = value.strip().replace(" ", "T", 1)
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    elif len(text) > 3 and text[-3] in "+-" and text[-2:].isdigit() and ":" not in text[-6:]:
        text += ":00"  # PostgreSQL text output "…+00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidPayload(f"column {name!r} is not a valid timestamp") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def format_timestamp(value: datetime | None) -> str | None:
    """The one canonical text form of a timestamp (used for cursors and dedupe keys)."""
    return None if value is None else value.astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Call:
    """One sales call as the app knows it."""

    id: str
    company_name: str | None = None
    status: str | None = None
    transcription: str | None = None
    scorecard: JSONValue = None
    score: int | None = None
    ai_status: str | None = None
    insights: JSONValue = None
    owner_id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    extra: Mapping[str, JSONValue] = field(default_factory=dict)

    @classmethod
    def from_row(cls, row: Mapping[str, JSONValue]) -> Call:
        """Validate a row dict (from Realtime, PostgREST or our store)."""
        if not isinstance(row, Mapping):
            raise InvalidPayload(f"a row must be an object, got {type(row).__name__}")
        call_id = _uuid(row, "id", required=True)
        assert call_id is not None
        return cls(
            id=call_id,
            company_name=_text(row, "company_name"),
            status=_text(row, "status"),
            transcription=_text(row, "transcription"),
            scorecard=row.get("scorecard"),
            score=_score(row),
            ai_status=_text(row, "ai_status"),
            insights=row.get("insights"),
            owner_id=_uuid(row, "owner_id", required=False),
            created_at=parse_timestamp(row.get("created_at"), "created_at"),
            updated_at=parse_timestamp(row.get("updated_at"), "updated_at"),
            extra={str(k): v for k, v in row.items() if k not in KNOWN_COLUMNS},
        )

    def brief(self) -> Call:
        """This call without its detail columns (what the store keeps)."""
        if self.transcription is None and self.scorecard is None and self.insights is None:
            return self
        return replace(self, transcription=None, scorecard=None, insights=None)

    def to_row(self) -> dict[str, JSONValue]:
        """The row dict this call came from (canonical timestamps, unknown columns kept)."""
        row: dict[str, JSONValue] = dict(self.extra)
        row.update(
            {
                "id": self.id,
                "company_name": self.company_name,
                "status": self.status,
                "transcription": self.transcription,
                "scorecard": self.scorecard,
                "score": self.score,
                "ai_status": self.ai_status,
                "insights": self.insights,
                "owner_id": self.owner_id,
                "created_at": format_timestamp(self.created_at),
                "updated_at": format_timestamp(self.updated_at),
            }
        )
        return row


def is_closed(call: Call) -> bool:
    status = (call.status or "").strip().lower()
    ai_status = (call.ai_status or "").strip().lower()
    return status in CLOSED_STATUSES and (not ai_status or ai_status in SETTLED_AI)
