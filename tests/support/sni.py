"""The StatusNotifierItem tray as a host such as waybar sees it: the watcher's registered items,
an item's properties, its Activate method, and its com.canonical.dbusmenu menu (the host calls
AboutToShow, reads GetLayout, and sends Event "clicked" when the user picks an entry).

Blocking jeepney calls, made from a worker thread (`asyncio.to_thread`) so that the Qt loop of
the app under test keeps running and can answer them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from jeepney import DBusAddress, Properties, new_method_call
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection
from jeepney.wrappers import unwrap_msg

WATCHER = DBusAddress(
    "/StatusNotifierWatcher",
    bus_name="org.kde.StatusNotifierWatcher",
    interface="org.kde.StatusNotifierWatcher",
)


def _call(message: Any) -> Any:
    with open_dbus_connection("SESSION") as connection:
        return unwrap_msg(connection.send_and_get_reply(message, timeout=5))


@dataclass(frozen=True)
class MenuEntry:
    id: int
    label: str
    enabled: bool
    visible: bool
    children: tuple[MenuEntry, ...]


def _entry(node: tuple[int, dict[str, tuple[str, Any]], list[tuple[str, Any]]]) -> MenuEntry:
    number, props, children = node
    return MenuEntry(
        number,
        str(props.get("label", ("s", ""))[1]),
        bool(props.get("enabled", ("b", True))[1]),
        bool(props.get("visible", ("b", True))[1]),
        tuple(_entry(child[1]) for child in children),
    )


@dataclass(frozen=True)
class Item:
    """One registered StatusNotifierItem ("<bus name>/<path>" as the watcher lists it)."""

    bus_name: str
    path: str

    @property
    def address(self) -> DBusAddress:
        return DBusAddress(
            self.path, bus_name=self.bus_name, interface="org.kde.StatusNotifierItem"
        )

    def properties(self) -> dict[str, Any]:
        (values,) = _call(Properties(self.address).get_all())
        return {name: value for name, (_signature, value) in values.items()}

    def pid(self) -> int:
        (pid,) = _call(message_bus.GetConnectionUnixProcessID(self.bus_name))
        return int(pid)

    def activate(self, x: int = 0, y: int = 0) -> None:
        """What the host does on a left click."""
        _call(new_method_call(self.address, "Activate", "ii", (x, y)))

    def _menu(self) -> DBusAddress:
        path = self.properties()["Menu"]
        return DBusAddress(path, bus_name=self.bus_name, interface="com.canonical.dbusmenu")

    def menu(self) -> MenuEntry:
        """The menu as the host shows it after a right click: AboutToShow, then GetLayout."""
        menu = self._menu()
        _call(new_method_call(menu, "AboutToShow", "i", (0,)))
        _revision, root = _call(new_method_call(menu, "GetLayout", "iias", (0, -1, [])))
        return _entry(root)

    def click(self, entry: MenuEntry) -> None:
        """The user picks `entry` in the host's menu."""
        event = ("clicked", ("i", 0), 0)
        _call(new_method_call(self._menu(), "Event", "isvu", (entry.id, *event)))


def registered_items() -> list[Item]:
    (items,) = _call(Properties(WATCHER).get("RegisteredStatusNotifierItems"))
    found = []
    for service in items[1]:
        bus_name, slash, path = str(service).partition("/")
        found.append(Item(bus_name, slash + path if slash else "/StatusNotifierItem"))
    return found


def our_item() -> Item | None:
    """The item this process registered, if any."""
    for item in registered_items():
        if item.pid() == os.getpid():
            return item
    return None


def flatten(entry: MenuEntry) -> list[MenuEntry]:
    entries = [entry]
    for child in entry.children:
        entries += flatten(child)
    return entries
