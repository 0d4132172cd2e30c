"""Sign in and remember: the one code path shared by `desktop-notifier configure` and the
settings dialog (the browser and e-mail code sign-ins of `oauth` and `otp` end in `remember`
too). The password is used once and never stored; the anon key and the refresh
token go to the keyring; the URL, the email and the insecure-http opt-in go to the settings
file."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

from desktop_notifier.common.errors import ErrorCode, UserError
from desktop_notifier.common.insecure_http import is_insecure
from desktop_notifier.common.proxy_route import ProxyRoute
from desktop_notifier.profile import settings as settings_file
from desktop_notifier.profile.credentials import Secrets, SecretStore
from desktop_notifier.profile.directory import Profile
from desktop_notifier.sync.account import Account, Tokens
from desktop_notifier.sync.keys import check_api_key
from desktop_notifier.sync.proxy_choice import SystemProxy, proxy_route
from desktop_notifier.sync.urls import check_url

log = logging.getLogger(__name__)


async def sign_in_and_store(
    profile: Profile,
    secrets: SecretStore,
    *,
    url: str,
    anon_key: str,
    email: str,
    password: str,
    allow_insecure_http: bool = False,
    system_proxy: SystemProxy = ProxyRoute.from_environment,
) -> Account:
    for field, value in (("URL", url), ("anon key", anon_key), ("e-mail", email)):
        if not value.strip():
            raise UserError(ErrorCode.MISSING_FIELD, field=field)
    if not password:
        raise UserError(ErrorCode.MISSING_FIELD, field="senha / password")
    url, anon_key = check_project(url, anon_key, allow_insecure_http=allow_insecure_http)
    current = settings_file.load(profile.directory)
    account = await Account.sign_in(
        url,
        anon_key,
        email.strip(),
        password,
        allow_insecure_http=allow_insecure_http,
        proxy=await proxy_route(current, secrets, system_proxy),
    )
    return await remember(profile, secrets, account, allow_insecure_http=allow_insecure_http)


def check_project(url: str, anon_key: str, *, allow_insecure_http: bool) -> tuple[str, str]:
    """The project's URL and anon key, checked before anything is sent (every sign-in way)."""
    for field, value in (("URL", url), ("anon key", anon_key)):
        if not value.strip():
            raise UserError(ErrorCode.MISSING_FIELD, field=field)
    url = check_url(url, allow_insecure_http=allow_insecure_http)
    anon_key = check_api_key(anon_key)
    _warn_if_insecure(url)
    return url, anon_key


async def remember(
    profile: Profile, secrets: SecretStore, account: Account, *, allow_insecure_http: bool
) -> Account:
    """Keep a new session: the anon key and refresh token in the keyring, the URL and the
    e-mail in the settings file. On failure the session is signed out and closed."""
    try:
        await secrets.save(Secrets(account.anon_key, account.tokens.refresh_token))
    except BaseException:
        await account.sign_out()
        await account.close()
        raise
    current = settings_file.load(profile.directory)
    chosen = replace(
        current,
        url=account.url,
        email=account.tokens.email,
        allow_insecure_http=allow_insecure_http,
    )
    settings_file.save(profile.directory, chosen)
    return account


async def restore(
    profile: Profile, secrets: SecretStore, system_proxy: SystemProxy = ProxyRoute.from_environment
) -> Account:
    """The stored session, refreshed; the rotated refresh token is saved at once. Every
    connection goes through the proxy of the settings (`proxy_choice`)."""
    current = settings_file.load(profile.directory)
    stored = await secrets.load()
    if not current.configured or stored is None:
        raise UserError(ErrorCode.NOT_CONFIGURED)
    allow = current.allow_insecure_http
    _warn_if_insecure(check_url(current.url, allow_insecure_http=allow))
    check_api_key(stored.anon_key)  # a key stored before the allowlist may be privileged
    account = await Account.restore(
        current.url,
        stored.anon_key,
        stored.refresh_token,
        allow_insecure_http=allow,
        proxy=await proxy_route(current, secrets, system_proxy),
    )
    await secrets.save(Secrets(stored.anon_key, account.tokens.refresh_token))
    rotated = RotatedTokens(secrets, stored.anon_key)
    account.on_refresh_token, account.on_close = rotated.keep, rotated.flush
    return account


class RotatedTokens:
    """Saves each refresh token the account rotates to, one after the other in the order they
    came, without holding up the refresh: on Linux a keyring write is a child process
    (profile/keyring_process.py, ~0.3 s), and the new access token must reach the live channel
    before the old one expires (a short-lived token leaves a second or two). Auth still takes
    the previous refresh token for its reuse interval (10 s), longer than a write takes. A write
    that fails is logged; the session goes on in memory and the next start asks to sign in."""

    def __init__(self, secrets: SecretStore, anon_key: str) -> None:
        self._secrets = secrets
        self._anon_key = anon_key
        self._last: asyncio.Task[None] | None = None

    async def keep(self, tokens: Tokens) -> None:
        self._last = asyncio.ensure_future(self._save(self._last, tokens.refresh_token))

    async def flush(self) -> None:
        """Wait for the writes under way (the account is closing: the app may be quitting)."""
        if self._last is not None:
            await asyncio.wait([self._last])

    async def _save(self, before: asyncio.Task[None] | None, refresh_token: str) -> None:
        if before is not None:
            await asyncio.wait([before])
        try:
            await self._secrets.save(Secrets(self._anon_key, refresh_token))
        except UserError as exc:
            log.error("the rotated refresh token could not be saved: %s", exc)


def _warn_if_insecure(url: str) -> None:
    if is_insecure(url):
        log.warning(
            "%s is plain http:// (allowed by the insecure-server opt-in): the password and the "
            "calls' data travel unencrypted",
            url,
        )


async def sign_out(profile: Profile, secrets: SecretStore, account: Account | None) -> None:
    """Revoke the session (best effort) and remove the secrets from the keyring."""
    if account is not None:
        await account.sign_out()
        await account.close()
    await secrets.clear()
