"""One Realtime connection with one `postgres_changes` channel on `public.calls`: disposable.
With a `comments` callback the channel also binds INSERTs of `public.call_comments` (the
comment alert, issue 17: `connection/comment_alerts`); RLS decides which reach us.

The `postgres-changes` implementation of `live_source.LiveSource` (and the base of the
`broadcast` one, `broadcast_link`, which joins another channel on the same socket).

The supervisor makes a new link for every (re)connection and closes the old one, so the client
library's own reconnect loop (turned off) and channel rejoin timers (reset on close) never nest
with ours. Every callback handed to the library is guarded: an exception escaping into the
client's listen task would silently stop all further delivery. `ping()` sends a websocket ping
and waits for its pong: the client ignores heartbeat replies, so this is how a hung server is
noticed (see `liveness`).

"Subscribed to PostgreSQL" marks the start of streaming (`streaming`). The real server sends it
again on the still-joined channel after rebuilding its change capture, with the changes of the
rebuild never delivered (supabase/realtime `lib/realtime_web/channels/realtime_channel.ex`,
`lib/extensions/postgres_cdc_rls/subscription_manager.ex`): every repeat sets `resubscribed`
(and counts it), so the supervisor reads what the gap may hold.

The websocket goes through `proxy` when one is given (an HTTP CONNECT proxy, see `redirects`);
a proxy that refuses our credentials is a sentence for the user (`UserError(ErrorCode.PROXY_AUTH)`).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any

from realtime import AsyncRealtimeChannel, AsyncRealtimeClient, RealtimeSubscribeStates
from realtime.types import RealtimePostgresChangesListenEvent

from desktop_notifier.common.errors import ErrorCode, UserError
from desktop_notifier.events import InvalidPayload, parse_change
from desktop_notifier.sync.callbacks import guarded
from desktop_notifier.sync.live_source import ChangeSink, CommentSink
from desktop_notifier.sync.redirects import (
    guard_websocket_redirects,
    is_proxy_auth_refusal,
    websocket_proxy,
)

log = logging.getLogger(__name__)

CHANNEL = "calls-feed"
STREAMING_MESSAGE = "Subscribed to PostgreSQL"
# Realtime shuts a channel whose token expired (realtime_channel.ex confirm_token) and refuses a
# join with one ("InvalidJWTToken: Token has expired N seconds ago"): a refresh fixes both.
TOKEN_EXPIRED = "Token has expired"
JOIN_TIMEOUT = 10


class LinkFailed(Exception):
    """The connection or the channel join failed; the reason is in the message."""


class UpgradeRefused(LinkFailed):
    """The server answered the websocket upgrade with an HTTP error (user_socket.ex
    `error_response/1`: 401 key or token, 403 Realtime disabled, 404 no such project, 429 too
    many connections, 500 anything else); `retry_after` from its header, in seconds."""

    def __init__(self, status: int, retry_after: float | None = None) -> None:
        super().__init__(f"connect: the server refused the connection (HTTP {status})")
        self.status = status
        self.retry_after = retry_after


class JoinRefused(LinkFailed):
    """The server refused the channel join with `{reason: "Code: message"}`
    (realtime_channel.ex, e.g. "PrivateOnly: This project only allows private channels")."""

    def __init__(self, reason: str) -> None:
        code, _, message = reason.partition(": ")
        super().__init__(f"join refused: {reason}")
        self.code = code if message else ""
        self.reason = reason


def upgrade_refusal(exc: BaseException) -> UpgradeRefused | None:
    """The HTTP status (and Retry-After) of a refused upgrade, from the websockets error."""
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    if "InvalidStatus" not in type(exc).__name__ or not isinstance(status, int):
        return None
    headers = getattr(response, "headers", None)
    raw = headers.get("Retry-After") if headers is not None else None
    try:
        retry_after = float(raw) if raw is not None else None
    except ValueError:  # an HTTP date: not worth parsing, the caller waits its own long wait
        retry_after = None
    return UpgradeRefused(status, retry_after)


def join_refusal(error: Exception | None) -> str | None:
    """The `reason` of a refused join: the library hands the reply's payload as JSON text."""
    try:
        payload = json.loads(str(error)) if error is not None else None
    except ValueError:
        return None
    reason = payload.get("reason") if isinstance(payload, dict) else None
    return reason if isinstance(reason, str) and reason else None


class RealtimeLink:
    def __init__(
        self,
        url: str,
        anon_key: str,
        access_token: str,
        sink: ChangeSink,
        *,
        heartbeat_interval: int = 15,
        proxy: str | None = None,
        comments: CommentSink | None = None,
    ) -> None:
        """`comments`: where the INSERTs of `call_comments` go (None: no such binding)."""
        self._sink = sink
        self._comments = comments
        self._proxy = proxy
        guard_websocket_redirects()
        self._client = AsyncRealtimeClient(
            f"{url}/realtime/v1",
            token=anon_key,
            auto_reconnect=False,
            hb_interval=heartbeat_interval,
            timeout=JOIN_TIMEOUT,
        )
        self._client.access_token = access_token
        self.access_token = access_token
        self.token_expired = False  # the server refused `access_token` as expired
        self.streaming = asyncio.Event()
        self.resubscribed = asyncio.Event()  # a repeated "Subscribed": the waiter clears it
        self.lost = asyncio.Event()
        self.lost_reason = ""
        self.callback_errors = 0
        self._subscribed = False
        self._join_error: LinkFailed | None = None

    def _guard(self, name: str, callback: Callable[..., None]) -> Callable[..., None]:
        return guarded(log, name, callback, self._callback_failed)

    def _callback_failed(self) -> None:
        self.callback_errors += 1

    def _on_payload(self, payload: dict[str, Any]) -> None:
        """A postgres_changes payload: parsed here, handed on as a `RowChange`."""
        try:
            change = parse_change(payload)
        except InvalidPayload as exc:
            self._sink.reject(exc)
            return
        self._sink.take(change)

    def _channel(self) -> AsyncRealtimeChannel:
        """The link's one channel, with its callbacks (not yet joined)."""
        channel = self._client.channel(CHANNEL)
        channel.on_postgres_changes(
            RealtimePostgresChangesListenEvent.All,
            self._guard("change", self._on_payload),
            table="calls",
            schema="public",
        )
        if self._comments is not None:  # a second binding on the same channel (issue 17)
            channel.on_postgres_changes(
                RealtimePostgresChangesListenEvent.Insert,
                self._guard("comment", self._on_comment),
                table="call_comments",
                schema="public",
            )
        channel.on_system(self._guard("system", self._on_system))
        return channel

    def _on_comment(self, payload: dict[str, Any]) -> None:
        data = payload.get("data", payload)
        record = data.get("record") if isinstance(data, dict) else None
        if isinstance(record, dict) and self._comments is not None:
            self._comments(record)

    def _on_state(self, state: RealtimeSubscribeStates, error: Exception | None) -> None:
        log.debug("channel state %s (%s)", state, type(error).__name__ if error else "-")
        if state == RealtimeSubscribeStates.SUBSCRIBED:
            self._subscribed = True
            return
        refused = join_refusal(error) if state == RealtimeSubscribeStates.CHANNEL_ERROR else None
        if refused is not None:
            reason = f"join refused: {refused}"
        else:
            reason = f"{state.value}: {error}" if error else str(state.value)
        if TOKEN_EXPIRED in reason:  # a system error on the channel, or the join's error reply
            log.info("Realtime refused the access token as expired: %s", reason)
            self.token_expired = True
        if not self._subscribed:
            self._join_error = JoinRefused(refused) if refused else LinkFailed(reason)
        self._mark_lost(reason)

    def _on_system(self, payload: Any) -> None:
        message = str(getattr(payload, "message", ""))
        status = str(getattr(payload, "status", ""))
        if status == "ok" and message == STREAMING_MESSAGE:
            if self.streaming.is_set():
                log.info("the server restarted its change capture; a read will cover the gap")
                self.resubscribed.set()
            self.streaming.set()

    def _mark_lost(self, reason: str) -> None:
        if not self.lost.is_set():
            self.lost_reason = reason
            self.lost.set()

    async def open(self) -> None:
        """Connect and join; returns once the join is acknowledged. Raises `LinkFailed`."""
        try:
            with websocket_proxy(self._proxy):
                await self._client.connect()
        except UserError:  # a refused redirect: a sentence for the user, not a retry
            raise
        except Exception as exc:
            if is_proxy_auth_refusal(exc):
                raise UserError(ErrorCode.PROXY_AUTH) from exc
            refused = upgrade_refusal(exc)
            if refused is not None:
                raise refused from exc
            raise LinkFailed(f"connect: {type(exc).__name__}: {exc}") from exc
        channel = self._channel()
        try:
            await channel.subscribe(self._guard("state", self._on_state))
        except Exception as exc:
            raise LinkFailed(f"join: {type(exc).__name__}: {exc}") from exc
        if not self._subscribed:
            raise self._join_error or LinkFailed("join: no reply")
        task = self._client._listen_task
        if task is not None:  # a listen task that dies for any reason means the link is lost
            task.add_done_callback(lambda _t: self._mark_lost("listen task ended"))

    async def set_token(self, access_token: str) -> None:
        self.access_token = access_token
        await self._client.set_auth(access_token)

    async def ping(self) -> float:
        """Send a websocket ping and wait for the pong; the round trip in seconds.

        Raises `LinkFailed` when the link is already lost, and the websockets library's
        `ConnectionClosed` when the socket closes meanwhile. The caller bounds the wait.
        """
        # The client has no public ping; its websocket connection does.
        connection = self._client._ws_connection
        if connection is None or self.lost.is_set():
            raise LinkFailed("not connected")
        pong = await connection.ping()
        return float(await pong)

    async def close(self) -> None:
        self._mark_lost("closed")
        for channel in list(self._client.channels.values()):
            channel.rejoin_timer.reset()
            channel.join_push.destroy()
        closing = self._client.close()
        try:
            await asyncio.wait_for(closing, timeout=2)
        except Exception:  # the socket may already be dead; nothing more to release
            closing.close()  # never started (no running loop): not left unawaited
            log.debug("closing the realtime client failed", exc_info=True)
