"""The one fatal-vs-retry decision (`sync/errors.map_error`, then the supervisor's `judge`), as a
table: every kind of exception the client libraries raise, built from their real classes, and
what the app makes of it. RETRY: try again with the backoff (OFFLINE); ATTENTION: the user must
fix the key or the project, retried slowly; FATAL: no retry, the user must act (sign in again,
fix the address or the password)."""

from __future__ import annotations

import httpx
import pytest
from postgrest.exceptions import APIError
from supabase import SupabaseException
from supabase_auth.errors import (
    AuthApiError,
    AuthRetryableError,
    AuthSessionMissingError,
    AuthUnknownError,
)
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosedError, ConnectionClosedOK, InvalidStatus
from websockets.frames import Close, CloseCode
from websockets.http11 import Response

from desktop_notifier.common.errors import UserError, describe
from desktop_notifier.connection.supervisor import ConnectionState
from desktop_notifier.connection.supervisor.verdict import judge
from desktop_notifier.sync.errors import is_retryable, map_error, needs_attention
from desktop_notifier.sync.realtime_link import JoinRefused, UpgradeRefused, upgrade_refusal

URL = "https://xyz.supabase.co"
RETRY, ATTENTION, FATAL = "retry", "attention", "fatal"
STATE = {
    RETRY: ConnectionState.OFFLINE,
    ATTENTION: ConnectionState.ATTENTION,
    FATAL: ConnectionState.SIGNED_OUT,
}
REQUEST = httpx.Request("POST", f"{URL}/auth/v1/token")


def api_error(code: str | None, message: str) -> APIError:
    """PostgREST's error body as postgrest-py raises it (`APIError(response.json())`)."""
    return APIError({"code": code, "message": message, "details": None, "hint": None})


def closed(code: int, reason: str = "") -> ConnectionClosedError:
    return ConnectionClosedError(Close(code, reason), None)


def invalid_status(status: int) -> InvalidStatus:
    return InvalidStatus(Response(status, "", Headers(), b"{}"))


def refused(status: int) -> UpgradeRefused:
    """The link's reading of the websockets error for a refused upgrade."""
    refusal = upgrade_refusal(invalid_status(status))
    assert refusal is not None
    return refusal


TABLE: list[tuple[str, BaseException, str, str]] = [
    # httpx transport errors (supabase-py's REST calls, the catch-up RPC): the network.
    ("httpx connect", httpx.ConnectError("refused", request=REQUEST), "unreachable", RETRY),
    ("httpx connect timeout", httpx.ConnectTimeout("slow", request=REQUEST), "unreachable", RETRY),
    ("httpx read timeout", httpx.ReadTimeout("slow", request=REQUEST), "unreachable", RETRY),
    ("httpx pool timeout", httpx.PoolTimeout("full", request=REQUEST), "unreachable", RETRY),
    ("httpx read error", httpx.ReadError("reset", request=REQUEST), "unreachable", RETRY),
    ("httpx write error", httpx.WriteError("broken", request=REQUEST), "unreachable", RETRY),
    ("httpx protocol", httpx.RemoteProtocolError("eof", request=REQUEST), "unreachable", RETRY),
    # a proxy that wants other credentials (407) is the user's to fix; any other proxy failure
    # is a lost route like the rest
    ("httpx proxy 407", httpx.ProxyError("407", request=REQUEST), "proxy_auth", ATTENTION),
    ("httpx proxy 502", httpx.ProxyError("502", request=REQUEST), "unreachable", RETRY),
    ("OSError", ConnectionResetError(104, "reset by peer"), "unreachable", RETRY),
    ("TimeoutError", TimeoutError(), "unreachable", RETRY),
    # websockets: a socket closed by either side, whatever the close code, is a lost link.
    ("ws 1000 normal", ConnectionClosedOK(Close(CloseCode.NORMAL_CLOSURE, ""), None),
     "unreachable", RETRY),
    ("ws 1001 going away", closed(CloseCode.GOING_AWAY, "restart"), "unreachable", RETRY),
    ("ws 1006 abnormal", ConnectionClosedError(None, None), "unreachable", RETRY),
    ("ws 1009 too big", closed(CloseCode.MESSAGE_TOO_BIG), "unreachable", RETRY),
    ("ws 1011 server error", closed(CloseCode.INTERNAL_ERROR), "unreachable", RETRY),
    ("ws 1012 restart", closed(CloseCode.SERVICE_RESTART), "unreachable", RETRY),
    ("ws 4000 app close", closed(4000, "heartbeat timeout"), "unreachable", RETRY),
    # The websocket upgrade refused (user_socket.ex), read from InvalidStatus by the link.
    ("ws upgrade 401", refused(401), "bad_anon_key", ATTENTION),
    ("ws upgrade 403", refused(403), "realtime_disabled", ATTENTION),
    ("ws upgrade 404", refused(404), "server_error", RETRY),
    ("ws upgrade 429", UpgradeRefused(429, retry_after=7), "rate_limited", RETRY),
    ("ws upgrade 500", refused(500), "server_error", RETRY),
    ("ws upgrade 503", refused(503), "server_error", RETRY),
    ("ws raw 401", invalid_status(401), "bad_anon_key", ATTENTION),
    ("ws raw 500", invalid_status(500), "unreachable", RETRY),
    # The channel join refused (realtime_channel.ex).
    ("join PrivateOnly", JoinRefused("PrivateOnly: This project only allows private channels"),
     "private_channels_only", ATTENTION),
    ("join restarting", JoinRefused("RealtimeRestarting: Realtime is restarting"),
     "channel_refused", RETRY),
    # supabase_auth (GoTrue): the password, the session, the key, the rate, the server.
    ("auth invalid_credentials", AuthApiError("Invalid login credentials", 400,
     "invalid_credentials"), "wrong_credentials", FATAL),
    ("auth invalid login (old GoTrue)", AuthApiError("Invalid login credentials", 400, None),
     "wrong_credentials", FATAL),
    ("auth 401 api key", AuthApiError("Invalid API key", 401, None), "bad_anon_key", ATTENTION),
    ("auth 401 no apikey", AuthApiError("No API key found in request", 401, None),
     "bad_anon_key", ATTENTION),
    ("auth 429", AuthApiError("Request rate limit reached", 429, "over_request_rate_limit"),
     "rate_limited", RETRY),
    ("auth 429 no code", AuthApiError("Too many requests", 429, None), "rate_limited", RETRY),
    ("auth refresh token used", AuthApiError("Invalid Refresh Token: Already Used", 400,
     "refresh_token_already_used"),  # type: ignore[arg-type]  # newer GoTrue code
     "session_expired", FATAL),
    ("auth refresh token not found", AuthApiError("Invalid Refresh Token: Refresh Token Not "
     "Found", 400, "refresh_token_not_found"),  # type: ignore[arg-type]  # newer GoTrue code
     "session_expired", FATAL),
    ("auth session_not_found", AuthApiError("Session not found", 403, "session_not_found"),
     "session_expired", FATAL),
    ("auth user_not_found", AuthApiError("User not found", 404, "user_not_found"),
     "session_expired", FATAL),
    ("auth bad_jwt", AuthApiError("invalid JWT", 403, "bad_jwt"), "session_expired", FATAL),
    ("auth session missing", AuthSessionMissingError(), "session_expired", FATAL),
    ("auth 500", AuthApiError("Internal server error", 500, "unexpected_failure"),
     "server_error", RETRY),
    ("auth 503", AuthApiError("Service unavailable", 503, None), "server_error", RETRY),
    # otp.go: an e-mail code asked for an address with no account, sign-ups off
    ("auth 422 no sign-ups", AuthApiError("Signups not allowed", 422, "signup_disabled"),
     "no_account", FATAL),
    ("auth 422 other", AuthApiError("Unprocessable", 422, "validation_failed"),
     "server_error", RETRY),
    ("auth retryable (network, 502-504)", AuthRetryableError("Bad gateway", 502),
     "unreachable", RETRY),
    ("auth unknown (non-JSON body)", AuthUnknownError("<html>", httpx.ConnectError("x")),
     "server_error", RETRY),
    # PostgREST (postgrest-py APIError with the server's code).
    ("postgrest 57014 statement timeout",
     api_error("57014", "canceling statement due to statement timeout"), "server_error", RETRY),
    ("postgrest PGRST303 jwt expired", api_error("PGRST303", "JWT expired"),
     "server_error", RETRY),
    ("postgrest PGRST301 bad jwt", api_error("PGRST301", "JWSError JWSInvalidSignature"),
     "server_error", RETRY),
    ("postgrest PGRST000 db down", api_error("PGRST000", "Could not connect to the database"),
     "server_error", RETRY),
    ("postgrest 42501 denied", api_error("42501", "permission denied for table calls"),
     "server_error", RETRY),
    ("postgrest 401 api key (Kong)", api_error(None, "Invalid API key"), "bad_anon_key",
     ATTENTION),
    ("postgrest 401 code api key", api_error("401", "No API key found in request"),
     "bad_anon_key", ATTENTION),
    ("postgrest 503 non-JSON", api_error("503", "JSON could not be generated"),
     "server_error", RETRY),
    # supabase-py itself: the address it refuses before any request.
    ("supabase bad url", SupabaseException("Invalid URL"), "bad_url", FATAL),
    # Something no library documents: a server error, retried, logged.
    ("unknown", RuntimeError("surprise"), "server_error", RETRY),
]  # fmt: skip


def verdict(error: UserError) -> str:
    if is_retryable(error):
        return RETRY
    return ATTENTION if needs_attention(error) else FATAL


@pytest.mark.parametrize(
    ("exc", "code", "expected"),
    [pytest.param(exc, code, expected, id=name) for name, exc, code, expected in TABLE],
)
def test_each_library_error_has_one_code_and_one_verdict(
    exc: BaseException, code: str, expected: str
) -> None:
    error = map_error(exc, URL)
    assert (error.code, verdict(error)) == (code, expected)
    assert describe(error, "pt_BR") and describe(error, "en")  # a sentence in each language
    judged = judge(exc, URL)
    assert judged.state is STATE[expected], "the supervisor follows the same decision"


def test_a_user_error_is_kept_as_it_is() -> None:
    error = UserError("insecure_url")
    assert map_error(error, URL) is error
    assert verdict(error) == FATAL


def test_unreachable_names_the_address() -> None:
    error = map_error(httpx.ConnectError("refused", request=REQUEST), URL)
    assert URL in describe(error, "en")
