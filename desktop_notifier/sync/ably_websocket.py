"""The `ably` client's websocket, made ours: ably 3.1 calls `websockets.connect` by the name it
imported (`ably/transport/websockettransport.py` `ws_connect`) and offers no option for it;
`guard_ably_websocket` swaps that one name for `AblyConnect`, which takes the user's proxy and
refuses cross-origin redirects (`redirects.SameOriginConnect`), fails in a way the library
hears of, and closes quickly.
"""

from __future__ import annotations

from typing import Any

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import InvalidHandshake

from desktop_notifier.sync.proxy_tunnel import TunnelRefused
from desktop_notifier.sync.redirects import SameOriginConnect

# The library closes with Ably's CLOSE and then the websocket's closing handshake
# (`ably/realtime/connectionmanager.py` `close_impl` → `WebSocketTransport.dispose` →
# `websocket.close()`), and reaches CLOSED only after it. Over a network that is gone nothing
# answers, and websockets waits its `close_timeout` (10 s by default) before dropping the TCP
# connection: the websocket gets this one instead, so a close always ends, quickly.
CLOSE_TIMEOUT = 1.0


class WebsocketUnavailable(InvalidHandshake):
    """The Ably websocket could not be opened (refused, unreachable, a proxy's refusal)."""


class AblyConnect(SameOriginConnect):
    """`SameOriginConnect` with a short closing handshake (`CLOSE_TIMEOUT`) that fails the way
    ably 3.1 hears of: its `ws_connect` (`ably/transport/websockettransport.py`) reports only
    websockets' own exceptions (and `socket.gaierror`) as a failed transport; anything else (a
    refused or unreachable connection, a proxy refusing the tunnel, a timeout) ends its task
    unheard, and the client waits `realtime_request_timeout` before it gives up, so a proxy
    that refuses websockets took three such waits to reach limited mode."""

    def __init__(self, uri: str, **kwargs: Any) -> None:
        kwargs.setdefault("close_timeout", CLOSE_TIMEOUT)
        super().__init__(uri, **kwargs)

    async def __aenter__(self) -> ClientConnection:
        try:
            return await super().__aenter__()
        except (OSError, TimeoutError, TunnelRefused) as exc:
            raise WebsocketUnavailable(f"{type(exc).__name__}: {exc}") from exc


def guard_ably_websocket() -> None:
    """Make the `ably` client open its websocket with `AblyConnect` (the user's proxy, no
    cross-origin redirects, failures it hears of, a short close). ably 3.1 calls
    `websockets.connect` by the name it imported (`ably/transport/websockettransport.py`
    `ws_connect`) and offers no option for it; this swaps that one name. Idempotent."""
    import ably.transport.websockettransport as transport

    module: Any = transport
    module.ws_connect = AblyConnect
