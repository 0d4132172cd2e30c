"""The settings' "Testar proxy" and the session's connections through a real `tinyproxy`:
a proxy that tunnels websockets works for both kinds of connection; one that refuses CONNECT
to the server lets only the API through (the app will run in limited mode); wrong credentials
and an address where no proxy listens are each one sentence. A session signed in through the
proxy takes its websocket through it too, and "nenhum" ignores the environment's proxy."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_notifier.common.errors import UserError, describe
from desktop_notifier.common.proxy_route import ProxyRoute
from desktop_notifier.sync.account import Account
from desktop_notifier.sync.live_source import Discard
from desktop_notifier.sync.proxy_check import ProxyVerdict, check_proxy
from desktop_notifier.sync.realtime_link import RealtimeLink
from tests.support.forward_proxy import ForwardProxy, free_port
from tests.support.standin import Standin, run


@pytest.fixture
def proxy(tmp_path: Path, standin: Standin) -> Iterator[ForwardProxy]:
    proxy = ForwardProxy(tmp_path / "proxy", standin.port, websockets=True)
    yield proxy
    proxy.stop()


def test_a_proxy_that_tunnels_websockets_passes_the_test(
    standin: Standin, proxy: ForwardProxy
) -> None:
    proxy.start()
    verdict = run(check_proxy(standin.url, ProxyRoute.single(proxy.url)))
    assert verdict is ProxyVerdict.WORKS
    assert proxy.requests("CONNECT ") == 1 and proxy.requests("/auth/v1/health") == 1


def test_a_proxy_refusing_websockets_lets_only_the_api_through(
    standin: Standin, proxy: ForwardProxy
) -> None:
    proxy.websockets = False
    proxy.start()
    assert run(check_proxy(standin.url, ProxyRoute.single(proxy.url))) is ProxyVerdict.REST_ONLY


def test_wrong_proxy_credentials_and_a_missing_proxy_are_one_sentence_each(
    standin: Standin, proxy: ForwardProxy
) -> None:
    proxy.user, proxy.password = "ana", "certa"
    proxy.start()
    wrong = ProxyRoute.single(proxy.url).with_credentials("ana", "errada")
    with pytest.raises(UserError) as refused:
        run(check_proxy(standin.url, wrong))
    assert describe(refused.value, "pt_BR") == (
        "O proxy recusou o usuário ou a senha: confira-os nas configurações."
    )
    right = ProxyRoute.single(proxy.url).with_credentials("ana", "certa")
    assert run(check_proxy(standin.url, right)) is ProxyVerdict.WORKS
    nowhere = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(UserError) as missing:
        run(check_proxy(standin.url, ProxyRoute.single(nowhere)))
    assert missing.value.code == "proxy_unreachable"
    assert nowhere in describe(missing.value, "pt_BR")


def test_a_session_through_the_proxy_streams_through_it(
    standin: Standin, proxy: ForwardProxy
) -> None:
    proxy.user, proxy.password = "ana", "certa"
    proxy.start()
    info = standin.info
    route = ProxyRoute.from_environment({"HTTP_PROXY": proxy.url}).with_credentials("ana", "certa")

    async def scenario() -> None:
        account = await Account.sign_in(
            info["url"], info["anon_key"], info["email"], info["password"], proxy=route
        )
        token = account.tokens.access_token
        link = RealtimeLink(account.url, account.anon_key, token, Discard(), proxy=account.proxy)
        try:
            await link.open()
            await asyncio.wait_for(link.streaming.wait(), 10)
        finally:
            await link.close()
            await account.close()

    run(scenario())
    assert proxy.requests("CONNECT ") == 1, "the websocket did not go through the proxy"
    assert proxy.requests("/auth/v1/token") == 1


def test_no_proxy_means_none_even_with_the_environment_set(
    standin: Standin, proxy: ForwardProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy.start()
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("http_proxy", proxy.url)
    info = standin.info

    async def scenario() -> None:
        account = await Account.sign_in(
            info["url"], info["anon_key"], info["email"], info["password"], proxy=ProxyRoute()
        )
        link = RealtimeLink(account.url, account.anon_key, account.tokens.access_token, Discard())
        try:
            await link.open()
        finally:
            await link.close()
            await account.close()

    run(scenario())
    assert proxy.requests() == 0
