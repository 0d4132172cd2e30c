"""What the servers' token refusals mean to the app: Auth's 429 and PostgREST's PGRST303 are
waited out or renewed, never a sign-out; a reused refresh token is "Entre novamente"; and the
server's clock and `Retry-After` are read from its responses."""

from __future__ import annotations

import time
from email.utils import formatdate

import httpx
from postgrest.exceptions import APIError
from supabase_auth.errors import AuthApiError

from desktop_notifier.common.errors import describe
from desktop_notifier.sync.errors import is_jwt_expired, is_retryable, map_error
from desktop_notifier.sync.server_time import ServerTime

URL = "https://xyz.supabase.co"


def test_auth_429_is_waited_out() -> None:
    error = map_error(
        AuthApiError("Request rate limit reached", 429, "over_request_rate_limit"), URL
    )
    assert error.code == "rate_limited" and is_retryable(error)
    assert "HTTP 429" in describe(error, "pt_BR")


def test_an_expired_jwt_is_renewed_not_a_sign_out() -> None:
    expired = APIError(
        {"code": "PGRST303", "message": "JWT expired", "details": None, "hint": None}
    )
    assert is_jwt_expired(expired)
    error = map_error(expired, URL)
    assert error.code == "server_error" and is_retryable(error)
    other = APIError(
        {"code": "42501", "message": "permission denied", "details": None, "hint": None}
    )
    assert not is_jwt_expired(other)


def test_a_reused_refresh_token_means_sign_in_again() -> None:
    used = AuthApiError(
        "Invalid Refresh Token: Already Used",
        400,
        "refresh_token_already_used",  # type: ignore[arg-type]  # newer GoTrue code
    )
    error = map_error(used, URL)
    assert error.code == "session_expired" and not is_retryable(error)
    assert "Entre novamente" in describe(error, "pt_BR")


def test_server_time_reads_date_and_retry_after() -> None:
    clock = ServerTime()
    request = httpx.Request("POST", URL)
    ahead = formatdate(time.time() + 3600, usegmt=True)
    clock.observe(httpx.Response(200, headers={"Date": ahead}, request=request))
    assert clock.offset is not None and abs(clock.offset - 3600) < 3
    assert clock.retry_after is None
    clock.observe(httpx.Response(429, headers={"Retry-After": "42"}, request=request))
    assert clock.retry_after == 42
    clock.observe(httpx.Response(429, headers={"Retry-After": "soon"}, request=request))
    assert clock.retry_after is None  # unreadable: the app's own pause applies
