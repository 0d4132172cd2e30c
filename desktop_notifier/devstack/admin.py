"""Fault-injection and introspection endpoints for tests, under ``/_devstack/``.

Owns ``POST /_devstack/close?code=1012[&reason=...]`` (close every websocket with that code),
``POST /_devstack/inject`` (push the raw request body as a text frame to every websocket,
e.g. a malformed frame) and ``GET /_devstack/stats``. Only answered for loopback clients.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from desktop_notifier.devstack.capture import ChangeCapture
from desktop_notifier.devstack.hub import Hub


@dataclass
class AdminContext:
    hub: Hub
    capture: ChangeCapture


ADMIN = web.AppKey("admin", AdminContext)
_LOOPBACK = {"127.0.0.1", "::1"}


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
    }
    return web.json_response(body)
