"""Waiting on the running event loop for something the test expects: one polling helper for
every test that drives the app, the supervisor or the client through asyncio (`until`), and the
bound around a whole scenario (`within`).

The two are consistent: the scenario's bound only stops a hang, each `until` sets the real
limit of its wait and says what was missing. A wait that could outlast its scenario's bound
fails at once, saying so, instead of being silently cut short; and when the bound does run out,
the failure names the wait that was running."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass
class _Scenario:
    bound: float
    waiting_for: str = ""
    wait_started: float = 0.0
    wait_timeout: float = 0.0


_SCENARIO: ContextVar[_Scenario | None] = ContextVar("scenario", default=None)


async def until(
    condition: Callable[[], object], what: str, timeout: float = 20.0, *, poll: float = 0.02
) -> float:
    """Wait until `condition()` is true; returns the seconds waited. Fails after `timeout`."""
    scenario = _SCENARIO.get()
    if scenario is not None:
        if timeout > scenario.bound:
            raise AssertionError(
                f"waiting up to {timeout:g} s for {what} inside a scenario bounded at "
                f"{scenario.bound:g} s: the bound would cut this wait short; raise the bound"
            )
        scenario.waiting_for, scenario.wait_timeout = what, timeout
        scenario.wait_started = time.monotonic()
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        await asyncio.sleep(poll)  # cancelled by the bound: `within` reports this wait
    if scenario is not None:
        scenario.waiting_for = ""
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


def until_blocking(
    condition: Callable[[], object], what: str, timeout: float = 20.0, *, poll: float = 0.05
) -> float:
    """`until` for a test with no event loop (it drives subprocesses): blocks while it polls."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(poll)
    return time.monotonic() - start


async def within(coro: Coroutine[Any, Any, T], bound: float) -> T:
    """Run a scenario with a bound that only stops a hang (see the module docstring)."""
    scenario = _Scenario(bound)
    token = _SCENARIO.set(scenario)  # the scenario's task copies this context
    start = time.monotonic()
    try:
        return await asyncio.wait_for(coro, bound)
    except TimeoutError:
        if time.monotonic() - start < bound:
            raise  # the scenario's own TimeoutError, not the bound
        doing = "no wait was running"
        if scenario.waiting_for:
            waited = time.monotonic() - scenario.wait_started
            doing = (
                f"it was waiting for {scenario.waiting_for} "
                f"({waited:.1f} s of its {scenario.wait_timeout:g} s)"
            )
        raise AssertionError(
            f"the scenario ran out of its {bound:g} s bound: {doing}; a scenario whose waits "
            "add up to more needs a larger bound"
        ) from None
    finally:
        _SCENARIO.reset(token)
