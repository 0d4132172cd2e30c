"""The stand-in's Ably realtime endpoint: the JSON protocol the official client speaks over a
websocket (ably-python `ably/transport/websockettransport.py` `ProtocolMessageAction`,
`ably/realtime/connectionmanager.py`, `ably/realtime/channel.py`; protocol version 5).

- Connect: `GET /?accessToken=…&v=…&format=json[&resume=<connectionKey>]`. A bad token: ERROR
  (40140, or 40142 when expired) and the socket closed, as Ably refuses a connection (RTN14b);
  else CONNECTED with `connectionId` and `connectionDetails` (`connectionKey`,
  `connectionStateTtl`, `maxIdleInterval`, `clientId`). A `resume` of a connection this
  server still knows keeps its id and channels (RTN15c6), otherwise a new connection with the
  reason in `error` (RTN15c7, 80008 "Unable to recover connection").
- HEARTBEAT: the server's own every `maxIdleInterval`, and an answer (same `id`) to the
  client's ping (RTN13).
- ATTACH → ATTACHED with `channelSerial` (and the RESUMED flag on a resumed connection that
  was attached), or, when the token's capability does not allow `subscribe` on the channel,
  ERROR with the channel and 40160 (the channel fails, RTL4e). DETACH → DETACHED. CLOSE →
  CLOSED and the socket closed.
- Token expiry on a live connection: DISCONNECTED with 40142 and the socket closed (RTN15h);
  the client renews through its auth callback and resumes.
- MESSAGE: what the REST API publishes reaches every connection attached to the channel, data
  as JSON text with `encoding: "json"` (Ably's JSON encoding of an object, RSL4d3), within the
  connection's outbound rate (`ably_rate`: over it, dropped and told as a continuity loss).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from desktop_notifier.devstack.ably_auth import AblyError, AblyKeys, Token, now_ms, permits
from desktop_notifier.devstack.ably_rate import NOTICE_AFTER, OutboundRate

log = logging.getLogger(__name__)

HEARTBEAT, CONNECTED, DISCONNECTED, CLOSE, CLOSED, ERROR = 0, 4, 6, 7, 8, 9
ATTACH, ATTACHED, DETACH, DETACHED, MESSAGE = 10, 11, 12, 13, 15
FLAG_RESUMED = 1 << 2
MAX_IDLE_MS = 15_000
STATE_TTL_MS = 120_000


@dataclass
class AblyConnection:
    id: str
    key: str
    token: Token
    channels: set[str] = field(default_factory=set)
    ws: web.WebSocketResponse | None = None
    serial: int = 0
    pending: list[dict[str, Any]] = field(default_factory=list)  # while away, for a resume
    gaps: set[str] = field(default_factory=set)  # channels with a continuity notice to come

    async def send(self, frame: dict[str, Any]) -> bool:
        ws = self.ws
        if ws is None or ws.closed:
            return False
        try:
            await ws.send_str(json.dumps(frame))
        except (ConnectionError, RuntimeError):
            return False
        return True


@dataclass
class AblyServer:
    keys: AblyKeys = field(default_factory=AblyKeys)
    connections: dict[str, AblyConnection] = field(default_factory=dict)  # by connectionKey
    frames_sent: int = 0
    messages_sent: int = 0  # messages in those frames (a frame may carry several)
    messages_published: int = 0
    refused_attaches: int = 0
    rate: OutboundRate = field(default_factory=OutboundRate)
    _notices: set[asyncio.Task[None]] = field(default_factory=set)

    def attached(self, channel: str) -> list[AblyConnection]:
        return [c for c in self.connections.values() if channel in c.channels]

    async def publish(self, channel: str, messages: list[dict[str, Any]]) -> int:
        """Deliver REST-published messages to every connection attached to `channel`."""
        self.messages_published += len(messages)
        encoded = []
        for message in messages:
            data = message.get("data")
            entry: dict[str, Any] = {"name": message.get("name"), "timestamp": now_ms()}
            if isinstance(data, dict | list):
                entry.update(data=json.dumps(data), encoding="json")
            else:
                entry.update(data=data, encoding=message.get("encoding") or "")
            encoded.append(entry)
        delivered = 0
        for conn in self.attached(channel):
            sending = encoded
            if conn.ws is not None:  # within the connection's outbound rate, the rest dropped
                sending = encoded[: self.rate.admit(conn.id, len(encoded))]
                if len(sending) < len(encoded):
                    self._gap(conn, channel)
                if not sending:
                    continue
            conn.serial += 1
            frame = {
                "action": MESSAGE,
                "channel": channel,
                "channelSerial": f"{channel}:{conn.serial}",
                "id": f"{conn.id}:{conn.serial}",
                "connectionId": conn.id,
                "timestamp": now_ms(),
                "messages": [
                    {**m, "id": f"{conn.id}:{conn.serial}:{i}"} for i, m in enumerate(sending)
                ],
            }
            if conn.ws is None:  # away: kept for its resume (RTN15c6 delivers the gap)
                conn.pending.append(frame)
            elif await conn.send(frame):
                self.frames_sent += 1
                self.messages_sent += len(sending)
                delivered += 1
        return delivered

    def _gap(self, conn: AblyConnection, channel: str) -> None:
        if channel in conn.gaps:
            return
        conn.gaps.add(channel)
        notice = asyncio.create_task(self._tell_gap(conn, channel))
        self._notices.add(notice)
        notice.add_done_callback(self._notices.discard)

    async def _tell_gap(self, conn: AblyConnection, channel: str) -> None:
        await asyncio.sleep(NOTICE_AFTER)
        conn.gaps.discard(channel)
        if channel in conn.channels:
            await conn.send(self.rate.continuity_lost(channel, f"{channel}:{conn.serial}"))

    async def close_all(self, code: int, message: str) -> int:
        """Close every connection's websocket (`/_devstack/close`): a frontend that restarts
        drops its transports; the client sees DISCONNECTED (ably-python
        `websockettransport.py` → `deactivate_transport`) and may resume (RTN15c6)."""
        sockets = [c.ws for c in self.connections.values() if c.ws is not None]
        await asyncio.gather(
            *(ws.close(code=code, message=message.encode()) for ws in sockets),
            return_exceptions=True,
        )
        return len(sockets)


ABLY = web.AppKey("ably", AblyServer)


async def _refuse(ws: web.WebSocketResponse, error: AblyError) -> web.WebSocketResponse:
    await ws.send_str(json.dumps({"action": ERROR, "error": error.body()}))
    await ws.close()
    return ws


async def websocket_handler(request: web.Request) -> web.StreamResponse:
    server = request.app[ABLY]
    ws = web.WebSocketResponse(autoping=True)
    await ws.prepare(request)
    params = request.query
    try:
        token = server.keys.check_token(params.get("accessToken"))
    except AblyError as exc:
        return await _refuse(ws, exc)
    resumed = server.connections.get(params.get("resume", ""))
    error: dict[str, Any] | None = None
    if resumed is not None and resumed.ws is None and resumed.token.client_id == token.client_id:
        conn = resumed
        conn.token = token
    else:
        if "resume" in params:
            error = {"code": 80008, "statusCode": 400, "message": "Unable to recover connection"}
        conn_id = secrets.token_hex(5)
        conn = AblyConnection(conn_id, f"{conn_id}!{secrets.token_hex(6)}", token)
        server.connections[conn.key] = conn
        resumed = None
    conn.ws = ws
    connected: dict[str, Any] = {
        "action": CONNECTED,
        "connectionId": conn.id,
        "connectionDetails": {
            "connectionKey": conn.key,
            "clientId": token.client_id,
            "connectionStateTtl": STATE_TTL_MS,
            "maxIdleInterval": MAX_IDLE_MS,
            "maxMessageSize": 65536,
        },
    }
    if error:
        connected["error"] = error
    await conn.send(connected)
    while conn.pending:
        frame = conn.pending.pop(0)
        if await conn.send(frame):
            server.frames_sent += 1
            server.messages_sent += len(frame["messages"])
    beat = asyncio.create_task(_heartbeats(conn))
    try:
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            try:
                frame = json.loads(msg.data)
            except ValueError:
                continue
            if isinstance(frame, dict) and await _on_frame(server, conn, frame, resumed):
                break
    finally:
        beat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await beat
        if conn.ws is ws:
            conn.ws = None  # resumable for connectionStateTtl, then forgotten (RTN15g)
            asyncio.get_running_loop().call_later(STATE_TTL_MS / 1000, _forget, server, conn)
    return ws


def _forget(server: AblyServer, conn: AblyConnection) -> None:
    if conn.ws is None:
        server.connections.pop(conn.key, None)
        server.rate.forget(conn.id)


async def _heartbeats(conn: AblyConnection) -> None:
    """The server's heartbeats, and the token's expiry on a live connection (RTN15h)."""
    while True:
        wait_ms = min(MAX_IDLE_MS * 0.66, max(0, conn.token.expires - now_ms()))
        await asyncio.sleep(wait_ms / 1000)
        if conn.token.expires <= now_ms():
            error = AblyError(40142, 401, "Key/token status changed (expire)").body()
            await conn.send({"action": DISCONNECTED, "error": error})
            if conn.ws is not None:
                await conn.ws.close()
            return
        await conn.send({"action": HEARTBEAT})


async def _on_frame(
    server: AblyServer, conn: AblyConnection, frame: dict[str, Any], resumed: AblyConnection | None
) -> bool:
    """Answer one client frame; True when the connection is over."""
    action = frame.get("action")
    channel = str(frame.get("channel") or "")
    if action == HEARTBEAT:
        await conn.send({"action": HEARTBEAT, "id": frame.get("id")})
    elif action == ATTACH:
        if not permits(conn.token.capability, channel, "subscribe"):
            server.refused_attaches += 1
            error = AblyError(
                40160, 401, f"Channel denied access based on given capability; channel = {channel}"
            )
            await conn.send({"action": ERROR, "channel": channel, "error": error.body()})
            return False
        flags = FLAG_RESUMED if resumed is not None and channel in conn.channels else 0
        conn.channels.add(channel)
        await conn.send(
            {
                "action": ATTACHED,
                "channel": channel,
                "channelSerial": f"{channel}:{conn.serial}",
                "flags": flags,
            }
        )
    elif action == DETACH:
        conn.channels.discard(channel)
        await conn.send({"action": DETACHED, "channel": channel})
    elif action == CLOSE:
        await conn.send({"action": CLOSED})
        server.connections.pop(conn.key, None)
        return True
    return False
