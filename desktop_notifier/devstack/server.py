"""Wiring of the stand-in: one aiohttp application on 127.0.0.1 and its life cycle.

Owns the order of start-up (schema → users → capture slot → HTTP site → the single JSON
"ready" line on stdout), the routes, and the clean shutdown on SIGINT/SIGTERM (websockets
closed with 1001, slot dropped, site stopped; the caller then stops its PostgreSQL).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import secrets
import signal
import sys
from collections.abc import Callable
from typing import Any

from aiohttp import web

from desktop_notifier.devstack import (
    ably_rest,
    admin,
    auth,
    connection_modes,
    external,
    lossy_modes,
    rest,
    rpc,
    schema,
)
from desktop_notifier.devstack.ably_publisher import OutboxPublisher
from desktop_notifier.devstack.ably_realtime import ABLY
from desktop_notifier.devstack.broadcast import BroadcastDelivery, MessageCapture
from desktop_notifier.devstack.capture import ChangeCapture
from desktop_notifier.devstack.clock import CLOCK, ServerClock, stamp_date
from desktop_notifier.devstack.connection_modes import ConnectionModes
from desktop_notifier.devstack.db import Pool
from desktop_notifier.devstack.event_rate import EVENT_RATE, EventRate
from desktop_notifier.devstack.flows import Flows
from desktop_notifier.devstack.gateway import TOKENS
from desktop_notifier.devstack.hub import Hub
from desktop_notifier.devstack.limits import LIMITS, RestLimits
from desktop_notifier.devstack.options import Options
from desktop_notifier.devstack.ratelimit import RefreshLimiter
from desktop_notifier.devstack.realtime_ws import REALTIME, RealtimeContext, websocket_handler
from desktop_notifier.devstack.secret import project_secret
from desktop_notifier.devstack.sessions import SessionStore
from desktop_notifier.devstack.simulate import Simulator
from desktop_notifier.devstack.tokens import TokenIssuer
from desktop_notifier.devstack.users import DEMO_EMAIL, DEMO_PASSWORD, UserStore
from desktop_notifier.devstack.visibility import RlsChecker

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
Ready = Callable[[dict[str, Any]], None]


def print_ready(info: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(info) + "\n")
    sys.stdout.flush()


def build_app(
    tokens: TokenIssuer,
    pool: Pool,
    hub: Hub,
    capture: ChangeCapture,
    users: UserStore,
    subscribe_delay: float,
    modes: ConnectionModes | None = None,
    limits: RestLimits | None = None,
    sessions: SessionStore | None = None,
    limiter: RefreshLimiter | None = None,
    flows: Flows | None = None,
    oauth_providers: tuple[str, ...] = ("google", "azure"),
) -> web.Application:
    app = web.Application(client_max_size=64 * 1024 * 1024, middlewares=[admin.require_token])
    app[admin.ADMIN_TOKEN] = secrets.token_urlsafe(24)
    app[LIMITS] = limits or RestLimits()
    app[TOKENS] = tokens
    app[CLOCK] = tokens.clock
    app.on_response_prepare.append(stamp_date)
    app[REALTIME] = RealtimeContext(hub, tokens, pool, subscribe_delay)
    app[rest.REST_POOL] = pool
    app[auth.AUTH] = auth.AuthContext(
        users,
        sessions or SessionStore(pool, tokens.clock),
        limiter or RefreshLimiter(),
        flows or Flows(tokens.clock),
        oauth_providers,
    )
    auth_ctx = app[auth.AUTH]
    app[admin.ADMIN] = admin.AdminContext(hub, capture, lambda: auth.refresh_stats(auth_ctx))
    app.router.add_get("/realtime/v1/websocket", websocket_handler)
    for method in ("GET", "PATCH", "POST"):
        app.router.add_route(method, "/rest/v1/{table}", rest.handle)
    for method in ("GET", "POST"):
        app.router.add_route(method, "/rest/v1/rpc/{function}", rpc.handle)
    app.router.add_post("/auth/v1/token", auth.token)
    app.router.add_post("/auth/v1/logout", auth.logout)
    app.router.add_get("/auth/v1/user", auth.get_user)
    external.add_routes(app)
    app.router.add_post("/_devstack/close", admin.close)
    app.router.add_post("/_devstack/inject", admin.inject)
    app.router.add_get("/_devstack/stats", admin.stats)
    connection_modes.add_routes(app, modes or ConnectionModes())
    lossy_modes.add_routes(app)
    app.router.add_post("/_devstack/clock", admin.clock)
    ably_rest.add_routes(app)
    return app


async def serve(
    opts: Options,
    dsn: str,
    stop: asyncio.Event | None = None,
    ready: Ready = print_ready,
) -> None:
    """Run until ``stop`` is set (by default: until SIGINT or SIGTERM)."""
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
    await schema.apply(dsn, upto=opts.migrations_upto)
    pool = Pool(dsn, size=8)
    users = UserStore(pool)
    demo = await users.upsert(DEMO_EMAIL, DEMO_PASSWORD)
    for email, password in opts.users:
        await users.upsert(email, password)
    secret = await project_secret(pool, opts.jwt_secret)
    tokens = TokenIssuer(secret, opts.jwt_expiry, issuer="", clock=ServerClock(opts.clock_offset))
    sessions = SessionStore(pool, tokens.clock, opts.refresh_reuse_interval)
    limiter = RefreshLimiter(opts.refresh_rate_limit)
    hub = Hub(RlsChecker(pool))
    rate = EventRate(opts.events_per_second, opts.events_window)
    capture = ChangeCapture(dsn, rate.sink(hub), opts.poll_interval)
    await capture.open()
    messages = MessageCapture(
        dsn, rate.broadcast_sink(BroadcastDelivery(hub).deliver), opts.poll_interval
    )
    await messages.open()
    modes = ConnectionModes(
        upgrade_error_delay=opts.upgrade_error_delay,
        join_error_delay=opts.join_error_delay,
        idle_timeout=opts.idle_timeout,
        private_only=opts.private_only,
    )
    limits = RestLimits(max_rows=opts.db_max_rows or None, row_cost_ms=opts.row_cost_ms)
    async with pool.connection() as conn:
        await limits.load_role_settings(conn, dict(opts.statement_timeouts))
    app = build_app(
        tokens,
        pool,
        hub,
        capture,
        users,
        opts.subscribe_delay,
        modes,
        limits,
        sessions,
        limiter,
        Flows(tokens.clock, opts.otp_expiry),
        opts.oauth_providers,
    )
    app[EVENT_RATE] = rate
    runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=2.0)
    await runner.setup()
    simulation: asyncio.Task[None] | None = None
    publishing: asyncio.Task[None] | None = None
    try:
        site = web.TCPSite(runner, HOST, opts.port, reuse_address=True)
        await site.start()
        port = int(runner.addresses[0][1])
        url = f"http://{HOST}:{port}"
        tokens.issuer = f"{url}/auth/v1"
        capture.start()
        messages.start()
        # the outbox of 007 → this stand-in's Ably (ably_rest, ably_realtime)
        publisher = OutboxPublisher(
            dsn, url, app[ABLY].keys.root_key, opts.poll_interval, shared=True
        )
        publishing = asyncio.create_task(publisher.run(), name="devstack-ably-publisher")
        if opts.simulate:
            sim = Simulator(pool, demo.id, opts.simulate_rate)
            simulation = asyncio.create_task(sim.run(), name="devstack-simulate")
        log.info("stand-in ready on %s", url)
        ready(
            {
                "url": url,
                "anon_key": tokens.anon_key,
                "service_role_key": tokens.service_role_key,
                "dsn": dsn,
                "email": DEMO_EMAIL,
                "password": DEMO_PASSWORD,
                "user_id": demo.id,
                "pid": os.getpid(),
                "admin_token": app[admin.ADMIN_TOKEN],
                "ably_key": app[ABLY].keys.root_key,
            }
        )
        await stop.wait()
        log.info("shutting down")
    finally:
        for task in (simulation, publishing):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        # Every step is bounded: a client that never answers a close frame, or a change stuck
        # on a dying socket, must not keep the stand-in (and its port) alive.
        for step, limit in (
            (hub.close_all(1001, "server shutdown"), 3.0),
            # Ably's frontends drop their transports too; left to aiohttp's cleanup, a client
            # noticed the restart only when its socket timed out, seconds later.
            (app[ABLY].close_all(1001, "server shutdown"), 3.0),
            (capture.stop(), 3.0),
            (messages.stop(), 3.0),
            (runner.cleanup(), 5.0),
            (pool.close(), 3.0),
        ):
            try:
                await asyncio.wait_for(step, limit)
            except Exception as exc:  # TimeoutError included: go on with the next step
                log.warning("shutdown step did not finish cleanly: %r", exc)
