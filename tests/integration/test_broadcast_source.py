"""The `broadcast` live source against the stand-in: the trigger of 006_broadcast.sql
publishes each change of a call once, to its owner's topic; the app's private channel receives
its own calls' changes as `RowChange`s (and no one else's); joining another user's topic is
refused at join ("Unauthorized"); a row too large to travel arrives marked truncated; the
server checks access once per join and never per change."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import psycopg
import pytest

from desktop_notifier.events import ChangeType, InvalidPayload, RowChange
from desktop_notifier.sync.account import Account
from desktop_notifier.sync.broadcast_link import BroadcastLink
from desktop_notifier.sync.realtime_link import JoinRefused
from tests.support.calls import insert_call, update_call
from tests.support.standin import USER_B, Standin, admin_headers, run
from tests.support.waiting import until


class Sink:
    def __init__(self) -> None:
        self.changes: list[RowChange] = []
        self.rejected: list[InvalidPayload] = []

    def take(self, change: RowChange) -> None:
        self.changes.append(change)

    def reject(self, error: InvalidPayload) -> None:
        self.rejected.append(error)


def stats(standin: Standin) -> dict[str, Any]:
    response = httpx.get(f"{standin.url}/_devstack/stats", headers=admin_headers(standin.info))
    return dict(response.json())


async def signed_in(standin: Standin, email: str, password: str) -> Account:
    info = standin.info
    return await Account.sign_in(info["url"], info["anon_key"], email, password)


def test_a_user_receives_their_own_calls_once_and_no_one_elses(standin: Standin) -> None:
    info = standin.info

    async def scenario() -> None:
        a = await signed_in(standin, info["email"], info["password"])
        b = await signed_in(standin, *USER_B)
        sink_a, sink_b = Sink(), Sink()
        link_a = BroadcastLink(a.url, a.anon_key, a.tokens.access_token, sink_a)
        link_b = BroadcastLink(b.url, b.anon_key, b.tokens.access_token, sink_b)
        try:
            before = stats(standin)
            for link in (link_a, link_b):
                await link.open()
                await asyncio.wait_for(link.streaming.wait(), 10)
            joined = stats(standin)
            assert joined["auth_queries"] - before["auth_queries"] == 2, "one check per join"
            with psycopg.connect(info["dsn"], autocommit=True) as db:
                call_id = insert_call(db, info["user_id"], "Broadcast Co")
                update_call(db, call_id, score=95)
                db.execute("delete from public.calls where id = %s", (call_id,))
            await until(lambda: len(sink_a.changes) >= 3, "A's three changes")
            await asyncio.sleep(0.3)  # anything more (a duplicate, B's copy) would be here now
            kinds = [c.type for c in sink_a.changes]
            assert kinds == [ChangeType.INSERT, ChangeType.UPDATE, ChangeType.DELETE]
            assert {c.call_id for c in sink_a.changes} == {call_id}
            assert sink_a.changes[0].record["company_name"] == "Broadcast Co"
            assert sink_a.changes[1].record["score"] == 95
            assert sink_b.changes == [] and sink_a.rejected == []
            after = stats(standin)
            assert after["auth_queries"] == joined["auth_queries"], "no check per change"
        finally:
            for link in (link_a, link_b):
                await link.close()
            await a.close()
            await b.close()

    run(scenario())


def test_joining_another_users_topic_is_refused_at_join(standin: Standin) -> None:
    info = standin.info

    async def scenario() -> None:
        b = await signed_in(standin, *USER_B)
        link = BroadcastLink(b.url, b.anon_key, b.tokens.access_token, Sink())
        link.topic = f"calls:owner:{info['user_id']}"
        try:
            with pytest.raises(JoinRefused) as refused:
                await link.open()
            assert refused.value.code == "Unauthorized"
            assert "calls:owner:" in refused.value.reason
        finally:
            await link.close()
            await b.close()

    run(scenario())


def test_a_row_too_large_to_travel_arrives_truncated(standin: Standin) -> None:
    info = standin.info

    async def scenario() -> None:
        a = await signed_in(standin, info["email"], info["password"])
        sink = Sink()
        link = BroadcastLink(a.url, a.anon_key, a.tokens.access_token, sink)
        try:
            await link.open()
            await asyncio.wait_for(link.streaming.wait(), 10)
            with psycopg.connect(info["dsn"], autocommit=True) as db:
                call_id = insert_call(db, info["user_id"], "Big", transcription="x" * 300_000)
            await until(lambda: len(sink.changes) >= 1, "the large call")
            change = sink.changes[0]
            assert change.truncated and change.call_id == call_id
            assert "transcription" not in change.record
        finally:
            await link.close()
            await a.close()

    run(scenario())


def test_a_new_token_that_may_not_read_the_topic_shuts_the_channel(standin: Standin) -> None:
    """The server checks a private channel's access again when the token changes."""
    info = standin.info

    async def scenario() -> None:
        a = await signed_in(standin, info["email"], info["password"])
        b = await signed_in(standin, *USER_B)
        link = BroadcastLink(b.url, b.anon_key, b.tokens.access_token, Sink())
        try:
            await link.open()
            await asyncio.wait_for(link.streaming.wait(), 10)
            checks, first = stats(standin)["auth_queries"], b.tokens.access_token
            await asyncio.sleep(1.1)  # a token issued in the same second would be the same
            assert await b.refresh_if_expiring(margin=10**6)  # a new token of the same user
            assert b.tokens.access_token != first
            await link.set_token(b.tokens.access_token)
            await until(lambda: stats(standin)["auth_queries"] > checks, "the check again")
            await asyncio.sleep(0.3)
            assert not link.lost.is_set()
            await link.set_token(a.tokens.access_token)  # another user: not B's topic
            await asyncio.wait_for(link.lost.wait(), 10)
            assert "do not have permissions to read" in link.lost_reason
        finally:
            await link.close()
            await a.close()
            await b.close()

    run(scenario())


def test_a_server_that_never_says_ready_streams_after_the_fallback(standin: Standin) -> None:
    """Realtime before its replication-ready message (2026-06): streaming is assumed."""
    info = standin.info

    async def scenario() -> None:
        a = await signed_in(standin, info["email"], info["password"])
        sink = Sink()
        link = BroadcastLink(a.url, a.anon_key, a.tokens.access_token, sink)
        link.replication_ready, link.ready_fallback = False, 0.5  # an older server's silence
        try:
            await link.open()
            assert not link.streaming.is_set()
            await asyncio.wait_for(link.streaming.wait(), 5)
            with psycopg.connect(info["dsn"], autocommit=True) as db:
                call_id = insert_call(db, info["user_id"], "Older Server")
            await until(lambda: len(sink.changes) >= 1, "the change")
            assert sink.changes[0].call_id == call_id and not link.resubscribed.is_set()
        finally:
            await link.close()
            await a.close()

    run(scenario())
