"""The `broadcast` live source against the stand-in, beyond what every source does
(test_own_calls_per_source.py): joining another user's topic is refused at join
("Unauthorized"); a row too large to travel arrives marked truncated; a new token is checked
again."""

from __future__ import annotations

import asyncio

import psycopg
import pytest

from desktop_notifier.sync.broadcast_link import BroadcastLink
from desktop_notifier.sync.realtime_link import JoinRefused
from tests.support.calls import insert_call
from tests.support.live_links import Sink, realtime_stats, signed_in
from tests.support.standin import USER_B, Standin, run
from tests.support.waiting import until


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
            checks, first = realtime_stats(standin)["auth_queries"], b.tokens.access_token
            await asyncio.sleep(1.1)  # a token issued in the same second would be the same
            assert await b.refresh_if_expiring(margin=10**6)  # a new token of the same user
            assert b.tokens.access_token != first
            await link.set_token(b.tokens.access_token)
            await until(lambda: realtime_stats(standin)["auth_queries"] > checks, "the check again")
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
