"""Admin endpoints for the real servers' lossy behaviours, under ``/_devstack/`` (admin token).

Owns ``GET``/``POST /_devstack/limits`` (read or change at run time, as JSON:
``db_max_rows``, ``statement_timeout`` per role, ``row_cost_ms``, ``events_per_second``,
``events_window``) and the capture rebuild: ``POST /_devstack/capture/rebuild/start`` drops
the capture's slot (what commits from then on is never delivered),
``POST /_devstack/capture/rebuild/finish`` makes a new slot and sends "Subscribed to
PostgreSQL" again on every still-joined channel, without closing any, as Realtime does after
``postgres_cdc_rls_down`` (``lib/realtime_web/channels/realtime_channel.ex``);
``POST /_devstack/capture/rebuild?gap=SECONDS`` does both around a gap. The behaviours
themselves live with what they limit (``limits.py``, ``event_rate.py``, ``capture.py``).
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from aiohttp import web

from desktop_notifier.devstack import admin, phoenix
from desktop_notifier.devstack.event_rate import EVENT_RATE
from desktop_notifier.devstack.hub import Hub
from desktop_notifier.devstack.limits import LIMITS

log = logging.getLogger(__name__)
SUBSCRIBED = "Subscribed to PostgreSQL"


async def _json_body(request: web.Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.text() or "{}")
    except ValueError as e:
        raise ValueError(f"invalid JSON: {e}") from e
    if not isinstance(body, dict):
        raise ValueError("expected a JSON object")
    return body


def _update_event_rate(app: web.Application, body: dict[str, Any]) -> None:
    limit, window = body.get("events_per_second"), body.get("events_window")
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise ValueError("events_per_second must be a non-negative integer (0: no limit)")
    if window is not None and (not isinstance(window, int | float) or window <= 0):
        raise ValueError("events_window must be a positive number of seconds")
    app[EVENT_RATE].configure(limit, None if window is None else float(window))


def _snapshot(app: web.Application) -> dict[str, Any]:
    rate = app[EVENT_RATE]
    return {
        **app[LIMITS].snapshot(),
        "events_per_second": rate.limit,
        "events_window": rate.window,
    }


async def limits(request: web.Request) -> web.Response:
    if (denied := admin._forbidden(request)) is not None:
        return denied
    if request.method == "POST":
        try:
            body = await _json_body(request)
            request.app[LIMITS].update(body)
            _update_event_rate(request.app, body)
        except ValueError as e:
            return web.json_response({"error": str(e)}, status=400)
    return web.json_response(_snapshot(request.app))


async def announce_subscribed(hub: Hub) -> int:
    """The repeated system message on every joined channel that streams postgres_changes."""
    sent = 0
    for sock in list(hub.sockets):
        for channel in list(sock.channels.values()):
            if channel.ready and channel.bindings:
                await sock.send(phoenix.system(channel.topic, "ok", SUBSCRIBED))
                sent += 1
    return sent


async def _start(app: web.Application) -> dict[str, Any]:
    dropped = await app[admin.ADMIN].capture.drop_slot()
    log.warning("capture rebuild: slot %s dropped, changes from now on are lost", dropped)
    return {"dropped_slot": dropped}


async def _finish(app: web.Application) -> dict[str, Any]:
    ctx = app[admin.ADMIN]
    slot = await ctx.capture.new_slot()
    channels = await announce_subscribed(ctx.hub)
    log.warning("capture rebuild: new slot %s, %d channels told again", slot, channels)
    return {"slot": slot, "channels": channels}


async def rebuild(request: web.Request) -> web.Response:
    if (denied := admin._forbidden(request)) is not None:
        return denied
    step = request.match_info.get("step", "")
    try:
        if step == "start":
            return web.json_response(await _start(request.app))
        if step == "finish":
            return web.json_response(await _finish(request.app))
        gap = float(request.query.get("gap", "1"))
        body = await _start(request.app)
        await asyncio.sleep(gap)
        return web.json_response(body | await _finish(request.app))
    except (RuntimeError, ValueError) as e:
        return web.json_response({"error": str(e)}, status=409)


def add_routes(app: web.Application) -> None:
    app.router.add_route("GET", "/_devstack/limits", limits)
    app.router.add_route("POST", "/_devstack/limits", limits)
    app.router.add_post("/_devstack/capture/rebuild", rebuild)
    app.router.add_post("/_devstack/capture/rebuild/{step:start|finish}", rebuild)
