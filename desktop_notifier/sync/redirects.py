"""Redirects never carry our secrets away: every HTTP client and the Realtime websocket follow
a redirect only within the same origin (scheme, host and port).

A redirect to another origin or from https to http:// would resend the sign-in body (e-mail and
password), the `apikey` header, a refresh token or, on the websocket, the access token in the
channel join, to a server the user never chose, and it would bypass the refusal of plain http.
Such a redirect raises `UserError(ErrorCode.REDIRECT_REFUSED)`, naming only the target's origin.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

import httpx
import websockets.asyncio.client
from websockets.exceptions import InvalidStatus

from desktop_notifier.common.errors import ErrorCode, UserError

REDIRECT_STATUSES = frozenset({300, 301, 302, 303, 307, 308})


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


def http_client(timeout: float) -> httpx.AsyncClient:
    """An HTTP client that follows same-origin redirects and raises on any other one (the
    check runs before httpx builds the next request, so nothing is sent there)."""
    return httpx.AsyncClient(
        timeout=timeout, follow_redirects=True, event_hooks={"response": [_check_response]}
    )


class _SameOriginConnect(websockets.asyncio.client.connect):
    """`websockets.connect` that refuses cross-origin redirects (websockets follows them,
    ws:// to another host included)."""

    def process_redirect(self, exc: Exception) -> Exception | str:
        if isinstance(exc, InvalidStatus) and exc.response.status_code in REDIRECT_STATUSES:
            location = exc.response.headers.get("Location")
            if location is not None and (error := refused(self.uri, location)) is not None:
                return error
        return super().process_redirect(exc)


def guard_websocket_redirects() -> None:
    """Make the `realtime` client open its websocket with `_SameOriginConnect`.

    realtime 2.34.1 calls `websockets.connect(url, open_timeout=…)` by the name it imported
    (`realtime._async.client.connect`) and offers no option for it; this swaps that one name.
    Idempotent."""
    import realtime._async.client as realtime_client

    module: Any = realtime_client
    module.connect = _SameOriginConnect
