"""Do-not-disturb as the Linux notification server states it, asked at each alert.

There is no standard for it in the notification spec, so each server is asked its own way,
chosen by the name it gives in GetServerInformation:
- dunst: the `paused` property of `org.dunstproject.cmd0` (`dunstctl set-paused true`); a paused
  dunst queues toasts and shows them all when it resumes, so they must not be sent at all;
- mako: the "do-not-disturb" mode, mako's documented convention (`makoctl mode -a
  do-not-disturb`), read with `fr.emersion.Mako.ListModes`;
- GNOME Shell: the `show-banners` setting of `org.gnome.desktop.notifications`, false when the
  user turned on "Do Not Disturb"; read through the settings portal
  (`org.freedesktop.portal.Settings.Read`), only if a portal is already running;
- anything else (KDE Plasma and others): the `Inhibited` property of
  `org.freedesktop.Notifications`, where the server has one.

The calls go over the link's side connection: mako answers some calls twice (see
`freedesktop_link.SideConnection`). An error or no answer means "not quiet": a toast too many
is better than an alert never shown.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from jeepney import DBusAddress, Message, MessageType, Properties, new_method_call
from jeepney.bus_messages import message_bus

if TYPE_CHECKING:
    from desktop_notifier.notify.freedesktop_link import SideConnection

log = logging.getLogger(__name__)

SERVER = "org.freedesktop.Notifications"
SERVER_PATH = "/org/freedesktop/Notifications"
DUNST = DBusAddress(SERVER_PATH, bus_name=SERVER, interface="org.dunstproject.cmd0")
MAKO = DBusAddress("/fr/emersion/Mako", bus_name=SERVER, interface="fr.emersion.Mako")
GENERIC = DBusAddress(SERVER_PATH, bus_name=SERVER, interface=SERVER)
PORTAL_NAME = "org.freedesktop.portal.Desktop"
PORTAL = DBusAddress(
    "/org/freedesktop/portal/desktop",
    bus_name=PORTAL_NAME,
    interface="org.freedesktop.portal.Settings",
)
MAKO_QUIET_MODE = "do-not-disturb"


class QuietProbe:
    """Asks one server, on `connection` (owned by the caller), whether it is quiet."""

    def __init__(self, connection: SideConnection, server_name: str, timeout: float) -> None:
        self._connection = connection
        self._server = server_name.lower()
        self._timeout = timeout
        self._unsupported = False

    async def quiet(self) -> bool:
        if self._unsupported:
            return False
        try:
            return await self._ask()
        except Exception as exc:  # no answer, an error reply, a bus gone: not quiet
            log.debug("do-not-disturb state unknown: %r", exc)
            return False

    async def _ask(self) -> bool:
        if self._server == "dunst":
            return bool(await self._property(DUNST, "paused"))
        if self._server == "mako":
            (modes,) = await self._body(new_method_call(MAKO, "ListModes"))
            return MAKO_QUIET_MODE in modes
        if self._server == "gnome-shell":
            return await self._gnome_quiet()
        reply = await self._reply(Properties(GENERIC).get("Inhibited"))
        if reply.header.message_type is MessageType.error:
            self._unsupported = True  # this server has no such property: stop asking
            return False
        return bool(reply.body[0][1])

    async def _gnome_quiet(self) -> bool:
        (running,) = await self._body(message_bus.NameHasOwner(PORTAL_NAME))
        if not running:  # never D-Bus-activate a portal just for this
            return False
        read = new_method_call(
            PORTAL, "Read", "ss", ("org.gnome.desktop.notifications", "show-banners")
        )
        (value,) = await self._body(read)
        while isinstance(value, tuple):  # Read wraps the setting in variants: v, or v in v
            value = value[1]
        return value is False

    async def _property(self, address: DBusAddress, name: str) -> Any:
        ((_signature, value),) = await self._body(Properties(address).get(name))
        return value

    async def _reply(self, message: Message) -> Message:
        return await self._connection.call(message, self._timeout)

    async def _body(self, message: Message) -> tuple[Any, ...]:
        reply = await self._reply(message)
        if reply.header.message_type is MessageType.error:
            raise LookupError(f"{reply.body!r}")
        return tuple(reply.body)
