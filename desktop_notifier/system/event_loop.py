"""The asyncio event loop of the app and of `watch`: qasync over Qt's own loop, with a small
worker pool for the blocking calls (keyring, name lookups).

qasync's own default pool starts ten threads up front; two, started when first needed, are
plenty for a keyring read or a DNS lookup now and then, and idle threads cost memory.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import qasync
from PySide6.QtCore import QCoreApplication

IO_THREADS = 2


def new_event_loop(app: QCoreApplication) -> qasync.QEventLoop:
    loop = qasync.QEventLoop(app)
    loop.set_default_executor(
        ThreadPoolExecutor(max_workers=IO_THREADS, thread_name_prefix="calls-notifier-io")
    )
    return loop
