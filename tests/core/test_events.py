"""events: tolerant parsing and classification against our own last-seen row."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_notifier.events import (
    Call,
    CallRules,
    ChangeType,
    EventKind,
    InvalidPayload,
    classify,
    parse_change,
    snapshot_change,
)
from tests.core.factories import payload, row


def kinds(result: object) -> list[EventKind]:
    return [event.kind for event in result.events]  # type: ignore[attr-defined]


def test_insert_is_created() -> None:
    change = parse_change(payload("INSERT", row(), None))
    assert change.type is ChangeType.INSERT
    assert kinds(classify(change, None)) == [EventKind.CREATED]


def test_insert_already_missed_and_scored() -> None:
    record = row(status="missed", score=95, ai_status="completed")
    result = classify(parse_change(payload("INSERT", record, None)), None)
    assert kinds(result) == [
        EventKind.CREATED,
        EventKind.MISSED,
        EventKind.SCORE_UPDATED,
        EventKind.ANALYSIS_COMPLETED,
    ]


def test_unknown_columns_are_kept_and_wrong_types_rejected() -> None:
    call = Call.from_row(row(region="sul"))
    assert call.extra == {"region": "sul"}
    assert call.to_row()["region"] == "sul"
    with pytest.raises(InvalidPayload, match="score"):
        Call.from_row(row(score="high"))
    with pytest.raises(InvalidPayload, match="company_name"):
        Call.from_row(row(company_name=["x"]))
    with pytest.raises(InvalidPayload, match="uuid"):
        Call.from_row(row(call_id="not-a-uuid"))


def test_pk_only_old_record_uses_our_cache() -> None:
    """Default replica identity: old_record = {id}; record lacks the TOASTed transcription."""
    call_id = str(uuid.uuid4())
    long_text = "x" * 20_000
    previous = Call.from_row(row(call_id, status="processing", transcription=long_text))
    record = row(call_id, at=5, status="transcribed", ai_status="completed", score=91)
    del record["transcription"]  # unchanged TOAST column omitted by the server
    result = classify(parse_change(payload("UPDATE", record, {"id": call_id})), previous)
    assert kinds(result) == [
        EventKind.STATUS_CHANGED,
        EventKind.SCORE_UPDATED,
        EventKind.ANALYSIS_COMPLETED,
    ]
    assert result.call is not None and result.call.transcription == long_text


def test_update_without_cache_uses_full_old_record() -> None:
    call_id = str(uuid.uuid4())
    old = row(call_id, status="in_progress")
    new = row(call_id, at=3, status="missed")
    result = classify(parse_change(payload("UPDATE", new, old)), None)
    assert kinds(result) == [EventKind.STATUS_CHANGED, EventKind.MISSED]


def test_stale_update_is_ignored() -> None:
    call_id = str(uuid.uuid4())
    newer = Call.from_row(row(call_id, at=10, status="completed"))
    result = classify(parse_change(payload("UPDATE", row(call_id, at=5), {"id": call_id})), newer)
    assert result.stale and result.call == newer and not result.events


def test_delete_reports_last_known_state() -> None:
    call_id = str(uuid.uuid4())
    previous = Call.from_row(row(call_id, company_name="Beta"))
    result = classify(parse_change(payload("DELETE", None, {"id": call_id})), previous)
    assert result.call is None
    assert kinds(result) == [EventKind.DELETED]
    assert result.events[0].call.company_name == "Beta"


def test_missed_is_configurable() -> None:
    call_id = str(uuid.uuid4())
    previous = Call.from_row(row(call_id, status="ringing"))
    change = parse_change(
        payload("UPDATE", row(call_id, at=1, status="no_answer"), {"id": call_id})
    )
    rules = CallRules(missed_statuses=frozenset({"no_answer"}))
    assert EventKind.MISSED in kinds(classify(change, previous, rules))
    assert EventKind.MISSED not in kinds(classify(change, previous))


def test_catch_up_snapshot_against_cache_is_a_diff() -> None:
    call_id = str(uuid.uuid4())
    previous = Call.from_row(row(call_id))
    same = snapshot_change(row(call_id), created_since_cursor=True)
    assert kinds(classify(same, previous)) == []  # seen live already: nothing new
    assert kinds(classify(same, None)) == [EventKind.CREATED]


@pytest.mark.parametrize(
    "bad",
    [
        None,
        [],
        "text",
        {"data": "x"},
        {"data": {"type": "TRUNCATE", "record": {"id": "a"}}},
        {"data": {"type": "INSERT", "record": "not an object"}},
        {"data": {"type": "INSERT", "record": {}}},
        {"data": {"type": "INSERT", "record": {"id": 5}}},
        {"data": {"type": "INSERT", "table": "other", "record": {"id": "a"}}},
        {"data": {"type": "INSERT", "errors": ["Error 401: Unauthorized"], "record": {"id": "a"}}},
    ],
)
def test_malformed_payloads_are_rejected_with_a_reason(bad: object) -> None:
    with pytest.raises(InvalidPayload):
        parse_change(bad)


def test_deeply_nested_values_are_rejected() -> None:
    nested: object = "leaf"
    for _ in range(200):
        nested = {"k": nested}
    with pytest.raises(InvalidPayload, match="nested"):
        parse_change(payload("INSERT", row(insights=nested), None))  # type: ignore[arg-type]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)


@given(
    st.dictionaries(st.text(max_size=12), json_values, max_size=8),
    st.sampled_from(["INSERT", "UPDATE", "DELETE", "X", None]),
)
def test_parse_and_classify_never_raise_anything_but_invalid_payload(
    record: dict[str, object], kind: str | None
) -> None:
    try:
        change = parse_change({"data": {"type": kind, "record": record, "old_record": record}})
        classify(change, None)
    except InvalidPayload:
        pass


statuses = st.sampled_from(["new", "in_progress", "processing", "missed", "completed", None])
scores = st.none() | st.integers(min_value=0, max_value=100)


@given(statuses, scores, statuses, scores)
def test_classify_is_idempotent(
    s1: str | None, sc1: int | None, s2: str | None, sc2: int | None
) -> None:
    """Applying the same state twice yields events only the first time."""
    call_id = str(uuid.uuid4())
    previous = Call.from_row(row(call_id, status=s1, score=sc1))
    change = parse_change(
        payload("UPDATE", row(call_id, at=1, status=s2, score=sc2), {"id": call_id})
    )
    first = classify(change, previous)
    again = classify(change, first.call)
    assert again.events == ()
    assert (EventKind.MISSED in kinds(first)) == (s2 == "missed" and s1 != "missed")


def test_the_clients_enum_change_type_is_understood() -> None:
    from realtime.types import RealtimePostgresChangesListenEvent

    change = parse_change(payload(RealtimePostgresChangesListenEvent.Insert, row(), None))
    assert change.type is ChangeType.INSERT


def test_an_oversized_row_is_marked_truncated_not_rejected() -> None:
    data = payload("INSERT", {"id": str(uuid.uuid4())}, None)
    data["data"]["errors"] = ["Error 413: Payload Too Large"]
    change = parse_change(data)
    assert change.truncated and change.type is ChangeType.INSERT
