"""Waiting on the running event loop for something the test expects: one polling helper for
every test that drives the app, the supervisor or the client through asyncio."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


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
