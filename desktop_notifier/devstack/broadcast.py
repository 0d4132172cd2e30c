"""Broadcast from the database, as Supabase Realtime does it: private-channel authorisation at
join, and delivery of what `realtime.send` inserts into `realtime.messages` to its topic.

- `authorize_read`: supabase/realtime `lib/realtime/tenants/authorization.ex`
  (`get_read_authorizations`): in one transaction that is rolled back, insert a probe message
  on the topic (as the server's own role), then act as the user (role, `request.jwt.claims`,
  `realtime.topic`) and select the probe: visible means the project's RLS policies on
  `realtime.messages` let this user read the topic. One query per join, none per change.
- `MessageCapture`: `lib/realtime/tenants/replication_connection.ex` streams the inserts of
  `realtime.messages` through its own publication; here a wal2json slot on the table is polled
  (`standin.poll_messages` in `realtime_base.sql`), reusing the change capture's loop.
- `BroadcastDelivery`: each message goes to every channel joined on its topic with the same
  privacy (`Tenants.tenant_topic(tenant, topic, not private)`), private ones only if their join
  found read access (`realtime_channel.ex` `handle_info(%{event: "broadcast"}, ...)`), as the
  frame `lib/realtime_web/socket/user_broadcast.ex` `convert_to_json_broadcast` builds:
  `{event: "broadcast", payload: {event, payload, type: "broadcast", meta: {id}}}`.
- `MAX_PAYLOAD_BYTES`: `lib/realtime/tenants.ex` `validate_payload_size` drops a message over
  the project's `max_payload_size_in_kb` (+ 500 bytes of padding) with a log line, delivered to
  no one; here the hosted free plan's 256 KB (the server's own default is 3,000 KB).
- `REPLICATION_READY`: the system message a join that asked for
  `config.broadcast.replication_ready` gets once the replication runs (`realtime_channel.ex`
  `:notify_replication_ready`).
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import psycopg

from desktop_notifier.devstack.capture import ChangeCapture
from desktop_notifier.devstack.db import Pool, set_request_role
from desktop_notifier.devstack.hub import Hub
from desktop_notifier.devstack.tokens import Claims

log = logging.getLogger(__name__)

REPLICATION_READY = "Replication connection established"
MAX_MESSAGES = 100
MAX_PAYLOAD_BYTES = 256 * 1000 + 500


def unauthorized(topic: str) -> str:
    """The join error of realtime_channel.ex `maybe_assign_policies` (via `log_error`)."""
    return f"Unauthorized: You do not have permissions to read from this Channel topic: {topic}"


def wants_replication_ready(config: dict[str, Any]) -> bool:
    broadcast = config.get("broadcast")
    return isinstance(broadcast, dict) and bool(broadcast.get("replication_ready"))


async def authorize_read(pool: Pool, hub: Hub, claims: Claims, topic: str) -> bool:
    """May these claims read `topic`? (The project's RLS on realtime.messages decides.)"""
    hub.auth_queries += 1
    probe = str(uuid.uuid4())
    try:
        async with pool.connection() as conn, conn.transaction(force_rollback=True):
            await conn.execute(
                "insert into realtime.messages (id, topic, extension) values (%s, %s, 'broadcast')",
                (probe, topic),
            )
            await set_request_role(conn, claims)
            await conn.execute("select set_config('realtime.topic', %s, true)", (topic,))
            cur = await conn.execute("select id from realtime.messages where id = %s", (probe,))
            return await cur.fetchone() is not None
    except (psycopg.Error, ValueError) as e:  # RlsPolicyError: refused like the real server
        log.warning("authorisation of topic %s failed: %s", topic, e)
        return False


@dataclass(frozen=True)
class Message:
    id: str
    topic: str
    event: str
    payload_json: str
    private: bool

    def frame_text(self, channel_topic: str) -> str:
        head = json.dumps({"topic": channel_topic, "event": "broadcast"})[:-1]
        inner = json.dumps({"event": self.event, "type": "broadcast", "meta": {"id": self.id}})
        return f'{head}, "payload": {inner[:-1]}, "payload": {self.payload_json}}}, "ref": null}}'


class MessageCapture(ChangeCapture):
    """The change capture's slot and loop, polling `realtime.messages` inserts instead."""

    def __init__(self, dsn: str, sink: Callable[[Message], Awaitable[None]], poll: float) -> None:
        super().__init__(dsn, self._ignore, poll)
        self._deliver = sink

    @staticmethod
    async def _ignore(_change: object) -> None:
        return None

    async def _poll_once(self) -> int:
        assert self._conn is not None
        cur = await self._conn.execute(
            "select id, topic, event, payload, private from standin.poll_messages(%s, %s)",
            (self.slot, MAX_MESSAGES),
        )
        rows = await cur.fetchall()
        for id_, topic, event, payload, private in rows:
            message = Message(str(id_), str(topic), str(event), str(payload), bool(private))
            self.changes_seen += 1
            try:
                await self._deliver(message)
            except Exception:
                log.exception("delivering a broadcast on %s failed", message.topic)
        return len(rows)


class BroadcastDelivery:
    """Sends each message to the channels joined on its topic."""

    def __init__(self, hub: Hub) -> None:
        self._hub = hub

    async def deliver(self, message: Message) -> None:
        if len(message.payload_json.encode()) > MAX_PAYLOAD_BYTES:
            log.warning("UnableToBroadcastChanges: payload too large on %s", message.topic)
            self._hub.broadcasts_dropped += 1
            return
        topic = f"realtime:{message.topic}"
        for sock in list(self._hub.sockets):
            channel = sock.channels.get(topic)
            if channel is None or channel.private != message.private:
                continue
            if message.private and not channel.broadcast_read:
                continue
            try:
                await sock.send_text(message.frame_text(topic))
                self._hub.broadcasts_delivered += 1
            except (ConnectionError, RuntimeError) as e:
                log.info("dropping a broadcast for a closing socket: %s", e)
