"""The freedesktop backend against a scriptable server on a private bus (no display needed).

Covers what real dunst never does on cue: refusing a toast, leaving the bus, the bus dying, a
server without body markup, and signals forged by another connection.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from dataclasses import replace
from typing import Any

import pytest
from jeepney.io.asyncio import open_dbus_router
from jeepney.wrappers import new_signal

from desktop_notifier.alerts import Urgency
from desktop_notifier.notify import NotifyError, Toast, Unavailable
from desktop_notifier.notify.freedesktop import FreedesktopNotifier
from tests.notify.buses import EMITTER, FakeServer, has_owner, private_bus
from tests.support.waiting import until

MARKUP = '<b>Acme</b> & <a href="http://x">y</a>'
TOAST = Toast("Nova call de Acme", MARKUP, Urgency.NORMAL, "call-1", "call-1", "new_call")

Scenario = Callable[[str, Any], Coroutine[Any, Any, None]]


def on_bus(scenario: Scenario, **server_options: Any) -> None:
    """Run `scenario(bus_address, server)` on a private bus with a fake server."""

    async def main(address: str) -> None:
        server = await FakeServer.start(address, **server_options)
        try:
            await asyncio.wait_for(scenario(address, server), 10)
        finally:
            await server.close()

    with private_bus() as (address, _daemon):
        asyncio.run(main(address))


def test_no_server_is_unavailable_without_activating_one() -> None:
    async def main(address: str) -> None:
        started = time.monotonic()
        with pytest.raises(Unavailable, match="no notification server is running"):
            await FreedesktopNotifier.create(lambda toast: None, bus=address)
        assert time.monotonic() - started < 2
        assert not await has_owner(address)  # dunst is activatable here, yet was not started

    with private_bus() as (address, _daemon):
        asyncio.run(main(address))


def test_no_session_bus_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    with pytest.raises(Unavailable, match="DBUS_SESSION_BUS_ADDRESS is not set"):
        asyncio.run(FreedesktopNotifier.create(lambda toast: None))
    with pytest.raises(Unavailable, match="cannot connect"):
        asyncio.run(FreedesktopNotifier.create(lambda toast: None, bus="unix:path=/nonexistent"))


def test_a_refused_toast_raises_notify_error_and_the_backend_keeps_working() -> None:
    async def scenario(address: str, server: FakeServer) -> None:
        notifier = await FreedesktopNotifier.create(lambda toast: None, bus=address)
        with pytest.raises(NotifyError, match=r"refused the toast \(.*InvalidArgs: no\)"):
            await notifier.show(Toast("refuse me", "x"))
        await notifier.show(TOAST)
        assert list(notifier.open_toasts.values()) == [TOAST]
        await notifier.close()

    on_bus(scenario, refuse=frozenset({"refuse me"}))


def test_body_is_escaped_only_for_servers_with_body_markup() -> None:
    async def scenario(address: str, server: FakeServer) -> None:
        notifier = await FreedesktopNotifier.create(lambda toast: None, bus=address)
        await notifier.show(TOAST)
        _, call = server.notified[1]
        assert call.body == MARKUP  # a plain-text server shows it literally as it is
        await notifier.close()

    on_bus(scenario, capabilities=("actions", "body"))


def test_signals_forged_by_another_connection_are_ignored() -> None:
    clicks: list[Toast] = []

    async def scenario(address: str, server: FakeServer) -> None:
        notifier = await FreedesktopNotifier.create(clicks.append, bus=address)
        await notifier.show(TOAST)
        (nid,) = notifier.open_toasts
        async with open_dbus_router(address) as forger:
            await forger.send(new_signal(EMITTER, "ActionInvoked", "us", (nid, "default")))
            await forger.send(new_signal(EMITTER, "NotificationClosed", "uu", (nid, 2)))
        await asyncio.sleep(0.2)  # a quiet window: the forged signals must be ignored
        assert clicks == [] and nid in notifier.open_toasts
        await server.emit("ActionInvoked", nid, "other-action")
        await server.emit("ActionInvoked", nid, "default")
        await until(lambda: clicks == [TOAST], "the real click")
        await server.emit("NotificationClosed", nid, 2)
        await until(lambda: not notifier.open_toasts, "the id to be forgotten")
        await notifier.close()

    on_bus(scenario)


def test_server_leaving_makes_the_backend_unavailable() -> None:
    async def scenario(address: str, server: FakeServer) -> None:
        notifier = await FreedesktopNotifier.create(lambda toast: None, bus=address)
        await notifier.show(TOAST)
        await server.leave()
        await until(lambda: not notifier.open_toasts, "ids of the old server dropped")
        with pytest.raises(Unavailable, match="left the session bus"):
            await notifier.show(TOAST)
        assert not await has_owner(address)  # and it did not activate a new server
        await notifier.close()
        await notifier.close()  # idempotent

    on_bus(scenario)


def test_bus_disconnect_makes_the_backend_unavailable() -> None:
    async def main(address: str, daemon: Any) -> None:
        server = await FakeServer.start(address)
        notifier = await FreedesktopNotifier.create(lambda toast: None, bus=address)
        await notifier.show(TOAST)
        daemon.kill()
        daemon.wait(5)
        with pytest.raises(Unavailable, match="connection was lost"):
            await notifier.show(TOAST)
        with pytest.raises(Unavailable, match="connection was lost"):
            await notifier.show(TOAST)
        await notifier.close()
        await server.close()

    with private_bus() as (address, daemon):
        asyncio.run(asyncio.wait_for(main(address, daemon), 10))


def test_closed_notifier_refuses_to_show() -> None:
    async def scenario(address: str, server: FakeServer) -> None:
        notifier = await FreedesktopNotifier.create(lambda toast: None, bus=address)
        assert notifier.server.name == "fake"
        await notifier.close()
        with pytest.raises(Unavailable, match="closed"):
            await notifier.show(TOAST)

    on_bus(scenario)


def test_a_server_answering_twice_does_not_break_the_backend() -> None:
    """mako 1.7.1 (Debian 12) answers GetCapabilities with a return and then an error; the
    second reply used to kill the link, and every toast fell back to the tray balloon."""

    async def scenario(address: str, server: FakeServer) -> None:
        notifier = await FreedesktopNotifier.create(lambda toast: None, bus=address)
        try:
            assert "actions" in notifier.server.capabilities
            await notifier.show(TOAST)
            await notifier.show(replace(TOAST, replace_key="call-2", target="call-2"))
            assert len(server.notified) == 2
            assert await notifier.do_not_disturb() is False  # an Inhibited-less server
        finally:
            await notifier.close()

    on_bus(scenario, doubled=frozenset({"GetCapabilities", "Get"}))
