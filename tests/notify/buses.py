"""Test-side D-Bus helpers: a private bus daemon, a Notify eavesdropper, a fake server.

The fake server plays `org.freedesktop.Notifications` on a private bus so the tests can make a
server refuse a toast, leave the bus, or lack capabilities, which real dunst never does on cue.
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from jeepney import DBusAddress, HeaderFields, Message, MessageType, new_method_call
from jeepney.bus_messages import MatchRule, Monitoring, message_bus
from jeepney.io.asyncio import DBusConnection, DBusRouter, open_dbus_connection, open_dbus_router
from jeepney.wrappers import new_error, new_method_return, new_signal

SERVER = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
NOTIFICATIONS = DBusAddress(PATH, bus_name=SERVER, interface=SERVER)
EMITTER = DBusAddress(PATH, interface=SERVER)


@contextlib.contextmanager
def private_bus() -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """A throwaway `dbus-daemon --session` (its service dirs make dunst activatable)."""
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    try:
        yield address, daemon
    finally:
        daemon.kill()
        daemon.wait(5)
        daemon.stdout.close()


@dataclass
class NotifyCall:
    app_name: str
    replaces_id: int
    app_icon: str
    summary: str
    body: str
    actions: list[str]
    hints: dict[str, tuple[str, Any]]
    expire_timeout: int


class NotifyMonitor:
    """Records every Notify call on a bus, as `dbus-monitor` would (BecomeMonitor)."""

    def __init__(self, conn: DBusConnection) -> None:
        self._conn = conn
        self.calls: list[NotifyCall] = []
        self._task = asyncio.get_running_loop().create_task(self._read())

    @classmethod
    async def start(cls, bus: str = "SESSION") -> NotifyMonitor:
        conn = await open_dbus_connection(bus)
        rule = MatchRule(type="method_call", interface=SERVER, member="Notify")
        request = Monitoring().BecomeMonitor([rule.serialise()])
        await conn.send(request)
        while (await conn.receive()).header.message_type is not MessageType.method_return:
            pass
        return cls(conn)

    async def _read(self) -> None:
        while True:
            message = await self._conn.receive()
            if message.header.fields.get(HeaderFields.member) == "Notify":
                self.calls.append(NotifyCall(*message.body))

    async def close(self) -> None:
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        await self._conn.close()


@dataclass
class FakeServer:
    """A scriptable notification server; `refuse` makes Notify fail for those summaries;
    `doubled` answers those methods twice, a return then an UnknownMethod error, as mako 1.7.1
    does for GetCapabilities and ListModes."""

    router: DBusRouter
    opener: open_dbus_router
    capabilities: tuple[str, ...] = ("actions", "body", "body-markup")
    refuse: frozenset[str] = frozenset()
    doubled: frozenset[str] = frozenset()
    notified: dict[int, tuple[str, NotifyCall]] = field(default_factory=dict)
    next_id: int = 1
    task: asyncio.Task[None] | None = None

    @classmethod
    async def start(cls, bus: str, **options: Any) -> FakeServer:
        opener = open_dbus_router(bus)
        router = await opener.__aenter__()
        server = cls(router, opener, **options)
        queue: asyncio.Queue[Message] = asyncio.Queue()
        router.filter(MatchRule(type="method_call", interface=SERVER), queue=queue)
        properties = MatchRule(type="method_call", interface="org.freedesktop.DBus.Properties")
        router.filter(properties, queue=queue)  # no properties: every Get is an error
        server.task = asyncio.get_running_loop().create_task(server._serve(queue))
        await router.send_and_get_reply(message_bus.RequestName(SERVER))
        return server

    async def _serve(self, queue: asyncio.Queue[Message]) -> None:
        while True:
            call = await queue.get()
            await self.router.send(self._answer(call))
            if call.header.fields.get(HeaderFields.member) in self.doubled:
                await self.router.send(new_error(call, "org.freedesktop.DBus.Error.UnknownMethod"))

    def _answer(self, call: Message) -> Message:
        member = call.header.fields.get(HeaderFields.member)
        if member == "GetServerInformation":
            return new_method_return(call, "ssss", ("fake", "tests", "1.0", "1.2"))
        if member == "GetCapabilities":
            return new_method_return(call, "as", (list(self.capabilities),))
        if member == "Notify":
            notify = NotifyCall(*call.body)
            if notify.summary in self.refuse:
                return new_error(call, "org.freedesktop.DBus.Error.InvalidArgs", "s", ("no",))
            nid = notify.replaces_id if notify.replaces_id in self.notified else self.next_id
            self.next_id = max(self.next_id, nid + 1)
            self.notified[nid] = (call.header.fields[HeaderFields.sender], notify)
            return new_method_return(call, "u", (nid,))
        return new_error(call, "org.freedesktop.DBus.Error.UnknownMethod")

    async def emit(self, member: str, nid: int, arg: int | str) -> None:
        """Send ActionInvoked/NotificationClosed for `nid` to the client that created it."""
        signal = new_signal(EMITTER, member, "us" if isinstance(arg, str) else "uu", (nid, arg))
        signal.header.fields[HeaderFields.destination] = self.notified[nid][0]
        await self.router.send(signal)

    async def leave(self) -> None:
        await self.router.send_and_get_reply(message_bus.ReleaseName(SERVER))

    async def close(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
        try:
            await self.opener.__aexit__(None, None, None)
        except Exception:  # the bus died under us: close the socket by hand
            with contextlib.suppress(Exception):
                await self.opener.conn.close()


async def send_foreign_notify(router: DBusRouter, summary: str, urgency: int = 1) -> int:
    """A toast from another application (another connection), like `notify-send`."""
    reply = await router.send_and_get_reply(
        new_method_call(
            NOTIFICATIONS,
            "Notify",
            "susssasa{sv}i",
            (
                "other-app",
                0,
                "",
                summary,
                "not ours",
                ["default", "Go"],
                {"urgency": ("y", urgency)},
                -1,
            ),
        )
    )
    return int(reply.body[0])


async def has_owner(bus: str, name: str = SERVER) -> bool:
    async with open_dbus_router(bus) as router:
        reply = await router.send_and_get_reply(message_bus.NameHasOwner(name))
        return bool(reply.body[0])
