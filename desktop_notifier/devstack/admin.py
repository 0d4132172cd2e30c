"""Fault-injection and introspection endpoints for tests, under ``/_devstack/``.

Owns ``POST /_devstack/close?code=1012[&reason=...]`` (close every websocket with that code,
Realtime's and Ably's),
``POST /_devstack/inject`` (push the raw request body as a text frame to every websocket,
e.g. a malformed frame), ``POST /_devstack/clock?offset=SECONDS`` (move the server clock)
and ``GET /_devstack/stats``. Only answered for loopback clients that
send the run's random admin token (printed in the ready line as ``admin_token``) in the
``X-Devstack-Token`` header: any local user can reach 127.0.0.1, only the starter knows it.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web
from aiohttp.typedefs import Handler

from desktop_notifier.devstack.ably_realtime import ABLY
from desktop_notifier.devstack.capture import ChangeCapture
from desktop_notifier.devstack.clock import CLOCK
from desktop_notifier.devstack.event_rate import EVENT_RATE
from desktop_notifier.devstack.hub import Hub


@dataclass
class AdminContext:
    hub: Hub
    capture: ChangeCapture
    auth_stats: Callable[[], dict[str, int]] = dict  # Auth's refresh counters


ADMIN = web.AppKey("admin", AdminContext)
ADMIN_TOKEN = web.AppKey("admin_token", str)
TOKEN_HEADER = "X-Devstack-Token"
PREFIX = "/_devstack"
_LOOPBACK = {"127.0.0.1", "::1"}


@web.middleware
async def require_token(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every ``/_devstack/`` route answers 401 without the run's admin token."""
    if request.path.startswith(PREFIX):
        given = request.headers.get(TOKEN_HEADER, "").encode()
        if not hmac.compare_digest(given, request.app[ADMIN_TOKEN].encode()):
            return web.json_response({"error": f"missing or wrong {TOKEN_HEADER}"}, status=401)
    return await handler(request)


def _forbidden(request: web.Request) -> web.Response | None:
    if request.remote not in _LOOPBACK:
        return web.json_response({"error": "loopback only"}, status=403)
    return None


async def close(request: web.Request) -> web.Response:
    if (denied := _forbidden(request)) is not None:
        return denied
    try:
        code = int(request.query.get("code", "1012"))
    except ValueError:
        return web.json_response({"error": "code must be an integer"}, status=400)
    reason = request.query.get("reason", "devstack close")
    closed = await request.app[ADMIN].hub.close_all(code, reason)
    ably = request.app.get(ABLY)
    if ably is not None:
        closed += await ably.close_all(code, reason)
    return web.json_response({"closed": closed, "code": code})


async def inject(request: web.Request) -> web.Response:
    if (denied := _forbidden(request)) is not None:
        return denied
    sent = await request.app[ADMIN].hub.inject(await request.text())
    return web.json_response({"sent": sent})


async def stats(request: web.Request) -> web.Response:
    if (denied := _forbidden(request)) is not None:
        return denied
    ctx = request.app[ADMIN]
    body = {
        **ctx.hub.stats(),
        "changes_captured": ctx.capture.changes_seen,
        "capture_restarts": ctx.capture.restarts,
        "capture_backend_pid": ctx.capture.backend_pid,
        "slot": ctx.capture.slot,
        "capture_rebuilds": ctx.capture.rebuilds,
        **(rate.stats() if (rate := request.app.get(EVENT_RATE)) else {}),
        **ctx.auth_stats(),
        "clock_offset": request.app[CLOCK].offset,
    }
    return web.json_response(body)


async def clock(request: web.Request) -> web.Response:
    if (denied := _forbidden(request)) is not None:
        return denied
    try:
        offset = float(request.query["offset"])
    except (KeyError, ValueError):
        return web.json_response({"error": "offset must be a number of seconds"}, status=400)
    request.app[CLOCK].offset = offset
    return web.json_response({"clock_offset": offset})
