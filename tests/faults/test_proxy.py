"""Behind a company proxy (a real `tinyproxy` on loopback, the app configured through it):

- a proxy that tunnels websockets: live as usual, REST and the websocket both through it;
- a proxy that refuses the websocket (CONNECT only to 443; plain HTTP forwarded): limited mode
  within 30 s, the tray saying so, every call alerted once by polling (0 lost, 0 duplicated);
  then the proxy allows websockets and the app is live again within a minute, still exactly
  once;
- a proxy that wants credentials, given the wrong password: one sentence saying so (the
  default source only: the refusal comes at the session's restore through Auth, before any
  live source opens).

Timings are shortened through the settings (poll every 2 s, probe every 5 s), never by
asserting less. The first two run for every live source (Ably's websocket and token endpoint
go through the same proxy)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_notifier.alerts import ToastThrottle
from desktop_notifier.app.tray_app import App
from desktop_notifier.connection.supervisor import ConnectionState
from desktop_notifier.profile.credentials import KeyringSecrets
from desktop_notifier.profile.directory import resolve
from desktop_notifier.ui.tray_state import TrayState
from tests.faults.conftest import (
    Recorder,
    Run,
    assert_counted,
    configured,
    fast_backoff,
    started,
    toasted_alerts,
    until,
)
from tests.support.forward_proxy import ForwardProxy
from tests.support.outage import Ledger, Server

pytestmark = pytest.mark.desktop
POLL = 2.0
PROBE = 5.0
LIMITED = ConnectionState.LIMITED


@pytest.fixture
def proxied(tmp_path: Path, server: Server) -> Iterator[ForwardProxy]:
    proxy = ForwardProxy(tmp_path / "proxy", server.port or 0, websockets=False)
    yield proxy
    proxy.stop()


def _app(make_app: Any, profile: Path) -> tuple[App, Recorder]:
    """Every alert its own toast, so each can be counted."""
    app, seen = make_app(profile, backoff=fast_backoff)
    app.throttle = ToastThrottle(capacity=1_000_000)
    return app, seen


async def _all_told(seen: Recorder, ledger: Ledger, what: str) -> None:
    def told() -> bool:
        return seen.counts() == ledger.expected and toasted_alerts(seen.toasts) == ledger.expected

    await until(told, what, 15)


def _profile(tmp_path: Path, server: Server, proxy: ForwardProxy, **settings: Any) -> Path:
    return configured(
        tmp_path / "profile",
        server,
        proxy_mode="manual",
        proxy_url=proxy.url,
        poll_seconds=POLL,
        probe_seconds=PROBE,
        limited_after=3,
        **settings,
    )


@pytest.mark.sources
@pytest.mark.parametrize("chosen", ["manual", "system"])
def test_a_proxy_that_tunnels_websockets_keeps_the_app_live(
    chosen: str,
    tmp_path: Path,
    server: Server,
    ledger: Ledger,
    proxied: ForwardProxy,
    make_app: Any,
    run: Run,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ "manual": the settings name the proxy; "system": the environment does (HTTP_PROXY)."""
    proxied.websockets = True
    proxied.start()
    profile = _profile(tmp_path, server, proxied)
    if chosen == "system":
        path = profile / "settings.json"
        path.write_text(json.dumps({**json.loads(path.read_text()), "proxy_mode": "system"}))
        monkeypatch.setenv("HTTP_PROXY", proxied.url)
        monkeypatch.delenv("http_proxy", raising=False)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
    app, seen = _app(make_app, profile)

    async def scenario() -> None:
        await started(app, seen)
        await until(seen.live, "a live connection through the proxy", 30)
        ledger.some(4)
        await _all_told(seen, ledger, "every alert")

    run(scenario())
    assert LIMITED not in {s.state for s in seen.statuses}
    assert proxied.requests("CONNECT ") >= 1, "the websocket did not go through the proxy"
    assert proxied.requests("/auth/v1/") >= 1, "Auth did not go through the proxy"
    assert proxied.requests("/rest/v1/") >= 1, "PostgREST did not go through the proxy"
    assert_counted(app, seen, ledger)


@pytest.mark.sources
def test_a_proxy_refusing_websockets_gives_limited_mode_then_live_again(
    tmp_path: Path, server: Server, ledger: Ledger, proxied: ForwardProxy, make_app: Any, run: Run
) -> None:
    proxied.start()
    app, seen = _app(make_app, _profile(tmp_path, server, proxied))
    took: dict[str, float] = {}

    async def scenario() -> None:
        start = time.monotonic()
        await started(app, seen)
        await until(lambda: seen.state is LIMITED, "limited mode", 30)
        took["limited"] = time.monotonic() - start
        assert app.tray.effective_state() is TrayState.LIMITED
        assert "Modo limitado — atualizações a cada 2 s" in app.tray.tooltip()
        for _ in range(3):  # calls while polling, a few poll periods apart
            ledger.some(3)
            await _all_told(seen, ledger, "alerts by polling")
        assert seen.state is LIMITED
        allowed = time.monotonic()
        proxied.restart(websockets=True)
        await until(seen.live, "live again once the proxy allows websockets", 60)
        took["live again"] = time.monotonic() - allowed
        ledger.some(3)
        await _all_told(seen, ledger, "alerts live")

    run(scenario())
    print(f"\nlimited mode after {took['limited']:.1f} s; live {took['live again']:.1f} s after")
    assert took["limited"] < 30
    assert took["live again"] < 60
    assert_counted(app, seen, ledger)  # 0 lost, 0 duplicated, across both modes


def test_wrong_proxy_credentials_say_so_in_one_sentence(
    tmp_path: Path, server: Server, proxied: ForwardProxy, make_app: Any, run: Run
) -> None:
    proxied.user, proxied.password = "alice", "right-password"
    proxied.websockets = True
    proxied.start()
    directory = _profile(tmp_path, server, proxied, proxy_user="alice")
    profile = resolve(str(directory)).ensure()
    run(KeyringSecrets(profile.keyring_namespace).save_proxy_password("wrong-password"))
    app, seen = make_app(directory, backoff=fast_backoff)

    async def scenario() -> None:
        await started(app, seen)
        await until(lambda: seen.state is ConnectionState.ATTENTION, "the refusal told", 30)

    run(scenario())
    sentence = "O proxy recusou o usuário ou a senha: confira-os nas configurações."
    error = seen.statuses[-1].error
    assert error is not None and error.code == "proxy_auth"
    assert app.tray.effective_state() is TrayState.ATTENTION
    assert sentence in app.tray.tooltip()
    assert "wrong-password" not in app.tray.tooltip()
