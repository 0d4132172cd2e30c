"""Admin endpoints for the real servers' lossy behaviours, under ``/_devstack/`` (loopback).

Owns ``GET``/``POST /_devstack/limits`` (read or change at run time, as JSON:
``db_max_rows``, ``statement_timeout`` per role, ``row_cost_ms``, ``events_per_second``,
``events_window``). The behaviours themselves live with what they limit (``limits.py``,
``event_rate.py``, ``capture.py``).
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from desktop_notifier.devstack import admin
from desktop_notifier.devstack.limits import LIMITS


async def _json_body(request: web.Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.text() or "{}")
    except ValueError as e:
        raise web.HTTPBadRequest(text=json.dumps({"error": f"invalid JSON: {e}"})) from e
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text=json.dumps({"error": "expected a JSON object"}))
    return body


def _limits_snapshot(app: web.Application) -> dict[str, Any]:
    return app[LIMITS].snapshot()


async def limits(request: web.Request) -> web.Response:
    if (denied := admin._forbidden(request)) is not None:
        return denied
    if request.method == "POST":
        body = await _json_body(request)
        try:
            request.app[LIMITS].update(body)
        except ValueError as e:
            return web.json_response({"error": str(e)}, status=400)
    return web.json_response(_limits_snapshot(request.app))


def add_routes(app: web.Application) -> None:
    app.router.add_route("GET", "/_devstack/limits", limits)
    app.router.add_route("POST", "/_devstack/limits", limits)
