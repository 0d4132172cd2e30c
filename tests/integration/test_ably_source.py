"""The `ably` live source against the stand-in's Ably, beyond what every source does
(test_own_calls_per_source.py: migration 007's outbox and its publisher carry each change to
its owner's channel, once): the app holds only a subscribe token for its own channel (from the
project's token endpoint, asked with the Supabase access token), and attaching another user's
channel is refused (Ably 40160); a refused sign-in is a token expiry for the supervisor;
an Ably token that expires on a live connection is renewed through the auth callback and the
connection resumes without losing a change, and a ping during a renewal waits for it; a link
closed while the network is gone ends closed, and the library says nothing more about it
later; a websocket the proxy refuses fails the link with that reason."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import psycopg
import pytest
from ably.types.connectionstate import ConnectionState

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


def test_a_ping_during_a_token_renewal_waits_for_it(standin: Standin) -> None:
    """The liveness check pings every few seconds; one that falls between a token's expiry
    and its renewal (the transport already gone while still CONNECTED, then DISCONNECTED,
    where the library refuses pings) gets its answer once the link is back, instead of
    failing and dropping a link that was only renewing: pings at expiries, then a ping every
    50 ms through two more renewals, every one answered."""
    info = standin.info

    async def scenario() -> None:
        a = await signed_in(standin, info["email"], info["password"])
        ably_stats(standin, token_ttl_ms=1500)
        link = AblyLink(a.url, a.anon_key, a.tokens.access_token, Sink())
        try:
            await link.open()
            client: Any = link._client
            for expiry in ("the first expiry", "the second expiry"):  # the library's, then ours
                await until(
                    lambda: client.connection.state is ConnectionState.DISCONNECTED,
                    expiry,
                    10,
                    poll=0.005,
                )
                assert await link.ping() < 5
            renewed = link.tokens_fetched
            while link.tokens_fetched < renewed + 2:
                assert await link.ping() < 5
                await asyncio.sleep(0.05)
            assert not link.lost.is_set(), link.lost_reason
        finally:
            ably_stats(standin, token_ttl_ms=3_600_000)
            await link.close()
            await a.close()

    run(scenario())


def test_a_link_closed_while_the_network_is_gone_ends_closed(
    standin: Standin, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The network goes (the proxy stops forwarding, its connections open) and the supervisor
    closes the link: Ably's CLOSE and the websocket's closing handshake go unanswered. The
    close still ends with the client CLOSED (not left CLOSING, finishing later on its own), and
    nothing of it speaks up once the network is back (ably 3.1 logged "uncaught listener
    exception: invalid state" when a close it had been cancelled in came to an end)."""
    info = standin.info
    proxy = ForwardProxy(tmp_path / "proxy", standin.port, websockets=True).start()
    caplog.set_level(logging.INFO, logger="ably")

    async def scenario() -> None:
        a = await signed_in(standin, info["email"], info["password"])
        link = AblyLink(a.url, a.anon_key, a.tokens.access_token, Sink(), proxy=proxy.url)
        client: Any = None
        try:
            await link.open()
            client = link._client
            proxy.pause()
            await link.close()
            assert client.connection.state is ConnectionState.CLOSED
        finally:
            proxy.resume()
            await link.close()
            await a.close()
        await asyncio.sleep(1.5)  # a late CLOSED of a close left half way would come now
        assert client.connection.state is ConnectionState.CLOSED

    try:
        run(scenario())
    finally:
        proxy.stop()
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], "the ably client complained after its close"


def test_a_websocket_the_proxy_refuses_fails_the_link_with_that_reason(
    standin: Standin, tmp_path: Path
) -> None:
    """The proxy forwards the token request but refuses to tunnel the websocket (403): the
    link fails saying so (the supervisor counts it towards limited mode), not by waiting out
    the library's connection timeout, which ably 3.1 would do for any failure that is not
    websockets' own."""
    info = standin.info
    proxy = ForwardProxy(tmp_path / "proxy", standin.port, websockets=False).start()

    async def scenario() -> None:
        a = await signed_in(standin, info["email"], info["password"])
        link = AblyLink(a.url, a.anon_key, a.tokens.access_token, Sink(), proxy=proxy.url)
        try:
            with pytest.raises(LinkFailed) as failed:
                await link.open()
            assert "the proxy refused the tunnel (HTTP 403)" in str(failed.value)
            assert not link.token_expired
        finally:
            await link.close()
            await a.close()

    try:
        run(scenario())
    finally:
        proxy.stop()
