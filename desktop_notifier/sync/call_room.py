"""`CallRoom`: the live side of one open call window — the comments written on it (Realtime
`postgres_changes` INSERTs of `public.call_comments` filtered by the call) and who else has it
open (Realtime Presence on the channel `call:<id>`, tracked under this app's presence key).

One websocket per room, beside the calls feed's link (sync/realtime_link.py, which it leaves
alone); the library's reconnect is off, as there: the app closes and reopens its rooms when
the connection is live again, and re-reads the comments then. Each renewed access token is
handed to the room (`set_token`), as the calls feed's link is: Realtime shuts a channel whose
token expires (realtime/lib/realtime_web/channels/realtime_channel.ex, the expiry timer), and a
window may stay open for hours. Every callback is guarded (an
exception escaping into the library's listen task would end all delivery).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from realtime import AsyncRealtimeClient, RealtimeSubscribeStates
from realtime.types import RealtimePostgresChangesListenEvent

from desktop_notifier.sync.callbacks import guarded
from desktop_notifier.sync.redirects import guard_websocket_redirects, websocket_proxy

log = logging.getLogger(__name__)
JOIN_TIMEOUT = 10
Row = dict[str, Any]


class RoomFailed(Exception):
    """The room's socket or its channel could not be opened; the reason is in the message."""


class CallRoom:
    def __init__(
        self,
        url: str,
        anon_key: str,
        access_token: str,
        call_id: str,
        presence_key: str,
        me: dict[str, str],
        on_comment: Callable[[Row], None],
        on_presence: Callable[[list[Row]], None],
        *,
        proxy: str | None = None,
    ) -> None:
        """`me`: what others see of this app in the room (e-mail); `on_presence`: everyone
        else in it now, one entry per app (never this one)."""
        self.call_id = call_id
        self._key = presence_key
        self._me = me
        self._on_comment = on_comment
        self._on_presence = on_presence
        self._proxy = proxy
        guard_websocket_redirects()
        self._client = AsyncRealtimeClient(
            f"{url}/realtime/v1", token=anon_key, auto_reconnect=False, timeout=JOIN_TIMEOUT
        )
        self._client.access_token = access_token
        self._channel: Any = None
        self._subscribed = asyncio.Event()
        self._streaming = asyncio.Event()  # "Subscribed to PostgreSQL": comments flow now
        self.joined = False  # streaming and tracked

    def _guard(self, name: str, callback: Callable[..., None]) -> Callable[..., None]:
        return guarded(log, f"room's {name}", callback)

    async def open(self) -> None:
        """Connect, join with presence, track this app. Raises `RoomFailed`."""
        try:
            with websocket_proxy(self._proxy):
                await self._client.connect()
            config = {"config": {"presence": {"key": self._key}}}
            channel = self._client.channel(f"call:{self.call_id}", config)  # type: ignore[arg-type]
            channel.on_postgres_changes(
                RealtimePostgresChangesListenEvent.Insert,
                self._guard("comment", self._comment),
                table="call_comments",
                schema="public",
                filter=f"call_id=eq.{self.call_id}",
            )
            channel.on_presence_sync(self._guard("presence", self._presence))
            channel.on_system(self._guard("system", self._system))
            self._channel = channel  # presence_state comes right after the join's reply
            await channel.subscribe(self._guard("state", self._state))
            await asyncio.wait_for(self._subscribed.wait(), JOIN_TIMEOUT)
            # once streaming, a read of the comments misses none written before it
            await asyncio.wait_for(self._streaming.wait(), JOIN_TIMEOUT)
            await channel.track(self._me)
            self.joined = True
        except Exception as exc:
            raise RoomFailed(f"{type(exc).__name__}: {exc}") from exc

    async def set_token(self, access_token: str) -> None:
        """Hand the room's channel a renewed token (`access_token` on a joined channel; the
        join payload too, for a rejoin). A dead socket is left to the next reopen."""
        try:
            await self._client.set_auth(access_token)
        except Exception as exc:
            log.info("a room's token could not be renewed: %s", type(exc).__name__)

    def _state(self, state: RealtimeSubscribeStates, error: Exception | None) -> None:
        if state == RealtimeSubscribeStates.SUBSCRIBED:
            self._subscribed.set()
        else:
            log.info("call room %s: %s", state.value, type(error).__name__ if error else "-")

    def _system(self, payload: Any) -> None:
        if str(getattr(payload, "status", "")) == "ok":
            self._streaming.set()

    def _comment(self, payload: Any) -> None:
        record = payload.get("data", {}).get("record") if isinstance(payload, dict) else None
        if isinstance(record, dict):
            self._on_comment(record)

    def _presence(self) -> None:
        state = {} if self._channel is None else self._channel.presence_state()
        others = [
            {k: v for k, v in meta.items() if k != "presence_ref"}
            for key, metas in state.items()
            if key != self._key
            for meta in metas
        ]
        self._on_presence(others)

    async def close(self) -> None:
        for channel in list(self._client.channels.values()):
            try:
                channel.rejoin_timer.reset()
                channel.join_push.destroy()
            except Exception:  # a channel half set up: the socket is closed all the same
                log.debug("stopping a room's channel failed", exc_info=True)
        closing = self._client.close()
        try:
            await asyncio.wait_for(closing, timeout=2)
        except Exception:  # the socket may already be dead
            closing.close()
            log.debug("closing a call room failed", exc_info=True)
