"""The accessible tree as a screen reader reads it: over AT-SPI, on the session's accessibility
bus (org.a11y.Bus, at-spi2-core), with jeepney. `tree(app_name)` walks one application's
accessibles: role, name, description, and whether it is showing."""

from __future__ import annotations

from dataclasses import dataclass

from jeepney import DBusAddress, Properties, new_method_call
from jeepney.io.blocking import DBusConnection, open_dbus_connection
from jeepney.wrappers import unwrap_msg

A11Y_BUS = DBusAddress("/org/a11y/bus", bus_name="org.a11y.Bus", interface="org.a11y.Bus")
REGISTRY_ROOT = ("org.a11y.atspi.Registry", "/org/a11y/atspi/accessible/root")
STATE_SHOWING = 25  # AtspiStateType ATSPI_STATE_SHOWING


def bus_address() -> str:
    """The accessibility bus's address (at-spi-bus-launcher starts it on first use)."""
    with open_dbus_connection("SESSION") as session:
        (address,) = unwrap_msg(
            session.send_and_get_reply(new_method_call(A11Y_BUS, "GetAddress"), timeout=10)
        )
    return str(address)


@dataclass(frozen=True)
class Node:
    role: str
    name: str
    description: str
    showing: bool
    depth: int
    parent_role: str


class Reader:
    def __init__(self, connection: DBusConnection) -> None:
        self._c = connection

    def _call(self, bus_name: str, path: str, method: str) -> object:
        address = DBusAddress(path, bus_name=bus_name, interface="org.a11y.atspi.Accessible")
        return unwrap_msg(self._c.send_and_get_reply(new_method_call(address, method), timeout=5))[
            0
        ]

    def _prop(self, bus_name: str, path: str, name: str) -> str:
        address = DBusAddress(path, bus_name=bus_name, interface="org.a11y.atspi.Accessible")
        reply = self._c.send_and_get_reply(Properties(address).get(name), timeout=5)
        return str(unwrap_msg(reply)[0][1])

    def applications(self) -> dict[str, tuple[str, str]]:
        found = {}
        for bus_name, path in self._call(*REGISTRY_ROOT, "GetChildren"):  # type: ignore[attr-defined]
            found[self._prop(bus_name, path, "Name")] = (bus_name, path)
        return found

    def walk(self, bus_name: str, path: str, depth: int = 0, parent: str = "") -> list[Node]:
        role = str(self._call(bus_name, path, "GetRoleName"))
        states = self._call(bus_name, path, "GetState")
        low = int(states[0]) if states else 0  # type: ignore[index]
        node = Node(
            role,
            self._prop(bus_name, path, "Name"),
            self._prop(bus_name, path, "Description"),
            bool(low & (1 << STATE_SHOWING)),
            depth,
            parent,
        )
        nodes = [node]
        for child_bus, child_path in self._call(bus_name, path, "GetChildren"):  # type: ignore[attr-defined]
            nodes += self.walk(child_bus, child_path, depth + 1, role)
        return nodes


def tree(address: str, app_name: str) -> list[Node] | None:
    """The application's accessibles, or None while it has not registered yet."""
    with open_dbus_connection(address) as connection:
        reader = Reader(connection)
        app = reader.applications().get(app_name)
        return None if app is None else reader.walk(*app)
