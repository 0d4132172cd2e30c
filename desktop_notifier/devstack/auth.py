"""GoTrue subset under ``/auth/v1``: password, refresh-token and PKCE grants, logout, user.

Owns the HTTP contract the ``supabase_auth`` client relies on: the Session/User JSON shapes,
HS256 access tokens from ``tokens.py``, rotated refresh tokens from ``sessions.py`` (with
the per-IP refresh limit of ``ratelimit.py``), and
error bodies in the API-version 2024-01-01 format (``{"code", "message"}`` with the
``X-Supabase-Api-Version`` header) so the client raises ``AuthApiError`` with the right code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from desktop_notifier.devstack.clock import ServerClock
from desktop_notifier.devstack.flows import FlowError, Flows
from desktop_notifier.devstack.gateway import TOKENS, apikey_rejection, bearer_token
from desktop_notifier.devstack.ratelimit import RefreshLimiter
from desktop_notifier.devstack.sessions import SessionError, SessionStore
from desktop_notifier.devstack.tokens import Claims, TokenError
from desktop_notifier.devstack.users import User, UserStore

_VERSION = {"X-Supabase-Api-Version": "2024-01-01"}


@dataclass
class AuthContext:
    users: UserStore
    sessions: SessionStore
    limiter: RefreshLimiter = field(default_factory=RefreshLimiter)
    flows: Flows = field(default_factory=lambda: Flows(ServerClock()))
    external: tuple[str, ...] = ("google", "azure")  # OAuth providers this project enables


AUTH = web.AppKey("auth", AuthContext)


def refresh_stats(ctx: AuthContext) -> dict[str, int]:
    """Counters of refresh-token grants, for ``GET /_devstack/stats``."""
    refresh = ctx.sessions.stats
    return {
        "refresh_rotated": refresh.rotated,
        "refresh_parent_reused": refresh.parent_reused,
        "refresh_reuse_rejected": refresh.reuse_rejected,
        "refresh_rate_limited": ctx.limiter.refused,
    }


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def error_response(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"code": code, "message": message}, status=status, headers=_VERSION)


def user_json(user: User) -> dict[str, Any]:
    created = _iso(user.created_at)
    return {
        "id": user.id,
        "aud": "authenticated",
        "role": "authenticated",
        "email": user.email,
        "email_confirmed_at": created,
        "phone": "",
        "confirmed_at": created,
        "last_sign_in_at": _iso(datetime.now(UTC)),  # not a token time: host clock is fine
        "app_metadata": {"provider": "email", "providers": ["email"]},
        "user_metadata": {},
        "identities": [],
        "created_at": created,
        "updated_at": created,
        "is_anonymous": False,
    }


def session_response(
    request: web.Request, user: User, session_id: str, refresh: str
) -> web.Response:
    issuer = request.app[TOKENS]
    access = issuer.issue_access(user.id, user.email, session_id)
    body = {
        "access_token": access.token,
        "token_type": "bearer",
        "expires_in": issuer.access_lifetime,
        "expires_at": access.claims["exp"],
        "refresh_token": refresh,
        "user": user_json(user),
    }
    return web.json_response(body, headers=_VERSION)


async def json_body(request: web.Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.text() or "{}")
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


async def token(request: web.Request) -> web.Response:
    rejection = apikey_rejection(request)
    if rejection is not None:
        return rejection
    ctx = request.app[AUTH]
    grant = request.query.get("grant_type")
    body = await json_body(request)
    if grant == "password":
        email, password = str(body.get("email") or ""), str(body.get("password") or "")
        if not email:
            return error_response(400, "validation_failed", "missing email or phone")
        user = await ctx.users.authenticate(email, password)
        if user is None:
            return error_response(400, "invalid_credentials", "Invalid login credentials")
        session_id, refresh = await ctx.sessions.create(user.id)
        return session_response(request, user, session_id, refresh)
    if grant == "refresh_token":
        if not ctx.limiter.allow(request.remote or ""):
            return error_response(429, "over_request_rate_limit", "Request rate limit reached")
        try:
            session_id, user_id, refresh = await ctx.sessions.rotate(str(body.get("refresh_token")))
        except SessionError as e:
            return error_response(400, e.code, e.message)
        found = await ctx.users.get(user_id)
        if found is None:
            return error_response(
                400, "refresh_token_not_found", "Invalid Refresh Token: User Not Found"
            )
        return session_response(request, found, session_id, refresh)
    if grant == "pkce":  # supabase/auth internal/api/token.go PKCE()
        try:
            user_id = ctx.flows.redeem(
                str(body.get("auth_code") or ""), str(body.get("code_verifier") or "")
            )
        except FlowError as e:
            return error_response(e.status, e.code, e.message)
        return await new_session(request, user_id)
    return error_response(400, "validation_failed", "unsupported_grant_type")


async def new_session(request: web.Request, user_id: str) -> web.Response:
    """A new session for `user_id` (after a PKCE exchange or a verified code)."""
    ctx = request.app[AUTH]
    user = await ctx.users.get(user_id)
    if user is None:
        return error_response(404, "user_not_found", "User not found")
    session_id, refresh = await ctx.sessions.create(user.id)
    return session_response(request, user, session_id, refresh)


async def _current(request: web.Request) -> tuple[Claims, User] | web.Response:
    """The signed-in caller, or the error GoTrue answers."""
    jwt = bearer_token(request)
    if jwt is None:
        return error_response(
            401, "no_authorization", "This endpoint requires a valid Bearer token"
        )
    try:
        claims = request.app[TOKENS].verify(jwt)
    except TokenError as e:
        detail = "token is expired" if e.kind == "expired" else e.message
        return error_response(
            403, "bad_jwt", f"invalid JWT: unable to parse or verify signature, {detail}"
        )
    if not claims.get("sub"):
        return error_response(403, "bad_jwt", "invalid claim: missing sub claim")
    ctx = request.app[AUTH]
    if not await ctx.sessions.exists(str(claims.get("session_id"))):
        msg = "Session from session_id claim in JWT does not exist"
        return error_response(403, "session_not_found", msg)
    user = await ctx.users.get(str(claims["sub"]))
    if user is None:
        return error_response(403, "user_not_found", "User from sub claim in JWT does not exist")
    return claims, user


async def get_user(request: web.Request) -> web.Response:
    rejection = apikey_rejection(request)
    if rejection is not None:
        return rejection
    current = await _current(request)
    if isinstance(current, web.Response):
        return current
    return web.json_response(user_json(current[1]), headers=_VERSION)


async def logout(request: web.Request) -> web.Response:
    rejection = apikey_rejection(request)
    if rejection is not None:
        return rejection
    current = await _current(request)
    if isinstance(current, web.Response):
        return current
    claims, user = current
    scope = request.query.get("scope", "global")
    if scope not in ("global", "local", "others"):
        return error_response(400, "validation_failed", "Unsupported logout scope")
    await request.app[AUTH].sessions.logout(str(claims.get("session_id")), user.id, scope)
    return web.Response(status=204, headers=_VERSION)
