"""GoTrue subset of the stand-in, through the unmodified supabase_auth client."""

from __future__ import annotations

import httpx
import jwt
import pytest
from supabase_auth.errors import AuthApiError

from tests.devstack.conftest import Standin, client, run, signed_in

# The client libraries warn about their own deprecated internals.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_password_grant_and_wrong_password(standin: Standin) -> None:
    info = standin.info

    async def body() -> None:
        sb = await signed_in(standin, info["email"], info["password"])
        session = await sb.auth.get_session()
        assert session is not None and session.user.id == info["user_id"]
        claims = jwt.decode(session.access_token, options={"verify_signature": False})
        assert claims["role"] == "authenticated" and claims["aud"] == "authenticated"
        assert claims["sub"] == info["user_id"] and claims["session_id"]
        user = await sb.auth.get_user()
        assert user is not None and user.user.email == info["email"]
        other = await client(standin)
        with pytest.raises(AuthApiError) as err:
            await other.auth.sign_in_with_password({"email": info["email"], "password": "bad"})
        assert err.value.code == "invalid_credentials" and err.value.status == 400

    run(body())


def test_refresh_tokens_rotate_and_logout_revokes(standin: Standin) -> None:
    info = standin.info
    headers = {"apikey": info["anon_key"]}
    url = f"{standin.url}/auth/v1/token"

    async def body() -> None:
        sb = await signed_in(standin, info["email"], info["password"])
        first = await sb.auth.get_session()
        assert first is not None
        renewed = await sb.auth.refresh_session()
        assert renewed.session is not None
        assert renewed.session.refresh_token != first.refresh_token
        reuse = httpx.post(
            url,
            params={"grant_type": "refresh_token"},
            json={"refresh_token": first.refresh_token},
            headers=headers,
        )
        # The parent of the active token (an answer the client lost): the active one again.
        assert reuse.status_code == 200
        assert reuse.json()["refresh_token"] == renewed.session.refresh_token
        assert reuse.headers["X-Supabase-Api-Version"] == "2024-01-01"
        access = renewed.session.access_token
        await sb.auth.sign_out()
        after = httpx.get(
            f"{standin.url}/auth/v1/user",
            headers={**headers, "Authorization": f"Bearer {access}"},
        )
        assert after.status_code == 403 and after.json()["code"] == "session_not_found"
        gone = httpx.post(
            url,
            params={"grant_type": "refresh_token"},
            json={"refresh_token": renewed.session.refresh_token},
            headers=headers,
        )
        assert gone.json()["code"] == "refresh_token_not_found"

    run(body())
