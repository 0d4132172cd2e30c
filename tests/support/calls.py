"""Writing calls straight into PostgreSQL, as the team's backend would."""

from __future__ import annotations

import json
from typing import Any

import psycopg

Conn = psycopg.Connection[tuple[Any, ...]]


def insert_call(db: Conn, owner: str, company: str = "Acme", **columns: Any) -> str:
    values = {"company_name": company, "status": "new", "owner_id": owner, **columns}
    for key in ("scorecard", "insights"):
        if key in values and not isinstance(values[key], str | None):
            values[key] = json.dumps(values[key])
    names = ", ".join(values)
    marks = ", ".join(["%s"] * len(values))
    row = db.execute(
        f"insert into public.calls ({names}) values ({marks}) returning id", list(values.values())
    ).fetchone()
    assert row is not None
    return str(row[0])


def update_call(db: Conn, call_id: str, **columns: Any) -> None:
    for key in ("scorecard", "insights"):
        if key in columns and not isinstance(columns[key], str | None):
            columns[key] = json.dumps(columns[key])
    sets = ", ".join(f"{name} = %s" for name in columns)
    db.execute(f"update public.calls set {sets} where id = %s", [*columns.values(), call_id])
