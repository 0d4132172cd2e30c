"""A Broadcast-from-database message becomes the same `RowChange` a postgres_changes payload
does (`events.broadcast.parse_broadcast`); what it cannot be is refused as `InvalidPayload`,
which the source counts and skips. The message shapes are those realtime.broadcast_changes
sends and the realtime client hands the callback."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_notifier.events import ChangeType, InvalidPayload, RowChange
from desktop_notifier.events.broadcast import parse_broadcast
from tests.core.factories import row


def message(operation: str, record: Any, old: Any, **extra: Any) -> dict[str, Any]:
    body = {
        "record": record,
        "old_record": old,
        "operation": operation,
        "table": "calls",
        "schema": "public",
        "id": "6f1b4a52-0000-4000-8000-000000000001",
        **extra,
    }
    return {"event": operation, "payload": body, "type": "broadcast", "meta": {"id": body["id"]}}


def test_insert_update_delete_become_row_changes() -> None:
    new = row(score=95)
    old = {**new, "score": 50}
    inserted = parse_broadcast(message("INSERT", new, None))
    assert inserted == RowChange(ChangeType.INSERT, new, {})
    updated = parse_broadcast(message("UPDATE", new, old))
    assert updated.type is ChangeType.UPDATE and updated.old_record["score"] == 50
    deleted = parse_broadcast(message("DELETE", None, old))
    assert deleted.type is ChangeType.DELETE and deleted.call_id == new["id"]
    assert not (inserted.truncated or updated.truncated or deleted.truncated)


def test_a_row_too_large_to_travel_is_marked_for_a_read() -> None:
    small = {"id": row()["id"], "status": "new"}
    change = parse_broadcast(message("UPDATE", small, small, truncated=True))
    assert change.truncated and change.record == small


@pytest.mark.parametrize(
    "bad",
    [
        None,
        "text",
        {"event": "INSERT"},
        {"event": "INSERT", "payload": "not an object"},
        message("INSERT", row(), None, table="other"),
        message("INSERT", row(), None, schema="private"),
        message("TRUNCATE", row(), None),
        message("INSERT", {"company_name": "no id"}, None),
        message("INSERT", ["a", "list"], None),
    ],
)
def test_what_is_not_a_call_change_is_refused(bad: Any) -> None:
    with pytest.raises(InvalidPayload):
        parse_broadcast(bad)


json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=12,
)


@given(st.dictionaries(st.sampled_from(["event", "payload", "type", "meta", "x"]), json))
def test_any_message_parses_or_is_refused(raw: dict[str, Any]) -> None:
    """Nothing but `InvalidPayload` escapes (anything else would end the client's delivery)."""
    try:
        change = parse_broadcast(raw)
    except InvalidPayload:
        return
    assert change.call_id
