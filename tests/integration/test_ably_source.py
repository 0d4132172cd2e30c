"""The `ably` live source against the stand-in's Ably: migration 007's outbox and its publisher
carry each change of a call to its owner's channel; the app, holding only a subscribe token for
its own channel (from the project's token endpoint, asked with the Supabase access token),
receives its own calls' changes as `RowChange`s once and no one else's; attaching another
user's channel is refused (Ably 40160); a refused sign-in is a token expiry for the supervisor;
an Ably token that expires on a live connection is renewed through the auth callback and the
connection resumes without losing a change."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from desktop_notifier.common.errors import ErrorCode, describe
from desktop_notifier.events import ChangeType, InvalidPayload, RowChange
from desktop_notifier.sync.ably_link import AblyLink
from desktop_notifier.sync.account import Account
from desktop_notifier.sync.errors import map_error, needs_attention
from desktop_notifier.sync.realtime_link import JoinRefused, LinkFailed
from tests.support.calls import insert_call, update_call
from tests.support.forward_proxy import ForwardProxy
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


def ably(standin: Standin, token_ttl_ms: int = 3_600_000) -> dict[str, Any]:
    """Set the lifetime of the next Ably tokens; the stand-in's Ably counters."""
    response = httpx.post(
        f"{standin.url}/_devstack/ably",
        content=json.dumps({"token_ttl_ms": token_ttl_ms}),
        headers=admin_headers(standin.info),
    )
    response.raise_for_status()
    return dict(response.json())


async def signed_in(standin: Standin, email: str, password: str) -> Account:
    return await Account.sign_in(standin.info["url"], standin.info["anon_key"], email, password)


def test_a_user_receives_their_own_calls_once_and_no_one_elses(standin: Standin) -> None:
    info = standin.info

    async def scenario() -> None:
        a = await signed_in(standin, info["email"], info["password"])
        b = await signed_in(standin, *USER_B)
        sink_a, sink_b = Sink(), Sink()
        link_a = AblyLink(a.url, a.anon_key, a.tokens.access_token, sink_a)
        link_b = AblyLink(b.url, b.anon_key, b.tokens.access_token, sink_b)
        try:
            for link in (link_a, link_b):
                await link.open()
                assert link.streaming.is_set()
            before = ably(standin)
            with psycopg.connect(info["dsn"], autocommit=True) as db:
                call_id = insert_call(db, info["user_id"], "Ably Co")
                update_call(db, call_id, score=95)
                db.execute("delete from public.calls where id = %s", (call_id,))
            await until(lambda: len(sink_a.changes) >= 3, "A's three changes")
            await asyncio.sleep(0.3)  # anything more (a duplicate, B's copy) would be here now
            kinds = [c.type for c in sink_a.changes]
            assert kinds == [ChangeType.INSERT, ChangeType.UPDATE, ChangeType.DELETE]
            assert {c.call_id for c in sink_a.changes} == {call_id}
            assert sink_a.changes[0].record["company_name"] == "Ably Co"
            assert sink_a.changes[1].record["score"] == 95
            assert sink_a.changes[1].old_record.get("score") is None
            assert sink_b.changes == [] and sink_a.rejected == []
            after = ably(standin)
            assert after["ably_frames_sent"] - before["ably_frames_sent"] == 3, (
                "one frame per change"
            )
            assert await link_a.ping() < 5
            assert not link_a.lost.is_set()
        finally:
            for link in (link_a, link_b):
                await link.close()
            await a.close()
            await b.close()

    run(scenario())


def test_attaching_another_users_channel_is_refused(standin: Standin) -> None:
    info = standin.info

    async def scenario() -> None:
        b = await signed_in(standin, *USER_B)
        link = AblyLink(b.url, b.anon_key, b.tokens.access_token, Sink())
        link.topic = f"calls:owner:{info['user_id']}"
        try:
            with pytest.raises(JoinRefused) as refused:
                await link.open()
            assert refused.value.code == "AblyCapability"
            assert "denied access based on given capability" in refused.value.reason
            error = map_error(refused.value, b.url)
            assert error.code is ErrorCode.ABLY_CHANNEL_DENIED and needs_attention(error)
            assert describe(error, "pt_BR").startswith("O Ably recusou o canal das suas calls")
        finally:
            await link.close()
            await b.close()

    run(scenario())


def test_a_project_without_the_token_endpoint_is_a_sentence_for_the_user(
    standin: Standin,
) -> None:
    info = standin.info

    async def scenario() -> None:
        a = await signed_in(standin, info["email"], info["password"])
        # a project whose ably-token function was never deployed answers 404
        link = AblyLink(f"{a.url}/no-functions", a.anon_key, a.tokens.access_token, Sink())
        try:
            with pytest.raises(JoinRefused) as refused:
                await link.open()
            error = map_error(refused.value, a.url)
            assert error.code is ErrorCode.ABLY_NOT_SET_UP and needs_attention(error)
            assert "ably-token" in describe(error, "en")
        finally:
            await link.close()
            await a.close()

    run(scenario())


def test_a_refused_sign_in_is_an_expired_token_for_the_supervisor(standin: Standin) -> None:
    info = standin.info

    async def scenario() -> None:
        a = await signed_in(standin, info["email"], info["password"])
        forged = a.tokens.access_token[:-4] + "AAAA"
        link = AblyLink(a.url, a.anon_key, forged, Sink())
        try:
            with pytest.raises(LinkFailed, match="refused our sign-in"):
                await link.open()
            assert link.token_expired
        finally:
            await link.close()
            await a.close()

    run(scenario())


def test_expired_ably_tokens_are_renewed_and_the_connection_resumes(standin: Standin) -> None:
    info = standin.info

    async def scenario() -> None:
        a = await signed_in(standin, info["email"], info["password"])
        sink = Sink()
        ably(standin, token_ttl_ms=1500)
        link = AblyLink(a.url, a.anon_key, a.tokens.access_token, sink)
        try:
            await link.open()
            # two expiries on one connection (ably 3.1 renews only the first by itself)
            await until(lambda: link.tokens_fetched >= 4, "the token asked twice more", 15)
            ably(standin)  # the renewed token lives long
            await asyncio.sleep(0.5)  # reconnected with the new token, resumed
            with psycopg.connect(info["dsn"], autocommit=True) as db:
                call_id = insert_call(db, info["user_id"], "After renewal")
            await until(lambda: len(sink.changes) >= 1, "the call after the renewal")
            assert sink.changes[0].call_id == call_id
            assert not link.lost.is_set(), link.lost_reason
            assert not link.resubscribed.is_set(), "the channel resumed: no gap to read"
        finally:
            ably(standin)
            await link.close()
            await a.close()

    run(scenario())


def test_the_ably_connection_goes_through_the_users_proxy(standin: Standin, tmp_path: Path) -> None:
    info = standin.info
    proxy = ForwardProxy(tmp_path / "proxy", standin.port, websockets=True).start()

    async def scenario() -> None:
        a = await signed_in(standin, info["email"], info["password"])
        sink = Sink()
        link = AblyLink(a.url, a.anon_key, a.tokens.access_token, sink, proxy=proxy.url)
        try:
            await link.open()
            with psycopg.connect(info["dsn"], autocommit=True) as db:
                call_id = insert_call(db, info["user_id"], "Behind a proxy")
            await until(lambda: len(sink.changes) >= 1, "the call through the proxy")
            assert sink.changes[0].call_id == call_id
        finally:
            await link.close()
            await a.close()

    try:
        run(scenario())
        assert proxy.requests("/functions/v1/ably-token") >= 2, "the token asked via the proxy"
        assert proxy.requests("CONNECT ") >= 1, "the websocket tunnelled"
    finally:
        proxy.stop()
