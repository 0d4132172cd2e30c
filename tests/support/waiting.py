"""Waiting on the running event loop for something the test expects: one polling helper for
every test that drives the app, the supervisor or the client through asyncio."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


async def until(
    condition: Callable[[], object], what: str, timeout: float = 20.0, *, poll: float = 0.02
) -> float:
    """Wait until `condition()` is true; returns the seconds waited. Fails after `timeout`."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        await asyncio.sleep(poll)
    return time.monotonic() - start


async def until_off_loop(
    probe: Callable[[], T], check: Callable[[T], object], what: str, timeout: float = 10.0
) -> T:
    """Like `until`, for a blocking `probe` (e.g. a D-Bus call the app under test answers):
    it runs in a worker thread so the loop, and Qt with it, keeps running. Returns the last
    value that passed `check`."""
    start = time.monotonic()
    while True:
        value = await asyncio.to_thread(probe)
        if check(value):
            return value
        if time.monotonic() - start > timeout:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}: {value!r}")
        await asyncio.sleep(0.05)
