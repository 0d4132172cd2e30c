"""The Realtime websocket ``/realtime/v1/websocket``: Phoenix V1 channels, postgres_changes,
and private channels for Broadcast from the database (``devstack/broadcast.py``).

Owns one client connection from upgrade to close, message by message, as the real server
behaves: apikey check on upgrade (HTTP 401, or a status `connection_modes` injects, each after
its delay), the idle timeout, heartbeat replies, ``phx_join`` with JWT verification, the
private-only check (join errors after their delay), a private join's read authorisation, and
binding ids, the delayed "Subscribed to PostgreSQL" (or the "Unable to subscribe" error) and
"Replication connection established" system messages, ``access_token`` re-verification
without a reply (a private channel's read access is checked again), ``phx_leave``, and kicking
a channel (system error + ``phx_close``) when its token expires (checked with no leeway, on
the server's clock, at least every 5 minutes).
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from desktop_notifier.devstack import phoenix
from desktop_notifier.devstack.bindings import FilterError, make_binding, parse_filter
from desktop_notifier.devstack.broadcast import (
    REPLICATION_READY,
    authorize_read,
    unauthorized,
    wants_replication_ready,
)
from desktop_notifier.devstack.connection_modes import (
    MODES,
    PRIVATE_ONLY,
    ConnectionModes,
    UpgradeRefusal,
)
from desktop_notifier.devstack.db import Pool
from desktop_notifier.devstack.hub import Channel, Hub, Socket
from desktop_notifier.devstack.presence import PresenceTracker
from desktop_notifier.devstack.tokens import TokenError, TokenIssuer

log = logging.getLogger(__name__)
CONFIRM_TOKEN_INTERVAL = 300.0  # @confirm_token_ms_interval in realtime_channel.ex

_UNABLE = (
    "Unable to subscribe to changes with given parameters. "
    "Please check Realtime is enabled for the given connect parameters: "
)


@dataclass
class RealtimeContext:
    hub: Hub
    tokens: TokenIssuer
    pool: Pool
    subscribe_delay: float
    presence: PresenceTracker = field(default_factory=PresenceTracker)


REALTIME = web.AppKey("realtime", RealtimeContext)
_CLOSED = (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR)


def socket_apikey(request: web.Request) -> str | None:
    return (
        request.query.get("apikey")
        or request.headers.get("x-api-key")
        or request.headers.get("apikey")
    )


async def websocket_handler(request: web.Request) -> web.StreamResponse:
    ctx = request.app[REALTIME]
    modes = request.app[MODES]
    refusal = _upgrade_refusal(request, ctx, modes)
    if refusal is not None:
        # user_socket.ex `connect_error/1`: every refused upgrade waits before it is answered.
        await asyncio.sleep(refusal.delay)
        return refusal.response()
    apikey = socket_apikey(request) or ""
    ws = web.WebSocketResponse(max_msg_size=16 * 1024 * 1024)
    await ws.prepare(request)
    sock = Socket(ws, ctx.hub)
    session = Session(sock, ctx, apikey, modes)
    ctx.hub.sockets.add(sock)
    try:
        while True:
            try:
                msg = await ws.receive(timeout=modes.idle_timeout or None)
            except TimeoutError:
                # Cowboy's idle_timeout (Phoenix: 60 s): reset by any frame from the client,
                # pings too (aiohttp's read timeout is too); then a close frame 1000.
                await ws.close(code=1000, message=b"")
                break
            if msg.type == WSMsgType.TEXT:
                await session.handle_text(msg.data)
            elif msg.type in _CLOSED:
                break
    finally:
        ctx.hub.sockets.discard(sock)
        for channel in sock.channels.values():
            channel.cancel_tasks()
        for topic in list(sock.channels):
            await ctx.presence.left(ctx.hub, sock, topic)
            ctx.presence.forget(sock, topic)
    return ws


def _upgrade_refusal(
    request: web.Request, ctx: RealtimeContext, modes: ConnectionModes
) -> UpgradeRefusal | None:
    """Why this upgrade is refused (user_socket.ex `connect/3` and `error_response/1`)."""
    apikey = socket_apikey(request)
    delay = modes.upgrade_error_delay
    if not apikey:
        return UpgradeRefusal(401, "API key is missing", delay)
    injected = modes.injected_refusal()
    if injected is not None:
        return injected
    if not ctx.tokens.is_api_key(apikey):
        return UpgradeRefusal(401, "Invalid API key", delay)
    if modes.rejects_key(apikey, (ctx.tokens.anon_key, ctx.tokens.service_role_key)):
        return modes.key_refusal()
    return None


class Session:
    """Protocol state machine of one socket."""

    def __init__(
        self, sock: Socket, ctx: RealtimeContext, apikey: str, modes: ConnectionModes
    ) -> None:
        self._sock = sock
        self._ctx = ctx
        self._apikey = apikey
        self._modes = modes

    async def handle_text(self, text: str) -> None:
        try:
            msg = json.loads(text)
        except ValueError:
            log.info("ignoring a non-JSON frame")
            return
        if not isinstance(msg, dict):
            return
        topic, event, ref = msg.get("topic"), msg.get("event"), msg.get("ref")
        raw_payload = msg.get("payload")
        payload: dict[str, Any] = raw_payload if isinstance(raw_payload, dict) else {}
        if not isinstance(topic, str):
            return
        if topic == "phoenix" and event == "heartbeat":
            await self._sock.send(phoenix.reply("phoenix", ref, "ok", {}))
        elif event == "phx_join" and topic.startswith("realtime:"):
            await self._join(topic, ref, msg.get("join_ref", ref), payload)
        elif topic not in self._sock.channels:
            await self._sock.send(phoenix.reply(topic, ref, "error", {"reason": "unmatched topic"}))
        elif event == "phx_leave":
            channel = self._sock.channels.pop(topic)
            channel.cancel_tasks()
            await self._sock.send(phoenix.reply(topic, ref, "ok", {}))
            await self._sock.send(phoenix.close(topic, channel.join_ref))
            await self._ctx.presence.left(self._ctx.hub, self._sock, topic)
            self._ctx.presence.forget(self._sock, topic)
        elif event == "presence":
            await self._ctx.presence.handle(self._ctx.hub, self._sock, topic, ref, payload)
        elif event == "access_token":
            await self._access_token(self._sock.channels[topic], payload.get("access_token"))
        else:
            log.debug("unexpected message %s on %s", event, topic)

    async def _join(self, topic: str, ref: Any, join_ref: Any, payload: dict[str, Any]) -> None:
        if topic == "realtime:":
            await self._refuse_join(topic, ref, "TopicNameRequired: You must provide a topic name")
            return
        raw_config = payload.get("config")
        config: dict[str, Any] = raw_config if isinstance(raw_config, dict) else {}
        if self._modes.private_only and not phoenix.is_private(config):
            await self._refuse_join(topic, ref, PRIVATE_ONLY)  # realtime_channel.ex only_private?
            return
        token = payload.get("access_token") or payload.get("user_token") or self._apikey
        try:
            claims = self._ctx.tokens.verify(str(token))
        except TokenError as e:
            await self._refuse_join(topic, ref, phoenix.join_error_reason(e))
            return
        private = phoenix.is_private(config)
        sub_topic = phoenix.channel_name(topic)
        # realtime_channel.ex maybe_assign_policies: a private join needs read access (RLS).
        if private and not await authorize_read(self._ctx.pool, self._ctx.hub, claims, sub_topic):
            await self._refuse_join(topic, ref, unauthorized(sub_topic))
            return
        raw = config.get("postgres_changes") or []
        bindings = [make_binding(b) for b in raw if isinstance(b, dict)]
        old = self._sock.channels.pop(topic, None)
        if old is not None:
            old.cancel_tasks()
        channel = Channel(topic, join_ref, bindings, str(token), claims, private=private)
        channel.broadcast_read = private
        self._sock.channels[topic] = channel
        response = {"postgres_changes": [b.reply() for b in bindings]}
        await self._sock.send(phoenix.reply(topic, ref, "ok", response))
        await self._ctx.presence.joined(self._sock, topic, config)
        self._watch_expiry(channel)
        if bindings:
            channel.tasks.append(asyncio.create_task(self._subscribe(channel)))
        if wants_replication_ready(config):
            channel.tasks.append(asyncio.create_task(self._replication_ready(channel)))

    async def _replication_ready(self, channel: Channel) -> None:
        """realtime_channel.ex `:notify_replication_ready`: the replication of
        realtime.messages runs (here from start-up on), said after the subscribe delay."""
        await asyncio.sleep(self._ctx.subscribe_delay)
        if self._sock.channels.get(channel.topic) is channel:
            await self._sock.send(phoenix.system(channel.topic, "ok", REPLICATION_READY, "system"))

    async def _refuse_join(self, topic: str, ref: Any, reason: str) -> None:
        """A join error reply, after the delay of realtime_channel.ex `join_error/1` (the
        socket reads nothing meanwhile: the real join blocks its transport the same way)."""
        self._modes.joins_refused += 1
        await asyncio.sleep(self._modes.join_error_delay)
        await self._sock.send(phoenix.reply(topic, ref, "error", {"reason": reason}))

    async def _subscribe(self, channel: Channel) -> None:
        await asyncio.sleep(self._ctx.subscribe_delay)
        error = await self._binding_error(channel)
        if self._sock.channels.get(channel.topic) is not channel:
            return
        if error:
            await self._sock.send(phoenix.system(channel.topic, "error", error))
            return
        channel.ready = True
        await self._sock.send(phoenix.system(channel.topic, "ok", "Subscribed to PostgreSQL"))

    async def _binding_error(self, channel: Channel) -> str | None:
        try:
            for binding in channel.bindings:
                parse_filter(binding.params.get("filter"))
        except FilterError as e:
            return str(e)
        try:
            async with self._ctx.pool.connection() as conn:
                cur = await conn.execute(
                    "select schemaname, tablename from pg_publication_tables "
                    "where pubname = 'supabase_realtime'"
                )
                published = {(str(s), str(t)) for s, t in await cur.fetchall()}
        except Exception as e:
            log.warning("could not read the publication: %s", e)
            return "Realtime was unable to connect to the project database"
        for b in channel.bindings:
            if not any(b.schema in ("*", s) and b.table in ("*", t) for s, t in published):
                return _UNABLE + b.describe()
        return None

    async def _access_token(self, channel: Channel, token: Any) -> None:
        if not isinstance(token, str) or not token or token == channel.token:
            return
        try:
            claims = self._ctx.tokens.verify(token)
        except TokenError as e:
            await self._kick(channel, e.message)
            return
        # realtime_channel.ex handle_in("access_token"): a private channel's read access is
        # checked again with the new token; without it the channel is shut down.
        sub_topic = phoenix.channel_name(channel.topic)
        if channel.private and not await authorize_read(
            self._ctx.pool, self._ctx.hub, claims, sub_topic
        ):
            await self._kick(channel, unauthorized(sub_topic).removeprefix("Unauthorized: "))
            return
        channel.token, channel.claims = token, claims
        self._watch_expiry(channel)

    def _watch_expiry(self, channel: Channel) -> None:
        exp = channel.claims.get("exp")
        if isinstance(exp, int):
            task = asyncio.create_task(self._expire(channel, channel.token, exp))
            channel.tasks.append(task)

    async def _expire(self, channel: Channel, token: str, exp: int) -> None:
        """realtime_channel.ex ``confirm_token``: re-check the token every
        min(5 min, time to expiry) on the server's clock; once expired, shut the channel."""
        clock = self._ctx.tokens.clock
        while True:
            left = exp - clock.now()
            if left <= 0:
                break
            await asyncio.sleep(min(CONFIRM_TOKEN_INTERVAL, left) + 0.01)
        current = self._sock.channels.get(channel.topic)
        if current is channel and channel.token == token:
            ago = max(0, clock.seconds() - exp)
            await self._kick(channel, f"Token has expired {ago} seconds ago")

    async def _kick(self, channel: Channel, message: str) -> None:
        """Shut a channel down like shutdown_response: system error, then phx_close."""
        if self._sock.channels.get(channel.topic) is channel:
            del self._sock.channels[channel.topic]
        await self._sock.send(phoenix.system(channel.topic, "error", message, "system"))
        await self._sock.send(phoenix.close(channel.topic, channel.join_ref))
        current = asyncio.current_task()
        for task in channel.tasks:
            if task is not current:
                task.cancel()
