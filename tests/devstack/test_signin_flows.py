"""Browser (OAuth + PKCE) and e-mail code sign-ins of the stand-in, as Supabase Auth answers
them, through the unmodified supabase_auth client where it has a call for it."""

from __future__ import annotations

import base64
import hashlib
import secrets
import urllib.parse

import httpx
import pytest
from supabase_auth.errors import AuthApiError

from tests.devstack.conftest import Standin, client, run
from tests.support.browser import sign_in_at_provider

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _authorize(standin: Standin, challenge: str, redirect_to: str, provider: str = "google") -> str:
    query = {
        "provider": provider,
        "redirect_to": redirect_to,
        "code_challenge": challenge,
        "code_challenge_method": "s256",
    }
    return f"{standin.url}/auth/v1/authorize?{urllib.parse.urlencode(query)}"


def _code_from_browser(standin: Standin, challenge: str, email: str) -> str:
    """Play the browser up to the redirect to the app, and return the code it carries."""
    redirect_to = "calls-notifier://auth-callback"

    async def body() -> str:
        try:
            await sign_in_at_provider(_authorize(standin, challenge, redirect_to), email)
        except httpx.UnsupportedProtocol as exc:  # the browser would now hand it to the app
            url = str(exc.request.url)
            assert url.startswith(redirect_to), url
            return urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["code"][0]
        raise AssertionError("the browser was never sent back to the app")

    return str(run(body()))


def test_settings_list_the_enabled_providers(standin: Standin) -> None:
    answer = httpx.get(
        f"{standin.url}/auth/v1/settings", headers={"apikey": standin.info["anon_key"]}
    )
    external = answer.json()["external"]
    assert external["google"] is True and external["azure"] is True
    assert external["github"] is False and external["email"] is True
    assert httpx.get(f"{standin.url}/auth/v1/settings").status_code == 401


def test_a_pkce_code_signs_in_once_and_only_with_its_verifier(standin: Standin) -> None:
    verifier, challenge = _pkce()
    code = _code_from_browser(standin, challenge, "sso.user@example.com")
    token = f"{standin.url}/auth/v1/token"
    headers = {"apikey": standin.info["anon_key"]}

    wrong = httpx.post(
        token,
        params={"grant_type": "pkce"},
        json={"auth_code": code, "code_verifier": verifier[::-1]},
        headers=headers,
    )
    assert wrong.status_code == 403 and wrong.json()["code"] == "bad_code_verifier"

    verifier, challenge = _pkce()
    code = _code_from_browser(standin, challenge, "sso.user@example.com")

    async def body() -> None:
        sb = await client(standin)
        answer = await sb.auth.exchange_code_for_session(
            {"auth_code": code, "code_verifier": verifier, "redirect_to": ""}
        )
        assert answer.session is not None and answer.user is not None
        assert answer.user.email == "sso.user@example.com"
        with pytest.raises(AuthApiError) as again:
            await sb.auth.exchange_code_for_session(
                {"auth_code": code, "code_verifier": verifier, "redirect_to": ""}
            )
        assert again.value.code == "flow_state_not_found"

    run(body())


def test_authorize_refuses_a_disabled_provider_and_a_missing_challenge(standin: Standin) -> None:
    _, challenge = _pkce()
    redirect = "http://127.0.0.1:5000/callback"
    off = httpx.get(_authorize(standin, challenge, redirect, provider="github"))
    assert off.status_code == 400 and "Unsupported provider" in off.json()["message"]
    bare = httpx.get(f"{standin.url}/auth/v1/authorize?provider=google")
    assert bare.status_code == 400
    sent = httpx.get(_authorize(standin, challenge, redirect))
    assert sent.status_code == 302 and "/_provider/google/authorize?" in sent.headers["location"]


def _code_in_mailbox(standin: Standin, email: str) -> str:
    mails = standin.admin("GET", f"mailbox?to={urllib.parse.quote(email)}")
    assert mails, f"no e-mail to {email}"
    return str(mails[-1]["code"])


def test_an_emailed_code_signs_in_and_a_wrong_or_old_one_does_not(standin: Standin) -> None:
    email = standin.info["email"]

    async def body() -> None:
        sb = await client(standin)
        await sb.auth.sign_in_with_otp({"email": email, "options": {"should_create_user": False}})
        code = _code_in_mailbox(standin, email)
        assert len(code) == 6 and code.isdigit()
        wrong = "000000" if code != "000000" else "111111"
        with pytest.raises(AuthApiError) as refused:
            await sb.auth.verify_otp({"email": email, "token": wrong, "type": "email"})
        assert (refused.value.code, refused.value.status) == ("otp_expired", 403)
        answer = await sb.auth.verify_otp({"email": email, "token": code, "type": "email"})
        assert answer.session is not None and answer.user is not None
        assert answer.user.id == standin.info["user_id"]
        with pytest.raises(AuthApiError):  # used once
            await sb.auth.verify_otp({"email": email, "token": code, "type": "email"})

        await sb.auth.sign_in_with_otp({"email": email, "options": {"should_create_user": False}})
        code = _code_in_mailbox(standin, email)
        standin.admin("POST", "clock?offset=3700")  # past the 3600 s of Supabase's default
        try:
            with pytest.raises(AuthApiError) as old:
                await sb.auth.verify_otp({"email": email, "token": code, "type": "email"})
        finally:
            standin.admin("POST", "clock?offset=0")
        assert old.value.code == "otp_expired"

        with pytest.raises(AuthApiError) as nobody:
            await sb.auth.sign_in_with_otp(
                {"email": "nobody@example.com", "options": {"should_create_user": False}}
            )
        assert nobody.value.code == "otp_disabled"

    run(body())
