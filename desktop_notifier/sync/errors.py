"""The one place that decides what a failure from the client libraries means: a sentence for
the user (`UserError`), whether trying again later can help (`is_retryable`) and whether the
user must fix something in the project or the settings first (`needs_attention`)."""

from __future__ import annotations

import logging
import sys

import httpx
from postgrest.exceptions import APIError

from desktop_notifier.common.errors import ErrorCode, UserError
from desktop_notifier.sync.gotrue import AuthRefused, AuthUnavailable
from desktop_notifier.sync.realtime_link import JoinRefused, UpgradeRefused
from desktop_notifier.sync.redirects import is_proxy_auth_refusal

log = logging.getLogger(__name__)

RETRYABLE = frozenset(
    {
        ErrorCode.UNREACHABLE,
        ErrorCode.SERVER_ERROR,
        ErrorCode.RATE_LIMITED,
        ErrorCode.CHANNEL_REFUSED,
    }
)
# The server answers, but refuses us until someone changes the key or the project's settings:
# retried slowly (it may also be the server's hiccup), told as a problem to fix.
NEEDS_ATTENTION = frozenset(
    {
        ErrorCode.BAD_ANON_KEY,
        ErrorCode.REALTIME_DISABLED,
        ErrorCode.PRIVATE_CHANNELS_ONLY,
        ErrorCode.ABLY_NOT_SET_UP,
        ErrorCode.ABLY_CHANNEL_DENIED,
        ErrorCode.PROXY_AUTH,
    }
)
# GoTrue codes of a browser sign-in that cannot complete (internal/api/token.go PKCE,
# external.go): start it again.
BROWSER_FLOW_FAILED = frozenset(
    {
        "flow_state_not_found",
        "flow_state_expired",
        "flow_state_already_used",
        "bad_code_verifier",
        "bad_oauth_state",
        "bad_oauth_callback",
    }
)
# GoTrue codes meaning "this refresh token / session is gone": sign in again.
SESSION_GONE = frozenset(
    {
        "refresh_token_not_found",
        "refresh_token_already_used",
        "session_not_found",
        "session_expired",
        "user_not_found",
        "bad_jwt",
    }
)


def is_retryable(error: UserError) -> bool:
    return error.code in RETRYABLE


def needs_attention(error: UserError) -> bool:
    return error.code in NEEDS_ATTENTION


def _refused_upgrade(exc: UpgradeRefused) -> UserError:
    """user_socket.ex `error_response/1`: what each upgrade status means for us."""
    if exc.status == 401:  # the anon key (the upgrade carries no user token)
        return UserError(ErrorCode.BAD_ANON_KEY)
    if exc.status == 403:
        return UserError(ErrorCode.REALTIME_DISABLED)
    if exc.status == 429:
        return UserError(ErrorCode.RATE_LIMITED, retry_after=exc.retry_after)
    return UserError(ErrorCode.SERVER_ERROR, detail=f"HTTP {exc.status}")


def _refused_join(exc: JoinRefused) -> UserError:
    if exc.code == "PrivateOnly":
        return UserError(ErrorCode.PRIVATE_CHANNELS_ONLY)
    if exc.code == "AblyTokenEndpoint":  # sync/ably_link: the project's ably-token is missing
        return UserError(ErrorCode.ABLY_NOT_SET_UP)
    if exc.code == "AblyCapability":  # Ably 40160 at attach
        return UserError(ErrorCode.ABLY_CHANNEL_DENIED, detail=exc.reason)
    return UserError(ErrorCode.CHANNEL_REFUSED, detail=exc.reason)


def is_jwt_expired(exc: BaseException) -> bool:
    """PostgREST refused the access token as expired (PGRST303, 30 s after `exp` on its clock):
    a refresh and a retry fix it; the session itself is fine."""
    if not isinstance(exc, APIError):
        return False
    return str(exc.code or "") == "PGRST303" or "jwt expired" in str(exc.message or "").lower()


def _is_api_key_problem(status: int | None, message: str) -> bool:
    return status == 401 and ("api key" in message.lower() or "apikey" in message.lower())


def _proxy_auth_inside(exc: BaseException) -> UserError | None:
    """The client libraries wrap transport errors (supabase_auth's retryable error, postgrest's
    API error): a 407 from the proxy, or our own `proxy_auth`, may be the cause."""
    seen = 0
    cause = exc.__cause__ or exc.__context__
    while cause is not None and seen < 5:
        if isinstance(cause, UserError) and cause.code is ErrorCode.PROXY_AUTH:
            return cause
        if is_proxy_auth_refusal(cause):
            return UserError(ErrorCode.PROXY_AUTH)
        cause, seen = cause.__cause__ or cause.__context__, seen + 1
    return None


def _auth_kind(exc: BaseException) -> str | None:
    """ "refused", "unavailable" or "no_session" for an Auth failure, ours (`sync/gotrue.py`)
    or the `supabase_auth` library's (e-mailing a code uses it). The library is looked up only
    once something imported it: nothing can have raised its errors before."""
    if isinstance(exc, AuthRefused):
        return "refused"
    if isinstance(exc, AuthUnavailable):
        return "unavailable"
    library = sys.modules.get("supabase_auth.errors")
    if library is None:
        return None
    if isinstance(exc, library.AuthApiError):
        return "refused"
    if isinstance(exc, library.AuthSessionMissingError):
        return "no_session"
    if isinstance(exc, library.AuthRetryableError):
        return "unavailable"
    return None


def _auth_refused(status: int, code: str, message: str) -> UserError:
    if code == "invalid_credentials" or (status == 400 and "invalid login" in message.lower()):
        return UserError(ErrorCode.WRONG_CREDENTIALS)
    if _is_api_key_problem(status, message):
        return UserError(ErrorCode.BAD_ANON_KEY)
    if code == "otp_expired":  # verify.go: wrong and expired codes answer alike
        return UserError(ErrorCode.CODE_INVALID)
    if code in ("otp_disabled", "signup_disabled"):  # otp.go: no such user, no sign-ups
        return UserError(ErrorCode.NO_ACCOUNT)
    if code in BROWSER_FLOW_FAILED:
        return UserError(ErrorCode.BROWSER_SIGN_IN_FAILED, detail=code)
    if status == 429 or code == "over_request_rate_limit":
        return UserError(ErrorCode.RATE_LIMITED)
    if code in SESSION_GONE or "refresh token" in message.lower():
        return UserError(ErrorCode.SESSION_EXPIRED)
    if status >= 500:
        return UserError(ErrorCode.SERVER_ERROR, detail=f"HTTP {status}")
    return UserError(ErrorCode.SERVER_ERROR, detail=code or f"HTTP {status}")


def map_error(exc: BaseException, url: str) -> UserError:
    """Map an exception from supabase/postgrest/auth/httpx/websockets to a `UserError`."""
    if isinstance(exc, UserError):
        return exc
    if is_proxy_auth_refusal(exc):
        return UserError(ErrorCode.PROXY_AUTH)
    if (wrapped := _proxy_auth_inside(exc)) is not None:
        return wrapped
    kind = _auth_kind(exc)
    if kind == "refused":
        status, code = int(getattr(exc, "status", 0) or 0), str(getattr(exc, "code", "") or "")
        return _auth_refused(status, code, str(getattr(exc, "message", "") or ""))
    if kind == "no_session":
        return UserError(ErrorCode.SESSION_EXPIRED)
    if kind == "unavailable":
        return UserError(ErrorCode.UNREACHABLE, url=url)
    if isinstance(exc, APIError):
        code = str(exc.code or "")
        message = str(exc.message or "")
        if _is_api_key_problem(401 if code in ("401", "") else None, message):
            return UserError(ErrorCode.BAD_ANON_KEY)
        if is_jwt_expired(exc):  # still expired after one refresh: retry later, never sign out
            return UserError(ErrorCode.SERVER_ERROR, detail="PGRST303 JWT expired")
        return UserError(ErrorCode.SERVER_ERROR, detail=code or "PostgREST")
    if isinstance(exc, UpgradeRefused):
        return _refused_upgrade(exc)
    if isinstance(exc, JoinRefused):
        return _refused_join(exc)
    if isinstance(exc, httpx.TransportError | OSError | TimeoutError):
        return UserError(ErrorCode.UNREACHABLE, url=url)
    name = type(exc).__name__
    if name == "SupabaseException":
        return UserError(ErrorCode.BAD_URL)
    if "InvalidStatus" in name and "401" in str(exc):
        return UserError(ErrorCode.BAD_ANON_KEY)
    if "websockets" in type(exc).__module__ or "ConnectionClosed" in name:
        return UserError(ErrorCode.UNREACHABLE, url=url)
    log.warning("unexpected error type %s mapped to a server error", name)
    return UserError(ErrorCode.SERVER_ERROR, detail=name)
