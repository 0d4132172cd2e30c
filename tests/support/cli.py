"""Run the real `desktop-notifier` command as a user would: `configure` and `watch --json`
subprocesses on their own profile, with their output read line by line."""

from __future__ import annotations

import asyncio
import json
import os
import queue
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_notifier.profile.credentials import KeyringSecrets, Secrets
from desktop_notifier.profile.directory import resolve
from tests.support.standin import REPO, Standin

COMMAND = [sys.executable, "-m", "desktop_notifier"]


def cli_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}


def configure(
    profile: Path,
    stand: Standin,
    *,
    password: str | None = None,
    env: dict[str, str] | None = None,
    flags: tuple[str, ...] = (),
    **overrides: str,
) -> subprocess.CompletedProcess[str]:
    info = stand.info
    args = {
        "url": info["url"],
        "anon-key": info["anon_key"],
        "email": info["email"],
        **{k.replace("_", "-"): v for k, v in overrides.items()},
    }
    argv = [*COMMAND, "--profile", str(profile), "configure", "--password-stdin", *flags]
    for key, value in args.items():
        argv += [f"--{key}", value]
    return subprocess.run(
        argv,
        input=(info["password"] if password is None else password) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        env={**cli_env(), **(env or {})},
    )


def _pump(stream: Any, sink: queue.Queue[tuple[float, str]]) -> None:
    for line in iter(stream.readline, ""):
        sink.put((time.monotonic(), line.rstrip("\n")))


@dataclass
class Watch:
    """A running `desktop-notifier --profile P watch --json`."""

    proc: subprocess.Popen[str]
    stdout: queue.Queue[tuple[float, str]] = field(default_factory=queue.Queue)
    stderr: queue.Queue[tuple[float, str]] = field(default_factory=queue.Queue)
    states: list[str] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    pumps: list[threading.Thread] = field(default_factory=list)

    @classmethod
    def start(cls, profile: Path, *extra: str) -> Watch:
        proc = subprocess.Popen(
            [*COMMAND, "--profile", str(profile), *extra, "watch", "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_env(),
        )
        watch = cls(proc)
        for stream, sink in ((proc.stdout, watch.stdout), (proc.stderr, watch.stderr)):
            pump = threading.Thread(target=_pump, args=(stream, sink), daemon=True)
            pump.start()
            watch.pumps.append(pump)
        return watch

    def _drain_stderr(self) -> None:
        while True:
            try:
                _, line = self.stderr.get_nowait()
            except queue.Empty:
                return
            self.states.append(line)

    def wait_state(self, state: str, timeout: float = 30.0, *, after: int = 0) -> None:
        """Wait until a `[state]` line appears on stderr (after the first `after` lines)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._drain_stderr()
            if any(line.startswith(f"[{state}]") for line in self.states[after:]):
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self._drain_stderr()
        raise AssertionError(f"watch never reached {state!r}; stderr: {self.states[-20:]}")

    def next_alert(self, timeout: float = 15.0) -> tuple[float, dict[str, Any]]:
        try:
            at, line = self.stdout.get(timeout=timeout)
        except queue.Empty:
            self._drain_stderr()
            raise AssertionError(
                f"no alert within {timeout} s; stderr: {self.states[-20:]}"
            ) from None
        alert = json.loads(line)
        self.alerts.append(alert)
        return at, alert

    def collect(self, count: int, timeout: float = 20.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        got: list[dict[str, Any]] = []
        while len(got) < count:
            got.append(self.next_alert(max(deadline - time.monotonic(), 0.01))[1])
        return got

    def quiet(self, seconds: float = 1.5) -> list[dict[str, Any]]:
        """Alerts that still arrive within `seconds` (expected: none)."""
        extra = []
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                _, line = self.stdout.get(timeout=left)
            except queue.Empty:
                break
            extra.append(json.loads(line))
        return extra

    def stop(self) -> int:
        """Terminate, wait, and collect the last stderr lines into `states`."""
        if self.proc.poll() is None:
            self.proc.terminate()
        try:
            code = self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        for pump in self.pumps:
            pump.join(5)
        for stream in (self.proc.stdout, self.proc.stderr):  # read to the end by the pumps
            if stream is not None:
                stream.close()
        self._drain_stderr()
        return code


def watch_restore(directory: Path, url: str, stored: Secrets) -> Watch:
    """`watch` on a new profile in `directory` for `url`, restoring `stored` from the session's
    keyring, run until it stops signed out (stopped, and the keyring entry cleared, after)."""
    profile = resolve(str(directory)).ensure()
    secrets = KeyringSecrets(profile.keyring_namespace)
    (profile.directory / "settings.json").write_text(json.dumps({"url": url}))
    asyncio.run(secrets.save(stored))
    try:
        watch = Watch.start(profile.directory)
        try:
            watch.wait_state("signed_out")
        finally:
            watch.stop()
    finally:
        asyncio.run(secrets.clear())
    return watch
