"""The set of open Realtime sockets: fan-out of changes, stats and fault injection.

Owns the registry of connections and what acts on all of them at once: delivering each
captured change to every ready channel whose bindings match (one frame per change per
channel, in commit order, after the RLS check), closing every socket with a given code,
pushing a raw text frame to every socket, and counting frames for ``/_devstack/stats``.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from desktop_notifier.devstack import phoenix
from desktop_notifier.devstack.bindings import Binding, matches
from desktop_notifier.devstack.capture import Change
from desktop_notifier.devstack.tokens import Claims

if TYPE_CHECKING:
    from desktop_notifier.devstack.visibility import RlsChecker

log = logging.getLogger(__name__)
_SEND_TIMEOUT = 10.0


@dataclass
class Channel:
    topic: str
    join_ref: Any
    bindings: list[Binding]
    token: str
    claims: Claims
    ready: bool = False
    private: bool = False
    broadcast_read: bool = False  # a private join found read access (devstack/broadcast.py)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def cancel_tasks(self) -> None:
        for task in self.tasks:
            task.cancel()
        self.tasks.clear()


@dataclass(eq=False)
class Socket:
    """One client websocket and its joined channels."""

    ws: web.WebSocketResponse
    hub: Hub
    channels: dict[str, Channel] = field(default_factory=dict)

    async def send_text(self, text: str) -> None:
        if self.ws.closed:
            return
        try:
            await asyncio.wait_for(self.ws.send_str(text), _SEND_TIMEOUT)
        except TimeoutError:
            # A client that stopped reading must not stall delivery to everyone else.
            log.warning("a websocket client stopped reading; closing it")
            await self.ws.close(code=1011, message=b"send timeout")
            return
        self.hub.frames_sent += 1

    async def send(self, frame: phoenix.Frame) -> None:
        await self.send_text(json.dumps(frame))


class Hub:
    def __init__(self, rls: RlsChecker) -> None:
        self._rls = rls
        self.sockets: set[Socket] = set()
        self.frames_sent = 0
        self.changes_delivered = 0
        # authorisation queries: per change and subscriber (postgres_changes' RLS check), per
        # join (private channels, devstack/broadcast.py)
        self.auth_queries = 0
        self.broadcasts_delivered = 0
        self.broadcasts_dropped = 0  # over the payload limit (devstack/broadcast.py)

    def stats(self) -> dict[str, int]:
        return {
            "connections": len(self.sockets),
            "channels": sum(len(s.channels) for s in self.sockets),
            "frames_sent": self.frames_sent,
            "changes_delivered": self.changes_delivered,
            "auth_queries": self.auth_queries,
            "broadcasts_delivered": self.broadcasts_delivered,
            "broadcasts_dropped": self.broadcasts_dropped,
        }

    async def dispatch(self, change: Change) -> None:
        """Send one change to every ready channel that matches it and may see it."""
        verdicts: dict[str, bool] = {}
        for sock in list(self.sockets):
            for channel in list(sock.channels.values()):
                if not channel.ready:
                    continue
                ids = [b.id for b in channel.bindings if matches(b, change.data)]
                if not ids:
                    continue
                key = json.dumps(channel.claims, sort_keys=True)
                if key not in verdicts:
                    self.auth_queries += self._rls.needs_check(change)
                    verdicts[key] = await self._rls.visible(change, channel.claims)
                if not verdicts[key]:
                    continue
                try:
                    await sock.send_text(
                        phoenix.postgres_changes_text(channel.topic, ids, change.data_json)
                    )
                    self.changes_delivered += 1
                except (ConnectionError, RuntimeError) as e:
                    log.info("dropping change for a closing socket: %s", e)

    async def close_all(self, code: int, message: str) -> int:
        sockets = list(self.sockets)
        await asyncio.gather(
            *(sock.ws.close(code=code, message=message.encode()) for sock in sockets),
            return_exceptions=True,
        )
        return len(sockets)

    async def inject(self, text: str) -> int:
        sockets = list(self.sockets)
        for sock in sockets:
            await sock.send_text(text)
        return len(sockets)
