"""The asyncio event loop of the app and of `watch`: qasync over Qt's own loop, with a small
worker pool for the blocking calls (keyring, name lookups).

qasync's own default pool starts ten threads up front; two, started when first needed, are
plenty for a keyring read or a DNS lookup now and then, and idle threads cost memory.

qasync's `run_until_complete` lets Qt process the events left once more after the loop
stopped, and by then it has told asyncio no loop is running: a task stepped there (one
scheduled as the run ended) fails with "no running event loop" at its first `wait_for`, and
the coroutine it was handed is collected unawaited. `AppEventLoop` keeps itself the running
loop for that last pass.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import qasync
from PySide6.QtCore import QCoreApplication

IO_THREADS = 2


class AppEventLoop(qasync.QEventLoop):  # type: ignore[misc]  # qasync is untyped
    def run_forever(self) -> Any:
        try:
            return super().run_forever()
        finally:  # qasync's last pass over Qt's events follows, still for this loop
            asyncio.events._set_running_loop(self)

    def run_until_complete(self, future: Any) -> Any:
        try:
            return super().run_until_complete(future)
        finally:
            asyncio.events._set_running_loop(None)


def new_event_loop(app: QCoreApplication) -> AppEventLoop:
    loop = AppEventLoop(app)
    loop.set_default_executor(
        ThreadPoolExecutor(max_workers=IO_THREADS, thread_name_prefix="calls-notifier-io")
    )
    return loop
