"""Claims on the stand-in's PostgREST (resources/sql/004_claims.sql), through the unmodified
client: a teammate claims an unclaimed call once, the first claim stays, a teammate changes
nothing else, a stranger sees nothing; two claims at once, one winner."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
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
    db.execute("delete from public.calls where company_name like 'Claims %%'")


async def claim(sb: AsyncClient, call: str, me: str) -> list[dict[str, Any]]:
    """The app's claim: PATCH …?id=eq.<call>&claimed_by=is.null {"claimed_by": me}."""
    query = sb.table("calls").update({"claimed_by": me}).eq("id", call).is_("claimed_by", "null")
    return rows_of((await query.execute()).data)


def test_a_teammate_claims_once_and_the_first_claim_stays(
    standin: Standin, db: DB, teammates: tuple[str, str]
) -> None:
    a, b = teammates
    call = insert_call(db, a, "Claims Ltda", status="missed")

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
    call = insert_call(db, a, "Claims Regras SA", status="missed", score=50)

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
    call = insert_call(db, a, "Claims Fora SA", status="missed")

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
    calls = [insert_call(db, a, f"Claims Corrida {n}", status="missed") for n in range(10)]

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


# --- the rules, exhaustively: any sequence of writes by anyone keeps the first claim ---------

ACTORS = ("owner", "teammate", "stranger", "service")
WRITES = ("claim", "claim_for_other", "release", "edit", "claim_and_edit")


def write_as(db: DB, actor: str, users: dict[str, str], write: str, call: str) -> None:
    """One PATCH as PostgREST runs it: `role` and `request.jwt.claims` set in a transaction
    (devstack/db.py set_request_role), with the app's claim filter; errors roll it back."""
    me = users.get(actor)
    other = users["owner"] if actor != "owner" else users["teammate"]
    sets, where = {
        "claim": ("claimed_by = %(me)s", " and claimed_by is null"),
        "claim_for_other": ("claimed_by = %(other)s", " and claimed_by is null"),
        "release": ("claimed_by = null", ""),
        "edit": ("score = coalesce(score, 0) + 1", ""),
        "claim_and_edit": ("claimed_by = %(me)s, score = 1", " and claimed_by is null"),
    }[write]
    role = "service_role" if actor == "service" else "authenticated"
    claims = {"role": role} if me is None else {"role": role, "sub": me}
    try:
        with db.transaction():
            db.execute(
                "select set_config('role', %s, true), set_config('request.jwt.claims', %s, true)",
                (role, json.dumps(claims)),
            )
            db.execute(
                f"update public.calls set {sets} where id = %(call)s{where}",
                {"me": me, "other": other, "call": call},
            )
    except psycopg.Error:
        pass  # refused: the row is as it was


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.sampled_from(ACTORS), st.sampled_from(WRITES)), max_size=8))
def test_any_sequence_of_writes_keeps_the_rules(
    standin: Standin, db: DB, teammates: tuple[str, str], steps: list[tuple[str, str]]
) -> None:
    a, b = teammates
    stranger = user_id(db, *STRANGER)
    users = {"owner": a, "teammate": b, "stranger": stranger}
    call = insert_call(db, a, "Claims Regra SA", status="missed", score=10)
    claimed: str | None = None  # the model: who claimed, and the score only the owner edits
    score = 10
    for actor, write in steps:
        write_as(db, actor, users, write, call)
        me, unclaimed = users.get(actor), claimed is None
        if write == "claim" and unclaimed and actor in ("owner", "teammate"):
            claimed = me  # a member claims for themselves, once
        elif write == "claim_for_other" and unclaimed and actor == "service":
            claimed = users["owner"]  # server-side jobs may assign the call-back
        elif write == "release" and actor == "service":
            claimed = None  # only they release a claim
        elif write == "edit" and actor in ("owner", "service"):
            score += 1  # a teammate edits nothing but the claim
        elif write == "claim_and_edit" and unclaimed and actor in ("owner", "service"):
            claimed, score = me, 1
        elif write == "claim_and_edit" and unclaimed and actor == "teammate" and score == 1:
            claimed = me  # writing the score it already has changes nothing but the claim
        row = db.execute(
            "select claimed_by::text, score, claimed_at is not null"
            " from public.calls where id = %s",
            (call,),
        ).fetchone()
        assert row == (claimed, score, claimed is not None), (actor, write, steps)
