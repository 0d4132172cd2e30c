"""`desktop-notifier diagnose`: what support needs to know, with every secret redacted.

Versions (the interpreter's too: its patch release, build date and OpenSSL), the Qt platform and
whether a tray exists, the notification server and its capabilities, the keyring backend,
whether the project URL answers, the live source chosen, how missed changes are read (exact,
or the timestamp fallback and how to upgrade), and the last warnings and errors of the log.
The same text can be copied from the tray menu.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import os
import platform
import sqlite3
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import httpx

from desktop_notifier import version
from desktop_notifier.common.errors import UserError
from desktop_notifier.common.live_sources import ABLY, BROADCAST, POSTGRES_CHANGES
from desktop_notifier.common.proxy_route import ProxyRoute
from desktop_notifier.profile import settings as settings_file
from desktop_notifier.profile.directory import Profile
from desktop_notifier.profile.logs import redact
from desktop_notifier.sync.redirects import http_client

NOTIFICATIONS = "org.freedesktop.Notifications"
SOURCE_FACTS = {
    POSTGRES_CHANGES: "postgres-changes (Realtime postgres_changes on public.calls)",
    BROADCAST: "broadcast (Realtime Broadcast from the database, private channel "
    "calls:owner:<user id>; needs resources/sql/006_broadcast.sql)",
    ABLY: "ably (Ably channel calls:owner:<user id>, token from /functions/v1/ably-token; "
    "needs resources/sql/007_ably_outbox.sql and the outbox publisher)",
}
LOG_LINES = 15


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def interpreter() -> dict[str, str]:
    """The Python the app runs on (inside a bundle: the one it was built with) and its OpenSSL:
    what decides which security fixes are in."""
    import ssl

    where = "bundled" if getattr(sys, "frozen", False) else sys.executable
    built = platform.python_build()[1]
    return {
        "python": f"{platform.python_version()} ({platform.python_implementation()}, {where}, "
        f"built {built})",
        "openssl": ssl.OPENSSL_VERSION,
    }


def versions() -> dict[str, str]:
    return {
        "calls-notifier": version(),
        **interpreter(),
        "os": f"{platform.system()} {platform.release()} ({platform.machine()})",
        "PySide6": _version("PySide6-Essentials"),
        "qasync": _version("qasync"),
        "realtime": _version("realtime"),
        "supabase": _version("supabase"),
        "keyring": _version("keyring"),
    }


def qt_facts() -> dict[str, str]:
    """The Qt platform and the tray, from a running QGuiApplication if there is one."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QSystemTrayIcon

    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        session = "wayland" if os.environ.get("WAYLAND_DISPLAY") else "x11"
        display = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or "none"
        return {"qt platform": f"(not started) session {session}, display {display}"}
    tray = QSystemTrayIcon.isSystemTrayAvailable()
    return {"qt platform": app.platformName(), "tray available": "yes" if tray else "no"}


async def notification_server() -> dict[str, str]:
    if sys.platform != "linux":
        return {"notification server": f"native backend for {sys.platform}"}
    try:
        from jeepney import DBusAddress, new_method_call
        from jeepney.io.asyncio import open_dbus_router

        address = DBusAddress(
            "/org/freedesktop/Notifications", bus_name=NOTIFICATIONS, interface=NOTIFICATIONS
        )
        async with open_dbus_router(bus="SESSION") as router:
            info = await asyncio.wait_for(
                router.send_and_get_reply(new_method_call(address, "GetServerInformation")), 3
            )
            caps = await asyncio.wait_for(
                router.send_and_get_reply(new_method_call(address, "GetCapabilities")), 3
            )
        name, vendor, version, spec = info.body
        return {
            "notification server": f"{name} {version} ({vendor}, spec {spec})",
            "capabilities": ", ".join(sorted(caps.body[0])),
        }
    except Exception as exc:  # no bus, no server: that is the diagnosis
        return {"notification server": f"unavailable ({type(exc).__name__})"}


def keyring_backend() -> dict[str, str]:
    try:
        import keyring

        backend = keyring.get_keyring()
        return {"keyring backend": f"{type(backend).__module__}.{type(backend).__name__}"}
    except Exception as exc:
        return {"keyring backend": f"unavailable ({type(exc).__name__})"}


def proxy_in_use(settings: settings_file.Settings) -> ProxyRoute:
    """The proxy the settings choose, without its password (the report runs without the
    keyring) and, for "system", from the environment only (the OS settings are read by the
    app; its connection line says what it uses)."""
    if settings.proxy_mode == "none":
        return ProxyRoute.direct()
    if settings.proxy_mode == "manual" and settings.proxy_url.strip():
        return ProxyRoute.single(settings.proxy_url.strip())
    return ProxyRoute.from_environment() if settings.proxy_mode == "system" else ProxyRoute()


async def url_answers(url: str, proxy: str | None = None) -> dict[str, str]:
    if not url:
        return {"server": "not configured"}
    try:
        async with http_client(5, proxy) as client:  # same-origin redirects only, like the app
            response = await client.get(f"{url}/rest/v1/")
        return {"server": f"{url} answers (HTTP {response.status_code})"}
    except UserError as exc:
        return {"server": f"{url} answers with a redirect that is not followed ({exc})"}
    except httpx.HTTPError as exc:
        return {"server": f"{url} does not answer ({type(exc).__name__})"}


def catchup_mode(store_path: Path) -> dict[str, str]:
    """How the app reads what it missed, as its last catch-up found out (read-only)."""
    try:
        with sqlite3.connect(f"file:{store_path}?mode=ro", uri=True) as db:
            found = db.execute("select value from meta where key = 'catchup_mode'").fetchone()
    except sqlite3.Error:
        found = None
    mode = found[0] if found else None
    if mode == "xid":
        return {"catch-up": "exact (xid)"}
    if mode == "timestamp":
        return {"catch-up": "timestamp fallback: apply resources/sql/002_change_xid.sql"}
    return {"catch-up": "not known yet (no catch-up since sign-in)"}


def last_log_lines(log_dir: Path, limit: int = LOG_LINES) -> list[str]:
    path = log_dir / "desktop-notifier.log"
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    wanted = [line for line in lines if " WARNING " in line or " ERROR " in line]
    return [redact(line) for line in wanted[-limit:]]


async def collect(
    profile: Profile,
    state: Callable[[], str] | None = None,
    *,
    running: Mapping[str, str] | None = None,
    app_errors: Sequence[str] = (),
) -> str:
    """The whole report as plain text (secrets redacted). The tray app adds what only it knows:
    `running` facts (its connection, network, toast backend) and the errors it has seen."""
    current = settings_file.load(profile.directory)
    facts: dict[str, str] = {}
    facts.update(versions())
    facts.update(qt_facts())
    facts.update(await notification_server())
    facts.update(keyring_backend())
    facts["profile"] = str(profile.directory)
    facts["account"] = current.email or "not signed in"
    facts["plain http opt-in"] = "yes" if current.allow_insecure_http else "no"
    route = proxy_in_use(current)
    facts["proxy"] = f"{current.proxy_mode}: {route.shown()}"
    facts["live source"] = SOURCE_FACTS.get(current.source, current.source)
    facts.update(await url_answers(current.url, route.for_url(current.url)))
    facts.update(catchup_mode(profile.store_path))
    if state is not None:
        facts["connection"] = state()
    facts.update(running or {})
    width = max(len(key) for key in facts)
    lines = ["Calls Notifier — diagnostics", ""]
    lines += [f"{key.ljust(width)}  {redact(value)}" for key, value in facts.items()]
    log_lines = last_log_lines(profile.log_dir)
    lines += ["", f"last warnings and errors ({len(log_lines)}):"]
    lines += [f"  {line}" for line in log_lines] or ["  none"]
    if running is not None:
        lines += ["", f"errors seen by the running app ({len(app_errors)}):"]
        lines += [f"  {redact(line)}" for line in app_errors] or ["  none"]
    return "\n".join(lines) + "\n"
