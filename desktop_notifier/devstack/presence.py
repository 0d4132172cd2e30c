"""Realtime Presence in the stand-in: who is tracked on each channel topic, and the
``presence_state`` / ``presence_diff`` frames the real server sends about it.

As supabase/realtime does (``lib/realtime_web/channels/realtime_channel.ex``: ``handle_in
("presence", …)``, ``handle_info(:sync_presence, …)``;
``lib/realtime_web/channels/realtime_channel/presence_handler.ex``: ``sync``, ``track``,
``untrack``; ``lib/realtime_web/channels/payloads/join.ex``: ``presence_key``): a join with
``config.presence.enabled`` gets the topic's whole state (``presence_state``, Phoenix.Presence's
grouping ``{key: {metas: [{phx_ref, …payload}]}}``); a ``presence`` message ``{event: "track",
payload}`` (re)tracks the socket's channel under its presence key (the join's
``config.presence.key``, a fresh UUID when empty), replied ``ok``; tracking again replaces the
meta (a diff that leaves the old ``phx_ref`` and joins the new one); ``untrack``, leaving the
channel and closing the socket take it away. Every change goes to every channel joined on the
topic as ``presence_diff {joins, leaves}`` (public channels: no authorization; private-channel
presence policies are not modelled).
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop_notifier.devstack import phoenix

if TYPE_CHECKING:
    from desktop_notifier.devstack.hub import Hub, Socket


@dataclass
class _Tracked:
    key: str
    meta: dict[str, Any]  # the payload with its phx_ref


@dataclass
class PresenceTracker:
    # (socket, topic) → the channel's presence key, for channels that joined with a config
    keys: dict[tuple[int, str], str] = field(default_factory=dict)
    # topic → (socket id) → what that socket's channel tracks
    tracked: dict[str, dict[int, _Tracked]] = field(default_factory=dict)

    async def joined(self, sock: Socket, topic: str, config: dict[str, Any]) -> None:
        """After the join's ok reply: remember the key; the state when presence is enabled."""
        raw = config.get("presence")
        presence: dict[str, Any] = raw if isinstance(raw, dict) else {}
        key = presence.get("key")
        self.keys[(id(sock), topic)] = key if isinstance(key, str) and key else str(uuid.uuid1())
        if presence.get("enabled") is True:
            await sock.send(phoenix.push(topic, "presence_state", self.state(topic)))

    def state(self, topic: str) -> dict[str, Any]:
        grouped: dict[str, Any] = {}
        for entry in self.tracked.get(topic, {}).values():
            grouped.setdefault(entry.key, {"metas": []})["metas"].append(entry.meta)
        return grouped

    async def handle(
        self, hub: Hub, sock: Socket, topic: str, ref: Any, payload: dict[str, Any]
    ) -> None:
        """A ``presence`` message from the client."""
        event = str(payload.get("event", "")).lower()
        if event == "track":
            body = payload.get("payload", {})
            if not isinstance(body, dict):
                reason = {"reason": "Presence track payload must be a map"}
                await sock.send(phoenix.reply(topic, ref, "error", reason))
                return
            await sock.send(phoenix.reply(topic, ref, "ok", {}))
            await self._track(hub, sock, topic, body)
        elif event == "untrack":
            await sock.send(phoenix.reply(topic, ref, "ok", {}))
            await self.left(hub, sock, topic)
        else:
            await sock.send(phoenix.reply(topic, ref, "error", {"reason": "unknown event"}))

    async def _track(self, hub: Hub, sock: Socket, topic: str, body: dict[str, Any]) -> None:
        key = self.keys.get((id(sock), topic)) or str(uuid.uuid1())
        entries = self.tracked.setdefault(topic, {})
        old = entries.get(id(sock))
        meta = {**body, "phx_ref": secrets.token_urlsafe(12)}
        if old is not None:
            if {k: v for k, v in old.meta.items() if k != "phx_ref"} == body:
                return  # presence_handler.ex: no_payload_change
            meta["phx_ref_prev"] = old.meta["phx_ref"]
        entries[id(sock)] = _Tracked(key, meta)
        leaves = {} if old is None else {old.key: {"metas": [old.meta]}}
        await self._diff(hub, topic, {key: {"metas": [meta]}}, leaves)

    async def left(self, hub: Hub, sock: Socket, topic: str) -> None:
        """The channel untracked, left or its socket closed."""
        entries = self.tracked.get(topic, {})
        old = entries.pop(id(sock), None)
        if not entries:
            self.tracked.pop(topic, None)
        if old is not None:
            await self._diff(hub, topic, {}, {old.key: {"metas": [old.meta]}})

    def forget(self, sock: Socket, topic: str) -> None:
        self.keys.pop((id(sock), topic), None)

    async def _diff(
        self, hub: Hub, topic: str, joins: dict[str, Any], leaves: dict[str, Any]
    ) -> None:
        frame = phoenix.push(topic, "presence_diff", {"joins": joins, "leaves": leaves})
        for other in list(hub.sockets):
            if topic in other.channels:
                await other.send(frame)
