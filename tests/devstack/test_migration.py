"""resources/sql/001_calls.sql on a real PostgreSQL: triggers, notices, idempotency."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import psycopg

from desktop_notifier.devstack import schema
from tests.devstack.conftest import Standin

DB = psycopg.Connection[tuple[Any, ...]]


def test_notices_updated_at_and_enriched_view(standin: Standin, db: DB) -> None:
    asyncio.run(schema.apply(standin.info["dsn"]))  # a second run changes nothing
    db.execute("listen calls_change")
    db.execute("listen calls_enriched_refresh")
    row = db.execute(
        "insert into public.calls (status, transcription, score) "
        "values ('new', repeat('x', 20000), 95) returning id::text, updated_at"
    ).fetchone()
    assert row is not None
    row_id, created = row
    db.execute("update public.calls set ai_status = 'completed' where id = %s", (row_id,))
    db.execute("select public.refresh_calls_enriched()")
    db.execute("select public.refresh_calls_enriched()")  # concurrent refresh once populated
    band = db.execute(
        "select score_band, transcription_chars from public.calls_enriched where id = %s",
        (row_id,),
    ).fetchone()
    assert band == ("excellent", 20000)
    updated = db.execute("select updated_at from public.calls where id = %s", (row_id,))
    assert updated.fetchone()[0] > created  # type: ignore[index]
    notices = [(n.channel, json.loads(n.payload)) for n in db.notifies(timeout=1, stop_after=4)]
    changes = [p for c, p in notices if c == "calls_change"]
    assert changes == [
        {"op": "INSERT", "id": row_id, "status": "new", "ai_status": None},
        {"op": "UPDATE", "id": row_id, "status": "new", "ai_status": "completed"},
    ]
    refreshes = [p["op"] for c, p in notices if c == "calls_enriched_refresh"]
    assert refreshes == ["INSERT", "UPDATE"]
    db.execute("delete from public.calls where id = %s", (row_id,))
