"""What every benchmark shares: the stand-in on a private PostgreSQL with a signed-in profile,
the in-process tray app on a qasync loop, a Notify listener on its own thread, per-process
CPU/RSS/wake-up readings from /proc, and percentiles. No psutil: /proc is enough on Linux."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jeepney import HeaderFields, MessageType
from jeepney.bus_messages import MatchRule, Monitoring
from jeepney.io.blocking import open_dbus_connection

from desktop_notifier.common.clock import Clock, utc_now
from desktop_notifier.devstack.cluster import PostgresCluster
from tests.support.cli import configure
from tests.support.standin import REPO, Standin, start_standin

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(values: list[float], digits: int = 1) -> dict[str, float]:
    return {
        "p50": round(percentile(values, 0.5), digits),
        "p95": round(percentile(values, 0.95), digits),
        "p99": round(percentile(values, 0.99), digits),
        "max": round(max(values), digits) if values else float("nan"),
    }


def machine() -> dict[str, Any]:
    meminfo = Path("/proc/meminfo").read_text().split("\n")[0].split()
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(int(meminfo[1]) / 1024 / 1024, 1),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


# --- the stand-in and a signed-in profile ------------------------------------------------


@contextlib.contextmanager
def stack(root: Path, poll_interval: float = 0.05) -> Iterator[tuple[Standin, Path]]:
    """A private PostgreSQL, the stand-in on it, and a profile signed in with `configure`."""
    with PostgresCluster() as cluster:
        stand = bench_standin(root, cluster, poll_interval)
        try:
            yield stand, signed_in_profile(root, stand)
        finally:
            stand.stop()


def bench_standin(
    root: Path, cluster: PostgresCluster, poll_interval: float = 0.05, port: int | None = None
) -> Standin:
    """The stand-in on `cluster` (on `port`, else a free one). The benchmarks measure the app,
    so Realtime's events-per-second quota is off here."""
    return start_standin(
        root, postgres=cluster.dsn, poll_interval=poll_interval, events_per_second=0, port=port
    )


def signed_in_profile(root: Path, stand: Standin) -> Path:
    """`root/profile`, signed in to `stand` with `configure`."""
    profile = root / "profile"
    done = configure(profile, stand)
    if done.returncode != 0:
        raise RuntimeError(f"configure failed: {done.stderr}")
    return profile


# --- /proc readings ----------------------------------------------------------------------


@dataclass(frozen=True)
class ProcSample:
    at: float
    cpu_s: float  # user + system, all threads
    rss_kb: int
    hwm_kb: int
    switches: int  # voluntary + involuntary context switches, all threads
    threads: int


def _status(path: Path) -> dict[str, str]:
    fields = {}
    for line in path.read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return fields


def sample(pid: int | str = "self") -> ProcSample:
    base = Path(f"/proc/{pid}")
    stat = (base / "stat").read_text()
    parts = stat[stat.rindex(")") + 2 :].split()
    cpu = (int(parts[11]) + int(parts[12])) / CLOCK_TICKS
    status = _status(base / "status")
    switches = 0
    threads = 0
    for task in (base / "task").iterdir():
        with contextlib.suppress(FileNotFoundError):
            fields = _status(task / "status")
            switches += int(fields["voluntary_ctxt_switches"])
            switches += int(fields["nonvoluntary_ctxt_switches"])
            threads += 1
    return ProcSample(
        at=time.monotonic(),
        cpu_s=cpu,
        rss_kb=int(status["VmRSS"].split()[0]),
        hwm_kb=int(status["VmHWM"].split()[0]),
        switches=switches,
        threads=threads,
    )


# --- Notify on the session bus, seen from a thread of its own -----------------------------


@dataclass
class NotifySeen:
    at: float
    summary: str
    body: str
    replaces_id: int


@dataclass
class BusListener:
    """Records every `Notify` method call on the session bus (BecomeMonitor), with the
    monotonic time it arrived, on a thread so the app's busy loop does not delay it."""

    seen: list[NotifySeen] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> BusListener:
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(ready,), daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the bus monitor did not start")
        return self

    def _run(self, ready: threading.Event) -> None:
        conn = open_dbus_connection("SESSION")
        rule = MatchRule(type="method_call", interface="org.freedesktop.Notifications")
        conn.send(Monitoring().BecomeMonitor([rule.serialise()]))
        while conn.receive().header.message_type is not MessageType.method_return:
            pass
        ready.set()
        try:
            while not self._stop.is_set():
                try:
                    message = conn.receive(timeout=0.2)
                except TimeoutError:
                    continue
                arrived = time.monotonic()
                if message.header.fields.get(HeaderFields.member) == "Notify":
                    body = message.body
                    self.seen.append(NotifySeen(arrived, body[3], body[4], int(body[1])))
        finally:
            conn.close()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)


# --- the tray app in this process ----------------------------------------------------------


class InProcessApp:
    """`App(qapp, profile, KeyringSecrets(...))` on a qasync loop, as tests/desktop builds it."""

    def __init__(self, profile_dir: Path, clock: Clock | None = None) -> None:
        """`clock`: the app's wall clock (the soak benchmark simulates a day with one)."""
        from PySide6.QtWidgets import QApplication

        from desktop_notifier.app.tray_app import App
        from desktop_notifier.profile.credentials import KeyringSecrets
        from desktop_notifier.profile.directory import resolve
        from desktop_notifier.system.event_loop import new_event_loop

        self.qapp = QApplication.instance() or QApplication(["bench"])
        assert isinstance(self.qapp, QApplication)
        self.qapp.setQuitOnLastWindowClosed(False)
        self.loop = new_event_loop(self.qapp)
        asyncio.set_event_loop(self.loop)
        profile = resolve(str(profile_dir)).ensure()
        secrets = KeyringSecrets(profile.keyring_namespace)
        self.app = App(self.qapp, profile, secrets, clock=clock or utc_now)

    def run(self, coro: Coroutine[Any, Any, Any], timeout: float = 120.0) -> Any:
        return self.loop.run_until_complete(asyncio.wait_for(coro, timeout))

    def start_live(self, timeout: float = 30.0) -> None:
        from desktop_notifier.connection.supervisor import ConnectionState

        self.run(self.app.start())

        async def live() -> None:
            while self.app.status is None or self.app.status.state is not ConnectionState.LIVE:
                await asyncio.sleep(0.02)

        self.run(live(), timeout)

    def close(self) -> None:
        self.run(self.app.shutdown())
        self.loop.close()


async def wait_until(condition: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


def write_json(result: dict[str, Any], path: Path | None) -> None:
    print(json.dumps(result, indent=2))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(result, indent=2) + "\n")


# --- processes on the desktop: the tray app and the baseline -------------------------------


def tray_icons() -> int:
    """Named client windows embedded in the session's tray host (trayer), from
    `xwininfo -root -tree`: a tray icon is visible once its window is in there."""
    tree = subprocess.run(
        ["xwininfo", "-root", "-tree"], capture_output=True, text=True, timeout=5, check=False
    ).stdout.splitlines()
    count, panel_indent = 0, None
    for line in tree:
        indent = len(line) - len(line.lstrip())
        if panel_indent is None:
            if '("panel" "trayer")' in line:
                panel_indent = indent
            continue
        if line.strip() and indent <= panel_indent:
            break
        if line.strip().startswith("0x") and "(has no name)" not in line:
            count += 1
    return count


def app_command(profile: Path) -> list[str]:
    return [sys.executable, "-m", "desktop_notifier", "--profile", str(profile)]


BASELINE_COMMAND = [sys.executable, "-m", "benchmarks.baseline_tray"]
CLIENTS_BASELINE_COMMAND = [*BASELINE_COMMAND, "--with-clients"]


def launch(argv: list[str]) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=REPO
    )


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class LogTail:
    """New lines of the profile's log file since construction."""

    def __init__(self, profile: Path) -> None:
        self.path = profile / "logs" / "desktop-notifier.log"
        self.offset = self.path.stat().st_size if self.path.exists() else 0

    def contains(self, needle: str) -> bool:
        if not self.path.exists():
            return False
        with self.path.open("rb") as f:
            f.seek(self.offset)
            return needle.encode() in f.read()
