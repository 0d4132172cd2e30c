"""Claims on the stand-in's PostgREST (resources/sql/004_claims.sql), through the unmodified
client: a teammate claims an unclaimed call once, the first claim stays, a teammate changes
nothing else, a stranger sees nothing; two claims at once, one winner."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from postgrest.exceptions import APIError
from supabase import AsyncClient

from tests.devstack.conftest import USER_B, Standin, rows_of, run, signed_in
from tests.support.calls import insert_call, update_call
from tests.support.teams import team, user_id

DB = psycopg.Connection[tuple[Any, ...]]
STRANGER = ("c-stranger@example.com", "password-c")
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def teammates(standin: Standin, db: DB) -> Iterator[tuple[str, str]]:
    """Users A (the demo user) and B on one team, for this test only."""
    a, b = standin.info["user_id"], user_id(db, USER_B[0])
    user_id(db, *STRANGER)
    with team(db, {a: "member", b: "lead"}):
        yield a, b


async def claim(sb: AsyncClient, call: str, me: str) -> list[dict[str, Any]]:
    """The app's claim: PATCH …?id=eq.<call>&claimed_by=is.null {"claimed_by": me}."""
    query = sb.table("calls").update({"claimed_by": me}).eq("id", call).is_("claimed_by", "null")
    return rows_of((await query.execute()).data)


def test_a_teammate_claims_once_and_the_first_claim_stays(
    standin: Standin, db: DB, teammates: tuple[str, str]
) -> None:
    a, b = teammates
    call = insert_call(db, a, "Claim Ltda", status="missed")

    async def body() -> None:
        as_a = await signed_in(standin, standin.info["email"], standin.info["password"])
        as_b = await signed_in(standin, *USER_B)
        seen = rows_of((await as_b.table("calls").select("id").eq("id", call).execute()).data)
        assert seen == [{"id": call}], "a teammate sees the team's calls"

        [row] = await claim(as_b, call, b)
        assert row["claimed_by"] == b and row["claimed_by_name"] == USER_B[0]
        assert row["claimed_at"] is not None

        assert await claim(as_a, call, a) == [], "a claimed call matches no row"
        with pytest.raises(APIError) as refused:  # the owner overwriting the claim
            await as_a.table("calls").update({"claimed_by": a}).eq("id", call).execute()
        assert refused.value.code == "23514", refused.value
        # The owner still edits the rest of the row; the claim stays.
        await as_a.table("calls").update({"status": "completed"}).eq("id", call).execute()

    run(body())
    row = db.execute(
        "select claimed_by::text, status from public.calls where id = %s", (call,)
    ).fetchone()
    assert row == (b, "completed")


def test_a_teammate_changes_nothing_but_the_claim_and_claims_only_for_themselves(
    standin: Standin, db: DB, teammates: tuple[str, str]
) -> None:
    a, b = teammates
    call = insert_call(db, a, "Regras SA", status="missed", score=50)

    async def body() -> None:
        as_b = await signed_in(standin, *USER_B)
        calls = as_b.table("calls")
        for change in ({"score": 1}, {"claimed_by": b, "score": 1}, {"claimed_by": a}):
            with pytest.raises(APIError) as refused:
                await calls.update(change).eq("id", call).execute()
            assert refused.value.code == "42501", (change, refused.value)

    run(body())
    row = db.execute("select claimed_by, score from public.calls where id = %s", (call,)).fetchone()
    assert row == (None, 50)


def test_a_stranger_neither_sees_nor_claims(
    standin: Standin, db: DB, teammates: tuple[str, str]
) -> None:
    a, _ = teammates
    call = insert_call(db, a, "Fora SA", status="missed")

    async def body() -> None:
        as_c = await signed_in(standin, *STRANGER)
        me = (await as_c.auth.get_user()) or None
        assert me is not None
        seen = rows_of((await as_c.table("calls").select("id").eq("id", call).execute()).data)
        assert seen == []
        assert await claim(as_c, call, str(me.user.id)) == []

    run(body())
    row = db.execute("select claimed_by from public.calls where id = %s", (call,)).fetchone()
    assert row == (None,)


def test_two_claims_at_once_have_one_winner(
    standin: Standin, db: DB, teammates: tuple[str, str]
) -> None:
    a, b = teammates
    calls = [insert_call(db, a, f"Corrida {n}", status="missed") for n in range(10)]

    async def body() -> None:
        as_a = await signed_in(standin, standin.info["email"], standin.info["password"])
        as_b = await signed_in(standin, *USER_B)
        for call in calls:
            won_a, won_b = await asyncio.gather(claim(as_a, call, a), claim(as_b, call, b))
            assert len(won_a) + len(won_b) == 1, (call, won_a, won_b)

    run(body())
    update_call(db, calls[0], status="completed")  # the database's own jobs still write
    claimed = db.execute(
        "select count(*) from public.calls where id = any(%s::uuid[]) and claimed_by is not null",
        (calls,),
    ).fetchone()
    assert claimed == (10,)
