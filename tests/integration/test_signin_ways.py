"""The app's browser and e-mail code sign-ins against the stand-in, kept in the real keyring
(gnome-keyring of the test session) like a password sign-in: a test plays the browser through
the stand-in's provider page, reads the code from the stand-in's test mailbox, and a wrong or
expired code is one clear sentence."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_notifier.common.errors import UserError, describe
from desktop_notifier.profile import settings as settings_file
from desktop_notifier.profile.credentials import KeyringSecrets
from desktop_notifier.profile.directory import Profile, resolve
from desktop_notifier.sync import oauth, otp
from desktop_notifier.sync.signin import restore
from tests.support.browser import sign_in_at_provider
from tests.support.standin import Standin, run

pytestmark = [pytest.mark.desktop, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


@pytest.fixture
def profile(tmp_path: Path) -> Iterator[Profile]:
    yield resolve(str(tmp_path / f"profile-{uuid.uuid4().hex[:8]}")).ensure()


def _keyring(profile: Profile) -> KeyringSecrets:
    return KeyringSecrets(profile.keyring_namespace)


def test_browser_sign_in_through_the_provider_page(standin: Standin, profile: Profile) -> None:
    secrets = _keyring(profile)
    pages: list[Any] = []

    def open_browser(url: str) -> None:  # the system browser, played by the test
        assert url.startswith(f"{standin.url}/auth/v1/authorize?")
        assert "code_challenge_method=s256" in url and "redirect_to=http%3A%2F%2F127.0.0.1" in url
        task = asyncio.get_running_loop().create_task(
            sign_in_at_provider(url, "maria@vendas.example.com")
        )
        pages.append(task)

    async def body() -> None:
        providers = await oauth.enabled_providers(standin.url, standin.info["anon_key"])
        assert providers == ["azure", "google"]
        account = await oauth.browser_sign_in(
            profile,
            secrets,
            url=standin.url,
            anon_key=standin.info["anon_key"],
            provider="google",
            open_browser=open_browser,
        )
        assert account.tokens.email == "maria@vendas.example.com"
        shown = await pages[0]
        assert shown.status_code == 200 and "Calls Notifier" in shown.text
        await account.close()
        stored = await secrets.load()
        assert stored is not None and stored.refresh_token == account.tokens.refresh_token
        assert settings_file.load(profile.directory).email == "maria@vendas.example.com"
        again = await restore(profile, secrets)  # the next start signs in from the keyring
        assert again.tokens.email == "maria@vendas.example.com"
        await again.close()
        await secrets.clear()

    run(body())


def test_browser_sign_in_through_the_deep_link(standin: Standin, profile: Profile) -> None:
    secrets = _keyring(profile)

    def open_browser(url: str) -> None:
        async def browse() -> None:
            try:
                await sign_in_at_provider(url, "joao@vendas.example.com")
            except Exception as exc:  # httpx cannot open calls-notifier://: the OS would
                link = str(getattr(getattr(exc, "request", None), "url", ""))
                assert oauth.deliver_link(link), link

        asyncio.get_running_loop().create_task(browse())

    async def body() -> None:
        account = await oauth.browser_sign_in(
            profile,
            secrets,
            url=standin.url,
            anon_key=standin.info["anon_key"],
            provider="azure",
            open_browser=open_browser,
            use_deep_link=True,
        )
        assert account.tokens.email == "joao@vendas.example.com"
        await account.close()
        await secrets.clear()

    run(body())


def test_a_browser_that_never_comes_back_is_one_sentence(
    standin: Standin, profile: Profile
) -> None:
    async def body() -> UserError:
        with pytest.raises(UserError) as waited:
            await oauth.browser_sign_in(
                profile,
                _keyring(profile),
                url=standin.url,
                anon_key=standin.info["anon_key"],
                provider="google",
                open_browser=lambda _url: None,
                timeout=0.5,
            )
        return waited.value

    error = run(body())
    assert error.code == "browser_sign_in_timeout"
    assert describe(error, "pt_BR").startswith("O navegador não devolveu a entrada a tempo.")


def _mailed_code(standin: Standin, email: str) -> str:
    return str(standin.admin("GET", f"mailbox?to={email}")[-1]["code"])


def test_sign_in_with_an_emailed_code(standin: Standin, profile: Profile) -> None:
    secrets = _keyring(profile)
    email, url, key = standin.info["email"], standin.url, standin.info["anon_key"]

    async def body() -> None:
        await otp.send_code(url, key, email)
        code = _mailed_code(standin, email)
        typed = f"{code[:3]} {code[3:]}"  # as people type it from the e-mail
        account = await otp.sign_in_with_code(
            profile, secrets, url=url, anon_key=key, email=email, code=typed
        )
        assert account.tokens.user_id == standin.info["user_id"]
        await account.close()
        stored = await secrets.load()
        assert stored is not None and stored.refresh_token == account.tokens.refresh_token
        await secrets.clear()

    run(body())


def test_a_wrong_or_expired_code_is_one_clear_sentence(standin: Standin, profile: Profile) -> None:
    secrets = _keyring(profile)
    email, url, key = standin.info["email"], standin.url, standin.info["anon_key"]
    sentence = (
        "Código incorreto ou expirado. Peça um novo código e digite os 6 números do e-mail "
        "mais recente."
    )

    async def attempt(code: str) -> UserError:
        with pytest.raises(UserError) as refused:
            await otp.sign_in_with_code(
                profile, secrets, url=url, anon_key=key, email=email, code=code
            )
        return refused.value

    async def body() -> list[str]:
        await otp.send_code(url, key, email)
        code = _mailed_code(standin, email)
        wrong = await attempt("000000" if code != "000000" else "111111")
        short = await attempt("12345")
        standin.admin("POST", "clock?offset=3700")
        try:
            expired = await attempt(code)
        finally:
            standin.admin("POST", "clock?offset=0")
        with pytest.raises(UserError) as nobody:
            await otp.send_code(url, key, "nobody@example.com")
        assert nobody.value.code == "no_account"
        return [describe(e, "pt_BR") for e in (wrong, short, expired)]

    assert run(body()) == [sentence] * 3
    assert run(secrets.load()) is None, "nothing was stored"
