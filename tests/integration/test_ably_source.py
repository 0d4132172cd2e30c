"""The `ably` live source against the stand-in's Ably, beyond what every source does
(test_own_calls_per_source.py: migration 007's outbox and its publisher carry each change to
its owner's channel, once): the app holds only a subscribe token for its own channel (from the
project's token endpoint, asked with the Supabase access token), and attaching another user's
channel is refused (Ably 40160); a refused sign-in is a token expiry for the supervisor;
an Ably token that expires on a live connection is renewed through the auth callback and the
connection resumes without losing a change."""

from __future__ import annotations

import asyncio
from pathlib import Path

import psycopg
import pytest

from desktop_notifier.common.errors import ErrorCode, describe
from desktop_notifier.sync.ably_link import AblyLink
from desktop_notifier.sync.errors import map_error, needs_attention
from desktop_notifier.sync.realtime_link import JoinRefused, LinkFailed
from tests.support.calls import insert_call
from tests.support.forward_proxy import ForwardProxy
from tests.support.live_links import Sink, ably_stats, signed_in
from tests.support.standin import USER_B, Standin, run
from tests.support.waiting import until


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
        ably_stats(standin, token_ttl_ms=1500)
        link = AblyLink(a.url, a.anon_key, a.tokens.access_token, sink)
        try:
            await link.open()
            # two expiries on one connection (ably 3.1 renews only the first by itself)
            await until(lambda: link.tokens_fetched >= 4, "the token asked twice more", 15)
            ably_stats(standin, token_ttl_ms=3_600_000)  # the renewed token lives long
            await asyncio.sleep(0.5)  # reconnected with the new token, resumed
            with psycopg.connect(info["dsn"], autocommit=True) as db:
                call_id = insert_call(db, info["user_id"], "After renewal")
            await until(lambda: len(sink.changes) >= 1, "the call after the renewal")
            assert sink.changes[0].call_id == call_id
            assert not link.lost.is_set(), link.lost_reason
            assert not link.resubscribed.is_set(), "the channel resumed: no gap to read"
        finally:
            ably_stats(standin, token_ttl_ms=3_600_000)
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
