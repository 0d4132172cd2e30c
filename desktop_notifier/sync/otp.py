"""Sign-in with a code sent by e-mail (Supabase Auth's e-mail OTP).

`send_code` asks Auth to e-mail a six-digit code to an existing user (`POST /otp`, never creating
an account: the project's admin invites users); `sign_in_with_code` exchanges it for a session
(`POST /verify`, type email) and keeps it like a password sign-in (`signin.remember`). A wrong
or expired code is one sentence (`code_invalid`), never a sign-out of anything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_notifier.common.errors import UserError
from desktop_notifier.profile.credentials import SecretStore
from desktop_notifier.profile.directory import Profile
from desktop_notifier.sync.account import REQUEST_TIMEOUT, Account
from desktop_notifier.sync.errors import map_error
from desktop_notifier.sync.redirects import http_client
from desktop_notifier.sync.signin import check_project, remember

if TYPE_CHECKING:
    from supabase_auth import AsyncGoTrueClient

CODE_LENGTH = 6


def auth_client(url: str, anon_key: str) -> AsyncGoTrueClient:
    """A bare Auth client for requests made before there is a session (close its http). The
    library is imported here, on the rare path that uses it (sync/gotrue.py says why)."""
    from supabase_auth import AsyncGoTrueClient

    return AsyncGoTrueClient(
        url=f"{url}/auth/v1",
        headers={"apikey": anon_key, "Authorization": f"Bearer {anon_key}"},
        http_client=http_client(REQUEST_TIMEOUT),  # same-origin redirects only
        auto_refresh_token=False,
        persist_session=False,
    )


async def send_code(
    url: str, anon_key: str, email: str, *, allow_insecure_http: bool = False
) -> None:
    """E-mail a sign-in code to `email`; raises `UserError` (e.g. `no_account`)."""
    if not email.strip():
        raise UserError("missing_field", field="e-mail")
    url, anon_key = check_project(url, anon_key, allow_insecure_http=allow_insecure_http)
    auth = auth_client(url, anon_key)
    try:
        await auth.sign_in_with_otp(
            {"email": email.strip(), "options": {"should_create_user": False}}
        )
    except Exception as exc:
        raise map_error(exc, url) from exc
    finally:
        await auth.close()


def clean_code(code: str) -> str:
    """The code as typed ("123 456", "123-456") reduced to its digits."""
    return "".join(ch for ch in code if ch.isdigit())


async def sign_in_with_code(
    profile: Profile,
    secrets: SecretStore,
    *,
    url: str,
    anon_key: str,
    email: str,
    code: str,
    allow_insecure_http: bool = False,
) -> Account:
    """Exchange the e-mailed `code` for a session and keep it (keyring and settings)."""
    digits = clean_code(code)
    if len(digits) != CODE_LENGTH:
        raise UserError("code_invalid")
    url, anon_key = check_project(url, anon_key, allow_insecure_http=allow_insecure_http)
    account = await Account.sign_in_with(
        url,
        anon_key,
        lambda auth: auth.verify_email_code(email.strip(), digits),
        allow_insecure_http=allow_insecure_http,
    )
    return await remember(profile, secrets, account, allow_insecure_http=allow_insecure_http)
