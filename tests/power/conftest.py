"""Fixtures for the sleep/wake and network tests: the private system bus (started before any
QApplication exists, see `system_bus.py`), a fake logind, injectable clocks, a bus that is not
there, and network namespaces (root only)."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display needed outside the session

import pytest
from PySide6.QtDBus import QDBusConnection
from PySide6.QtWidgets import QApplication

from desktop_notifier.power import SleepWatcher
from tests.power.fake_logind import FakeLogind
from tests.power.system_bus import (  # noqa: F401 - pytest finds the hooks by name
    checked_address,
    pytest_configure,
    pytest_unconfigure,
)


@dataclass
class FakeClocks:
    """A wall clock and a monotonic clock that move only when the test says so."""

    wall: float = 1_795_000_000.0
    mono: float = 1_000.0

    def wall_clock(self) -> float:
        return self.wall

    def monotonic_clock(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        """Time passes normally: both clocks move together."""
        self.wall += seconds
        self.mono += seconds

    def suspend(self, seconds: float) -> None:
        """The machine sleeps: the wall clock moves, the monotonic clock (Linux) does not."""
        self.wall += seconds


@pytest.fixture(scope="session")
def private_system_bus(pytestconfig: pytest.Config, qapp: QApplication) -> str:
    """The private system bus's address; fails clearly if Qt's system bus is another one."""
    return checked_address(pytestconfig)


@pytest.fixture
def clocks() -> FakeClocks:
    return FakeClocks()


@pytest.fixture
def no_system_bus(qapp: QApplication) -> Iterator[QDBusConnection]:
    """A system-bus connection that failed, as on a machine without a system D-Bus."""
    name = "dn-power-no-system-bus"
    bus = QDBusConnection.connectToBus("unix:path=/nonexistent/dn-no-bus", name)
    assert not bus.isConnected()
    yield bus
    QDBusConnection.disconnectFromBus(name)


@pytest.fixture
def make_watcher(qapp: QApplication) -> Iterator[Callable[..., SleepWatcher]]:
    """Build started SleepWatchers; each is stopped and deleted after the test."""
    watchers: list[SleepWatcher] = []

    def make(**options: Any) -> SleepWatcher:
        watcher = SleepWatcher(**options)
        watchers.append(watcher)
        watcher.start()
        return watcher

    yield make
    for watcher in watchers:
        watcher.stop()
        watcher.deleteLater()
    qapp.processEvents()


@pytest.fixture
def fake_logind(private_system_bus: str) -> Iterator[FakeLogind]:
    with FakeLogind(private_system_bus) as fake:
        yield fake
    assert fake.error is None, f"the fake logind failed: {fake.error!r}"


# --- network namespaces ----------------------------------------------------------------------


@dataclass(frozen=True)
class Namespace:
    """A network namespace with one veth link to a peer namespace that plays the router."""

    name: str
    peer: str
    device: str = "v0"
    gateway: str = "198.51.100.1"

    def ip(self, *args: str) -> None:
        """Run `ip -n <namespace> ARGS` from outside the namespace."""
        _ip("-n", self.name, *args)

    def add_default_route(self) -> None:
        self.ip("route", "add", "default", "via", self.gateway, "dev", self.device)

    def delete_default_route(self) -> None:
        self.ip("route", "del", "default")


def _ip(*args: str, check: bool = True) -> None:
    done = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=10)
    if check and done.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)} failed: {done.stderr.strip()}")


def _delete_orphans() -> None:
    """Delete namespaces left by a test run that was killed (their pid is gone)."""
    listing = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, timeout=10)
    for line in listing.stdout.splitlines():
        match = re.fullmatch(r"(dn-power-(\d+)(?:-peer)?)(?: \(id: \d+\))?", line.strip())
        if match is None:
            continue
        try:
            os.kill(int(match.group(2)), 0)
        except ProcessLookupError:
            _ip("netns", "del", match.group(1), check=False)
        except PermissionError:
            pass  # alive, someone else's


@pytest.fixture
def namespace() -> Iterator[Namespace]:
    """A fresh namespace pair, always deleted afterwards (also when setup fails half way)."""
    if os.geteuid() != 0:
        pytest.fail(
            "the network tests create network namespaces with `ip netns` and must run as root"
        )
    _delete_orphans()
    ns = Namespace(name=f"dn-power-{os.getpid()}", peer=f"dn-power-{os.getpid()}-peer")
    try:
        _ip("netns", "add", ns.name)
        _ip("netns", "add", ns.peer)
        ns.ip("link", "add", ns.device, "type", "veth", "peer", "name", "v1", "netns", ns.peer)
        ns.ip("addr", "add", "198.51.100.2/24", "dev", ns.device)
        _ip("-n", ns.peer, "addr", "add", f"{ns.gateway}/24", "dev", "v1")
        _ip("-n", ns.peer, "link", "set", "v1", "up")
        ns.ip("link", "set", "lo", "up")
        ns.ip("link", "set", ns.device, "up")
        ns.add_default_route()
        yield ns
    finally:
        for name in (ns.name, ns.peer):
            _ip("netns", "del", name, check=False)
