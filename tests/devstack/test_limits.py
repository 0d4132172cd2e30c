"""PostgREST limits in the stand-in: db-max-rows caps silently, statement timeouts give 57014."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest
from postgrest.exceptions import APIError

from tests.devstack.conftest import Standin, record_of, run, signed_in
from tests.support.standin import admin_headers

DB = psycopg.Connection[tuple[Any, ...]]
DEFAULTS = {"db_max_rows": 1000, "row_cost_ms": 0, "statement_timeout": {"authenticated": "8s"}}

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def limits(standin: Standin, db: DB) -> Iterator[Standin]:
    """The shared stand-in with its limits and our rows restored afterwards."""
    try:
        yield standin
    finally:
        standin.admin("POST", "limits", json.dumps(DEFAULTS))
        db.execute("delete from public.calls where company_name like 'LIMITS %%'")


def insert_calls(db: DB, owner: str, count: int) -> None:
    db.execute(
        "insert into public.calls (company_name, owner_id) "
        "select 'LIMITS ' || g, %s from generate_series(1, %s) g",
        (owner, count),
    )


def test_defaults_are_the_hosted_ones(standin: Standin) -> None:
    got = standin.admin("GET", "limits")
    assert got["db_max_rows"] == 1000
    assert got["statement_timeout"] == {"anon": "3s", "authenticated": "8s"}


def test_db_max_rows_caps_reads_silently(limits: Standin, db: DB) -> None:
    info = limits.info
    insert_calls(db, info["user_id"], 1001)

    async def body() -> None:
        a = await signed_in(limits, info["email"], info["password"])
        calls = a.table("calls")
        everything = await calls.select("id").like("company_name", "LIMITS *").execute()
        assert len(everything.data) == 1000  # asked for all: 1000, and nothing says so
        limits.admin("POST", "limits", json.dumps({"db_max_rows": 7}))
        page = await calls.select("id").like("company_name", "LIMITS *").limit(50).execute()
        assert len(page.data) == 7
        series = await a.rpc("generate_series_int", {"n": 50}).execute()
        assert series.data == list(range(1, 8))
        scalar = await a.rpc("calls_changes", {"page_size": 20}).execute()  # never capped
        assert len(record_of(scalar.data)["rows"]) == 20
        raw = httpx.get(
            f"{limits.url}/rest/v1/calls?select=id&company_name=like.LIMITS*&limit=50",
            headers=await _headers(limits, a) | {"Prefer": "count=exact"},
        )
        assert raw.status_code == 206 and raw.headers["Content-Range"] == "0-6/1001"

    db.execute(
        "create or replace function public.generate_series_int(n int) returns setof int "
        "language sql stable as $$ select generate_series(1, n) $$"
    )
    run(body())


async def _headers(stand: Standin, sb: Any) -> dict[str, str]:
    session = await sb.auth.get_session()
    return {"apikey": stand.info["anon_key"], "Authorization": f"Bearer {session.access_token}"}


def test_statement_timeout_cancels_a_big_page_not_a_small_one(limits: Standin, db: DB) -> None:
    info = limits.info
    insert_calls(db, info["user_id"], 400)
    slow = {"row_cost_ms": 5, "statement_timeout": {"authenticated": "500ms"}}
    limits.admin("POST", "limits", json.dumps(slow))

    async def body() -> None:
        a = await signed_in(limits, info["email"], info["password"])
        calls = a.table("calls")
        small = await calls.select("id").like("company_name", "LIMITS *").limit(20).execute()
        assert len(small.data) == 20
        with pytest.raises(APIError) as timed_out:
            await calls.select("id").like("company_name", "LIMITS *").limit(400).execute()
        assert timed_out.value.code == "57014"
        assert timed_out.value.message == "canceling statement due to statement timeout"
        with pytest.raises(APIError) as rpc_timed_out:
            await a.rpc("calls_changes", {"page_size": 400}).execute()
        assert rpc_timed_out.value.code == "57014"
        assert (
            len(record_of((await a.rpc("calls_changes", {"page_size": 20}).execute()).data)["rows"])
            == 20
        )
        raw = httpx.get(
            f"{limits.url}/rest/v1/calls?select=id&limit=400", headers=await _headers(limits, a)
        )
        assert raw.status_code == 500 and raw.json()["code"] == "57014"

    run(body())


def test_limits_endpoint_rejects_nonsense(standin: Standin) -> None:
    for body in ({"db_max_rows": 0}, {"statement_timeout": {"postgres": "1s"}},
                 {"statement_timeout": {"anon": "soon"}}, {"row_cost_ms": -1}):  # fmt: skip
        resp = httpx.post(
            f"{standin.url}/_devstack/limits",
            content=json.dumps(body),
            headers=admin_headers(standin.info),
        )
        assert resp.status_code == 400, body
    assert standin.admin("GET", "limits")["db_max_rows"] == 1000
