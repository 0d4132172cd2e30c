"""The asyncio event loop of the app and of `watch`: qasync over Qt's own loop, with a small
worker pool for the blocking calls (keyring, name lookups).

qasync's own default pool starts ten threads up front; two, started when first needed, are
plenty for a keyring read or a DNS lookup now and then, and idle threads cost memory.

qasync runs its callbacks from Qt's timers, and Qt processes events outside the loop's own
run too: in qasync's `run_until_complete`, which lets Qt process the events left once more after
it has told asyncio no loop is running, and wherever Qt events are processed between runs (a
test framework's teardown). A task stepped there finds no running loop: its first `wait_for` or
`create_task` fails, and the coroutine it was handed is collected unawaited. `AppEventLoop`
makes itself the running loop for each of its callbacks, as asyncio's own loops are.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import qasync
from PySide6.QtCore import QCoreApplication

IO_THREADS = 2


class AppEventLoop(qasync.QEventLoop):  # type: ignore[misc]  # qasync is untyped
    def call_later(self, delay: float, callback: Any, *args: Any, context: Any = None) -> Any:
        # qasync's call_soon and call_at come here
        return super().call_later(delay, self._as_running, callback, *args, context=context)

    def _as_running(self, callback: Any, *args: Any) -> None:
        if asyncio.events._get_running_loop() is not None:
            callback(*args)
            return
        asyncio.events._set_running_loop(self)
        try:
            callback(*args)
        finally:
            asyncio.events._set_running_loop(None)


def new_event_loop(app: QCoreApplication) -> AppEventLoop:
    loop = AppEventLoop(app)
    loop.set_default_executor(
        ThreadPoolExecutor(max_workers=IO_THREADS, thread_name_prefix="calls-notifier-io")
    )
    return loop
