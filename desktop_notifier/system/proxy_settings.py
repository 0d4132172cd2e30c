"""The system's proxy settings, as a `ProxyRoute`: what "Proxy: do sistema" means.

The `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY`/`NO_PROXY` environment comes first (what a user or an
administrator set on purpose for this session); without it, the desktop's own settings:

- GNOME (and desktops that use its settings): `org.gnome.system.proxy` read with `gsettings`,
  when its mode is "manual" ("auto", a PAC file, is not evaluated: the environment or the
  app's manual setting is the way out there);
- KDE: `kioslaverc`'s `[Proxy Settings]` with `ProxyType=1` (manual);
- Windows: WinINet's per-user settings (`Internet Settings`: `ProxyEnable`, `ProxyServer`,
  `ProxyOverride`) in the registry;
- macOS: the system configuration's proxies (`_scproxy`, what urllib uses there).

Each reader returns None when its source is absent or says "no proxy".
"""

from __future__ import annotations

import ast
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from desktop_notifier.common.proxy_route import ProxyRoute, split_bypass, with_scheme

log = logging.getLogger(__name__)
GSETTINGS_TIMEOUT = 3.0
WININET_KEY = r"Software\Microsoft\Windows\CurrentVersion\Internet Settings"


def system_route(environ: Mapping[str, str] | None = None) -> ProxyRoute:
    env = ProxyRoute.from_environment(environ)
    if not env.empty:
        return env
    readers: list[Callable[[], ProxyRoute | None]]
    if sys.platform == "win32":
        readers = [windows_route]
    elif sys.platform == "darwin":
        readers = [macos_route]
    else:
        readers = [lambda: gnome_route(environ), lambda: kde_route(environ)]
    for reader in readers:
        try:
            route = reader()
        except Exception:  # a broken setting must not stop the app: connect directly
            log.warning("reading the system proxy settings failed", exc_info=True)
            continue
        if route is not None and not route.empty:
            return route
    return env


# --- GNOME ---------------------------------------------------------------------------------


def _gsettings(schema: str, key: str, environ: Mapping[str, str] | None) -> Any:
    tool = shutil.which("gsettings")
    if tool is None:
        return None
    env = dict(os.environ if environ is None else environ)
    done = subprocess.run(
        [tool, "get", schema, key],
        capture_output=True,
        text=True,
        timeout=GSETTINGS_TIMEOUT,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        return None
    text = done.stdout.strip()
    for prefix in ("@as ", "uint32 ", "int32 "):
        text = text.removeprefix(prefix)
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return None


def gnome_route(environ: Mapping[str, str] | None = None) -> ProxyRoute | None:
    if _gsettings("org.gnome.system.proxy", "mode", environ) != "manual":
        return None

    def proxy(scheme: str) -> str | None:
        schema = f"org.gnome.system.proxy.{scheme}"
        host = _gsettings(schema, "host", environ)
        port = _gsettings(schema, "port", environ)
        if not isinstance(host, str) or not host or not isinstance(port, int) or port <= 0:
            return None
        return with_scheme(f"{host}:{port}")

    ignore = _gsettings("org.gnome.system.proxy", "ignore-hosts", environ)
    bypass = tuple(h.lower() for h in ignore if isinstance(h, str)) if ignore else ()
    http, https = proxy("http"), proxy("https")
    if http is None and https is None:
        return None
    return ProxyRoute(http=http, https=https or http, bypass=bypass, source="gnome")


# --- KDE -----------------------------------------------------------------------------------


def _kde_proxy(value: str) -> str | None:
    """kioslaverc writes "http://proxy 3128" (host, a space, the port) or a plain URL."""
    value = value.strip()
    if not value:
        return None
    host, _, port = value.partition(" ")
    return with_scheme(f"{host}:{port.strip()}" if port.strip() else host)


def kde_route(environ: Mapping[str, str] | None = None) -> ProxyRoute | None:
    env = os.environ if environ is None else environ
    config = Path(env.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "kioslaverc"
    import configparser  # here: KDE only (idle memory elsewhere)

    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(config.read_text(encoding="utf-8"))
    except (OSError, configparser.Error):
        return None
    if not parser.has_section("Proxy Settings"):
        return None
    section = parser["Proxy Settings"]
    if section.get("ProxyType", "0").strip() != "1":
        return None
    http = _kde_proxy(section.get("httpProxy", ""))
    https = _kde_proxy(section.get("httpsProxy", "")) or http
    if http is None and https is None:
        return None
    bypass = split_bypass(section.get("NoProxyFor", ""))
    return ProxyRoute(http=http or https, https=https, bypass=bypass, source="kde")


# --- Windows -------------------------------------------------------------------------------


def parse_wininet(server: str, override: str) -> ProxyRoute | None:
    """`ProxyServer` is "host:port" for every scheme or "http=h:p;https=h:p;…";
    `ProxyOverride` is a ';' list ("<local>" = names without a dot)."""
    per_scheme: dict[str, str] = {}
    for part in server.split(";"):
        part = part.strip()
        if not part:
            continue
        scheme, sep, address = part.partition("=")
        if sep:
            per_scheme[scheme.strip().lower()] = with_scheme(address.strip())
        else:
            per_scheme.setdefault("http", with_scheme(part))
            per_scheme.setdefault("https", with_scheme(part))
    http, https = per_scheme.get("http"), per_scheme.get("https")
    if http is None and https is None:
        return None
    return ProxyRoute(
        http=http or https, https=https or http, bypass=split_bypass(override), source="windows"
    )


def windows_route(registry: Any = None) -> ProxyRoute | None:
    """`registry`: the `winreg` module (a stand-in in tests off Windows)."""
    if registry is None:
        if sys.platform != "win32":
            return None
        import winreg

        registry = winreg
    with registry.OpenKey(registry.HKEY_CURRENT_USER, WININET_KEY) as key:

        def value(name: str) -> Any:
            try:
                return registry.QueryValueEx(key, name)[0]
            except OSError:
                return None

        if not value("ProxyEnable"):
            return None
        server = value("ProxyServer")
        override = value("ProxyOverride")
    if not isinstance(server, str):
        return None
    return parse_wininet(server, override if isinstance(override, str) else "")


# --- macOS ---------------------------------------------------------------------------------


def macos_route(scproxy: Any = None) -> ProxyRoute | None:
    """`scproxy`: CPython's macOS `_scproxy` module (a stand-in in tests off macOS)."""
    if scproxy is None:
        if sys.platform != "darwin":
            return None
        import _scproxy  # type: ignore[import-not-found,unused-ignore]

        scproxy = _scproxy
    proxies = scproxy._get_proxies()
    settings = scproxy._get_proxy_settings()
    http, https = proxies.get("http"), proxies.get("https")
    if not http and not https:
        return None
    bypass = list(settings.get("exceptions", ()) or ())
    if settings.get("exclude_simple"):
        bypass.append("<local>")
    return ProxyRoute(
        http=http or https,
        https=https or http,
        bypass=tuple(str(b).lower() for b in bypass),
        source="macos",
    )
