"""Realtime postgres_changes through the stand-in, with the unmodified supabase client."""

from __future__ import annotations

import asyncio
import json
import secrets
from typing import Any

import psycopg
import pytest

from tests.devstack.conftest import (
    USER_B,
    Standin,
    client,
    run,
    signed_in,
    subscribe,
)

DB = psycopg.Connection[tuple[Any, ...]]

# The client libraries warn about their own deprecated internals.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def insert_call(db: DB, owner: str | None, **values: Any) -> str:
    values = {"company_name": "Acme Ltda", "status": "new", **values, "owner_id": owner}
    cols = ", ".join(values)
    marks = ", ".join(["%s"] * len(values))
    row = db.execute(
        f"insert into public.calls ({cols}) values ({marks}) returning id::text",
        [json.dumps(v) if isinstance(v, dict) else v for v in values.values()],
    ).fetchone()
    assert row is not None
    return str(row[0])


def test_subscribe_then_typed_insert_update_delete(standin: Standin, db: DB) -> None:
    owner = standin.info["user_id"]

    async def body() -> None:
        sb = await signed_in(standin, standin.info["email"], standin.info["password"])
        rec = await subscribe(sb, "typed")
        assert rec.states == ["SUBSCRIBED"]
        assert rec.system[0].message == "Subscribed to PostgreSQL"
        assert rec.system[0].channel == "typed"
        # RLS is checked against the row as it is when the change is polled (like the real
        # server), so each step waits: a row deleted before that is never shown as inserted.
        row_id = insert_call(db, owner, score=87, scorecard={"abertura": 9})
        await rec.wait(lambda: bool(rec.of("INSERT", row_id)), what="INSERT")
        db.execute("update public.calls set status = 'in_progress' where id = %s", (row_id,))
        await rec.wait(lambda: bool(rec.of("UPDATE", row_id)), what="UPDATE")
        db.execute("delete from public.calls where id = %s", (row_id,))
        await rec.wait(lambda: bool(rec.of("DELETE", row_id)), what="DELETE")
        (ins,) = rec.of("INSERT", row_id)
        assert ins["record"]["score"] == 87 and ins["record"]["scorecard"] == {"abertura": 9}
        assert ins["record"]["owner_id"] == owner
        assert ins["errors"] is None and ins["commit_timestamp"].endswith("Z")
        assert {"name": "score", "type": "int4"} in ins["columns"]
        assert "old_record" not in ins
        (upd,) = rec.of("UPDATE", row_id)
        assert upd["record"]["status"] == "in_progress"
        # REPLICA IDENTITY FULL: the full old row, even with RLS on (as apply_rls does).
        assert upd["old_record"]["status"] == "new"
        (dele,) = rec.of("DELETE", row_id)
        assert dele["old_record"] == {"id": row_id}  # RLS on: DELETE is PK only
        assert "record" not in dele
        await sb.remove_all_channels()

    run(body())


def test_replica_identity_default_and_unchanged_toast(standin: Standin, db: DB) -> None:
    db.execute(
        "create table if not exists public.rt_plain (id bigint primary key, status text, "
        "transcription text)"
    )
    db.execute("alter table public.rt_plain replica identity default")
    db.execute(
        "do $$ begin if not exists (select from pg_publication_tables where tablename = "
        "'rt_plain') then alter publication supabase_realtime add table public.rt_plain; "
        "end if; end $$"
    )
    db.execute("delete from public.rt_plain")
    long_text = secrets.token_hex(8000)  # 16 KB, stored out of line (TOAST)

    async def body() -> None:
        sb = await client(standin)  # anon key: rt_plain has no RLS
        rec = await subscribe(sb, "plain", table="rt_plain")
        db.execute("insert into public.rt_plain values (1, 'new', %s)", (long_text,))
        db.execute("update public.rt_plain set status = 'done' where id = 1")
        await rec.wait(lambda: len(rec.changes) == 2)
        ins, upd = rec.changes
        assert ins["record"]["transcription"] == long_text
        assert upd["old_record"] == {"id": 1}
        assert "transcription" not in upd["record"]  # unchanged TOAST omitted
        assert upd["record"]["status"] == "done"
        db.execute("alter table public.rt_plain replica identity full")
        db.execute("update public.rt_plain set status = 'again' where id = 1")
        db.execute("delete from public.rt_plain where id = 1")
        await rec.wait(lambda: len(rec.changes) == 4)
        full, dele = rec.changes[2:]
        assert full["record"]["transcription"] == long_text
        assert full["old_record"]["status"] == "done"
        assert dele["old_record"]["transcription"] == long_text  # no RLS: full old row
        await sb.remove_all_channels()

    run(body())


def test_rls_decides_who_gets_inserts(standin: Standin, db: DB) -> None:
    info = standin.info

    async def body() -> None:
        a = await signed_in(standin, info["email"], info["password"])
        b = await signed_in(standin, *USER_B)
        anon = await client(standin)
        service = await client(standin, key=info["service_role_key"])
        rec_a = await subscribe(a, "rls-a")
        rec_b = await subscribe(b, "rls-b")
        rec_anon = await subscribe(anon, "rls-anon")
        rec_service = await subscribe(service, "rls-service")
        got_b = await b.auth.get_user()
        assert got_b is not None
        user_b = got_b.user.id
        of_a = insert_call(db, info["user_id"], company_name="Only A")
        of_b = insert_call(db, user_b, company_name="Only B")
        await rec_b.wait(lambda: bool(rec_b.of("INSERT", of_b)))
        await rec_a.wait(lambda: bool(rec_a.of("INSERT", of_a)))
        await rec_service.wait(lambda: len(rec_service.changes) == 2)
        # Delivery is in commit order: B saw its own row, so it would have seen A's by now.
        assert [c["record"]["id"] for c in rec_b.changes] == [of_b]
        assert [c["record"]["id"] for c in rec_a.changes] == [of_a]
        db.execute("delete from public.calls where id = %s", (of_a,))
        for rec in (rec_a, rec_b, rec_anon, rec_service):  # DELETE skips RLS, PK only
            await rec.wait(lambda r=rec: bool(r.of("DELETE", of_a)))  # type: ignore[misc]
            assert r_only_pk(rec.of("DELETE", of_a)[0], of_a)
        assert [c["type"] for c in rec_anon.changes] == ["DELETE"]
        for sb in (a, b, anon, service):
            await sb.remove_all_channels()

    run(body())


def r_only_pk(change: dict[str, Any], row_id: str) -> bool:
    return bool(change["old_record"] == {"id": row_id})


def test_one_megabyte_transcription_and_413(standin: Standin, db: DB) -> None:
    big = "x" * 1_000_000

    async def body() -> None:
        sb = await client(standin, key=standin.info["service_role_key"])
        rec = await subscribe(sb, "big")
        row_id = insert_call(db, None, transcription=big)
        await rec.wait(lambda: bool(rec.of("INSERT", row_id)), timeout=15)
        assert rec.of("INSERT", row_id)[0]["record"]["transcription"] == big
        # Old + new row exceed realtime's 1 MiB max_record_bytes: values > 64 bytes dropped.
        db.execute("update public.calls set transcription = %s where id = %s", (big + "y", row_id))
        await rec.wait(lambda: bool(rec.of("UPDATE", row_id)), timeout=15)
        upd = rec.of("UPDATE", row_id)[0]
        assert upd["errors"] == ["Error 413: Payload Too Large"]
        assert "transcription" not in upd["record"] and upd["record"]["id"] == row_id
        db.execute("delete from public.calls where id = %s", (row_id,))
        await sb.remove_all_channels()

    run(body())


def test_filtered_binding_only_gets_matching_rows(standin: Standin, db: DB) -> None:
    async def body() -> None:
        sb = await client(standin, key=standin.info["service_role_key"])
        rec = await subscribe(sb, "missed-only", event="UPDATE", filter="status=eq.missed")
        row_id = insert_call(db, None)
        db.execute("update public.calls set status = 'in_progress' where id = %s", (row_id,))
        db.execute("update public.calls set status = 'missed' where id = %s", (row_id,))
        await rec.wait(lambda: bool(rec.changes))
        await asyncio.sleep(0.2)  # a quiet window: no unfiltered change may follow
        assert [c["record"]["status"] for c in rec.changes] == ["missed"]
        await sb.remove_all_channels()

    run(body())


def test_sign_in_after_join_pushes_the_user_token(standin: Standin, db: DB) -> None:
    info = standin.info

    async def body() -> None:
        sb = await client(standin)
        rec = await subscribe(sb, "late-sign-in")
        captured = standin.admin("GET", "stats")["changes_captured"]
        hidden = insert_call(db, info["user_id"], company_name="Before sign-in")
        await rec.wait(lambda: standin.admin("GET", "stats")["changes_captured"] > captured)
        await sb.auth.sign_in_with_password({"email": info["email"], "password": info["password"]})
        # set_auth runs in a background task; the channel then acts with the user's claims.
        deadline = asyncio.get_running_loop().time() + 10
        while True:
            shown = insert_call(db, info["user_id"], company_name="After sign-in")
            try:
                await rec.wait(lambda s=shown: bool(rec.of("INSERT", s)), timeout=0.5)  # type: ignore[misc]
                break
            except AssertionError:
                assert asyncio.get_running_loop().time() < deadline
        assert not rec.of("INSERT", hidden)
        assert rec.states == ["SUBSCRIBED"]  # no rejoin needed
        await sb.remove_all_channels()

    run(body())


def test_burst_arrives_complete_and_in_commit_order(standin: Standin, db: DB) -> None:
    async def body() -> None:
        sb = await client(standin, key=standin.info["service_role_key"])
        rec = await subscribe(sb, "burst", event="INSERT")
        db.execute(
            "insert into public.calls (company_name) "
            "select 'burst ' || n from generate_series(1, 250) n"
        )
        with db.transaction():
            for n in range(251, 301):
                db.execute("insert into public.calls (company_name) values (%s)", (f"burst {n}",))
        await rec.wait(lambda: len(rec.changes) == 300, timeout=15)
        names = [c["record"]["company_name"] for c in rec.changes]
        assert names == [f"burst {n}" for n in range(1, 301)]
        db.execute("delete from public.calls where company_name like 'burst %%'")
        await sb.remove_all_channels()

    run(body())
