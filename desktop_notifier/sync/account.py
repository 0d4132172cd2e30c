"""One signed-in Supabase account: Auth (`sync/gotrue.py`) and PostgREST (the `postgrest`
client library, without the rest of `supabase`: storage, functions and the Auth library are
never used while live and cost resident memory) over one httpx client.

Owns the session tokens. The library's own auto-refresh timer is off: the supervisor decides
when to refresh (before a rejoin, ahead of expiry), and every rotated refresh token is handed
to `on_refresh_token` so it reaches the keyring before the old one stops working. Refreshes are
serialised: a refresh token is single use, so two concurrent refreshes would sign us out.

Expiry is judged on the server's terms, not the desktop clock's: the access token is good for
`expires_in` seconds from when we asked for it (the server's absolute `expires_at` is on its
own clock, which may be hours off ours), so there is one refresh per token whatever the
clocks say. A
token the server refuses as expired (PostgREST `PGRST303`, Realtime "Token has expired") gets
one refresh and a retry, never a sign-out. Auth's HTTP 429 holds refreshes back for the time it
says (`Retry-After`) or a growing pause, so an office behind one address cannot storm it.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
from postgrest import AsyncPostgrestClient

from desktop_notifier.common.errors import ErrorCode, UserError
from desktop_notifier.common.proxy_route import ProxyRoute
from desktop_notifier.sync.call_claims import CallClaims
from desktop_notifier.sync.comment_reads import CommentReads
from desktop_notifier.sync.errors import map_error
from desktop_notifier.sync.gotrue import GoTrue, Session
from desktop_notifier.sync.redirects import http_client
from desktop_notifier.sync.server_time import ServerTime
from desktop_notifier.sync.urls import check_url
from desktop_notifier.sync.view_reads import ViewReads

log = logging.getLogger(__name__)
REQUEST_TIMEOUT = 15.0
REFRESH_MARGIN = 60.0  # refresh when the access token expires within a minute…
REFRESH_SHARE = 0.5  # …or, for short-lived tokens, when half of its lifetime is left
RATE_LIMIT_FIRST_WAIT = 10.0  # after a 429 without Retry-After; doubles while it lasts…
RATE_LIMIT_MAX_WAIT = 300.0  # …up to Auth's whole window (150 refreshes per 5 minutes)


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str
    expires_at: float  # epoch seconds on the desktop clock: request sent + expires_in
    user_id: str
    email: str
    lifetime: float = 3600.0  # seconds the access token was issued for


def _tokens(session: Session, asked_at: float) -> Tokens:
    """`asked_at`: the desktop's time.time() when the request was sent. The token was issued
    after that, so counting its lifetime from there errs on the early side by the round trip
    (a slow answer must not make us renew after the server already expired it). The server's
    own `expires_at` is not used: its clock may be far from ours."""
    return Tokens(
        access_token=session.access_token,
        refresh_token=session.refresh_token,
        expires_at=asked_at + session.expires_in,
        user_id=session.user_id,
        email=session.email,
        lifetime=session.expires_in,
    )


class Account(ViewReads, CommentReads, CallClaims):
    """Use `Account.sign_in(...)` or `Account.restore(...)`; `close()` when done."""

    def __init__(
        self,
        url: str,
        anon_key: str,
        http: httpx.AsyncClient,
        tokens: Tokens,
        server_time: ServerTime | None = None,
    ) -> None:
        self.url = url
        self.anon_key = anon_key
        self._http = http
        self._auth = GoTrue(http, url, anon_key)
        # supabase/_async/client.py `_init_postgrest_client` and `_get_auth_headers`
        self._rest = AsyncPostgrestClient(
            f"{url}/rest/v1",
            headers={"apiKey": anon_key},
            http_client=http,
            retry_enabled=False,  # one owner of retries: the supervisor
        ).auth(tokens.access_token)
        self.tokens = tokens
        self.server_time = server_time or ServerTime()
        self.proxy: str | None = None  # what the HTTP client and the websocket go through
        self.on_refresh_token: Callable[[Tokens], Awaitable[None]] | None = None
        self.on_close: Callable[[], Awaitable[None]] | None = None  # before the client closes
        # Told each renewed access token (the call windows' rooms: Realtime shuts a channel
        # whose token expires, so every open channel must be handed the new one).
        self.token_listeners: list[Callable[[str], None]] = []
        self._refreshing = asyncio.Lock()
        self._refresh_not_before = 0.0  # time.monotonic(); set by Auth's 429
        self._rate_limited = 0  # 429s in a row
        self.refreshes = 0  # refresh requests sent (for tests and diagnostics)

    @staticmethod
    def _http_for(server_time: ServerTime, proxy: str | None) -> httpx.AsyncClient:
        http = http_client(REQUEST_TIMEOUT, proxy)  # same-origin redirects only
        hooks = http.event_hooks
        http.event_hooks = {**hooks, "response": [*hooks["response"], server_time.hook]}
        return http

    @classmethod
    async def sign_in(
        cls,
        url: str,
        anon_key: str,
        email: str,
        password: str,
        *,
        allow_insecure_http: bool = False,
        proxy: ProxyRoute | None = None,
    ) -> Account:
        return await cls.sign_in_with(
            url,
            anon_key,
            lambda auth: auth.password(email, password),
            allow_insecure_http=allow_insecure_http,
            proxy=proxy,
        )

    @classmethod
    async def sign_in_with(
        cls,
        url: str,
        anon_key: str,
        grant: Callable[[GoTrue], Awaitable[Session]],
        *,
        allow_insecure_http: bool = False,
        proxy: ProxyRoute | None = None,
    ) -> Account:
        """A new session from `grant(auth)`: a password, a browser sign-in's PKCE code
        (sync/oauth.py) or an e-mailed code (sync/otp.py)."""
        url = check_url(url, allow_insecure_http=allow_insecure_http)
        clock = ServerTime()
        via = (proxy or ProxyRoute.from_environment()).for_url(url)
        http = cls._http_for(clock, via)
        asked_at = time.time()
        try:
            session = await grant(GoTrue(http, url, anon_key))
        except Exception as exc:
            await _close_http(http)
            raise map_error(exc, url) from exc
        account = cls(url, anon_key, http, _tokens(session, asked_at), clock)
        account.proxy = via
        log.info("signed in to %s as %s", url, account.tokens.email)
        return account

    @classmethod
    async def restore(
        cls,
        url: str,
        anon_key: str,
        refresh_token: str,
        *,
        allow_insecure_http: bool = False,
        proxy: ProxyRoute | None = None,
    ) -> Account:
        """A new session from a stored refresh token (which the server then rotates)."""
        url = check_url(url, allow_insecure_http=allow_insecure_http)
        clock = ServerTime()
        via = (proxy or ProxyRoute.from_environment()).for_url(url)
        http = cls._http_for(clock, via)
        asked_at = time.time()
        try:
            session = await GoTrue(http, url, anon_key).refresh(refresh_token)
        except Exception as exc:
            await _close_http(http)
            raise map_error(exc, url) from exc
        account = cls(url, anon_key, http, _tokens(session, asked_at), clock)
        account.proxy = via
        return account

    def access_token(self) -> str:
        return self.tokens.access_token

    def user_id(self) -> str:
        return self.tokens.user_id

    @property
    def account_key(self) -> str:
        return f"{self.url}#{self.tokens.user_id}"

    def expires_in(self, now: float | None = None) -> float:
        return self.tokens.expires_at - (time.time() if now is None else now)

    @property
    def refresh_margin(self) -> float:
        """How long before expiry the access token is renewed (seconds)."""
        return min(REFRESH_MARGIN, self.tokens.lifetime * REFRESH_SHARE)

    def refresh_due_in(self, now: float | None = None) -> float:
        """Seconds until the access token should be renewed (negative: overdue)."""
        return self.expires_in(now) - self.refresh_margin

    def refresh_wait(self) -> float:
        """Seconds before Auth may be asked for a refresh again (after a 429), else 0."""
        return max(0.0, self._refresh_not_before - time.monotonic())

    async def refresh(self) -> Tokens:
        async with self._refreshing:
            return await self._refresh()

    async def _refresh(self) -> Tokens:
        wait = self.refresh_wait()
        if wait > 0:  # asking now would only count against the limit again
            raise UserError(ErrorCode.RATE_LIMITED, retry_after=math.ceil(wait))
        self.refreshes += 1
        asked_at = time.time()
        try:
            session = await self._auth.refresh(self.tokens.refresh_token)
        except Exception as exc:
            error = map_error(exc, self.url)
            if error.code == ErrorCode.RATE_LIMITED:
                self._hold_refreshes()
                error = UserError(
                    ErrorCode.RATE_LIMITED, retry_after=math.ceil(self.refresh_wait())
                )
            raise error from exc
        self._rate_limited = 0
        self.tokens = _tokens(session, asked_at)
        self._rest.auth(self.tokens.access_token)
        log.info("session refreshed; valid for %.0f s", self.expires_in())
        if self.on_refresh_token is not None:
            await self.on_refresh_token(self.tokens)
        for listener in list(self.token_listeners):
            listener(self.tokens.access_token)
        return self.tokens

    def _hold_refreshes(self) -> None:
        told = self.server_time.retry_after
        self.server_time.retry_after = None
        backoff = RATE_LIMIT_FIRST_WAIT * 2 ** min(self._rate_limited, 8)
        wait = told if told is not None else min(RATE_LIMIT_MAX_WAIT, backoff)
        self._rate_limited += 1
        self._refresh_not_before = time.monotonic() + wait
        log.warning("Auth refused the refresh (HTTP 429, rate limit); next try in %.0f s", wait)

    async def refresh_rejected(self, access_token: str) -> None:
        """The server refused `access_token` as expired (its clock may be ahead of what the
        token's `expires_in` let us expect): refresh once, unless a refresh already replaced
        it. Never a reason to sign out; callers pace repeated refusals with their backoff."""
        async with self._refreshing:
            if self.tokens.access_token != access_token:
                return
            log.info("the server refused the access token as expired; refreshing it")
            await self._refresh()

    async def refresh_if_expiring(self, margin: float | None = None) -> bool:
        """Refresh when the access token expires within `margin` (default: `refresh_margin`).
        Waits for a refresh already under way instead of spending the refresh token twice."""
        async with self._refreshing:
            if self.expires_in() > (self.refresh_margin if margin is None else margin):
                return False
            await self._refresh()
            return True

    async def sign_out(self) -> None:
        try:
            await self._auth.logout(self.tokens.access_token)
        except Exception as exc:  # signing out locally must work even if the server is gone
            log.warning("server-side sign-out failed: %s", type(exc).__name__)

    async def close(self) -> None:
        if self.on_close is not None:
            await self.on_close()
        await _close_http(self._http)


async def _close_http(http: httpx.AsyncClient) -> None:
    try:
        await http.aclose()
    except Exception:  # closing is best effort
        log.debug("closing the HTTP client failed", exc_info=True)
