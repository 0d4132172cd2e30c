"""PostgREST's /rpc through supabase-py's ``rpc()``: public.calls_changes (002) and the errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from postgrest.exceptions import APIError

from tests.devstack.conftest import (
    USER_B,
    Standin,
    client,
    run,
    signed_in,
    start_standin,
)

DB = psycopg.Connection[tuple[Any, ...]]

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(autouse=True)
def _cleanup(db: DB) -> Iterator[None]:
    yield
    db.execute("delete from public.calls where company_name like 'RPC%%'")


def current_xid(db: DB) -> str:
    """An xid below every transaction that starts after this call."""
    row = db.execute("select pg_current_xact_id()::text").fetchone()
    assert row is not None
    return str(row[0])


def insert_calls(db: DB, owner: str, count: int, name: str = "RPC") -> list[str]:
    """``count`` calls in ONE transaction; their ids."""
    rows = db.execute(
        "insert into public.calls (company_name, owner_id) "
        "select %s || g, %s from generate_series(1, %s) g returning id::text",
        (name, owner, count),
    ).fetchall()
    return [str(r[0]) for r in rows]


async def changes(sb: Any, **args: Any) -> dict[str, Any]:
    result = await sb.rpc("calls_changes", args).execute()
    assert isinstance(result.data, dict), result.data
    return result.data


def test_calls_changes_returns_own_rows_and_a_watermark(standin: Standin, db: DB) -> None:
    info = standin.info
    since = current_xid(db)
    ids = insert_calls(db, info["user_id"], 3)
    db.execute("update public.calls set status = 'missed' where id = %s", (ids[0],))

    async def body() -> None:
        a = await signed_in(standin, info["email"], info["password"])
        page = await changes(a, since=since)
        got = {r["id"]: r for r in page["rows"]}
        assert set(got) == set(ids)
        assert not page["more"]
        first = got[ids[0]]
        assert first["status"] == "missed" and first["owner_id"] == info["user_id"]
        assert set(first) == {*_call_columns(db), "change_xid"}
        xids = [int(r["change_xid"]) for r in page["rows"]]
        assert xids == sorted(xids) and int(first["change_xid"]) == max(xids)  # the update
        assert int(page["watermark"]) > max(xids)  # nothing is running: xmin is the next xid
        b = await signed_in(standin, *USER_B)
        other = await changes(b, since=since)
        assert other["rows"] == [] and int(other["watermark"]) > 0

    run(body())


def _call_columns(db: DB) -> set[str]:
    cur = db.execute("select * from public.calls limit 0")
    return {c.name for c in cur.description or []} - {"change_xid"}


def test_an_open_transaction_keeps_the_watermark_below_its_xid(standin: Standin, db: DB) -> None:
    info = standin.info
    since = current_xid(db)
    with psycopg.connect(info["dsn"]) as slow:  # not autocommit: a transaction stays open
        slow_id = insert_calls(slow, info["user_id"], 1, "RPC slow")[0]
        slow_xid = int(current_xid(slow))
        fast_id = insert_calls(db, info["user_id"], 1, "RPC fast")[0]

        async def before_commit() -> str:
            a = await signed_in(standin, info["email"], info["password"])
            page = await changes(a, since=since)
            assert [r["id"] for r in page["rows"]] == [fast_id]
            assert int(page["watermark"]) <= slow_xid
            return str(page["watermark"])

        watermark = run(before_commit())
        slow.commit()

    async def after_commit() -> None:
        a = await signed_in(standin, info["email"], info["password"])
        page = await changes(a, since=watermark)
        assert slow_id in [r["id"] for r in page["rows"]]
        assert int(page["watermark"]) > slow_xid

    run(after_commit())


def test_pages_by_xid_and_id_through_one_big_transaction(standin: Standin, db: DB) -> None:
    info = standin.info
    since = current_xid(db)
    ids = insert_calls(db, info["user_id"], 1005)

    async def body() -> None:
        a = await signed_in(standin, info["email"], info["password"])
        capped = await changes(a, since=since, page_size=5000)
        assert len(capped["rows"]) == 1000 and capped["more"]
        seen: list[str] = []
        sizes: list[int] = []
        after: dict[str, Any] = {}
        while True:
            page = await changes(a, since=since, page_size=400, **after)
            sizes.append(len(page["rows"]))
            seen += [r["id"] for r in page["rows"]]
            if not page["more"]:
                break
            last = page["rows"][-1]
            after = {"after_xid": last["change_xid"], "after_id": last["id"]}
        assert sizes == [400, 400, 205]
        assert seen == sorted(ids)  # one xid: ordered by id, each row once

    run(body())


def test_scalar_set_and_unknown_functions(standin: Standin, db: DB) -> None:
    db.execute(
        "create or replace function public.devstack_echo(word text, times int default 2) "
        "returns text language sql stable as $$ select repeat(word, times) $$"
    )
    db.execute(
        "create or replace function public.devstack_series(n int) returns setof int "
        "language sql stable as $$ select generate_series(1, n) $$"
    )
    info = standin.info

    async def body() -> None:
        a = await signed_in(standin, info["email"], info["password"])
        assert (await a.rpc("devstack_echo", {"word": "ab"}).execute()).data == "abab"
        assert (await a.rpc("devstack_echo", {"word": "x", "times": 3}).execute()).data == "xxx"
        assert (await a.rpc("devstack_series", {"n": 4}).execute()).data == [1, 2, 3, 4]
        limited = await a.rpc("devstack_series", {"n": 9}).limit(2).execute()
        assert limited.data == [1, 2]
        by_get = await a.rpc("devstack_echo", {"word": "y", "times": 2}, get=True).execute()
        assert by_get.data == "yy"
        with pytest.raises(APIError) as missing:
            await a.rpc("devstack_echo", {"wrd": "ab"}).execute()
        assert missing.value.code == "PGRST202"
        assert "public.devstack_echo(wrd)" in str(missing.value.message)

    run(body())


def test_without_002_calls_changes_is_pgrst202(tmp_path: Path) -> None:
    stand = start_standin(tmp_path, migrations_upto="001")
    try:
        info = stand.info

        async def body() -> None:
            a = await signed_in(stand, info["email"], info["password"])
            with pytest.raises(APIError) as missing:
                await a.rpc("calls_changes", {"since": None, "page_size": 10}).execute()
            assert missing.value.code == "PGRST202"
            assert "calls_changes" in str(missing.value.message)
            assert (await a.table("calls").select("*").execute()).data == []

        run(body())
        with psycopg.connect(info["dsn"]) as db:
            cur = db.execute("select * from public.calls limit 0")
            assert "change_xid" not in {c.name for c in cur.description or []}
    finally:
        assert stand.stop() == 0


def test_anon_may_not_call_calls_changes(standin: Standin) -> None:
    async def body() -> None:
        anon = await client(standin)
        with pytest.raises(APIError) as denied:
            await anon.rpc("calls_changes", {"page_size": 1}).execute()
        assert denied.value.code == "42501"

    run(body())
