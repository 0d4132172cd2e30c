"""The D-Bus link under the freedesktop backend: connect, find the server, close cleanly.

`connect` opens a jeepney asyncio router on the running loop and checks that a notification
server already owns `org.freedesktop.Notifications` (NameHasOwner) before talking to it, so it
never D-Bus-activates a server that may hang. It subscribes to the server's signals and to
owner changes of its name, then logs who the server is and what it can do.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from jeepney import DBusAddress, HeaderFields, Message, new_method_call
from jeepney.bus_messages import MatchRule, message_bus
from jeepney.io.asyncio import DBusConnection, DBusRouter, open_dbus_connection, open_dbus_router
from jeepney.io.common import RouterClosed
from jeepney.wrappers import DBusErrorResponse, unwrap_msg

from desktop_notifier.notify.base import Unavailable

log = logging.getLogger(__name__)

SERVER = "org.freedesktop.Notifications"
SERVER_PATH = "/org/freedesktop/Notifications"
NOTIFICATIONS = DBusAddress(SERVER_PATH, bus_name=SERVER, interface=SERVER)
BUS_NAME = "org.freedesktop.DBus"
LINK_ERRORS = (RouterClosed, EOFError, OSError)  # the connection itself is gone


@dataclass(frozen=True)
class ServerInfo:
    name: str
    vendor: str
    version: str
    spec_version: str
    capabilities: frozenset[str]


@dataclass(frozen=True)
class Link:
    opener: open_dbus_router
    router: DBusRouter
    owner: str  # the unique bus name of the server; only its signals count
    server: ServerInfo
    side: SideConnection  # for calls a server may answer twice (see `SideConnection`)


class SideConnection:
    """A second connection to the bus for calls a server may answer twice. mako 1.7.1 (Debian
    12) answers GetCapabilities and ListModes with a return and then an UnknownMethod error
    for the same call (its handlers return 0, so sd-bus goes on looking for the method: mako
    src/dbus/xdg.c handle_get_capabilities); a second reply kills jeepney's asyncio router
    (set_result on a done future). Here one call runs at a time and replies are matched by
    serial, so a doubled or late reply is simply dropped."""

    def __init__(self, connection: DBusConnection) -> None:
        self._connection = connection
        self._lock = asyncio.Lock()

    async def call(self, message: Message, timeout: float) -> Message:
        async with self._lock:
            return await asyncio.wait_for(self._exchange(message), timeout)

    async def _exchange(self, message: Message) -> Message:
        serial = next(self._connection.outgoing_serial)
        await self._connection.send(message, serial=serial)
        while True:
            reply = await self._connection.receive()
            if reply.header.fields.get(HeaderFields.reply_serial) == serial:
                return reply

    async def close(self) -> None:
        with suppress(Exception):
            await self._connection.close()


def match_rules() -> list[MatchRule]:
    """The server's signals (ActionInvoked, NotificationClosed…) and its name changing hands."""
    owner_changed = MatchRule(
        type="signal",
        sender=BUS_NAME,
        interface=BUS_NAME,
        member="NameOwnerChanged",
        path="/org/freedesktop/DBus",
    )
    owner_changed.add_arg_condition(0, SERVER)
    return [MatchRule(type="signal", interface=SERVER, path=SERVER_PATH), owner_changed]


async def connect(bus: str, timeout: float) -> Link:
    """A link to the notification server on `bus` ("SESSION" or an address).

    Raises `Unavailable` when there is no bus or no running server."""
    opener = open_dbus_router(bus)
    try:
        router = await asyncio.wait_for(opener.__aenter__(), timeout)
    except (KeyError, RuntimeError, ValueError, TimeoutError, *LINK_ERRORS) as exc:
        raise Unavailable(_connect_failure(exc)) from exc
    side: SideConnection | None = None
    try:
        side = SideConnection(await asyncio.wait_for(open_dbus_connection(bus), timeout))
        owner, server = await _handshake(router, side, timeout)
    except BaseException as exc:
        if side is not None:
            await side.close()
        await shut(opener)
        if isinstance(exc, LINK_ERRORS):
            raise Unavailable(_connect_failure(exc)) from exc
        raise
    return Link(opener, router, owner, server, side)


async def shut(opener: open_dbus_router) -> None:
    """Close the router and its socket, whatever state the connection is in."""
    try:
        await opener.__aexit__(None, None, None)
    except Exception as exc:  # a router whose bus died re-raises the receiver's error here
        log.debug("closing the D-Bus router: %r", exc)
        if opener.conn is not None:
            with suppress(Exception):
                await opener.conn.close()


def _connect_failure(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return "DBUS_SESSION_BUS_ADDRESS is not set"
    if isinstance(exc, TimeoutError):
        return "the session bus did not answer"
    return f"cannot connect to the session bus ({exc})"


async def _call(router: DBusRouter, message: Message, timeout: float) -> tuple[Any, ...]:
    reply = await asyncio.wait_for(router.send_and_get_reply(message), timeout)
    body: tuple[Any, ...] = unwrap_msg(reply)
    return body


async def _handshake(
    router: DBusRouter, side: SideConnection, timeout: float
) -> tuple[str, ServerInfo]:
    try:
        (running,) = await _call(router, message_bus.NameHasOwner(SERVER), timeout)
        if not running:
            raise Unavailable(f"no notification server is running (nobody owns {SERVER})")
        for rule in match_rules():
            await _call(router, message_bus.AddMatch(rule), timeout)
        (owner,) = await _call(router, message_bus.GetNameOwner(SERVER), timeout)
        info = await _call(router, new_method_call(NOTIFICATIONS, "GetServerInformation"), timeout)
        capabilities = new_method_call(NOTIFICATIONS, "GetCapabilities")
        (caps,) = unwrap_msg(await side.call(capabilities, timeout))
    except (DBusErrorResponse, TimeoutError, *LINK_ERRORS) as exc:
        raise Unavailable(f"the notification server did not answer ({exc!r})") from exc
    name, vendor, version, spec_version = (str(part) for part in info[:4])
    server = ServerInfo(name, vendor, version, spec_version, frozenset(map(str, caps)))
    log.info(
        "notification server %s %s by %s (spec %s), capabilities: %s",
        server.name,
        server.version,
        server.vendor,
        server.spec_version,
        ", ".join(sorted(server.capabilities)),
    )
    if "actions" not in server.capabilities:
        log.warning("the notification server has no actions: clicking a toast will do nothing")
    return str(owner), server
