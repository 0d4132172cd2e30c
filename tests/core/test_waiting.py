"""The test harness's own waits (tests/support/waiting.py): a wait longer than its scenario's
bound fails at once instead of being cut short, and a bound that runs out names the wait that
was running."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.support.waiting import until, within


def test_a_wait_longer_than_its_scenario_fails_at_once() -> None:
    async def scenario() -> None:
        await until(lambda: False, "the toast", 30)

    start = time.monotonic()
    with pytest.raises(AssertionError, match=r"up to 30 s for the toast .* bounded at 15 s"):
        asyncio.run(within(scenario(), 15))
    assert time.monotonic() - start < 5, "said at once, not after the bound"


def test_a_bound_that_runs_out_names_the_running_wait() -> None:
    async def scenario() -> None:
        await asyncio.sleep(0.6)  # a slow first step (a slow machine)
        await until(lambda: False, "the live connection", 1)

    with pytest.raises(AssertionError, match=r"of its 1 s bound: it was waiting for the live c"):
        asyncio.run(within(scenario(), 1))


def test_a_wait_within_its_bound_says_what_was_missing() -> None:
    async def scenario() -> None:
        await until(lambda: False, "the summary", 0.2)

    with pytest.raises(AssertionError, match=r"timed out after 0\.2 s waiting for the summary"):
        asyncio.run(within(scenario(), 5))


def test_the_scenarios_own_timeout_error_is_its_own() -> None:
    async def scenario() -> None:
        raise TimeoutError("the server did not answer")

    with pytest.raises(TimeoutError, match="the server did not answer"):
        asyncio.run(within(scenario(), 5))


def test_outside_a_scenario_until_is_bounded_by_its_own_timeout() -> None:
    assert asyncio.run(until(lambda: True, "nothing", 60)) < 1
