"""Builders of realistic rows and realtime payloads for the pure-core tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from desktop_notifier.events import JSONValue

BASE = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)


def stamp(seconds: float = 0) -> str:
    return (BASE + timedelta(seconds=seconds)).isoformat()


def row(call_id: str | None = None, at: float = 0, **values: JSONValue) -> dict[str, JSONValue]:
    data: dict[str, JSONValue] = {
        "id": call_id or str(uuid.uuid4()),
        "company_name": "Acme",
        "status": "new",
        "transcription": None,
        "scorecard": None,
        "score": None,
        "ai_status": None,
        "insights": None,
        "owner_id": None,
        "created_at": stamp(0),
        "updated_at": stamp(at),
    }
    data.update(values)
    return data


def payload(kind: str, record: dict[str, Any] | None, old: dict[str, Any] | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "schema": "public",
        "table": "calls",
        "commit_timestamp": "2026-11-24T14:00:00.000Z",
        "type": kind,
        "errors": None,
        "columns": [{"name": "id", "type": "uuid"}],
    }
    if record is not None:
        data["record"] = record
    if old is not None:
        data["old_record"] = old
    return {"ids": [1], "data": data}
