"""resources/sql/005_views_comments.sql through the real client libraries and the stand-in's
PostgREST: a day of calls and the page before it (RLS decides what each user reads), and the
comments of a call (who sees the call reads and writes them; nobody writes as someone else)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from postgrest.exceptions import APIError

from tests.devstack.conftest import USER_B, Standin, rows_of, run, signed_in

DB = psycopg.Connection[tuple[Any, ...]]
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(autouse=True)
def _cleanup(db: DB) -> Iterator[None]:
    yield
    db.execute("delete from public.calls where company_name like 'VIEWS%%'")


def add_call(db: DB, owner: str, name: str, created: datetime, **columns: Any) -> str:
    values = {"company_name": name, "owner_id": owner, "created_at": created, **columns}
    row = db.execute(
        f"insert into public.calls ({', '.join(values)}) values "
        f"({', '.join(['%s'] * len(values))}) returning id::text",
        list(values.values()),
    ).fetchone()
    assert row is not None
    return str(row[0])


def test_calls_day_gives_the_callers_calls_of_the_day_compactly(standin: Standin, db: DB) -> None:
    info = standin.info
    day = datetime(2031, 5, 6, 3, 0, tzinfo=UTC)
    inside = [
        add_call(db, info["user_id"], f"VIEWS {i}", day + timedelta(hours=i), status="missed",
                 score=40 + i, ai_status="completed")
        for i in range(3)
    ]  # fmt: skip
    add_call(db, info["user_id"], "VIEWS before", day - timedelta(seconds=1))
    add_call(db, info["user_id"], "VIEWS after", day + timedelta(days=1))

    async def body() -> None:
        a = await signed_in(standin, info["email"], info["password"])
        window = {"day_start": day.isoformat(), "day_end": (day + timedelta(days=1)).isoformat()}
        data = (await a.rpc("calls_day", window).execute()).data
        assert isinstance(data, dict)
        calls = data["calls"]
        assert [c[0] for c in calls] == inside, "the day's calls, oldest first, nothing else"
        first = calls[0]
        assert first[1:6] == ["VIEWS 0", "missed", 40, "completed", info["user_id"]]
        assert datetime.fromisoformat(first[6]) == day
        assert datetime.fromisoformat(data["read_at"]).tzinfo is not None
        b = await signed_in(standin, *USER_B)
        other = (await b.rpc("calls_day", window).execute()).data
        assert isinstance(other, dict) and other["calls"] == [], "RLS: B sees none of A's calls"
        before = {"before": day.isoformat(), "before_id": inside[0], "page_size": 5}
        page = (await a.rpc("calls_before", before).execute()).data
        assert isinstance(page, list) and page[0][1] == "VIEWS before"

    run(body())


def test_comments_follow_the_calls_visibility(standin: Standin, db: DB) -> None:
    info = standin.info
    call = add_call(db, info["user_id"], "VIEWS commented", datetime.now(UTC))
    user_b = db.execute("select id::text from auth.users where email = %s", (USER_B[0],)).fetchone()
    assert user_b is not None

    async def body() -> None:
        a = await signed_in(standin, info["email"], info["password"])
        written = await a.table("call_comments").insert({"call_id": call, "body": "Olá"}).execute()
        row = rows_of(written.data)[0]
        assert row["author_id"] == info["user_id"] and row["author_email"] == info["email"]
        read = await a.table("call_comments").select("body").eq("call_id", call).execute()
        assert read.data == [{"body": "Olá"}]
        b = await signed_in(standin, *USER_B)
        hidden = await b.table("call_comments").select("body").eq("call_id", call).execute()
        assert hidden.data == [], "B cannot see the call, so not its comments either"
        with pytest.raises(APIError) as refused:
            await b.table("call_comments").insert({"call_id": call, "body": "intruso"}).execute()
        assert refused.value.code == "42501"
        as_b = {"call_id": call, "body": "as B", "author_id": user_b[0]}
        with pytest.raises(APIError):  # nobody writes in someone else's name
            await a.table("call_comments").insert(as_b).execute()

    run(body())
