"""Qt and desktop helpers shared by the tests: a qasync loop on pytest-qt's QApplication,
`run(coro)` on it with a timeout, and the session's real dunst through `dunstctl`."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import pytest
import qasync
from PySide6.QtWidgets import QApplication

T = TypeVar("T")


@pytest.fixture
def aloop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    """A qasync loop on pytest-qt's QApplication."""
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    # A failed scenario may leave tasks behind; end them while the loop can still run them.
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    loop.close()
    asyncio.set_event_loop(None)


@pytest.fixture
def run(aloop: qasync.QEventLoop) -> Any:
    """`run(coro)`: run a scenario on the qasync loop. The 120 s bound only stops a hang: the
    waits inside a scenario (`until(..., timeout)`) set its real limits and say what was
    missing; a shorter bound here silently cut their 20-30 s waits to 15 s under load."""

    def runner(coro: Coroutine[Any, Any, T], timeout: float = 120.0) -> T:
        return aloop.run_until_complete(asyncio.wait_for(coro, timeout))  # type: ignore[no-any-return]

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


@pytest.fixture
def dunst() -> Iterator[Dunst]:
    helper = Dunst()
    helper.ctl("close-all")
    deadline = time.monotonic() + 3
    while helper.displayed() and time.monotonic() < deadline:
        time.sleep(0.02)
    yield helper
    helper.ctl("close-all")
