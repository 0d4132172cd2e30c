"""Network namespaces for the tests and the benchmark, the one place that makes them.

`Namespace` and `namespace_pair` make a namespace with a veth link to a peer that plays the
router and a default route through it, and always delete both (the `namespace` fixture of
tests/power wraps them); `delete_orphans` removes pairs left by a killed run. `open_path` then
builds a network path the test can cut: the stand-in listens on the peer's loopback, a relay
on each side carries `http://127.0.0.1:PORT` in the app's namespace to it through the route,
so deleting the route cuts the app off for real, and the OS (GLib's netlink monitor) sees the
network go.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import selectors
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_notifier.devstack.cluster import PostgresCluster
from tests.support.cli import COMMAND, Watch, _pump, cli_env
from tests.support.outage import LIVE_SOURCE
from tests.support.relay import stop as stop_relay
from tests.support.standin import JWT_SECRET, REPO, Standin

SERVER_ADDRESS = "203.0.113.1"  # on the peer's loopback, reachable only through the route


@dataclass(frozen=True)
class Namespace:
    """A network namespace with one veth link to a peer namespace that plays the router."""

    name: str
    peer: str
    device: str = "v0"
    gateway: str = "198.51.100.1"

    def ip(self, *args: str) -> None:
        """Run `ip -n <namespace> ARGS` from outside the namespace."""
        ip("-n", self.name, *args)

    def add_default_route(self) -> None:
        self.ip("route", "add", "default", "via", self.gateway, "dev", self.device)

    def delete_default_route(self) -> None:
        self.ip("route", "del", "default")


def ip(*args: str, check: bool = True) -> None:
    done = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=10)
    if check and done.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)} failed: {done.stderr.strip()}")


def delete_orphans(tag: str) -> None:
    """Delete the `tag` namespaces left by a run that was killed (their pid is gone)."""
    listing = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, timeout=10)
    pattern = rf"(dn-{re.escape(tag)}-(\d+)(?:-peer)?)(?: \(id: \d+\))?"
    for line in listing.stdout.splitlines():
        match = re.fullmatch(pattern, line.strip())
        if match is None:
            continue
        try:
            os.kill(int(match.group(2)), 0)
        except ProcessLookupError:
            ip("netns", "del", match.group(1), check=False)
        except PermissionError:
            pass  # alive, someone else's


@contextlib.contextmanager
def namespace_pair(tag: str = "bench") -> Iterator[Namespace]:
    """A namespace `dn-TAG-PID` with a veth link to its peer `dn-TAG-PID-peer` and a default
    route through it; both always deleted afterwards (also when setup fails half way)."""
    ns = Namespace(name=f"dn-{tag}-{os.getpid()}", peer=f"dn-{tag}-{os.getpid()}-peer")
    try:
        ip("netns", "add", ns.name)
        ip("netns", "add", ns.peer)
        ns.ip("link", "add", ns.device, "type", "veth", "peer", "name", "v1", "netns", ns.peer)
        ns.ip("addr", "add", "198.51.100.2/24", "dev", ns.device)
        ip("-n", ns.peer, "addr", "add", f"{ns.gateway}/24", "dev", "v1")
        ip("-n", ns.peer, "link", "set", "v1", "up")
        ns.ip("link", "set", "lo", "up")
        ns.ip("link", "set", ns.device, "up")
        ns.add_default_route()
        yield ns
    finally:
        for name in (ns.name, ns.peer):
            ip("netns", "del", name, check=False)


def run_in(namespace: str) -> list[str]:
    return ["ip", "netns", "exec", namespace]


def unix_dsn(cluster: PostgresCluster) -> str:
    """The cluster over its Unix socket: reachable from any network namespace."""
    return (
        f"host={cluster.data_dir} port={cluster.port} user=postgres "
        f"password={cluster.password} dbname=postgres"
    )


def _env() -> dict[str, str]:
    """The commands' environment: GLib watches the namespace's own routes (only netlink sees
    them), and there is no display at all, as on a server (`watch` needs none)."""
    env = {**cli_env(), "GIO_USE_NETWORK_MONITOR": "netlink", "QT_QPA_PLATFORM": "xcb"}
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "XAUTHORITY"):
        env.pop(name, None)
    return env


@dataclass
class CutPath:
    namespace: Namespace
    standin: Standin
    port: int
    relays: list[subprocess.Popen[str]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cut(self) -> None:
        self.namespace.delete_default_route()

    def restore(self) -> None:
        self.namespace.add_default_route()

    def configure(self, profile: Path) -> subprocess.CompletedProcess[str]:
        info = self.standin.info
        argv = [*run_in(self.namespace.name), *COMMAND, "--profile", str(profile), "configure"]
        argv += ["--password-stdin", "--url", self.url, "--anon-key", info["anon_key"]]
        argv += ["--email", info["email"], "--source", LIVE_SOURCE["source"]]
        return subprocess.run(
            argv,
            input=info["password"] + "\n",
            capture_output=True,
            text=True,
            timeout=60,
            env=_env(),
        )

    def watch(self, profile: Path) -> Watch:
        proc = subprocess.Popen(
            [*run_in(self.namespace.name), *COMMAND, "--profile", str(profile), "watch", "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        watch = Watch(proc)
        threading.Thread(target=_pump, args=(proc.stdout, watch.stdout), daemon=True).start()
        threading.Thread(target=_pump, args=(proc.stderr, watch.stderr), daemon=True).start()
        return watch

    def close(self) -> None:
        for relay in self.relays:
            stop_relay(relay, 5)
        self.standin.stop()


def _first_line(proc: subprocess.Popen[str], timeout: float) -> str:
    assert proc.stdout is not None
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if sel.select(timeout=0.2):
            return proc.stdout.readline()
    return ""


def _relay(namespace: str, listen: str, port: int, target: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "tests.support.relay", listen, str(port), target, str(port)]
    relay = subprocess.Popen(
        [*run_in(namespace), *command],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=_env(),
        cwd=REPO,
    )
    if _first_line(relay, 20).strip() != "READY":
        relay.kill()
        raise AssertionError("the relay did not start")
    return relay


def _standin_in(namespace: str, tmp_path: Path, cluster: PostgresCluster) -> Standin:
    log_path = tmp_path / "standin-netns.log"
    argv = [*run_in(namespace), sys.executable, "-m", "desktop_notifier.devstack"]
    argv += ["--poll-interval", "0.02", "--jwt-secret", JWT_SECRET]
    env = {**_env(), "DEVSTACK_POSTGRES": unix_dsn(cluster)}  # (its password stays out of argv)
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=log, text=True, env=env, cwd=REPO
        )
    line = _first_line(proc, 60)
    if line:
        info: dict[str, Any] = json.loads(line)
        return Standin(proc, info, log_path)
    proc.kill()
    raise AssertionError(f"the stand-in did not start: {log_path.read_text()[-2000:]}")


def open_path(namespace: Namespace, tmp_path: Path, cluster: PostgresCluster) -> CutPath:
    """The stand-in in the peer namespace and the relays; `close()` when done."""
    subprocess.run(["ip", "-n", namespace.peer, "link", "set", "lo", "up"], check=True)
    subprocess.run(
        ["ip", "-n", namespace.peer, "addr", "add", f"{SERVER_ADDRESS}/32", "dev", "lo"],
        check=True,
    )
    standin = _standin_in(namespace.peer, tmp_path, cluster)
    path = CutPath(namespace, standin, standin.port)
    try:
        path.relays.append(_relay(namespace.peer, SERVER_ADDRESS, path.port, "127.0.0.1"))
        path.relays.append(_relay(namespace.name, "127.0.0.1", path.port, SERVER_ADDRESS))
    except BaseException:
        path.close()
        raise
    return path
