"""One signed-in Supabase account: Auth and PostgREST through the real `supabase` client.

Owns the session tokens. The library's own auto-refresh timer is off: the supervisor decides
when to refresh (before a rejoin, ahead of expiry), and every rotated refresh token is handed
to `on_refresh_token` so it reaches the keyring before the old one stops working. Refreshes are
serialised: a refresh token is single use, so two concurrent refreshes would sign us out.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from supabase import AsyncClient, AsyncClientOptions, acreate_client

from desktop_notifier.events import JSONValue
from desktop_notifier.sync.errors import map_error
from desktop_notifier.sync.postgrest_rows import execute_rows
from desktop_notifier.sync.redirects import http_client
from desktop_notifier.sync.urls import check_url

log = logging.getLogger(__name__)
REQUEST_TIMEOUT = 15.0
REFRESH_MARGIN = 60.0  # refresh when the access token expires within a minute…
REFRESH_SHARE = 0.5  # …or, for short-lived tokens, when half of its lifetime is left
Row = dict[str, JSONValue]


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str
    expires_at: float  # epoch seconds
    user_id: str
    email: str
    lifetime: float = 3600.0  # seconds the access token was issued for


def _tokens(response: Any) -> Tokens:
    session = response.session
    if session is None:
        raise RuntimeError("the server returned no session")
    lifetime = float(session.expires_in or 3600)
    expires_at = session.expires_at or (time.time() + lifetime)
    return Tokens(
        access_token=session.access_token,
        refresh_token=session.refresh_token,
        expires_at=float(expires_at),
        user_id=str(session.user.id),
        email=str(session.user.email or ""),
        lifetime=lifetime,
    )


class Account:
    """Use `Account.sign_in(...)` or `Account.restore(...)`; `close()` when done."""

    def __init__(self, url: str, anon_key: str, client: AsyncClient, tokens: Tokens) -> None:
        self.url = url
        self.anon_key = anon_key
        self._client = client
        self.tokens = tokens
        self.on_refresh_token: Callable[[Tokens], Awaitable[None]] | None = None
        self._refreshing = asyncio.Lock()

    @staticmethod
    async def _client_for(url: str, anon_key: str) -> AsyncClient:
        options = AsyncClientOptions(
            auto_refresh_token=False,
            persist_session=False,
            httpx_client=http_client(REQUEST_TIMEOUT),  # same-origin redirects only
            postgrest_client_retry=False,  # one owner of retries: the supervisor
        )
        try:
            return await acreate_client(url, anon_key, options=options)
        except Exception as exc:
            raise map_error(exc, url) from exc

    @classmethod
    async def sign_in(
        cls,
        url: str,
        anon_key: str,
        email: str,
        password: str,
        *,
        allow_insecure_http: bool = False,
    ) -> Account:
        url = check_url(url, allow_insecure_http=allow_insecure_http)
        client = await cls._client_for(url, anon_key)
        try:
            response = await client.auth.sign_in_with_password(
                {"email": email, "password": password}
            )
        except Exception as exc:
            await _close_http(client)
            raise map_error(exc, url) from exc
        account = cls(url, anon_key, client, _tokens(response))
        log.info("signed in to %s as %s", url, account.tokens.email)
        return account

    @classmethod
    async def restore(
        cls, url: str, anon_key: str, refresh_token: str, *, allow_insecure_http: bool = False
    ) -> Account:
        """A new session from a stored refresh token (which the server then rotates)."""
        url = check_url(url, allow_insecure_http=allow_insecure_http)
        client = await cls._client_for(url, anon_key)
        try:
            response = await client.auth.refresh_session(refresh_token)
        except Exception as exc:
            await _close_http(client)
            raise map_error(exc, url) from exc
        return cls(url, anon_key, client, _tokens(response))

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

    async def refresh(self) -> Tokens:
        async with self._refreshing:
            return await self._refresh()

    async def _refresh(self) -> Tokens:
        try:
            response = await self._client.auth.refresh_session(self.tokens.refresh_token)
        except Exception as exc:
            raise map_error(exc, self.url) from exc
        self.tokens = _tokens(response)
        log.info("session refreshed; valid for %.0f s", self.expires_in())
        if self.on_refresh_token is not None:
            await self.on_refresh_token(self.tokens)
        return self.tokens

    async def refresh_if_expiring(self, margin: float | None = None) -> bool:
        """Refresh when the access token expires within `margin` (default: `refresh_margin`).
        Waits for a refresh already under way instead of spending the refresh token twice."""
        async with self._refreshing:
            if self.expires_in() > (self.refresh_margin if margin is None else margin):
                return False
            await self._refresh()
            return True

    # --- PostgREST ---------------------------------------------------------------------

    async def _select(self, build: Callable[[Any], Any]) -> list[Row]:
        try:  # decoded depth-safely: a deeply nested jsonb row cannot fail the whole page
            return await execute_rows(build(self._client.table("calls").select("*")))
        except Exception as exc:
            raise map_error(exc, self.url) from exc

    async def fetch_call(self, call_id: str) -> Row | None:
        rows = await self._select(lambda q: q.eq("id", call_id).limit(1))
        return rows[0] if rows else None

    async def rows_at(self, stamp: str, after_id: str, limit: int) -> list[Row]:
        """Rows whose updated_at equals `stamp`, with id after `after_id`, by id."""

        def build(query: Any) -> Any:
            query = query.eq("updated_at", stamp)
            if after_id:
                query = query.gt("id", after_id)
            return query.order("id").limit(limit)

        return await self._select(build)

    async def rows_after(self, stamp: str | None, limit: int) -> list[Row]:
        """Rows updated after `stamp` (all rows if None), by (updated_at, id)."""

        def build(query: Any) -> Any:
            if stamp is not None:
                query = query.gt("updated_at", stamp)
            return query.order("updated_at").order("id").limit(limit)

        return await self._select(build)

    async def sign_out(self) -> None:
        try:
            await self._client.auth.sign_out()
        except Exception as exc:  # signing out locally must work even if the server is gone
            log.warning("server-side sign-out failed: %s", type(exc).__name__)

    async def close(self) -> None:
        await _close_http(self._client)


async def _close_http(client: AsyncClient) -> None:
    http = client.options.httpx_client
    try:
        if http is not None:
            await http.aclose()
    except Exception:  # closing is best effort
        log.debug("closing the HTTP client failed", exc_info=True)
