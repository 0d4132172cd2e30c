"""The app's event loop (system/event_loop.py): a task that Qt steps in qasync's last pass
over its events, after a run ended, still finds its loop running, so an `asyncio.wait_for` in
it works and nothing is collected unawaited (the unawaited `Event.wait` that failed a CI run)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from desktop_notifier.system.event_loop import new_event_loop


def test_a_task_stepped_as_a_run_ends_finds_its_loop(qapp: QApplication) -> None:
    loop = new_event_loop(qapp)
    asyncio.set_event_loop(loop)
    outcomes: list[str] = []

    async def waiter() -> None:
        try:
            await asyncio.wait_for(asyncio.Event().wait(), 0.01)
        except (TimeoutError, RuntimeError) as exc:
            outcomes.append(type(exc).__name__)

    async def ends() -> None:
        # scheduled by a callback that runs after the one stopping the loop: Qt steps it in
        # the last pass, outside `run_forever`
        task = asyncio.current_task()
        assert task is not None
        task.add_done_callback(lambda _: asyncio.ensure_future(waiter()))

    try:
        for _ in range(3):
            loop.run_until_complete(ends())
            assert asyncio.events._get_running_loop() is None, "no loop runs between runs"
        loop.run_until_complete(asyncio.sleep(0.1))
    finally:
        loop.close()
        asyncio.set_event_loop(None)
    assert outcomes == ["TimeoutError"] * 3


@pytest.fixture
def stepped_in_teardown(aloop: asyncio.AbstractEventLoop) -> Iterator[list[bool]]:
    """Whether a callback that Qt runs in the teardown found the test's loop running (checked
    as the fixtures end, after pytest-qt's teardown processed the events)."""
    found: list[bool] = []
    yield found
    assert found == [True], "the callback left for the teardown ran outside the loop"


def test_a_task_left_for_the_teardown_finds_its_loop(
    aloop: asyncio.AbstractEventLoop, stepped_in_teardown: list[bool]
) -> None:
    """A library's read loop still alive when the scenario ends (an Ably close that outlived
    the app's wait) is stepped by pytest-qt's teardown; the task it creates for the frame it
    read needs a running loop, else its coroutine is collected unawaited (a CI failure)."""

    async def frame() -> None:
        await asyncio.sleep(0)

    def read_loop_step() -> None:
        try:
            asyncio.get_running_loop().create_task(frame())
        except RuntimeError:
            stepped_in_teardown.append(False)
        else:
            stepped_in_teardown.append(True)

    aloop.call_soon(read_loop_step)  # not run by the test: only Qt's teardown pass steps it
