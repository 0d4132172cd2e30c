"""The settings' "Testar proxy": can the account's server be reached through a proxy route?

Two probes, the two kinds of connection the app makes: an HTTP request (Auth's health
endpoint, as PostgREST and Auth requests go) and a websocket upgrade to Realtime. Any answer
from the server counts (even a refusal of the missing key): the question is whether the proxy
lets us through, not whether the server likes us. A proxy asking for other credentials is
`UserError(ErrorCode.PROXY_AUTH)`; one that cannot be reached, `proxy_unreachable`.
"""

from __future__ import annotations

import logging
from enum import Enum

import httpx
from websockets.exceptions import InvalidStatus, ProxyError

from desktop_notifier.common.errors import ErrorCode, UserError
from desktop_notifier.common.proxy_route import ProxyRoute, hide_userinfo
from desktop_notifier.sync.proxy_tunnel import TunnelRefused
from desktop_notifier.sync.redirects import (
    SameOriginConnect,
    http_client,
    is_proxy_auth_refusal,
    websocket_proxy,
)

log = logging.getLogger(__name__)
TIMEOUT = 10.0


class ProxyVerdict(Enum):
    WORKS = "works"  # REST and the websocket both get through
    REST_ONLY = "rest_only"  # the websocket is refused: the app will run in limited mode


def _websocket_url(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{'wss' if scheme == 'https' else 'ws'}://{rest}/realtime/v1/websocket?vsn=1.0.0"


async def check_proxy(url: str, route: ProxyRoute) -> ProxyVerdict:
    """Raises `UserError` when REST itself cannot get through."""
    proxy = route.for_url(url)
    shown = hide_userinfo(proxy) if proxy else url
    try:
        async with http_client(TIMEOUT, proxy) as client:
            await client.get(f"{url}/auth/v1/health")
    except UserError:
        raise
    except httpx.HTTPError as exc:
        if is_proxy_auth_refusal(exc):
            raise UserError(ErrorCode.PROXY_AUTH) from exc
        if proxy is None:
            raise UserError(ErrorCode.UNREACHABLE, url=url) from exc
        raise UserError(ErrorCode.PROXY_UNREACHABLE, proxy=shown) from exc
    ws_url = _websocket_url(url)
    try:
        with websocket_proxy(route.for_url(ws_url)):
            connection = await SameOriginConnect(ws_url, open_timeout=TIMEOUT)
    except InvalidStatus:  # the server itself answered the upgrade: the path is open
        return ProxyVerdict.WORKS
    except (ProxyError, TunnelRefused) as exc:
        if is_proxy_auth_refusal(exc):
            raise UserError(ErrorCode.PROXY_AUTH) from exc
        log.info("the proxy refuses the websocket: %s", exc)
        return ProxyVerdict.REST_ONLY
    except (OSError, TimeoutError) as exc:
        log.info("the websocket through the proxy failed: %s", exc)
        return ProxyVerdict.REST_ONLY
    await connection.close()
    return ProxyVerdict.WORKS
