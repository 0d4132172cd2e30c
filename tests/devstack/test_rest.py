"""PostgREST subset of the stand-in, through the unmodified supabase/postgrest client."""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import psycopg
import pytest
from postgrest.exceptions import APIError

from tests.devstack.conftest import (
    USER_B,
    Standin,
    client,
    make_token,
    record_of,
    rows_of,
    run,
    signed_in,
)

DB = psycopg.Connection[tuple[Any, ...]]
TS = "2031-05-06T07:08:09.123456+00:00"

# The client libraries warn about their own deprecated internals.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def rows(standin: Standin, db: DB) -> list[str]:
    """Four calls of user A sharing one updated_at, plus one later; ids sorted."""
    owner = standin.info["user_id"]
    db.execute("delete from public.calls where company_name like 'REST %%'")
    ids = sorted(str(uuid.uuid4()) for _ in range(4))
    for n, row_id in enumerate(ids):
        db.execute(
            "insert into public.calls (id, company_name, status, owner_id, updated_at) "
            "values (%s, %s, 'new', %s, %s)",
            (row_id, f"REST {n}", owner, TS),
        )
    db.execute(
        "insert into public.calls (company_name, owner_id, updated_at) "
        "values ('REST later', %s, %s::timestamptz + interval '1 second')",
        (owner, TS),
    )
    return ids


def test_fetch_one_and_catch_up_pages(standin: Standin, rows: list[str]) -> None:
    info = standin.info

    async def body() -> None:
        sb = await signed_in(standin, info["email"], info["password"])
        calls = sb.table("calls")
        one = await calls.select("*").eq("id", rows[0]).maybe_single().execute()
        assert one is not None and record_of(one.data)["company_name"] == "REST 0"
        assert (
            record_of(one.data)["updated_at"] == TS
            and record_of(one.data)["owner_id"] == info["user_id"]
        )
        missing = await calls.select("*").eq("id", str(uuid.uuid4())).maybe_single().execute()
        assert missing is None
        page = await (
            calls.select("id,updated_at").gte("updated_at", TS)
            .order("updated_at").order("id").limit(3).execute()
        )  # fmt: skip
        assert [r["id"] for r in rows_of(page.data)] == rows[:3]
        assert set(rows_of(page.data)[0]) == {"id", "updated_at"}
        rest = await (
            calls.select("id").eq("updated_at", TS).gt("id", rows[2])
            .order("updated_at").order("id").execute()
        )  # fmt: skip
        assert [r["id"] for r in rows_of(rest.data)] == rows[3:]
        later = await calls.select("company_name").gt("updated_at", TS).execute()
        assert [r["company_name"] for r in rows_of(later.data)] == ["REST later"]
        newest = await (
            calls.select("id").in_("id", rows[:2]).order("id", desc=True).limit(1).offset(0)
            .execute()
        )  # fmt: skip
        assert [r["id"] for r in rows_of(newest.data)] == [rows[1]]

    run(body())


def test_rls_hides_other_users_rows(standin: Standin, rows: list[str]) -> None:
    async def body() -> None:
        b = await signed_in(standin, *USER_B)
        assert (await b.table("calls").select("id").in_("id", rows).execute()).data == []
        anon = await client(standin)
        assert (await anon.table("calls").select("id").in_("id", rows).execute()).data == []
        service = await client(standin, key=standin.info["service_role_key"])
        seen = await service.table("calls").select("id").in_("id", rows).execute()
        assert len(seen.data) == 4

    run(body())


def test_postgrest_error_bodies(standin: Standin, rows: list[str]) -> None:
    async def body() -> None:
        sb = await signed_in(standin, standin.info["email"], standin.info["password"])
        cases: list[tuple[Callable[[], Awaitable[object]], str]] = [
            (
                sb.table("calls").select("*").eq("id", str(uuid.uuid4())).single().execute,
                "PGRST116",
            ),
            (sb.table("calls").select("*").eq("id", "not-a-uuid").execute, "22P02"),
            (sb.table("calls").select("nope").execute, "42703"),
            (sb.table("calls").select("*").eq("nope", "1").execute, "42703"),
            (sb.table("nope").select("*").execute, "PGRST205"),
        ]
        for execute, code in cases:
            with pytest.raises(APIError) as err:
                await execute()
            assert err.value.code == code, err.value
        expired = make_token({"sub": standin.info["user_id"], "role": "authenticated",
                              "exp": int(time.time()) - 40})  # fmt: skip
        sb.postgrest.auth(expired)
        with pytest.raises(APIError) as err:
            await sb.table("calls").select("id").execute()
        assert err.value.code == "PGRST303" and err.value.message == "JWT expired"

    run(body())


def test_gateway_rejects_missing_or_unknown_apikey(standin: Standin) -> None:
    url = f"{standin.url}/rest/v1/calls"
    missing = httpx.get(url)
    assert missing.status_code == 401
    assert missing.json()["message"] == "No API key found in request"
    wrong = httpx.get(url, headers={"apikey": make_token({"role": "anon", "exp": 2**31})})
    assert wrong.status_code == 401 and wrong.json()["message"] == "Invalid API key"
    key = standin.info["anon_key"]
    ok = httpx.get(url, params={"select": "id", "limit": "1"}, headers={"apikey": key})
    assert ok.status_code == 200 and ok.headers["Content-Range"] in ("*/*", "0-0/*")


def test_insert_and_patch_under_rls(standin: Standin, db: DB) -> None:
    info = standin.info

    async def body() -> None:
        a = await signed_in(standin, info["email"], info["password"])
        made = await a.table("calls").insert({"company_name": "REST insert"}).execute()
        (row,) = rows_of(made.data)
        assert row["owner_id"] == info["user_id"]  # default auth.uid()
        patched = await a.table("calls").update({"status": "missed"}).eq("id", row["id"]).execute()
        assert rows_of(patched.data)[0]["status"] == "missed"
        assert rows_of(patched.data)[0]["updated_at"] > row["updated_at"]  # moddatetime trigger
        b = await signed_in(standin, *USER_B)
        hidden = await b.table("calls").update({"status": "x"}).eq("id", row["id"]).execute()
        assert hidden.data == []
        with pytest.raises(APIError) as err:  # B cannot insert a row owned by A
            await b.table("calls").insert({"owner_id": info["user_id"]}).execute()
        assert err.value.code == "42501"

    run(body())
    db.execute("delete from public.calls where company_name = 'REST insert'")
