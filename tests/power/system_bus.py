"""A private, system-like `dbus-daemon` for the whole test session, as a pytest plugin.

Qt opens (and caches) its system-bus connection as soon as a QApplication exists on xcb, so
`DBUS_SYSTEM_BUS_ADDRESS` must name our bus before that: the daemon is started in
`pytest_configure`, which runs while conftests load, before any fixture creates the
QApplication. `tests/power/conftest.py` pulls these hooks in; a top-level conftest may also load
this module with `pytest_plugins` (the hooks are idempotent). `checked_address()` (behind the
`private_system_bus` fixture) checks that Qt really talks to this bus and says what to fix if
it does not.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection
from PySide6.QtDBus import QDBusConnection, QDBusMessage

CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_requested_reply="true" send_type="method_return"/>
    <allow send_requested_reply="true" send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow receive_type="signal"/>
  </policy>
</busconfig>
"""


@dataclass
class SystemBus:
    address: str
    bus_id: str
    daemon: subprocess.Popen[str]
    directory: Path
    previous: str | None


BUS = pytest.StashKey[SystemBus]()
BUS_ERROR = pytest.StashKey[str]()


def _start() -> SystemBus:
    directory = Path(tempfile.mkdtemp(prefix="dn-system-bus-"))
    config = directory / "bus.conf"
    config.write_text(CONFIG.format(socket=directory / "system_bus_socket"))
    daemon = subprocess.Popen(
        ["dbus-daemon", "--config-file", str(config), "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # "Failed to set fd limit" is harmless
        text=True,
    )
    try:
        assert daemon.stdout is not None
        address = daemon.stdout.readline().strip()
        if not address:
            raise RuntimeError("dbus-daemon exited without printing its address")
        with open_dbus_connection(bus=address) as conn:  # its bus id (not the address's guid)
            (bus_id,) = conn.send_and_get_reply(message_bus.GetId(), timeout=5).body
    except BaseException:
        daemon.kill()
        daemon.wait(5)
        shutil.rmtree(directory, ignore_errors=True)
        raise
    previous = os.environ.get("DBUS_SYSTEM_BUS_ADDRESS")
    os.environ["DBUS_SYSTEM_BUS_ADDRESS"] = address
    return SystemBus(address, bus_id, daemon, directory, previous)


def pytest_configure(config: pytest.Config) -> None:
    if BUS in config.stash or BUS_ERROR in config.stash:
        return
    try:
        config.stash[BUS] = _start()
    except Exception as exc:  # reported by the tests that need the bus, not by every run
        config.stash[BUS_ERROR] = (
            f"could not start a private dbus-daemon (is it installed?): {exc!r}"
        )


def pytest_unconfigure(config: pytest.Config) -> None:
    bus = config.stash.get(BUS, None)
    if bus is None:
        return
    del config.stash[BUS]
    if bus.previous is None:
        os.environ.pop("DBUS_SYSTEM_BUS_ADDRESS", None)
    else:
        os.environ["DBUS_SYSTEM_BUS_ADDRESS"] = bus.previous
    bus.daemon.terminate()
    try:
        bus.daemon.wait(5)
    except subprocess.TimeoutExpired:
        bus.daemon.kill()
        bus.daemon.wait(5)
    if bus.daemon.stdout is not None:
        bus.daemon.stdout.close()
    shutil.rmtree(bus.directory, ignore_errors=True)


def _qt_system_bus_id() -> str:
    bus = QDBusConnection.systemBus()
    if not bus.isConnected():
        return f"<not connected: {bus.lastError().message()}>"
    call = QDBusMessage.createMethodCall(
        "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetId"
    )
    arguments = bus.call(call).arguments()
    return str(arguments[0]) if arguments else "<no answer>"


def checked_address(config: pytest.Config) -> str:
    """The private bus's address, once Qt's system bus is known to be it (needs the app)."""
    if BUS_ERROR in config.stash:
        pytest.fail(config.stash[BUS_ERROR])
    bus = config.stash.get(BUS, None)
    if bus is None:
        pytest.fail("tests.power.system_bus was not loaded as a plugin")
    seen = _qt_system_bus_id()
    if seen != bus.bus_id:
        pytest.fail(
            f"Qt's system bus ({seen}) is not the private test bus ({bus.bus_id}): something "
            "created the QApplication or used QDBusConnection.systemBus() before "
            'DBUS_SYSTEM_BUS_ADDRESS was set. Add `pytest_plugins = ["tests.power.system_bus"]` '
            "to tests/conftest.py so the bus starts before anything else."
        )
    return bus.address
