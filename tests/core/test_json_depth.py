"""Depth-safe JSON: a page with a row nested 1000 levels deep (PostgreSQL accepts 5000)
decodes with exactly that row marked and its deep column null, the other rows intact, and
nothing recursing; a single document that deep is refused as a `ValueError`."""

from __future__ import annotations

import json
import sys
import uuid
from typing import cast

import pytest

from desktop_notifier.events import ChangeType, InvalidPayload, classify, snapshot_change
from desktop_notifier.events.call import JSONValue
from desktop_notifier.events.json_depth import (
    MAX_NESTING,
    PrunedRow,
    TooDeep,
    decode_rows,
    exceeds,
    loads_bounded,
)


def nested(levels: int) -> str:
    return "[" * levels + '"x"' + "]" * levels


def page_rows(text: str | bytes) -> list[dict[str, JSONValue]]:
    """`decode_rows` on a page, which must come back as a list of row objects."""
    rows = decode_rows(text)
    assert isinstance(rows, list) and all(isinstance(row, dict) for row in rows)
    return cast("list[dict[str, JSONValue]]", rows)


def page_with(deep_text: str) -> tuple[str, list[str]]:
    ids = [str(uuid.uuid4()) for _ in range(3)]
    rows = [
        {"id": ids[0], "company_name": "Antes [{", "scorecard": {"a": [1, {"b": 2}]}},
        {"id": ids[1], "company_name": "Fundo", "scorecard": "DEEP", "insights": {"ok": 1}},
        {"id": ids[2], "company_name": 'Depois "]}', "insights": "[[[[[[["},
    ]
    return json.dumps(rows).replace('"DEEP"', deep_text), ids


def test_the_plain_json_parser_fails_on_such_a_row() -> None:
    assert sys.getrecursionlimit() <= 5000
    with pytest.raises(RecursionError):
        json.loads(nested(5000))


@pytest.mark.parametrize("levels", [MAX_NESTING + 1, 300, 1000, 5000])
def test_only_the_deep_row_is_marked(levels: int) -> None:
    text, ids = page_with(nested(levels))
    rows = page_rows(text.encode())
    assert [row["id"] for row in rows] == ids
    first, deep, last = rows
    assert not isinstance(first, PrunedRow) and not isinstance(last, PrunedRow)
    assert first == {"id": ids[0], "company_name": "Antes [{", "scorecard": {"a": [1, {"b": 2}]}}
    assert last == {"id": ids[2], "company_name": 'Depois "]}', "insights": "[[[[[[["}
    assert isinstance(deep, PrunedRow) and deep.pruned == ("scorecard",)
    assert deep == {"id": ids[1], "company_name": "Fundo", "scorecard": None, "insights": {"ok": 1}}
    assert deep.reason() == f"call {ids[1]}: 'scorecard' nested more than 64 levels deep"


def test_values_at_the_limit_pass_untouched() -> None:
    text, _ = page_with(nested(MAX_NESTING))
    rows = page_rows(text)
    assert not any(isinstance(row, PrunedRow) for row in rows)
    assert not exceeds(rows[1]["scorecard"])


def test_a_pruned_row_is_skipped_by_the_sync_with_its_id() -> None:
    text, ids = page_with(nested(1000))
    rows = page_rows(text)
    change = snapshot_change(rows[1], created_since_cursor=True)
    assert change.type is ChangeType.INSERT
    with pytest.raises(InvalidPayload, match=ids[1]) as raised:
        classify(change, None)
    assert "Fundo" not in str(raised.value), "the reason carries the id, never the data"
    assert classify(snapshot_change(rows[0], created_since_cursor=True), None).call


def test_a_single_document_too_deep_is_a_value_error() -> None:
    for levels in (MAX_NESTING + 1, 1000, 5000):
        with pytest.raises(TooDeep):
            loads_bounded(nested(levels))
        with pytest.raises(ValueError):
            loads_bounded(nested(levels).encode())
    assert loads_bounded(nested(MAX_NESTING)) is not None
    assert loads_bounded('{"a": "[[[[[["}') == {"a": "[[[[[["}
    with pytest.raises(ValueError):
        decode_rows("[{not json")


def test_any_other_document_is_cut_at_its_level_three_values() -> None:
    record = json.dumps({"record": {"id": "x", "scorecard": "DEEP"}, "type": "INSERT"})
    assert decode_rows(record.replace('"DEEP"', nested(1000))) == {
        "record": {"id": "x", "scorecard": None},
        "type": "INSERT",
    }
