"""Which proxy a connection takes: the environment's variables, NO_PROXY matching, the
settings' choice with the keyring's password, and the OS settings (GNOME through the real
`gsettings` with a private keyfile backend, KDE's kioslaverc file; Windows' registry and macOS'
system configuration through stand-ins of their modules, which cannot run here)."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from desktop_notifier.common.proxy_route import ProxyRoute, bypassed, hide_userinfo
from desktop_notifier.connection.supervisor.limited import network_refused_websocket
from desktop_notifier.profile.credentials import MemorySecrets
from desktop_notifier.profile.settings import Settings
from desktop_notifier.sync.proxy_choice import proxy_route
from desktop_notifier.sync.proxy_tunnel import TunnelRefused, connect_request
from desktop_notifier.sync.realtime_link import JoinRefused, LinkFailed, UpgradeRefused
from desktop_notifier.sync.redirects import is_proxy_auth_refusal
from desktop_notifier.system import proxy_settings
from desktop_notifier.system.proxy_settings import (
    gnome_route,
    kde_route,
    macos_route,
    parse_wininet,
    system_route,
    windows_route,
)

SUPABASE = "https://abc.supabase.co"


def test_environment_variables_pick_the_proxy_per_scheme() -> None:
    route = ProxyRoute.from_environment(
        {"HTTPS_PROXY": "proxy.corp:3128", "http_proxy": "http://plain:8080", "NO_PROXY": ""}
    )
    assert route.for_url(SUPABASE) == "http://proxy.corp:3128"
    assert route.for_url("wss://abc.supabase.co/realtime/v1/websocket") == "http://proxy.corp:3128"
    assert route.for_url("http://self.hosted:8000") == "http://plain:8080"
    assert route.for_url("ws://self.hosted:8000") == "http://plain:8080"
    assert route.source == "environment"


def test_all_proxy_is_the_fallback_and_lower_case_wins() -> None:
    route = ProxyRoute.from_environment(
        {"ALL_PROXY": "http://all:1", "https_proxy": "http://low:2", "HTTPS_PROXY": "http://up:3"}
    )
    assert route.for_url(SUPABASE) == "http://low:2"
    assert route.for_url("http://x.test") == "http://all:1"
    assert ProxyRoute.from_environment({}).empty


@pytest.mark.parametrize(
    ("host", "port", "entries", "expected"),
    [
        ("abc.supabase.co", 443, ("supabase.co",), True),
        ("abc.supabase.co", 443, (".supabase.co",), True),
        ("abc.supabase.co", 443, ("*.supabase.co",), True),
        ("notsupabase.co", 443, ("supabase.co",), False),
        ("abc.supabase.co", 443, ("abc.supabase.co:8443",), False),
        ("abc.supabase.co", 8443, ("abc.supabase.co:8443",), True),
        ("10.1.2.3", 80, ("10.0.0.0/8",), True),
        ("192.168.0.1", 80, ("10.0.0.0/8",), False),
        ("::1", 80, ("::1",), True),
        ("intranet", 80, ("<local>",), True),
        ("intranet.corp", 80, ("<local>",), False),
        ("anything", 80, ("*",), True),
    ],
)
def test_no_proxy_matching(host: str, port: int, entries: tuple[str, ...], expected: bool) -> None:
    assert bypassed(host, port, entries) is expected


def test_bypassed_hosts_connect_directly() -> None:
    route = ProxyRoute.from_environment({"HTTPS_PROXY": "http://p:1", "NO_PROXY": "supabase.co"})
    assert route.for_url(SUPABASE) is None
    assert route.for_url("https://other.test") == "http://p:1"


def test_credentials_go_into_the_url_and_never_into_its_description() -> None:
    route = ProxyRoute.single("http://proxy:3128").with_credentials("ana@corp", "p:ss/wörd")
    assert route.for_url(SUPABASE) == "http://ana%40corp:p%3Ass%2Fw%C3%B6rd@proxy:3128"
    assert "p%3Ass" not in route.shown() and "ana" not in route.shown()
    assert route.shown() == "http://proxy:3128 (manual)"
    assert hide_userinfo("http://u:p@h:1") == "http://h:1"
    kept = ProxyRoute.single("http://own:pw@proxy:1").with_credentials("other", "x")
    assert kept.for_url(SUPABASE) == "http://own:pw@proxy:1"


def test_the_tunnel_request_carries_basic_authentication() -> None:
    request = connect_request("http://ana:s%20cret@proxy:3128", "abc.supabase.co", 443)
    assert request.startswith(b"CONNECT abc.supabase.co:443 HTTP/1.1\r\n")
    assert b"Proxy-Authorization: Basic YW5hOnMgY3JldA==\r\n" in request
    assert request.endswith(b"\r\n\r\n")
    assert b"Proxy-Authorization" not in connect_request("http://proxy:1", "::1", 80)
    assert connect_request("http://proxy:1", "::1", 80).startswith(b"CONNECT [::1]:80 ")


def test_a_tunnel_refused_for_credentials_is_recognised() -> None:
    assert is_proxy_auth_refusal(TunnelRefused(407))
    assert is_proxy_auth_refusal(TunnelRefused(401))  # tinyproxy's answer to a wrong password
    assert not is_proxy_auth_refusal(TunnelRefused(403))


def test_only_failures_a_proxy_explains_lead_to_limited_mode() -> None:
    assert network_refused_websocket(LinkFailed("connect: TunnelRefused: HTTP 403"))
    assert network_refused_websocket(TimeoutError())
    assert network_refused_websocket(UpgradeRefused(400))  # the Upgrade header stripped
    assert network_refused_websocket(UpgradeRefused(502))
    for status in (401, 403, 404, 429):  # the server speaking: not the network's doing
        assert not network_refused_websocket(UpgradeRefused(status))
    assert not network_refused_websocket(JoinRefused("PrivateOnly: only private channels"))


# --- the settings' choice --------------------------------------------------------------------


def _route(settings: Settings, password: str | None = None, **system: str) -> ProxyRoute:
    secrets = MemorySecrets()
    if password is not None:
        asyncio.run(secrets.save_proxy_password(password))
    return asyncio.run(proxy_route(settings, secrets, lambda: ProxyRoute.from_environment(system)))


def test_the_settings_choose_system_none_or_manual() -> None:
    system = {"HTTPS_PROXY": "http://sys:1"}
    assert _route(Settings(), **system).for_url(SUPABASE) == "http://sys:1"
    assert _route(Settings(proxy_mode="none"), **system).for_url(SUPABASE) is None
    manual = Settings(proxy_mode="manual", proxy_url="corp:3128", proxy_user="ana")
    assert _route(manual, "segredo", **system).for_url(SUPABASE) == "http://ana:segredo@corp:3128"
    assert _route(Settings(proxy_mode="manual"), **system).empty


def test_proxy_settings_survive_the_file_and_bad_values_fall_back() -> None:
    chosen = Settings(proxy_mode="manual", proxy_url="http://p:1", proxy_user="ana")
    assert Settings.from_json(chosen.to_json()) == chosen
    odd = Settings.from_json({"proxy_mode": "pac", "limited_after": 0, "poll_seconds": -1})
    assert odd.proxy_mode == "system" and odd.limited_after == 1 and odd.poll_seconds == 5.0
    assert "password" not in str(chosen.to_json())


# --- the OS settings -------------------------------------------------------------------------


@pytest.fixture
def gsettings_env(tmp_path: Path) -> dict[str, str]:
    if shutil.which("gsettings") is None:
        pytest.fail("gsettings is missing (libglib2.0-bin, gsettings-desktop-schemas)")
    return {
        "GSETTINGS_BACKEND": "keyfile",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }


def _gset(env: dict[str, str], schema: str, key: str, value: str) -> None:
    subprocess.run(["gsettings", "set", schema, key, value], env=env, check=True)


def test_gnome_manual_proxy_is_read_with_gsettings(gsettings_env: dict[str, str]) -> None:
    env = gsettings_env
    assert gnome_route(env) is None  # mode "none" by default
    _gset(env, "org.gnome.system.proxy.http", "host", "gnome.corp")
    _gset(env, "org.gnome.system.proxy.http", "port", "8080")
    _gset(env, "org.gnome.system.proxy", "ignore-hosts", "['localhost', '.intra.corp']")
    assert gnome_route(env) is None  # configured but not in use
    _gset(env, "org.gnome.system.proxy", "mode", "manual")
    route = gnome_route(env)
    assert route is not None and route.source == "gnome"
    assert route.for_url(SUPABASE) == "http://gnome.corp:8080"  # no https proxy: the http one
    assert route.for_url("https://wiki.intra.corp") is None
    assert system_route(env) == route  # nothing in the environment: the desktop's setting
    assert system_route({**env, "HTTPS_PROXY": "http://env:1"}).source == "environment"


def test_kde_manual_proxy_is_read_from_kioslaverc(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    env = {"XDG_CONFIG_HOME": str(config)}
    assert kde_route(env) is None
    (config / "kioslaverc").write_text(
        "[Proxy Settings]\nProxyType=1\nhttpProxy=http://kde.corp 3128\n"
        "httpsProxy=http://kdes.corp 3129\nNoProxyFor=localhost,.intra\n"
    )
    route = kde_route(env)
    assert route is not None and route.source == "kde"
    assert route.for_url(SUPABASE) == "http://kdes.corp:3129"
    assert route.for_url("http://self.hosted") == "http://kde.corp:3128"
    assert route.for_url("https://x.intra") is None
    (config / "kioslaverc").write_text("[Proxy Settings]\nProxyType=0\nhttpProxy=http://a 1\n")
    assert kde_route(env) is None


class FakeRegistry:
    """`winreg`'s calls used by the reader, over a dict of the Internet Settings values."""

    HKEY_CURRENT_USER = "HKCU"

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values
        self.opened: list[tuple[str, str]] = []

    def OpenKey(self, root: str, path: str) -> Any:
        self.opened.append((root, path))
        registry = self

        class Key:
            def __enter__(self) -> Key:
                return self

            def __exit__(self, *exc: object) -> None:
                return None

        Key.registry = registry  # type: ignore[attr-defined]
        return Key()

    def QueryValueEx(self, key: Any, name: str) -> tuple[Any, int]:
        if name not in self.values:
            raise FileNotFoundError(name)
        return self.values[name], 1


def test_windows_wininet_settings() -> None:
    registry = FakeRegistry(
        {"ProxyEnable": 1, "ProxyServer": "win.corp:8080", "ProxyOverride": "<local>;*.intra"}
    )
    route = windows_route(registry)
    assert registry.opened == [("HKCU", proxy_settings.WININET_KEY)]
    assert route is not None and route.source == "windows"
    assert route.for_url(SUPABASE) == "http://win.corp:8080"
    assert route.for_url("https://intranet") is None and route.for_url("https://a.intra") is None
    assert windows_route(FakeRegistry({"ProxyEnable": 0, "ProxyServer": "x:1"})) is None
    split = parse_wininet("http=h.corp:80;https=s.corp:443;ftp=f:21", "")
    assert split is not None and split.for_url(SUPABASE) == "http://s.corp:443"
    assert split.for_url("http://x") == "http://h.corp:80"


def test_macos_system_configuration() -> None:
    scproxy = SimpleNamespace(
        _get_proxies=lambda: {"https": "http://mac.corp:3128", "http": "http://mac.corp:3128"},
        _get_proxy_settings=lambda: {"exclude_simple": True, "exceptions": ["*.local"]},
    )
    route = macos_route(scproxy)
    assert route is not None and route.source == "macos"
    assert route.for_url(SUPABASE) == "http://mac.corp:3128"
    assert route.for_url("https://printer.local") is None
    assert route.for_url("https://intranet") is None  # exclude_simple
    empty = SimpleNamespace(_get_proxies=dict, _get_proxy_settings=dict)
    assert macos_route(empty) is None
