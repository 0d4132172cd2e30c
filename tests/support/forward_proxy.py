"""A real forward proxy on loopback for the proxy scenarios: Debian's `tinyproxy`, started by
the test with a config it writes, the way a company network's proxy sits between the app and
Supabase.

- `websockets=True`: CONNECT is allowed to the stand-in's port, so the websocket goes through
  (websockets always tunnels with CONNECT through an HTTP proxy);
- `websockets=False`: CONNECT only to 443, the common corporate rule: plain HTTP requests
  (PostgREST, Auth on the stand-in's http:// URL) are forwarded, the websocket's CONNECT is
  answered 403 — the upgrade never reaches the server;
- `user`/`password`: basic authentication (`BasicAuth`); anything else is answered 407.

`restart(websockets=…)` stops it and starts it again on the same port with the new rule.
`pause()` stops the process (SIGSTOP) with every connection open, as a network that is gone
looks to the app (nothing answers, nothing closes); `resume()` lets it go on.
`requests()` counts what it forwarded and tunnelled, from its log.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

TINYPROXY = "/usr/bin/tinyproxy"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"nothing listens on port {port}") from None
            time.sleep(0.05)


class ForwardProxy:
    def __init__(
        self,
        directory: Path,
        target_port: int,
        *,
        websockets: bool,
        user: str | None = None,
        password: str | None = None,
    ) -> None:
        self._dir = directory
        self._dir.mkdir(parents=True, exist_ok=True)
        self.target_port = target_port
        self.websockets = websockets
        self.user = user
        self.password = password
        self.port = free_port()
        self.log = self._dir / "tinyproxy.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _config(self) -> Path:
        lines = [
            f"Port {self.port}",
            "Listen 127.0.0.1",
            "Timeout 600",
            "Allow 127.0.0.1",
            "MaxClients 100",
            "LogLevel Connect",
            f'LogFile "{self.log}"',
            "DisableViaHeader Yes",
            "ConnectPort 443",
        ]
        if self.websockets:
            lines.append(f"ConnectPort {self.target_port}")
        if self.user is not None:
            lines.append(f"BasicAuth {self.user} {self.password or ''}")
        path = self._dir / "tinyproxy.conf"
        path.write_text("\n".join(lines) + "\n")
        return path

    def start(self) -> ForwardProxy:
        assert self._process is None, "already running"
        binary = shutil.which("tinyproxy") or TINYPROXY
        self._process = subprocess.Popen(
            [binary, "-d", "-c", str(self._config())],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, 10)
        return self

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            process.send_signal(signal.SIGCONT)  # a paused one too
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)

    def pause(self) -> None:
        assert self._process is not None, "not running"
        self._process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self._process is not None, "not running"
        self._process.send_signal(signal.SIGCONT)

    def restart(self, *, websockets: bool) -> None:
        self.stop()
        self.websockets = websockets
        deadline = time.monotonic() + 10
        while True:  # the port is free again once the old process is gone
            try:
                self.start()
                return
            except TimeoutError:
                self.stop()
                if time.monotonic() > deadline:
                    raise

    def requests(self, part: str = "") -> int:
        """Requests in the log whose request line holds `part` ("CONNECT ", "/rest/v1/")."""
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return 0
        return sum(
            1
            for line in text.splitlines()
            if "Request (file descriptor" in line and part in line.partition("): ")[2]
        )
