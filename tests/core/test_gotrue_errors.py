"""Auth's answers to the app's own token requests (sync/gotrue.py) mean what the library's
errors meant: a wrong password, a used refresh token, Auth's rate limit, a gateway that could
not reach Auth, and a session answer without a session."""

from __future__ import annotations

import httpx
import pytest

from desktop_notifier.common.errors import describe
from desktop_notifier.sync.errors import is_retryable, map_error
from desktop_notifier.sync.gotrue import AuthRefused, AuthUnavailable, refusal, session_from

URL = "https://xyz.supabase.co"


def answer(status: int, body: object = None, text: str | None = None) -> httpx.Response:
    request = httpx.Request("POST", f"{URL}/auth/v1/token")
    if text is not None:
        return httpx.Response(status, text=text, request=request)
    return httpx.Response(status, json=body, request=request)


def test_wrong_password_is_one_sentence() -> None:
    body = {"code": "invalid_credentials", "msg": "Invalid login credentials"}
    error = map_error(refusal(answer(400, body)), URL)
    assert error.code == "wrong_credentials" and not is_retryable(error)


def test_old_api_error_code_field_is_read() -> None:
    body = {"error_code": "refresh_token_already_used", "msg": "Already Used"}
    refused = refusal(answer(400, body))
    assert isinstance(refused, AuthRefused) and refused.code == "refresh_token_already_used"
    error = map_error(refused, URL)
    assert error.code == "session_expired"
    assert "Entre novamente" in describe(error, "pt_BR")


def test_rate_limit_is_waited_out() -> None:
    body = {"code": "over_request_rate_limit", "msg": "Request rate limit reached"}
    error = map_error(refusal(answer(429, body)), URL)
    assert error.code == "rate_limited" and is_retryable(error)


def test_a_gateway_without_auth_is_unreachable_not_a_sign_out() -> None:
    for status in (502, 503, 504, 522):
        refused = refusal(answer(status, text="<html>bad gateway</html>"))
        assert isinstance(refused, AuthUnavailable)
        error = map_error(refused, URL)
        assert error.code == "unreachable" and is_retryable(error)


def test_a_bad_api_key_is_told_as_such() -> None:
    body = {"message": "Invalid API key"}
    assert map_error(refusal(answer(401, body)), URL).code == "bad_anon_key"


def test_a_session_answer_is_read_and_an_empty_one_refused() -> None:
    session = session_from(
        {
            "access_token": "a",
            "refresh_token": "r",
            "expires_in": 120,
            "user": {"id": "u1", "email": "ana@example.com"},
        }
    )
    assert (session.access_token, session.refresh_token, session.expires_in) == ("a", "r", 120)
    assert (session.user_id, session.email) == ("u1", "ana@example.com")
    with pytest.raises(RuntimeError):
        session_from({"user": {"id": "u1"}})
