"""The `ably` live source: the official `ably` client on the signed-in user's Ably channel.

The project's outbox (`resources/sql/007_ably_outbox.sql`) and its publisher
(`devstack/ably_publisher.py`, an Edge Function's shape) publish every change of a call to
its owner's channel `calls:owner:<owner_id>` (006's naming) as a message named after the
operation with data `{record, old_record, operation}`, parsed like a broadcast
(`events.broadcast`).

Token authentication only: the project's token endpoint (`/functions/v1/ably-token`, README
"Ably") takes our Supabase access token and answers an Ably token for our channel,
subscribe-only (its gateway refusing the project's key is `UpgradeRefused(401)`, as Realtime's
upgrade says it); the library asks it again through `auth_callback` when Ably says the token
expired (40142: DISCONNECTED, renewed, resumed; ably-python
`ably/realtime/connectionmanager.py` `on_token_error`). The Ably root key never reaches a
desktop. The endpoint may name a non-default Ably `endpoint` (and `tls`); the installed 3.x
builds the websocket URL from the host alone (`ably/transport/websockettransport.py`
`connect`), so a port travels inside `endpoint`. The token endpoint and the websocket go
through the user's proxy (`proxy`), like the Realtime links.

Our supervisor owns reconnection: the library's retry timers are pushed out of reach and its
fallback hosts emptied; any DISCONNECTED other than a token renewal, SUSPENDED, FAILED or
CLOSED is `lost`. A renewal that does not reconnect within `RENEW_TIMEOUT` is lost too. The
channel's own resume (RESUMED on ATTACHED) is kept: a re-attach without it is a gap, so
`resubscribed` asks the supervisor for a read. Streaming starts at ATTACHED: Ably delivers
everything published after it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from ably import AblyRealtime
from ably.util.exceptions import AblyException

from desktop_notifier.events import InvalidPayload
from desktop_notifier.events.broadcast import comment_record, parse_broadcast
from desktop_notifier.sync.ably_token import SignInRefused, request_token
from desktop_notifier.sync.ably_websocket import CLOSE_TIMEOUT, guard_ably_websocket
from desktop_notifier.sync.broadcast_link import owner_topic
from desktop_notifier.sync.callbacks import guarded
from desktop_notifier.sync.live_source import ChangeSink, CommentSink
from desktop_notifier.sync.realtime_link import JoinRefused, LinkFailed
from desktop_notifier.sync.redirects import websocket_proxy

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 10.0
RENEW_TIMEOUT = 10.0
# ably 3.1 renews by itself only the first token expiry of a connection: its last error
# (`ConnectionManager.__error_reason`) is never cleared, so a second 40142 looks like a renewal
# that failed (`on_token_error`) and the client stays DISCONNECTED; we then authorize.
RENEW_NUDGE = 1.0
RENEW_SETTLE = 0.2  # after a failed ping: long enough for a renewal to show itself
NEVER_MS = 10**9  # the library's own retry timers: out of reach, the supervisor retries
# How long `close` waits for the library's close (its websocket's `CLOSE_TIMEOUT`, and a margin).
CLOSE_WAIT = CLOSE_TIMEOUT + 1.0
TOKEN_ERRORS = range(40140, 40150)
EXPIRED_AND_REFUSED = "Ably token expired; the token endpoint refused our sign-in"


def ably_reason(exc: BaseException | None) -> str:
    """`Ably <code>: <message>` of an AblyException (or the exception's text)."""
    if isinstance(exc, AblyException):
        return f"Ably {exc.code}: {exc.message}"
    return f"{type(exc).__name__}: {exc}" if exc is not None else "no reason given"


class AblyLink:
    topic: str | None = None  # the owner's channel unless set (a test attaches someone else's)

    def __init__(
        self,
        url: str,
        anon_key: str,
        access_token: str,
        sink: ChangeSink,
        *,
        proxy: str | None = None,
        comments: CommentSink | None = None,
    ) -> None:
        """`comments`: where comments published to the channel go (008_comment_alerts.sql)."""
        self._comments = comments
        self._url = url
        self._anon_key = anon_key
        self._sink = sink
        self._proxy = proxy
        self.access_token = access_token
        self.token_expired = False
        self.streaming = asyncio.Event()
        self.resubscribed = asyncio.Event()
        self.lost = asyncio.Event()
        self.lost_reason = ""
        self.callback_errors = 0
        self.tokens_fetched = 0
        self._client: Any = None
        self._connected = asyncio.Event()
        self._failure: BaseException | None = None
        self._renewal: asyncio.TimerHandle | None = None
        self._up = asyncio.Event()  # connected: not between a token expiry and its renewal
        self._authorizing: asyncio.Future[None] | None = None  # held: asyncio keeps weak refs
        self._closing: asyncio.Future[None] | None = None  # the library's close, if it lingers

    async def _fetch_token(self) -> dict[str, Any]:
        """Our Ably token from the project's token endpoint, for the current access token."""
        try:
            body = await request_token(self._url, self._anon_key, self.access_token, self._proxy)
        except SignInRefused:
            self.token_expired = True
            raise
        self.tokens_fetched += 1
        return body

    async def _auth_callback(self, _params: Any) -> dict[str, Any]:
        """A token for a renewal; none once lost or closed (`on_auth_updated` would connect
        the closed client again: it asks for CONNECTING from any state)."""
        if self.lost.is_set():
            raise LinkFailed("the link is closed")
        self._up.clear()  # a renewal: the library's transport is already gone (ping waits)
        details: dict[str, Any] = (await self._fetch_token())["token_details"]
        if self.lost.is_set():
            raise LinkFailed("the link is closed")
        return details

    async def open(self) -> None:
        """Get a token, connect and attach; returns once attached. Raises `LinkFailed`."""
        first = await self._fetch_token()
        topic = self.topic or owner_topic(self.access_token)
        options: dict[str, Any] = {
            "auth_callback": self._auth_callback,
            "use_binary_protocol": False,
            "auto_connect": False,
            "fallback_hosts": [],
            "disconnected_retry_timeout": NEVER_MS,
            "suspended_retry_timeout": NEVER_MS,
            "channel_retry_timeout": NEVER_MS,
            "realtime_request_timeout": CONNECT_TIMEOUT * 1000,
        }
        if isinstance(first.get("endpoint"), str):
            options["endpoint"] = first["endpoint"]
        if first.get("tls") is False:
            options["tls"] = False
        self._client = AblyRealtime(loop=asyncio.get_running_loop(), **options)
        self._client.connection.on(self._guard("connection", self._on_connection))
        guard_ably_websocket()
        with websocket_proxy(self._proxy):  # the tasks the client creates keep this proxy
            self._client.connect()
        try:
            await asyncio.wait_for(self._until_connected(), CONNECT_TIMEOUT)
        except TimeoutError:
            raise LinkFailed("connect: Ably did not connect in time") from None
        channel = self._client.channels.get(topic)
        channel.on(self._guard("channel", self._on_channel))
        try:
            await asyncio.wait_for(
                channel.subscribe(self._guard("message", self._on_message)), CONNECT_TIMEOUT
            )
        except AblyException as exc:
            if exc.code == 40160:
                raise JoinRefused(f"AblyCapability: {exc.message}") from exc
            raise LinkFailed(f"join: {ably_reason(exc)}") from exc
        except TimeoutError:
            raise LinkFailed("join: Ably did not attach the channel in time") from None
        self.streaming.set()

    async def _until_connected(self) -> None:
        await self._connected.wait()
        if self._failure is not None:
            if isinstance(self._failure, AblyException) and self._failure.code in TOKEN_ERRORS:
                self.token_expired = self._failure.code == 40142
            raise LinkFailed(f"connect: {ably_reason(self._failure)}")

    def _guard(self, name: str, callback: Callable[..., None]) -> Callable[..., None]:
        return guarded(log, f"Ably {name}", callback, self._callback_failed)

    def _callback_failed(self) -> None:
        self.callback_errors += 1

    def _on_connection(self, change: Any) -> None:
        state = str(getattr(change.current, "value", change.current))
        reason = change.reason
        log.debug("ably connection %s (%s)", state, ably_reason(reason) if reason else "-")
        if state == "connected":
            if self._renewal is not None:
                self._renewal.cancel()
                self._renewal = None
            self._up.set()
            self._connected.set()
            return
        if state not in ("disconnected", "suspended", "failed", "closed"):
            return
        renewing = isinstance(reason, AblyException) and reason.code in TOKEN_ERRORS
        if state == "disconnected" and renewing and self._connected.is_set():
            log.info("Ably token expired; the library renews it and resumes")
            self._up.clear()
            if self._renewal is None:
                loop = asyncio.get_running_loop()
                self._renewal = loop.call_later(
                    RENEW_TIMEOUT, self._mark_lost, "Ably token renewal did not reconnect"
                )
                loop.call_later(RENEW_NUDGE, self._nudge)
            return
        if not self._connected.is_set():
            self._failure = reason or LinkFailed(state)
            self._connected.set()
        if self.token_expired:  # the renewal's token endpoint refused our access token
            self._mark_lost(f"{state}: {EXPIRED_AND_REFUSED}")
        else:
            self._mark_lost(f"{state}: {ably_reason(reason)}")

    def _nudge(self) -> None:
        """Still disconnected after a token expiry: ask for a new token (so reconnect)."""
        state = str(getattr(self._client.connection.state, "value", ""))
        if state == "disconnected" and not self.lost.is_set():
            log.info("Ably did not renew the expired token by itself; authorizing")
            self._authorizing = asyncio.ensure_future(self._authorize())

    async def _authorize(self) -> None:
        try:
            await self._client.auth.authorize()
        except Exception as exc:  # the renewal timer, or the state change, says lost
            log.info("Ably authorize failed: %s", ably_reason(exc))

    def _on_channel(self, change: Any) -> None:
        state = str(getattr(change.current, "value", change.current))
        if state == "attached" and self.streaming.is_set() and not change.resumed:
            log.info("Ably re-attached without resume; a read will cover the gap")
            self.resubscribed.set()
        elif state in ("failed", "suspended", "detached") and self.streaming.is_set():
            self._mark_lost(f"channel {state}: {ably_reason(change.reason)}")

    def _on_message(self, message: Any) -> None:
        carried = {"event": message.name, "payload": message.data}
        comment = comment_record(carried)
        if comment is not None:  # resources/sql/008_comment_alerts.sql
            if self._comments is not None:
                self._comments(comment)
            return
        try:
            change = parse_broadcast(carried)
        except InvalidPayload as exc:
            self._sink.reject(exc)
            return
        self._sink.take(change)

    def _mark_lost(self, reason: str) -> None:
        if not self.lost.is_set():
            self.lost_reason = reason
            self.lost.set()

    async def set_token(self, access_token: str) -> None:
        """A fresh Supabase token: the next Ably token is asked with it (on renewal)."""
        self.access_token = access_token

    async def ping(self) -> float:
        """Ably's own heartbeat round trip (RTN13), in seconds. A token renewal is not a dead
        link: the library first drops the transport and asks our callback for a token while
        still CONNECTED (a ping then fails on the closed socket), then refuses pings while
        DISCONNECTED (`ConnectionManager.ping`, RTN13b "invalid state"). So the ping waits for
        a renewal under way (the liveness timeout bounds it; a failed renewal is `lost`), and
        one that failed as a renewal began is tried again after it."""
        for last in (False, True):
            await self._until_up()
            try:
                return float(await self._client.connection.ping()) / 1000
            except Exception as exc:
                if not last:
                    await asyncio.sleep(RENEW_SETTLE)  # the renewal's first sign may follow
                if last or self._up.is_set():
                    raise LinkFailed(f"ping: {ably_reason(exc)}") from exc
        raise AssertionError("unreachable")

    async def _until_up(self) -> None:
        if self._client is None or self.lost.is_set():
            raise LinkFailed("not connected")
        if not self._up.is_set():
            up, lost = (
                asyncio.ensure_future(self._up.wait()),
                asyncio.ensure_future(self.lost.wait()),
            )
            try:
                await asyncio.wait({up, lost}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                up.cancel()
                lost.cancel()
            if self.lost.is_set():
                raise LinkFailed("not connected")

    async def close(self) -> None:
        """Close the client, waiting at most `CLOSE_WAIT`, never cancelling the library's
        close half way: its future for CLOSED (`EventEmitter.once_async`) cancelled, the late
        CLOSED raised "uncaught listener exception: invalid state" while the half-closed
        client lived on. A longer one finishes on its own (`CLOSE_TIMEOUT` bounds it)."""
        self._mark_lost("closed")
        if self._renewal is not None:
            self._renewal.cancel()
        if self._client is None or self._closing is not None:
            return
        closing = self._closing = asyncio.ensure_future(self._client.close())
        done, _ = await asyncio.wait({closing}, timeout=CLOSE_WAIT)
        if not done:
            log.info("the Ably client is still closing; it finishes on its own")
        elif closing.exception() is not None:
            log.debug("closing the Ably client failed", exc_info=closing.exception())
