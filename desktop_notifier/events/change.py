"""`RowChange`: one change to `public.calls`, whatever carried it.

A Realtime `postgres_changes` payload and a PostgREST catch-up row both become a `RowChange`, so
live events and catch-up go through exactly the same classification. A Broadcast-from-database
source would only need its own small parser into this type.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from desktop_notifier.events.call import InvalidPayload, JSONValue
from desktop_notifier.events.json_depth import PrunedRow

MAX_NESTING = 64


class ChangeType(StrEnum):
    INSERT = "INSERT"
    UPDATE = "UPDATE"
    DELETE = "DELETE"


@dataclass(frozen=True)
class RowChange:
    """What changed: `record` holds the columns present after the change (an UPDATE may omit
    unchanged TOASTed columns), `old_record` what the server told us of the row before (often
    only the primary key)."""

    type: ChangeType
    record: Mapping[str, JSONValue]
    old_record: Mapping[str, JSONValue]
    from_catch_up: bool = False
    truncated: bool = False  # the server dropped large values (Error 413): fetch the row

    @property
    def call_id(self) -> str:
        source = self.old_record if self.type is ChangeType.DELETE else self.record
        value = source.get("id", self.record.get("id", self.old_record.get("id")))
        if not isinstance(value, str) or not value:
            raise InvalidPayload("the change carries no call id")
        return value


def _depth_ok(value: object, depth: int = 0) -> bool:
    """Reject absurdly deep JSON before anything recurses into it."""
    if depth > MAX_NESTING:
        return False
    if isinstance(value, dict):
        return all(_depth_ok(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return all(_depth_ok(v, depth + 1) for v in value)
    return True


def _object(data: Mapping[str, object], key: str) -> Mapping[str, JSONValue]:
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidPayload(f"{key!r} must be an object, got {type(value).__name__}")
    if not _depth_ok(value):
        raise InvalidPayload(f"{key!r} is nested too deeply")
    return {str(k): v for k, v in value.items()}


def parse_change(payload: object, *, table: str = "calls") -> RowChange:
    """Parse the dict the `realtime` client hands to a postgres_changes callback."""
    if not isinstance(payload, Mapping):
        raise InvalidPayload(f"payload must be an object, got {type(payload).__name__}")
    data = payload.get("data", payload)
    if not isinstance(data, Mapping):
        raise InvalidPayload(f"payload data must be an object, got {type(data).__name__}")
    if data.get("table", table) != table:
        raise InvalidPayload("change for another table")
    errors = data.get("errors")
    truncated = False
    if errors:
        if isinstance(errors, list) and all("413" in str(e) for e in errors):
            truncated = True  # the row is too big for Realtime; the record holds only small values
        else:
            raise InvalidPayload("the server reported errors for this change")
    raw_type = data.get("type", data.get("eventType"))
    raw_type = getattr(raw_type, "value", raw_type)  # the client hands a (str, Enum) member
    try:
        change_type = ChangeType(str(raw_type).upper())
    except ValueError:
        raise InvalidPayload("unknown change type") from None
    record = _object(data, "record")
    old_record = _object(data, "old_record")
    change = RowChange(
        type=change_type,
        record=record,
        old_record=old_record,
        truncated=truncated,
    )
    change.call_id  # noqa: B018 - validates that an id is present
    return change


def snapshot_change(row: Mapping[str, JSONValue], *, created_since_cursor: bool) -> RowChange:
    """A catch-up row (the full current state) as a change: an INSERT if the call was created
    after the cursor (we cannot have seen it), else an UPDATE against what we remember."""
    if not isinstance(row, Mapping):
        raise InvalidPayload(f"a row must be an object, got {type(row).__name__}")
    change = RowChange(
        type=ChangeType.INSERT if created_since_cursor else ChangeType.UPDATE,
        record=row if isinstance(row, PrunedRow) else dict(row),  # classify refuses it
        old_record={},
        from_catch_up=True,
    )
    change.call_id  # noqa: B018 - validates that an id is present
    return change
