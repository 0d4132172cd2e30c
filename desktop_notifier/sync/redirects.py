"""Redirects never carry our secrets away: every HTTP client and the Realtime websocket follow
a redirect only within the same origin (scheme, host and port).

A redirect to another origin or from https to http:// would resend the sign-in body (e-mail and
password), the `apikey` header, a refresh token or, on the websocket, the access token in the
channel join, to a server the user never chose, and it would bypass the refusal of plain http.
Such a redirect raises `UserError(ErrorCode.REDIRECT_REFUSED)`, naming only the target's origin.

Both kinds of client also take their proxy from here (a `ProxyRoute` resolved by the caller,
never the libraries' own reading of the environment, so "nenhum" means none): httpx through
`proxy=`, the websocket through our own CONNECT tunnel (`proxy_tunnel`: websockets' own one
refuses proxies that answer in HTTP/1.0) or websockets' for other proxy schemes. A proxy that
refuses our credentials (HTTP 407) raises `UserError(ErrorCode.PROXY_AUTH)`.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpx
import websockets.asyncio.client
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import InvalidProxyStatus, InvalidStatus
from websockets.uri import parse_uri

from desktop_notifier.common.errors import ErrorCode, UserError
from desktop_notifier.sync.proxy_tunnel import TunnelRefused, open_tunnel

REDIRECT_STATUSES = frozenset({300, 301, 302, 303, 307, 308})
PROXY_AUTH_REQUIRED = 407
UNAUTHORIZED = 401
# The proxy of the websocket being opened in this task (None: direct); see `websocket_proxy`.
_WEBSOCKET_PROXY: ContextVar[str | None] = ContextVar("websocket_proxy", default=None)


def origin(url: str) -> str:
    """`scheme://host:port` of `url` (default ports spelled out), lower case."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    default = {"http": 80, "ws": 80, "https": 443, "wss": 443}.get(scheme)
    try:
        port = parts.port or default
    except ValueError:
        port = None
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    return f"{scheme}://{host}:{port}"


def refused(source: str, target: str) -> UserError | None:
    """The error for a redirect from `source` to `target` (absolute or relative), if refused."""
    absolute = urllib.parse.urljoin(source, target)
    if origin(absolute) == origin(source):
        return None
    parts = urllib.parse.urlsplit(absolute)
    host = parts.hostname or "?"
    shown = f"{parts.scheme}://{f'[{host}]' if ':' in host else host}"
    try:
        if parts.port is not None:
            shown += f":{parts.port}"
    except ValueError:  # a port out of range: the host says enough
        pass
    return UserError(ErrorCode.REDIRECT_REFUSED, target=shown)


async def _check_response(response: httpx.Response) -> None:
    location = response.headers.get("location")
    if response.status_code in REDIRECT_STATUSES and location is not None:
        error = refused(str(response.request.url), location)
        if error is not None:
            raise error


def proxy_refused_credentials(status: int, headers: httpx.Headers) -> bool:
    """A forwarded request answered by the proxy itself for want of credentials: 407, or the
    401 with a Basic challenge that some proxies send (tinyproxy) — Supabase's own 401s never
    carry one (GoTrue none, PostgREST `Bearer`)."""
    if status == PROXY_AUTH_REQUIRED or "proxy-authenticate" in headers:
        return True
    challenge = headers.get("www-authenticate", "")
    return status == UNAUTHORIZED and challenge.lower().startswith("basic")


async def _check_proxy_answer(response: httpx.Response) -> None:
    if proxy_refused_credentials(response.status_code, response.headers):
        raise UserError(ErrorCode.PROXY_AUTH)


def is_proxy_auth_refusal(exc: BaseException) -> bool:
    """The proxy wants other credentials: its answer to CONNECT was 407 (or 401, tinyproxy)."""
    wanted = (PROXY_AUTH_REQUIRED, UNAUTHORIZED)
    if isinstance(exc, InvalidProxyStatus):
        return exc.response.status_code in wanted
    if isinstance(exc, TunnelRefused):
        return exc.status in wanted
    return isinstance(exc, httpx.ProxyError) and any(str(s) in str(exc) for s in wanted)


def http_client(timeout: float, proxy: str | None = None) -> httpx.AsyncClient:
    """An HTTP client that follows same-origin redirects and raises on any other one (the
    check runs before httpx builds the next request, so nothing is sent there), through
    `proxy` or directly. The environment's proxy variables are not read here (the caller's
    route already did, unless the user chose "nenhum"); its CA bundle variables still are."""
    return httpx.AsyncClient(
        timeout=timeout,
        follow_redirects=True,
        event_hooks={"response": [_check_response, *([_check_proxy_answer] if proxy else [])]},
        proxy=proxy,
        trust_env=False,
        verify=httpx.create_ssl_context(trust_env=True),
    )


@contextmanager
def websocket_proxy(proxy: str | None) -> Iterator[None]:
    """Websockets opened by this task inside the block go through `proxy` (None: direct)."""
    token = _WEBSOCKET_PROXY.set(proxy)
    try:
        yield
    finally:
        _WEBSOCKET_PROXY.reset(token)


class SameOriginConnect(websockets.asyncio.client.connect):
    """`websockets.connect` that refuses cross-origin redirects (websockets follows them,
    ws:// to another host included) and takes the proxy of `websocket_proxy` (websockets'
    default would read the environment even when the user chose no proxy)."""

    def __init__(self, uri: str, **kwargs: Any) -> None:
        kwargs.setdefault("proxy", _WEBSOCKET_PROXY.get())
        super().__init__(uri, **kwargs)

    async def create_connection(self) -> ClientConnection:
        proxy = self.proxy
        own = isinstance(proxy, str) and urllib.parse.urlsplit(proxy).scheme == "http"
        if not own or self.connection_kwargs.get("sock") is not None:
            return await super().create_connection()
        assert isinstance(proxy, str)
        target = parse_uri(self.uri)  # after a redirect: the new target
        sock = await open_tunnel(proxy, target.host, target.port)
        self.connection_kwargs["sock"] = sock
        try:
            return await super().create_connection()
        except BaseException:
            sock.close()
            raise
        finally:
            del self.connection_kwargs["sock"]

    def process_redirect(self, exc: Exception) -> Exception | str:
        if isinstance(exc, InvalidStatus) and exc.response.status_code in REDIRECT_STATUSES:
            location = exc.response.headers.get("Location")
            if location is not None and (error := refused(self.uri, location)) is not None:
                return error
        return super().process_redirect(exc)


def guard_websocket_redirects() -> None:
    """Make the `realtime` client open its websocket with `SameOriginConnect`.

    realtime 2.34.1 calls `websockets.connect(url, open_timeout=…)` by the name it imported
    (`realtime._async.client.connect`) and offers no option for it; this swaps that one name.
    Idempotent."""
    import realtime._async.client as realtime_client

    module: Any = realtime_client
    module.connect = SameOriginConnect
