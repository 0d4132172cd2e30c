"""Browser and e-mail code sign-in of the stand-in: ``/settings``, ``/authorize``, a test
provider, ``/callback``, ``/otp``, ``/verify`` and the test mailbox.

Modelled on supabase/auth internal/api/settings.go (which providers are enabled),
internal/api/external.go (``GET /authorize`` stores a PKCE flow state and sends the browser to
the provider; ``GET /callback`` learns the user from the provider, creates them on first sign-in,
and sends the browser to ``redirect_to`` with ``?code=<auth code>``) and internal/api/token.go
(the code is redeemed by ``/token?grant_type=pkce`` in ``auth.py``); e-mail codes follow
internal/api/otp.go (``POST /otp``) and internal/api/verify.go (``POST /verify``, type email).

The "provider" is a page of the stand-in itself (``/_provider/<name>/authorize``): a form asking
which e-mail to sign in as, standing in for Google's or Microsoft's consent screen; a test plays
the browser by following the authorize URL and submitting that form. As on Supabase (Kong's
``auth-v1-open`` routes), ``/authorize`` and ``/callback`` need no ``apikey``: a browser has none.

``redirect_to`` must be allowed (GoTrue's ``URI_ALLOW_LIST``): here any loopback address on any
port (RFC 8252 §7.3) and the app's ``calls-notifier://`` scheme; anything else falls back to
the site URL, as GoTrue does.
"""

from __future__ import annotations

import html
import secrets
from urllib.parse import urlencode, urlsplit

from aiohttp import web

from desktop_notifier.devstack.auth import AUTH, error_response, json_body, new_session
from desktop_notifier.devstack.flows import FlowError
from desktop_notifier.devstack.gateway import apikey_rejection

APP_SCHEME = "calls-notifier"
_LOOPBACK_HOSTS = {"127.0.0.1", "[::1]", "::1", "localhost"}
_PROVIDER_CODES = web.AppKey("provider_codes", dict[str, str])  # provider code → e-mail


def add_routes(app: web.Application) -> None:
    app[_PROVIDER_CODES] = {}
    app.router.add_get("/auth/v1/settings", settings)
    app.router.add_get("/auth/v1/authorize", authorize)
    app.router.add_get("/auth/v1/callback", callback)
    app.router.add_get("/_provider/{provider}/authorize", provider_page)
    app.router.add_get("/_provider/{provider}/consent", provider_consent)
    app.router.add_post("/auth/v1/otp", send_code)
    app.router.add_post("/auth/v1/verify", verify)
    app.router.add_get("/_devstack/mailbox", mailbox)


def _base(request: web.Request) -> str:
    return f"{request.scheme}://{request.host}"


def allowed_redirect(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme == APP_SCHEME:
        return True
    return parts.scheme == "http" and (parts.hostname or "") in _LOOPBACK_HOSTS


async def settings(request: web.Request) -> web.Response:
    if (rejection := apikey_rejection(request)) is not None:
        return rejection
    enabled = request.app[AUTH].external
    known = ("apple", "azure", "github", "gitlab", "google", "keycloak", "slack_oidc", "workos")
    external = {name: name in enabled for name in sorted({*known, *enabled})}
    external["email"] = True
    external["phone"] = False
    body = {
        "external": external,
        "disable_signup": False,
        "mailer_autoconfirm": False,
        "phone_autoconfirm": False,
        "sms_provider": "",
        "saml_enabled": False,
    }
    return web.json_response(body)


async def authorize(request: web.Request) -> web.Response:
    query = request.query
    provider = query.get("provider", "")
    ctx = request.app[AUTH]
    if provider not in ctx.external:
        message = f"Unsupported provider: provider {provider} could not be found"
        return error_response(400, "validation_failed", message)
    redirect_to = query.get("redirect_to", "")
    if not allowed_redirect(redirect_to):
        redirect_to = _base(request)  # GoTrue: not in the allow list → the site URL
    challenge = query.get("code_challenge", "")
    if not challenge:  # the implicit flow hands tokens to the URL: the app never uses it
        return error_response(400, "validation_failed", "PKCE flow requires code_challenge")
    try:
        state = ctx.flows.start(
            provider, challenge, query.get("code_challenge_method", "s256").lower(), redirect_to
        )
    except FlowError as e:
        return error_response(e.status, e.code, e.message)
    target = f"{_base(request)}/_provider/{provider}/authorize?" + urlencode(
        {"state": state.id, "redirect_uri": f"{_base(request)}/auth/v1/callback"}
    )
    raise web.HTTPFound(target)


async def provider_page(request: web.Request) -> web.Response:
    """The test provider's consent screen: sign in as which e-mail?"""
    provider = html.escape(request.match_info["provider"])
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{html.escape(request.query.get(name, ""))}">'
        for name in ("state", "redirect_uri")
    )
    page = (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>Test provider: {provider}</title></head><body>"
        f"<h1>Sign in with {provider} (stand-in test provider)</h1>"
        f'<form id="consent" method="get" action="/_provider/{provider}/consent">{hidden}'
        '<label>E-mail <input type="email" name="email" required></label>'
        '<button type="submit">Continue</button></form></body></html>'
    )
    return web.Response(text=page, content_type="text/html")


async def provider_consent(request: web.Request) -> web.Response:
    email = request.query.get("email", "").strip().lower()
    redirect_uri = request.query.get("redirect_uri", "")
    if "@" not in email or not redirect_uri.startswith(_base(request)):
        return web.Response(status=400, text="an e-mail and our callback are needed")
    code = secrets.token_urlsafe(16)
    request.app[_PROVIDER_CODES][code] = email
    params = {"code": code, "state": request.query.get("state", "")}
    raise web.HTTPFound(f"{redirect_uri}?{urlencode(params)}")


async def callback(request: web.Request) -> web.Response:
    ctx = request.app[AUTH]
    email = request.app[_PROVIDER_CODES].pop(request.query.get("code", ""), None)
    if email is None:
        return error_response(400, "bad_oauth_callback", "OAuth callback with missing or bad code")
    user = await ctx.users.ensure(email)
    try:
        state = ctx.flows.complete(request.query.get("state", ""), user.id)
    except FlowError as e:
        return error_response(e.status, e.code, e.message)
    assert state.auth_code is not None
    separator = "&" if "?" in state.redirect_to else "?"
    raise web.HTTPFound(f"{state.redirect_to}{separator}{urlencode({'code': state.auth_code})}")


async def send_code(request: web.Request) -> web.Response:
    """``POST /otp`` (internal/api/otp.go): e-mail a six-digit code to a user."""
    if (rejection := apikey_rejection(request)) is not None:
        return rejection
    ctx = request.app[AUTH]
    body = await json_body(request)
    email = str(body.get("email") or "").strip()
    if not email:
        return error_response(400, "validation_failed", "One of email or phone must be set")
    if await ctx.users.find(email) is None:
        if not body.get("create_user", True):
            return error_response(422, "otp_disabled", "Signups not allowed for otp")
        await ctx.users.ensure(email)
    ctx.flows.send_code(email)
    return web.json_response({})


async def verify(request: web.Request) -> web.Response:
    """``POST /verify`` with ``type: email`` (internal/api/verify.go verifyUserAndToken)."""
    if (rejection := apikey_rejection(request)) is not None:
        return rejection
    ctx = request.app[AUTH]
    body = await json_body(request)
    if body.get("type") not in ("email", "magiclink"):
        return error_response(400, "validation_failed", "Unsupported verification type")
    email, token = str(body.get("email") or ""), str(body.get("token") or "")
    if not token:
        return error_response(400, "validation_failed", "Verify requires a token or a token hash")
    user = await ctx.users.find(email)
    try:
        ctx.flows.check_code(email, token)
    except FlowError as e:
        return error_response(e.status, e.code, e.message)
    assert user is not None  # a code is only ever sent to an existing user
    return await new_session(request, user.id)


async def mailbox(request: web.Request) -> web.Response:
    """``GET /_devstack/mailbox[?to=EMAIL]``: the e-mails sent, newest last (admin token)."""
    to = request.query.get("to", "").lower()
    mails = [m for m in request.app[AUTH].flows.mailbox if not to or m.to == to]
    return web.json_response(
        [{"to": m.to, "subject": m.subject, "body": m.body, "code": m.code} for m in mails]
    )
