"""A Broadcast-from-database message as a `RowChange` (pure).

`realtime.broadcast_changes(...)` (supabase/realtime
`priv/repo/tenant_schema/realtime/functions/broadcast_changes.sql`) publishes
`{record, old_record, operation, table, schema}` (plus the message `id` that `realtime.send`
adds); the client hands our callback `{event, payload, type, meta}`. The project's trigger
(`resources/sql/006_broadcast.sql`) publishes the same shape with `truncated: true` and only
the small values when a row is too large to travel: the app then reads the whole row.
Comments published to the same topic (resources/sql/008_comment_alerts.sql, `table:
'call_comments'`) are told apart by `comment_record`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from desktop_notifier.events.call import InvalidPayload
from desktop_notifier.events.change import RowChange, parse_change


def comment_record(message: object) -> Mapping[str, object] | None:
    """The `call_comments` row a message carries (resources/sql/008_comment_alerts.sql), or
    None when it is not a comment (a change of a call, or something else)."""
    body = message.get("payload") if isinstance(message, Mapping) else None
    if not isinstance(body, Mapping) or body.get("table") != "call_comments":
        return None
    record = body.get("record")
    return record if isinstance(record, Mapping) else None


def parse_broadcast(message: object, *, table: str = "calls") -> RowChange:
    """Parse what the realtime client hands to a broadcast callback."""
    if not isinstance(message, Mapping):
        raise InvalidPayload(f"message must be an object, got {type(message).__name__}")
    body = message.get("payload")
    if not isinstance(body, Mapping):
        raise InvalidPayload("the broadcast carries no payload object")
    if body.get("schema", "public") != "public":
        raise InvalidPayload("change for another schema")
    data = {
        "type": body.get("operation", message.get("event")),
        "table": body.get("table", table),
        "record": body.get("record"),
        "old_record": body.get("old_record"),
    }
    change = parse_change(data, table=table)
    return replace(change, truncated=body.get("truncated") is True)
