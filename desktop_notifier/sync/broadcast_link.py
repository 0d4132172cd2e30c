"""The `broadcast` live source: Realtime Broadcast from the database, on a private channel.

The project's trigger (`resources/sql/006_broadcast.sql`) publishes every change of a call once,
to the topic of its owner (`calls:owner:<user id>`); the server checks at join, through the RLS
policies on `realtime.messages`, that the signed-in user may read that topic (supabase/realtime
`lib/realtime_web/channels/realtime_channel.ex` `maybe_assign_policies`,
`lib/realtime/tenants/authorization.ex`), and refuses the join otherwise ("Unauthorized: You do
not have permissions to read from this Channel topic: ..."). The channel is private
(`config.private = true`): it also works on projects that allow private channels only.

Streaming starts with the server's "Replication connection established" system message, which
it sends when the join asked for it (`config.broadcast.replication_ready`) once its replication
of `realtime.messages` runs (realtime_channel.ex `:notify_replication_ready`): from then on
every committed change reaches the channel, so the catch-up may run. A server from before
that message (supabase/realtime #1962, 2026-06) never sends it: after `ready_fallback` seconds
without it, streaming is assumed (its replication starts with the project, not with our join);
a "ready" that comes later still sets `resubscribed`, so a read covers the time before it.
Everything else (the socket, the token, pings, losses) is the postgres_changes link's
(`realtime_link`).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import logging
from typing import Any

from realtime import AsyncRealtimeChannel

from desktop_notifier.events import InvalidPayload
from desktop_notifier.events.broadcast import comment_record, parse_broadcast
from desktop_notifier.sync.realtime_link import LinkFailed, RealtimeLink

log = logging.getLogger(__name__)

TOPIC_PREFIX = "calls:owner:"
READY_MESSAGE = "Replication connection established"
READY_FALLBACK = 5.0  # under the supervisor's wait for streaming (10 s)


def owner_topic(access_token: str) -> str:
    """The topic of the signed-in user's calls: `calls:owner:` + the token's `sub`."""
    try:
        body = access_token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (IndexError, ValueError, binascii.Error) as exc:
        raise LinkFailed("join: the access token carries no user") from exc
    sub = claims.get("sub") if isinstance(claims, dict) else None
    if not isinstance(sub, str) or not sub:
        raise LinkFailed("join: the access token carries no user")
    return TOPIC_PREFIX + sub


class BroadcastLink(RealtimeLink):
    topic: str | None = None  # the owner's topic unless set (a test joins someone else's)
    ready_fallback = READY_FALLBACK
    replication_ready = True  # ask for the "ready" message (a test plays an older server)
    _fallback: asyncio.TimerHandle | None = None

    async def open(self) -> None:
        await super().open()
        self._fallback = asyncio.get_running_loop().call_later(
            self.ready_fallback, self._assume_streaming
        )

    def _assume_streaming(self) -> None:
        if not self.streaming.is_set() and not self.lost.is_set():
            log.warning("no replication-ready message from the server; streaming assumed")
            self.streaming.set()

    async def close(self) -> None:
        if self._fallback is not None:
            self._fallback.cancel()
        await super().close()

    def _channel(self) -> AsyncRealtimeChannel:
        channel = self._client.channel(
            self.topic or owner_topic(self.access_token),
            {
                "config": {
                    "broadcast": {
                        "ack": False,
                        "self": False,
                        "replication_ready": self.replication_ready,
                    },
                    "presence": {"key": "", "enabled": False},
                    "private": True,
                }
            },
        )
        channel.on_broadcast("*", self._guard("change", self._on_broadcast))
        channel.on_system(self._guard("system", self._on_system))
        return channel

    def _on_broadcast(self, message: Any) -> None:
        comment = comment_record(message)
        if comment is not None:  # resources/sql/008_comment_alerts.sql
            if self._comments is not None:
                self._comments(comment)
            return
        try:
            change = parse_broadcast(message)
        except InvalidPayload as exc:
            self._sink.reject(exc)
            return
        self._sink.take(change)

    def _on_system(self, payload: Any) -> None:
        message = str(getattr(payload, "message", ""))
        if str(getattr(payload, "status", "")) == "ok" and message == READY_MESSAGE:
            if self.streaming.is_set():
                log.info("the server restarted its replication; a read will cover the gap")
                self.resubscribed.set()
            self.streaming.set()
