"""Each live source that fans out per owner (`broadcast`: 006_broadcast.sql's trigger on a
private topic; `ably`: 007's outbox and its publisher on a channel) hands a user their own
calls' changes as `RowChange`s, each once, in order, with the old record where the source
carries it, and no one else's; and the server's work per change is what the source promises
(broadcast: the access check once per join, never per change; Ably: one frame per change).
Someone else's comment on a user's call reaches that user once (008_comment_alerts.sql)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any

import psycopg
import pytest

from desktop_notifier.events import ChangeType
from desktop_notifier.sync.ably_link import AblyLink
from desktop_notifier.sync.broadcast_link import BroadcastLink
from tests.support.calls import insert_call, update_call
from tests.support.live_links import Sink, ably_stats, realtime_stats, signed_in
from tests.support.standin import USER_B, Standin, run
from tests.support.waiting import until

Counters = Callable[[Standin], dict[str, Any]]


# source → (its link, the stand-in's counters, the counter that grows per join, per change;
# Ably: messages, since its publisher sends consecutive rows of a channel in one frame)
SOURCES = {
    "broadcast": (BroadcastLink, realtime_stats, "auth_queries", None),
    "ably": (AblyLink, ably_stats, None, "ably_messages_sent"),
}


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_a_user_receives_their_own_calls_once_and_no_one_elses(
    standin: Standin, source: str
) -> None:
    info = standin.info
    link_type, counters, per_join, per_change = SOURCES[source]

    async def scenario() -> None:
        a = await signed_in(standin, info["email"], info["password"])
        b = await signed_in(standin, *USER_B)
        sink_a, sink_b = Sink(), Sink()
        link_a = link_type(a.url, a.anon_key, a.tokens.access_token, sink_a)
        link_b = link_type(b.url, b.anon_key, b.tokens.access_token, sink_b)
        try:
            before = counters(standin)
            for link in (link_a, link_b):
                await link.open()
                await asyncio.wait_for(link.streaming.wait(), 10)
            joined = counters(standin)
            if per_join:
                assert joined[per_join] - before[per_join] == 2, "one check per join"
            with psycopg.connect(info["dsn"], autocommit=True) as db:
                call_id = insert_call(db, info["user_id"], f"{source} Co")
                update_call(db, call_id, score=95)
                db.execute("delete from public.calls where id = %s", (call_id,))
            await until(lambda: len(sink_a.changes) >= 3, "A's three changes")
            await asyncio.sleep(0.3)  # anything more (a duplicate, B's copy) would be here now
            kinds = [c.type for c in sink_a.changes]
            assert kinds == [ChangeType.INSERT, ChangeType.UPDATE, ChangeType.DELETE]
            assert {c.call_id for c in sink_a.changes} == {call_id}
            assert sink_a.changes[0].record["company_name"] == f"{source} Co"
            assert sink_a.changes[1].record["score"] == 95
            assert sink_a.changes[1].old_record.get("score") is None
            assert sink_b.changes == [] and sink_a.rejected == []
            after = counters(standin)
            if per_join:
                assert after[per_join] == joined[per_join], "no check per change"
            if per_change:
                assert after[per_change] - joined[per_change] == 3, "one message per change"
            assert await link_a.ping() < 5
            assert not link_a.lost.is_set()
        finally:
            for link in (link_a, link_b):
                await link.close()
            await a.close()
            await b.close()

    run(scenario())


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_a_comment_by_someone_else_reaches_the_calls_owner_once(
    standin: Standin, source: str
) -> None:
    """resources/sql/008_comment_alerts.sql: B's comment on A's call reaches A's link once, as
    a comment (not a change of a call); A's own comment on it is not published."""
    info = standin.info
    link_type = SOURCES[source][0]

    async def scenario() -> None:
        a = await signed_in(standin, info["email"], info["password"])
        b = await signed_in(standin, *USER_B)
        got_a: list[Mapping[str, Any]] = []
        got_b: list[Mapping[str, Any]] = []
        sink_a, sink_b = Sink(), Sink()
        link_a = link_type(a.url, a.anon_key, a.tokens.access_token, sink_a, comments=got_a.append)
        link_b = link_type(b.url, b.anon_key, b.tokens.access_token, sink_b, comments=got_b.append)
        try:
            for link in (link_a, link_b):
                await link.open()
                await asyncio.wait_for(link.streaming.wait(), 10)
            with psycopg.connect(info["dsn"], autocommit=True) as db:
                call_id = insert_call(db, info["user_id"], f"Comentada {source}")
                for author, body in ((b.user_id(), "de B"), (a.user_id(), "de A")):
                    db.execute(
                        "insert into public.call_comments (call_id, author_id, body) "
                        "values (%s, %s, %s)",
                        (call_id, author, body),
                    )
                await until(lambda: got_a, "the comment on A's call")
                await asyncio.sleep(0.3)  # a duplicate, A's own comment, B's copy: here by now
                db.execute("delete from public.calls where id = %s", (call_id,))
            assert [(c["call_id"], c["author_id"], c["body"]) for c in got_a] == [
                (call_id, b.user_id(), "de B")
            ]
            assert got_b == [] and sink_a.rejected == [] and sink_b.changes == []
            assert [c.type for c in sink_a.changes] == [ChangeType.INSERT]  # only the call
        finally:
            for link in (link_a, link_b):
                await link.close()
            await a.close()
            await b.close()

    run(scenario())
