"""Qt and desktop helpers shared by the tests: a qasync loop on pytest-qt's QApplication,
`run(coro)` on it within a bound, and the session's real notification server: dunst through
`dunstctl` on X11, mako through `makoctl` on Wayland (scripts/wayland-session.sh)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
import qasync
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop_notifier.system.event_loop import new_event_loop
from tests.support.waiting import until_blocking, within

T = TypeVar("T")


@pytest.fixture
def aloop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    """The app's qasync loop (system/event_loop.py) on pytest-qt's QApplication."""
    loop = new_event_loop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    # A failed scenario may leave tasks behind; end them while the loop can still run them.
    # Ending one may start another (a socket's close, an inner wait), so go on until none is
    # left: a task the loop never steps would be collected later as "never awaited" and fail
    # whichever test happens to be running then.
    for _ in range(10):
        pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
        if not pending:
            break
        for task in pending:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    loop.close()
    asyncio.set_event_loop(None)


def pytest_timeout_of(request: pytest.FixtureRequest) -> float | None:
    """The pytest-timeout of the running test (its `timeout` mark, else the ini `timeout`)."""
    marker = request.node.get_closest_marker("timeout")
    if marker is not None and marker.args:
        return float(marker.args[0])
    configured = request.config.getini("timeout")
    return float(configured) if configured else None


@pytest.fixture
def run(aloop: qasync.QEventLoop, request: pytest.FixtureRequest) -> Any:
    """`run(coro, timeout=120)`: run a scenario on the qasync loop, bounded by `within`
    (tests/support/waiting.py): the bound only stops a hang, the waits inside set the real
    limits, and a wait longer than the bound fails at once instead of being cut short. The
    bound stays below the test's pytest-timeout, which would otherwise cut the scenario."""
    limit = pytest_timeout_of(request)

    def runner(coro: Coroutine[Any, Any, T], timeout: float = 120.0) -> T:
        if limit is not None and timeout >= limit:
            coro.close()
            raise AssertionError(
                f"a {timeout:g} s scenario in a test whose pytest-timeout is {limit:g} s: "
                "pytest-timeout would cut it; mark the test with a larger timeout"
            )
        result: T = aloop.run_until_complete(within(coro, timeout))  # qasync is untyped
        return result

    return runner


class Dunst:
    """The session's real dunst, through `dunstctl`."""

    def ctl(self, *args: str) -> str:
        done = subprocess.run(
            ["dunstctl", *args], check=True, capture_output=True, text=True, timeout=5
        )
        return done.stdout

    def displayed(self) -> int:
        return int(self.ctl("count", "displayed"))

    def history(self) -> dict[int, dict[str, Any]]:
        entries = json.loads(self.ctl("history"))["data"][0]
        return {e["id"]["data"]: {k: v["data"] for k, v in e.items()} for e in entries}

    def click_newest(self) -> None:
        """What a left click on the newest toast does: its default action."""
        self.ctl("action", "0")

    def close_all(self) -> None:
        self.ctl("close-all")

    def invoke(self, nid: int, action: str) -> None:
        """Choose `action` of toast `nid` from dunst's context menu (scripts/dunstrc's dmenu
        picks the line holding "[<nid>,<action>]")."""
        (Path(os.environ["HOME"]) / "dunst-menu-pick").write_text(f"[{nid},{action}]\n")
        self.ctl("context")

    def set_quiet(self, quiet: bool) -> None:
        """Do-not-disturb on or off, as the user does it (dunst: pause)."""
        self.ctl("set-paused", "true" if quiet else "false")

    def waiting(self) -> int:
        """Toasts a paused server keeps to show when it resumes."""
        return int(self.ctl("count", "waiting"))


class Mako(Dunst):
    """The Wayland session's real mako, through `makoctl`, with the same questions."""

    def ctl(self, *args: str) -> str:
        done = subprocess.run(
            ["makoctl", *args], check=True, capture_output=True, text=True, timeout=5
        )
        return done.stdout

    def shown(self) -> list[dict[str, Any]]:
        entries = json.loads(self.ctl("list"))["data"][0]
        return [{k: v["data"] for k, v in e.items()} for e in entries]

    def displayed(self) -> int:
        return len(self.shown())

    def history(self) -> dict[int, dict[str, Any]]:
        """mako keeps no history of dismissed toasts over D-Bus: the ones on screen."""
        return {e["id"]: e for e in self.shown()}

    def click_newest(self) -> None:
        self.ctl("invoke")

    def close_all(self) -> None:
        self.ctl("dismiss", "--all")

    def invoke(self, nid: int, action: str) -> None:
        self.ctl("invoke", "-n", str(nid), action)

    def set_quiet(self, quiet: bool) -> None:
        """mako's convention: the "do-not-disturb" mode (made invisible in its config)."""
        self.ctl("mode", "-a" if quiet else "-r", "do-not-disturb")

    def waiting(self) -> int:
        return 0  # mako's invisible mode holds nothing back: it is just not drawn


def wayland_session() -> bool:
    return os.environ.get("DN_SESSION_KIND") == "wayland"


ARTIFACTS = Path("/tmp/dn-artifacts")


def screenshot(name: str) -> Path:
    """The whole screen into /tmp/dn-artifacts: Qt's grab on X11; grim on Wayland (there a
    client may not read the screen)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    if wayland_session():
        grim = [os.environ["DN_GRIM"], "-"]
        path.write_bytes(subprocess.run(grim, check=True, capture_output=True, timeout=10).stdout)
    else:
        assert QGuiApplication.primaryScreen().grabWindow(0).save(str(path))
    return path


@pytest.fixture(autouse=True)
def _toasts_dismissed() -> Iterator[None]:
    """After each test in a desktop session, its toasts are dismissed, as a user clears them:
    toasts never expire in the test sessions, and hundreds left on screen by earlier tests
    slowed dunst's every Notify to a quarter of a second (it redraws each one)."""
    yield
    if os.environ.get("DN_DESKTOP_SESSION"):
        (Mako() if wayland_session() else Dunst()).close_all()


@pytest.fixture
def dunst() -> Iterator[Dunst]:
    """The session's notification server (dunst on X11, mako on Wayland), emptied."""
    helper = Mako() if wayland_session() else Dunst()
    helper.set_quiet(False)
    helper.close_all()
    until_blocking(lambda: not helper.displayed(), "the toasts closed", 3, poll=0.02)
    yield helper
    helper.close_all()
