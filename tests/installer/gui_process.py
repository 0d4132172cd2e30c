"""The tray app as a separate process, started the way a user or the OS starts it, and the
desktop seen from outside: windows found by title with `xdotool`, the app's log file read."""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_notifier.profile.directory import ENV_VAR as PROFILE_ENV
from tests.support.cli import COMMAND, cli_env


def windows_named(pattern: str) -> list[str]:
    """Ids of the visible top-level windows whose title matches the regex `pattern`."""
    done = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", pattern],
        capture_output=True,
        text=True,
        timeout=10,
    )
    return done.stdout.split()


def window_title(window: str) -> str:
    done = subprocess.run(
        ["xdotool", "getwindowname", window], capture_output=True, text=True, timeout=10
    )
    return done.stdout.strip()


def wait_for_window(pattern: str, timeout: float = 30.0, *, app: GuiApp | None = None) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = windows_named(pattern)
        if found:
            return found[0]
        if app is not None and app.proc.poll() is not None:
            raise AssertionError(f"the app exited ({app.proc.returncode}): {app.output()}")
        time.sleep(0.1)
    detail = app.log_tail() if app is not None else ""
    raise AssertionError(f"no window titled {pattern!r} within {timeout} s\n{detail}")


@dataclass
class GuiApp:
    """A running `desktop-notifier` (the tray app) on `profile` (given by `--profile` and by the
    environment: with a link on the command line every other argument is ignored)."""

    proc: subprocess.Popen[str]
    profile: Path
    stdout_path: Path

    @classmethod
    def start(
        cls,
        profile: Path,
        *extra: str,
        command: Sequence[str] = COMMAND,
        env: dict[str, str] | None = None,
    ) -> GuiApp:
        out = profile.parent / f"{profile.name}-app-{time.monotonic_ns()}.out"
        with open(out, "w") as sink:
            proc = subprocess.Popen(
                [*command, "--profile", str(profile), "--debug", *extra],
                stdout=sink,
                stderr=subprocess.STDOUT,
                text=True,
                env={**(cli_env() if env is None else env), PROFILE_ENV: str(profile)},
            )
        return cls(proc, profile, out)

    def output(self) -> str:
        return self.stdout_path.read_text(errors="replace")[-4000:]

    def log_text(self) -> str:
        path = self.profile / "logs" / "desktop-notifier.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def log_tail(self) -> str:
        return "log:\n" + self.log_text()[-3000:] + "\noutput:\n" + self.output()

    def wait_log(self, pattern: str, timeout: float = 30.0) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.search(pattern, self.log_text())
            if found:
                return found
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"no log line matching {pattern!r}\n{self.log_tail()}")

    def wait_output(self, text: str, timeout: float = 30.0) -> None:
        """Wait until the app's own output (stdout and stderr, e.g. a --demo app's log) says
        `text`."""
        deadline = time.monotonic() + timeout
        while text not in self.stdout_path.read_text(errors="replace"):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the app never said {text!r}\n{self.log_tail()}")
            time.sleep(0.1)

    def stop(self, timeout: float = 20.0) -> int:
        if self.proc.poll() is None:
            self.proc.terminate()
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"the app ignored SIGTERM\n{self.log_tail()}") from None


def launch(
    profile: Path,
    *args: str,
    command: Sequence[str] = COMMAND,
    env: dict[str, str] | None = None,
    timeout: float = 40.0,
) -> subprocess.CompletedProcess[str]:
    """A second launch, as a click on a link or on the menu entry would make."""
    return subprocess.run(
        [*command, "--profile", str(profile), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={
            **(cli_env() if env is None else env),
            "PYTHONUNBUFFERED": "1",
            PROFILE_ENV: str(profile),
        },
    )


def runtime_dir_sockets() -> list[str]:
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    return sorted(p.name for p in Path(runtime).glob("calls-notifier-*.sock")) if runtime else []
