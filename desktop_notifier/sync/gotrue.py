"""Supabase Auth (GoTrue) requests that start, renew and end a session, over the app's httpx.

After sign-in the app needs one request of Auth an hour: the refresh-token grant. Importing
`supabase_auth` for it costs about 5 MB resident for the app's whole life (its pydantic models
and PyJWT), so the token grants and the logout are sent here, as the library sends them
(supabase_auth/_async/gotrue_client.py: `sign_in_with_password`, `_refresh_access_token`,
`exchange_code_for_session`, `verify_otp`, `sign_out`; gotrue_base_api.py `_request`), and
their failures become the same kinds the library raises (helpers.py `handle_exception`):
`AuthRefused` is its `AuthApiError`, `AuthUnavailable` its `AuthRetryableError`. Asking Auth
to e-mail a code (`sync/otp.py`) still goes through the library, imported when used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

API_VERSION = {"X-Supabase-Api-Version": "2024-01-01"}
# helpers.py `handle_exception`: statuses that mean the server was not reached.
NETWORK_STATUSES = frozenset({502, 503, 504, 520, 521, 522, 523, 524, 530})


class AuthRefused(Exception):
    """Auth answered with an error (the library's `AuthApiError`)."""

    def __init__(self, message: str, status: int, code: str | None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code


class AuthUnavailable(Exception):
    """Auth could not be reached, or a gateway said so (the library's `AuthRetryableError`)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Session:
    """What the app keeps of Auth's session answer."""

    access_token: str
    refresh_token: str
    expires_in: float
    user_id: str
    email: str


def error_message(data: Any) -> str:
    """helpers.py `get_error_message`: the first of GoTrue's message fields present."""
    if isinstance(data, dict):
        for prop in ("msg", "message", "error_description", "error"):
            if prop in data:
                return str(data[prop])
    return str(data)


def refusal(response: httpx.Response) -> Exception:
    """The error an unsuccessful answer means (helpers.py `handle_exception`)."""
    status = response.status_code
    try:
        data = response.json()
    except ValueError:
        if status in NETWORK_STATUSES:
            return AuthUnavailable(response.reason_phrase or f"HTTP {status}", status)
        return AuthRefused(response.text[:200] or f"HTTP {status}", status, None)
    if status in NETWORK_STATUSES:
        return AuthUnavailable(error_message(data), status)
    code = None
    if isinstance(data, dict):
        for key in ("code", "error_code"):  # 2024-01-01 API: `code`; before it: `error_code`
            if isinstance(data.get(key), str):
                code = data[key]
                break
    return AuthRefused(error_message(data), status or 500, code)


def session_from(data: Any) -> Session:
    """The session in a token or verify answer; RuntimeError when it holds none."""
    if not isinstance(data, dict) or not data.get("access_token"):
        raise RuntimeError("the server returned no session")
    user = data.get("user") if isinstance(data.get("user"), dict) else {}
    assert isinstance(user, dict)
    return Session(
        access_token=str(data["access_token"]),
        refresh_token=str(data.get("refresh_token") or ""),
        expires_in=float(data.get("expires_in") or 3600),
        user_id=str(user.get("id") or ""),
        email=str(user.get("email") or ""),
    )


class GoTrue:
    """Auth at `{url}/auth/v1`, through `http` (the account's client: its proxy, its redirect
    rule and its server-clock hook)."""

    def __init__(self, http: httpx.AsyncClient, url: str, anon_key: str) -> None:
        self._http = http
        self._base = f"{url}/auth/v1"
        self._anon_key = anon_key

    async def _post(
        self, path: str, body: dict[str, Any] | None, *, jwt: str | None = None, **query: str
    ) -> httpx.Response:
        headers = {
            "apikey": self._anon_key,
            "Authorization": f"Bearer {jwt or self._anon_key}",
            **API_VERSION,
        }
        try:
            response = await self._http.post(
                f"{self._base}/{path}", headers=headers, params=query, json=body
            )
        except httpx.RequestError as exc:
            raise AuthUnavailable(str(exc) or type(exc).__name__, 0) from exc
        if not response.is_success:
            raise refusal(response)
        return response

    async def _grant(self, grant_type: str, body: dict[str, Any], **query: str) -> Session:
        response = await self._post("token", body, grant_type=grant_type, **query)
        return session_from(response.json())

    async def password(self, email: str, password: str) -> Session:
        body = {"email": email, "password": password, "data": {}}
        return await self._grant("password", {**body, "gotrue_meta_security": {}})

    async def refresh(self, refresh_token: str) -> Session:
        return await self._grant("refresh_token", {"refresh_token": refresh_token})

    async def pkce(self, auth_code: str, code_verifier: str, redirect_to: str) -> Session:
        body = {"auth_code": auth_code, "code_verifier": code_verifier}
        return await self._grant("pkce", body, redirect_to=redirect_to)

    async def verify_email_code(self, email: str, token: str) -> Session:
        body = {"email": email, "token": token, "type": "email", "gotrue_meta_security": {}}
        response = await self._post("verify", body)
        return session_from(response.json())

    async def logout(self, access_token: str) -> None:
        """Revoke every session of the user (the library's default `global` scope); a 401,
        403 or 404 means it is already gone."""
        try:
            await self._post("logout", None, jwt=access_token, scope="global")
        except AuthRefused as exc:
            if exc.status not in (401, 403, 404):
                raise
