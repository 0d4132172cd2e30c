"""A project URL that answers with a redirect to another origin (an https server redirecting
to a plain http:// listener on "another machine"): `configure` (e-mail and password), a restore
from the keyring (`watch`: the refresh token), the Realtime websocket (the access token in the
join) and the diagnostics probe follow none of them; nothing reaches the listener and the
user reads one sentence saying what happened."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from desktop_notifier.common.errors import UserError, describe
from desktop_notifier.profile.credentials import Secrets
from desktop_notifier.sync.diagnose import url_answers
from desktop_notifier.sync.live_source import Discard
from desktop_notifier.sync.realtime_link import RealtimeLink
from desktop_notifier.sync.redirects import refused
from tests.support.cli import configure, watch_restore
from tests.support.redirects import Redirect, hostile_redirect, self_signed
from tests.support.standin import Standin

pytestmark = pytest.mark.desktop  # the keyring is the session's real Secret Service

PASSWORD = "s3nha-que-nao-pode-vazar"
REFRESH = "refresh-token-that-must-not-leak"


@pytest.fixture
def trusted_cert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    cert = self_signed(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert[0]))  # the CLI's environment copies ours
    return cert


def sentence(redirect: Redirect, language: str = "pt_BR") -> str:
    return describe(UserError("redirect_refused", target=redirect.target), language)


def test_configure_does_not_follow_a_redirect_to_plain_http(
    tmp_path: Path, standin: Standin, trusted_cert: tuple[Path, Path]
) -> None:
    directory = tmp_path / "profile"
    with hostile_redirect(trusted_cert) as redirect:
        done = configure(directory, standin, url=redirect.url, password=PASSWORD)
        assert done.returncode == 1
        assert done.stderr.strip() == sentence(redirect)
        assert "confira a URL do projeto" in done.stderr
        assert any("POST /auth/v1/token" in r for r in redirect.redirector.all()), (
            "the sign-in reached the https server (and was redirected)"
        )
        assert redirect.listener.all() == []
    assert not (directory / "settings.json").exists()


def test_restore_does_not_follow_a_redirect_to_plain_http(
    tmp_path: Path, standin: Standin, trusted_cert: tuple[Path, Path]
) -> None:
    with hostile_redirect(trusted_cert) as redirect:
        stored = Secrets(standin.info["anon_key"], REFRESH)
        watch = watch_restore(tmp_path / "profile", redirect.url, stored)
        assert f"[signed_out]: {sentence(redirect)}" in watch.states
        assert any("grant_type=refresh_token" in r for r in redirect.redirector.all())
        assert redirect.listener.all() == []
        stderr = "\n".join(watch.states)
        assert REFRESH not in stderr and standin.info["anon_key"] not in stderr


def test_the_realtime_websocket_does_not_follow_a_redirect_to_another_host(
    standin: Standin,
) -> None:
    with hostile_redirect(target_scheme="ws") as redirect:  # ws://127.0.0.1 → ws://127.0.0.2

        async def scenario() -> None:
            link = RealtimeLink(redirect.url, standin.info["anon_key"], "access", Discard())
            try:
                with pytest.raises(UserError) as raised:
                    await link.open()
                assert raised.value.code == "redirect_refused"
                assert raised.value.params == {"target": redirect.target}
            finally:
                await link.close()

        asyncio.run(asyncio.wait_for(scenario(), 30))
        assert any("/realtime/v1/websocket" in r for r in redirect.redirector.all())
        assert redirect.listener.all() == []


def test_the_diagnostics_probe_does_not_follow_it(trusted_cert: tuple[Path, Path]) -> None:
    with hostile_redirect(trusted_cert) as redirect:
        answer = asyncio.run(url_answers(redirect.url))
        assert "not followed" in answer["server"] and redirect.target in answer["server"]
        assert redirect.listener.all() == []


@pytest.mark.parametrize(
    ("source", "target", "kept"),
    [
        ("https://x.supabase.co/auth/v1/token", "/auth/v1/other", True),
        ("https://x.supabase.co/a", "https://X.supabase.co:443/b", True),
        ("https://x.supabase.co/a", "http://x.supabase.co/a", False),
        ("https://x.supabase.co/a", "https://evil.example/a", False),
        ("https://x.supabase.co/a", "https://x.supabase.co:8443/a", False),
        ("ws://127.0.0.1:5/realtime", "ws://127.0.0.2:5/realtime", False),
        ("ws://127.0.0.1:5/realtime", "//127.0.0.2/realtime", False),
        ("https://x.supabase.co/a", "https://x.supabase.co:99999/a", False),
        ("https://x.supabase.co/a", "https://user:pw@x.supabase.co/a", True),
    ],
)
def test_only_same_origin_redirects_are_followed(source: str, target: str, kept: bool) -> None:
    assert (refused(source, target) is None) is kept
