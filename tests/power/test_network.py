"""NetworkWatcher: the online belief, its wiring to QNetworkInformation, and the real glib
backend inside a network namespace whose default route and link the test takes away."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

import pytest
from PySide6.QtNetwork import QNetworkInformation
from PySide6.QtWidgets import QApplication

from desktop_notifier.system.network import NetworkWatcher, believe_online
from tests.support.netns import Namespace

R = QNetworkInformation.Reachability
REPO = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("netprobe.py")


@pytest.mark.parametrize(
    ("previous", "reachability", "expected"),
    [
        (True, R.Online, True),
        (False, R.Online, True),
        (True, R.Disconnected, False),
        (False, R.Disconnected, False),
        *[(p, r, p) for p in (True, False) for r in (R.Local, R.Site, R.Unknown)],
    ],
)
def test_belief(
    previous: bool, reachability: QNetworkInformation.Reachability, expected: bool
) -> None:
    assert believe_online(previous, reachability) is expected


def test_emits_only_on_real_transitions(qapp: QApplication) -> None:
    """Drives the real (loaded) backend object's signal by hand, through every state."""
    watcher = NetworkWatcher()
    watcher.start()
    info = QNetworkInformation.instance()
    assert watcher.backend == info.backendName()
    events: list[str] = []
    watcher.went_offline.connect(lambda: events.append("offline"))
    watcher.came_online.connect(lambda: events.append("online"))
    try:
        info.reachabilityChanged.emit(R.Online)  # whatever this machine's network is
        events.clear()
        sequence = [R.Site, R.Local, R.Unknown, R.Online, R.Disconnected, R.Disconnected]
        sequence += [R.Local, R.Site, R.Unknown, R.Online, R.Online, R.Site]
        seen = []
        for reachability in sequence:
            info.reachabilityChanged.emit(reachability)
            seen.append(watcher.is_online)
        assert events == ["offline", "online"]
        assert seen == [True] * 4 + [False] * 5 + [True] * 3
    finally:
        watcher.stop()
        info.reachabilityChanged.emit(R.Disconnected)  # no longer heard
        info.reachabilityChanged.emit(info.reachability())
    assert events == ["offline", "online"]
    assert watcher.is_online


class Probe:
    """netprobe.py in a subprocess (after `prefix`, e.g. `ip netns exec NS`); its stdout lines
    arrive in a queue."""

    def __init__(self, *options: str, prefix: Sequence[str] = ()) -> None:
        env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONUNBUFFERED="1")
        # Inside a namespace only netlink sees the namespace's routes (NetworkManager, if any,
        # would report the host's network), so pin GLib's monitor to it.
        env["GIO_USE_NETWORK_MONITOR"] = "netlink"
        self.process = subprocess.Popen(
            [*prefix, sys.executable, str(PROBE), *options],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.stderr: list[str] = []
        assert self.process.stdout is not None and self.process.stderr is not None
        self._pumps = [
            threading.Thread(target=self._pump, args=(stream, sink), daemon=True)
            for stream, sink in (
                (self.process.stdout, self.lines.put),
                (self.process.stderr, self.stderr.append),
            )
        ]
        for pump in self._pumps:
            pump.start()

    @staticmethod
    def _pump(stream: IO[str], sink: Callable[[str], None]) -> None:
        for line in stream:
            sink(line.rstrip("\n"))

    def next_line(self, timeout: float = 5.0) -> str:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            pytest.fail(f"the probe said nothing for {timeout} s; stderr: {self.stderr}")

    def quiet_for(self, seconds: float) -> list[str]:
        time.sleep(seconds)
        extra = []
        while not self.lines.empty():
            extra.append(self.lines.get())
        return extra

    def close(self) -> int:
        """Close its stdin (it quits), wait, and close the pipes."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            code = self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait(5)
        for pump in self._pumps:
            pump.join(5)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
        return code


@pytest.fixture
def probe_in(namespace: Namespace) -> Iterator[Probe]:
    probe = Probe(prefix=("ip", "netns", "exec", namespace.name))
    yield probe
    probe.close()


def test_route_and_link_loss_in_a_namespace(namespace: Namespace, probe_in: Probe) -> None:
    assert probe_in.next_line() == "READY glib True"

    namespace.delete_default_route()
    assert probe_in.next_line() == "OFFLINE False"
    namespace.add_default_route()
    assert probe_in.next_line() == "ONLINE True"
    assert probe_in.quiet_for(0.3) == []

    namespace.ip("link", "set", namespace.device, "down")  # the kernel drops the route too
    assert probe_in.next_line() == "OFFLINE False"
    namespace.ip("link", "set", namespace.device, "up")
    namespace.add_default_route()
    assert probe_in.next_line() == "ONLINE True"
    assert probe_in.quiet_for(0.3) == []


def test_without_a_backend_it_logs_once_and_stays_online() -> None:
    probe = Probe("--no-plugins")
    try:
        assert probe.next_line() == "READY none True"
        assert probe.quiet_for(0.3) == []
    finally:
        assert probe.close() == 0
    notes = [line for line in probe.stderr if "no network-information backend" in line]
    assert len(notes) == 1, probe.stderr
