"""The API keys a desktop may hold, as a table: only an anon JWT (whose JSON repeats no key) or
a publishable key is accepted; privileged keys get the service-role sentence, the rest the
"not the anon key" one."""

from __future__ import annotations

import base64
import json

import pytest

from desktop_notifier.common.errors import UserError
from desktop_notifier.sync.keys import check_api_key

SIGNATURE = "c2lnbmF0dXJlLXZhbHVlLWhlcmU"


def b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def jwt(claims: str, header: str = '{"alg":"HS256","typ":"JWT"}') -> str:
    """A JWT with the JSON texts given verbatim (so they may repeat keys)."""
    return f"{b64(header)}.{b64(claims)}.{SIGNATURE}"


def claims(**values: object) -> str:
    return json.dumps({"iss": "supabase", "exp": 1983812996, **values})


ACCEPTED = [
    jwt(claims(role="anon")),
    "  " + jwt(claims(role="anon")) + "\n",
    "sb_publishable_3X4mPl3-k3y_0123456789",
]
PRIVILEGED = [
    jwt(claims(role="service_role")),
    jwt(claims(role="supabase_admin")),
    jwt(claims(role="postgres")),
    jwt(claims(role="supabase_auth_admin")),
    jwt(claims(role="Anon")),
    "sb_secret_0123456789abcdef",
    "SB_SECRET_0123456789abcdef",
    "Sb_Secret_0123456789abcdef",
]
REFUSED = [
    jwt('{"iss":"supabase","role":"anon","role":"service_role"}'),  # duplicate keys
    jwt('{"iss":"supabase","role":"service_role","role":"anon"}'),
    jwt(claims(role="anon"), header='{"alg":"HS256","alg":"none"}'),
    jwt(claims(role="authenticated")),  # a user's access token, not the project key
    jwt(claims()),  # no role
    jwt(claims(role=["anon"])),
    jwt('["anon"]'),
    jwt(claims(role="anon"))[:-3] + "$%&",  # not base64url
    jwt(claims(role="anon")) + ".x",
    "SB_PUBLISHABLE_0123456789abcdef",
    "sb_publishable_",
    "sb_publishable_key with spaces",
    "not-the-key",
    "",
]


@pytest.mark.parametrize("key", ACCEPTED)
def test_accepted(key: str) -> None:
    assert check_api_key(key) == key.strip()


@pytest.mark.parametrize("key", PRIVILEGED)
def test_privileged_keys_get_the_service_role_sentence(key: str) -> None:
    with pytest.raises(UserError) as caught:
        check_api_key(key)
    assert caught.value.code == "service_role_key"


@pytest.mark.parametrize("key", REFUSED)
def test_anything_else_is_not_the_anon_key(key: str) -> None:
    with pytest.raises(UserError) as caught:
        check_api_key(key)
    assert caught.value.code == "not_anon_key"
