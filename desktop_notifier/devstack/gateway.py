"""The API gateway in front of ``/rest/v1`` and ``/auth/v1`` (Kong on a real project).

Owns the ``apikey`` check every HTTP API request goes through (missing or unknown key → 401
with Kong's bodies, also while `connection_modes` refuses the project's keys) and reading the
``Authorization: Bearer`` token; without one, the apikey itself is the JWT, as on Supabase.
"""

from __future__ import annotations

from aiohttp import web

from desktop_notifier.devstack.connection_modes import MODES
from desktop_notifier.devstack.tokens import TokenIssuer

TOKENS = web.AppKey("tokens", TokenIssuer)


def apikey_rejection(request: web.Request) -> web.Response | None:
    """A 401 response when the request lacks this project's apikey, else None."""
    key = request.headers.get("apikey") or request.query.get("apikey")
    if not key:
        body = {
            "message": "No API key found in request",
            "hint": "No `apikey` request header or url param was found.",
        }
        return web.json_response(body, status=401)
    tokens = request.app[TOKENS]
    modes = request.app.get(MODES)
    project_keys = (tokens.anon_key, tokens.service_role_key)
    if not tokens.is_api_key(key) or (modes is not None and modes.rejects_key(key, project_keys)):
        body = {
            "message": "Invalid API key",
            "hint": "Double check your Supabase `anon` or `service_role` API key.",
        }
        return web.json_response(body, status=401)
    return None


def bearer_token(request: web.Request) -> str | None:
    auth = request.headers.get("Authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


def request_token(request: web.Request) -> str:
    """The JWT a request acts with: the bearer token, else the apikey."""
    return bearer_token(request) or request.headers.get("apikey") or request.query["apikey"]
