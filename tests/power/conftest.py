"""Fixtures for the sleep/wake and network tests: the private system bus (started before any
QApplication exists, see `system_bus.py`), a fake logind, injectable clocks, a bus that is not
there, and network namespaces (root only)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display needed outside the session

import pytest
from PySide6.QtDBus import QDBusConnection
from PySide6.QtWidgets import QApplication

from desktop_notifier.system.power import SleepWatcher
from tests.power.fake_logind import FakeLogind
from tests.power.system_bus import (  # noqa: F401 - pytest finds the hooks by name
    checked_address,
    pytest_configure,
    pytest_unconfigure,
)
from tests.support.netns import Namespace, delete_orphans, namespace_pair


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


@pytest.fixture
def namespace() -> Iterator[Namespace]:
    """A fresh namespace pair (`tests.support.netns`), always deleted afterwards."""
    if os.geteuid() != 0:
        pytest.fail(
            "the network tests create network namespaces with `ip netns` and must run as root"
        )
    delete_orphans("power")
    with namespace_pair("power") as ns:
        yield ns
