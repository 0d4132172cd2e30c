"""resources/sql/009_open_calls_rls.sql and 010_keyset_start.sql on a real PostgreSQL: the reads
of a first sign-in look at what they return, not at the team's history. The open calls are found
through their partial indexes (a table of closed calls is not walked), RLS asks who the caller's
teammates are once per statement, not once per row, and a catch-up page starts at its floor."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from desktop_notifier.devstack.cluster import PostgresCluster
from desktop_notifier.events.call import CLOSED_STATUSES, SETTLED_AI
from tests.support.gaps import private_server, serving
from tests.support.outage import Server

DB = psycopg.Connection[tuple[Any, ...]]
HISTORY = 20_000
PREFIX = "FIRSTSYNC"
# The first sync's reads as the stand-in's PostgREST sends them (`status=not.in.(…)`, by id).
OPEN_BY_STATUS = "select id from public.calls where not (status in ({})) order by id limit 1000"
OPEN_BY_AI = "select id from public.calls where not (ai_status in ({})) order by id limit 1000"
NEWEST = "select id from public.calls order by created_at desc, id desc limit 1000"


@pytest.fixture(scope="module")
def server(
    pg_cluster: PostgresCluster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """A stand-in on a PostgreSQL of its own: the history's tens of thousands of writes would
    otherwise be captured (and broadcast, and queued for Ably) by every stand-in on the
    session's database, and the tests after this one would wait behind them."""
    yield from serving(private_server(tmp_path_factory.mktemp("first-sync"), pg_cluster))


@pytest.fixture(scope="module")
def db(server: Server) -> Iterator[DB]:
    with psycopg.connect(server.info["dsn"], autocommit=True) as conn:
        yield conn


@pytest.fixture
def history(server: Server, db: DB) -> Iterator[str]:
    """HISTORY closed and analysed calls of the signed-in user, and two open ones."""
    owner = str(server.info["user_id"])
    db.execute(
        "insert into public.calls (company_name, status, ai_status, owner_id, created_at) "
        "select %s || n, 'completed', 'completed', %s, now() - interval '1 day' "
        "from generate_series(1, %s) n",
        (PREFIX, owner, HISTORY),
    )
    db.execute(
        "insert into public.calls (company_name, status, ai_status, owner_id) values "
        "(%s, 'in_progress', null, %s), (%s, 'completed', 'processing', %s)",
        (f"{PREFIX} open", owner, f"{PREFIX} analysing", owner),
    )
    db.execute("analyze public.calls")
    yield owner
    db.execute("delete from public.calls where company_name like %s", (PREFIX + "%",))


def as_user(db: DB, user_id: str, query: str, params: tuple[Any, ...]) -> dict[str, Any]:
    """Run `query` as the signed-in user (PostgREST's role and claims) and tell what it did:
    its rows, the rows its scans looked at and threw away, and the calls of the RLS functions."""
    with db.transaction():
        db.execute("set local track_functions = 'all'")
        claims = json.dumps({"sub": user_id, "role": "authenticated"})
        db.execute(
            "select set_config('role', 'authenticated', true), "
            "set_config('request.jwt.claims', %s, true)",
            (claims,),
        )
        blocks = (
            "select pg_stat_get_xact_blocks_fetched('public.calls_change_xid_id_idx'::regclass)"
        )
        before = db.execute(blocks).fetchone()
        rows = db.execute(query, params).fetchall()
        after = db.execute(blocks).fetchone()
        plan = db.execute("explain (analyze, format json) " + query, params).fetchone()
        calls = db.execute(
            "select p.proname, coalesce(pg_stat_get_xact_function_calls(p.oid), 0) "
            "from pg_proc p where p.proname in ('shares_team', 'team_mates') "
            "and p.pronamespace = 'public'::regnamespace"
        ).fetchall()
    assert plan is not None and before is not None and after is not None
    return {
        "rows": rows,
        "thrown_away": _removed(plan[0][0]["Plan"]),
        "calls": dict(calls),
        "xid_index_blocks": after[0] - before[0],  # pages of the catch-up's index it read
    }


def _removed(node: dict[str, Any]) -> int:
    own = int(node.get("Rows Removed by Filter", 0)) + int(
        node.get("Rows Removed by Index Recheck", 0)
    )
    return own + sum(_removed(child) for child in node.get("Plans", []))


def _placeholders(values: tuple[str, ...]) -> str:
    return ", ".join(["%s"] * len(values))


def test_the_open_calls_are_read_without_walking_the_history(history: str, db: DB) -> None:
    by_status = as_user(
        db, history, OPEN_BY_STATUS.format(_placeholders(CLOSED_STATUSES)), CLOSED_STATUSES
    )
    assert by_status["rows"]
    assert by_status["thrown_away"] < 100, by_status  # not the 20,000 closed calls
    by_ai = as_user(db, history, OPEN_BY_AI.format(_placeholders(SETTLED_AI)), SETTLED_AI)
    assert by_ai["rows"]
    assert by_ai["thrown_away"] < 100, by_ai


def test_rls_reads_the_teammates_once_per_statement_not_per_row(history: str, db: DB) -> None:
    newest = as_user(db, history, NEWEST, ())
    assert len(newest["rows"]) == 1000
    assert newest["calls"].get("shares_team", 0) == 0, newest
    # once for the read and once for its EXPLAIN ANALYZE: never once per row
    assert newest["calls"].get("team_mates", 0) <= 2, newest


def test_a_catch_up_page_starts_at_its_floor_not_at_the_first_row(history: str, db: DB) -> None:
    # the first sync's watermark read: `since` above every xid, so no row and the watermark
    watermark = as_user(
        db, history, "select public.calls_changes_brief(%s, null, null, 1000)", (str(2**64 - 1),)
    )
    page = watermark["rows"][0][0]
    assert page["rows"] == [] and int(page["watermark"]) > 0
    assert watermark["xid_index_blocks"] < 10, watermark  # not the index up to `since`
    # a later pass from a floor just below the newest change reads that change, not the table
    row = db.execute("select max(change_xid)::text from public.calls").fetchone()
    assert row is not None
    recent = as_user(
        db, history, "select public.calls_changes_brief(%s, null, null, 1000)", (row[0],)
    )
    assert recent["rows"][0][0]["rows"], recent
    assert recent["xid_index_blocks"] < 10, recent
    full = as_user(
        db, history, "select public.calls_changes(%s, null, null, 1000)", (str(2**64 - 1),)
    )
    assert full["xid_index_blocks"] < 10, full
