"""Browser sign-in (OAuth with PKCE, RFC 7636) for every provider the project enables.

`enabled_providers` reads Auth's `/settings`. `browser_sign_in` makes a code verifier, opens the
system browser on `/auth/v1/authorize` and waits for the authorization code on a one-shot
loopback redirect (`http://127.0.0.1:<random port>/callback`, RFC 8252 §7.3) or on the deep
link `calls-notifier://auth-callback?code=…` (`deliver_link`, for projects whose redirect
allow-list has only the app's scheme). The code is exchanged with the verifier
(`/token?grant_type=pkce`) and the session is kept like a password sign-in (`signin.remember`).
The verifier never leaves this process; a code without it is useless to whoever sees the URL.

On a real project the redirect URL must be in Auth's allow list (Dashboard → Authentication →
URL Configuration): `http://127.0.0.1:*/callback` and/or `calls-notifier://auth-callback`.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import logging
import secrets
import urllib.parse
from collections.abc import Callable

import httpx

from desktop_notifier.common.errors import UserError
from desktop_notifier.profile.credentials import SecretStore
from desktop_notifier.profile.directory import Profile
from desktop_notifier.sync.account import REQUEST_TIMEOUT, Account
from desktop_notifier.sync.errors import map_error
from desktop_notifier.sync.redirects import http_client
from desktop_notifier.sync.signin import check_project, remember

log = logging.getLogger(__name__)
WAIT_FOR_BROWSER = 300.0  # the user may need a while (password manager, second factor)
DEEP_LINK = "calls-notifier://auth-callback"
LOOPBACK = "127.0.0.1"
# How providers are named on buttons; unknown ones get their Supabase name capitalised.
PROVIDER_NAMES = {
    "azure": "Microsoft",
    "google": "Google",
    "github": "GitHub",
    "gitlab": "GitLab",
    "keycloak": "Keycloak",
    "slack_oidc": "Slack",
    "workos": "WorkOS",
    "apple": "Apple",
}
_NOT_OAUTH = frozenset({"email", "phone", "anonymous_users"})
_DONE_PAGE = (
    "<!doctype html><html><head><meta charset='utf-8'><title>Calls Notifier</title></head>"
    "<body style='font-family:sans-serif;margin:3em'><h2>{title}</h2><p>{text}</p></body></html>"
)
_pending: set[asyncio.Future[str]] = set()  # sign-ins waiting for a deep link


def provider_name(provider: str) -> str:
    return PROVIDER_NAMES.get(provider, provider.replace("_", " ").title())


def pkce_pair() -> tuple[str, str]:
    """(verifier, S256 challenge): 64 random bytes, base64url, as RFC 7636 §4.1-4.2 ask."""
    verifier = base64.urlsafe_b64encode(secrets.token_bytes(64)).rstrip(b"=").decode()
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


async def enabled_providers(
    url: str, anon_key: str, *, allow_insecure_http: bool = False
) -> list[str]:
    """The OAuth providers the project enables (Auth's `GET /settings`), sorted."""
    url, anon_key = check_project(url, anon_key, allow_insecure_http=allow_insecure_http)
    async with http_client(REQUEST_TIMEOUT) as http:
        try:
            response = await http.get(f"{url}/auth/v1/settings", headers={"apikey": anon_key})
        except httpx.HTTPError as exc:
            raise map_error(exc, url) from exc
    if response.status_code == 401:
        raise UserError("bad_anon_key")
    if response.status_code != 200:
        raise UserError("server_error", detail=f"HTTP {response.status_code}")
    try:
        external = response.json().get("external") or {}
    except ValueError as exc:
        raise UserError("server_error", detail="/settings is not JSON") from exc
    return sorted(n for n, on in external.items() if on is True and n not in _NOT_OAUTH)


def deliver_link(link: str) -> bool:
    """Hand a `calls-notifier://auth-callback?code=…` link to the sign-in waiting for it; False
    when it is not such a link or nobody waits."""
    if not link.lower().startswith(DEEP_LINK):
        return False
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
    waiting = [f for f in _pending if not f.done()]
    if not waiting:
        log.warning("a sign-in link arrived but no browser sign-in is waiting")
        return False
    for future in waiting:
        _settle(future, params)
    return True


def _settle(future: asyncio.Future[str], params: dict[str, list[str]]) -> None:
    if future.done():
        return
    if params.get("code"):
        future.set_result(params["code"][0])
    else:
        detail = (params.get("error_description") or params.get("error") or ["no code"])[0]
        future.set_exception(UserError("browser_sign_in_failed", detail=detail[:200]))


class LoopbackReceiver:
    """A one-shot HTTP server on 127.0.0.1 that takes the redirect with the code."""

    def __init__(self, result: asyncio.Future[str]) -> None:
        self.result = result
        self._server: asyncio.Server | None = None
        self.redirect_uri = ""

    async def start(self) -> LoopbackReceiver:
        self._server = await asyncio.start_server(self._handle, LOOPBACK, 0)
        port = self._server.sockets[0].getsockname()[1]
        self.redirect_uri = f"http://{LOOPBACK}:{port}/callback"
        return self

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request_line = await asyncio.wait_for(reader.readline(), 10)
            while (await asyncio.wait_for(reader.readline(), 10)) not in (b"\r\n", b"\n", b""):
                pass  # headers: nothing in them matters
            parts = request_line.decode("latin-1").split()
            target = urllib.parse.urlsplit(parts[1] if len(parts) > 1 else "/")
            if target.path != "/callback":
                await _reply(writer, 404, "Not found", "")
                return
            params = urllib.parse.parse_qs(target.query)
            ok = bool(params.get("code"))
            _settle(self.result, params)
            title = (
                "Entrada concluída / Signed in" if ok else "Não foi possível entrar / Not signed in"
            )
            text = (
                "Volte ao Calls Notifier; pode fechar esta aba. / Return to Calls Notifier; "
                "you can close this tab."
                if ok
                else "Volte ao Calls Notifier e tente de novo. / Return to Calls Notifier "
                "and try again."
            )
            await _reply(writer, 200, title, text)
        except (OSError, TimeoutError, UnicodeDecodeError):
            log.debug("a malformed request on the sign-in redirect port", exc_info=True)
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()


async def _reply(writer: asyncio.StreamWriter, status: int, title: str, text: str) -> None:
    body = _DONE_PAGE.format(title=title, text=text).encode()
    head = (
        f"HTTP/1.1 {status} {'OK' if status == 200 else 'Not Found'}\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n"
        "Cache-Control: no-store\r\n\r\n"
    )
    writer.write(head.encode() + body)
    await writer.drain()


def authorize_url(url: str, provider: str, redirect_to: str, challenge: str) -> str:
    query = urllib.parse.urlencode(
        {
            "provider": provider,
            "redirect_to": redirect_to,
            "code_challenge": challenge,
            "code_challenge_method": "s256",
        }
    )
    return f"{url}/auth/v1/authorize?{query}"


async def browser_sign_in(
    profile: Profile,
    secrets_store: SecretStore,
    *,
    url: str,
    anon_key: str,
    provider: str,
    open_browser: Callable[[str], object],
    use_deep_link: bool = False,
    allow_insecure_http: bool = False,
    timeout: float = WAIT_FOR_BROWSER,
) -> Account:
    """Sign in through the browser with `provider` and keep the session. `open_browser(url)`
    shows the authorize page (the system browser; a test plays it)."""
    url, anon_key = check_project(url, anon_key, allow_insecure_http=allow_insecure_http)
    verifier, challenge = pkce_pair()
    result: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    receiver = LoopbackReceiver(result)
    _pending.add(result)
    try:
        redirect_to = DEEP_LINK if use_deep_link else (await receiver.start()).redirect_uri
        open_browser(authorize_url(url, provider, redirect_to, challenge))
        try:
            code = await asyncio.wait_for(asyncio.shield(result), timeout)
        except TimeoutError as exc:
            raise UserError("browser_sign_in_timeout") from exc
    finally:
        _pending.discard(result)
        if not result.done():
            result.cancel()
        await receiver.close()
    account = await Account.sign_in_with(
        url,
        anon_key,
        lambda auth: auth.pkce(code, verifier, redirect_to),
        allow_insecure_http=allow_insecure_http,
    )
    return await remember(profile, secrets_store, account, allow_insecure_http=allow_insecure_http)
