"""The stand-in's Ably REST API and the project's token endpoint (an Edge Function's shape).

Ably REST (ably-python `ably/rest/auth.py`, `ably/rest/channel.py`):
- `POST /keys/{keyName}/requestToken`: a signed TokenRequest → TokenDetails (`ably_auth`).
- `POST /channels/{channel}/messages`: publish one message or a list, `Authorization: Basic`
  with the root key (the publisher's way; a desktop never holds it) → 201.
Errors as Ably answers them: `{error: {code, statusCode, message}}`.

The token endpoint, `POST /functions/v1/ably-token` (what a Supabase Edge Function deployed
as `ably-token` would answer; README "Ably"): the gateway's apikey check, then the caller's
Supabase access token (`Authorization: Bearer`) verified like any API request; the answer is
an Ably token restricted to that user's channel `calls:owner:<sub>`, subscribe only, requested
from Ably with a TokenRequest signed by the root key, plus `endpoint` and `tls` for clients of
a non-default Ably host (the stand-in's). Its lifetime is the configured one (tests shorten
it), never past the access token's `exp`.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from desktop_notifier.devstack.ably_auth import DEFAULT_TTL_MS, AblyError
from desktop_notifier.devstack.ably_realtime import ABLY
from desktop_notifier.devstack.gateway import TOKENS, apikey_rejection, bearer_token
from desktop_notifier.devstack.tokens import TokenError

CHANNEL_PREFIX = "calls:owner:"
TOKEN_TTL = web.AppKey("ably_token_ttl", list)  # [ms], settable by /_devstack/ably


def _error(exc: AblyError) -> web.Response:
    return web.json_response({"error": exc.body()}, status=exc.status)


async def request_token(request: web.Request) -> web.Response:
    try:
        body = await request.json()
    except ValueError:
        return _error(AblyError(40000, 400, "Invalid request body"))
    try:
        token = request.app[ABLY].keys.request_token(request.match_info["key"], body)
    except AblyError as exc:
        return _error(exc)
    return web.json_response(token.details())


async def publish(request: web.Request) -> web.Response:
    server = request.app[ABLY]
    if not server.keys.basic_ok(request.headers.get("Authorization")):
        return _error(AblyError(40101, 401, "Invalid credentials"))
    try:
        body: Any = await request.json()
    except ValueError:
        return _error(AblyError(40000, 400, "Invalid request body"))
    messages = body if isinstance(body, list) else [body]
    if not all(isinstance(m, dict) for m in messages):
        return _error(AblyError(40000, 400, "Invalid message"))
    await server.publish(request.match_info["channel"], messages)
    return web.json_response({"channel": request.match_info["channel"]}, status=201)


async def token_endpoint(request: web.Request) -> web.Response:
    rejected = apikey_rejection(request)
    if rejected is not None:
        return rejected
    access = bearer_token(request)
    try:
        claims = request.app[TOKENS].verify(access or "")
    except TokenError as exc:
        return web.json_response({"code": 401, "message": f"Invalid JWT: {exc}"}, status=401)
    sub = claims.get("sub")
    if claims.get("role") != "authenticated" or not isinstance(sub, str):
        return web.json_response({"code": 403, "message": "sign in first"}, status=403)
    keys = request.app[ABLY].keys
    # Never longer than the Supabase session that asked: a signed-out user's access ends
    # with their access token, as a Realtime channel's does.
    left_ms = (int(claims.get("exp", 0)) - request.app[TOKENS].clock.seconds()) * 1000
    ttl_ms = max(1000, min(request.app[TOKEN_TTL][0], left_ms))
    signed = keys.token_request(sub, {CHANNEL_PREFIX + sub: ["subscribe"]}, ttl_ms)
    token = keys.request_token(keys.key_name, signed)
    host = request.host  # the stand-in serves Ably on its own host:port
    return web.json_response({"token_details": token.details(), "endpoint": host, "tls": False})


async def counters(request: web.Request) -> web.Response:
    """`GET /_devstack/ably`: the stand-in's Ably counters; `POST {"token_ttl_ms": n}` also
    sets the lifetime of the next Ably tokens, `{"outbound_rate": n}` each connection's
    outbound message rate (`ably_rate`; 0: none)."""
    server = request.app[ABLY]
    if request.method == "POST":
        body = await request.json()
        if "outbound_rate" in body:
            server.rate.limit = int(body["outbound_rate"] or 0)
        else:
            request.app[TOKEN_TTL][0] = int(body.get("token_ttl_ms") or DEFAULT_TTL_MS)
    return web.json_response(
        {
            "ably_frames_sent": server.frames_sent,
            "ably_messages_sent": server.messages_sent,
            "ably_messages_published": server.messages_published,
            "ably_tokens_issued": server.keys.tokens_issued,
            "ably_refused_attaches": server.refused_attaches,
            "ably_connections": len(server.connections),
            "ably_messages_dropped": server.rate.dropped,
        }
    )


def add_routes(app: web.Application) -> None:
    from desktop_notifier.devstack.ably_realtime import AblyServer, websocket_handler

    app[ABLY] = AblyServer()
    app[TOKEN_TTL] = [DEFAULT_TTL_MS]
    app.router.add_get("/", websocket_handler)
    app.router.add_post("/keys/{key}/requestToken", request_token)
    app.router.add_post("/channels/{channel}/messages", publish)
    app.router.add_post("/functions/v1/ably-token", token_endpoint)
    app.router.add_get("/_devstack/ably", counters)
    app.router.add_post("/_devstack/ably", counters)
