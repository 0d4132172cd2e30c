"""The app's event loop (system/event_loop.py): a task that Qt steps in qasync's last pass
over its events, after a run ended, still finds its loop running, so an `asyncio.wait_for` in
it works and nothing is collected unawaited (the unawaited `Event.wait` that failed a CI run)."""

from __future__ import annotations

import asyncio

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
